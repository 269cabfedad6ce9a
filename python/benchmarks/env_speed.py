"""Time DecisionEnv against the real ``takt env``: the cost of a reset and steps per second.

    python3 python/benchmarks/env_speed.py [TAKT_BINARY]     (from the repository's root)

Runs five episodes (seeds 1…5) of colour batching's paint-booth ``pick``
site, one simulated day each, always answering the first allowed group, and
prints the episode lengths, the median reset time and the median steps/s.
The binary is the argument, else TAKT, else ``takt`` on the PATH.
"""

import statistics
import sys
import time

import numpy as np

import takt


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    env = takt.DecisionEnv("Plants/examples/colour-batching.yaml", "pick", "paint-booth",
                           duration="1d", warmup="0s", binary=binary)
    resets, rates, lengths = [], [], []
    for seed in range(1, 6):
        started = time.perf_counter()
        _, info = env.reset(seed=seed)
        resets.append(time.perf_counter() - started)
        steps, started, done = 0, time.perf_counter(), False
        while not done:
            _, _, terminated, truncated, info = env.step(int(np.flatnonzero(info["action_mask"])[0]))
            done = terminated or truncated
            steps += 1
        rates.append(steps / (time.perf_counter() - started))
        lengths.append(steps)
    env.close()
    print(f"episode lengths {lengths}; reset {statistics.median(resets) * 1000:.1f} ms (median); "
          f"{statistics.median(rates):,.0f} steps/s (median; min {min(rates):,.0f}, max {max(rates):,.0f})")


if __name__ == "__main__":
    main()
