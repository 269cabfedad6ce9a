"""Optimize plant settings from Python: ``takt.optimize`` runs ``takt optimize --json`` on an experiment file.

    import takt
    result = takt.optimize("Plants/experiments/optimize-buffers.yaml")
    result.selected           # 'form.buffer=6 weld.buffer=14 coat.buffer=3 check.buffer=1'
    result.selected_values    # {'stations.form.buffer': 6, 'stations.weld.buffer': 14, ...}
    result.status             # 'selected' (or 'undecided' when max_replications came first)

The experiment's ``optimize:`` block names the variables, constraints, figure and budget; the
search (COMPASS) and the selection of the best among the best points found (Kim and Nelson, on
fresh random numbers) run in the binary. ``result.points`` lists every point the search
visited with its values, replications and sample mean (optimistic for the best ones: the
selection's means, ``result.means``, are not).
"""

import json
import os
import subprocess
from typing import Dict, List, Optional, Union

from takt.arguments import timeout_seconds
from takt.binary import BinarySpec, find_takt
from takt.simulation import TaktRunError


class OptimizationResult:
    """What ``takt optimize --json`` printed: the ``search`` and the ``comparison`` (with its ``selection``)."""

    def __init__(self, output: dict):
        self.search = output["search"]
        self.comparison = output["comparison"]
        self.selection = self.comparison["selection"]

    @property
    def status(self) -> str:
        """``selected``; ``undecided`` when the selection reached its most replications with several left; ``none feasible``
        when, with constraints on figures, no candidate keeps them."""
        return self.selection["status"]

    @property
    def selected(self) -> Optional[str]:
        """The selected point's name (``label=value`` pairs), None if undecided."""
        return self.selection.get("selected")

    @property
    def selected_values(self) -> Optional[Dict[str, Union[int, float, str]]]:
        """The selected point's value of every variable, by key path: a number for a variable whose values are all
        numbers, else the value as YAML text (a distribution, a rule); None if undecided."""
        point = next((p for p in self.search["points"] if p["name"] == self.selected), None)
        return None if point is None else dict(point["values"])

    @property
    def points(self) -> List[dict]:
        """Every point visited: ``name``, ``values`` by key path, ``replications``, ``mean``, ``rank`` or ``failure``; with
        constraints on figures also ``constraint_means`` (figure → sample mean) and ``keeps_constraints``."""
        return list(self.search["points"])

    @property
    def means(self) -> Dict[str, float]:
        """Each candidate's mean of the figure in the selection (fresh random numbers: not biased by the search)."""
        figure = self.search["figure"]
        return {v["name"]: v[figure] for v in self.comparison["variants"] if figure in v}


def optimize(experiment, *, threads: Optional[int] = None, db=None, binary: BinarySpec = None,
             timeout: Optional[float] = None) -> OptimizationResult:
    """Run ``takt optimize --json`` on the experiment file and return the search and the selection.

    Without ``db`` nothing is stored (``--no-db``); with it, the selection's replications are
    stored there under the experiment's name. Raises TaktRunError when takt fails (a bad
    ``optimize:`` block is exit 2 with file:line:column), subprocess.TimeoutExpired after
    ``timeout`` seconds.
    """
    timeout = timeout_seconds(timeout, optional=True)
    command = find_takt(binary) + ["optimize", os.fspath(experiment), "--json"]
    command += ["--no-db"] if db is None else ["--db", os.fspath(db)]
    if threads is not None:
        command += ["--threads", str(threads)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if completed.returncode != 0:
        raise TaktRunError(completed.returncode, completed.stderr, command="optimize")
    return OptimizationResult(json.loads(completed.stdout))
