#!/usr/bin/env bash
# bench/load.sh - tail latency under load, nncc and PyTorch (bench/load.py).
#
#   bench/load.sh                       1 and all cores, cores-1 busy
#   bench/load.sh --busy 1 --seconds 5  options of bench/load.py
#
# Builds nncc if needed; writes load.md and load.csv into build/bench (or
# --out). A benchmark, not a test: nothing asserts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh" nncc
exec /usr/bin/python3 "$root/bench/load.py" "$@"
