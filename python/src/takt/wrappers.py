"""Gymnasium wrappers for DecisionEnv."""

from typing import Optional

import gymnasium as gym


class SeedEachEpisode(gym.Wrapper):
    """Give every episode its own takt seed: ``first``, ``first + 1``, …

    ``DecisionEnv.reset()`` without a seed already runs a new replication,
    its seed drawn from ``np_random`` (Gymnasium's convention); this
    wrapper gives readable consecutive seeds instead. A reset with an
    explicit seed restarts the sequence there. Vector envs seeded ``s``,
    ``s + 1``, … share most of their seeds under this wrapper: prefer the
    env's own seeding there.
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
