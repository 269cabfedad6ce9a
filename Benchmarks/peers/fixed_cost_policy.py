#!/usr/bin/env python3
"""A pick policy with a fixed wall-clock cost per call, whatever the number of
rows: what a large model's forward pass on a GPU looks like to Takt. It
answers the first allowed slot, one request at a time or a batch at once.

    fixed_cost_policy.py MICROSECONDS

Used by policy-batching.sh; standard library only.
"""
import json
import sys
import time


def main():
    cost = float(sys.argv[1]) * 1e-6 if len(sys.argv) > 1 else 0.0
    hello = json.loads(sys.stdin.readline())
    print("{}", flush=True)

    def model_call():
        deadline = time.perf_counter() + cost
        while time.perf_counter() < deadline:
            pass

    for line in sys.stdin:
        message = json.loads(line)
        if message["type"] == "batch":
            model_call()
            print(json.dumps({"actions": [r["mask"].index(True) for r in message["requests"]]}), flush=True)
        elif message["type"] == "decide":
            model_call()
            print(json.dumps({"id": message["id"], "action": message["mask"].index(True)}), flush=True)
        elif message["type"] == "end" and "batch" not in hello:
            break


if __name__ == "__main__":
    main()
