"""Gymnasium wrappers for DecisionEnv."""

from typing import Optional

import gymnasium as gym


class SeedEachEpisode(gym.Wrapper):
    """Give every episode its own takt seed: ``first``, ``first + 1``, …

    ``DecisionEnv.reset()`` without a seed replays the env's seed, the same
    replication every time (takt is deterministic for a seed). Trainers
    such as Stable-Baselines3 seed only the first reset, so without this
    wrapper they would learn from one replication over and over. A reset
    with an explicit seed restarts the sequence there.
    """

    def __init__(self, env: gym.Env, first: int = 1):
        super().__init__(env)
        self.next_seed = first

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        """Reset with ``seed`` when given, else with the next seed of the sequence."""
        if seed is not None:
            self.next_seed = seed
        seed, self.next_seed = self.next_seed, self.next_seed + 1
        return self.env.reset(seed=seed, options=options)

    def action_masks(self):
        """The wrapped env's mask (sb3-contrib's MaskablePPO looks for this method)."""
        return self.env.unwrapped.action_masks()
