"""The registry of end-to-end cases: what a case is, and every case by family.

Three kinds of case, all defined in the modules of cases/ (one per op
family) and registered here with `register`:

* `Case` (kind "predict"): a small nn model (usually one layer), random
  parameters and input, and the expected output computed by the PyTorch
  oracle (oracle.py) in float64 from the same data. framework.py compiles
  it, runs predict from C (run_model.c) and compares.
* `GradCase` (kind "grad"): a one-layer float64 model whose data input is
  itself a parameter, so that the gradients with respect to the input, the
  weights and the biases are all checked; nncc's generated backward pass
  (compute_gradients, grad_model.c) against central finite differences of
  the same oracle forward and the loss (mean squared error against random
  targets unless stated).
* `TrainCase` (kind "train"): a seed model from examples/ with one of
  `OPTIMIZERS`, trained for a few steps (train_model.c) against the
  autograd training oracle (train_oracle.py).
* `ThreadsCase` (kind "threads"): a layer on shapes chosen so that the
  thread pool's shares split unevenly (prime batch and spatial sizes,
  channels that are not a multiple of the vector width, large enough to be
  dispatched), as a predict model and as a gradient model; threads.c runs
  predict, compute_gradients and train_step at 1, 2, 3 and 7 threads and
  requires bitwise the same results.

A family's predict and gradient cases are built from the same `Layer`: its
MLIR, its parameters and its oracle forward, written once. The tolerances
are reporting.py's. Data is drawn from generators seeded by the case's name
(or, for training, a fixed seed), so every run sees the same numbers.
"""

import os
import zlib
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

import oracle
import reporting
import train_oracle

KINDS = ("predict", "grad", "train", "threads")


def ttype(shape: Sequence[int], dtype: str = "f32") -> str:
    """The MLIR tensor type of a shape and element type."""
    dims = "x".join(str(d) for d in shape)
    return f"tensor<{dims}x{dtype}>" if dims else f"tensor<{dtype}>"


@dataclass
class Param:
    name: str
    shape: Tuple[int, ...]
    low: float = -1.0   # values drawn uniformly from [low, high)
    high: float = 1.0
    trainable: bool = True  # gradient cases: False for moving statistics


@dataclass
class Layer:
    """One op as both kinds of case use it.

    op: MLIR text using %x, %<param> and {x}/{<param>} for their types
    (attribute braces doubled for str.format); it defines %y.
    params: the parameters besides the input %x.
    forward: the oracle, (x, *params) -> y (numpy, float64 in practice).
    """
    op: str
    params: List[Param]
    forward: Callable[..., np.ndarray]


@dataclass
class Case:
    """A predict case (see the module docstring)."""
    name: str
    input_shape: Tuple[int, ...]
    params: List[Param]
    op: str
    forward: Callable[..., np.ndarray]
    dtype: str = "f32"
    input_range: Tuple[float, float] = (-1.0, 1.0)
    model_file: Optional[str] = None  # compile this file (under --src)
    # False for f64 cases of transcendental ops, which the CUDA target
    # rejects (its kernels approximate exp/erf/log/tanh in f32 only): the
    # GPU check (test/gpu-check/build.py) leaves them out.
    gpu: bool = True
    # |out - expected| <= atol + rtol |expected|; filled in from reporting.py.
    rtol: Optional[float] = None
    atol: Optional[float] = None

    def __post_init__(self):
        tol = reporting.predict_tolerance(self.name, self.dtype)
        self.rtol = tol.rtol if self.rtol is None else self.rtol
        self.atol = tol.atol if self.atol is None else self.atol


@dataclass
class GradCase:
    """A gradient case (see the module docstring); params include x."""
    name: str
    params: List[Param]
    op: str
    forward: Callable[..., np.ndarray]
    loss: str = "mse"  # a key of LOSSES
    # The non-trainable parameters after a step, from the parameters' values
    # (batch normalization's moving statistics).
    state_after: Optional[Callable[..., List[np.ndarray]]] = None


@dataclass
class TrainCase:
    """A training case: examples/MODEL.mlir with OPTIMIZERS[optimizer]."""
    name: str
    model: str      # a key of train_oracle.MODELS
    optimizer: str  # a key of OPTIMIZERS
    steps: int = 3


@dataclass
class ThreadsCase:
    """A thread-count case: one layer as a predict and a gradient model,
    or (grad None) a training model of examples/, train_oracle.MODELS[
    train_model], whose predict case gives its parameters."""
    name: str
    predict: Case
    grad: Optional[GradCase]
    train_model: Optional[str] = None


def predict(name, input_shape, layer: Layer, dtype="f32",
            input_range=(-1.0, 1.0), gpu=True) -> Case:
    """A predict case of one layer."""
    return Case(name, tuple(input_shape), layer.params, layer.op,
                layer.forward, dtype=dtype, input_range=input_range, gpu=gpu)


def grad(name, input_shape, layer: Layer, input_range=(-1.0, 1.0),
         loss="mse", state_after=None) -> GradCase:
    """A gradient case of one layer: the input becomes parameter x."""
    x = Param("x", tuple(input_shape), *input_range)
    return GradCase(name, [x] + layer.params, layer.op, layer.forward,
                    loss=loss, state_after=state_after)


def threads(name, input_shape, layer: Layer, input_range=(-1.0, 1.0),
            loss="mse") -> ThreadsCase:
    """A thread-count case of one layer (the predict model in f32)."""
    return ThreadsCase(name, predict(name, input_shape, layer,
                                     input_range=input_range),
                       grad(name + "_grad", input_shape, layer,
                            input_range=input_range, loss=loss))


# ---------------------------------------------------------------------------
# Predict cases: MLIR and data.
# ---------------------------------------------------------------------------

def predict_mlir(case: Case, output_shape) -> str:
    """The model of a predict case: the layer on the input %x."""
    types = {"x": ttype(case.input_shape, case.dtype)}
    lines = [f"module @{case.name} {{"]
    for p in case.params:
        types[p.name] = ttype(p.shape, case.dtype)
        lines.append(f"  nn.parameter @{p.name} : {types[p.name]} init<zeros>")
    out = ttype(output_shape, case.dtype)
    lines.append(f"  func.func @forward(%x: {types['x']}) -> {out} {{")
    lines += _forward_body(case, types, out) + ["}"]
    return "\n".join(lines) + "\n"


def _forward_body(case, types, out) -> List[str]:
    """The forward function's body and end: every parameter read, the layer
    (its `op` text, formatted with the operands' types), `return %y`."""
    lines = [f"    %{p.name} = nn.parameter_read @{p.name} : {types[p.name]}"
             for p in case.params]
    lines += ["    " + line.strip().format(**types)
              for line in case.op.strip().splitlines()]
    return lines + [f"    return %y : {out}", "  }"]


def case_seed(case) -> int:
    """The seed of a case's data: the CRC-32 of its name."""
    return zlib.crc32(case.name.encode())


def materialize(case: Case, seed: int):
    """Returns (mlir text or None, params, input, expected)."""
    rng = np.random.default_rng(seed)
    np_dtype = np.float64 if case.dtype == "f64" else np.float32
    params = {p.name: rng.uniform(p.low, p.high, p.shape).astype(np_dtype)
              for p in case.params}
    lo, hi = case.input_range
    x = rng.uniform(lo, hi, case.input_shape).astype(np_dtype)
    expected = np.asarray(
        case.forward(x.astype(np.float64),
                     *[params[p.name].astype(np.float64)
                       for p in case.params]))
    text = None if case.model_file else predict_mlir(case, expected.shape)
    return text, [params[p.name] for p in case.params], x, expected


# ---------------------------------------------------------------------------
# Gradient cases: losses, MLIR and data.
# ---------------------------------------------------------------------------

def _categorical_targets(output_shape, rng):
    t = rng.uniform(0.0, 1.0, output_shape)
    return t / t.sum(axis=-1, keepdims=True)


# name: (the model's train_config loss, the oracle's loss of (y, labels),
#        the labels for an output shape, the labels' numpy type on file)
LOSSES = {
    "mse": ("loss = #nn.loss<mean_squared_error>",
            oracle.mean_squared_error,
            lambda shape, rng: rng.uniform(-1.0, 1.0, shape), np.float64),
    "sparse": ("from_logits, loss = "
               "#nn.loss<sparse_categorical_crossentropy>",
               oracle.sparse_softmax_cross_entropy,
               lambda shape, rng: rng.integers(0, shape[-1], shape[:-1])
               .astype(np.int32), np.int32),
    "categorical": ("from_logits, loss = "
                    "#nn.loss<categorical_crossentropy>",
                    oracle.softmax_cross_entropy, _categorical_targets,
                    np.float64),
    # The forward ends in softmax: the loss is the cross-entropy of its
    # logits, as nncc trains it.
    "categorical_probs": ("loss = #nn.loss<categorical_crossentropy>",
                          oracle.categorical_crossentropy_from_probs,
                          _categorical_targets, np.float64),
}


def grad_mlir(case: GradCase, output_shape) -> str:
    """The model of a gradient case: every operand a parameter, f64."""
    types = {p.name: ttype(p.shape, "f64") for p in case.params}
    out = ttype(output_shape, "f64")
    lines = [f"module @{case.name} {{"]
    for p in case.params:
        flag = "" if p.trainable else " non_trainable"
        lines.append(f"  nn.parameter @{p.name} : {types[p.name]} "
                     f"init<zeros>{flag}")
    lines.append(f"  func.func @forward(%unused: tensor<1xf64>) -> {out} {{")
    lines += _forward_body(case, types, out)
    lines += [f"  nn.train_config @forward {{{LOSSES[case.loss][0]}, "
              f"optimizer = #nn.sgd<>}}", "}"]
    return "\n".join(lines) + "\n"


def grad_loss(case: GradCase, y: np.ndarray, labels: np.ndarray) -> float:
    """The oracle's loss of a gradient case's output."""
    return float(LOSSES[case.loss][1](y, labels))


def materialize_grad(case: GradCase):
    """Returns (mlir text, parameter values (f64), labels)."""
    rng = np.random.default_rng(case_seed(case))
    values = [rng.uniform(p.low, p.high, p.shape) for p in case.params]
    output = np.asarray(case.forward(*values))
    labels = LOSSES[case.loss][2](output.shape, rng)
    return grad_mlir(case, output.shape), values, labels


# ---------------------------------------------------------------------------
# Training cases: optimizers, model text and data.
# ---------------------------------------------------------------------------

# name: (the model's optimizer attribute, the oracle's optimizer spec)
OPTIMIZERS = {
    "adam": ("#nn.adam<>", {"kind": "adam"}),
    "adam_weight_decay": ("#nn.adam<weight_decay = 1.000000e-02>",
                          {"kind": "adam", "weight_decay": 1e-2}),
    "sgd": ("#nn.sgd<learning_rate = 1.000000e-02>",
            {"kind": "sgd", "learning_rate": 0.01}),
    "sgd_momentum":
        ("#nn.sgd<learning_rate = 1.000000e-02, momentum = 9.000000e-01>",
         {"kind": "sgd", "learning_rate": 0.01, "momentum": 0.9}),
    "sgd_nesterov_weight_decay":
        ("#nn.sgd<learning_rate = 1.000000e-02, momentum = 9.000000e-01, "
         "nesterov = true, weight_decay = 1.000000e-02>",
         {"kind": "sgd", "learning_rate": 0.01, "momentum": 0.9,
          "nesterov": True, "weight_decay": 1e-2}),
}


def train_mlir(case: TrainCase, src: str) -> str:
    """examples/MODEL.mlir with the case's optimizer."""
    with open(os.path.join(src, "examples", case.model + ".mlir")) as f:
        text = f.read()
    return text.replace("optimizer = #nn.adam<>",
                        "optimizer = " + OPTIMIZERS[case.optimizer][0])


def materialize_train(case: TrainCase):
    """Glorot-like weights, small biases, pixels in [0, 1], labels.

    Returns (params (f32, train_oracle's order), x (f32), labels for the
    model (int32 classes or f32 one-hot rows), labels for the oracle (the
    classes or the same rows)).
    """
    model = train_oracle.MODELS[case.model]
    rng = np.random.default_rng(7)
    params = []
    for _, shape in model.params:
        if len(shape) == 1:
            params.append(rng.uniform(-0.1, 0.1, shape).astype(np.float32))
        else:
            fan = shape[-2] * int(np.prod(shape[:-2])) + shape[-1]
            limit = np.sqrt(6.0 / fan)
            params.append(rng.uniform(-limit, limit, shape).astype(np.float32))
    x = rng.uniform(0.0, 1.0, (32,) + tuple(model.input_shape)).astype(
        np.float32)
    classes = rng.integers(0, 10, 32)
    if model.sparse_labels:
        return params, x, classes.astype(np.int32), classes
    labels = np.eye(10, dtype=np.float32)[classes]
    return params, x, labels, labels


# ---------------------------------------------------------------------------
# The registry.
# ---------------------------------------------------------------------------

# kind -> family -> cases, in registration order.
_REGISTRY: Dict[str, Dict[str, list]] = {kind: {} for kind in KINDS}


def register(family: str, predict=(), grad=(), train=(), threads=()):
    """Adds a family's cases (each module of cases/ calls it once). Names
    are unique over every kind: they name the cases' files in a work
    folder that runs of several kinds may share."""
    taken = {c.name for families in _REGISTRY.values()
             for cases in families.values() for c in cases}
    for kind, cases in (("predict", predict), ("grad", grad),
                        ("train", train), ("threads", threads)):
        for case in cases:
            if case.name in taken:
                raise ValueError(f"two cases named {case.name!r}")
            taken.add(case.name)
        _REGISTRY[kind].setdefault(family, []).extend(cases)


def _load():
    import cases  # noqa: F401 - its modules register every family


def families(kind: str) -> List[str]:
    """The families that have cases of a kind, in registration order."""
    _load()
    return [f for f, cases in _REGISTRY[kind].items() if cases]


def by_family(kind: str) -> Dict[str, list]:
    """{family: [case]} of one kind."""
    _load()
    return {f: list(cases) for f, cases in _REGISTRY[kind].items() if cases}


def select(kind: str, family: Optional[str] = None,
           names: Optional[Sequence[str]] = None) -> list:
    """The cases of a kind, of one family or all, optionally by name."""
    _load()
    chosen = []
    for f, cases in _REGISTRY[kind].items():
        if family is None or f == family:
            chosen += [c for c in cases if not names or c.name in names]
    return chosen
