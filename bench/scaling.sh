#!/usr/bin/env bash
# bench/scaling.sh - compile time and memory by model size (bench/scaling.py).
#
#   bench/scaling.sh                        100 to 10,000 layers and parameters
#   bench/scaling.sh --sizes 100,1000       options of bench/scaling.py
#
# Builds nncc if needed; writes scaling.md and scaling.csv into build/bench (or
# --out). A benchmark, not a test: nothing asserts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh" nncc
exec /usr/bin/python3 "$root/bench/scaling.py" "$@"
