"""Compiles a case with nncc, builds its C driver, runs it, compares.

`Toolchain` is the one place that runs commands: nncc with the
configuration's options (configs.py), the system C compiler on a driver of
this folder (run_model.c, grad_model.c, train_model.c) with the generated
header and object, and the built executable. A command that fails raises
`StepFailed` with its output.

`check_predict`, `check_gradients` and `check_training` run one case of
registry.py and add its results, compared with reporting.py's tolerances,
to a reporting.Report; `run` runs a list of cases of one kind.
"""

import os
import subprocess
from typing import Sequence

import numpy as np

import registry
import reporting
import train_oracle

HERE = os.path.dirname(os.path.abspath(__file__))

# The step of the central finite differences of the gradient cases.
FD_STEP = 1e-6


class StepFailed(Exception):
    """A command of a check failed; the message has its output."""


class Toolchain:
    """nncc, its options, the C compiler and the folder the files go to."""

    def __init__(self, nncc: str, src: str, workdir: str,
                 flags: Sequence[str] = (), cc: str = "cc",
                 cflags: Sequence[str] = ()):
        self.nncc, self.src, self.workdir = nncc, src, workdir
        self.flags = list(flags)
        self.cc, self.cflags = cc, list(cflags)
        os.makedirs(workdir, exist_ok=True)

    def stem(self, name: str) -> str:
        """The path, less the suffix, of a case's files."""
        return os.path.join(self.workdir, name)

    def run(self, cmd: Sequence[str], what: str = None, check: bool = True):
        """Runs a command; raises StepFailed when it fails and check is set."""
        done = subprocess.run(list(cmd), capture_output=True, text=True)
        if check and done.returncode:
            output = (done.stdout + done.stderr).strip()
            raise StepFailed(f"{what or os.path.basename(cmd[0])} failed "
                             f"(exit {done.returncode}): {' '.join(cmd)}"
                             + (f"\n{output}" if output else ""))
        return done

    def compile(self, model: str, stem: str, name: str = None) -> str:
        """nncc MODEL -o STEM.o (and STEM.h); returns the object."""
        cmd = [self.nncc, *self.flags, model]
        if name:
            cmd += ["--name", name]
        self.run(cmd + ["-o", stem + ".o"], "nncc")
        return stem + ".o"

    def build(self, driver: str, name: str, stem: str) -> str:
        """Links DRIVER (a C file of this folder) against STEM.h / STEM.o
        for the model NAME; returns the executable."""
        self.run([self.cc, *self.cflags, "-std=c99", "-O1", f"-DMODEL={name}",
                  f"-DMODEL_UPPER={name.upper()}", "-include", stem + ".h",
                  os.path.join(HERE, driver), stem + ".o", "-lm", "-o",
                  stem + ".exe"], "cc")
        return stem + ".exe"


def _write(path: str, arrays, dtype):
    with open(path, "wb") as f:
        for a in arrays:
            f.write(np.ascontiguousarray(a, dtype).tobytes())


# ---------------------------------------------------------------------------
# Predict: the compiled model's output against the oracle's.
# ---------------------------------------------------------------------------

def check_predict(tc: Toolchain, case: registry.Case,
                  report: reporting.Report):
    text, params, x, expected = registry.materialize(
        case, registry.case_seed(case))
    stem = tc.stem(case.name)
    model = os.path.join(tc.src, case.model_file) if case.model_file \
        else stem + ".mlir"
    if text is not None:
        with open(model, "w") as f:
            f.write(text)
    dtype = np.float64 if case.dtype == "f64" else np.float32
    _write(stem + ".params.bin", params, dtype)
    _write(stem + ".input.bin", [x], dtype)
    _write(stem + ".expected.bin", [expected], dtype)
    tc.compile(model, stem, case.name)
    exe = tc.build("run_model.c", case.name, stem)
    ran = tc.run([exe, stem + ".params.bin", stem + ".input.bin",
                  stem + ".expected.bin", repr(case.rtol), repr(case.atol)],
                 check=False)
    report.add(case.name, ran.returncode == 0,
               (ran.stdout + ran.stderr).strip())


# ---------------------------------------------------------------------------
# Gradients: compute_gradients against finite differences of the oracle.
# ---------------------------------------------------------------------------

def finite_differences(case: registry.GradCase, values, labels):
    """The loss and the central differences of the loss with respect to
    every trainable parameter, through the case's oracle forward."""
    def loss(vals):
        return registry.grad_loss(case, case.forward(*vals), labels)
    grads = []
    for i, p in enumerate(case.params):
        if not p.trainable:
            continue
        g = np.zeros_like(values[i])
        flat = values[i].reshape(-1)
        for j in range(flat.size):
            saved = flat[j]
            flat[j] = saved + FD_STEP
            up = loss(values)
            flat[j] = saved - FD_STEP
            down = loss(values)
            flat[j] = saved
            g.reshape(-1)[j] = (up - down) / (2 * FD_STEP)
        grads.append(g)
    return loss(values), grads


def check_gradients(tc: Toolchain, case: registry.GradCase,
                    report: reporting.Report):
    text, values, labels = registry.materialize_grad(case)
    stem = tc.stem(case.name)
    with open(stem + ".mlir", "w") as f:
        f.write(text)
    _write(stem + ".params.bin", values, np.float64)
    _write(stem + ".labels.bin", [labels], registry.LOSSES[case.loss][3])
    tc.compile(stem + ".mlir", stem)
    exe = tc.build("grad_model.c", case.name, stem)
    tc.run([exe, stem + ".params.bin", stem + ".labels.bin", stem + ".out"])
    got = np.fromfile(stem + ".out", np.float64)

    ref_loss, ref_grads = finite_differences(case, values, labels)
    state = case.state_after(*values) if case.state_after else []
    want = np.concatenate([[ref_loss]] + [g.reshape(-1) for g in ref_grads] +
                          [s.reshape(-1) for s in state])
    if got.size != want.size:
        report.add(case.name, False,
                   f"{got.size} values, expected {want.size}")
        return
    ok, worst = reporting.compare_gradients(got, want)
    updated = sum(s.size for s in state)
    detail = f"{want.size - 1 - updated} gradient entries"
    if updated:
        detail += f", {updated} moving-statistic entries"
    report.add(case.name, ok, f"{detail}, worst error {worst:.2e}")


# ---------------------------------------------------------------------------
# Training: losses, first gradients and final parameters against autograd.
# ---------------------------------------------------------------------------

def check_training(tc: Toolchain, case: registry.TrainCase,
                   report: reporting.Report):
    """One result per compared tensor: "losses", "gradient of P" for every
    parameter P, "P after N steps"; then a line of the oracle's losses."""
    stem = tc.stem(case.name)
    with open(stem + ".mlir", "w") as f:
        f.write(registry.train_mlir(case, tc.src))
    params, x, labels, oracle_labels = registry.materialize_train(case)
    _write(stem + ".params.in", params, np.float32)
    _write(stem + ".x.in", [x], np.float32)
    _write(stem + ".labels.in", [labels], labels.dtype)
    tc.compile(stem + ".mlir", stem)
    exe = tc.build("train_model.c", case.model, stem)
    tc.run([exe, stem + ".params.in", stem + ".x.in", stem + ".labels.in",
            str(case.steps), stem])

    specs = train_oracle.MODELS[case.model].params
    reference = train_oracle.train(case.model, params, x, oracle_labels,
                                   registry.OPTIMIZERS[case.optimizer][1],
                                   case.steps)
    sizes = [int(np.prod(shape)) for _, shape in specs]

    def split(path):
        flat = np.fromfile(path, np.float32)
        return np.split(flat, np.cumsum(sizes)[:-1])

    compared = [("losses", np.fromfile(stem + ".losses.bin", np.float32),
                 reference["losses"])]
    compared += [(f"gradient of {name}", ours, theirs) for (name, _), ours,
                 theirs in zip(specs, split(stem + ".grads.bin"),
                               reference["grads"])]
    compared += [(f"{name} after {case.steps} steps", ours, theirs)
                 for (name, _), ours, theirs in
                 zip(specs, split(stem + ".params.bin"), reference["params"])]
    for what, ours, theirs in compared:
        ok, worst = reporting.compare_training(ours, theirs)
        report.add(what, ok, f"worst relative error {worst:.2e}")
    report.note("losses: " + " ".join(f"{v:.6f}"
                                      for v in reference["losses"]))


# ---------------------------------------------------------------------------
# Threads: bitwise the same results at every thread count.
# ---------------------------------------------------------------------------

THREAD_COUNTS = (1, 2, 3, 7)


def _threads_models(tc: Toolchain, case: registry.ThreadsCase):
    """(name, model file, parameters, their numpy type, labels file or '-')
    of each model a thread-count case runs; writes their files."""
    text, params, _, _ = registry.materialize(
        case.predict, registry.case_seed(case.predict))
    name = case.predict.name
    if case.grad is None:
        model = train_oracle.MODELS[case.train_model]
        classes = np.random.default_rng(7).integers(
            0, model.classes, case.predict.input_shape[0])
        labels = classes.astype(np.int32) if model.sparse_labels else \
            np.eye(model.classes, dtype=np.float32)[classes]
        _write(tc.stem(name) + ".labels.bin", [labels], labels.dtype)
        return [(name, os.path.join(tc.src, case.predict.model_file), params,
                 np.float32, tc.stem(name) + ".labels.bin")]
    grad_text, values, labels = registry.materialize_grad(case.grad)
    grad_name = case.grad.name
    for n, t in ((name, text), (grad_name, grad_text)):
        with open(tc.stem(n) + ".mlir", "w") as f:
            f.write(t)
    _write(tc.stem(grad_name) + ".labels.bin", [labels],
           registry.LOSSES[case.grad.loss][3])
    return [(name, tc.stem(name) + ".mlir", params, np.float32, "-"),
            (grad_name, tc.stem(grad_name) + ".mlir", values, np.float64,
             tc.stem(grad_name) + ".labels.bin")]


def check_threads(tc: Toolchain, case: registry.ThreadsCase,
                  report: reporting.Report):
    """One result per model: its predict (and for a training model
    compute_gradients and a train_step) at every count of THREAD_COUNTS,
    bitwise against the first."""
    for name, model, params, dtype, labels in _threads_models(tc, case):
        stem = tc.stem(name)
        _write(stem + ".params.bin", params, dtype)
        tc.compile(model, stem, name)
        exe = tc.build("threads.c", name, stem)
        ran = tc.run([exe, stem + ".params.bin", labels,
                      *map(str, THREAD_COUNTS)], check=False)
        report.add(name, ran.returncode == 0,
                   (ran.stdout + ran.stderr).strip())


CHECKS = {
    "predict": check_predict,
    "grad": check_gradients,
    "train": check_training,
    "threads": check_threads,
}


def run(tc: Toolchain, kind: str, cases, report: reporting.Report):
    """Checks every case of a kind, reporting as each completes."""
    for case in cases:
        try:
            CHECKS[kind](tc, case, report)
        except StepFailed as e:
            report.add(case.name, False, str(e))
