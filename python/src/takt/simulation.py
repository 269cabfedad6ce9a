"""Run a plant from Python: ``takt.simulate`` runs ``takt run --json`` and returns its figures.

    import takt
    run = takt.simulate("Plants/examples/bottleneck.yaml", set={"stations.weld.buffer": 8},
                        replications=5, seed=1)
    run.mean("throughput_per_operating_hour"), run.half_width("throughput_per_operating_hour")

``set`` takes the key paths of an experiment variant's ``set:`` (``stations.weld.buffer``,
``fleets.amr.vehicles``, ``run.duration``); a value is YAML text (``"30s"``,
``"{dist: exponential, mean: 30s}"``) or a Python number, bool, list or dict. Runs at one
seed use the same random numbers (common random numbers), so two settings compared at one
seed differ by what the settings change, not by noise: what a search over settings (Optuna,
a grid) needs. Figures are named as in experiment files (``takt compare``'s ``figures:``).
"""

import json
import os
import subprocess
from dataclasses import dataclass
from typing import Mapping, Optional

from takt.arguments import duration_argument, seed_argument, timeout_seconds
from takt.binary import BinarySpec, find_takt
from takt.overrides import set_arguments


class TaktRunError(RuntimeError):
    """``takt run`` (or ``takt optimize``) failed: its exit status (2 bad input, 3 store, 4 model) and its message."""

    def __init__(self, status: int, message: str, command: str = "run"):
        super().__init__(f"takt {command} exited with {status}: {message.strip()}")
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Figure:
    """One figure over the replications: mean, 95% half-width, unit and direction.

    With one replication the half-width comes from batch means of the run, and is
    None for a quantile, or when the run's batches stayed correlated.
    """

    mean: float
    half_width: Optional[float]
    unit: str
    higher_is_better: bool


class RunResult:
    """What ``takt run --json`` printed: ``figures`` by name, and the whole summary as ``summary``."""

    def __init__(self, summary: dict):
        self.summary = summary
        self.figures = {
            name: Figure(entry["mean"], entry.get("mean_hw95"), entry["unit"], entry["better"] == "higher")
            for name, entry in summary.get("figures", {}).items()
        }

    def mean(self, figure: str) -> float:
        """The figure's mean over the replications; KeyError naming the figures there are."""
        return self._figure(figure).mean

    def half_width(self, figure: str) -> Optional[float]:
        """Half-width of the figure's 95% confidence interval (one replication: from its batch means; None when it has none)."""
        return self._figure(figure).half_width

    @property
    def plant_hash(self) -> str:
        """SHA-256 of the plant as run (its file, CSVs and the overrides)."""
        return self.summary["plant_hash"]

    def _figure(self, name: str) -> Figure:
        if name not in self.figures:
            raise KeyError(f"no figure {name!r} in this run; it has: {', '.join(sorted(self.figures))}")
        return self.figures[name]


def simulate(plant, *, set: Optional[Mapping[str, object]] = None, replications: Optional[int] = None,
             seed: Optional[int] = None, duration=None, warmup=None,
             threads: Optional[int] = None, db=None, binary: BinarySpec = None,
             timeout: Optional[float] = None) -> RunResult:
    """Run ``plant`` with ``takt run --json`` and return its figures.

    Without ``db`` nothing is stored (``--no-db``); with it, every replication is
    stored there as by ``takt run --db``. The binary is found from ``binary``,
    then the TAKT variable, then the PATH. Raises TaktRunError when takt fails
    (a bad override is exit 2 with the key path), subprocess.TimeoutExpired
    after ``timeout`` seconds.

    ``seed`` is an int in 0…2**63-1; ``duration`` (more than 0) and ``warmup`` (0 or more, or
    ``"auto"``) are seconds or takt durations (``"3d"``); ``timeout`` is seconds, more than 0.
    Other values raise ValueError or TypeError before takt runs.
    """
    arguments = [("--seed", None if seed is None else seed_argument(seed)),
                 ("--duration", None if duration is None else duration_argument(duration, "duration")),
                 ("--warmup", None if warmup is None else duration_argument(warmup, "warmup", positive=False, auto=True))]
    timeout = timeout_seconds(timeout, optional=True)
    command = find_takt(binary) + ["run", os.fspath(plant), "--json"]
    command += ["--no-db"] if db is None else ["--db", os.fspath(db)]
    for option, value in [("--replications", replications), *arguments, ("--threads", threads)]:
        if value is not None:
            command += [option, str(value)]
    command += set_arguments(set)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if completed.returncode != 0:
        raise TaktRunError(completed.returncode, completed.stderr)
    return RunResult(json.loads(completed.stdout))
