#!/usr/bin/env python3
"""check_undefined.py FILE [--allow PREFIX]...: every symbol FILE (an object
or an archive) leaves undefined, less those it defines itself and those
starting with an allowed PREFIX, must be exported by the C library or the
math library; prints them and "only libc and libm", or the others and exits
1."""
import subprocess
import sys


def symbols(args):
    out = subprocess.run(["nm"] + args, capture_output=True, text=True,
                         check=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines()
            if line.strip()}


path = sys.argv[1]
allowed = [a for i, a in enumerate(sys.argv) if i > 1 and sys.argv[i - 1] == "--allow"]
undefined = symbols(["-u", path]) - symbols(["--defined-only", path])
undefined = {s for s in undefined if not any(s.startswith(p) for p in allowed)}
system = set()
# The dynamic loader is part of the C library (it has __tls_get_addr).
for lib in ("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
            "/lib64/ld-linux-x86-64.so.2"):
    system |= symbols(["-D", "--defined-only", lib])
others = sorted(undefined - system)
print("undefined:", " ".join(sorted(undefined)))
if others:
    print("not in libc or libm:", " ".join(others))
    sys.exit(1)
print("only libc and libm")
