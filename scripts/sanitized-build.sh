#!/usr/bin/env bash
# scripts/sanitized-build.sh [targets] - configure and build nncc with
# AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's coverage
# instrumentation (clang-22) into ${NNCC_SANITIZED_BUILD_DIR:-build-sanitize},
# with the fuzz targets (NNCC_BUILD_FUZZERS). scripts/fuzz.sh and
# scripts/sanitize.sh build what they need through it. Extra arguments go
# to ninja.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_SANITIZED_BUILD_DIR:-$root/build-sanitize}
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -g -O1"

bash "$root/scripts/setup.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release -DNNCC_BUILD_FUZZERS=ON \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit > /dev/null
fi
ninja -C "$build" -j2 "$@"
