#!/usr/bin/env python3
"""check_undefined.py OBJECT: every symbol OBJECT leaves undefined must be
exported by the C library or the math library; prints them and "only libc
and libm", or the others and exits 1."""
import subprocess
import sys


def symbols(args):
    out = subprocess.run(["nm"] + args, capture_output=True, text=True,
                         check=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines()
            if line.strip()}


undefined = symbols(["-u", sys.argv[1]])
system = set()
for lib in ("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6"):
    system |= symbols(["-D", "--defined-only", lib])
others = sorted(undefined - system)
print("undefined:", " ".join(sorted(undefined)))
if others:
    print("not in libc or libm:", " ".join(others))
    sys.exit(1)
print("only libc and libm")
