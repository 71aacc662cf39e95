#!/usr/bin/env python3
"""check-format.py CLANG_FORMAT ROOT - the C and C++ sources under ROOT are
formatted as .clang-format says: runs `CLANG_FORMAT --dry-run -Werror` over
every .c, .h and .cpp file in the source folders (not the build tree) and
exits with its status. `clang-format -i` on the files it lists fixes them.
"""

import os
import subprocess
import sys

SOURCE_DIRS = ["include", "lib", "tools", "runtime", "test", "bench", "examples"]
SUFFIXES = (".c", ".h", ".cpp")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    clang_format, root = argv[1], argv[2]
    files = []
    for top in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in ("Output", "__pycache__"))
            files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(SUFFIXES)]
    done = subprocess.run([clang_format, "--dry-run", "-Werror", *files])
    print(f"check-format: {len(files)} files, "
          f"{'clean' if done.returncode == 0 else 'not clean: run clang-format -i on them'}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
