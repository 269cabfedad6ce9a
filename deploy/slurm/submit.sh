#!/usr/bin/env bash
# Submits a Takt comparison to Slurm: SHARDS array tasks, then the merge.
#   deploy/slurm/submit.sh EXPERIMENT OUT_DIR SHARDS [extra sbatch options...]
# e.g. deploy/slurm/submit.sh Plants/experiments/maintenance-rules.yaml /scratch/$USER/mr 8 --partition=short
# Prints the merge job's id; its output folder gets comparison.json and comparison.txt.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 EXPERIMENT OUT_DIR SHARDS [sbatch options...]" >&2
    exit 2
fi
experiment="$(realpath "$1")"; out="$2"; shards="$3"; shift 3
case "$shards" in ''|*[!0-9]*) echo "SHARDS must be a whole number, got '$shards'" >&2; exit 2 ;; esac
[ "$shards" -ge 1 ] || { echo "SHARDS must be at least 1" >&2; exit 2; }
mkdir -p "$out"
out="$(realpath "$out")"
here="$(dirname "$(realpath "$0")")"
export TAKT_EXPERIMENT="$experiment" TAKT_OUT="$out" TAKT="${TAKT:-$(command -v takt || echo takt)}"
array=$(sbatch --parsable --export=ALL --array=0-$((shards - 1)) --chdir="$out" "$@" "$here/compare-array.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" --chdir="$out" "$@" "$here/merge.sbatch")
echo "array job $array ($shards shards), merge job $merge; results in $out"
echo "$merge"
