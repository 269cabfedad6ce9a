#!/usr/bin/env python3
"""A pick policy in another process: paint the colour just painted while the
bank holds one, else the group that waited longest (the first slot).

It speaks the takt-policy protocol (docs/policy-protocol.md) with the Python
standard library only. Serve a station's pick decisions with it:

    pick: {policy: {command: [python3, policies/same_colour.py]}}

or, one process answering up to 32 replications at a time in batches:

    pick: {policy: {command: [python3, policies/same_colour.py], batch: 32}}
"""
import json
import sys

GROUPS = 8  # the pick point's candidate slots; features 3*k, 3*k+1, 3*k+2 are slot k's same, wait_h, size


def choose(features, mask):
    """The slot to serve: one of the last colour if allowed, else the oldest (first allowed) slot."""
    for k in range(GROUPS):
        if mask[k] and features[3 * k] == 1:
            return k
    return mask.index(True)


def main():
    hello = json.loads(sys.stdin.readline())
    if hello.get("point") != "pick":
        print(f"same_colour.py serves the pick point, not {hello.get('point')}", file=sys.stderr)
        return 1
    print(json.dumps({"name": "same colour, else oldest"}), flush=True)
    batches = "batch" in hello  # then the input ends when the run does; each replication's end is news only
    for line in sys.stdin:
        message = json.loads(line)
        if message["type"] == "batch":
            actions = [choose(request["features"], request["mask"]) for request in message["requests"]]
            print(json.dumps({"actions": actions}), flush=True)
        elif message["type"] == "decide":
            print(json.dumps({"id": message["id"], "action": choose(message["features"], message["mask"])}), flush=True)
        elif message["type"] == "end" and not batches:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
