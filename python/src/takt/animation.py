"""A replication played back in a browser or a notebook: ``takt.animate`` runs ``takt animate``.

    import takt
    page = takt.animate("Plants/xiaomi-ev.yaml", start="2d", length="2h", seed=7)
    page            # in Jupyter: the player, inline
    page.path       # the HTML file, to open in a browser

The page is the plant drawn with a lamp per server (its state) and a level in each buffer,
a player and a time line of every station; the run is the same as that replication of
``takt.simulate`` with the same plant, seed and ``set``.
"""

import html
import os
import subprocess
import tempfile
import warnings
from typing import Mapping, Optional

from takt.arguments import duration_argument, seed_argument, timeout_seconds
from takt.binary import BinarySpec, find_takt
from takt.overrides import set_arguments
from takt.simulation import TaktRunError


class Animation:
    """A page written by ``takt animate``: its ``path``, its ``html``, and why the run stopped early (``stopped``), if it did."""

    def __init__(self, path: str, stopped: Optional[str] = None):
        self.path = path
        self.stopped = stopped

    @property
    def html(self) -> str:
        """The page's text."""
        with open(self.path, encoding="utf-8") as file:
            return file.read()

    def _repr_html_(self) -> str:
        """The page in a notebook: an iframe holding it whole, so its player runs apart from the notebook."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width: 100%; height: 720px; border: 1px solid #ddd" '
                f'sandbox="allow-scripts" title="Takt animation"></iframe>')

    def __repr__(self) -> str:
        return f"Animation({self.path!r}" + (f", stopped={self.stopped!r})" if self.stopped else ")")


def animate(plant, out=None, *, set: Optional[Mapping[str, object]] = None, seed: Optional[int] = None,
            replication: int = 0, start=None, length=None,
            columns: Optional[int] = None, binary: BinarySpec = None, timeout: Optional[float] = None) -> Animation:
    """Play back ``length`` (default 8h) of replication ``replication`` of ``plant`` from ``start`` (simulated time).

    ``out`` is the HTML file to write (default: a new temporary file). ``start`` defaults to the end of
    the warm-up, or the next shift start after it. A run that stops inside the window (a deadlock)
    still gives its page, up to where it stopped, with a warning and the reason in ``stopped``; any other
    failure raises TaktRunError (2 bad input, 4 the run stopped before the window).

    ``seed`` is an int in 0…2**63-1; ``start`` (0 or more) and ``length`` (more than 0) are seconds
    or takt durations (``"2d"``); ``timeout`` is seconds, more than 0. Other values raise ValueError
    or TypeError before takt runs.
    """
    arguments = [("--seed", None if seed is None else seed_argument(seed)),
                 ("--from", None if start is None else duration_argument(start, "start", positive=False)),
                 ("--for", None if length is None else duration_argument(length, "length"))]
    timeout = timeout_seconds(timeout, optional=True)
    if out is None:
        handle, out = tempfile.mkstemp(prefix="takt-animation-", suffix=".html")
        os.close(handle)
        os.unlink(out)
    command = find_takt(binary) + ["animate", os.fspath(plant), "--out", os.fspath(out), "--replication", str(replication)]
    for option, value in [*arguments, ("--columns", columns)]:
        if value is not None:
            command += [option, str(value)]
    command += set_arguments(set)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if completed.returncode == 4 and os.path.exists(out):
        message = completed.stderr.strip()
        warnings.warn(f"takt animate: {message}", RuntimeWarning, stacklevel=2)
        return Animation(os.fspath(out), stopped=message)
    if completed.returncode != 0:
        raise TaktRunError(completed.returncode, completed.stderr, command="animate")
    return Animation(os.fspath(out))
