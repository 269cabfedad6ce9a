"""Rewards computed from the plant's running totals (``figures``) between two decisions.

takt sends ``figures`` with every request and with the end: running totals
since the start of the run (``jobs_completed``, ``lead_time_s``,
``changeovers``, ``jobs_started``), so the difference between two messages
is what happened in between.
"""

from typing import Callable, Mapping, Union

Figures = Mapping[str, float]
RewardFunction = Callable[[Figures, Figures], float]
RewardSpec = Union[str, Mapping[str, float], RewardFunction]


def _delta(previous: Figures, current: Figures, key: str) -> float:
    try:
        return float(current[key]) - float(previous[key])
    except KeyError:
        raise KeyError(f"takt's figures have no {key!r} (they have {sorted(current)})") from None


def throughput(previous: Figures, current: Figures) -> float:
    """Jobs completed in between."""
    return _delta(previous, current, "jobs_completed")


def lead_time(previous: Figures, current: Figures) -> float:
    """Minus the lead time of the jobs completed in between, in hours."""
    return -_delta(previous, current, "lead_time_s") / 3600.0


def changeovers(previous: Figures, current: Figures) -> float:
    """Minus the changeovers in between."""
    return -_delta(previous, current, "changeovers")


NAMED_REWARDS = {"throughput": throughput, "lead_time": lead_time, "changeovers": changeovers}


def make_reward(spec: RewardSpec) -> RewardFunction:
    """Turn a reward name, a dict of weights over names, or a callable into a reward function.

    The function takes the previous and the current figures and returns a float.
    """
    if callable(spec):
        return spec
    if isinstance(spec, str):
        return _named(spec)
    if isinstance(spec, Mapping):
        weighted = [(float(weight), _named(name)) for name, weight in spec.items()]
        if not weighted:
            raise ValueError("reward: the dict of weights is empty")
        return lambda previous, current: sum(w * f(previous, current) for w, f in weighted)
    raise TypeError(f"reward must be a name, a dict of weights or a callable, not {type(spec).__name__}")


def _named(name: str) -> RewardFunction:
    try:
        return NAMED_REWARDS[name]
    except KeyError:
        raise ValueError(f"unknown reward {name!r}: one of {', '.join(NAMED_REWARDS)}") from None
