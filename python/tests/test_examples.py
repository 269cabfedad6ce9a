"""The example policy processes, run as subprocesses on scripted conversations."""

import json
import subprocess
import sys

import pytest
from conftest import EXAMPLES

GROUPS = 8
PICK_FEATURES = [f"g{slot}.{name}" for slot in range(1, GROUPS + 1) for name in ("same", "wait_h", "size")] + [
    "fill", "groups", "has_last", "last_size", "queue", "oldest_wait_h", "setup_ratio", "bias"]


def hello(point="pick", seed=1, replication=0, features=PICK_FEATURES, actions=GROUPS):
    return {"type": "hello", "protocol": "takt-policy", "version": 1, "point": point, "at": "paint-booth",
            "features": features, "actions": [f"g{slot}" for slot in range(1, actions + 1)],
            "replication": replication, "seed": seed}


def decide(request_id, mask, features=None):
    return {"type": "decide", "id": request_id, "time_s": 60.0 * request_id,
            "features": features if features is not None else [0.0] * len(PICK_FEATURES), "mask": mask}


def run_example(script, messages, *arguments):
    """Run an example on the messages; return its answers (hello answer first)."""
    stdin = "".join(json.dumps(message) + "\n" for message in messages)
    done = subprocess.run([sys.executable, str(EXAMPLES / script), *arguments], input=stdin,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def pick_features(groups):
    """Pick features from (same, wait_h) per group slot; empty slots are zeros."""
    features = [0.0] * len(PICK_FEATURES)
    for slot, (same, wait_h) in enumerate(groups):
        features[3 * slot], features[3 * slot + 1], features[3 * slot + 2] = same, wait_h, 1 / 16
    return features


def masks_for(groups):
    return [slot < len(groups) for slot in range(GROUPS)]


def test_first_allowed_answers_the_lowest_allowed_action():
    mask_a = [False, False, True] + [True] * 5
    mask_b = [True] + [False] * 7
    end = {"type": "end", "time_s": 999.0}
    got = run_example("first_allowed.py", [hello(), decide(0, mask_a), decide(1, mask_b), end])
    assert got == [{"name": "first-allowed"}, {"id": 0, "action": 2}, {"id": 1, "action": 0}]


def seeded_random_answers(seed, replication, masks):
    messages = [hello(seed=seed, replication=replication)] + [decide(i, mask) for i, mask in enumerate(masks)]
    return [answer["action"] for answer in run_example("seeded_random.py", messages + [{"type": "end"}])[1:]]


def test_seeded_random_is_allowed_deterministic_and_seeded_by_replication():
    masks = [[(i + slot) % 3 != 0 for slot in range(GROUPS)] for i in range(40)]
    first = seeded_random_answers(3, 0, masks)
    assert all(masks[i][action] for i, action in enumerate(first))
    assert seeded_random_answers(3, 0, masks) == first
    assert seeded_random_answers(3, 1, masks) != first
    assert len(set(first)) > 2


def test_seeded_random_in_batches_draws_per_replication_as_one_process_per_replication_does():
    masks = [[(i + slot) % 3 != 0 for slot in range(GROUPS)] for i in range(20)]
    batched_hello = hello(seed=3)
    del batched_hello["replication"]
    batched_hello["batch"] = 2
    # Replications 0 and 1 interleaved, two requests a batch, in either order.
    batches = [{"type": "batch", "requests": [dict(decide(i, mask), replication=(i + k) % 2) for k in range(2)]}
               for i, mask in enumerate(masks)]
    answers = run_example("seeded_random.py", [batched_hello] + batches)[1:]
    by_replication = {0: [], 1: []}
    for i, answer in enumerate(answers):
        for k, action in enumerate(answer["actions"]):
            by_replication[(i + k) % 2].append(action)
    assert by_replication[0] == seeded_random_answers(3, 0, masks)
    assert by_replication[1] == seeded_random_answers(3, 1, masks)


@pytest.mark.parametrize("groups, expected, why", [
    ([(0, 0.5), (1, 0.1), (0, 0.3)], 1, "the group of the last colour"),
    ([(0, 0.5), (0, 0.1), (0, 0.9)], 2, "no group of the last colour: the longest-waiting one"),
    ([(0, 4.5), (1, 0.1)], 0, "a group waited past the limit"),
    ([(1, 4.5), (0, 5.0)], 1, "past the limit, the oldest wins over the same colour"),
    ([(0, 2.0), (0, 2.0)], 0, "equal waits: the lower slot"),
])
def test_colour_keeper_keeps_the_colour_unless_a_group_waited_too_long(groups, expected, why):
    messages = [hello(), decide(0, masks_for(groups), pick_features(groups)), {"type": "end"}]
    got = run_example("colour_keeper.py", messages)
    assert got[0] == {"name": "colour-keeper (max wait 4 h)"}
    assert got[1] == {"id": 0, "action": expected}, why


def test_colour_keeper_ignores_masked_groups_and_takes_its_limit_from_the_command_line():
    groups = [(1, 0.1), (0, 1.5), (0, 0.2)]
    mask = [False, True, True] + [False] * 5
    got = run_example("colour_keeper.py", [hello(), decide(0, mask, pick_features(groups))])
    assert got[1]["action"] == 1  # g1 (the same colour) is masked: the oldest allowed
    got = run_example("colour_keeper.py", [hello(), decide(0, masks_for(groups), pick_features(groups))],
                      "--max-wait-h", "1")
    assert got[1]["action"] == 1  # g2 waited 1.5 h, over the limit of 1 h


def test_colour_keeper_refuses_another_point():
    done = subprocess.run([sys.executable, str(EXAMPLES / "colour_keeper.py")],
                          input=json.dumps(hello(point="release")) + "\n", capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert "serves the pick point, not 'release'" in done.stderr
