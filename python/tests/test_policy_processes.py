"""The example policy processes serving a real plant through ``takt run`` (needs TAKT)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPOSITORY, real_takt_binary, requires_takt

import takt

pytestmark = requires_takt

COLOUR_BATCHING = (REPOSITORY / "Plants" / "examples" / "colour-batching.yaml").read_text()

#: The policy processes import the ``takt`` these tests import (the source tree with PYTHONPATH=src, which takt
#: would not find from the plant's folder, where it starts them; else the installed package).
PROCESS_ENVIRONMENT = dict(os.environ, PYTHONPATH=os.pathsep.join(
    [str(Path(takt.__file__).resolve().parents[1])] + [p for p in [os.environ.get("PYTHONPATH")] if p]))


def run_plant(tmp_path, pick, *options):
    """Run colour batching with its paint booth's ``pick`` replaced; return takt's JSON summary."""
    assert "pick: batch" in COLOUR_BATCHING
    plant = tmp_path / f"plant-{abs(hash((pick, options)))}.yaml"
    plant.write_text(COLOUR_BATCHING.replace("pick: batch", f"pick: {pick}"))
    done = subprocess.run([real_takt_binary(), "run", str(plant), "--duration", "2d", "--warmup", "2h",
                           "--replications", "2", "--no-db", "--json", *options],
                          capture_output=True, text=True, timeout=120, env=PROCESS_ENVIRONMENT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def example(script, *arguments):
    """A pick setting that serves the booth with an example, run by this interpreter."""
    command = [sys.executable, str(EXAMPLES / script), *arguments]
    return "{policy: {command: %s}}" % json.dumps(command)


def plant_figures(summary):
    """What the plant did, without what the policy's wall-clock time or name changes."""
    return {key: summary[key] for key in ("jobs_completed", "lead_time_s", "interdeparture_s", "stations")}


def test_first_allowed_is_the_fifo_rule(tmp_path):
    # the groups are in the order of their oldest job, so the first allowed group holds the oldest job
    served = run_plant(tmp_path, example("first_allowed.py"))
    assert plant_figures(served) == plant_figures(run_plant(tmp_path, "fifo"))
    decisions = served["decisions"][0]
    assert decisions["point"] == "pick" and decisions["decisions"] > 1000
    assert "first_allowed.py" in decisions["rule"]


def test_colour_keeper_is_the_batch_rule_when_no_group_waits_long(tmp_path):
    served = run_plant(tmp_path, example("colour_keeper.py"))
    batch = run_plant(tmp_path, "batch")
    assert plant_figures(served) == plant_figures(batch)
    assert served["stations"][0]["changeovers"] < run_plant(tmp_path, "fifo")["stations"][0]["changeovers"]


def test_seeded_random_gives_the_same_run_with_and_without_batch(tmp_path):
    # the example keys its generators on request["replication"], which serve supplies in both modes
    single = run_plant(tmp_path, example("seeded_random.py"))
    batched = run_plant(tmp_path, example("seeded_random.py").replace("}}", ", batch: 2}}"))
    assert plant_figures(single) == plant_figures(batched)


def test_seeded_random_gives_the_same_run_whatever_the_threads(tmp_path):
    one = run_plant(tmp_path, example("seeded_random.py"), "--threads", "1")
    two = run_plant(tmp_path, example("seeded_random.py"), "--threads", "2")
    assert plant_figures(one) == plant_figures(two)
    assert plant_figures(one) != plant_figures(run_plant(tmp_path, "fifo"))


def test_a_policy_that_breaks_the_protocol_ends_the_run_with_exit_4(tmp_path):
    liar = tmp_path / "liar.py"
    liar.write_text("from takt import serve\nserve(lambda features, mask, request: mask.index(False) if False in mask else 0)\n")
    plant = tmp_path / "plant.yaml"
    plant.write_text(COLOUR_BATCHING.replace("pick: batch", "pick: {policy: {command: %s}}"
                                             % json.dumps([sys.executable, str(liar)])))
    done = subprocess.run([real_takt_binary(), "run", str(plant), "--duration", "1d", "--warmup", "1h", "--no-db"],
                          capture_output=True, text=True, timeout=120, env=PROCESS_ENVIRONMENT)
    assert done.returncode == 4
    assert "ValueError" in done.stderr and "but the mask is" in done.stderr


def test_a_fallback_after_a_crash_is_in_the_store(tmp_path):
    from takt import store

    pytest.importorskip("pandas")
    crasher = tmp_path / "crasher.py"
    crasher.write_text("from takt import serve\n"
                       "def policy(features, mask, request):\n"
                       "    if request['id'] > 50:\n"
                       "        raise SystemExit('gave up after 50 decisions')\n"
                       "    return mask.index(True)\n"
                       "serve(policy)\n")
    plant = tmp_path / "plant.yaml"
    plant.write_text(COLOUR_BATCHING.replace("pick: batch", "pick: {policy: {command: %s}, fallback: oracle}"
                                             % json.dumps([sys.executable, str(crasher)])))
    database = tmp_path / "runs.sqlite"
    subprocess.run([real_takt_binary(), "run", str(plant), "--duration", "1d", "--warmup", "0s", "--replications", "2",
                    "--db", str(database)], check=True, capture_output=True, timeout=120, env=PROCESS_ENVIRONMENT)
    decisions = store.decisions(database)
    assert len(decisions) == 2
    assert (decisions["process_fallbacks"] > 1000).all()
    assert list(decisions["decisions"] - decisions["process_fallbacks"]) == [50, 50]  # request ids start at 1
    assert decisions["process_failure"].str.contains("gave up after 50 decisions").all()
