#!/usr/bin/env python3
"""run_grad_cases.py WORKDIR --nncc PATH [--nncc-flag OPTION]... [--only NAME...]

For every case of grad_cases.py: compiles the model (float64), runs
NAME_compute_gradients from C, and compares the loss and every gradient
with central finite differences (step 1e-6) of the PyTorch oracle's
forward pass and the loss, and the updated non-trainable state (moving
statistics) with the oracle's. Prints one line per case and
"N passed, N failed".
"""
import argparse
import os
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import grad_cases  # noqa: E402

RTOL, ATOL, STEP = 1e-5, 1e-7, 1e-6


def finite_differences(case, values, labels):
    def loss(vals):
        return grad_cases.loss_of(case, case.forward(*vals), labels)
    grads = []
    for i, p in enumerate(case.params):
        if not p.trainable:
            continue
        g = np.zeros_like(values[i])
        flat = values[i].reshape(-1)
        for j in range(flat.size):
            saved = flat[j]
            flat[j] = saved + STEP
            up = loss(values)
            flat[j] = saved - STEP
            down = loss(values)
            flat[j] = saved
            g.reshape(-1)[j] = (up - down) / (2 * STEP)
        grads.append(g)
    return loss(values), grads


def check(case, workdir, nncc, flags=()):
    rng = np.random.default_rng(zlib.crc32(case.name.encode()))
    values = [rng.uniform(p.low, p.high, p.shape) for p in case.params]
    output = np.asarray(case.forward(*values))
    labels = grad_cases.labels_for(case, output.shape, rng)
    stem = os.path.join(workdir, case.name)
    with open(stem + ".mlir", "w") as f:
        f.write(grad_cases.mlir(case, output.shape))
    with open(stem + ".params.bin", "wb") as f:
        for v in values:
            f.write(np.ascontiguousarray(v, np.float64).tobytes())
    labels.astype(np.int32 if case.loss == "sparse" else np.float64).tofile(
        stem + ".labels.bin")
    for cmd in ([nncc, *flags, stem + ".mlir", "-o", stem + ".o"],
                ["cc", "-std=c99", f"-DMODEL={case.name}",
                 f"-DMODEL_UPPER={case.name.upper()}", "-include",
                 stem + ".h", os.path.join(HERE, "grad_model.c"),
                 stem + ".o", "-lm", "-o", stem + ".exe"],
                [stem + ".exe", stem + ".params.bin", stem + ".labels.bin",
                 stem + ".out"]):
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            return False, f"{cmd[0]} failed: {done.stderr.strip()}"
    got = np.fromfile(stem + ".out", np.float64)
    ref_loss, ref_grads = finite_differences(case, values, labels)
    state = case.state_after(*values) if case.state_after else []
    want = np.concatenate([[ref_loss]] + [g.reshape(-1) for g in ref_grads] +
                          [s.reshape(-1) for s in state])
    if got.size != want.size:
        return False, f"{got.size} values, expected {want.size}"
    err = np.abs(got - want)
    ok = bool(np.all(err <= RTOL * np.abs(want) + ATOL))
    worst = float(np.max(err / (np.abs(want) + ATOL)))
    updated = sum(s.size for s in state)
    detail = f"{want.size - 1 - updated} gradient entries"
    if updated:
        detail += f", {updated} moving-statistic entries"
    return ok, f"{detail}, worst error {worst:.2e}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir")
    parser.add_argument("--nncc", required=True)
    parser.add_argument("--nncc-flag", action="append", default=[],
                        help="an option for nncc (repeatable)")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    passed = failed = 0
    for case in grad_cases.CASES:
        if args.only and case.name not in args.only:
            continue
        ok, detail = check(case, args.workdir, args.nncc, args.nncc_flag)
        print(f"{'PASS' if ok else 'FAIL'} {case.name}: {detail}")
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
