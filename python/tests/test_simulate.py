"""takt.simulate against the real binary, and the buffer-allocation example (Optuna, then a selection of the best)."""

import importlib.util
import sys

import pytest
from conftest import EXAMPLES, REPOSITORY, real_takt_binary, requires_takt

import takt
from takt.overrides import set_arguments, yaml_text

MM1 = REPOSITORY / "Plants" / "validation" / "mm1.yaml"


def test_values_become_yaml_text():
    assert yaml_text("30s") == "30s"
    assert yaml_text(8) == "8"
    assert yaml_text(True) == "true"
    assert yaml_text({"dist": "exponential", "mean": "30s"}) == '{"dist": "exponential", "mean": "30s"}'
    assert yaml_text([1, 2]) == "[1, 2]"
    assert set_arguments({"a.b": 1, "c": "2h"}) == ["--set", "a.b=1", "--set", "c=2h"]
    assert set_arguments(None) == []


@requires_takt
def test_simulate_applies_overrides_and_names_figures_as_experiments_do():
    base = takt.simulate(MM1, replications=3, duration="3d", seed=7)
    faster = takt.simulate(MM1, replications=3, duration="3d", seed=7,
                           set={"stations.server.process": {"dist": "exponential", "mean": "30s"}})
    assert faster.plant_hash != base.plant_hash
    assert faster.mean("lead_time_mean") < 0.7 * base.mean("lead_time_mean")
    assert base.half_width("lead_time_mean") > 0
    assert base.figures["throughput_per_hour"].unit == "jobs/h" and base.figures["throughput_per_hour"].higher_is_better
    assert base.mean("lead_time_mean") == base.summary["lead_time_s"]["mean"]
    with pytest.raises(KeyError, match="no figure 'troughput'.*throughput_per_hour"):
        base.mean("troughput")


@requires_takt
def test_one_long_replication_has_its_warm_up_chosen_and_half_widths_from_batch_means():
    run = takt.simulate(MM1, replications=1, duration="40d", warmup="auto", seed=3)
    assert run.summary["warmup_rule"].startswith("MSER-5")
    lead = run.half_width("lead_time_mean")
    assert lead is not None and 0 < lead < 0.2 * run.mean("lead_time_mean")
    assert run.half_width("lead_time_p95") is None  # a quantile: none from one replication
    assert run.summary["batch_means"]["figures"]["lead_time_mean"]["batches"] >= 10


@requires_takt
def test_simulate_raises_with_takt_s_message_on_a_bad_override():
    with pytest.raises(takt.TaktRunError) as raised:
        takt.simulate(MM1, set={"stations.server.bufer": 4})
    assert raised.value.status == 2
    assert "--set:1:23: stations.server.bufer: unknown key 'bufer'" in raised.value.message


def load_example():
    path = EXAMPLES / "buffer_allocation" / "optimize.py"
    spec = importlib.util.spec_from_file_location("buffer_allocation", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_splits_add_up_to_the_places():
    pytest.importorskip("optuna")
    split = load_example().split
    assert split([1, 1, 1, 1], 24) == [6, 6, 6, 6]
    assert split([0.5, 0.25, 0.25, 0], 10) == [5, 3, 2, 0]
    assert split([0, 0, 0, 0], 7) == [2, 2, 2, 1]
    assert all(sum(split(w, 24)) == 24 for w in ([0.1, 0.7, 0.3, 0.05], [1, 0, 0, 0], [0.33, 0.33, 0.33, 0.01]))


@requires_takt
def test_buffer_allocation_searches_then_selects_with_a_guarantee():
    pytest.importorskip("optuna")
    example = load_example()
    study, splits, selection = example.optimize(trials=8, replications=3, candidates=3, duration="4d", binary=real_takt_binary())
    # The even split is the first trial and every trial sees the same random numbers: the search never ends below it.
    assert study.trials[0].user_attrs["counts"] == [6, 6, 6, 6]
    assert study.best_value >= study.trials[0].value
    assert 1 <= len(splits) <= 3 and all(sum(s) == 24 for s in splits)
    assert splits[0] == study.best_trial.user_attrs["counts"]
    assert selection["status"] == "selected"
    names = ["-".join(map(str, s)) for s in splits]
    assert selection["selected"] in names
    assert [v["name"] for v in selection["variants"]] == names
    assert all(v["replications"] >= 10 for v in selection["variants"])


@requires_takt
def test_decision_env_passes_overrides_to_takt_env():
    from conftest import REAL_SITE

    env = takt.DecisionEnv(**REAL_SITE, binary=real_takt_binary(), set={"stations.paint-booth.buffer": 3})
    assert env.command(1)[-2:] == ["--set", "stations.paint-booth.buffer=3"]
    observation, info = env.reset(seed=1)
    assert observation.shape == env.observation_space.shape
    env.close()
    with pytest.raises(takt.TaktProcessError, match="unknown key 'bufer'"):
        takt.DecisionEnv(**REAL_SITE, binary=real_takt_binary(), set={"stations.paint-booth.bufer": 3})


@requires_takt
def test_optimize_runs_the_search_and_the_selection(tmp_path):
    experiment = tmp_path / "optimize.yaml"
    experiment.write_text("experiment: faster-server\nplant: " + str(MM1) + """
run: {duration: 2d, warmup: 6h}
optimize:
  figure: lead_time_mean
  variables:
    stations.server.process: {values: [{dist: exponential, mean: 48s}, {dist: exponential, mean: 36s}]}
  budget: 40
  candidates: 2
  select: {indifference: 5, first_stage: 5}
""")
    result = takt.optimize(experiment, binary=real_takt_binary(), threads=2)
    assert result.status == "selected"
    assert result.selected == "process={dist: exponential, mean: 36s}"
    assert result.selected_values == {"stations.server.process": "{dist: exponential, mean: 36s}"}
    assert len(result.points) == 2 and {p["rank"] for p in result.points} == {1, 2}
    assert result.means[result.selected] < result.means["process={dist: exponential, mean: 48s}"]
    with pytest.raises(takt.TaktRunError) as raised:
        takt.optimize(REPOSITORY / "Plants" / "experiments" / "faster-server.yaml", binary=real_takt_binary())
    assert raised.value.status == 2 and "no optimize: block" in raised.value.message
