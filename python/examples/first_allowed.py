"""A policy process that answers every decision with its first allowed action.

The simplest policy the takt-policy protocol allows (docs/policy-protocol.md),
for any decision point. Name it in a plant file at any decision site:

    stations:
      - name: paint-booth
        pick:
          policy: {command: [python3, first_allowed.py]}

(the path is taken relative to the plant file). It needs the ``takt``
package (``pip install ./python``) for ``serve``, which uses the standard
library only.
"""

from takt import serve


def first_allowed(features, mask, request):
    """The lowest-numbered action the mask allows."""
    return mask.index(True)


if __name__ == "__main__":
    serve(first_allowed, on_hello=lambda hello: {"name": "first-allowed"})
