#!/usr/bin/env bash
# scripts/fuzz.sh TARGET SECONDS - runs one libFuzzer target (clang-22,
# -fsanitize=fuzzer,address,undefined) for SECONDS and prints its executions
# per second and coverage. Targets:
#   checkpoint   the runtime's checkpoint loader (runtime/fuzz/CheckpointFuzzer.c)
#   compile      the compiler: parser, verifier, the whole CPU pipeline and
#                the header (tools/nncc-compile-fuzzer), built in the
#                sanitized build scripts/sanitize.sh uses too
#                (${NNCC_SANITIZED_BUILD_DIR:-build-sanitize}; minutes, once)
# The seed corpus is the target's seed input plus its regression corpus
# (test/runtime/Inputs/checkpoint-corpus, test/Fuzz/Inputs/compile-corpus)
# and, for compile, the examples and the tests' models; the corpus grows in
# build-fuzz/corpus/<target>. An input that crashes, leaks or hangs is saved
# as build-fuzz/crashes/<target>-*: add it to the regression corpus, which
# the test suite replays on the normal build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS (targets: checkpoint, compile)}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
build=${NNCC_BUILD_DIR:-$root/build}
sanitized=${NNCC_SANITIZED_BUILD_DIR:-$root/build-sanitize}
out=$root/build-fuzz
clang=${NNCC_CLANG:-/usr/lib/llvm-22/bin/clang}
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -I"$root/runtime/include")

case "$target" in
  checkpoint)
    sources=("$root/runtime/fuzz/CheckpointFuzzer.c" "$root"/runtime/lib/*.c)
    regressions=$root/test/runtime/Inputs/checkpoint-corpus
    bash "$root/scripts/build.sh" nncc-runtime-test-programs > /dev/null
    seed() { "$build/bin/nncc-checkpoint-fuzz-replay" --write-seed "$1"; }
    make_fuzzer() {
      "$clang" "${flags[@]}" "${sources[@]}" -lm -lpthread -o "$out/$target-fuzzer"
    }
    ;;
  compile)
    regressions=$root/test/Fuzz/Inputs/compile-corpus
    make_fuzzer() {
      bash "$root/scripts/sanitized-build.sh" nncc-compile-fuzzer > /dev/null
      cp "$sanitized/bin/nncc-compile-fuzzer" "$out/$target-fuzzer"
    }
    bash "$root/scripts/build.sh" nncc-compile-fuzz-replay > /dev/null
    seed() {
      "$build/bin/nncc-compile-fuzz-replay" --write-seed "$1"
      cp "$root"/examples/*.mlir "$root"/test/Integration/Inputs/*.mlir \
        "$(dirname "$1")"/
    }
    ;;
  *)
    echo "fuzz.sh: no target '$target' (targets: checkpoint, compile)" >&2
    exit 1
    ;;
esac

mkdir -p "$out/corpus/$target" "$out/crashes"
make_fuzzer
seed "$out/corpus/$target/seed"
log=$out/$target.log
status=0
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$out/$target-fuzzer" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$out/crashes/$target-" \
  "$out/corpus/$target" "$regressions" > "$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1)
echo "$target: $seconds s, ${runs:-0} executions, ${rate:-0} exec/s, ${cov:-cov: ?} edges, ${ft:-ft: ?} features, exit $status (log: $log)"
exit "$status"
