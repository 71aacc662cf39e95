#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# Builds the nncc runtime library and its C unit tests with $CC (default cc)
# and runs them; with clang-22 installed, also builds the library to LLVM
# bitcode as nncc does, checks that bitcode, and runs the tests once more with
# clang-22 (the golden initializer bits must match across compilers). Ends
# with "N passed, N failed" and exits non-zero on any failure.

set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags="-std=c11 -O2 -Wall -Wextra -Werror"
libm_names="log|log2|log1p|exp|expm1|pow|sqrt|sin|cos|tan|tanh|fma|floor|ceil"
passed=0
failed=0

# record NAME STATUS: one script-level check.
record() {
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1)); echo "  ok   $1"
  else
    failed=$((failed + 1)); echo "  FAIL $1"
  fi
}

# run_suite CC: builds library + tests with CC, runs them, adds their counts.
run_suite() {
  cc=$1
  dir="$work/$(basename "$cc")"
  mkdir -p "$dir"
  echo "== $cc"
  objs=""
  for src in "$root"/lib/*.c; do
    obj="$dir/$(basename "$src" .c).o"
    if ! $cc $flags -I"$root/include" -c "$src" -o "$obj"; then
      record "$cc: compile $(basename "$src")" 1
      return
    fi
    objs="$objs $obj"
  done
  # The library must not need libm.
  libm=$(nm -u $objs | awk '{print $2}' | grep -E "^($libm_names)[fl]?\$")
  record "$cc: library needs no libm${libm:+ (uses $libm)}" "$([ -z "$libm" ]; echo $?)"
  # The tests compare against libm.
  if ! $cc $flags -I"$root/include" "$here"/*.c $objs -lm \
      -o "$dir/runtime-tests"; then
    record "$cc: build tests" 1
    return
  fi
  "$dir/runtime-tests" | tee "$dir/log"
  summary=$(tail -n 1 "$dir/log")
  case $summary in
    *" passed, "*" failed")
      set -- $summary
      passed=$((passed + $1)); failed=$((failed + $3)) ;;
    *) record "$cc: test binary finished" 1 ;;
  esac
}

# check_bitcode: the exact compile nncc uses, then what the bitcode may call.
check_bitcode() {
  echo "== clang-22 -O2 -emit-llvm -c"
  dir="$work/bitcode"
  mkdir -p "$dir"
  status=0
  for src in "$root"/lib/*.c; do
    clang-22 -O2 -emit-llvm -c -Wall -Wextra -Werror -I"$root/include" "$src" \
      -o "$dir/$(basename "$src" .c).bc" || status=1
  done
  record "bitcode builds" $status
  [ $status -eq 0 ] || return
  dis=$(command -v llvm-dis-22 || echo /usr/lib/llvm-22/bin/llvm-dis)
  [ -x "$dis" ] || return
  ll=$(for bc in "$dir"/*.bc; do "$dis" "$bc" -o -; done)
  echo "$ll" | grep -q 'fmuladd\|llvm\.fma\|contract'
  record "bitcode has no fused multiply-adds" "$([ $? -ne 0 ]; echo $?)"
  calls=$(echo "$ll" |
    sed -n 's/^declare .*@\([A-Za-z_][A-Za-z0-9_.]*\)(.*/\1/p' |
    grep -v '^llvm\.' | sort -u | tr '\n' ' ')
  echo "  (bitcode calls: $calls)"
  bad=$(echo "$calls" | tr ' ' '\n' | grep -E "^($libm_names)[fl]?\$")
  record "bitcode calls no libm" "$([ -z "$bad" ]; echo $?)"
}

run_suite "${CC:-cc}"
if command -v clang-22 >/dev/null 2>&1; then
  run_suite clang-22
  check_bitcode
else
  echo "(clang-22 not found: bitcode checks skipped)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
