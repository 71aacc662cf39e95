#!/usr/bin/env bash
# bench/run.sh - nncc vs PyTorch on the seed models (see bench/bench.py).
#
#   bench/run.sh                      all cores each, 2 s per row and side
#   bench/run.sh --threads 1          one thread each
#   bench/run.sh --seconds 5 --out d  options of bench/bench.py
#
# Builds nncc if needed; writes results.md, results.csv and ratios.svg
# into build/bench (or --out). A benchmark, not a test: nothing asserts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh" nncc
exec /usr/bin/python3 "$root/bench/bench.py" "$@"
