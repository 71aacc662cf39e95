#!/usr/bin/env bash
# scripts/run.sh - the main job: set up, build nncc, compile the seed CNN
# and the seed LSTM into objects and headers, and run the seed CNN from C
# (examples/predict.c). Training on Fashion-MNIST arrives with issue 4.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_BUILD_DIR:-$root/build}
out=${NNCC_OUT_DIR:-$build/examples}
bash "$root/scripts/build.sh" nncc nncc-opt
mkdir -p "$out"
for model in seed_cnn seed_lstm; do
  echo "== nncc examples/$model.mlir -o $out/$model.o"
  "$build/bin/nncc" "$root/examples/$model.mlir" -o "$out/$model.o"
done
cc -std=c99 -O2 -I"$out" "$root/examples/predict.c" "$out/seed_cnn.o" -lm \
  -o "$out/predict"
echo "== $out/predict"
"$out/predict"
