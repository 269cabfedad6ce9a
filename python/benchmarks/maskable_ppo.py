"""Train MaskablePPO (sb3-contrib) on colour batching's pick site and compare it with the first allowed group.

    pip install sb3-contrib        (brings PyTorch; not a dependency of takt)
    TAKT=.build/release/takt python3 python/benchmarks/maskable_ppo.py

The README's MaskablePPO snippet, then a greedy masked evaluation on five
seeds it did not train on (1000–1004), against always taking the first
allowed group (the fifo rule) and the batch rule (the last colour's group
when allowed, else the first allowed). Prints the training time and, for each, the
mean reward per 4-hour episode and the last episode's figures.
"""

import time

from sb3_contrib import MaskablePPO

import takt


def evaluate(env, choose):
    """Mean total reward over seeds 1000–1004, and the last episode's figures."""
    totals = []
    for seed in range(1000, 1005):
        observation, info = env.reset(seed=seed)
        done, total = False, 0.0
        while not done:
            observation, reward, terminated, truncated, info = env.step(choose(observation, info))
            done = terminated or truncated
            total += reward
        totals.append(total)
    return sum(totals) / len(totals), info["figures"]


def same_colour_else_first(observation, info):
    """The batch rule: the group of the last colour when allowed (feature g<k>.same), else the first allowed."""
    mask = info["action_mask"]
    same = [group for group in range(len(mask)) if mask[group] and observation[3 * group] == 1]
    return same[0] if same else int(mask.argmax())


def main():
    env = takt.SeedEachEpisode(takt.DecisionEnv(
        "Plants/examples/colour-batching.yaml", point="pick", at="paint-booth",
        duration="4h", warmup="0s", reward={"throughput": 1.0, "changeovers": 0.2}))
    model = MaskablePPO("MlpPolicy", env, n_steps=256, verbose=0, seed=0)
    started = time.perf_counter()
    model.learn(total_timesteps=10_000)
    print(f"learned 10,000 steps in {time.perf_counter() - started:.1f} s")

    def greedy(observation, info):
        return int(model.predict(observation, action_masks=info["action_mask"], deterministic=True)[0])

    print("MaskablePPO  ", evaluate(env, greedy))
    print("first allowed", evaluate(env, lambda observation, info: int(info["action_mask"].argmax())))
    print("same colour  ", evaluate(env, same_colour_else_first))
    env.close()


if __name__ == "__main__":
    main()
