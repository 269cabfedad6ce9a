"""A policy process that picks a random allowed action, the same ones for the same seed.

The generator is ``random.Random("SEED/REPLICATION")`` with the seed of
takt's hello and the request's replication, so a run gives the same decisions whatever the
thread count or the order in which replications run, and two replications
do not share their draws. Name it at any decision site of a plant file:

    stations:
      - name: paint-booth
        pick:
          policy: {command: [python3, seeded_random.py]}

With ``batch: 32`` next to ``command``, one process answers every
replication; it keeps one generator per replication (``serve`` gives every
request its ``replication``, in both modes), so the decisions are the same
as with one process per replication.

It needs the ``takt`` package (``pip install ./python``) for ``serve``,
which uses the standard library only.
"""

import random

from takt import serve


class SeededRandomPolicy:
    """Uniform over the allowed actions, a generator per replication seeded from the run's seed."""

    def __init__(self):
        self.seed = 0
        self.generators = {}

    def on_hello(self, hello):
        """Keep the run's seed."""
        self.seed = hello["seed"]
        return {"name": "seeded-random"}

    def __call__(self, features, mask, request):
        # serve puts the replication in every request, with or without batch:
        replication = request["replication"]
        if replication not in self.generators:
            self.generators[replication] = random.Random(f"{self.seed}/{replication}")
        allowed = [index for index, ok in enumerate(mask) if ok]
        return self.generators[replication].choice(allowed)


if __name__ == "__main__":
    policy = SeededRandomPolicy()
    serve(policy, on_hello=policy.on_hello)
