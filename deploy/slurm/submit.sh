#!/usr/bin/env bash
# Submits a Takt comparison to Slurm: SHARDS array tasks, then the merge.
#   deploy/slurm/submit.sh EXPERIMENT OUT_DIR SHARDS [extra sbatch options...]
# e.g. deploy/slurm/submit.sh Plants/experiments/maintenance-rules.yaml /scratch/$USER/mr 8 --partition=short
# Environment: TAKT, the takt binary (default: takt on the PATH), made absolute
# when it is a path; TAKT_TASKS, the array ids to run (default 0-(SHARDS-1)),
# e.g. TAKT_TASKS=3,5 to re-run two failed shards with the same command.
# Prints the merge job's id last; OUT_DIR gets comparison.json and comparison.txt.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 EXPERIMENT OUT_DIR SHARDS [sbatch options...]" >&2
    exit 2
fi
experiment="$(realpath "$1")"; out="$2"; shards="$3"; shift 3
case "$shards" in ''|*[!0-9]*) echo "SHARDS must be a whole number, got '$shards'" >&2; exit 2 ;; esac
[ "$shards" -ge 1 ] || { echo "SHARDS must be at least 1" >&2; exit 2; }
tasks="${TAKT_TASKS:-0-$((shards - 1))}"
case "$tasks" in ''|*[!0-9,%-]*) echo "TAKT_TASKS must be Slurm array ids (e.g. 3 or 3,5 or 0-7), got '$tasks'" >&2; exit 2 ;; esac
for id in $(echo "${tasks%%%*}" | tr ',-' '  '); do
    [ "$id" -lt "$shards" ] || { echo "TAKT_TASKS: array id $id is not a shard of $shards (0 to $((shards - 1)))" >&2; exit 2; }
done
mkdir -p "$out"
out="$(realpath "$out")"
here="$(dirname "$(realpath "$0")")"
TAKT="${TAKT:-$(command -v takt || echo takt)}"
case "$TAKT" in */*) TAKT="$(realpath "$TAKT")" ;; esac
export TAKT_EXPERIMENT="$experiment" TAKT_OUT="$out" TAKT_SHARDS="$shards" TAKT
array=$(sbatch --parsable --export=ALL --array="$tasks" --chdir="$out" "$@" "$here/compare-array.sbatch")
array="${array%%;*}"
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" --chdir="$out" "$@" "$here/merge.sbatch")
merge="${merge%%;*}"
echo "array job $array (tasks $tasks of $shards shards), merge job $merge; results in $out"
echo "$merge"
