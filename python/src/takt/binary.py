"""Finding the takt executable: the ``binary=`` argument, the TAKT variable, the PATH."""

import os
import shutil
from typing import Sequence, Union

BinarySpec = Union[str, "os.PathLike[str]", Sequence[str], None]


def find_takt(binary: BinarySpec = None) -> list:
    """Return the command prefix that runs takt, as a list of arguments.

    ``binary`` may be a path or a list of arguments (``[sys.executable,
    "fake_takt.py"]``); without it the ``TAKT`` environment variable is
    used, then ``takt`` on the PATH. Raises FileNotFoundError naming all
    three when none gives an executable.
    """
    if binary is not None:
        if isinstance(binary, (str, os.PathLike)):
            return [_executable(os.fspath(binary), "the binary= argument")]
        command = [os.fspath(part) for part in binary]
        if not command:
            raise ValueError("binary= is an empty list of arguments")
        return command
    from_variable = os.environ.get("TAKT")
    if from_variable:
        return [_executable(from_variable, "the TAKT environment variable")]
    on_path = shutil.which("takt")
    if on_path:
        return [on_path]
    raise FileNotFoundError(
        "takt executable not found: pass binary= to DecisionEnv, set the TAKT "
        "environment variable to the executable (e.g. .build/release/takt), or "
        "put `takt` on the PATH"
    )


def _executable(path: str, source: str) -> str:
    """Return ``path`` (resolved on the PATH when it is a bare name) if it can be run."""
    resolved = shutil.which(path) if os.sep not in path else path
    if resolved is None or not (os.path.isfile(resolved) and os.access(resolved, os.X_OK)):
        raise FileNotFoundError(f"takt executable not found at {path!r} (from {source})")
    return resolved
