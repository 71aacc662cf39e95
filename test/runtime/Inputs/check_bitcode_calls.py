#!/usr/bin/env python3
"""check_bitcode_calls.py FILE.ll | --nm FILE.nm - the functions the
runtime's bitcode declares (FILE.ll, from llvm-dis), or an archive leaves
undefined (FILE.nm, from llvm-nm -u), include no libm function: prints them
and "no libm calls", or the libm ones and exits 1."""

import re
import sys

LIBM = {"log", "log2", "log1p", "exp", "expm1", "pow", "sqrt", "sin", "cos",
        "tan", "tanh", "fma", "floor", "ceil"}


def main(argv):
    if argv[1] == "--nm":
        with open(argv[2]) as f:
            declared = sorted({line.split()[-1] for line in f
                               if line.strip() and not line.endswith(":\n")})
    else:
        with open(argv[1]) as f:
            declared = sorted({m.group(1) for m in re.finditer(
                r"^declare .*@([A-Za-z_][\w.]*)\(", f.read(), re.M)
                if not m.group(1).startswith("llvm.")})
    print("calls:", " ".join(declared))
    libm = [name for name in declared
            if name in LIBM or (name[:-1] in LIBM and name[-1] in "fl")]
    if libm:
        print("libm calls:", " ".join(libm))
        return 1
    print("no libm calls")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
