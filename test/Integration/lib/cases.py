"""End-to-end cases for nncc's CPU target.

Each case is a small nn model (usually one layer), random parameters and
input, and the expected output computed by the PyTorch oracle (oracle.py)
in float64 from the same float32 data. `run_cases.py` compiles every case
with nncc, links a C program against the generated header and object,
runs it and compares.

Tolerances: |out - expected| <= atol + rtol * |expected|. Single layers in
f32 use rtol 1e-5 with atol 1e-6 for values near zero (a relative bound is
meaningless there); f64 models use 1e-12. Deeper models state theirs.
"""

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

import oracle


def ttype(shape: Sequence[int], dtype: str = "f32") -> str:
    dims = "x".join(str(d) for d in shape)
    return f"tensor<{dims}x{dtype}>" if dims else f"tensor<{dtype}>"


@dataclass
class Param:
    name: str
    shape: Tuple[int, ...]
    low: float = -1.0   # values drawn uniformly from [low, high)
    high: float = 1.0


@dataclass
class Case:
    name: str
    input_shape: Tuple[int, ...]
    params: List[Param]
    # The layer: MLIR text using %x, %<param> and {x}/{<param>} for types;
    # it defines %y.
    op: str
    oracle: Callable[..., np.ndarray]
    rtol: float = 1e-5
    atol: float = 1e-6
    dtype: str = "f32"
    input_range: Tuple[float, float] = (-1.0, 1.0)
    model_file: Optional[str] = None  # compile this file instead


def _mlir(case: Case, output_shape) -> str:
    types = {"x": ttype(case.input_shape, case.dtype)}
    lines = [f"module @{case.name} {{"]
    for p in case.params:
        types[p.name] = ttype(p.shape, case.dtype)
        lines.append(f"  nn.parameter @{p.name} : {types[p.name]} init<zeros>")
    out = ttype(output_shape, case.dtype)
    lines.append(f"  func.func @forward(%x: {types['x']}) -> {out} {{")
    for p in case.params:
        lines.append(f"    %{p.name} = nn.parameter_read @{p.name} : "
                     f"{types[p.name]}")
    for line in case.op.strip().splitlines():
        lines.append("    " + line.strip().format(**types))
    lines += [f"    return %y : {out}", "  }", "}"]
    return "\n".join(lines) + "\n"


def materialize(case: Case, seed: int):
    """Returns (mlir text or None, params, input, expected)."""
    rng = np.random.default_rng(seed)
    np_dtype = np.float64 if case.dtype == "f64" else np.float32
    params = {p.name: rng.uniform(p.low, p.high, p.shape).astype(np_dtype)
              for p in case.params}
    lo, hi = case.input_range
    x = rng.uniform(lo, hi, case.input_shape).astype(np_dtype)
    expected = np.asarray(
        case.oracle(x.astype(np.float64),
                    *[params[p.name].astype(np.float64) for p in case.params]))
    text = None if case.model_file else _mlir(case, expected.shape)
    return text, [params[p.name] for p in case.params], x, expected


# ---------------------------------------------------------------------------
# The cases, by op family.
# ---------------------------------------------------------------------------

def conv_attrs(strides=(1, 1), padding="valid", dilation=(1, 1)):
    """The attribute dictionary of an nn.conv2d (escaped for str.format)."""
    attrs = []
    if strides != (1, 1):
        attrs.append(f"strides = array<i64: {strides[0]}, {strides[1]}>")
    if padding != "valid":
        attrs.append(f"padding = #nn.padding<{padding}>")
    if dilation != (1, 1):
        attrs.append(f"dilation = array<i64: {dilation[0]}, {dilation[1]}>")
    return (" {{" + ", ".join(attrs) + "}}") if attrs else ""


def pool_attrs(pool=(2, 2), strides=None, padding="valid"):
    """The attribute dictionary of a pooling op (escaped for str.format)."""
    attrs = []
    if pool != (2, 2):
        attrs.append(f"pool_size = array<i64: {pool[0]}, {pool[1]}>")
    if strides is not None:
        attrs.append(f"strides = array<i64: {strides[0]}, {strides[1]}>")
    if padding != "valid":
        attrs.append(f"padding = #nn.padding<{padding}>")
    return (" {{" + ", ".join(attrs) + "}}") if attrs else ""


def _conv(name, x, k, strides=(1, 1), padding="valid", dilation=(1, 1),
          bias=True, dtype="f32"):
    attr = conv_attrs(strides, padding, dilation)
    params = [Param("k", k)] + ([Param("b", (k[3],))] if bias else [])
    operands = "%x, %k, %b" if bias else "%x, %k"
    types = "{x}, {k}, {b}" if bias else "{x}, {k}"
    tol = dict(rtol=1e-12, atol=1e-13) if dtype == "f64" else {}
    return Case(name, x, params, f"%y = nn.conv2d {operands}{attr} : {types}",
                lambda x, k, b=None: oracle.conv2d(x, k, b, strides, padding,
                                                   dilation),
                dtype=dtype, **tol)


def _pool(name, kind, x, pool=(2, 2), strides=None, padding="valid"):
    fn = oracle.max_pool2d if kind == "max" else oracle.avg_pool2d
    return Case(name, x, [],
                f"%y = nn.{kind}_pool2d %x{pool_attrs(pool, strides, padding)}"
                " : {x}",
                lambda x: fn(x, pool, strides, padding))


def _binary(name, op, x, p, param_first=False):
    fn = getattr(oracle, op)
    operands, types = ("%p, %x", "{p}, {x}") if param_first else \
        ("%x, %p", "{x}, {p}")
    return Case(name, x, [Param("p", p)],
                f"%y = nn.{op} {operands} : {types}",
                (lambda x, p: fn(p, x)) if param_first else
                (lambda x, p: fn(x, p)))


def _recurrent(name, kind, batch, time, features, units, sequences=False,
               initial=False, rtol=1e-5):
    gates = {"simple_rnn": 1, "lstm": 4, "gru": 3}[kind]
    bias = (2, gates * units) if kind == "gru" else (gates * units,)
    params = [Param("k", (features, gates * units)),
              Param("r", (units, gates * units)), Param("b", bias)]
    states = (["h0", "c0"] if kind == "lstm" else ["h0"]) if initial else []
    params += [Param(s, (batch, units)) for s in states]
    operands = ", ".join(["%x", "%k", "%r", "%b"] + [f"%{s}" for s in states])
    types = ", ".join(["{x}", "{k}", "{r}", "{b}"] +
                      ["{" + s + "}" for s in states])
    attr = " {{return_sequences}}" if sequences else ""
    fn = getattr(oracle, kind)

    def reference(x, k, r, b, h0=None, c0=None):
        kwargs = dict(return_sequences=sequences)
        if h0 is not None:
            kwargs["h0"] = h0
        if c0 is not None:
            kwargs["c0"] = c0
        return fn(x, k, r, b, **kwargs)

    return Case(name, (batch, time, features), params,
                f"%y = nn.{kind} {operands}{attr} : {types}", reference,
                rtol=rtol)


CASES: Dict[str, List[Case]] = {
    "conv": [
        _conv("conv_valid", (2, 9, 9, 3), (3, 3, 3, 8)),
        _conv("conv_valid_stride2", (2, 9, 9, 3), (3, 3, 3, 8), strides=(2, 2)),
        _conv("conv_same", (2, 8, 8, 3), (3, 3, 3, 4), padding="same"),
        _conv("conv_same_stride2_odd", (1, 9, 7, 2), (3, 3, 2, 5),
              strides=(2, 2), padding="same"),
        _conv("conv_same_even_kernel", (1, 6, 6, 2), (2, 4, 2, 3),
              padding="same"),
        _conv("conv_dilation2", (2, 10, 10, 3), (3, 3, 3, 4),
              dilation=(2, 2)),
        _conv("conv_same_mixed", (1, 9, 9, 2), (3, 3, 2, 4), strides=(2, 1),
              padding="same", dilation=(1, 2)),
        _conv("conv_no_bias", (2, 6, 6, 3), (3, 3, 3, 4), bias=False),
        # Shared-memory tiles on the GPU: 2048 x 16 outputs, 72 terms
        # (with padding), and a strided one with a partial K tile.
        _conv("conv_tiled_same", (8, 16, 16, 8), (3, 3, 8, 16),
              padding="same"),
        _conv("conv_tiled_stride2", (16, 17, 17, 5), (3, 3, 5, 48),
              strides=(2, 2)),
        _conv("conv_1x1_stride2", (2, 7, 7, 4), (1, 1, 4, 6), strides=(2, 2)),
        _conv("conv_f64", (2, 7, 7, 3), (3, 3, 3, 4), padding="same",
              dtype="f64"),
    ],
    "pooling": [
        _pool("max_pool_valid", "max", (2, 8, 8, 3)),
        _pool("max_pool_odd_floor", "max", (2, 7, 7, 3)),
        _pool("max_pool_same_3x3_s2", "max", (1, 7, 7, 2), (3, 3), (2, 2),
              "same"),
        _pool("max_pool_s1", "max", (1, 5, 5, 2), (2, 2), (1, 1)),
        _pool("avg_pool_valid", "avg", (2, 8, 8, 3)),
        _pool("avg_pool_same", "avg", (1, 5, 5, 2), padding="same"),
        _pool("avg_pool_same_3x3_s1", "avg", (1, 6, 5, 2), (3, 3), (1, 1),
              "same"),
    ],
    "dense": [
        Case("dense_bias", (4, 16), [Param("k", (16, 8)), Param("b", (8,))],
             "%y = nn.dense %x, %k, %b : {x}, {k}, {b}", oracle.dense),
        Case("dense_rank3", (2, 3, 16), [Param("k", (16, 5))],
             "%y = nn.dense %x, %k : {x}, {k}", oracle.dense),
        # Large enough for the GPU's shared-memory tiles (9 x 2 blocks of
        # 64 x 64, the last ones partial). 64 f32 terms of up to 1 in
        # size: absolute errors of a few 1e-6 near zero.
        Case("dense_tiled", (520, 64), [Param("k", (64, 100)),
                                        Param("b", (100,))],
             "%y = nn.dense %x, %k, %b : {x}, {k}, {b}", oracle.dense,
             atol=1e-5),
    ],
    "elementwise": [
        Case("relu_layer", (3, 7), [], "%y = nn.relu %x : {x}", oracle.relu),
        Case("sigmoid_layer", (3, 7), [], "%y = nn.sigmoid %x : {x}",
             oracle.sigmoid, input_range=(-30.0, 30.0)),
        Case("tanh_layer", (3, 7), [], "%y = nn.tanh %x : {x}", oracle.tanh,
             input_range=(-5.0, 5.0)),
        _binary("add_broadcast_row", "add", (4, 10), (10,)),
        _binary("sub_broadcast_col", "sub", (4, 10), (4, 1),
                param_first=True),
        _binary("mul_broadcast_both", "mul", (4, 1), (10,)),
        _binary("add_rank3", "add", (2, 4, 10), (4, 1)),
    ],
    "softmax": [
        Case("softmax_last", (4, 10), [], "%y = nn.softmax %x : {x}",
             oracle.softmax, input_range=(-10.0, 10.0)),
        Case("softmax_axis0", (4, 10), [],
             "%y = nn.softmax %x {{axis = 0}} : {x}",
             lambda x: oracle.softmax(x, axis=0)),
        Case("log_softmax_axis1_rank3", (2, 5, 3), [],
             "%y = nn.log_softmax %x {{axis = 1}} : {x}",
             lambda x: oracle.log_softmax(x, axis=1)),
    ],
    "normalization": [
        Case("batch_norm_nhwc", (2, 4, 4, 3),
             [Param("g", (3,)), Param("be", (3,)), Param("m", (3,)),
              Param("v", (3,), 0.5, 2.0)],
             "%y = nn.batch_norm %x, %g, %be, %m, %v : "
             "{x}, {g}, {be}, {m}, {v}",
             lambda x, g, be, m, v: oracle.batch_norm_inference(
                 x, g, be, m, v, 1e-3)),
        Case("batch_norm_eps", (5, 6),
             [Param("g", (6,)), Param("be", (6,)), Param("m", (6,)),
              Param("v", (6,), 0.1, 1.0)],
             "%y = nn.batch_norm %x, %g, %be, %m, %v "
             "{{epsilon = 0.5 : f64}} : {x}, {g}, {be}, {m}, {v}",
             lambda x, g, be, m, v: oracle.batch_norm_inference(
                 x, g, be, m, v, 0.5)),
    ],
    # Training behaviour: the normalized batch, then the updated moving
    # statistics (momentum 0.9), each as its own model output.
    "batch_norm_training": [
        Case("batch_norm_training_output", (4, 3, 5),
             [Param("g", (5,)), Param("be", (5,)), Param("m", (5,)),
              Param("v", (5,), 0.5, 2.0)],
             "%y, %mean, %var = nn.batch_norm_training %x, %g, %be, %m, %v "
             "{{momentum = 0.9 : f64}} : {x}, {g}, {be}, {m}, {v}",
             lambda x, g, be, m, v: oracle.batch_norm_training(
                 x, g, be, m, v, 1e-3, 0.9)[0]),
        Case("batch_norm_training_moving_mean", (4, 3, 5),
             [Param("g", (5,)), Param("be", (5,)), Param("m", (5,)),
              Param("v", (5,), 0.5, 2.0)],
             "%out, %y, %var = nn.batch_norm_training %x, %g, %be, %m, %v "
             "{{momentum = 0.9 : f64}} : {x}, {g}, {be}, {m}, {v}",
             lambda x, g, be, m, v: oracle.batch_norm_training(
                 x, g, be, m, v, 1e-3, 0.9)[1]),
        Case("batch_norm_training_moving_variance", (4, 3, 5),
             [Param("g", (5,)), Param("be", (5,)), Param("m", (5,)),
              Param("v", (5,), 0.5, 2.0)],
             "%out, %mean, %y = nn.batch_norm_training %x, %g, %be, %m, %v "
             "{{momentum = 0.9 : f64}} : {x}, {g}, {be}, {m}, {v}",
             lambda x, g, be, m, v: oracle.batch_norm_training(
                 x, g, be, m, v, 1e-3, 0.9)[2]),
    ],
    "shape": [
        Case("flatten", (2, 3, 3, 4), [], "%y = nn.flatten %x : {x}",
             oracle.flatten),
        Case("reshape", (2, 36), [],
             "%y = nn.reshape %x : {x} -> tensor<2x6x6xf32>",
             lambda x: x.reshape(2, 6, 6)),
    ],
    "recurrent": [
        _recurrent("simple_rnn_last", "simple_rnn", 3, 5, 4, 6),
        _recurrent("simple_rnn_sequences_h0", "simple_rnn", 3, 5, 4, 6,
                   sequences=True, initial=True),
        _recurrent("lstm_last", "lstm", 3, 6, 4, 5),
        _recurrent("lstm_sequences", "lstm", 2, 7, 3, 4, sequences=True),
        _recurrent("lstm_initial_state", "lstm", 3, 4, 5, 6, initial=True),
        _recurrent("gru_last", "gru", 3, 6, 4, 5),
        _recurrent("gru_sequences_h0", "gru", 2, 5, 3, 4, sequences=True,
                   initial=True),
        # Batches of 8 and 12: time loops per chunk of 4 rows on the CPU.
        _recurrent("simple_rnn_b8", "simple_rnn", 8, 4, 3, 5),
        _recurrent("lstm_initial_state_b12", "lstm", 12, 4, 5, 6,
                   initial=True),
        _recurrent("gru_sequences_h0_b8", "gru", 8, 5, 3, 4, sequences=True,
                   initial=True),
    ],
    "losses": [
        Case("sparse_softmax_cross_entropy", (6, 5), [],
             "%labels = arith.constant dense<[0, 4, 2, 2, 1, 3]> : "
             "tensor<6xi32>\n"
             "%y = nn.sparse_softmax_cross_entropy %x, %labels : "
             "{x}, tensor<6xi32>",
             lambda x: oracle.sparse_softmax_cross_entropy(
                 x, np.array([0, 4, 2, 2, 1, 3])),
             input_range=(-4.0, 4.0)),
        Case("softmax_cross_entropy", (6, 5), [Param("t", (6, 5), 0.0, 1.0)],
             "%y = nn.softmax_cross_entropy %x, %t : {x}, {t}",
             lambda x, t: oracle.softmax_cross_entropy(x, t),
             input_range=(-4.0, 4.0)),
        Case("mean_squared_error", (4, 3), [Param("t", (4, 3))],
             "%y = nn.mean_squared_error %x, %t : {x}, {t}",
             lambda x, t: oracle.mean_squared_error(x, t)),
    ],
}


# ---------------------------------------------------------------------------
# The seed models, from examples/.
# ---------------------------------------------------------------------------

def _seed_cnn(x, k1, b1, k2, b2, k3, b3, k4, b4):
    y = oracle.max_pool2d(oracle.relu(oracle.conv2d(x, k1, b1)))
    y = oracle.max_pool2d(oracle.relu(oracle.conv2d(y, k2, b2)))
    y = oracle.relu(oracle.dense(oracle.flatten(y), k3, b3))
    return oracle.softmax(oracle.dense(y, k4, b4))


def _seed_lstm(x, k1, r1, b1, k2, r2, b2, k3, r3, b3, kd, bd):
    y = oracle.lstm(x, k1, r1, b1, return_sequences=True)
    y = oracle.lstm(y, k2, r2, b2, return_sequences=True)
    y = oracle.lstm(y, k3, r3, b3)
    return oracle.softmax(oracle.dense(y, kd, bd))


def _glorot(name, shape):
    limit = float(np.sqrt(6.0 / (shape[-2] + shape[-1]) /
                          (np.prod(shape[:-2]) if len(shape) > 2 else 1)))
    return Param(name, shape, -limit, limit)


CASES["seed_models"] = [
    # Probabilities after six layers: rtol 1e-5 holds (errors ~4e-7).
    Case("seed_cnn", (32, 28, 28, 1),
         [_glorot("k1", (3, 3, 1, 32)), Param("b1", (32,), -0.1, 0.1),
          _glorot("k2", (3, 3, 32, 64)), Param("b2", (64,), -0.1, 0.1),
          _glorot("k3", (1600, 64)), Param("b3", (64,), -0.1, 0.1),
          _glorot("k4", (64, 10)), Param("b4", (10,), -0.1, 0.1)],
         "", _seed_cnn, input_range=(0.0, 1.0),
         model_file="examples/seed_cnn.mlir"),
    # 84 recurrent steps through three layers: still within rtol 1e-5
    # (errors ~2e-7 relative).
    Case("seed_lstm", (32, 28, 28),
         [_glorot("k1", (28, 256)), _glorot("r1", (64, 256)),
          Param("b1", (256,), -0.1, 0.1),
          _glorot("k2", (64, 256)), _glorot("r2", (64, 256)),
          Param("b2", (256,), -0.1, 0.1),
          _glorot("k3", (64, 256)), _glorot("r3", (64, 256)),
          Param("b3", (256,), -0.1, 0.1),
          _glorot("kd", (64, 10)), Param("bd", (10,), -0.1, 0.1)],
         "", _seed_lstm, input_range=(0.0, 1.0),
         model_file="examples/seed_lstm.mlir"),
]
