#!/usr/bin/env python3
"""Checks the Kubernetes Indexed Job that runs a Takt comparison, without a cluster.

    python3 deploy/k8s/check_manifest.py [MANIFEST]     (default: compare-indexed-job.yaml here)

No Kubernetes runs in CI, so this checks what would make the shards wrong
rather than fail loudly: the file is one YAML document, a batch/v1 Job with
completionMode Indexed; TAKT_SHARD_COUNT (which takt divides the replications
by, with JOB_COMPLETION_INDEX as the shard, see Sources/takt/ShardOption.swift)
equals `completions`, and parallelism is between 1 and completions; the
container runs `takt compare` with no `--shard` or `--no-db` of its own, into
a store whose name holds JOB_COMPLETION_INDEX, on a mounted volume, with
`--resume` when a failed index is retried; --threads fits the CPU limit. Then
it checks that broken copies of the manifest are refused, so the check cannot
pass vacuously. Needs PyYAML. Exits 1 on a problem.
"""
import copy
import pathlib
import re
import shlex
import sys

import yaml

INDEX_REFERENCE = re.compile(r"\$(JOB_COMPLETION_INDEX\b|\{JOB_COMPLETION_INDEX\}|\(JOB_COMPLETION_INDEX\))")


def cpu_count(quantity):
    """A Kubernetes CPU quantity ("2", 2, "500m") in CPUs."""
    text = str(quantity)
    return int(text[:-1]) / 1000 if text.endswith("m") else float(text)


def command_words(container):
    """The words the container runs: command + args, with a `sh -c` script split like a shell would."""
    words = list(container.get("command") or []) + list(container.get("args") or [])
    if len(words) >= 3 and pathlib.PurePath(words[0]).name in ("sh", "bash") and words[1] == "-c":
        return shlex.split(words[2])
    return words


def problems(doc):
    """Every problem found in one parsed manifest (an empty list when it is right)."""
    found = []
    if not isinstance(doc, dict):
        return ["the manifest is not a mapping"]
    if doc.get("apiVersion") != "batch/v1" or doc.get("kind") != "Job":
        found.append(f"expected apiVersion batch/v1 and kind Job, got {doc.get('apiVersion')} {doc.get('kind')}")
    spec = doc.get("spec") or {}
    if spec.get("completionMode") != "Indexed":
        found.append(f"spec.completionMode is {spec.get('completionMode')!r}, not Indexed: pods get no JOB_COMPLETION_INDEX")
    completions = spec.get("completions")
    parallelism = spec.get("parallelism", 1)
    if not isinstance(completions, int) or completions < 1:
        found.append(f"spec.completions must be a whole number ≥ 1, got {completions!r}")
        completions = None
    if not isinstance(parallelism, int) or parallelism < 1 or (completions and parallelism > completions):
        found.append(f"spec.parallelism must be between 1 and completions ({completions}), got {parallelism!r}")
    pod = (spec.get("template") or {}).get("spec") or {}
    if "backoffLimitPerIndex" in spec and pod.get("restartPolicy") != "Never":
        found.append("backoffLimitPerIndex needs restartPolicy: Never")
    containers = pod.get("containers") or []
    runners = [c for c in containers if "compare" in command_words(c) and any(pathlib.PurePath(w).name == "takt" for w in command_words(c))]
    if len(runners) != 1:
        return found + [f"expected one container running `takt compare`, found {len(runners)}"]
    container = runners[0]
    words = command_words(container)
    takt = next(i for i, w in enumerate(words) if pathlib.PurePath(w).name == "takt")
    if words[takt + 1: takt + 2] != ["compare"]:
        found.append(f"the container runs {' '.join(words)!r}, not `takt compare EXPERIMENT …`")
    arguments = words[takt + 2:]
    env = {e.get("name"): e.get("value") for e in container.get("env") or []}
    if "JOB_COMPLETION_INDEX" in env:
        found.append("the container sets JOB_COMPLETION_INDEX itself: Kubernetes sets it for each index")
    count = env.get("TAKT_SHARD_COUNT")
    if count is None:
        found.append("the container does not set TAKT_SHARD_COUNT: takt refuses JOB_COMPLETION_INDEX without it")
    elif not re.fullmatch(r"[0-9]+", str(count)) or int(count) != completions:
        found.append(f"TAKT_SHARD_COUNT is {count!r} but completions is {completions}: replications would be lost or run twice")
    if any(a == "--shard" or a.startswith("--shard=") for a in arguments):
        found.append("the command passes --shard, which overrides JOB_COMPLETION_INDEX")
    if "--no-db" in arguments or "--from-db" in arguments:
        found.append("a shard must run and store its replications (no --no-db or --from-db)")
    db = next((arguments[i + 1] for i, a in enumerate(arguments[:-1]) if a == "--db"), None)
    if db is None:
        found.append("the command has no --db: every pod would write takt.sqlite in its own working folder")
    else:
        if not INDEX_REFERENCE.search(db):
            found.append(f"--db {db} does not hold $JOB_COMPLETION_INDEX: the shards would write one store")
        mounts = [m.get("mountPath", "").rstrip("/") + "/" for m in container.get("volumeMounts") or []]
        if not any(db.startswith(m) for m in mounts):
            found.append(f"--db {db} is not on a mounted volume: the store would vanish with the pod")
    if "backoffLimitPerIndex" in spec and "--resume" not in arguments:
        found.append("a retried index should pass --resume to keep the replications it finished")
    if "--threads" in arguments[:-1]:
        threads = arguments[arguments.index("--threads") + 1]
        limit = ((container.get("resources") or {}).get("limits") or {}).get("cpu")
        if not threads.isdigit():
            found.append(f"--threads {threads} is not a whole number")
        elif limit is not None and int(threads) > cpu_count(limit):
            found.append(f"--threads {threads} is more than the CPU limit {limit}")
    experiment = arguments[0] if arguments else ""
    if not experiment or experiment.startswith("-"):
        found.append("`takt compare` has no experiment file")
    else:
        for name in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", experiment):
            if name not in env:
                found.append(f"the experiment {experiment} refers to ${name}, which the container does not set")
    return found


def main():
    path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("compare-indexed-job.yaml"))
    documents = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    if len(documents) != 1:
        print(f"k8s manifest: {path}: expected one YAML document, found {len(documents)}")
        return 1
    job = documents[0]
    found = problems(job)
    for problem in found:
        print(f"k8s manifest: {path}: {problem}")

    # Broken copies must be refused.
    def broken(change):
        doc = copy.deepcopy(job)
        change(doc)
        return doc

    def container(doc):
        return doc["spec"]["template"]["spec"]["containers"][0]

    def set_env(doc, name, value):
        for e in container(doc)["env"]:
            if e["name"] == name:
                e["value"] = value

    def edit_command(doc, old, new):
        c = container(doc)
        c["args"] = [a.replace(old, new) for a in c.get("args") or []]
        c["command"] = [a.replace(old, new) for a in c.get("command") or []]

    mutants = {
        "completionMode NonIndexed": broken(lambda d: d["spec"].__setitem__("completionMode", "NonIndexed")),
        "TAKT_SHARD_COUNT ≠ completions": broken(lambda d: set_env(d, "TAKT_SHARD_COUNT", str(d["spec"]["completions"] + 1))),
        "completions changed alone": broken(lambda d: d["spec"].__setitem__("completions", d["spec"]["completions"] * 2)),
        "parallelism > completions": broken(lambda d: d["spec"].__setitem__("parallelism", d["spec"]["completions"] + 1)),
        "one store for every shard": broken(lambda d: edit_command(d, "$JOB_COMPLETION_INDEX", "0")),
        "takt run instead of compare": broken(lambda d: edit_command(d, "takt compare", "takt run")),
        "an explicit --shard": broken(lambda d: edit_command(d, "--resume", "--resume --shard 0/2")),
        "kind Deployment": broken(lambda d: d.__setitem__("kind", "Deployment")),
    }
    refused = 0
    for name, doc in mutants.items():
        if problems(doc):
            refused += 1
        else:
            found.append(f"self-test: a manifest with {name} passes the check")
            print(f"k8s manifest: self-test: a manifest with {name} passes the check")
    if found:
        print(f"k8s manifest: {len(found)} problem(s)")
        return 1
    spec = job["spec"]
    print(f"k8s manifest: ok: {path.name}: Indexed Job, {spec['completions']} shards (TAKT_SHARD_COUNT), "
          f"parallelism {spec.get('parallelism', 1)}, `takt compare` into a store per JOB_COMPLETION_INDEX; "
          f"{refused} broken copies refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
