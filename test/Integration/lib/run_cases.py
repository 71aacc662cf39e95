#!/usr/bin/env python3
"""run_cases.py FAMILY WORKDIR --nncc PATH --src ROOT [--nncc-flag OPTION]...

Compiles every case of FAMILY (cases.py) with nncc, builds run_model.c
against the generated header and object with the system C compiler, runs
it on the case's data and checks the output against the PyTorch oracle.
Prints one line per case and "N passed, N failed"; exits 1 on a failure.
"""
import argparse
import os
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import cases  # noqa: E402


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def check(case, workdir, nncc, src, flags=()):
    seed = zlib.crc32(case.name.encode())
    text, params, x, expected = cases.materialize(case, seed)
    stem = os.path.join(workdir, case.name)
    model = os.path.join(src, case.model_file) if case.model_file \
        else stem + ".mlir"
    if text is not None:
        with open(model, "w") as f:
            f.write(text)
    dtype = np.float64 if case.dtype == "f64" else np.float32
    with open(stem + ".params.bin", "wb") as f:
        for p in params:
            f.write(np.ascontiguousarray(p, dtype).tobytes())
    with open(stem + ".input.bin", "wb") as f:
        f.write(np.ascontiguousarray(x, dtype).tobytes())
    with open(stem + ".expected.bin", "wb") as f:
        f.write(np.ascontiguousarray(expected, dtype).tobytes())

    compiled = run([nncc, *flags, model, "--name", case.name, "-o",
                    stem + ".o"])
    if compiled.returncode:
        return False, "nncc failed:\n" + compiled.stderr
    built = run(["cc", "-std=c99", "-O1", f"-DMODEL={case.name}",
                 f"-DMODEL_UPPER={case.name.upper()}", "-include",
                 stem + ".h", os.path.join(HERE, "run_model.c"), stem + ".o",
                 "-lm", "-o", stem + ".exe"])
    if built.returncode:
        return False, "cc failed:\n" + built.stderr
    ran = run([stem + ".exe", stem + ".params.bin", stem + ".input.bin",
               stem + ".expected.bin", repr(case.rtol), repr(case.atol)])
    return ran.returncode == 0, (ran.stdout + ran.stderr).strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("family", choices=sorted(cases.CASES))
    parser.add_argument("workdir")
    parser.add_argument("--nncc", required=True)
    parser.add_argument("--nncc-flag", action="append", default=[],
                        help="an option for nncc (repeatable)")
    parser.add_argument("--src", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    passed = failed = 0
    for case in cases.CASES[args.family]:
        ok, detail = check(case, args.workdir, args.nncc, args.src,
                           args.nncc_flag)
        print(f"{'PASS' if ok else 'FAIL'} {case.name}: {detail}")
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
