#!/usr/bin/env bash
# Builds Cimba (the compiled peer, https://github.com/ambonvik/cimba, a C
# discrete-event library) and the serial-50 model on it, and prints the
# model's path. Used by `PEERS="simpy cimba" Benchmarks/peers/compare.sh`.
#
#   Benchmarks/peers/build-cimba.sh                  # clones Cimba at $CIMBA_REF
#   CIMBA_SRC=~/src/cimba Benchmarks/peers/build-cimba.sh
#
# Environment: CIMBA_SRC (a Cimba source tree; else cloned from CIMBA_URL at
# CIMBA_REF, default v3.0.0-rc1, into .build-peers/cimba), CC (default clang:
# Cimba is C23 and needs a compiler that takes `static_assert(expr)`, which
# GCC 12 does not). Needs meson, ninja and nasm (Debian: `apt-get install
# meson ninja-build nasm`). Cimba is built as it ships (buildtype=release,
# its own flags: -O3, LTO), the model with -O2 against it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/.build-peers"
CIMBA_URL="${CIMBA_URL:-https://github.com/ambonvik/cimba}"
CIMBA_REF="${CIMBA_REF:-v3.0.0-rc1}"
export CC="${CC:-clang}"

for tool in meson ninja nasm "$CC"; do
    command -v "$tool" >/dev/null || { echo "build-cimba: $tool not found (Debian: apt-get install meson ninja-build nasm clang)" >&2; exit 2; }
done

src="${CIMBA_SRC:-$work/cimba}"
if [[ ! -f "$src/include/cimba.h" ]]; then
    echo "== cloning Cimba $CIMBA_REF from $CIMBA_URL" >&2
    rm -rf "$src"
    git clone --quiet --depth 1 --branch "$CIMBA_REF" "$CIMBA_URL" "$src" >&2
fi

build="$work/cimba-build"
if [[ ! -f "$build/build.ninja" ]]; then
    # LLD links Cimba's LTO objects when CC is clang (the system's gold cannot).
    linker=()
    [[ "$CC" == *clang* ]] && linker=(env CC_LD=lld)
    "${linker[@]}" meson setup "$build" "$src" --buildtype=release -Denable_docs=false -Denable_cuda_tutorials=false >&2
fi
meson compile -C "$build" src/cimba >&2

model="$work/serial50_cimba"
"$CC" -O2 -std=c2x -I"$src/include" -I"$src/src" "$here/serial50_cimba.c" \
    -L"$build/src" -lcimba -lm -Wl,-rpath,"$build/src" -o "$model"
echo "$model"
