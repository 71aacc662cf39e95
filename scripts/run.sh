#!/usr/bin/env bash
# scripts/run.sh - the main job: set up, build nncc, and compile the seed
# models with it. (Object files and training arrive with issues 3 and 4; for
# now nncc verifies the models and prints them.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh" nncc nncc-opt
for model in "$root/examples/seed_cnn.mlir" "$root/examples/seed_lstm.mlir"; do
  echo "== nncc $(basename "$model")"
  "$build/bin/nncc" "$model" --emit=mlir -o -
done
