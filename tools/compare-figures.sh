#!/usr/bin/env bash
# Same plant, same seed, same options => the same figures: runs every plant in
# Plants/ (the default plant, the benchmark, examples and validation plants) with two takt binaries and
# compares their --json output field by field, and the rows they store in a
# run store table by table, timing fields aside. A refactor must print
# "identical" for all of them (a plant only the new binary reads prints
# "new"; a table or column only the new store has is named, not compared).
#
#   tools/compare-figures.sh OLD_TAKT NEW_TAKT [extra takt run options...]
#
# Default options keep it quick (2 replications × 7 days, 1-day warm-up); pass
# e.g. `--replications 5 --duration 30d --warmup 2d` for the full check.
# Exit 0 when every plant matches, 1 when any differs (the first differing
# fields are printed), 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then echo "usage: $0 OLD_TAKT NEW_TAKT [takt run options...]" >&2; exit 2; fi
old="$1"; new="$2"; shift 2
options=("$@")
if [ ${#options[@]} -eq 0 ]; then options=(--replications 2 --duration 7d --warmup 1d); fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for plant in Plants/xiaomi-ev.yaml Plants/bench/*.yaml Plants/examples/*.yaml Plants/validation/*.yaml; do
    name="$(basename "$plant" .yaml)"
    for side in old new; do
        binary="$old"; [ "$side" = new ] && binary="$new"
        "$binary" run "$plant" --db "$work/$name.$side.sqlite" --json "${options[@]}" > "$work/$name.$side.json" 2> "$work/$name.$side.err" \
            || echo "exit $?" >> "$work/$name.$side.json"
    done
    if python3 - "$work/$name.old.json" "$work/$name.new.json" "$plant" "$work/$name.old.sqlite" "$work/$name.new.sqlite" <<'PY'
import json, os, sqlite3, sys
# Wall-clock figures differ from run to run, and the store's ids say which rows a run got, not
# what it measured; everything else must not differ.
TIMING = {"wall_seconds", "events_per_second", "mean_ns", "inference_ns", "wall_s", "elapsed_s", "takt_version", "version", "run_ids"}
def load(path):
    text = open(path).read()
    try:
        return json.loads(text)
    except ValueError:
        return {"unparsed output": text}
def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in TIMING or k.startswith(("mean_ns", "wall_", "inference_ns")):
                continue
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'new' if k in b else 'old'}")
            else:
                diff(a[k], b[k], f"{path}/{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items, now {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {a!r}, now {b!r}")
# Tables read through views (schema v16: series and histograms; v25: robots; v26: plant figures),
# compared through the views, which read the same as the tables of those names in older stores.
BEHIND_VIEWS = {"grdb_migrations", "run_series_bins", "run_histogram_bins", "histogram_edges", "run_robot_figures", "run_metric_values"}
def columns_of(path):
    """Each table's (and view's) columns in the store at `path`, the tables behind views aside."""
    if not os.path.exists(path):
        return {}
    db = sqlite3.connect(path)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')") if r[0] not in BEHIND_VIEWS]
    return {name: {r[1] for r in db.execute(f"PRAGMA table_info({name})")} for name in names}
def stored(path, shared):
    """Every row of the run tables, timing and invocation columns aside, as sorted lists by table.
    Only the columns both stores have are compared (`shared`): a column a newer schema adds is reported once."""
    if not os.path.exists(path):
        return {}
    db = sqlite3.connect(path)
    skip = {"id", "run_id", "batch", "started_at", "finished_at", "wall_seconds", "takt_version", "mean_ns", "inference_ns", "plant_path"}
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")
              if r[0] not in BEHIND_VIEWS]
    out = {}
    for table in sorted(tables):
        every = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        columns = [c for c in every if c not in skip and c in shared.get(table, set())]
        if not columns:  # a table only one store has (or the other run failed): the other side shows it
            # An empty table a newer schema adds is reported once, like an added column.
            if table not in shared and db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0:
                continue
            out[table] = "present"
            continue
        joined = "JOIN runs r ON r.id = t.run_id" if "run_id" in every else ""
        key = "r.replication, " if joined else ""
        rows = db.execute(f"SELECT {key}{', '.join('t.' + c for c in columns)} FROM {table} t {joined}").fetchall()
        out[table] = sorted(([list(r) for r in rows]), key=repr)
    return out
out = []
old_json, new_json = load(sys.argv[1]), load(sys.argv[2])
if "unparsed output" in old_json and "unparsed output" not in new_json:
    # A plant using a concept the old binary does not know: nothing to compare.
    print(f"new        {sys.argv[3]}: only the new binary reads it")
    sys.exit(0)
diff(old_json, new_json, "", out)
old_columns, new_columns = columns_of(sys.argv[4]), columns_of(sys.argv[5])
shared = {t: old_columns[t] & new_columns[t] for t in old_columns.keys() & new_columns.keys()}
added = [f"{t}.{c}" for t in sorted(shared) for c in sorted(new_columns[t] - old_columns[t])]
added += [f"{t} (empty)" for t in sorted(new_columns.keys() - old_columns.keys())]
note = f" (only in new, not compared: {', '.join(added)})" if added else ""
diff(stored(sys.argv[4], shared), stored(sys.argv[5], shared), "store", out)
if out:
    print(f"DIFFERS    {sys.argv[3]}: {len(out)} fields, first: " + "; ".join(out[:5]) + note)
    sys.exit(1)
print(f"identical  {sys.argv[3]}{note}")
PY
    then :; else status=1; fi
done
exit $status
