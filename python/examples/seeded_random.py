"""A policy process that picks a random allowed action, the same ones for the same seed.

The generator is ``random.Random("SEED/REPLICATION")`` with the seed and the
replication of takt's hello, so a run gives the same decisions whatever the
thread count or the order in which replications run, and two replications
do not share their draws. Name it at any decision site of a plant file:

    stations:
      - name: paint-booth
        pick:
          policy: {command: [python3, seeded_random.py]}

It needs the ``takt`` package (``pip install ./python``) for ``serve``,
which uses the standard library only.
"""

import random

from takt import serve


class SeededRandomPolicy:
    """Uniform over the allowed actions, seeded from takt's hello."""

    def __init__(self):
        self.rng = random.Random(0)

    def on_hello(self, hello):
        """Seed the generator from the replication's seed and number."""
        self.rng = random.Random(f"{hello['seed']}/{hello['replication']}")
        return {"name": "seeded-random"}

    def __call__(self, features, mask, request):
        allowed = [index for index, ok in enumerate(mask) if ok]
        return self.rng.choice(allowed)


if __name__ == "__main__":
    policy = SeededRandomPolicy()
    serve(policy, on_hello=policy.on_hello)
