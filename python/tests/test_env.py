"""DecisionEnv against the fake ``takt env`` and, when TAKT is set, the real one."""

import os
import random
import signal
import subprocess
import sys
import warnings

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from conftest import FAKE_TAKT, REAL_SITE, real_takt_binary, requires_takt
from takt import TaktProcessError, TaktTimeoutError
from takt.rewards import NAMED_REWARDS


def play(env, seed, choices, steps=40):
    """Reset with ``seed`` and step with ``choices[i] % n``; return every observation, reward and info."""
    observation, info = env.reset(seed=seed)
    trace = [(observation, 0.0, info)]
    for choice in choices[:steps]:
        observation, reward, terminated, truncated, info = env.step(choice % env.action_space.n)
        trace.append((observation, reward, info))
        if terminated or truncated:
            break
    return trace


def test_check_env_passes(make_env):
    env = make_env()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the Box's infinite bounds and the missing render modes
        check_env(env, skip_render_check=True)


def test_spaces_follow_the_hello(make_env):
    env = make_env()
    assert env.observation_space.shape == (len(env.hello["features"]),)
    assert env.observation_space.dtype == np.float32
    assert env.action_space.n == len(env.hello["actions"])
    assert env.feature_names == env.hello["features"]


def test_same_seed_and_actions_give_the_same_episode(make_env):
    env = make_env()
    choices = [random.Random(0).randrange(8) for _ in range(40)]
    first, second = play(env, 5, choices), play(env, 5, choices)
    assert len(first) == len(second) > 1
    for (obs_a, reward_a, info_a), (obs_b, reward_b, info_b) in zip(first, second):
        np.testing.assert_array_equal(obs_a, obs_b)
        np.testing.assert_array_equal(info_a["action_mask"], info_b["action_mask"])
        assert reward_a == reward_b
        assert info_a["time_s"] == info_b["time_s"]


def test_another_seed_gives_another_episode(make_env):
    env = make_env()
    choices = [0] * 40
    first, second = play(env, 5, choices), play(env, 6, choices)
    assert [info["time_s"] for _, _, info in first] != [info["time_s"] for _, _, info in second] or any(
        not np.array_equal(a[0], b[0]) for a, b in zip(first, second)
    )


def test_the_first_reset_without_seed_uses_the_env_seed(make_env):
    env = make_env(seed=7)
    observation, info = env.reset()
    assert info["seed"] == 7
    again, _ = env.reset(seed=7)
    np.testing.assert_array_equal(observation, again)
    assert make_env().reset()[1]["seed"] == 1


def test_unseeded_resets_draw_new_seeds_from_np_random(make_env):
    # Gymnasium's convention: reset(seed=s) seeds np_random; later resets draw from it, so
    # episodes differ, and the sequence is the same for the same first seed.
    env = make_env()
    seeds = [env.reset(seed=100)[1]["seed"]] + [env.reset()[1]["seed"] for _ in range(3)]
    assert seeds[0] == 100 and len(set(seeds)) == 4
    assert all(isinstance(seed, int) and 0 <= seed < 2**63 for seed in seeds)
    assert [env.reset(seed=100)[1]["seed"]] + [env.reset()[1]["seed"] for _ in range(3)] == seeds
    other = [env.reset(seed=101)[1]["seed"]] + [env.reset()[1]["seed"] for _ in range(3)]
    assert not set(other) & set(seeds), "sub-envs seeded s and s+1 replay each other's runs"
    first = make_env(seed=7)
    assert [first.reset()[1]["seed"] for _ in range(2)] == [7, env.reset(seed=7) and env.reset()[1]["seed"]]


def test_a_masked_action_is_replaced_by_the_lowest_allowed(make_env):
    env = make_env()
    observation, info = env.reset(seed=1)
    for _ in range(200):
        mask = env.action_masks()
        np.testing.assert_array_equal(mask, info["action_mask"])
        if not mask.all():
            break
        observation, _, terminated, truncated, info = env.step(0)
        assert not (terminated or truncated), "no decision with a masked action in the episode"
    masked = int(np.flatnonzero(~mask)[0])
    _, _, _, _, info = env.step(masked)
    assert info["action_replaced"] is True
    assert info["action"] == int(np.flatnonzero(mask)[0])
    # Not a whole number: refused, not truncated; NumPy integers (a policy's argmax) are taken.
    for bad in (1.5, 1.0, "1", True, np.array([1]), np.float32(1)):
        with pytest.raises(ValueError, match="action must be an integer"):
            env.step(bad)
    allowed = int(np.flatnonzero(info["action_mask"])[0]) if info["action_mask"].any() else None
    if allowed is not None:
        _, _, _, _, info = env.step(np.int64(allowed) if allowed % 2 else np.array(allowed))
        assert info["action_replaced"] is False and info["action"] == allowed


@pytest.mark.parametrize("name", sorted(NAMED_REWARDS))
def test_named_rewards_are_figure_deltas(make_env, name):
    env = make_env(reward=name)
    key, sign, scale = {"throughput": ("jobs_completed", 1, 1), "lead_time": ("lead_time_s", -1, 3600),
                        "changeovers": ("changeovers", -1, 1)}[name]
    trace = play(env, 2, list(range(60)), steps=60)
    deltas = [info["figures"][key] - previous["figures"][key] for (_, _, previous), (_, _, info) in zip(trace, trace[1:])]
    rewards = [reward for _, reward, _ in trace[1:]]
    assert rewards == pytest.approx([sign * delta / scale for delta in deltas])
    if name == "throughput" and env.duration is None:
        assert sum(rewards) > 0, "the fake completes jobs: a zero sum would hide a wrong key"


def test_weighted_and_callable_rewards(make_env):
    weights = {"throughput": 1.0, "lead_time": 2.0, "changeovers": 0.5}
    seen = []

    def spy(previous, current):
        seen.append((previous, current))
        return current["jobs_started"] - previous["jobs_started"]

    weighted = play(make_env(reward=weights), 3, list(range(30)), steps=30)
    spied = play(make_env(reward=spy), 3, list(range(30)), steps=30)
    for (_, reward, info), (_, _, previous) in zip(weighted[1:], weighted):
        expected = sum(w * NAMED_REWARDS[n](previous["figures"], info["figures"]) for n, w in weights.items())
        assert reward == pytest.approx(expected)
    assert [reward for _, reward, _ in spied[1:]] == [c["jobs_started"] - p["jobs_started"] for p, c in seen]
    assert [info["figures"] for _, _, info in spied[1:]] == [c for _, c in seen]


def test_the_end_of_the_duration_terminates_with_the_last_observation_and_mask(make_env):
    env = make_env()
    observation, info = env.reset(seed=4)
    for _ in range(100_000):
        last_observation, last_mask = observation, info["action_mask"]
        observation, _, terminated, truncated, info = env.step(int(np.flatnonzero(last_mask)[-1]))
        if terminated or truncated:
            break
    assert terminated and not truncated and info["end"] == "duration"
    np.testing.assert_array_equal(observation, last_observation)
    np.testing.assert_array_equal(info["action_mask"], last_mask)
    np.testing.assert_array_equal(env.action_masks(), last_mask)
    assert env.action_masks().any()
    assert info["figures"]["jobs_started"] > 0
    with pytest.raises(RuntimeError, match="reset"):
        env.step(0)


def test_a_killed_takt_raises_with_its_exit_code(make_env):
    env = make_env()
    env.reset(seed=1)
    os.kill(env._process.pid, signal.SIGKILL)
    with pytest.raises(TaktProcessError, match="exited with code -9"):
        for _ in range(100):
            env.step(int(np.flatnonzero(env.action_masks())[0]))


def test_close_ends_the_process(make_env):
    env = make_env()
    env.reset(seed=1)
    process = env._process._popen
    env.close()
    assert process.poll() is not None


def test_a_missing_plant_is_reported_with_takts_message(make_env, tmp_path):
    with pytest.raises(TaktProcessError, match="missing.yaml"):
        make_env(plant=str(tmp_path / "missing.yaml"))


def test_a_takt_that_dies_shows_its_stderr_tail(make_env, monkeypatch):
    if make_env.backend != "fake":
        pytest.skip("only the fake can be told to crash")
    monkeypatch.setenv("FAKE_TAKT_DIE_AFTER", "3")
    env = make_env()
    env.reset(seed=1)
    with pytest.raises(RuntimeError, match=r"(?s)exited with code 70.*simulated crash before decision 3"):
        for _ in range(5):
            env.step(1)


def test_a_silent_takt_times_out(make_env, monkeypatch):
    if make_env.backend != "fake":
        pytest.skip("only the fake can be told to fall silent")
    monkeypatch.setenv("FAKE_TAKT_SILENT_AFTER", "2")
    env = make_env(timeout=1.0)
    env.reset(seed=1)
    env.step(1)
    process = env._process
    with pytest.raises(TaktTimeoutError, match="sent nothing for 1 s"):
        env.step(1)
    assert process.running() is False


def test_the_answers_reach_takt(make_env, monkeypatch, tmp_path):
    if make_env.backend != "fake":
        pytest.skip("only the fake logs what it receives")
    log = tmp_path / "received.jsonl"
    monkeypatch.setenv("FAKE_TAKT_LOG", str(log))
    env = make_env()
    _, info = env.reset(seed=1)
    lowest_allowed = int(np.flatnonzero(info["action_mask"])[0])
    assert lowest_allowed > 0  # the fake masks a0 out at the first decision
    env.step(0)
    env.step(2)
    lines = log.read_text().splitlines()
    assert lines[0] == '{"figures":true}'
    assert lines[1] == f'{{"id":0,"action":{lowest_allowed}}}'
    assert lines[2].startswith('{"id":1,"action":')


def test_seed_each_episode_moves_on_and_restarts_at_an_explicit_seed(make_env):
    from takt import SeedEachEpisode

    env = SeedEachEpisode(make_env(), first=10)
    seeds = [env.reset()[1]["seed"] for _ in range(3)]
    assert seeds == [10, 11, 12]
    assert env.reset(seed=4)[1]["seed"] == 4 and env.reset()[1]["seed"] == 5
    np.testing.assert_array_equal(env.action_masks(), env.unwrapped.action_masks())


@pytest.mark.parametrize("backend", ["fake", pytest.param("real", marks=requires_takt)])
def test_an_env_left_open_at_exit_ends_cleanly(backend, fake_plant, tmp_path):
    # Breaking out of an episode without close(): the interpreter's exit must stop takt, not abort
    # ("Fatal Python error: _enter_buffered_busy", closing a pipe a frozen reading thread held).
    if backend == "fake":
        arguments = dict(plant=fake_plant, point="pick", at="booth", binary=FAKE_TAKT)
    else:
        arguments = dict(REAL_SITE, binary=real_takt_binary())
    script = tmp_path / "left_open.py"
    script.write_text(
        "import takt\n"
        f"env = takt.DecisionEnv(**{arguments!r})\n"
        "observation, info = env.reset(seed=1)\n"
        "env.step(int(info['action_mask'].argmax()))\n"
        "print('stepped')\n"
    )
    for _ in range(3):
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stdout == "stepped\n", done.stderr
        assert "Fatal Python error" not in done.stderr


def test_a_seed_without_decisions_is_skipped_then_a_value_error(make_env, monkeypatch):
    if make_env.backend != "fake":
        pytest.skip("the fake is told which seeds have no decision")
    env = make_env()
    monkeypatch.setenv("FAKE_TAKT_EMPTY_SEEDS", "3")
    observation, info = env.reset(seed=3)
    assert info["skipped_seeds"] == [3] and info["seed"] != 3 and info["action_mask"].any()
    assert env.reset(seed=3)[1]["seed"] == info["seed"]  # deterministic given the seed
    env.step(int(np.flatnonzero(info["action_mask"])[0]))
    monkeypatch.setenv("FAKE_TAKT_EMPTY_SEEDS", "all")
    with pytest.raises(ValueError, match=r"no pick decision at booth in 10 replications .*longer duration"):
        env.reset(seed=3)


def test_an_interrupted_step_says_to_reset(make_env, monkeypatch):
    env = make_env()
    _, info = env.reset(seed=1)
    process = env._process

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(process, "receive", interrupted)
    with pytest.raises(KeyboardInterrupt):
        env.step(int(np.flatnonzero(info["action_mask"])[0]))
    assert process.running() is False
    with pytest.raises(RuntimeError, match=r"interrupted mid-step \(KeyboardInterrupt.*call reset\(\)"):
        env.step(0)
    _, info = env.reset(seed=1)
    env.step(int(np.flatnonzero(info["action_mask"])[0]))


def test_warmup_not_shorter_than_duration_is_a_value_error(make_env):
    for duration, warmup in (("4h", "8h"), ("4h", 14400), (60, "1min")):
        with pytest.raises(ValueError, match=r"warmup .* must be shorter than duration"):
            make_env(duration=duration, warmup=warmup)
    if make_env.backend == "real":  # the plant's own warm-up (1d) against a given duration
        with pytest.raises(ValueError, match=r"(?s)warm-up must be shorter.*1d.*Pass warmup="):
            make_env(duration="4h", warmup=None)


def test_gym_make_takes_render_mode_none(fake_plant):
    import gymnasium as gym

    from takt import DecisionEnv

    arguments = dict(plant=fake_plant, point="pick", at="booth", binary=FAKE_TAKT)
    gym.register("TaktTest/Decision-v0", entry_point=DecisionEnv)
    try:
        env = gym.make("TaktTest/Decision-v0", render_mode=None, **arguments)
        assert env.unwrapped.render_mode is None and env.metadata["render_modes"] == []
        env.close()
    finally:
        gym.registry.pop("TaktTest/Decision-v0", None)
    with pytest.raises(ValueError, match="render_mode"):
        DecisionEnv(render_mode="human", **arguments)


def test_vector_envs_run_distinct_episodes_and_never_mask_everything(fake_plant, monkeypatch):
    import gymnasium as gym

    from takt import DecisionEnv

    monkeypatch.setenv("FAKE_TAKT_DECISIONS", "3")
    make = lambda: DecisionEnv(fake_plant, "pick", "booth", binary=FAKE_TAKT)  # noqa: E731
    envs = gym.vector.SyncVectorEnv([make, make])  # NEXT_STEP autoreset, Gymnasium's default
    try:
        _, info = envs.reset(seed=5)
        seeds = [list(info["seed"])]
        for _ in range(12):
            masks = np.stack(envs.call("action_masks"))
            assert masks.any(axis=1).all()
            _, _, terminated, truncated, info = envs.step(masks.argmax(axis=1))
            assert not truncated.any()
            if "seed" in info:
                seeds.append([seed for seed, new in zip(info["seed"], info["_seed"]) if new])
        assert seeds[0] == [5, 6]
        flat = [seed for group in seeds for seed in group]
        assert len(flat) > 4 and len(set(flat)) == len(flat)
    finally:
        envs.close()
