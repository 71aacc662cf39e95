#!/usr/bin/env bash
# scripts/test.sh - the test command: installs dependencies, configures,
# builds and runs the whole lit suite (check-nncc) on a fresh machine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNCC_BUILD_DIR:-$root/build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
bash "$root/scripts/build.sh" check-nncc 2>&1 | tee "$log" || status=$?

# One plain summary line for CI: "N passed, N failed".
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/^ *Failed *: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
unsupported=$(sed -n 's/^ *Unsupported *: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
echo "${passed:-0} passed, ${failed:-0} failed, ${unsupported:-0} skipped"
if [ "${passed:-0}" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
