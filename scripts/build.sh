#!/usr/bin/env bash
# scripts/build.sh - install dependencies (scripts/setup.sh), configure and
# build nncc into ${NNCC_BUILD_DIR:-build}. Extra arguments go to ninja.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_BUILD_DIR:-$root/build}

bash "$root/scripts/setup.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 \
    -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit
fi
# Two cores: more jobs only thrash.
ninja -C "$build" -j2 "$@"
