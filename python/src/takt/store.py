"""Read a Takt SQLite run store into pandas data frames.

Every replication is one row of ``runs``; its figures are rows of
``run_metrics`` (one per metric), its stations rows of ``station_stats``
(robots, fleets and worker pools of ``robot_stats``, ``fleet_stats`` and
``worker_stats``), its decision sites rows of ``decision_stats``, its hourly series and its
histograms rows of the views ``run_series`` and ``run_histograms``, a run of one
replication its figures' batch means rows of ``batch_means`` (the
docs/manual/output-and-store.md, "The run store", lists the columns). The store is opened read-only; pandas is needed
(``pip install ./python[pandas]``). ``search_points`` reads the points ``takt optimize``
searches visited.

    from takt import store
    figures = store.metrics("takt.sqlite")          # one row per run
    figures["throughput_per_hour"].describe()
"""

import json
import os
import sqlite3
from contextlib import contextmanager

#: Columns of ``runs`` copied next to station and decision rows, when the store has them.
RUN_KEYS = ("plant_name", "variant", "seed", "replication")


def runs(db):
    """The ``runs`` table: one row per replication, indexed by run id; with the ``experiment``'s name
    beside ``experiment_id`` (None for a run of ``takt run``) when the store has experiments."""
    pandas = _pandas()
    with _connection(db) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        present = {row[1] for row in connection.execute("PRAGMA table_info(runs)")}
        if "experiments" in tables and "experiment_id" in present:
            query = ("SELECT r.*, e.name AS experiment FROM runs r LEFT JOIN experiments e ON e.id = r.experiment_id "
                     "ORDER BY r.id")
        else:
            query = "SELECT * FROM runs ORDER BY id"
        return pandas.read_sql_query(query, connection, index_col="id")


def metrics(db, wide: bool = True):
    """Run metrics: one row per run and one column per metric (``wide``), else the long table.

    The long table has ``run_id``, ``name``, ``value`` and ``unit``; the wide
    one is indexed by run id, its columns named by metric. Read through the
    ``run_metrics`` view (one stored row per run, its figures a JSON array).
    """
    with _connection(db) as connection:
        long = _pandas().read_sql_query(
            "SELECT run_id, name, value, unit FROM run_metrics ORDER BY run_id, name", connection
        )
    if not wide:
        return long
    table = long.pivot(index="run_id", columns="name", values="value")
    table.columns.name = None
    return table


def stations(db):
    """Station statistics: one row per station and run, with the run's plant, variant, seed and replication."""
    return _with_run_keys(db, "station_stats", ("position",))


def robots(db):
    """Robot statistics of robot cells: one row per robot and run, with the run's plant, variant, seed and replication.

    Read through the ``robot_stats`` view (one stored row per run, its robots a JSON array).
    """
    return _with_run_keys(db, "robot_stats", ("position", "robot"))


def fleets(db):
    """Vehicle fleet statistics: one row per fleet and run, with the run's plant, variant, seed and replication."""
    return _with_run_keys(db, "fleet_stats", ("position",))


def worker_pools(db):
    """Worker pool statistics: one row per pool and run, with the run's plant, variant, seed and replication."""
    return _with_run_keys(db, "worker_stats", ("position",))


def decisions(db):
    """Decision-site statistics: one row per site and run, with the run's plant, variant, seed and replication."""
    return _with_run_keys(db, "decision_stats", ("position",))


def audit(db):
    """The decision audit trail, ``features`` and ``mask`` decoded into lists; ``teacher`` (the teacher's
    choice, when it was asked) as a nullable integer: ``<NA>`` where it was not."""
    table = _with_run_keys(db, "decision_audit", ("seq",))
    if "teacher" in table:
        table["teacher"] = table["teacher"].astype("Int64")
    table["features"] = table["features"].map(json.loads)
    table["mask"] = table["mask"].map(lambda text: [bool(flag) for flag in json.loads(text)])
    return table


def series(db):
    """Time series, one row per bin and run: ``series`` (``completed_per_shift_hour``), ``bin``, ``value``.

    Read through the ``run_series`` view (one stored row per series and run,
    its bins a JSON object), with the run's plant, variant, seed and replication.
    """
    return _with_run_keys(db, "run_series", ("series", "bin"))


def histograms(db):
    """Histograms, one row per non-empty bin and run: ``histogram`` (``lead_time``,
    ``interdeparture``), ``bin``, ``lower_s``, ``upper_s``, ``count``.

    The bins are the same for every run, so histograms of runs add bin by bin
    (``table.groupby(["histogram", "bin"])["count"].sum()``).
    """
    return _with_run_keys(db, "run_histograms", ("histogram", "bin"))


def batch_means(db):
    """Batch means of runs of one replication: one row per run and figure, ``station``
    (empty for a plant figure), ``figure``, ``half_width`` (95%; NaN when the batches
    stayed correlated), ``batches``, ``lag1``, with the run's plant, variant, seed and replication.

    ``takt run --replications 1`` cuts its measured window into periods and gives
    each mean figure a half-width from them; the value itself is in ``metrics``
    (plant figures) or ``stations`` (station figures).
    """
    return _with_run_keys(db, "batch_means", ("station", "figure"))


def search_points(db):
    """The points ``takt optimize`` searches visited: one row per point and search, in visit order.

    Columns: ``experiment`` (the selection's experiment name), ``experiment_id``,
    ``position`` (visit order), ``point`` (named as the selection's variants),
    one column per variable's key path (its value as YAML text), ``replications``,
    ``mean`` (the figure's sample mean in the search: optimistic for the best),
    ``rank``, ``failure``; with constraints on figures also one column per
    constrained figure (its sample mean, named by the figure) and
    ``keeps_constraints``. Stores written before constraints on figures
    (migration v23) have neither.
    """
    pandas = _pandas()
    with _connection(db) as connection:
        present = {row[1] for row in connection.execute("PRAGMA table_info(optimization_points)")}
        if not present:
            return pandas.DataFrame()
        table = pandas.read_sql_query(
            "SELECT e.name AS experiment, p.* FROM optimization_points p JOIN experiments e ON e.id = p.experiment_id "
            "ORDER BY p.experiment_id, p.position",
            connection,
        )
    values = pandas.DataFrame([json.loads(text) for text in table.pop("point_values")], index=table.index)
    parts = [table[["experiment", "experiment_id", "position", "point"]], values]
    rest = table[[c for c in ("replications", "mean", "rank", "failure") if c in table]]
    parts.append(rest)
    if "constraint_means" in table:
        means = table.pop("constraint_means")
        if means.notna().any():
            parts.append(pandas.DataFrame([json.loads(text) if text else {} for text in means], index=table.index))
            parts.append(table["keeps_constraints"].map(lambda flag: None if pandas.isna(flag) else bool(flag)))
    return pandas.concat(parts, axis=1)


def _with_run_keys(db, table: str, order: tuple):
    """Every row of ``table`` with its run's keys first, in run order, then by the columns ``order``."""
    with _connection(db) as connection:
        present = {row[1] for row in connection.execute("PRAGMA table_info(runs)")}
        keys = "".join(f"r.{key}, " for key in RUN_KEYS if key in present)
        ordering = ", ".join(f"t.{column}" for column in ("run_id", *order))
        return _pandas().read_sql_query(
            f"SELECT {keys}t.* FROM {table} t JOIN runs r ON r.id = t.run_id ORDER BY {ordering}",
            connection,
        )


@contextmanager
def _connection(db):
    """A read-only connection to the store at ``db`` (a path), or ``db`` itself if it is a connection."""
    if isinstance(db, sqlite3.Connection):
        yield db
        return
    path = os.fspath(db)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no run store at {path}")
    connection = sqlite3.connect(f"file:{_uri_path(path)}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def _uri_path(path: str) -> str:
    from urllib.parse import quote

    return quote(os.path.abspath(path))


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "takt.store needs pandas: pip install 'takt[pandas]' (or ./python[pandas] from the repository)"
        ) from None
    return pandas
