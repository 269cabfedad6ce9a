"""Seeds, durations and timeouts are checked before takt runs, in every entry point that builds a takt command line."""

import subprocess
import sys

import numpy as np
import pytest

from conftest import FAKE_TAKT, REPOSITORY, real_takt_binary, requires_takt
import takt
from takt.arguments import duration_argument, seed_argument, timeout_seconds

#: A "binary" that must never run: the checks come first.
NEVER_RUN = [sys.executable, "-c", "raise SystemExit('takt was started although an argument is bad')"]

BAD_SEEDS = [(-1, ValueError), (2**63, ValueError), (True, TypeError), ("3", TypeError), (1.5, TypeError), (np.float64(2), TypeError)]
BAD_DURATIONS = [(-5, ValueError), (0, ValueError), ("0s", ValueError), ("-1h", ValueError), (" -1h", ValueError),
                 (True, TypeError), ([7200], TypeError), (float("nan"), ValueError), (float("inf"), ValueError),
                 ("2x", ValueError), ("90", ValueError), ("1e12s", ValueError), (b"2h", TypeError)]
BAD_WARMUPS = [(-1, ValueError), ("-1h", ValueError), ("-0s", ValueError), (False, TypeError), ("abc", ValueError),
               ("auto", ValueError)]
BAD_TIMEOUTS = [(0, ValueError), (-1, ValueError), (float("nan"), ValueError), (True, TypeError), ("10", TypeError)]


def make_env(fake_plant, **arguments):
    return takt.DecisionEnv(fake_plant, point="pick", at="booth", binary=FAKE_TAKT, **arguments)


@pytest.mark.parametrize("seed, error", BAD_SEEDS)
def test_a_bad_seed_is_refused_by_the_constructor_and_by_reset(fake_plant, seed, error):
    with pytest.raises(error, match=r"seed must be .*0…2\*\*63-1"):
        make_env(fake_plant, seed=seed)
    env = make_env(fake_plant)
    try:
        with pytest.raises(error, match=r"reset\(seed=\.\.\.\) must be .*0…2\*\*63-1"):
            env.reset(seed=seed)
    finally:
        env.close()


@pytest.mark.parametrize("duration, error", BAD_DURATIONS)
def test_a_bad_duration_is_refused_before_takt_starts(fake_plant, duration, error):
    with pytest.raises(error, match="duration"):
        takt.DecisionEnv(fake_plant, point="pick", at="booth", binary=NEVER_RUN, duration=duration)


@pytest.mark.parametrize("warmup, error", BAD_WARMUPS)
def test_a_bad_warmup_is_refused_before_takt_starts(fake_plant, warmup, error):
    with pytest.raises(error, match="warmup .*0 or more|warmup must"):
        takt.DecisionEnv(fake_plant, point="pick", at="booth", binary=NEVER_RUN, warmup=warmup)


@pytest.mark.parametrize("timeout, error", BAD_TIMEOUTS)
def test_a_bad_timeout_is_refused_before_takt_starts(fake_plant, timeout, error):
    with pytest.raises(error, match="timeout must be a number of seconds greater than 0"):
        takt.DecisionEnv(fake_plant, point="pick", at="booth", binary=NEVER_RUN, timeout=timeout)


def test_good_values_make_the_command_line(fake_plant):
    env = make_env(fake_plant, seed=np.int64(3), duration=np.int64(7200), warmup=0, timeout=5)
    try:
        command = env.command(np.uint64(9))
        assert command[command.index("--seed") + 1] == "9"
        assert command[command.index("--duration") + 1] == "7200s"
        assert command[command.index("--warmup") + 1] == "0s"
        assert env.timeout == 5.0 and env.takt_seed == 3
        _, info = env.reset(seed=np.int64(2**63 - 1))  # a NumPy integer, as Gymnasium's seeding does not take
        assert info["seed"] == 2**63 - 1
    finally:
        env.close()
    assert duration_argument(0.5, "duration") == "0.5s"
    assert duration_argument(1e-7, "duration") == "1e-07s"
    assert duration_argument(" 1.5 h", "duration") == " 1.5 h"  # text is passed as it is
    assert duration_argument("0", "warmup", positive=False) == "0"
    assert duration_argument("auto", "warmup", positive=False, auto=True) == "auto"
    assert seed_argument(0) == "0" and timeout_seconds(None, optional=True) is None


@pytest.mark.parametrize("call", [
    lambda: takt.simulate("plant.yaml", seed=-1, binary=NEVER_RUN),
    lambda: takt.simulate("plant.yaml", duration=True, binary=NEVER_RUN),
    lambda: takt.simulate("plant.yaml", warmup="-1h", binary=NEVER_RUN),
    lambda: takt.simulate("plant.yaml", timeout=0, binary=NEVER_RUN),
    lambda: takt.animate("plant.yaml", seed=True, binary=NEVER_RUN),
    lambda: takt.animate("plant.yaml", start="-2h", binary=NEVER_RUN),
    lambda: takt.animate("plant.yaml", length=0, binary=NEVER_RUN),
    lambda: takt.fit(list(range(1, 20)), seed=-1, binary=NEVER_RUN),
    lambda: takt.fit_events({"time": list(range(20))}, time="time", seed=2**64, binary=NEVER_RUN),
    lambda: takt.optimize("experiment.yaml", timeout=-1, binary=NEVER_RUN),
], ids=["simulate-seed", "simulate-duration", "simulate-warmup", "simulate-timeout", "animate-seed", "animate-start",
        "animate-length", "fit-seed", "fit_events-seed", "optimize-timeout"])
def test_the_other_entry_points_check_the_same_way(call):
    with pytest.raises((ValueError, TypeError)):
        call()


DURATION_TEXTS = ["2h", " 2h", "2 h", ".5h", "5.h", "+5h", "1e3s", "1E3s", "1.5d", "2w", "1µs", "20us", "500ms", "90min",
                  "1e11s", "0", "0s", "0h", "7", "5e", "inf", "nan", "2x", "1_000s", "h", "", "-1h", "-0s", "1e12s", "2H"]


@requires_takt
@pytest.mark.parametrize("text", DURATION_TEXTS)
def test_duration_texts_are_accepted_as_takt_accepts_them(text):
    """A text passes the check exactly when ``takt run --duration`` reads it (a warm-up of 1e11 s stops every run
    takt accepts at the warm-up check, before it simulates anything)."""
    plant = str(REPOSITORY / "Plants" / "examples" / "colour-batching.yaml")
    done = subprocess.run([real_takt_binary(), "run", plant, "--no-db", "--duration", text, "--warmup", "1e11s"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    takt_accepts = "must be shorter than the duration" in done.stderr
    try:
        duration_argument(text, "duration")
        python_accepts = True
    except ValueError:
        python_accepts = False
    assert python_accepts == takt_accepts, done.stderr
