"""takt.serve, the loop of a policy process, on scripted conversations."""

import io
import json
import subprocess
import sys

import pytest

from takt import serve

HELLO = {"type": "hello", "protocol": "takt-policy", "version": 1, "point": "pick", "at": "booth",
         "features": ["x"], "actions": ["a", "b", "c"], "replication": 0, "seed": 1}


def conversation(*messages):
    return io.StringIO("".join(json.dumps(message) + "\n" for message in messages))


def answers(stdout):
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_each_decide_is_answered_and_the_end_returned():
    stdout = io.StringIO()
    end = {"type": "end", "time_s": 9.0}
    stdin = conversation(HELLO, {"type": "decide", "id": 4, "time_s": 1.0, "features": [0.5], "mask": [False, True, True]},
                         {"type": "decide", "id": 5, "time_s": 2.0, "features": [2.0], "mask": [True, True, False]}, end)
    calls = []

    def policy(features, mask, request):
        calls.append((features, mask, request["id"]))
        return 2 if features[0] < 1 else 0

    assert serve(policy, stdin, stdout) == end
    assert answers(stdout) == [{}, {"id": 4, "action": 2}, {"id": 5, "action": 0}]
    assert calls == [([0.5], [False, True, True], 4), ([2.0], [True, True, False], 5)]


def test_without_batch_each_request_carries_the_hellos_replication():
    # takt names the replication in the hello only when the process serves one; serve adds it to each
    # request, so code keyed on request["replication"] runs the same with and without batch.
    hello = dict(HELLO, replication=3)
    stdin = conversation(hello, {"type": "decide", "id": 1, "time_s": 1.0, "features": [0.5], "mask": [True, True, False]},
                         {"type": "end", "time_s": 9.0})
    seen = []

    def policy(features, mask, request):
        seen.append(request["replication"])
        return 0

    stdout = io.StringIO()
    serve(policy, stdin, stdout)
    assert seen == [3]
    assert answers(stdout) == [{}, {"id": 1, "action": 0}]  # the answers are unchanged


def test_the_hello_answer_comes_from_on_hello():
    stdout = io.StringIO()
    serve(lambda *_: 0, conversation(HELLO), stdout, on_hello=lambda hello: {"name": hello["at"]})
    assert answers(stdout) == [{"name": "booth"}]


def test_unknown_message_types_are_skipped_and_a_closed_stream_returns_none():
    stdout = io.StringIO()
    stdin = conversation(HELLO, {"type": "later-version-news"}, {"type": "decide", "id": 1, "features": [0], "mask": [True]})
    assert serve(lambda *_: 0, stdin, stdout) is None
    assert answers(stdout) == [{}, {"id": 1, "action": 0}]


def test_a_masked_choice_raises():
    stdin = conversation(HELLO, {"type": "decide", "id": 3, "features": [0], "mask": [True, False]})
    with pytest.raises(ValueError, match="action 1 for request 3"):
        serve(lambda *_: 1, stdin, io.StringIO())


def batch(*requests):
    return {"type": "batch", "requests": [{"type": "decide", "id": i, "replication": r, "time_s": 1.0, "features": f, "mask": m}
                                          for i, r, f, m in requests]}


def test_batches_are_answered_per_request_or_in_one_call_and_ends_are_news():
    hello = dict(HELLO, batch=4)
    del hello["replication"]
    messages = [hello, batch((1, 0, [0.5], [True, True, False]), (1, 1, [2.0], [False, True, True])),
                {"type": "end", "replication": 0, "time_s": 9.0}, batch((2, 1, [0.1], [True, False, True]))]
    stdout = io.StringIO()
    assert serve(lambda features, mask, request: 2 if mask[2] else 0, conversation(*messages), stdout) is None
    assert answers(stdout) == [{}, {"actions": [0, 2]}, {"actions": [2]}]
    calls = []

    def vectorized(requests):
        calls.append([(r["replication"], r["id"]) for r in requests])
        return [r["mask"].index(True) for r in requests]

    stdout = io.StringIO()
    serve(None, conversation(*messages), stdout, batch_fn=vectorized)
    assert answers(stdout) == [{}, {"actions": [0, 1]}, {"actions": [0]}]
    assert calls == [[(0, 1), (1, 1)], [(1, 2)]]
    with pytest.raises(ValueError, match="1 actions for 2 requests"):
        serve(None, conversation(*messages), io.StringIO(), batch_fn=lambda requests: [0])


def test_serve_loads_neither_numpy_nor_gymnasium():
    code = "import sys, takt; takt.serve; assert not {'numpy', 'gymnasium'} & set(sys.modules), sys.modules.keys()"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_print_in_a_policy_goes_to_standard_error_while_serving_on_standard_output():
    # A debug print on the protocol's stream would end takt's run: serve sends it to standard error.
    script = ("from takt import serve\n"
              "def policy(features, mask, request):\n"
              "    print('thinking about', request['id'])\n"
              "    return mask.index(True)\n"
              "serve(policy)\n"
              "print('after serving')\n")
    conversation_text = "".join(json.dumps(m) + "\n" for m in [
        HELLO, {"type": "decide", "id": 7, "time_s": 1.0, "features": [0.0], "mask": [False, True, True]}, {"type": "end"}])
    done = subprocess.run([sys.executable, "-c", script], input=conversation_text, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()[:2]] == [{}, {"id": 7, "action": 1}]
    assert "thinking about 7" in done.stderr and "thinking" not in done.stdout
    assert done.stdout.splitlines()[2:] == ["after serving"]
