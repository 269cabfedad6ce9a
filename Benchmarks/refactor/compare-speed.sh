#!/usr/bin/env bash
# Speed of two takt binaries side by side: the serial-50 benchmark plant and
# the default plant, one thread, runs alternating between the binaries so
# both see the same machine state; prints each binary's median events per
# second and the ratio new/old. Informative: a refactor should keep the
# ratio at 0.97 or above (the figures themselves are checked by
# tools/compare-figures.sh).
#
#   Benchmarks/refactor/compare-speed.sh OLD_TAKT NEW_TAKT [RUNS]     (RUNS: 7 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 2 ]; then echo "usage: $0 OLD_TAKT NEW_TAKT [RUNS]" >&2; exit 2; fi
old="$1"; new="$2"; runs="${3:-7}"
for plant in Plants/bench/serial-50.yaml Plants/xiaomi-ev.yaml; do
    for i in $(seq "$runs"); do
        for which in old new; do
            bin="$old"; [ "$which" = new ] && bin="$new"
            "$bin" run "$plant" --no-db --json --threads 1 --replications 2 \
                | python3 -c "import json,sys; d=json.load(sys.stdin); print('$which', d['events'] / d['wall_seconds'])"
        done
    done | python3 -c "
import sys, statistics
rates = {'old': [], 'new': []}
for line in sys.stdin:
    which, rate = line.split()
    rates[which].append(float(rate))
o, n = statistics.median(rates['old']), statistics.median(rates['new'])
print(f'$plant: old {o / 1e6:.2f} M events/s, new {n / 1e6:.2f} M events/s, new/old {n / o:.3f} (median of $runs runs each)')
"
done
