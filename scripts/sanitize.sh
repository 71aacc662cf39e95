#!/usr/bin/env bash
# scripts/sanitize.sh - the test suite under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang-22, -fno-sanitize-recover=all: the first
# report fails the step). Prints one line per step and "sanitize: N of N
# steps passed"; exits 1 when one failed.
#
#   1. runtime:  the runtime's unit tests (runtime/test), built from source
#                with the sanitizers (and leak detection);
#   2. corpus:   the checkpoint fuzz target's regression corpus, the same way;
#   3. e2e:      every op family's forward, gradient, training and
#                thread-count models and the seed models (the harness of
#                test/Integration), each object linked with the sanitized
#                runtime (nncc --runtime-bitcode) and each C driver built
#                with the sanitizers; then the seed models' training,
#                checkpoint and label/numerics drivers the same way;
#   4. driver:   nncc itself built with the sanitizers
#                (scripts/sanitized-build.sh, minutes the first time) over
#                the error, limit and hostile-input tests (test/nncc but
#                cuda-target.test, which checks libnncc_cuda.a needs only libc,
#                test/Frontend) and the compiler fuzz corpus (test/Fuzz).
#
# `scripts/sanitize.sh STEP...` runs only those steps. Work files go to
# build/sanitize.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_BUILD_DIR:-$root/build}
sanitized=${NNCC_SANITIZED_BUILD_DIR:-$root/build-sanitize}
work=$build/sanitize
clang=clang-22
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=all -g -O1)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(runtime corpus e2e driver)

bash "$root/scripts/build.sh" nncc nncc-runtime-sanitized \
  nncc-runtime-test-programs > /dev/null || exit 1
rm -rf "$work" && mkdir -p "$work"
runtime_bc=$build/runtime/nncc_runtime_sanitized.bc
nncc=("$build/bin/nncc" --runtime-bitcode="$runtime_bc")

step_runtime() {
  "$clang" "${sanitize[@]}" -std=c11 -I"$root/runtime/include" \
    "$root"/runtime/test/*.c "$root"/runtime/lib/*.c -lm -lpthread \
    -o "$work/runtime-tests" && "$work/runtime-tests"
}

step_corpus() {
  "$clang" "${sanitize[@]}" -std=c11 -I"$root/runtime/include" \
    "$root"/runtime/fuzz/*.c "$root"/runtime/lib/*.c -lm -lpthread \
    -o "$work/checkpoint-replay" &&
    "$work/checkpoint-replay" "$root"/test/runtime/Inputs/checkpoint-corpus/*
}

# A seed-model driver of test/Integration/lib, sanitized: e2e_driver MODEL
# DRIVER ARGS...
e2e_driver() {
  local model=$1 driver=$2 upper
  shift 2
  upper=$(echo "$model" | tr a-z A-Z)
  "$clang" "${sanitize[@]}" -std=c11 \
    -DMODEL="$model" -DMODEL_UPPER="$upper" -include "$work/$model.h" \
    -I"$root/test/Integration/lib" "$root/test/Integration/lib/$driver" \
    "$work/$model.o" -lm -o "$work/$model-$driver.exe" &&
    "$work/$model-$driver.exe" "$@"
}

step_e2e() {
  local kind status=0
  for kind in predict grad train threads; do
    /usr/bin/python3 "$root/test/Integration/lib/run.py" "$work/e2e-$kind" \
      --nncc "$build/bin/nncc" --src "$root" --config cpu --kind "$kind" \
      --nncc-flag=--runtime-bitcode="$runtime_bc" --cc "$clang" \
      $(printf -- '--cflag=%s ' "${sanitize[@]}") | tail -n 1 || status=1
  done
  # As train-loop.test: the CNN's loss halves in 30 steps, the LSTM's in 60.
  for model in seed_cnn:30 seed_lstm:60; do
    local steps=${model#*:}
    model=${model%:*}
    "${nncc[@]}" "$root/examples/$model.mlir" --check-numerics \
      -o "$work/$model.o" || return 1
    e2e_driver "$model" train_loop.c descend "$steps" || status=1
    e2e_driver "$model" train_loop.c resume 6 "$work" || status=1
    e2e_driver "$model" train_checks.c step input nan 14 "$work" || status=1
    e2e_driver "$model" train_checks.c split none 0 0 "$work" || status=1
  done
  e2e_driver seed_cnn train_checks.c step label -1 13 "$work" || status=1
  return $status
}

# cuda-target.test is left out: it checks that libnncc_cuda.a needs only
# libc, which a sanitized build of it does not (by design).
step_driver() {
  bash "$root/scripts/sanitized-build.sh" nncc nncc-opt \
    nncc-compile-fuzz-replay > /dev/null || return 1
  /usr/lib/llvm-22/bin/lit -s --filter-out 'cuda-target' \
    "$sanitized/test/nncc" "$sanitized/test/Frontend" "$sanitized/test/Fuzz"
}

passed=0
for step in "${steps[@]}"; do
  if ! declare -F "step_$step" > /dev/null; then
    echo "sanitize.sh: no step '$step' (steps: runtime corpus e2e driver)" >&2
    exit 2
  fi
  log=$work/$step.log
  if "step_$step" > "$log" 2>&1; then
    passed=$((passed + 1))
    echo "$step: passed ($(tail -n 1 "$log"))"
  else
    echo "$step: FAILED (log: $log)"
    tail -n 30 "$log"
  fi
done
echo "sanitize: $passed of ${#steps[@]} steps passed"
[ "$passed" -eq ${#steps[@]} ]
