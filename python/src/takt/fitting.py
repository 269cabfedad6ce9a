"""Fit distributions to observed durations from Python: ``takt.fit`` runs ``takt fit --json``.

    import pandas as pd, takt
    repairs = pd.read_csv("repairs.csv")["repair_min"]
    result = takt.fit(repairs, unit="min")
    result.best, result.plant_file        # 'lognormal', '{dist: lognormal, mean: 19.37min, cv: 0.5992}'
    pd.DataFrame(result.candidates)       # every family: AIC, KS and AD statistics, bootstrap p-values

Values are any iterable of numbers (a list, a numpy array, a pandas Series); None and NaN
are skipped, as empty cells are. Durations cut off before they ended (a repair still running
when the log was closed, a part replaced before it failed) are passed as ``censored``, one
truth value per value: the fit counts each as at least that long.

    lives = pd.read_csv("Plants/examples/observed/gripper-life.csv")
    takt.fit(lives["life_h"], censored=lives["replaced_early"] == 1, unit="h").best   # 'weibull'
 The fit is Takt's own (see the manual's chapter *Input
data*): the families a plant file writes, ranked by AIC, tested by bootstrap p-values that
hold for rounded data.
"""

import csv
import json
import math
import os
import subprocess
import tempfile
from typing import Iterable, Optional, Sequence

from takt.arguments import seed_argument, timeout_seconds
from takt.binary import BinarySpec, find_takt
from takt.simulation import TaktRunError


class FitResult:
    """What ``takt fit --json`` printed: the best family, its plant-file line, every candidate, and the whole document."""

    def __init__(self, document: dict):
        self.document = document
        #: The best family the Anderson–Darling test keeps, or None when it rejects them all.
        self.best: Optional[str] = document.get("best")
        #: The line a plant file takes: the best family, or the data's empirical distribution.
        self.plant_file: Optional[str] = document.get("best_plant_file")
        #: One dict per family, best first: family, plant_file, aic, delta_aic, ks, ks_p, ad, ad_p, fits, ...
        self.candidates: list = document["candidates"]

    def candidate(self, family: str) -> dict:
        """The candidate of ``family``; KeyError naming the families fitted."""
        for candidate in self.candidates:
            if candidate["family"] == family:
                return candidate
        raise KeyError(f"no family {family!r} in this fit; it has: {', '.join(c['family'] for c in self.candidates)}")


def fit(values: Iterable[float], *, unit: str = "s", families: Optional[Sequence[str]] = None,
        shifted: bool = False, censored: Optional[Iterable[bool]] = None, groups: Optional[Iterable] = None, bootstrap: Optional[int] = None, seed: Optional[int] = None,
        alpha: Optional[float] = None, binary: BinarySpec = None, timeout: Optional[float] = None) -> FitResult:
    """Fit distribution families to ``values`` (durations in ``unit``) with ``takt fit --json``.

    ``shifted=True`` also fits the exponential, lognormal, gamma and Weibull families moved up by
    a fitted shift (a minimum time), written with ``shift:`` in a plant file. ``censored``, one
    truth value per value, marks durations that lasted at least their value (right-censored).
    ``groups``, one label per value (each value's robot or station), adds a Kruskal–Wallis test of
    whether the groups may be pooled: ``result.document["kruskal_wallis"]``.

    Raises TaktRunError (status 2) when takt refuses the data (fewer than 10 values, a
    negative one) or an option, subprocess.TimeoutExpired after ``timeout`` seconds.
    """
    values = list(values)
    if censored is not None and groups is not None:
        raise ValueError("give censored or groups, not both: the test of groups does not take censored values")
    second = None  # the second column: censoring flags or group labels, one per value
    if censored is not None:
        second = ("censored", ["1" if flag else "0" for flag in censored])
    elif groups is not None:
        second = ("group", [_csv_cell(label) for label in groups])
    if second is not None and len(second[1]) != len(values):
        raise ValueError(f"{second[0]} has {len(second[1])} entries for {len(values)} values: give one per value")
    rows = []
    for i, value in enumerate(values):
        try:
            number = float(value)
        except TypeError:  # None, pandas.NA: a missing value
            continue
        if not math.isnan(number):
            rows.append(repr(number) + ("" if second is None else "," + second[1][i]))
    with tempfile.TemporaryDirectory(prefix="takt-fit-") as folder:
        path = os.path.join(folder, "values.csv" if second is not None else "values.txt")
        with open(path, "w", encoding="utf-8") as file:
            file.write(("" if second is None else f"value,{second[0]}\n") + "\n".join(rows) + "\n")
        options = ["--unit", unit]
        if second is not None:
            options += ["--column", "value", "--censored" if censored is not None else "--by", second[0]]
        return _run_fit(path, options, families, shifted, bootstrap, seed, alpha, binary, timeout)


def fit_events(events, *, time: str, by: Optional[str] = None, downtime: Optional[str] = None, until=None, unit: str = "s",
               families: Optional[Sequence[str]] = None, shifted: bool = False, bootstrap: Optional[int] = None,
               seed: Optional[int] = None, alpha: Optional[float] = None, binary: BinarySpec = None,
               timeout: Optional[float] = None) -> FitResult:
    """Fit distribution families to the times between a log's events with ``takt fit --between --json``.

    ``events`` is a CSV file's path, or a table (a pandas DataFrame, or a dict of equally long column
    lists) with a column ``time`` of date-times (``2026-09-07T06:12``) or numbers in ``unit``.
    ``by`` names the column whose value groups the events (each robot's failures), ``downtime`` a
    column of each event's repair time in ``unit`` (the times fitted are then the up-times from the
    end of each repair to the next failure), ``until`` when the log ends (a date-time string, a
    ``datetime``, or a number in ``unit``): each group's time from its last event to it counts as
    censored, at least that long.

        result = takt.fit_events("Plants/examples/observed/paint-robots.csv", time="failed_at", by="robot",
                                 downtime="repair_min", unit="min", until="2026-09-24")
        result.plant_file   # '{dist: exponential, mean: 3.338d}'
    """
    options = ["--between", time, "--unit", unit]
    for option, value in (("--by", by), ("--downtime", downtime)):
        if value is not None:
            options += [option, value]
    if until is not None:
        options += ["--until", until.isoformat() if hasattr(until, "isoformat") else str(until)]
    if isinstance(events, (str, os.PathLike)):
        return _run_fit(os.fspath(events), options, families, shifted, bootstrap, seed, alpha, binary, timeout)
    with tempfile.TemporaryDirectory(prefix="takt-fit-") as folder:
        path = os.path.join(folder, "events.csv")
        if hasattr(events, "to_csv"):
            events.to_csv(path, index=False)
        else:
            columns = list(events)
            lengths = {len(events[name]) for name in columns}
            if len(lengths) > 1:
                raise ValueError(f"the columns of events have different lengths: {sorted(lengths)}")
            with open(path, "w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(columns)
                writer.writerows(zip(*(events[name] for name in columns)))
        return _run_fit(path, options, families, shifted, bootstrap, seed, alpha, binary, timeout)


def _run_fit(path: str, options: list, families, shifted, bootstrap, seed, alpha, binary, timeout) -> FitResult:
    """``takt fit PATH --json`` with ``options`` and the options every fit shares; TaktRunError when it fails."""
    seed = None if seed is None else seed_argument(seed)
    timeout = timeout_seconds(timeout, optional=True)
    command = find_takt(binary) + ["fit", path, "--json"] + options
    if families:
        command += ["--families", *families]
    if shifted:
        command.append("--shifted")
    for option, value in (("--bootstrap", bootstrap), ("--seed", seed), ("--alpha", alpha)):
        if value is not None:
            command += [option, str(value)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if completed.returncode != 0:
        raise TaktRunError(completed.returncode, completed.stderr, command="fit")
    return FitResult(json.loads(completed.stdout))


def _csv_cell(label) -> str:
    """A group label as one CSV cell: quoted when it holds a comma, a quote or a line break."""
    text = str(label)
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text
