#!/usr/bin/env bash
# scripts/gpu-check.sh [OUT] - builds the GPU check (test/gpu-check/README.md) on
# this machine, which needs no GPU: every executable, its data and the CPU
# target's reference results go into OUT (default build/gpu-check). Then,
# on a machine with an NVIDIA GPU and its driver (nothing else needed):
#
#   OUT/run.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_BUILD_DIR:-$root/build}
out=${1:-$build/gpu-check}
bash "$root/scripts/build.sh" nncc nncc_cuda
exec /usr/bin/python3 "$root/test/gpu-check/build.py" "$out" \
  --nncc "$build/bin/nncc" --src "$root" --cuda-lib "$build/lib/libnncc_cuda.a"
