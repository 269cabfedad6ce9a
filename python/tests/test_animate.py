"""takt.animate against the real binary: a page per run, the same for the same seed, a deadlock's page with a warning."""

import json
import re

import pytest
from conftest import REPOSITORY, requires_takt

import takt


def player_data(page):
    """The player's data from the page's script."""
    return json.loads(re.search(r"var TAKT_TIMELINE = (.*);\n", page.html).group(1))


@requires_takt
def test_animate_writes_the_page_of_the_run_asked_for(tmp_path):
    plant = REPOSITORY / "Plants" / "examples" / "colour-batching.yaml"
    page = takt.animate(plant, tmp_path / "a.html", seed=3, length="1h", set={"stations.paint-booth.buffer": 12})
    data = player_data(page)
    assert page.path == str(tmp_path / "a.html") and page.stopped is None
    assert data["length"] == 3600 and data["stations"][0]["capacity"] == 12
    assert "setup" in data["states"] and any(state == data["states"].index("setup") for state in data["servers"][0][1::2])
    again = takt.animate(plant, tmp_path / "b.html", seed=3, length="1h", set={"stations.paint-booth.buffer": 12})
    assert player_data(again) == data
    other = takt.animate(plant, seed=4, length="1h")  # a temporary file
    assert player_data(other)["servers"] != data["servers"]
    assert '<iframe srcdoc="' in other._repr_html_() and "&lt;script&gt;" in other._repr_html_()


@requires_takt
def test_a_deadlock_gives_its_page_with_a_warning_and_bad_input_raises():
    plant = REPOSITORY / "Plants" / "examples" / "deadlock.yaml"
    with pytest.warns(RuntimeWarning, match="deadlock"):
        page = takt.animate(plant, length="10min")
    assert "deadlock" in page.stopped and player_data(page)["stoppedAt"] > 0
    with pytest.raises(ValueError, match="length must be"):
        takt.animate(plant, length="never")  # not a duration: refused before takt runs
    with pytest.raises(takt.TaktRunError, match="--for") as refused:
        takt.animate(plant, length="400d")  # a duration, but more than takt animate's 366 days
    assert refused.value.status == 2
