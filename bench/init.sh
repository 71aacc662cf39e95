#!/usr/bin/env bash
# bench/init.sh - NAME_create with a large orthogonal kernel against PyTorch's
# torch.nn.init.orthogonal_ (bench/init.py).
#
#   bench/init.sh                       1024 to 8192 columns, 1 and 2 threads
#   bench/init.sh --sizes 1024,2048     options of bench/init.py
#
# Builds nncc if needed; writes init.md into build/bench (or --out). A
# benchmark, not a test: nothing asserts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh" nncc
exec /usr/bin/python3 "$root/bench/init.py" "$@"
