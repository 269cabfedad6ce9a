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

from .arguments import duration_argument, seed_argument, timeout_seconds
from .binary import BinarySpec, find_takt
from .overrides import set_arguments
from .process import JsonLinesProcess, TaktProcessError
from .rewards import RewardSpec, make_reward

PROTOCOL = "takt-policy"
HELLO_ANSWER = {"figures": True}


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
    ):
        if seed is not None:
            seed_argument(seed, "seed")
        if duration is not None:
            duration_argument(duration, "duration")
        if warmup is not None:
            duration_argument(warmup, "warmup", positive=False)
        timeout = timeout_seconds(timeout)
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

    def command(self, seed: int) -> list:
        """The ``takt env`` command line of one replication with this seed."""
        command = [*self._takt, "env", self.plant, "--point", self.point, "--at", self.at, "--seed", seed_argument(seed)]
        if self.duration is not None:
            command += ["--duration", duration_argument(self.duration, "duration")]
        if self.warmup is not None:
            command += ["--warmup", duration_argument(self.warmup, "warmup", positive=False)]
        return command + set_arguments(self.overrides)

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        """Start a new replication: ``seed`` (an int in 0…2**63-1), else the env's seed, else 1."""
        if seed is not None:
            seed_argument(seed, "reset(seed=...)")
            seed = int(seed)  # a NumPy integer too: Gymnasium's seeding takes a Python int only
        super().reset(seed=seed)
        self._stop_process()
        takt_seed = seed if seed is not None else (self.takt_seed if self.takt_seed is not None else 1)
        self._process = JsonLinesProcess(self.command(takt_seed), self.timeout)
        hello = self._receive_hello()
        if hello["features"] != self.feature_names or hello["actions"] != self.action_names:
            raise TaktProcessError(
                f"takt's hello for seed {takt_seed} names other features or actions than the first one"
            )
        self._process.send(HELLO_ANSWER)
        if self._take(self._process.receive()):
            self._stop_process()
            raise TaktProcessError(
                f"the replication (seed {takt_seed}) ended before any {self.point} decision at "
                f"{self.at}: a longer duration, or another site?"
            )
        info = self._info()
        info["seed"] = takt_seed
        return self._observation.copy(), info

    def step(self, action):
        """Answer the current decision with ``action``; run to the next decision or the end."""
        if self._request is None:
            raise RuntimeError("step() without a decision pending: call reset() first (or again after the end)")
        chosen = _action_index(action)
        if not 0 <= chosen < len(self.action_names):
            raise ValueError(f"action {chosen} is out of range 0..{len(self.action_names) - 1}")
        replaced = not self._mask[chosen]
        if replaced:
            chosen = int(np.flatnonzero(self._mask)[0])
        self._process.send({"id": self._request["id"], "action": chosen})
        previous_figures = self._figures
        terminated = self._take(self._process.receive())
        reward = float(self._reward(previous_figures, self._figures))
        if terminated:
            self._process.finish()
            self._process = None
        info = self._info()
        info["action"] = chosen
        info["action_replaced"] = replaced
        return self._observation.copy(), reward, terminated, False, info

    def action_masks(self) -> np.ndarray:
        """The allowed actions of the current decision (all False after the end)."""
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
            self._request = None
            self._observation = np.zeros(len(self.feature_names), dtype=np.float32)
            self._mask = np.zeros(len(self.action_names), dtype=np.bool_)
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
