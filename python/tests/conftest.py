"""Shared fixtures: the fake ``takt env``, the real takt binary (when TAKT is set), the repository."""

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPOSITORY = TESTS.parents[1]
EXAMPLES = REPOSITORY / "python" / "examples"
FAKE_TAKT = [sys.executable, str(TESTS / "fake_takt.py")]

#: The real site the integration tests drive: colour batching's paint booth, two simulated hours.
REAL_SITE = dict(
    plant=str(REPOSITORY / "Plants" / "examples" / "colour-batching.yaml"),
    point="pick",
    at="paint-booth",
    duration="2h",
    warmup="0s",
)


def real_takt_binary():
    """The takt binary named by TAKT, or None."""
    path = os.environ.get("TAKT")
    return os.path.abspath(path) if path else None


requires_takt = pytest.mark.skipif(
    real_takt_binary() is None,
    reason="TAKT is not set: set TAKT=.build/release/takt to run the tests against the real binary",
)


@pytest.fixture
def fake_plant(tmp_path):
    """A plant file for the fake (which only checks that it exists)."""
    plant = tmp_path / "plant.yaml"
    plant.write_text("plant: fake\n")
    return str(plant)


@pytest.fixture(params=["fake", pytest.param("real", marks=requires_takt)])
def make_env(request, fake_plant):
    """A factory of DecisionEnvs served by the fake ``takt env``, or by the real one on colour batching."""
    from takt import DecisionEnv

    made = []

    def factory(**overrides):
        if request.param == "fake":
            arguments = dict(plant=fake_plant, point="pick", at="booth", binary=FAKE_TAKT)
        else:
            arguments = dict(REAL_SITE, binary=real_takt_binary())
        arguments.update(overrides)
        env = DecisionEnv(**arguments)
        made.append(env)
        return env

    factory.backend = request.param
    yield factory
    for env in made:
        env.close()
