"""takt.fit against the real binary: a family found from drawn values, NaN skipped, refusals raised."""

import random

import pytest
from conftest import requires_takt

import takt


@requires_takt
def test_fit_names_the_family_the_values_came_from_and_its_plant_line():
    rng = random.Random(4)
    values = [rng.weibullvariate(120.0, 2.5) for _ in range(400)] + [float("nan"), None]
    result = takt.fit(values, unit="min", bootstrap=99, seed=2)
    assert result.document["count"] == 400
    assert result.best == "weibull"
    assert result.plant_file.startswith("{dist: weibull, shape: ") and result.plant_file.endswith("h}")
    weibull = result.candidate("weibull")
    assert weibull["fits"] and weibull["delta_aic"] == 0
    assert not result.candidate("exponential")["fits"]
    with pytest.raises(KeyError, match="no family 'weibul'"):
        result.candidate("weibul")


@requires_takt
def test_fit_raises_takt_s_message_when_it_refuses_the_data():
    with pytest.raises(takt.TaktRunError, match="too few") as refused:
        takt.fit([1, 2, 3])
    assert refused.value.status == 2
    with pytest.raises(takt.TaktRunError, match="unknown family"):
        takt.fit([1.0 + i for i in range(20)], families=["weibul"])


@requires_takt
def test_fit_with_shifted_families_finds_a_minimum_time():
    rng = random.Random(8)
    values = [round(45 + rng.lognormvariate(2.75, 0.7), 1) for _ in range(300)]
    result = takt.fit(values, shifted=True, bootstrap=49, seed=3)
    assert result.best.startswith("shifted-")
    assert ", shift: 4" in result.plant_file
    assert result.document["shifted_bootstrap"] == 49
    assert not takt.fit(values, bootstrap=49, seed=3).candidate("lognormal")["fits"]


@requires_takt
def test_fit_with_censored_values_counts_them_as_at_least_that_long():
    rng = random.Random(11)
    lives = [rng.weibullvariate(900.0, 2.0) for _ in range(300)]
    planned = [rng.uniform(400.0, 1500.0) for _ in range(300)]
    values = [min(life, plan) for life, plan in zip(lives, planned)]
    censored = [life > plan for life, plan in zip(lives, planned)]
    result = takt.fit(values, censored=censored, unit="h", families=["weibull", "exponential"], bootstrap=49)
    assert result.document["censored"] == sum(censored) > 50
    assert result.best == "weibull"
    shape = float(result.plant_file.split("shape: ")[1].split(",")[0])
    assert 1.7 < shape < 2.4
    # Counting the censored values as finished runs short.
    naive = takt.fit(values, unit="h", families=["weibull"], bootstrap=0)
    assert naive.candidate("weibull")["mean"] < 0.85 * result.candidate("weibull")["mean"]
    with pytest.raises(ValueError, match="one per value"):
        takt.fit(values, censored=censored[:-1])


@requires_takt
def test_fit_with_groups_tests_whether_they_may_be_pooled():
    rng = random.Random(12)
    stations = ["press, line 1", "press, line 2", "robot \"3\""]
    labels = [stations[i % 3] for i in range(150)]
    alike = takt.fit([rng.gammavariate(9, 7) for _ in labels], groups=labels, bootstrap=0)
    test = alike.document["kruskal_wallis"]
    assert test["groups"] == 3 and test["degrees_of_freedom"] == 2 and test["p"] > 0.01
    slower = takt.fit([rng.gammavariate(9, 7) * (1.4 if label == stations[2] else 1) for label in labels], groups=labels, bootstrap=0)
    assert slower.document["kruskal_wallis"]["p"] < 0.001
    with pytest.raises(ValueError, match="not both"):
        takt.fit([1.0] * 20, censored=[False] * 20, groups=["a"] * 20)


@requires_takt
def test_fit_events_fits_up_times_from_a_log_file_or_a_table():
    from pathlib import Path
    log = Path(__file__).resolve().parents[2] / "Plants" / "examples" / "observed" / "paint-robots.csv"
    from_file = takt.fit_events(log, time="failed_at", by="robot", downtime="repair_min", unit="min", until="2026-09-24",
                                families=["exponential"], bootstrap=0)
    assert from_file.document["censored"] == 47 and from_file.candidate("exponential")["fitted"]
    # The same log as a table: the same fit.
    import csv as csv_module
    with open(log, encoding="utf-8") as file:
        rows = list(csv_module.DictReader(file))
    table = {name: [row[name] for row in rows] for name in rows[0]}
    from_table = takt.fit_events(table, time="failed_at", by="robot", downtime="repair_min", unit="min", until="2026-09-24",
                                 families=["exponential"], bootstrap=0)
    assert from_table.candidate("exponential")["mean"] == from_file.candidate("exponential")["mean"]
    with pytest.raises(takt.TaktRunError, match="comes after --until"):
        takt.fit_events(log, time="failed_at", until="2026-09-01", bootstrap=0)
