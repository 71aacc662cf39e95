#!/usr/bin/env bash
# scripts/run.sh - the main job: set up, build nncc, compile the seed CNN
# (examples/seed_cnn.mlir) into an object and header, and train it for one
# epoch on Fashion-MNIST with examples/train.c: progress, per-epoch loss and
# test accuracy, a checkpoint, the loss curve as CSV and SVG.
#
#   scripts/run.sh                  the seed CNN, 1 epoch
#   scripts/run.sh seed_lstm 1      the seed LSTM (rows as timesteps)
#   NNCC_OUT_DIR=dir scripts/run.sh where outputs go (default build/run)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_BUILD_DIR:-$root/build}
out=${NNCC_OUT_DIR:-$build/run}
model=${1:-seed_cnn}
epochs=${2:-1}
bash "$root/scripts/build.sh" nncc
mkdir -p "$out"
cd "$out"
upper=$(echo "$model" | tr '[:lower:]' '[:upper:]')
echo "== nncc examples/$model.mlir -o $out/$model.o"
"$build/bin/nncc" "$root/examples/$model.mlir" -o "$model.o"
cc -O2 -std=c99 -D_POSIX_C_SOURCE=200809L -DMODEL="$model" \
  -DMODEL_UPPER="$upper" -include "$model.h" "$root/examples/train.c" \
  "$model.o" -lm -o "train_$model"
echo "== train_$model --epochs $epochs (outputs in $out)"
"./train_$model" --epochs "$epochs"
