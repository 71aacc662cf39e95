"""Tolerances, comparisons and the output of the end-to-end tests.

Every number the end-to-end cases are held to is here:

* predict, |out - expected| <= atol + rtol |expected| (checked by
  run_model.c): single layers in f32 rtol 1e-5 with atol 1e-6 for values
  near zero (a relative bound is meaningless there); f64 models 1e-12
  (atol 1e-13); `PREDICT_OVERRIDES` for the few cases that state theirs;
* gradients, |nncc - fd| <= 1e-5 |fd| + 1e-7 (central differences with
  step 1e-6 in float64 are accurate to ~1e-9 here);
* training, |nncc - torch| <= 1e-4 |torch| + 1e-4 rms(torch tensor)
  (relative 1e-4, with an absolute floor for entries near zero).

The output, which the lit tests FileCheck: one line "PASS name: detail" or
"FAIL name: detail" per check, then "N passed, N failed" as the last line.
`run_unittests` prints the same for a module of unittest.TestCase classes
(the oracles' own tests).
"""

import sys
import unittest
from dataclasses import dataclass
from typing import Dict

import numpy as np


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float


# Predict: single layers in f32, and f64 models.
F32 = Tolerance(rtol=1e-5, atol=1e-6)
F64 = Tolerance(rtol=1e-12, atol=1e-13)

# Predict cases with their own tolerance.
PREDICT_OVERRIDES: Dict[str, Tolerance] = {
    # Large enough for the GPU's shared-memory tiles: 64 f32 terms of up
    # to 1 in size, absolute errors of a few 1e-6 near zero.
    "dense_tiled": Tolerance(rtol=1e-5, atol=1e-5),
}

# Gradients against central finite differences in float64.
GRADIENT = Tolerance(rtol=1e-5, atol=1e-7)

# Training: relative 1e-4, with a floor of 1e-4 times the rms of the
# oracle's tensor for entries near zero.
TRAIN_RTOL = 1e-4
TRAIN_RMS_FLOOR = 1e-4


def predict_tolerance(name: str, dtype: str) -> Tolerance:
    """The tolerance of a predict case."""
    if name in PREDICT_OVERRIDES:
        return PREDICT_OVERRIDES[name]
    return F64 if dtype == "f64" else F32


def compare_gradients(got: np.ndarray, want: np.ndarray):
    """(ok, worst error relative to |want| + atol) of a gradient case."""
    tol = GRADIENT
    err = np.abs(got - want)
    ok = bool(np.all(err <= tol.rtol * np.abs(want) + tol.atol))
    worst = float(np.max(err / (np.abs(want) + tol.atol)))
    return ok, worst


def compare_training(ours, theirs):
    """(ok, worst relative error) of one tensor of a training case."""
    theirs = np.asarray(theirs, np.float64)
    ours = np.asarray(ours, np.float64).reshape(theirs.shape)
    rms = float(np.sqrt(np.mean(theirs ** 2))) if theirs.size else 0.0
    err = np.abs(ours - theirs)
    bound = TRAIN_RTOL * np.abs(theirs) + TRAIN_RMS_FLOOR * rms
    worst = float(np.max(err / np.maximum(np.abs(theirs), rms)))
    return bool(np.all(err <= bound)), worst


class Report:
    """Prints one line per check as it completes, then the summary."""

    def __init__(self, out=sys.stdout):
        self.out = out
        self.passed = self.failed = 0

    def add(self, name: str, ok: bool, detail: str = ""):
        line = f"{'PASS' if ok else 'FAIL'} {name}"
        print(f"{line}: {detail}" if detail else line, file=self.out,
              flush=True)
        self.passed += bool(ok)
        self.failed += not ok

    def note(self, text: str):
        """A line that is no check (extra information)."""
        print(text, file=self.out, flush=True)

    def finish(self) -> int:
        """Prints "N passed, N failed"; the exit status (1 on a failure)."""
        print(f"{self.passed} passed, {self.failed} failed", file=self.out,
              flush=True)
        return 1 if self.failed else 0


def _test_name(test) -> str:
    """Class.method of a unittest test."""
    return ".".join(test.id().split(".")[-2:])


class _Result(unittest.TestResult):
    """A unittest result that reports each test as PASS or FAIL."""

    def __init__(self, report):
        super().__init__()
        self.report = report

    def addSuccess(self, test):
        super().addSuccess(test)
        self.report.add(_test_name(test), True)

    def _fail(self, test, err):
        self.report.add(_test_name(test), False)
        # The traceback without unittest's own frames.
        self.report.note(self._exc_info_to_string(err, test).rstrip())

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.report.add(_test_name(test), False, "skipped: " + reason)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.report.add(_test_name(test), False, "unexpected success")


def run_unittests(module_name: str) -> int:
    """Runs the unittest.TestCase classes of a module; the exit status."""
    suite = unittest.defaultTestLoader.loadTestsFromName(module_name)
    report = Report()
    suite.run(_Result(report))
    return report.finish()
