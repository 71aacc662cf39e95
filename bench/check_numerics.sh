#!/usr/bin/env bash
# bench/check_numerics.sh - the cost of --check-numerics (bench/check_numerics.py).
#
#   bench/check_numerics.sh               1 thread and all cores
#   bench/check_numerics.sh --rounds 12   options of bench/check_numerics.py
#
# Builds nncc if needed; writes check_numerics.md into build/bench (or
# --out). A benchmark, not a test: nothing asserts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh" nncc
exec /usr/bin/python3 "$root/bench/check_numerics.py" "$@"
