"""Finding takt: the binary= argument, then TAKT, then the PATH."""

import os
import stat

import pytest

from takt.binary import find_takt


@pytest.fixture
def executable(tmp_path):
    path = tmp_path / "bin" / "takt"
    path.parent.mkdir()
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_argument_comes_first(executable, monkeypatch):
    monkeypatch.setenv("TAKT", "/nonexistent/takt")
    assert find_takt(executable) == [str(executable)]
    assert find_takt(["python3", "fake.py"]) == ["python3", "fake.py"]


def test_then_the_takt_variable(executable, monkeypatch):
    monkeypatch.setenv("TAKT", str(executable))
    monkeypatch.setenv("PATH", "")
    assert find_takt() == [str(executable)]


def test_then_the_path(executable, monkeypatch):
    monkeypatch.delenv("TAKT", raising=False)
    monkeypatch.setenv("PATH", str(executable.parent) + os.pathsep + os.environ.get("PATH", ""))
    assert find_takt() == [str(executable)]


def test_none_found_names_all_three(monkeypatch, tmp_path):
    monkeypatch.delenv("TAKT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FileNotFoundError) as error:
        find_takt()
    message = str(error.value)
    assert "binary=" in message and "TAKT" in message and "PATH" in message


def test_a_wrong_takt_variable_is_named(monkeypatch):
    monkeypatch.setenv("TAKT", "/nonexistent/takt")
    with pytest.raises(FileNotFoundError, match="TAKT environment variable"):
        find_takt()
