#!/usr/bin/env python3
"""A stand-in for ``takt env``: the takt side of the takt-policy protocol, for unit tests.

    fake_takt.py env PLANT --point P --at A --seed S [--duration D] [--warmup W]

Sends a hello (features f0, f1, last_action, bias; actions a0, a1, a2),
reads the answer, then sends DECISIONS ``decide`` messages whose features
and masks come from ``random.Random(seed)`` (the first decision always
masks a0 out), and an ``end``. The running figures depend on the actions
answered, so the same seed and the same actions give the same episode.
Like takt, it refuses an unknown hello option, a wrong id or a masked
action (exit 4, a message on standard error).

Environment variables change its behaviour for tests:
FAKE_TAKT_DECISIONS (default 12) decisions per replication;
FAKE_TAKT_DIE_AFTER=k exits with code 70 after k answers;
FAKE_TAKT_SILENT_AFTER=k stops answering (sleeps) after k answers;
FAKE_TAKT_LOG=path appends every line received to that file.
FAKE_TAKT_EMPTY_SEEDS=s,t,... gives those seeds no decision (a short run);
FAKE_TAKT_EMPTY_SEEDS=all gives every seed none.
"""

import argparse
import json
import os
import random
import sys
import time

FEATURES = ["f0", "f1", "last_action", "bias"]
ACTIONS = ["a0", "a1", "a2"]
HELLO_OPTIONS = {"figures", "name"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["env"])
    parser.add_argument("plant")
    parser.add_argument("--point", required=True)
    parser.add_argument("--at", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration")
    parser.add_argument("--warmup")
    args = parser.parse_args()
    if not os.path.exists(args.plant):
        return fail(2, f"{args.plant}: no such plant file")
    decisions = int(os.environ.get("FAKE_TAKT_DECISIONS", "12"))
    empty = os.environ.get("FAKE_TAKT_EMPTY_SEEDS", "")
    if empty == "all" or str(args.seed) in empty.split(","):
        decisions = 0
    die_after = int(os.environ.get("FAKE_TAKT_DIE_AFTER", "-1"))
    silent_after = int(os.environ.get("FAKE_TAKT_SILENT_AFTER", "-1"))

    send({"type": "hello", "protocol": "takt-policy", "version": 1, "point": args.point, "at": args.at,
          "features": FEATURES, "actions": ACTIONS, "replication": 0, "seed": args.seed})
    options = receive()
    if options is None:
        return fail(4, "the policy closed its output before answering the hello")
    unknown = set(options) - HELLO_OPTIONS
    if unknown:
        return fail(4, f"unknown hello option(s): {sorted(unknown)}")
    with_figures = options.get("figures") is True

    rng = random.Random(args.seed)
    figures = {"jobs_completed": 0, "lead_time_s": 0.0, "changeovers": 0, "jobs_started": 0}
    last_action, time_s = 0, 0.0
    for request_id in range(decisions):
        if request_id == die_after:
            return fail(70, f"internal error: simulated crash before decision {request_id}")
        if request_id == silent_after:
            time.sleep(3600)
        time_s += 60.0 + round(rng.random() * 30.0, 3)
        mask = [rng.random() < 0.6 for _ in ACTIONS]
        if request_id == 0:
            mask[0] = False
        if not any(mask):
            mask[rng.randrange(1, len(ACTIONS))] = True
        request = {"type": "decide", "id": request_id, "time_s": time_s,
                   "features": [round(rng.random(), 6), request_id / 10, float(last_action), 1.0], "mask": mask}
        if with_figures:
            request["figures"] = dict(figures)
        send(request)
        answer = receive()
        if answer is None:
            return fail(4, f"the policy closed its output at request {request_id}")
        if answer.get("id") != request_id:
            return fail(4, f"the policy answered id {answer.get('id')} to request {request_id}")
        action = answer.get("action")
        if not isinstance(action, int) or not 0 <= action < len(ACTIONS) or not mask[action]:
            return fail(4, f"the policy picked action {action!r}, not allowed by {mask} (request {request_id})")
        completed = action + rng.randrange(2)
        figures["jobs_completed"] += completed
        figures["lead_time_s"] += round(completed * (600.0 + 100.0 * action + rng.random() * 50.0), 3)
        figures["changeovers"] += int(action != last_action)
        figures["jobs_started"] += 1 + rng.randrange(2)
        last_action = action
    end = {"type": "end", "time_s": time_s + 60.0}
    if with_figures:
        end["figures"] = dict(figures)
    send(end)
    return 0


def send(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def receive():
    line = sys.stdin.readline()
    log = os.environ.get("FAKE_TAKT_LOG")
    if log:
        with open(log, "a") as stream:
            stream.write(line if line.endswith("\n") else line + "\n")
    return json.loads(line) if line.strip() else None


def fail(code: int, message: str) -> int:
    sys.stderr.write(f"takt env: {message}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
