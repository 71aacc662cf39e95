"""PyTorch-autograd reference for *training* Keras-semantics models.

nncc's training tests compare the losses, gradients and updated parameters
of a compiled training step with this module. Forward passes are written
with differentiable torch ops, gradients come from ``torch.autograd``, and
the optimizers are written out by hand with Keras's update rules (torch.optim
differs from Keras: e.g. torch's Adam puts epsilon after the bias correction
and torch's SGD momentum accumulates gradients, not steps).

Layouts are Keras's (see oracle.py): NHWC activations, HWCF conv kernels,
dense kernels ``[in, out]``, sequences ``[batch, time, features]``, LSTM
``kernel [in, 4u]`` / ``recurrent_kernel [u, 4u]`` / ``bias [4u]`` with gate
order ``i, f, c, o``. Public functions take and return numpy arrays in these
layouts, except the ``*_forward`` / ``*_t`` helpers and the loss functions,
which work on torch tensors so that autograd can run through them.

Precision: :func:`train` computes in float64 by default (float32 inputs are
upcast), so it is a high-accuracy oracle for nncc's float32 results;
``dtype=np.float32`` is available to mimic a float32 run.

The seed models (examples/seed_cnn.mlir, examples/seed_lstm.mlir)
-----------------------------------------------------------------

* ``seed_cnn``: Conv2D(32, 3x3, valid) + ReLU -> MaxPool 2x2 -> Conv2D(64,
  3x3, valid) + ReLU -> MaxPool 2x2 -> Flatten -> Dense(64) + ReLU ->
  Dense(10) [-> softmax]. Input ``[N, 28, 28, 1]``. Flatten works on the
  NHWC tensor ``[N, 5, 5, 64]`` in row-major order (Keras's order; *not*
  torch's NCHW order). Trained with sparse categorical cross-entropy on int
  labels ``[N]``.
* ``seed_lstm``: LSTM(64, return_sequences) -> LSTM(64, return_sequences) ->
  LSTM(64) -> Dense(10) [-> softmax]. Input ``[N, 28, 28]``. Trained with
  categorical cross-entropy on float (one-hot) targets ``[N, 10]``. The LSTM
  cell is written out in a Python loop over time with Keras's formulas
  (zero initial state)::

      z = x_t K + h R + b;  i, f, g, o = split(z, 4)
      c = sigmoid(f) * c + sigmoid(i) * tanh(g);  h = sigmoid(o) * tanh(c)

Parameters are lists in declaration order (``SEED_CNN_PARAMS`` /
``SEED_LSTM_PARAMS`` give names and shapes). The ``*_forward`` functions
return *logits*: the final softmax is folded into the loss, as nncc does
("fused softmax-cross-entropy").

Losses
------

Both are averaged over the batch and computed from logits ``z``:

* sparse categorical cross-entropy: ``mean(logsumexp(z) - z[label])``;
* categorical cross-entropy: ``mean(-sum(t * log_softmax(z)))``.

Keras evaluates them on the softmax probabilities with clipping to
``[1e-7, 1 - 1e-7]`` (and, for the categorical loss, renormalisation by the
sum of the probabilities). Where no probability is clipped (all softmax
outputs in ``(1e-7, 1 - 1e-7)``) the two forms are mathematically equal; the
logits form is the numerically stable one nncc uses. On saturated outputs
they differ (Keras's loss is capped near ``-log(1e-7)`` and its gradient
vanishes); the oracle does not model that.

Optimizers (Keras semantics; ``t`` counts steps from 1)
-------------------------------------------------------

* Adam: ``m = b1 m + (1 - b1) g``; ``v = b2 v + (1 - b2) g^2``;
  ``theta -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)``.
  Defaults lr 0.001, b1 0.9, b2 0.999, eps 1e-7. (Epsilon is added to
  ``sqrt(v)`` *before* the bias-correction factor is applied, as in Keras.)
* SGD: momentum 0: ``theta -= lr g``. Momentum ``mu``: ``v = mu v - lr g``,
  ``theta += v``; Nesterov: ``theta += mu v - lr g`` with the updated ``v``.
  Default lr 0.01.
* ``weight_decay`` ``lambda`` (both; default 0): L2 regularisation, i.e.
  ``g += lambda theta`` for every trainable parameter (biases included)
  before the update. The reported losses and ``grads`` are those of the data
  loss alone; ``update_grads`` includes the decay term.

Ties in max pooling send the gradient to one element of the window (torch's
first maximum); with random data ties only occur between ReLU zeros, whose
gradient is zero anyway.

Command line
------------

``python3 train_oracle.py MODEL OPTIMIZER STEPS PARAMS_IN X_IN LABELS_IN
OUT_PREFIX`` reads raw little-endian float32 files (parameters concatenated
in declaration order; inputs; labels as int32 for seed_cnn, float32 one-hot
``[N, 10]`` for seed_lstm), trains ``STEPS`` full-batch steps with OPTIMIZER
``adam`` (Keras defaults), ``sgd`` (lr 0.01) or ``sgd_momentum`` (lr 0.01,
momentum 0.9), and writes float64 ``OUT_PREFIX.losses.bin`` (one loss per
step), ``OUT_PREFIX.grads.bin`` (first-step gradients, concatenated) and
``OUT_PREFIX.params.bin`` (parameters after training, concatenated).
"""

import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

__all__ = [
    "SEED_CNN_PARAMS", "SEED_LSTM_PARAMS", "MODELS",
    "conv2d_t", "max_pool2d_t", "dense_t", "flatten_t", "lstm_t",
    "seed_cnn_forward", "seed_lstm_forward",
    "sparse_categorical_crossentropy", "categorical_crossentropy",
    "Adam", "SGD", "make_optimizer", "CLI_OPTIMIZERS",
    "train", "layer_grads", "finite_difference_grads", "main",
]


# --------------------------------------------------------------------------
# Differentiable Keras-layout ops (torch tensors in, torch tensors out)
# --------------------------------------------------------------------------

def conv2d_t(x, kernel, bias=None, strides=(1, 1), padding="valid"):
    """Keras Conv2D on torch tensors: x [N,H,W,C], kernel [kh,kw,C,F]."""
    strides = oracle._pair(strides)
    weight = kernel.permute(3, 2, 0, 1)  # HWCF -> OIHW
    xp = oracle._pad_nchw(oracle._nhwc_to_nchw(x), padding, weight.shape[2:],
                          strides)
    return oracle._nchw_to_nhwc(F.conv2d(xp, weight, bias, stride=strides))


def max_pool2d_t(x, pool_size=(2, 2)):
    """Keras MaxPooling2D (valid, strides = pool_size) on NHWC tensors."""
    pool_size = oracle._pair(pool_size)
    y = F.max_pool2d(oracle._nhwc_to_nchw(x), pool_size, pool_size)
    return oracle._nchw_to_nhwc(y)


def dense_t(x, kernel, bias=None):
    """Keras Dense: x [..., in] @ kernel [in, out] (+ bias [out])."""
    y = torch.matmul(x, kernel)
    return y if bias is None else y + bias


def flatten_t(x):
    """Keras Flatten: row-major over the (NHWC) non-batch axes."""
    return x.reshape(x.shape[0], -1)


def lstm_t(x, kernel, recurrent, bias, return_sequences=False):
    """Keras LSTM (zero initial state), written out over time.

    x [N, T, F], kernel [F, 4u], recurrent [u, 4u], bias [4u], gate order
    i, f, c, o. Returns [N, u] (last h) or [N, T, u] (every h).
    """
    batch, steps = x.shape[0], x.shape[1]
    units = recurrent.shape[0]
    h = x.new_zeros(batch, units)
    c = x.new_zeros(batch, units)
    xk = torch.matmul(x, kernel) + bias  # the input part of z, every step
    outputs = []
    for t in range(steps):
        z = xk[:, t] + torch.matmul(h, recurrent)
        zi, zf, zg, zo = torch.split(z, units, dim=-1)
        c = torch.sigmoid(zf) * c + torch.sigmoid(zi) * torch.tanh(zg)
        h = torch.sigmoid(zo) * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs, dim=1) if return_sequences else h


# --------------------------------------------------------------------------
# The seed models
# --------------------------------------------------------------------------

SEED_CNN_PARAMS = [
    ("conv1.kernel", (3, 3, 1, 32)), ("conv1.bias", (32,)),
    ("conv2.kernel", (3, 3, 32, 64)), ("conv2.bias", (64,)),
    ("dense1.kernel", (1600, 64)), ("dense1.bias", (64,)),
    ("dense2.kernel", (64, 10)), ("dense2.bias", (10,)),
]

SEED_LSTM_PARAMS = [
    ("lstm1.kernel", (28, 256)), ("lstm1.recurrent_kernel", (64, 256)),
    ("lstm1.bias", (256,)),
    ("lstm2.kernel", (64, 256)), ("lstm2.recurrent_kernel", (64, 256)),
    ("lstm2.bias", (256,)),
    ("lstm3.kernel", (64, 256)), ("lstm3.recurrent_kernel", (64, 256)),
    ("lstm3.bias", (256,)),
    ("dense.kernel", (64, 10)), ("dense.bias", (10,)),
]


def seed_cnn_forward(params, x):
    """Logits [N, 10] of the seed CNN; x [N, 28, 28, 1], params as torch
    tensors in SEED_CNN_PARAMS order."""
    k1, b1, k2, b2, k3, b3, k4, b4 = params
    y = max_pool2d_t(torch.relu(conv2d_t(x, k1, b1)))
    y = max_pool2d_t(torch.relu(conv2d_t(y, k2, b2)))
    y = torch.relu(dense_t(flatten_t(y), k3, b3))  # flatten [N,5,5,64] NHWC
    return dense_t(y, k4, b4)


def seed_lstm_forward(params, x):
    """Logits [N, 10] of the seed LSTM; x [N, 28, 28], params as torch
    tensors in SEED_LSTM_PARAMS order."""
    k1, r1, b1, k2, r2, b2, k3, r3, b3, kd, bd = params
    y = lstm_t(x, k1, r1, b1, return_sequences=True)
    y = lstm_t(y, k2, r2, b2, return_sequences=True)
    y = lstm_t(y, k3, r3, b3)
    return dense_t(y, kd, bd)


# --------------------------------------------------------------------------
# Losses on logits (torch tensors; mean over the batch)
# --------------------------------------------------------------------------

def sparse_categorical_crossentropy(logits, labels):
    """mean(logsumexp(z) - z[label]); logits [N, C], int labels [N]."""
    labels = torch.as_tensor(labels, dtype=torch.int64).reshape(-1, 1)
    picked = torch.gather(logits, 1, labels)[:, 0]
    return torch.mean(torch.logsumexp(logits, dim=-1) - picked)


def categorical_crossentropy(logits, targets):
    """mean(-sum(t * log_softmax(z))); logits and float targets [N, C]."""
    return torch.mean(-torch.sum(targets * F.log_softmax(logits, dim=-1),
                                 dim=-1))


class _Model:
    """A trainable model: forward(params, x) -> logits, its loss, shapes."""

    def __init__(self, forward, params, input_shape, loss, sparse_labels):
        self.forward = forward
        self.params = params            # [(name, shape)] declaration order
        self.input_shape = input_shape  # per example
        self.loss = loss                # (logits, labels) -> scalar tensor
        self.sparse_labels = sparse_labels
        self.classes = params[-1][1][0]


MODELS = {
    "seed_cnn": _Model(seed_cnn_forward, SEED_CNN_PARAMS, (28, 28, 1),
                       sparse_categorical_crossentropy, sparse_labels=True),
    "seed_lstm": _Model(seed_lstm_forward, SEED_LSTM_PARAMS, (28, 28),
                        categorical_crossentropy, sparse_labels=False),
}


# --------------------------------------------------------------------------
# Optimizers (Keras update rules; work on numpy arrays or torch tensors)
# --------------------------------------------------------------------------

class _Optimizer:
    """Keeps per-parameter state; ``step(params, grads)`` returns the new
    parameters (it does not modify its arguments). Parameters and gradients
    may be numpy arrays or torch tensors (not requiring grad)."""

    def __init__(self, learning_rate, weight_decay=0.0):
        self.learning_rate = float(learning_rate)
        self.weight_decay = float(weight_decay)
        self.iterations = 0  # completed steps; Keras's t is iterations + 1

    def decayed(self, params, grads):
        """The gradients the update uses: g + weight_decay * theta."""
        if self.weight_decay == 0.0:
            return list(grads)
        return [g + self.weight_decay * p for p, g in zip(params, grads)]

    def step(self, params, grads):
        params, grads = list(params), list(grads)
        if len(params) != len(grads):
            raise ValueError("%d params but %d grads" %
                             (len(params), len(grads)))
        grads = self.decayed(params, grads)
        self.iterations += 1
        return self._update(params, grads)

    def _update(self, params, grads):
        raise NotImplementedError


def _zeros_like(a):
    return torch.zeros_like(a) if isinstance(a, torch.Tensor) \
        else np.zeros_like(a)


class Adam(_Optimizer):
    """Keras Adam (see the module docstring)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, weight_decay=0.0):
        super().__init__(learning_rate, weight_decay)
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)
        self.epsilon = float(epsilon)
        self.m = self.v = None

    def _update(self, params, grads):
        if self.m is None:
            self.m = [_zeros_like(p) for p in params]
            self.v = [_zeros_like(p) for p in params]
        t = self.iterations
        alpha = (self.learning_rate * math.sqrt(1.0 - self.beta_2 ** t)
                 / (1.0 - self.beta_1 ** t))
        new = []
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = self.beta_1 * self.m[i] + (1.0 - self.beta_1) * g
            self.v[i] = self.beta_2 * self.v[i] + (1.0 - self.beta_2) * g * g
            new.append(p - alpha * self.m[i] / (self.v[i] ** 0.5 +
                                                self.epsilon))
        return new


class SGD(_Optimizer):
    """Keras SGD with optional (Nesterov) momentum (see module docstring)."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False,
                 weight_decay=0.0):
        super().__init__(learning_rate, weight_decay)
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.velocity = None

    def _update(self, params, grads):
        lr, mu = self.learning_rate, self.momentum
        if mu == 0.0:
            return [p - lr * g for p, g in zip(params, grads)]
        if self.velocity is None:
            self.velocity = [_zeros_like(p) for p in params]
        new = []
        for i, (p, g) in enumerate(zip(params, grads)):
            self.velocity[i] = mu * self.velocity[i] - lr * g
            if self.nesterov:
                new.append(p + mu * self.velocity[i] - lr * g)
            else:
                new.append(p + self.velocity[i])
        return new


def make_optimizer(spec):
    """An optimizer from a dict such as ``{"kind": "adam",
    "learning_rate": 1e-3}`` or ``{"kind": "sgd", "learning_rate": 0.01,
    "momentum": 0.9, "nesterov": False, "weight_decay": 0.0}``; omitted
    entries take Keras's defaults. An optimizer object passes through."""
    if isinstance(spec, _Optimizer):
        return spec
    spec = dict(spec)
    kind = spec.pop("kind")
    if kind == "adam":
        return Adam(**spec)
    if kind == "sgd":
        return SGD(**spec)
    raise ValueError("unknown optimizer kind %r" % kind)


# The OPTIMIZER argument of the command line.
CLI_OPTIMIZERS = {
    "adam": {"kind": "adam"},
    "sgd": {"kind": "sgd", "learning_rate": 0.01},
    "sgd_momentum": {"kind": "sgd", "learning_rate": 0.01, "momentum": 0.9},
}


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

def _torch_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError("train computes in float32 or float64, not %s" % dtype)
    return torch.float64 if dtype == np.float64 else torch.float32


def _model(model):
    if isinstance(model, _Model):
        return model
    if model not in MODELS:
        raise ValueError("unknown model %r (have %s)" %
                         (model, ", ".join(sorted(MODELS))))
    return MODELS[model]


def _labels_tensor(m, labels, tdtype):
    if m.sparse_labels:
        return torch.from_numpy(np.asarray(labels).astype(np.int64))
    return torch.from_numpy(np.asarray(labels, dtype=np.float64)).to(tdtype)


def _check_shapes(m, params, x):
    if len(params) != len(m.params):
        raise ValueError("expected %d parameters, got %d" %
                         (len(m.params), len(params)))
    for (name, shape), p in zip(m.params, params):
        if tuple(np.shape(p)) != tuple(shape):
            raise ValueError("parameter %s: shape %s, expected %s" %
                             (name, np.shape(p), shape))
    if tuple(np.shape(x)[1:]) != tuple(m.input_shape):
        raise ValueError("input shape %s, expected [N, %s]" %
                         (np.shape(x), m.input_shape))


def train(model, params, x, labels, optimizer, steps, dtype=np.float64):
    """Trains ``model`` for ``steps`` full-batch steps from ``params``.

    model: "seed_cnn" or "seed_lstm"; params: numpy arrays in declaration
    order; x: the whole batch (every step uses all of it); labels: int
    classes [N] (seed_cnn) or float one-hot [N, 10] (seed_lstm); optimizer:
    a dict for :func:`make_optimizer` (or an optimizer object).

    Returns a dict of numpy arrays in ``dtype``:

    * ``losses``: list of floats, the data loss before each update;
    * ``grads``: gradients of the data loss at the initial parameters (list
      in parameter order; computed even when steps is 0);
    * ``update_grads``: the first step's gradients with the optimizer's
      weight decay added (the same as ``grads`` without weight decay);
    * ``params``: the parameters after ``steps`` updates.
    """
    m = _model(model)
    _check_shapes(m, params, x)
    opt = make_optimizer(optimizer)
    tdtype = _torch_dtype(dtype)
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64)).to(tdtype)
    yt = _labels_tensor(m, labels, tdtype)
    initial = [torch.from_numpy(np.array(p, dtype=np.float64)).to(tdtype)
               for p in params]
    theta = initial

    losses, first_grads = [], None
    for step in range(max(int(steps), 1)):
        leaves = [p.detach().clone().requires_grad_(True) for p in theta]
        loss = m.loss(m.forward(leaves, xt), yt)
        grads = torch.autograd.grad(loss, leaves)
        if first_grads is None:
            first_grads = list(grads)
        if step >= steps:  # steps == 0: gradients only
            break
        losses.append(float(loss))
        with torch.no_grad():
            theta = opt.step([p.detach() for p in leaves],
                             [g.detach() for g in grads])
    update_grads = [g + opt.weight_decay * p
                    for p, g in zip(initial, first_grads)]
    return {
        "losses": losses,
        "grads": [oracle._numpy(g) for g in first_grads],
        "update_grads": [oracle._numpy(g) for g in update_grads],
        "params": [oracle._numpy(p) for p in theta],
    }


# --------------------------------------------------------------------------
# Generic gradient helpers for single-layer tests
# --------------------------------------------------------------------------

def _is_float(a):
    return np.issubdtype(np.asarray(a).dtype, np.floating)


def layer_grads(fn, inputs, upstream):
    """Gradients of ``sum(fn(**inputs) * upstream)`` w.r.t. the float inputs.

    fn takes torch tensors (keyword arguments named as in ``inputs``) and
    returns a torch tensor shaped like ``upstream``. Float inputs are passed
    as float64 tensors requiring grad; integer inputs (labels) as int64
    tensors, and get no gradient. Returns {name: float64 numpy array};
    an input fn does not use gets zeros.
    """
    tensors, wrt = {}, []
    for name, value in inputs.items():
        if _is_float(value):
            t = torch.from_numpy(np.array(value, dtype=np.float64))
            tensors[name] = t.requires_grad_(True)
            wrt.append(name)
        else:
            tensors[name] = torch.from_numpy(np.asarray(value)
                                             .astype(np.int64))
    out = fn(**tensors)
    up = torch.from_numpy(np.asarray(upstream, dtype=np.float64))
    if tuple(out.shape) != tuple(up.shape):
        raise ValueError("fn output shape %s != upstream shape %s" %
                         (tuple(out.shape), tuple(up.shape)))
    grads = torch.autograd.grad(torch.sum(out * up),
                                [tensors[n] for n in wrt], allow_unused=True)
    return {n: np.zeros(np.shape(inputs[n])) if g is None
            else oracle._numpy(g) for n, g in zip(wrt, grads)}


# Central-difference stencils: offsets (in units of eps) and weights.
_STENCILS = {
    2: ((1, -1), (0.5, -0.5)),
    4: ((2, 1, -1, -2), (-1 / 12, 8 / 12, -8 / 12, 1 / 12)),
}


def finite_difference_grads(fn_numpy, inputs, upstream, eps=1e-6,
                            indices=None, order=2):
    """Central-difference version of :func:`layer_grads`, all in float64.

    fn_numpy takes numpy arrays (keyword arguments) and returns a numpy
    array shaped like ``upstream``. For each float input, each entry is
    perturbed and the directional derivative of ``sum(f * upstream)``
    estimated: with ``order=2`` (the default) by
    ``(f(x + eps) - f(x - eps)) / (2 eps)``; ``order=4`` uses the
    fourth-order central stencil
    ``(-f(x+2e) + 8 f(x+e) - 8 f(x-e) + f(x-2e)) / (12 e)``, which allows a
    larger eps (less rounding error) on smooth functions. Differences of the
    outputs are formed before the dot product with ``upstream``.

    ``indices`` optionally maps an input name to the flat indices to
    evaluate; for those names the result is a 1-D array of the derivatives
    at those indices (in that order), for the others the full gradient.
    Integer inputs are passed through unchanged and get no entry.
    """
    base = {n: (np.array(v, dtype=np.float64) if _is_float(v)
                else np.asarray(v)) for n, v in inputs.items()}
    up = np.asarray(upstream, dtype=np.float64)
    if order not in _STENCILS:
        raise ValueError("order must be one of %s" % sorted(_STENCILS))
    steps, weights = _STENCILS[order]
    result = {}
    for name, value in base.items():
        if not _is_float(value):
            continue
        flat = value.reshape(-1)  # a view: edits perturb base[name]
        if indices is not None and name in indices:
            where = [int(i) for i in np.asarray(indices[name]).reshape(-1)]
        else:
            where = range(flat.size)
        derivs = []
        for i in where:
            saved = flat[i]
            values = []
            for step in steps:
                flat[i] = saved + step * eps
                values.append(np.asarray(fn_numpy(**base), dtype=np.float64))
            flat[i] = saved
            diff = sum(w * v for w, v in zip(weights, values))
            derivs.append(np.sum(diff * up) / eps)
        derivs = np.array(derivs, dtype=np.float64)
        if indices is None or name not in indices:
            derivs = derivs.reshape(value.shape)
        result[name] = derivs
    return result


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

USAGE = ("usage: train_oracle.py MODEL OPTIMIZER STEPS PARAMS_IN X_IN "
         "LABELS_IN OUT_PREFIX\n  MODEL: %s\n  OPTIMIZER: %s" %
         (" | ".join(sorted(MODELS)), " | ".join(sorted(CLI_OPTIMIZERS))))


def _split_params(flat, specs):
    total = sum(int(np.prod(s)) for _, s in specs)
    if flat.size != total:
        raise ValueError("parameter file holds %d floats, the model has %d" %
                         (flat.size, total))
    out, offset = [], 0
    for _, shape in specs:
        n = int(np.prod(shape))
        out.append(flat[offset:offset + n].reshape(shape))
        offset += n
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 7:
        print(USAGE, file=sys.stderr)
        return 2
    model, opt_name, steps, params_in, x_in, labels_in, prefix = argv
    if model not in MODELS or opt_name not in CLI_OPTIMIZERS:
        print(USAGE, file=sys.stderr)
        return 2
    m = MODELS[model]
    params = _split_params(oracle.read_f32(params_in), m.params)
    x = oracle.read_f32(x_in)
    per_example = int(np.prod(m.input_shape))
    if x.size == 0 or x.size % per_example:
        raise ValueError("input file holds %d floats, not a multiple of %d" %
                         (x.size, per_example))
    batch = x.size // per_example
    x = x.reshape((batch,) + tuple(m.input_shape))
    if m.sparse_labels:
        labels = oracle.read_i32(labels_in)
        expected = batch
    else:
        labels = oracle.read_f32(labels_in)
        expected = batch * m.classes
    if labels.size != expected:
        raise ValueError("label file holds %d values, expected %d" %
                         (labels.size, expected))
    if not m.sparse_labels:
        labels = labels.reshape(batch, m.classes)
    result = train(model, params, x, labels, CLI_OPTIMIZERS[opt_name],
                   int(steps))
    for suffix, arrays in (("losses", [np.array(result["losses"])]),
                           ("grads", result["grads"]),
                           ("params", result["params"])):
        data = [np.asarray(a, dtype="<f8").ravel() for a in arrays]
        np.concatenate(data).tofile("%s.%s.bin" % (prefix, suffix))
    return 0


if __name__ == "__main__":
    sys.exit(main())
