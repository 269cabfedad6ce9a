"""A policy process for the ``pick`` point: keep the colour, unless a group has waited too long.

At a selectivity bank in front of a paint booth (or any station with a
``changeover``), the buffer's jobs form groups by colour or variant. This
policy serves the group of the server's last attribute when the bank holds
one (no changeover); otherwise, or when another group's oldest job has
waited ``--max-wait-h`` hours or more (default 4), the group whose oldest job
has waited longest. It reads the pick features by name from takt's hello
(``g1.same``, ``g1.wait_h`` … ``g8.wait_h``; see
Sources/TaktPlant/Components/Changeovers/PickPoint.swift).

    stations:
      - name: paint-booth
        buffer: 20
        changeover: {by: colour, time: 60s}
        pick:
          policy: {command: [python3, colour_keeper.py, --max-wait-h, "2"]}

It needs the ``takt`` package (``pip install ./python``) for ``serve``,
which uses the standard library only.
"""

import argparse
import sys

from takt import serve


class ColourKeeper:
    """Same attribute as the last job when possible, else the longest-waiting group."""

    def __init__(self, max_wait_h: float):
        self.max_wait_h = max_wait_h
        self.same = []
        self.wait_h = []

    def on_hello(self, hello):
        """Find the feature index of each group's ``same`` and ``wait_h``; refuse other points."""
        if hello["point"] != "pick":
            sys.exit(f"colour_keeper.py serves the pick point, not {hello['point']!r}")
        names = hello["features"]
        groups = len(hello["actions"])
        self.same = [names.index(f"g{slot}.same") for slot in range(1, groups + 1)]
        self.wait_h = [names.index(f"g{slot}.wait_h") for slot in range(1, groups + 1)]
        return {"name": f"colour-keeper (max wait {self.max_wait_h:g} h)"}

    def __call__(self, features, mask, request):
        allowed = [group for group, ok in enumerate(mask) if ok]
        oldest = max(allowed, key=lambda group: (features[self.wait_h[group]], -group))
        same = [group for group in allowed if features[self.same[group]] >= 0.5]
        if same and features[self.wait_h[oldest]] < self.max_wait_h:
            return same[0]
        return oldest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-wait-h", type=float, default=4.0,
                        help="serve the longest-waiting group once it has waited this long (hours)")
    policy = ColourKeeper(parser.parse_args().max_wait_h)
    serve(policy, on_hello=policy.on_hello)


if __name__ == "__main__":
    main()
