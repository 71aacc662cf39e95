#!/usr/bin/env python3
"""expect-exit CODE COMMAND [ARGS...]

Runs COMMAND, passing its standard streams through, and succeeds only if it
exits with CODE. lit's `not` accepts any non-zero code; nncc's tests need the
exact one (1 for a user error, 2 for an internal error).
"""
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    expected = int(sys.argv[1])
    actual = subprocess.call(sys.argv[2:])
    if actual != expected:
        print(f"expect-exit: '{sys.argv[2]}' exited with {actual}, "
              f"expected {expected}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
