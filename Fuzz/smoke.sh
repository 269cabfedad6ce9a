#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ with the fuzzer and address sanitizers
# and runs each for a bounded time on its seed corpus (Plants/, the policy and
# ONNX fixtures, Fuzz/seeds/) and dictionary (Fuzz/dictionaries/). Fails on any
# crash, hang (-timeout) or memory blow-up (-rss_limit_mb); the input that
# failed is kept in $FUZZ_ARTIFACTS (default: a temporary folder, printed).
#
#   Fuzz/smoke.sh [SECONDS_PER_TARGET] [TARGET...]    (default 20 s, every target)
#
# New inputs a run finds go to a temporary copy of the corpus, never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(plant experiment policy-file onnx trace policy-protocol observed-data)
fi
build=(swift build -c release --package-path Fuzz --build-path .build-fuzz
       -Xswiftc -sanitize=fuzzer,address)

echo "== fuzz targets: build (release, -sanitize=fuzzer,address)"
start=$(date +%s)
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)"
echo "built in $(( $(date +%s) - start )) s"

work="$(mktemp -d)"
artifacts="${FUZZ_ARTIFACTS:-$work/artifacts}"
mkdir -p "$artifacts"

# The seed corpus of each target: the repository's own files of that format.
seeds() {
    case "$1" in
        plant) ls Plants/*.yaml Plants/*/*.yaml ;;
        experiment) grep -lE '^(experiment|sweep):' Plants/*/*.yaml ;;
        policy-file) ls Plants/policies/*.json ;;
        onnx) ls Tests/Fixtures/onnx/*.onnx ;;
        trace) ls Fuzz/seeds/trace/* ;;
        policy-protocol) ls Fuzz/seeds/policy-protocol/* ;;
        observed-data) ls Plants/examples/observed/*.csv Plants/examples/orders/*.csv Fuzz/seeds/observed-data/* ;;
    esac
}
dictionary() {
    case "$1" in
        plant|experiment) echo "-dict=Fuzz/dictionaries/plant.dict" ;;
        policy-file) echo "-dict=Fuzz/dictionaries/policy-file.dict" ;;
        policy-protocol) echo "-dict=Fuzz/dictionaries/policy-protocol.dict" ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    mkdir -p "$corpus"
    seeds "$target" | xargs -I{} cp {} "$corpus/"
    echo "== fuzz-$target: ${seconds} s on $(ls "$corpus" | wc -l) seeds"
    status=0
    # shellcheck disable=SC2046
    "$bin/fuzz-$target" "$corpus" $(dictionary "$target") -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" 2>"$work/$target.log" || status=$?
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/$target.log" || true
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        grep -E 'ERROR|SUMMARY|Fatal error|Test unit written' "$work/$target.log" | head -20 || true
        echo "fuzz-$target FAILED (exit $status): full log $work/$target.log, input in $artifacts"
        # The input, for logs that outlive the machine: base64 -d > input; then "$bin/fuzz-$target" input
        for input in "$artifacts/$target"-*; do
            [ -f "$input" ] && [ "$(stat -c %s "$input")" -le 8192 ] && echo "$(basename "$input") (base64): $(base64 -w0 "$input")"
        done
    fi
done
if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (logs and inputs kept in $work)"
    exit 1
fi
rm -rf "$work"
echo "== fuzz smoke passed: ${targets[*]}, ${seconds} s each"
