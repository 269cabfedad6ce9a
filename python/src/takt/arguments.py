"""Checks of the values the package puts on takt's command lines: seeds, durations, timeouts.

Every entry point that builds a takt command line (``DecisionEnv``, ``simulate``, ``animate``,
``fit``) checks its arguments here, before takt runs, so a bad value raises a ValueError or a
TypeError naming the argument and what it accepts, instead of an error from takt's option parser
(``--seed -1`` is read as an option, not a value) or a value passed as the wrong text
(``--duration True``). The rules are takt's own:

- a seed is an int (or a NumPy integer) in 0…2**63-1, as a plant file's ``run: seed``; a bool is refused;
- a duration is a number of seconds (an int or a float, finite; a bool is refused) or takt's
  duration text, a number and a unit (``"8h"``, ``"90s"``, ``"1.5d"``; units µs, us, ms, s, min,
  h, d, w; a bare ``0`` needs none), at most 1e11 s (about 3,000 years); a run's duration is
  more than 0, a warm-up or a start time 0 or more;
- a timeout is a number of seconds greater than 0.
"""

import math
import numbers
from typing import Optional

#: The largest seed: a plant file's ``run: seed`` and ``takt run --seed`` take 0…2**63-1.
MAX_SEED = 2**63 - 1
#: takt's longest duration, in seconds (DurationText.seconds).
MAX_DURATION_S = 1e11
#: takt's duration units and their length in seconds (DurationText.units).
DURATION_UNITS = {"µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}

_DURATION_TEXT = "a number of seconds or a duration such as '90s', '8h' or '1.5d' (units: " + ", ".join(DURATION_UNITS) + ")"


def seed_argument(value, name: str = "seed") -> str:
    """``value`` as the text of ``--seed``: an int (or NumPy integer) in 0…2**63-1; TypeError or ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int in 0…2**63-1 (a plant file's run: seed), got {value!r} ({type(value).__name__})")
    seed = int(value)
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"{name} must be in 0…2**63-1 ({MAX_SEED}), as a plant file's run: seed, got {seed}")
    return str(seed)


def duration_argument(value, name: str, *, positive: bool = True, auto: bool = False) -> str:
    """``value`` as the text of a duration option (``--duration``, ``--warmup``, ``--from``, ``--for``).

    A number is seconds (``7200`` → ``"7200s"``); a string is takt's duration text, checked as takt
    reads it and passed as it is. ``positive``: more than 0 (a run's duration, a window's length),
    else 0 or more (a warm-up, a start). ``auto``: the string ``"auto"`` is accepted too (``takt
    run --warmup auto``). TypeError for another type, ValueError for a value takt would refuse.
    """
    bound = "greater than 0" if positive else "0 or more"
    accepted = f"{_DURATION_TEXT}, {bound}" + (", or 'auto'" if auto else "")
    if isinstance(value, str):
        if auto and value == "auto":
            return value
        seconds = _duration_text_seconds(value, name, accepted)
        text = value
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        seconds = float(value)
        if not math.isfinite(seconds):
            raise ValueError(f"{name} must be {accepted}; got {value!r}")
        text = f"{int(seconds)}s" if seconds.is_integer() else f"{seconds!r}s"
    else:
        raise TypeError(f"{name} must be {accepted}; got {value!r} ({type(value).__name__})")
    if seconds < 0 or (positive and seconds == 0):
        raise ValueError(f"{name} must be {bound} ({accepted}); got {value!r}")
    if seconds > MAX_DURATION_S:
        raise ValueError(f"{name} is too long: takt's limit is 1e11 s (about 3,000 years); got {value!r}")
    return text


def timeout_seconds(value, name: str = "timeout", *, optional: bool = False) -> Optional[float]:
    """``value`` as a timeout in seconds: a finite number greater than 0 (None too when ``optional``: no limit)."""
    if value is None and optional:
        return None
    accepted = "a number of seconds greater than 0" + (", or None for no limit" if optional else "")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {accepted}; got {value!r} ({type(value).__name__})")
    seconds = float(value)
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"{name} must be {accepted}; got {value!r}")
    return seconds


def _duration_text_seconds(text: str, name: str, accepted: str) -> float:
    """Seconds of takt's duration text, read as takt reads it (a number, then a unit; a bare 0 needs none)."""
    stripped = text.strip(" \t")
    if stripped.startswith("-"):
        # takt's option parser would also take a leading '-' for an option of its own
        raise ValueError(f"{name} must not be negative: it is {accepted}; got {text!r}")
    end = 0
    while end < len(stripped) and (stripped[end] in "0123456789.+-eE"):
        end += 1
    number_text, unit = stripped[:end], stripped[end:].strip(" \t")
    try:
        number = float(number_text)
    except ValueError:
        raise ValueError(f"{name} must be {accepted}; got {text!r}") from None
    if not unit:
        if number != 0:
            raise ValueError(f"{name} {text!r} needs a unit, e.g. '{number_text}s': it is {accepted}")
        return 0.0
    if unit not in DURATION_UNITS:
        raise ValueError(f"{name}: unknown duration unit {unit!r} in {text!r}; it is {accepted}")
    return number * DURATION_UNITS[unit]
