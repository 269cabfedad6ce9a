"""DecisionEnv: one decision site of a Takt plant as a Gymnasium environment.

Each episode is one replication run by ``takt env``, in which the site
``point`` at ``at`` is served by this environment over the takt-policy
protocol (docs/policy-protocol.md): every ``decide`` message is an
observation, every action an answer, and the ``end`` message ends the
episode. Rewards come from the plant's running totals (``figures``) between
two decisions (see ``takt.rewards``).
"""

import os
from typing import Any, Mapping, Optional

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from .arguments import _duration_text_seconds, duration_argument, seed_argument, timeout_seconds
from .binary import BinarySpec, find_takt
from .overrides import set_arguments
from .process import JsonLinesProcess, TaktProcessError
from .rewards import RewardSpec, make_reward

PROTOCOL = "takt-policy"
HELLO_ANSWER = {"figures": True}
#: Replications a reset tries (its seed, then seeds drawn from ``np_random``) before it gives up on
#: finding one with a decision at the site.
RESET_ATTEMPTS = 10


class DecisionEnv(gym.Env):
    """One decision site of a plant, one replication per episode.

    Observations are the point's features (float32), actions the indices of
    its actions; ``info["action_mask"]`` and ``action_masks()`` say which
    are allowed (sb3-contrib's MaskablePPO reads ``action_masks()``).

    ``set`` changes the plant before it is read, as an experiment variant's
    ``set:`` does (``{"stations.paint-booth.buffer": 12}``; ``takt env --set``).

    ``seed`` (and ``reset(seed=...)``) is an int in 0…2**63-1; ``duration``
    (more than 0) and ``warmup`` (0 or more) are seconds or takt durations
    (``"8h"``); ``timeout`` is seconds, more than 0. They are checked here,
    before takt starts: ValueError or TypeError naming the argument.

    A masked action passed to ``step`` is replaced by the lowest allowed one
    and ``info["action_replaced"]`` is True: takt refuses a masked action
    (it ends the run), while Gymnasium's ``check_env`` and unmasked agents
    sample any action of ``Discrete(n)``.

    Seeding follows Gymnasium: ``reset(seed=s)`` seeds ``self.np_random``
    and runs takt's seed ``s``; a ``reset()`` without a seed runs a seed
    drawn from ``self.np_random``, so episodes differ and the sequence is
    determined by the first seed. The first reset without a seed uses the
    constructor's ``seed`` (else 1) as if it had been given.

    The run reaching its duration ends the episode: ``step`` returns
    ``terminated=True`` (the features carry no clock, so the horizon is part
    of the task; there is no state after the end to bootstrap from: the
    last observation is the last decision's, minutes or hours earlier) with
    that observation and ``info["end"] == "duration"``; ``action_masks()``
    then keeps the last decision's mask, so it never allows nothing.
    """

    metadata = {"render_modes": []}

    def __init__(
        self,
        plant,
        point: str,
        at: str,
        seed: Optional[int] = None,
        duration=None,
        warmup=None,
        reward: RewardSpec = "throughput",
        binary: BinarySpec = None,
        timeout: float = 30.0,
        set: Optional[Mapping[str, Any]] = None,
        render_mode: Optional[str] = None,
    ):
        if render_mode is not None:
            raise ValueError(f"DecisionEnv renders nothing: render_mode must be None, got {render_mode!r}")
        self.render_mode = render_mode
        if seed is not None:
            seed_argument(seed, "seed")
        if duration is not None:
            duration_argument(duration, "duration")
        if warmup is not None:
            duration_argument(warmup, "warmup", positive=False)
        timeout = timeout_seconds(timeout)
        if duration is not None and warmup is not None and _seconds(warmup) >= _seconds(duration):
            raise ValueError(f"warmup ({warmup!r}) must be shorter than duration ({duration!r}): "
                             "the duration is the whole run, warm-up included")
        self.plant = os.fspath(plant)
        self.point = point
        self.at = at
        self.takt_seed = None if seed is None else int(seed)
        self.duration = duration
        self.warmup = warmup
        self.overrides = dict(set or {})
        self.timeout = timeout
        self._takt = find_takt(binary)
        self._reward = make_reward(reward)
        self._process: Optional[JsonLinesProcess] = None
        self.hello = self._read_hello_once()
        self.feature_names = list(self.hello["features"])
        self.action_names = list(self.hello["actions"])
        self.observation_space = spaces.Box(-np.inf, np.inf, (len(self.feature_names),), np.float32)
        self.action_space = spaces.Discrete(len(self.action_names))
        self._observation = np.zeros(len(self.feature_names), dtype=np.float32)
        self._mask = np.zeros(len(self.action_names), dtype=np.bool_)
        self._request: Optional[dict] = None
        self._figures: dict = {}
        self._time_s = 0.0
        self._reset_before = False  # whether a reset has seeded np_random (the first unseeded one uses `seed`)
        self._interrupted: Optional[str] = None  # what escaped a step mid-exchange, until the next reset

    def command(self, seed: int) -> list:
        """The ``takt env`` command line of one replication with this seed."""
        command = [*self._takt, "env", self.plant, "--point", self.point, "--at", self.at, "--seed", seed_argument(seed)]
        if self.duration is not None:
            command += ["--duration", duration_argument(self.duration, "duration")]
        if self.warmup is not None:
            command += ["--warmup", duration_argument(self.warmup, "warmup", positive=False)]
        return command + set_arguments(self.overrides)

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        """Start a new replication (Gymnasium's seeding; see the class).

        ``seed`` (an int in 0…2**63-1) seeds ``np_random`` and is takt's seed; without it, the first
        reset takes the constructor's seed (else 1) the same way, later ones a seed drawn from
        ``np_random``. A replication with no decision at the site (a short duration) is skipped for
        the next seed drawn from ``np_random`` (``info["skipped_seeds"]``); after RESET_ATTEMPTS
        such replications, ValueError.
        """
        if seed is not None:
            seed_argument(seed, "reset(seed=...)")
            seed = int(seed)  # a NumPy integer too: Gymnasium's seeding takes a Python int only
        elif not self._reset_before:
            seed = self.takt_seed if self.takt_seed is not None else 1
        super().reset(seed=seed)
        self._reset_before = True
        self._stop_process()
        self._interrupted = None
        takt_seed = seed if seed is not None else self._draw_seed()
        skipped = []
        while not self._start(takt_seed):
            skipped.append(takt_seed)
            if len(skipped) >= RESET_ATTEMPTS:
                raise ValueError(
                    f"no {self.point} decision at {self.at} in {len(skipped)} replications (seeds {skipped}) "
                    f"of {self._run_text()}: give a longer duration, or another site"
                )
            takt_seed = self._draw_seed()
        info = self._info()
        info["seed"] = takt_seed
        if skipped:
            info["skipped_seeds"] = skipped
        return self._observation.copy(), info

    def step(self, action):
        """Answer the current decision with ``action``; run to the next decision or the end.

        The end of the run (its duration) ends the episode: ``terminated=True``, the last decision's
        observation and ``info["end"] == "duration"``. A run that stops otherwise (a failure, such
        as too many jobs in the plant) makes takt exit with an error: TaktProcessError.
        """
        if self._interrupted is not None:
            raise RuntimeError(
                f"the episode was interrupted mid-step ({self._interrupted} while takt was answering); "
                "call reset() to start a new one"
            )
        if self._request is None:
            raise RuntimeError("step() without a decision pending: call reset() first (or again after the end)")
        chosen = _action_index(action)
        if not 0 <= chosen < len(self.action_names):
            raise ValueError(f"action {chosen} is out of range 0..{len(self.action_names) - 1}")
        replaced = not self._mask[chosen]
        if replaced:
            chosen = int(np.flatnonzero(self._mask)[0])
        previous_figures = self._figures
        try:
            self._process.send({"id": self._request["id"], "action": chosen})
            ended = self._take(self._process.receive())
            if ended:
                self._finish()
        except BaseException as error:  # KeyboardInterrupt too: the protocol is out of step
            self._interrupted = type(error).__name__
            self._stop_process()
            raise
        reward = float(self._reward(previous_figures, self._figures))
        info = self._info()
        info["action"] = chosen
        info["action_replaced"] = replaced
        if ended:
            info["end"] = "duration"
        return self._observation.copy(), reward, ended, False, info

    def action_masks(self) -> np.ndarray:
        """The allowed actions of the current decision (after the end, the last decision's: never all False)."""
        return self._mask.copy()

    def close(self):
        """Stop the running takt process, if any."""
        self._stop_process()
        super().close()

    def _take(self, message: dict) -> bool:
        """Adopt a ``decide`` or ``end`` message; return True for the end."""
        kind = message.get("type")
        if kind not in ("decide", "end"):
            raise TaktProcessError(f"takt sent {kind!r} where a decide or the end was expected: {message}")
        if "figures" not in message:
            raise TaktProcessError(f"takt sent a {kind} without figures although they were asked for: {message}")
        self._figures = dict(message["figures"])
        self._time_s = float(message.get("time_s", self._time_s))
        if kind == "end":
            # The observation and the mask stay the last decision's: a mask asked for after the end
            # (the step of a vector env's next-step autoreset) allows an action.
            self._request = None
            return True
        features, mask = message.get("features"), message.get("mask")
        if not isinstance(features, list) or len(features) != len(self.feature_names):
            raise TaktProcessError(f"takt's decide has {len(features or [])} features, not {len(self.feature_names)}")
        if not isinstance(mask, list) or len(mask) != len(self.action_names) or not any(mask):
            raise TaktProcessError(f"takt's decide has a mask that allows nothing or has the wrong length: {mask}")
        self._request = message
        self._observation = np.asarray(features, dtype=np.float32)
        self._mask = np.asarray(mask, dtype=np.bool_)
        return False

    def _start(self, takt_seed: int) -> bool:
        """Start the replication of ``takt_seed`` and take its first decision; False if it has none."""
        self._process = JsonLinesProcess(self.command(takt_seed), self.timeout)
        hello = self._receive_hello()
        if hello["features"] != self.feature_names or hello["actions"] != self.action_names:
            raise TaktProcessError(
                f"takt's hello for seed {takt_seed} names other features or actions than the first one"
            )
        self._process.send(HELLO_ANSWER)
        if self._take(self._process.receive()):
            self._finish()
            return False
        return True

    def _finish(self) -> None:
        """The end was received: wait for takt to exit; an exit code other than 0 raises."""
        process, self._process = self._process, None
        code = process.finish()
        if code != 0:
            tail = process.stderr_tail().strip()
            raise TaktProcessError(
                f"takt exited with code {code} at the end of the run ({' '.join(process.command)})"
                + (f"\ntakt's standard error:\n{tail}" if tail else "")
            )

    def _draw_seed(self) -> int:
        return int(self.np_random.integers(0, 2**63))

    def _run_text(self) -> str:
        duration = f"duration {self.duration!r}" if self.duration is not None else "the plant's run: duration"
        return duration + (f" with warmup {self.warmup!r}" if self.warmup is not None else "")

    def _info(self) -> dict:
        return {"action_mask": self._mask.copy(), "time_s": self._time_s, "figures": dict(self._figures)}

    def _receive_hello(self) -> dict:
        hello = self._process.receive()
        if hello.get("type") != "hello" or hello.get("protocol") != PROTOCOL:
            raise TaktProcessError(f"takt did not open with a {PROTOCOL} hello: {hello}")
        version = hello.get("version")
        if not isinstance(version, int) or version < 1:
            raise TaktProcessError(f"takt's hello has no protocol version this package knows: {version!r}")
        if not hello.get("features") or not hello.get("actions"):
            raise TaktProcessError(f"takt's hello names no features or no actions: {hello}")
        return hello

    def _read_hello_once(self) -> dict:
        """Read the hello of a short-lived ``takt env`` (to size the spaces), then stop it."""
        seed = self.takt_seed if self.takt_seed is not None else 1
        self._process = JsonLinesProcess(self.command(seed), self.timeout)
        try:
            return self._receive_hello()
        except TaktProcessError as error:
            warmup_line = next((line for line in self._process.stderr_tail().splitlines()
                                if "warm-up" in line and "shorter than the duration" in line), None)
            if warmup_line is None:
                raise
            raise ValueError(
                f"the warm-up must be shorter than the duration ({self._run_text()}); takt says: "
                f"{warmup_line.strip()}. Pass warmup= (e.g. warmup=0) and duration= to DecisionEnv"
            ) from error
        finally:
            self._stop_process()

    def _stop_process(self) -> None:
        if self._process is not None:
            self._process.stop()
            self._process = None
        self._request = None

    def __del__(self):
        process = getattr(self, "_process", None)
        if process is not None:
            process.stop()


__all__ = ["DecisionEnv", "TaktProcessError"]


def _seconds(value) -> float:
    """Seconds of a duration argument already checked by ``duration_argument``."""
    return _duration_text_seconds(value, "", "") if isinstance(value, str) else float(value)


def _action_index(action) -> int:
    """``action`` as an index: an int or a NumPy integer (a 0-d integer array too), as ``Discrete.contains`` takes.

    A float or a string is refused rather than truncated: ``step(1.5)`` choosing action 1 would hide a bug
    in the policy that made it, as a policy process answering ``1.5`` is refused.
    """
    if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
        return int(action)
    if isinstance(action, np.ndarray) and action.shape == () and np.issubdtype(action.dtype, np.integer):
        return int(action)
    raise ValueError(f"action must be an integer (an int or a NumPy integer), got {action!r} ({type(action).__name__})")
