"""takt.store on a small hand-made store, and on one made by ``takt run`` when TAKT is set."""

import sqlite3
import subprocess
import sys

import pytest
from conftest import REPOSITORY, real_takt_binary, requires_takt

from takt import store

pandas = pytest.importorskip("pandas", reason="the store helpers need pandas: pip install ./python[pandas]")

SMALL_STORE = """
CREATE TABLE runs (id INTEGER PRIMARY KEY, plant_name TEXT, seed INTEGER, replication INTEGER, variant TEXT);
CREATE TABLE run_metrics (run_id INTEGER, name TEXT, value REAL, unit TEXT, PRIMARY KEY (run_id, name));
CREATE TABLE station_stats (run_id INTEGER, position INTEGER, station TEXT, jobs INTEGER);
CREATE TABLE decision_stats (run_id INTEGER, position INTEGER, point TEXT, at TEXT, rule TEXT, decisions INTEGER);
CREATE TABLE decision_audit (run_id INTEGER, seq INTEGER, point TEXT, features TEXT, mask TEXT, chosen INTEGER);
INSERT INTO runs VALUES (1, 'line', 7, 0, NULL), (2, 'line', 7, 1, 'faster');
INSERT INTO run_metrics VALUES (1, 'jobs_completed', 10, 'jobs'), (1, 'lead_time_mean', 120.5, 's'),
                               (2, 'jobs_completed', 12, 'jobs'), (2, 'lead_time_mean', 99.0, 's');
INSERT INTO station_stats VALUES (2, 1, 'paint', 12), (1, 0, 'weld', 10), (1, 1, 'paint', 10), (2, 0, 'weld', 12);
INSERT INTO decision_stats VALUES (1, 0, 'pick', 'paint', 'oracle', 40);
INSERT INTO decision_audit VALUES (1, 0, 'pick', '[0.5, 1]', '[1, 0]', 0);
"""


@pytest.fixture
def small_store(tmp_path):
    path = tmp_path / "small.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript(SMALL_STORE)
    connection.close()
    return path


def test_runs_are_indexed_by_id(small_store):
    table = store.runs(small_store)
    assert list(table.index) == [1, 2]
    assert list(table["replication"]) == [0, 1]


def test_metrics_wide_has_one_row_per_run_and_one_column_per_metric(small_store):
    wide = store.metrics(small_store)
    assert list(wide.index) == [1, 2] and sorted(wide.columns) == ["jobs_completed", "lead_time_mean"]
    assert wide.loc[2, "jobs_completed"] == 12 and wide.loc[1, "lead_time_mean"] == 120.5
    long = store.metrics(small_store, wide=False)
    assert list(long.columns) == ["run_id", "name", "value", "unit"] and len(long) == 4


def test_stations_and_decisions_carry_the_run_keys_in_run_and_position_order(small_store):
    table = store.stations(small_store)
    assert list(zip(table["run_id"], table["station"])) == [(1, "weld"), (1, "paint"), (2, "weld"), (2, "paint")]
    assert list(table["variant"].fillna("-")) == ["-", "-", "faster", "faster"]
    decisions = store.decisions(small_store)
    assert decisions.loc[0, "rule"] == "oracle" and decisions.loc[0, "seed"] == 7


def test_audit_decodes_features_and_masks(small_store):
    row = store.audit(small_store).iloc[0]
    assert row["features"] == [0.5, 1] and row["mask"] == [True, False]


def test_a_connection_may_be_passed(small_store):
    with sqlite3.connect(small_store) as connection:
        assert len(store.runs(connection)) == 2


def test_a_missing_store_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.sqlite"):
        store.runs(tmp_path / "nowhere.sqlite")
    assert not (tmp_path / "nowhere.sqlite").exists()


def test_without_pandas_the_message_says_how_to_install_it():
    code = ("import sys; sys.modules['pandas'] = None\n"
            "from takt import store\n"
            "try: store.runs(sys.argv[1])\n"
            "except ImportError as error: print(error)")
    done = subprocess.run([sys.executable, "-c", code, __file__], capture_output=True, text=True, check=True)
    assert "takt[pandas]" in done.stdout


@pytest.fixture(scope="module")
def takt_store(tmp_path_factory):
    """A store of two one-day replications of colour batching with the pick oracle, 5 % audited."""
    folder = tmp_path_factory.mktemp("store")
    plant = (REPOSITORY / "Plants" / "examples" / "colour-batching.yaml").read_text()
    assert "pick: batch" in plant
    (folder / "plant.yaml").write_text(plant.replace("pick: batch", "pick: oracle"))
    database = folder / "runs.sqlite"
    subprocess.run([real_takt_binary(), "run", str(folder / "plant.yaml"), "--duration", "1d", "--warmup", "2h",
                    "--replications", "2", "--audit-rate", "0.05", "--db", str(database)],
                   check=True, capture_output=True, timeout=120)
    return database


@requires_takt
def test_a_takt_store_reads_consistently(takt_store):
    runs = store.runs(takt_store)
    assert sorted(runs["replication"]) == [0, 1] and set(runs["plant_name"]) == {"colour-batching"}
    assert runs["experiment"].isna().all()  # runs of takt run belong to no experiment
    figures = store.metrics(takt_store)
    assert list(figures.index) == sorted(runs.index)
    assert {"jobs_completed", "throughput_per_hour", "lead_time_mean"} <= set(figures.columns)
    stations = store.stations(takt_store).set_index("run_id")
    assert (stations["station"] == "paint-booth").all()
    assert (stations["jobs"] == figures["jobs_completed"]).all()  # one station: every completed job passed it


@requires_takt
def test_a_takt_store_has_its_decisions_and_their_audit(takt_store):
    decisions = store.decisions(takt_store)
    assert list(decisions["point"]) == ["pick", "pick"] and set(decisions["rule"]) == {"oracle"}
    assert (decisions["decisions"] > 100).all()
    audit = store.audit(takt_store)
    assert 0 < len(audit) < decisions["decisions"].sum()
    assert str(audit["teacher"].dtype) == "Int64"  # whole numbers, <NA> where the teacher was not asked
    assert all(mask[chosen] for mask, chosen in zip(audit["mask"], audit["chosen"]))
    assert set(audit["features"].map(len)) == {32}


@requires_takt
def test_a_takt_store_has_series_and_histograms_that_add_up_to_its_figures(takt_store):
    figures = store.metrics(takt_store)
    series = store.series(takt_store)
    assert set(series["series"]) == {"completed_per_shift_hour"}
    assert (series.groupby("run_id")["value"].sum() == figures["jobs_completed"]).all()
    histograms = store.histograms(takt_store)
    lead = histograms[histograms["histogram"] == "lead_time"]
    assert (lead.groupby("run_id")["count"].sum() == figures["jobs_completed"]).all()
    assert (lead["lower_s"] < lead["upper_s"].fillna(float("inf"))).all()


def two_days_twice(example, folder):
    """The store of two 2-day replications (2 h warm-up) of example plant ``example``."""
    database = folder / "store.sqlite"
    subprocess.run([real_takt_binary(), "run", str(REPOSITORY / "Plants" / "examples" / example), "--duration", "2d",
                    "--warmup", "2h", "--replications", "2", "--db", str(database)], check=True, capture_output=True, timeout=120)
    return database


@requires_takt
def test_a_takt_store_has_its_worker_pools_and_their_stations(tmp_path):
    database = two_days_twice("workers.yaml", tmp_path)
    pools = store.worker_pools(database)
    assert list(pools["pool"]) == ["fitters", "inspectors", "technicians"] * 2
    assert (pools[pools["pool"] == "technicians"]["repairs"] > 0).all()
    assert ((pools["utilization"] > 0) & (pools["utilization"] <= 1)).all()
    stations = store.stations(database)
    shares = stations[["working", "starved", "blocked", "failed", "off_shift", "waiting_worker"]].sum(axis=1)
    assert ((shares - 1).abs() < 1e-9).all()
    # The fitters' busy time is the staffed stations' working time times the fitters each job needs
    # (while a station waits for its repair and is repaired, its fitters go back to the pool).
    need = {"trim": 1, "glazing": 2, "wheels": 1}
    fitting = stations[stations["station"].isin(need)]
    busy = (fitting["working"] * fitting["servers"] * fitting["station"].map(need)).groupby(fitting["run_id"]).sum()
    fitters = pools[pools["pool"] == "fitters"].set_index("run_id")
    assert ((fitters["utilization"] * fitters["workers"] - busy).abs() < 1e-6).all()


@requires_takt
def test_a_takt_store_has_its_robots_with_their_station_figures(tmp_path):
    database = two_days_twice("robot-cell.yaml", tmp_path)
    robots = store.robots(database)
    assert len(robots) > 0 and set(robots["replication"]) == {0, 1}
    assert robots["failures"].dtype.kind == "i" and robots["failed"].dtype.kind == "f"
    assert ((robots["failed"] >= 0) & (robots["failed"] <= 1)).all()
    # Each run's robots are those of its robot cells, in plant order.
    stations = store.stations(database).set_index(["run_id", "position"])["station"]
    assert (robots.set_index(["run_id", "position"]).index.map(stations) == robots["station"]).all()
    assert robots.groupby("run_id")["robot"].apply(tuple).nunique() == 1


@requires_takt
def test_a_takt_store_has_its_search_points_with_their_constraints(tmp_path):
    database = tmp_path / "search.sqlite"
    experiment = tmp_path / "stands.yaml"
    experiment.write_text("experiment: stands\nplant: " + str(REPOSITORY / "Plants" / "examples" / "test-bay.yaml") + """
run: {duration: 30d, warmup: 2d}
optimize:
  figure: cost_per_hour
  variables: {stations.test.servers: {min: 5, max: 9}}
  constraints: [{figure: lead_time_mean, at_most: 65min, tolerance: 2min}]
  budget: 40
  candidates: 2
  select: {indifference: 1, first_stage: 5}
""")
    subprocess.run([real_takt_binary(), "optimize", str(experiment), "--db", str(database)], check=True, capture_output=True, timeout=300)
    points = store.search_points(database)
    assert {"experiment", "point", "stations.test.servers", "mean", "rank", "lead_time_mean", "keeps_constraints"} <= set(points.columns)
    assert (points["experiment"] == "stands").all() and list(points["position"]) == list(range(len(points)))
    assert set(store.runs(database)["experiment"]) == {"stands"}  # the search's replications, named by their experiment
    # By Erlang's formula a car spends 93.2 min in the bay with 5 stands, 68.5 with 6 and at most 62.7 with 7 or more.
    run = points[points["replications"] > 0]
    assert (run["keeps_constraints"] == (run["stations.test.servers"].astype(int) >= 7)).all()
    best = points[points["rank"] == 1].iloc[0]
    assert best["stations.test.servers"] == "7" and best["keeps_constraints"] and best["lead_time_mean"] < 65 * 60


@requires_takt
def test_a_run_of_one_replication_has_batch_means_that_bracket_its_figures(tmp_path):
    database = tmp_path / "one.sqlite"
    subprocess.run([real_takt_binary(), "run", str(REPOSITORY / "Plants" / "validation" / "mm1.yaml"), "--duration", "30d",
                    "--replications", "1", "--db", str(database)], check=True, capture_output=True, timeout=120)
    means = store.batch_means(database)
    plant = means[means["station"] == ""].set_index("figure")
    lead = plant.loc["lead_time_mean"]
    assert lead["batches"] >= 10 and 0 < lead["half_width"] < 0.2 * store.metrics(database)["lead_time_mean"].iloc[0]
    assert {"throughput_per_hour", "work_in_process", "jobs_completed"} <= set(plant.index)
    assert "lead_time_p95" not in plant.index  # a quantile has no batch basis
    assert set(means.loc[means["station"] != "", "station"]) == {"server"}
