"""The loop of a policy process: answer takt's decisions on standard input and output.

A plant file names the process (docs/policy-protocol.md)::

    pick:
      policy: {command: [python3, policies/my_policy.py]}

and the script calls ``serve`` with its policy::

    from takt import serve

    def first_allowed(features, mask, request):
        return mask.index(True)

    serve(first_allowed)

A plant that sets ``batch: N`` on the command starts one process for the
whole run, and ``serve`` answers each batch of up to N replications'
requests at once: with ``batch_fn(requests)`` (one call per batch, for a
vectorized model) when given, else with ``policy_fn`` per request. In both
modes every request carries its ``replication``.

This module uses the standard library only: copy it next to a script to run
the script where the ``takt`` package is not installed.
"""

import contextlib
import json
import sys
from typing import Callable, List, Optional, Sequence, TextIO

PolicyFunction = Callable[[Sequence[float], Sequence[bool], dict], int]
BatchFunction = Callable[[List[dict]], Sequence[int]]
HelloHandler = Callable[[dict], Optional[dict]]


class ProtocolError(RuntimeError):
    """takt sent something this loop cannot answer."""


def serve(
    policy_fn: PolicyFunction,
    stdin: Optional[TextIO] = None,
    stdout: Optional[TextIO] = None,
    on_hello: Optional[HelloHandler] = None,
    batch_fn: Optional[BatchFunction] = None,
) -> Optional[dict]:
    """Answer every decision with ``policy_fn(features, mask, request)`` until takt's end.

    Reads the hello and answers it with ``on_hello(hello)`` (a dict of
    options such as ``{"name": "colour-keeper"}``; ``{}`` without a
    handler), then answers each ``decide`` with ``{"id": ..., "action":
    policy_fn(...)}``. Returns the ``end`` message, or None when takt closed
    the stream without one. Messages of other types are skipped (a later
    protocol version may add some). A policy that picks a masked action
    raises ValueError: takt would refuse it anyway, and the traceback on
    standard error is what takt shows.

    Every request handed to ``policy_fn`` or ``batch_fn`` carries its
    ``replication``, whether the process serves one replication or many.
    Without ``batch`` takt names the replication in the hello only (its
    ``decide`` messages carry none), so ``serve`` copies the hello's
    ``replication`` into each ``decide`` it hands on: code keyed on
    ``request["replication"]`` runs unchanged in both modes. (A hello with
    neither ``replication`` nor ``batch``, which takt does not send, leaves
    the requests as they are.)

    When the hello carries ``batch`` (the plant asked for batches), each
    ``batch`` message is answered with ``{"actions": [...]}``, from
    ``batch_fn(requests)`` if given, else ``policy_fn`` per request; each
    request carries its ``replication``, and an answer must depend only on
    that replication's requests (so results do not depend on which requests
    share a batch). A replication's ``end`` is news only; the loop returns
    None when takt closes the stream at the end of the run.

    Serving on the process's own standard output, ``print()`` in the policy
    goes to standard error while it serves: a debug line on the protocol's
    stream would end the run, and takt shows standard error's tail.
    """
    stdin = sys.stdin if stdin is None else stdin
    if stdout is not None:
        return _serve(policy_fn, stdin, stdout, on_hello, batch_fn)
    protocol = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):
        return _serve(policy_fn, stdin, protocol, on_hello, batch_fn)


def _serve(policy_fn, stdin: TextIO, stdout: TextIO, on_hello, batch_fn) -> Optional[dict]:
    """``serve`` with its streams chosen."""
    hello = _read_message(stdin)
    if hello is None:
        return None
    if hello.get("type") != "hello":
        raise ProtocolError(f"expected takt's hello first, got {hello}")
    options = on_hello(hello) if on_hello is not None else None
    _write_message(stdout, {} if options is None else dict(options))
    if hello.get("batch"):
        _serve_batches(policy_fn, batch_fn, stdin, stdout)
        return None
    replication = hello.get("replication")
    while True:
        message = _read_message(stdin)
        if message is None or message.get("type") == "end":
            return message
        if message.get("type") == "decide":
            if replication is not None:
                message.setdefault("replication", replication)
            action = _checked_action(policy_fn(message["features"], message["mask"], message), message)
            _write_message(stdout, {"id": message["id"], "action": action})


def _serve_batches(policy_fn, batch_fn, stdin: TextIO, stdout: TextIO) -> None:
    """Answer each ``batch`` message until takt closes the stream (a replication's ``end`` is skipped)."""
    while True:
        message = _read_message(stdin)
        if message is None:
            return
        if message.get("type") != "batch":
            continue
        requests = message["requests"]
        if batch_fn is not None:
            actions = list(batch_fn(requests))
            if len(actions) != len(requests):
                raise ValueError(f"batch_fn gave {len(actions)} actions for {len(requests)} requests")
        else:
            actions = [policy_fn(request["features"], request["mask"], request) for request in requests]
        _write_message(stdout, {"actions": [_checked_action(a, r) for a, r in zip(actions, requests)]})


def _checked_action(action, request: dict) -> int:
    mask = request["mask"]
    index = int(action)
    if not (0 <= index < len(mask) and mask[index]):
        raise ValueError(f"the policy chose action {action} for request {request['id']}, but the mask is {mask}")
    return index


def _read_message(stream: TextIO) -> Optional[dict]:
    """The next JSON object on the stream, skipping blank lines; None at its end."""
    while True:
        line = stream.readline()
        if not line:
            return None
        if line.strip():
            message = json.loads(line)
            if not isinstance(message, dict):
                raise ProtocolError(f"takt sent a line that is not a JSON object: {line.strip()[:200]}")
            return message


def _write_message(stream: TextIO, message: dict) -> None:
    stream.write(json.dumps(message, separators=(",", ":")) + "\n")
    stream.flush()
