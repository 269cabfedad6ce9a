#!/usr/bin/env python3
"""Checks every plant and experiment file in Plants/ against the JSON Schemas editors use.

`takt validate` remains the authority; this keeps the schema honest: every
shipped plant must pass it, and a plant with a misspelled key must not.
Needs the Python packages jsonschema and PyYAML.
"""
import glob
import json
import pathlib
import sys

import jsonschema
import yaml

root = pathlib.Path(__file__).resolve().parents[2]
schema = json.loads((root / "Plants/schema/takt-plant.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

experiment_schema = json.loads((root / "Plants/schema/takt-experiment.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(experiment_schema)
experiment_validator = jsonschema.Draft202012Validator(experiment_schema)

failed = 0
for path in sorted(glob.glob(str(root / "Plants/**/*.yaml"), recursive=True)):
    doc = yaml.safe_load(open(path))
    # Experiment files (Plants/experiments) have their own schema.
    check = experiment_validator if "/Plants/experiments/" in path else validator
    errors = list(check.iter_errors(doc))
    if errors:
        failed += 1
        print(f"schema: {path}: {errors[0].json_path}: {errors[0].message}")

typo = {"sources": [{"name": "a", "takt": "60s", "next": "s"}],
        "stations": [{"name": "s", "process": "10s", "bufer": 3, "next": "out"}],
        "sinks": [{"name": "out"}]}
if validator.is_valid(typo):
    failed += 1
    print("schema: accepts the misspelled key 'bufer'")

print("schema: ok" if failed == 0 else f"schema: {failed} problem(s)")
sys.exit(1 if failed else 0)
