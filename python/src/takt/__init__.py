"""Takt from Python: a Gymnasium environment, policy processes and run-store readers.

- ``takt.DecisionEnv``: one decision site of a plant as a ``gymnasium.Env``,
  driven over the takt-policy protocol by ``takt env``; ``takt.SeedEachEpisode``
  gives each of its episodes a new seed.
- ``takt.serve``: the loop of a policy *process* that a plant file names with
  ``policy: {command: [...]}`` (standard library only).
- ``takt.store``: the SQLite run store read into pandas data frames.
- ``takt.simulate``: a plant run by ``takt run --json``, with overrides
  (``set={"stations.weld.buffer": 8}``), its figures by name.
- ``takt.optimize``: an experiment's ``optimize:`` search and selection by
  ``takt optimize --json``.
- ``takt.fit`` and ``takt.fit_events``: distributions fitted to observed durations, or to the
  times between (or up-times after repairs between) a log's events, by ``takt fit --json``,
  the best as the line a plant file takes.
- ``takt.animate``: a replication played back by ``takt animate``, as an HTML page
  (inline in a notebook).

Names are imported on first use, so ``from takt import serve`` loads neither
numpy nor gymnasium.
"""

import importlib

__version__ = "0.1.0"

__all__ = ["Animation", "DecisionEnv", "FitResult", "OptimizationResult", "RunResult", "SeedEachEpisode", "TaktProcessError", "TaktRunError", "TaktTimeoutError", "optimize", "serve", "simulate", "store", "fit", "fit_events", "animate"]

_LAZY = {
    "DecisionEnv": ("takt.env", "DecisionEnv"),
    "SeedEachEpisode": ("takt.wrappers", "SeedEachEpisode"),
    "TaktProcessError": ("takt.process", "TaktProcessError"),
    "TaktTimeoutError": ("takt.process", "TaktTimeoutError"),
    "serve": ("takt.policy_process", "serve"),
    "simulate": ("takt.simulation", "simulate"),
    "optimize": ("takt.optimization", "optimize"),
    "OptimizationResult": ("takt.optimization", "OptimizationResult"),
    "RunResult": ("takt.simulation", "RunResult"),
    "TaktRunError": ("takt.simulation", "TaktRunError"),
    "store": ("takt.store", None),
    "fit": ("takt.fitting", "fit"),
    "fit_events": ("takt.fitting", "fit_events"),
    "FitResult": ("takt.fitting", "FitResult"),
    "animate": ("takt.animation", "animate"),
    "Animation": ("takt.animation", "Animation"),
}


def __getattr__(name):
    """Import a public name on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'takt' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
