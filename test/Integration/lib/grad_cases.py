"""Gradient cases: every op of the nn dialect, in float64, differentiated
by nncc's generated backward pass and checked against central finite
differences of the PyTorch oracle's forward computation.

Each case is a one-layer model whose data input is itself a parameter, so
that the gradients with respect to the input, the weights and the biases
are all checked. The loss is the configured one (mean squared error
against random targets unless stated). run_grad_cases.py compiles each case,
calls NAME_compute_gradients from C and compares.

Tolerance: |nncc − fd| <= 1e-5 |fd| + 1e-7 (central differences with step
1e-6 in float64 are accurate to ~1e-9 here).
"""

from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

import numpy as np

import oracle
from cases import conv_attrs, pool_attrs, ttype


@dataclass
class P:
    name: str
    shape: Tuple[int, ...]
    low: float = -1.0
    high: float = 1.0
    trainable: bool = True


@dataclass
class GradCase:
    name: str
    params: List[P]
    op: str                    # MLIR defining %y; {name} are types
    forward: Callable[..., np.ndarray]
    loss: str = "mse"          # mse | sparse | categorical | categorical_probs
    classes: int = 0
    # The non-trainable parameters after a step, from the parameters' values
    # (batch normalization's moving statistics).
    state_after: Optional[Callable[..., List[np.ndarray]]] = None


def mlir(case: GradCase, output_shape) -> str:
    types = {p.name: ttype(p.shape, "f64") for p in case.params}
    out = ttype(output_shape, "f64")
    lines = [f"module @{case.name} {{"]
    for p in case.params:
        flag = "" if p.trainable else " non_trainable"
        lines.append(f"  nn.parameter @{p.name} : {types[p.name]} "
                     f"init<zeros>{flag}")
    lines.append(f"  func.func @forward(%unused: tensor<1xf64>) -> {out} {{")
    for p in case.params:
        lines.append(f"    %{p.name} = nn.parameter_read @{p.name} : "
                     f"{types[p.name]}")
    for line in case.op.strip().splitlines():
        lines.append("    " + line.strip().format(**types))
    lines += [f"    return %y : {out}", "  }"]
    loss = {
        "mse": "loss = #nn.loss<mean_squared_error>",
        "sparse": "from_logits, loss = "
                  "#nn.loss<sparse_categorical_crossentropy>",
        "categorical": "from_logits, loss = "
                       "#nn.loss<categorical_crossentropy>",
        "categorical_probs": "loss = #nn.loss<categorical_crossentropy>",
    }[case.loss]
    lines += [f"  nn.train_config @forward {{{loss}, "
              f"optimizer = #nn.sgd<>}}", "}"]
    return "\n".join(lines) + "\n"


def loss_of(case: GradCase, y: np.ndarray, labels: np.ndarray) -> float:
    if case.loss == "mse":
        return float(oracle.mean_squared_error(y, labels))
    if case.loss == "sparse":
        return float(oracle.sparse_softmax_cross_entropy(y, labels))
    if case.loss == "categorical":
        return float(oracle.softmax_cross_entropy(y, labels))
    # The forward ends in softmax: the loss is the cross-entropy of its
    # logits, as nncc trains it.
    return float(oracle.categorical_crossentropy_from_probs(y, labels))


def labels_for(case: GradCase, output_shape, rng):
    if case.loss == "sparse":
        return rng.integers(0, output_shape[-1], output_shape[:-1]).astype(
            np.int32)
    if case.loss in ("categorical", "categorical_probs"):
        t = rng.uniform(0.0, 1.0, output_shape)
        return t / t.sum(axis=-1, keepdims=True)
    return rng.uniform(-1.0, 1.0, output_shape)


# --------------------------------------------------------------------------

def _conv(name, x, k, strides=(1, 1), padding="valid", dilation=(1, 1),
          bias=True):
    attr = conv_attrs(strides, padding, dilation)
    params = [P("x", x), P("k", k)] + ([P("b", (k[3],))] if bias else [])
    operands = "%x, %k, %b" if bias else "%x, %k"
    types = "{x}, {k}, {b}" if bias else "{x}, {k}"
    return GradCase(name, params,
                    f"%y = nn.conv2d {operands}{attr} : {types}",
                    lambda x, k, b=None: oracle.conv2d(x, k, b, strides,
                                                       padding, dilation))


def _pool(name, kind, x, pool=(2, 2), strides=None, padding="valid"):
    fn = oracle.max_pool2d if kind == "max" else oracle.avg_pool2d
    return GradCase(name, [P("x", x)],
                    f"%y = nn.{kind}_pool2d %x{pool_attrs(pool, strides, padding)}"
                    " : {x}",
                    lambda x: fn(x, pool, strides, padding))


def _binary(name, op, a, b):
    fn = getattr(oracle, op)
    return GradCase(name, [P("a", a), P("b", b)],
                    f"%y = nn.{op} %a, %b : {{a}}, {{b}}", fn)


def _rnn(name, kind, batch, time, features, units, sequences=False,
         initial=False):
    gates = {"simple_rnn": 1, "lstm": 4, "gru": 3}[kind]
    bias = (2, gates * units) if kind == "gru" else (gates * units,)
    params = [P("x", (batch, time, features)),
              P("k", (features, gates * units)),
              P("r", (units, gates * units)), P("b", bias)]
    states = (["h0", "c0"] if kind == "lstm" else ["h0"]) if initial else []
    params += [P(s, (batch, units)) for s in states]
    operands = ", ".join(["%x", "%k", "%r", "%b"] + [f"%{s}" for s in states])
    types = ", ".join(["{x}", "{k}", "{r}", "{b}"] +
                      ["{" + s + "}" for s in states])
    attr = " {{return_sequences}}" if sequences else ""
    fn = getattr(oracle, kind)

    def forward(x, k, r, b, h0=None, c0=None):
        kwargs = dict(return_sequences=sequences)
        if h0 is not None:
            kwargs["h0"] = h0
        if c0 is not None:
            kwargs["c0"] = c0
        return fn(x, k, r, b, **kwargs)

    return GradCase(name, params, f"%y = nn.{kind} {operands}{attr} : {types}",
                    forward)


def _bn(name, shape):
    c = shape[-1]
    return GradCase(
        name,
        [P("x", shape), P("g", (c,)), P("be", (c,)),
         P("m", (c,), trainable=False), P("v", (c,), 0.5, 2.0, False)],
        "%y = nn.batch_norm %x, %g, %be, %m, %v : {x}, {g}, {be}, {m}, {v}",
        lambda x, g, be, m, v: oracle.batch_norm_training(x, g, be, m, v)[0],
        state_after=lambda x, g, be, m, v: list(
            oracle.batch_norm_training(x, g, be, m, v)[1:]))


CASES = [
    _conv("g_conv_valid", (2, 5, 5, 2), (3, 3, 2, 3)),
    _conv("g_conv_same_stride2", (1, 5, 4, 2), (3, 3, 2, 2), strides=(2, 2),
          padding="same"),
    _conv("g_conv_dilation2", (1, 6, 6, 1), (2, 2, 1, 2), dilation=(2, 2)),
    _conv("g_conv_same_mixed", (1, 5, 5, 2), (3, 2, 2, 2), strides=(2, 1),
          padding="same", dilation=(1, 2)),
    # One image: the GPU splits the weight gradient's sum over output rows
    # (a parallel loop after the batch loop) into tiled partial sums.
    _conv("g_conv_tiled_batch1", (1, 34, 34, 4), (3, 3, 4, 16)),
    _conv("g_conv_no_bias_1x1_s2", (2, 5, 5, 3), (1, 1, 3, 2),
          strides=(2, 2), bias=False),
    _pool("g_max_pool_valid", "max", (2, 4, 4, 2)),
    # Windows that tile the input gather; here they leave a last row and
    # column (5 = 2·2 + 1, 7 = 3·2 + 1) that gets no gradient.
    _pool("g_max_pool_valid_border", "max", (2, 5, 5, 3)),
    _pool("g_max_pool_3x3_border", "max", (1, 7, 7, 2), (3, 3)),
    _pool("g_max_pool_same_3x3_s2", "max", (1, 5, 5, 2), (3, 3), (2, 2),
          "same"),
    _pool("g_max_pool_overlap", "max", (1, 4, 4, 1), (2, 2), (1, 1)),
    _pool("g_avg_pool_valid", "avg", (2, 4, 4, 2)),
    _pool("g_avg_pool_same", "avg", (1, 5, 5, 2), padding="same"),
    _pool("g_avg_pool_same_3x3_s1", "avg", (1, 4, 3, 1), (3, 3), (1, 1),
          "same"),
    GradCase("g_dense", [P("x", (3, 4)), P("k", (4, 5)), P("b", (5,))],
             "%y = nn.dense %x, %k, %b : {x}, {k}, {b}", oracle.dense),
    GradCase("g_dense_rank3", [P("x", (2, 3, 4)), P("k", (4, 2))],
             "%y = nn.dense %x, %k : {x}, {k}", oracle.dense),
    GradCase("g_relu", [P("x", (3, 5))], "%y = nn.relu %x : {x}",
             oracle.relu),
    GradCase("g_sigmoid", [P("x", (3, 5), -4, 4)],
             "%y = nn.sigmoid %x : {x}", oracle.sigmoid),
    GradCase("g_tanh", [P("x", (3, 5), -3, 3)], "%y = nn.tanh %x : {x}",
             oracle.tanh),
    GradCase("g_softmax", [P("x", (3, 5), -2, 2)],
             "%y = nn.softmax %x : {x}", oracle.softmax),
    GradCase("g_softmax_axis0", [P("x", (3, 5), -2, 2)],
             "%y = nn.softmax %x {{axis = 0}} : {x}",
             lambda x: oracle.softmax(x, axis=0)),
    GradCase("g_log_softmax_axis1", [P("x", (2, 3, 4), -2, 2)],
             "%y = nn.log_softmax %x {{axis = 1}} : {x}",
             lambda x: oracle.log_softmax(x, axis=1)),
    _bn("g_batch_norm_rank2", (4, 3)),
    _bn("g_batch_norm_nhwc", (2, 3, 3, 2)),
    GradCase("g_flatten", [P("x", (2, 2, 3, 2))], "%y = nn.flatten %x : {x}",
             oracle.flatten),
    GradCase("g_reshape", [P("x", (2, 6))],
             "%y = nn.reshape %x : {x} -> tensor<2x3x2xf64>",
             lambda x: x.reshape(2, 3, 2)),
    _binary("g_add_broadcast", "add", (3, 4), (4,)),
    _binary("g_sub_broadcast", "sub", (3, 1), (3, 4)),
    _binary("g_mul_broadcast", "mul", (2, 1, 4), (3, 1)),
    _rnn("g_simple_rnn", "simple_rnn", 2, 3, 2, 3),
    _rnn("g_simple_rnn_seq_h0", "simple_rnn", 2, 3, 2, 3, True, True),
    _rnn("g_lstm", "lstm", 2, 3, 2, 3),
    _rnn("g_lstm_seq", "lstm", 2, 3, 2, 2, sequences=True),
    _rnn("g_lstm_h0_c0", "lstm", 2, 3, 2, 2, initial=True),
    _rnn("g_gru", "gru", 2, 3, 2, 3),
    _rnn("g_gru_seq_h0", "gru", 2, 3, 2, 2, True, True),
    # Batches of 8: the CPU runs each layer's time loops (forward and
    # backward) per chunk of 4 rows.
    _rnn("g_simple_rnn_b8", "simple_rnn", 8, 3, 2, 3),
    _rnn("g_lstm_seq_b8", "lstm", 8, 3, 2, 2, sequences=True),
    _rnn("g_gru_seq_h0_b8", "gru", 8, 3, 2, 2, True, True),
    GradCase("g_sparse_ce", [P("x", (4, 5), -2, 2)], "%y = nn.tanh %x : {x}",
             oracle.tanh, loss="sparse"),
    GradCase("g_categorical_ce", [P("x", (4, 5), -2, 2)],
             "%y = nn.tanh %x : {x}", oracle.tanh, loss="categorical"),
    GradCase("g_categorical_on_softmax", [P("x", (4, 5), -2, 2)],
             "%y = nn.softmax %x : {x}", oracle.softmax,
             loss="categorical_probs"),
]
