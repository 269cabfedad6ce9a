"""Plant overrides for takt's command line: ``--set key.path=value``, as an experiment variant's ``set:``."""

import json
from typing import Any, Mapping, Optional


def yaml_text(value: Any) -> str:
    """A Python value as YAML text for ``--set``: strings as they are, the rest as JSON (which YAML reads)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def set_arguments(overrides: Optional[Mapping[str, Any]]) -> list:
    """``--set key=value`` arguments for each override, in order."""
    arguments = []
    for key, value in (overrides or {}).items():
        arguments += ["--set", f"{key}={yaml_text(value)}"]
    return arguments
