"""Checks train_oracle.py independently of autograd and of torch.optim.

unittest test cases; ``/usr/bin/python3 test_train_oracle.py`` prints one
PASS or FAIL line per test and "N passed, N failed" (reporting.py) and exits
non-zero on a failure. What is checked:

* gradients of both seed models (batch 4, float64) against central finite
  differences on a random subset of parameter entries;
* the Adam / SGD / momentum / Nesterov / weight-decay update rules against
  numpy code written from Keras's formulas, on a toy quadratic;
* that :func:`train_oracle.train` wires losses, first-step gradients and
  updates together correctly (replayed step by step);
* the seed CNN's NHWC flatten order and the seed LSTM's hand-written cell
  against oracle.py (torch's own nn.LSTM);
* the logits cross-entropies against Keras's clipped-probability formulas;
* the generic ``layer_grads`` / ``finite_difference_grads`` helpers and the
  command line.
"""

import contextlib
import io
import os
import sys
import tempfile
import unittest

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
import reporting  # noqa: E402
import train_oracle as to  # noqa: E402


def rng(seed):
    return np.random.default_rng(seed)


def check(actual, expected, tol=1e-10, what=""):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, \
        "%s shape %s != %s" % (what, actual.shape, expected.shape)
    err = np.max(np.abs(actual - expected)) if actual.size else 0.0
    assert err <= tol, "%s max abs error %g > %g" % (what, err, tol)


def check_rel(actual, expected, tol, floor, what=""):
    """max |a - e| / max(|e|, floor) <= tol (floor: tiny-gradient guard)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, what
    err = np.max(np.abs(actual - expected) /
                 np.maximum(np.abs(expected), floor))
    assert err <= tol, "%s max rel error %g > %g" % (what, err, tol)
    return err


# --------------------------------------------------------------------------
# Random seed-model problems
# --------------------------------------------------------------------------

def glorot(r, shape):
    """Keras glorot_uniform for dense / conv / recurrent kernels."""
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    limit = np.sqrt(6.0 / ((shape[-2] + shape[-1]) * receptive))
    return r.uniform(-limit, limit, shape)


def make_problem(model, batch, seed):
    """(params, x, labels) for a seed model, in float64."""
    r = rng(seed)
    m = to.MODELS[model]
    params = [glorot(r, s) if len(s) > 1 else r.uniform(-0.1, 0.1, s)
              for _, s in m.params]
    x = r.uniform(0.0, 1.0, (batch,) + m.input_shape)
    classes = r.integers(0, 10, batch)
    labels = classes if m.sparse_labels else np.eye(10)[classes]
    return params, x, labels


def loss_fns(model, x, labels):
    """(torch loss of a params dict, numpy loss of a params dict, names)."""
    m = to.MODELS[model]
    names = ["p%d" % i for i in range(len(m.params))]
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64))
    yt = torch.from_numpy(np.asarray(labels))

    def torch_loss(**kw):
        return m.loss(m.forward([kw[n] for n in names], xt), yt)

    def numpy_loss(**kw):
        with torch.no_grad():
            return torch_loss(**{n: torch.from_numpy(v)
                                 for n, v in kw.items()}).numpy()

    return torch_loss, numpy_loss, names


def cnn_switches(params, x):
    """Every ReLU sign and max-pool argmax of the seed CNN (a byte string).

    A parameter entry whose +-perturbation changes these straddles a kink,
    where finite differences do not measure the derivative.
    """
    k1, b1, k2, b2, k3, b3, _, _ = [torch.from_numpy(p) for p in params]
    with torch.no_grad():
        a1 = to.conv2d_t(torch.from_numpy(x), k1, b1)
        p1, i1 = F.max_pool2d(torch.relu(a1).permute(0, 3, 1, 2), 2, 2,
                              return_indices=True)
        a2 = to.conv2d_t(p1.permute(0, 2, 3, 1), k2, b2)
        p2, i2 = F.max_pool2d(torch.relu(a2).permute(0, 3, 1, 2), 2, 2,
                              return_indices=True)
        a3 = to.dense_t(to.flatten_t(p2.permute(0, 2, 3, 1)), k3, b3)
    return b"".join(t.numpy().tobytes()
                    for t in (a1 > 0, i1, a2 > 0, i2, a3 > 0))


def fd_check_model(model, seed, per_tensor, eps, order, smooth, tol=1e-6,
                   floor=1e-6):
    """Autograd vs finite differences on ``per_tensor`` random entries of
    each parameter (batch 4, float64). Relative errors are taken against
    max(|grad|, floor): gradients below 1e-6 (the loss is O(1)) are held
    to an absolute 1e-12. Returns the worst relative error."""
    params, x, labels = make_problem(model, 4, seed)
    torch_loss, numpy_loss, names = loss_fns(model, x, labels)
    inputs = dict(zip(names, params))
    ad = to.layer_grads(torch_loss, inputs, np.array(1.0))
    r = rng(seed + 1000)
    reach = eps * (2 if order == 4 else 1)
    indices = {}
    base = None if smooth else cnn_switches(params, x)
    for n, p in inputs.items():
        chosen = []
        for i in r.permutation(p.size):
            if len(chosen) == per_tensor:
                break
            if not smooth:  # skip entries whose stencil crosses a kink
                flat = p.reshape(-1)
                saved, stable = flat[i], True
                for d in (reach, -reach):
                    flat[i] = saved + d
                    stable = stable and cnn_switches(params, x) == base
                flat[i] = saved
                if not stable:
                    continue
            chosen.append(i)
        assert len(chosen) == per_tensor, n
        indices[n] = np.array(chosen)
    fd = to.finite_difference_grads(numpy_loss, inputs, np.array(1.0),
                                    eps=eps, indices=indices, order=order)
    worst = 0.0
    for (pname, _), n in zip(to.MODELS[model].params, names):
        worst = max(worst, check_rel(ad[n].reshape(-1)[indices[n]], fd[n],
                                     tol, floor, "%s %s" % (model, pname)))
    # And train() reports the same gradients as layer_grads.
    result = to.train(model, params, x, labels, {"kind": "sgd"}, 0)
    for g, n in zip(result["grads"], names):
        check(g, ad[n], 0.0, "train grads")
    return worst


# --------------------------------------------------------------------------
# Gradients of the seed models against finite differences
# --------------------------------------------------------------------------

class SeedModelGradientTest(unittest.TestCase):
    def test_seed_cnn_grads_vs_finite_differences(self):
        # The loss is piecewise smooth in each parameter; entries whose stencil
        # would cross a ReLU / max-pool switch are skipped. Two-point central
        # differences with eps 1e-5 give relative errors ~1e-8 .. 4e-7.
        for seed in (1, 2):
            fd_check_model("seed_cnn", seed, per_tensor=6, eps=1e-5, order=2,
                           smooth=False)

    def test_seed_lstm_grads_vs_finite_differences(self):
        # Smooth: the fourth-order stencil with a larger eps keeps rounding
        # error down (relative errors ~1e-7).
        fd_check_model("seed_lstm", 3, per_tensor=6, eps=3e-3, order=4,
                       smooth=True)


# --------------------------------------------------------------------------
# Optimizers against numpy written from Keras's formulas
# --------------------------------------------------------------------------

def quadratic(seed):
    """A toy problem: two parameter arrays, grad_i = A_i theta_i - b_i."""
    r = rng(seed)
    shapes = [(3, 2), (4,)]
    mats, vecs, theta = [], [], []
    for s in shapes:
        n = int(np.prod(s))
        q = r.normal(size=(n, n))
        mats.append(q @ q.T + np.eye(n))
        vecs.append(r.normal(size=n))
        theta.append(r.normal(size=s))

    def grads(params):
        return [(a @ p.reshape(-1) - b).reshape(p.shape)
                for a, b, p in zip(mats, vecs, params)]

    return theta, grads


def run_optimizer(opt, theta, grads, steps, use_torch):
    params = [torch.from_numpy(p.copy()) if use_torch else p.copy()
              for p in theta]
    for _ in range(steps):
        g = grads([np.asarray(p) for p in params])
        if use_torch:
            g = [torch.from_numpy(a) for a in g]
        params = opt.step(params, g)
    return [np.asarray(p) for p in params]


def ref_adam(theta, grads, steps, lr=0.001, b1=0.9, b2=0.999, eps=1e-7,
             wd=0.0):
    theta = [p.copy() for p in theta]
    m = [np.zeros_like(p) for p in theta]
    v = [np.zeros_like(p) for p in theta]
    for t in range(1, steps + 1):
        g = [gi + wd * p for gi, p in zip(grads(theta), theta)]
        for i in range(len(theta)):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2
            lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            theta[i] = theta[i] - lr_t * m[i] / (np.sqrt(v[i]) + eps)
    return theta


def ref_sgd(theta, grads, steps, lr=0.01, mu=0.0, nesterov=False, wd=0.0):
    theta = [p.copy() for p in theta]
    vel = [np.zeros_like(p) for p in theta]
    for _ in range(steps):
        g = [gi + wd * p for gi, p in zip(grads(theta), theta)]
        for i in range(len(theta)):
            if mu == 0:
                theta[i] = theta[i] - lr * g[i]
                continue
            vel[i] = mu * vel[i] - lr * g[i]
            if nesterov:
                theta[i] = theta[i] + mu * vel[i] - lr * g[i]
            else:
                theta[i] = theta[i] + vel[i]
    return theta


class OptimizerTest(unittest.TestCase):
    def test_adam_update(self):
        theta, grads = quadratic(10)
        cases = [({"kind": "adam"}, {}),
                 ({"kind": "adam", "learning_rate": 0.05, "beta_1": 0.8,
                   "beta_2": 0.99, "epsilon": 1e-3},
                  dict(lr=0.05, b1=0.8, b2=0.99, eps=1e-3)),
                 ({"kind": "adam", "learning_rate": 0.01, "weight_decay": 0.1},
                  dict(lr=0.01, wd=0.1))]
        for spec, kw in cases:
            expected = ref_adam(theta, grads, 7, **kw)
            for use_torch in (False, True):
                got = run_optimizer(to.make_optimizer(spec), theta, grads, 7,
                                    use_torch)
                for a, e in zip(got, expected):
                    check(a, e, 1e-13, "adam %s torch=%s" % (spec, use_torch))

    def test_adam_first_step_is_sign_step(self):
        # Keras's t starts at 1: the first update is lr * g / (|g| + eps').
        theta, grads = quadratic(11)
        g = grads(theta)
        (new, _) = to.Adam(learning_rate=0.1).step(theta, g)
        expected = theta[0] - 0.1 * g[0] / (np.abs(g[0]) + 1e-7 /
                                            np.sqrt(1 - 0.999))
        check(new, expected, 1e-13, "adam first step")

    def test_sgd_updates(self):
        theta, grads = quadratic(12)
        cases = [({"kind": "sgd"}, {}),
                 ({"kind": "sgd", "learning_rate": 0.03}, dict(lr=0.03)),
                 ({"kind": "sgd", "momentum": 0.9}, dict(mu=0.9)),
                 ({"kind": "sgd", "learning_rate": 0.02, "momentum": 0.8,
                   "nesterov": True}, dict(lr=0.02, mu=0.8, nesterov=True)),
                 ({"kind": "sgd", "momentum": 0.9, "weight_decay": 0.05},
                  dict(mu=0.9, wd=0.05)),
                 ({"kind": "sgd", "weight_decay": 0.05}, dict(wd=0.05))]
        for spec, kw in cases:
            expected = ref_sgd(theta, grads, 6, **kw)
            for use_torch in (False, True):
                got = run_optimizer(to.make_optimizer(spec), theta, grads, 6,
                                    use_torch)
                for a, e in zip(got, expected):
                    check(a, e, 1e-13, "sgd %s torch=%s" % (spec, use_torch))

    def test_sgd_first_steps_by_hand(self):
        # momentum 0.9, lr 0.1, constant gradient 1: v = -0.1, -0.19;
        # theta = -0.1, -0.29; Nesterov: theta = -0.19, -0.19 - 0.271.
        for nesterov, expected in ((False, [-0.1, -0.29]),
                                   (True, [-0.19, -0.461])):
            opt = to.SGD(learning_rate=0.1, momentum=0.9, nesterov=nesterov)
            p = [np.zeros(1)]
            for e in expected:
                p = opt.step(p, [np.ones(1)])
                check(p[0], [e], 1e-15, "nesterov=%s" % nesterov)

    def test_optimizer_does_not_modify_arguments(self):
        theta, grads = quadratic(13)
        before = [p.copy() for p in theta]
        g = grads(theta)
        g_before = [a.copy() for a in g]
        for spec in ({"kind": "adam"}, {"kind": "sgd", "momentum": 0.9},
                     {"kind": "sgd", "weight_decay": 0.1}):
            to.make_optimizer(spec).step(theta, g)
            for a, b in zip(theta + g, before + g_before):
                check(a, b, 0.0, "argument changed by %s" % spec)


# --------------------------------------------------------------------------
# train(): the loop replayed step by step
# --------------------------------------------------------------------------

def replay(model, params, x, labels, ref_update, steps):
    """Losses and parameters from layer_grads + a numpy optimizer."""
    torch_loss, _, names = loss_fns(model, x, labels)
    theta = [p.copy() for p in params]
    state = {}
    losses = []
    for step in range(steps):
        inputs = dict(zip(names, theta))
        with torch.no_grad():
            losses.append(float(torch_loss(**{
                n: torch.from_numpy(v) for n, v in inputs.items()})))
        g = to.layer_grads(torch_loss, inputs, np.array(1.0))
        theta = ref_update(theta, [g[n] for n in names], state, step + 1)
    return losses, theta


def ref_momentum_update(lr, mu, nesterov, wd):
    def update(theta, g, state, _t):
        vel = state.setdefault("v", [np.zeros_like(p) for p in theta])
        out = []
        for i, (p, gi) in enumerate(zip(theta, g)):
            gi = gi + wd * p
            vel[i] = mu * vel[i] - lr * gi
            out.append(p + mu * vel[i] - lr * gi if nesterov else p + vel[i])
        return out
    return update


def ref_adam_update(lr, wd=0.0, b1=0.9, b2=0.999, eps=1e-7):
    def update(theta, g, state, t):
        m = state.setdefault("m", [np.zeros_like(p) for p in theta])
        v = state.setdefault("v", [np.zeros_like(p) for p in theta])
        out = []
        for i, (p, gi) in enumerate(zip(theta, g)):
            gi = gi + wd * p
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            out.append(p - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) *
                       m[i] / (np.sqrt(v[i]) + eps))
        return out
    return update


class TrainLoopTest(unittest.TestCase):
    def test_train_cnn_sgd_momentum_replayed(self):
        params, x, labels = make_problem("seed_cnn", 3, 20)
        spec = {"kind": "sgd", "learning_rate": 0.05, "momentum": 0.9,
                "nesterov": True, "weight_decay": 0.01}
        result = to.train("seed_cnn", params, x, labels, spec, 3)
        losses, theta = replay("seed_cnn", params, x, labels,
                               ref_momentum_update(0.05, 0.9, True, 0.01), 3)
        check(result["losses"], losses, 1e-12, "losses")
        for a, e in zip(result["params"], theta):
            check(a, e, 1e-12, "params")
        for g, u, p in zip(result["grads"], result["update_grads"], params):
            check(u, g + 0.01 * p, 1e-15, "update_grads")
        assert result["losses"][-1] < result["losses"][0], result["losses"]

    def test_train_lstm_adam_replayed(self):
        params, x, labels = make_problem("seed_lstm", 2, 21)
        result = to.train("seed_lstm", params, x, labels,
                          {"kind": "adam", "learning_rate": 0.01}, 2)
        losses, theta = replay("seed_lstm", params, x, labels,
                               ref_adam_update(0.01), 2)
        check(result["losses"], losses, 1e-12, "losses")
        for a, e in zip(result["params"], theta):
            check(a, e, 1e-12, "params")

    def test_train_first_loss_matches_oracle_forward(self):
        # oracle.py's numpy forward (torch nn.LSTM, conv modules) + its loss.
        params, x, labels = make_problem("seed_cnn", 4, 22)
        k1, b1, k2, b2, k3, b3, k4, b4 = params
        y = oracle.max_pool2d(oracle.relu(oracle.conv2d(x, k1, b1)))
        y = oracle.max_pool2d(oracle.relu(oracle.conv2d(y, k2, b2)))
        y = oracle.relu(oracle.dense(oracle.flatten(y), k3, b3))
        logits = oracle.dense(y, k4, b4)
        result = to.train("seed_cnn", params, x, labels, {"kind": "sgd"}, 1)
        check(result["losses"][0],
              oracle.sparse_softmax_cross_entropy(logits, labels), 1e-12,
              "cnn")

        params, x, labels = make_problem("seed_lstm", 3, 23)
        k1, r1, b1, k2, r2, b2, k3, r3, b3, kd, bd = params
        y = oracle.lstm(x, k1, r1, b1, return_sequences=True)
        y = oracle.lstm(y, k2, r2, b2, return_sequences=True)
        logits = oracle.dense(oracle.lstm(y, k3, r3, b3), kd, bd)
        result = to.train("seed_lstm", params, x, labels, {"kind": "sgd"}, 1)
        check(result["losses"][0],
              oracle.softmax_cross_entropy(logits, labels), 1e-12, "lstm")

    def test_train_zero_steps_and_float32(self):
        params, x, labels = make_problem("seed_cnn", 2, 24)
        r0 = to.train("seed_cnn", params, x, labels, {"kind": "adam"}, 0)
        assert r0["losses"] == []
        for a, e in zip(r0["params"], params):
            check(a, e, 0.0, "params unchanged")
        p32 = [p.astype(np.float32) for p in params]
        x32 = x.astype(np.float32)
        r64 = to.train("seed_cnn", p32, x32, labels, {"kind": "adam"}, 2)
        r32 = to.train("seed_cnn", p32, x32, labels, {"kind": "adam"}, 2,
                       dtype=np.float32)
        assert all(a.dtype == np.float64 for a in r64["params"] + r64["grads"])
        assert all(a.dtype == np.float32 for a in r32["params"] + r32["grads"])
        check(r32["losses"], r64["losses"], 1e-5, "float32 losses")
        for a, e in zip(r32["grads"], r64["grads"]):
            check(a, e, 1e-5, "float32 grads")

    def test_train_rejects_bad_shapes(self):
        params, x, labels = make_problem("seed_cnn", 2, 25)
        for bad in (params[:-1], params[:-1] + [np.zeros(11)]):
            try:
                to.train("seed_cnn", bad, x, labels, {"kind": "sgd"}, 1)
            except ValueError:
                continue
            raise AssertionError("bad parameters accepted")
        try:
            to.train("seed_cnn", params, x[..., 0], labels, {"kind": "sgd"}, 1)
        except ValueError:
            pass
        else:
            raise AssertionError("bad input accepted")


# --------------------------------------------------------------------------
# Forward passes against oracle.py
# --------------------------------------------------------------------------

class ForwardTest(unittest.TestCase):
    def test_cnn_flatten_is_nhwc_row_major(self):
        r = rng(30)
        t = r.normal(size=(3, 5, 5, 64))
        check(to.flatten_t(torch.from_numpy(t)).numpy(), t.reshape(3, 1600),
              0.0, "flatten_t")

        # The whole CNN, with the flatten done by numpy on the NHWC tensor.
        params, x, _ = make_problem("seed_cnn", 3, 31)
        k1, b1, k2, b2, k3, b3, k4, b4 = params
        y = oracle.max_pool2d(oracle.relu(oracle.conv2d(x, k1, b1)))
        y = oracle.max_pool2d(oracle.relu(oracle.conv2d(y, k2, b2)))
        assert y.shape == (3, 5, 5, 64), y.shape
        hidden = oracle.relu(oracle.dense(y.reshape(3, -1), k3, b3))
        expected = oracle.dense(hidden, k4, b4)
        with torch.no_grad():
            logits = to.seed_cnn_forward([torch.from_numpy(p) for p in params],
                                         torch.from_numpy(x)).numpy()
        check(logits, expected, 1e-12, "seed_cnn logits")

        # NCHW (torch-style) flattening gives a clearly different model.
        nchw = y.transpose(0, 3, 1, 2).reshape(3, -1)
        wrong = oracle.dense(oracle.relu(oracle.dense(nchw, k3, b3)), k4, b4)
        assert np.max(np.abs(wrong - expected)) > 1e-3

    def test_lstm_cell_matches_oracle(self):
        r = rng(32)
        x = r.normal(size=(3, 6, 5))
        k, rk = glorot(r, (5, 28)), glorot(r, (7, 28))
        b = r.uniform(-0.5, 0.5, 28)
        for seq in (False, True):
            got = to.lstm_t(*[torch.from_numpy(a) for a in (x, k, rk, b)],
                            return_sequences=seq).numpy()
            check(got, oracle.lstm(x, k, rk, b, return_sequences=seq), 1e-13,
                  "lstm_t return_sequences=%s" % seq)

    def test_seed_lstm_matches_stacked_oracle_lstm(self):
        params, x, _ = make_problem("seed_lstm", 4, 33)
        k1, r1, b1, k2, r2, b2, k3, r3, b3, kd, bd = params
        y = oracle.lstm(x, k1, r1, b1, return_sequences=True)
        y = oracle.lstm(y, k2, r2, b2, return_sequences=True)
        expected = oracle.dense(oracle.lstm(y, k3, r3, b3), kd, bd)
        with torch.no_grad():
            logits = to.seed_lstm_forward(
                [torch.from_numpy(p) for p in params],
                torch.from_numpy(x)).numpy()
        check(logits, expected, 1e-12, "seed_lstm logits")


# --------------------------------------------------------------------------
# Losses
# --------------------------------------------------------------------------

def keras_sparse_from_probs(p, labels):
    """Keras (TF backend): clip, log, then a sparse softmax cross-entropy."""
    logp = np.log(np.clip(p, 1e-7, 1 - 1e-7))
    lse = np.log(np.sum(np.exp(logp), axis=-1))
    return np.mean(lse - logp[np.arange(len(labels)), labels])


def keras_categorical_from_probs(p, t):
    """Keras: normalise by the sum, clip, -sum(t log p), mean."""
    p = np.clip(p / p.sum(axis=-1, keepdims=True), 1e-7, 1 - 1e-7)
    return np.mean(-np.sum(t * np.log(p), axis=-1))


def np_softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class LossTest(unittest.TestCase):
    def test_crossentropy_matches_keras_on_probabilities(self):
        r = rng(40)
        z = r.normal(scale=2.0, size=(16, 10))
        p = np_softmax(z)
        assert p.min() > 1e-7 and p.max() < 1 - 1e-7  # nothing clipped
        labels = r.integers(0, 10, 16)
        sparse = float(to.sparse_categorical_crossentropy(torch.from_numpy(z),
                                                          labels))
        check(sparse, keras_sparse_from_probs(p, labels), 1e-10, "sparse")
        check(sparse, oracle.keras_sparse_categorical_crossentropy_from_probs(
            p, labels), 1e-10, "sparse vs oracle")
        for t in (np.eye(10)[labels], np_softmax(r.normal(size=(16, 10)))):
            cat = float(to.categorical_crossentropy(torch.from_numpy(z),
                                                    torch.from_numpy(t)))
            check(cat, keras_categorical_from_probs(p, t), 1e-10,
                  "categorical")
            check(cat, oracle.categorical_crossentropy_from_probs(p, t), 1e-10,
                  "categorical vs oracle")
        check(cat, oracle.softmax_cross_entropy(z, t), 1e-12, "vs torch CE")

    def test_crossentropy_logit_gradients(self):
        # d loss / d z = (softmax(z) - onehot) / N for both losses.
        r = rng(41)
        z = r.normal(size=(5, 10))
        labels = r.integers(0, 10, 5)
        onehot = np.eye(10)[labels]
        expected = (np_softmax(z) - onehot) / 5
        g = to.layer_grads(to.sparse_categorical_crossentropy,
                           {"logits": z, "labels": labels}, np.array(1.0))
        assert set(g) == {"logits"}
        check(g["logits"], expected, 1e-14, "sparse grad")
        g = to.layer_grads(lambda z: to.categorical_crossentropy(
            z, torch.from_numpy(onehot)), {"z": z}, np.array(1.0))
        check(g["z"], expected, 1e-14, "categorical grad")


# --------------------------------------------------------------------------
# Generic helpers and the command line
# --------------------------------------------------------------------------


def flat(arrays):
    return np.concatenate([np.asarray(a).ravel() for a in arrays])


class HelpersCommandLineTest(unittest.TestCase):
    def test_layer_grads_vs_finite_differences(self):
        r = rng(50)

        def conv(x, k, b):
            return to.conv2d_t(x, k, b, strides=(2, 1), padding="same")

        def lstm(x, k, rk, b):
            return to.lstm_t(x, k, rk, b, return_sequences=True)

        cases = [
            (conv, {"x": r.normal(size=(2, 5, 4, 3)),
                    "k": r.normal(size=(3, 2, 3, 4)), "b": r.normal(size=4)}),
            (to.dense_t, {"x": r.normal(size=(3, 6)),
                          "kernel": r.normal(size=(6, 4)),
                          "bias": r.normal(size=4)}),
            (lstm, {"x": r.normal(size=(2, 3, 4)),
                    "k": r.normal(size=(4, 12)) * 0.5,
                    "rk": r.normal(size=(3, 12)) * 0.5,
                    "b": r.normal(size=12) * 0.5}),
        ]
        for fn, inputs in cases:
            def fn_numpy(**kw):
                with torch.no_grad():
                    return fn(**{n: torch.from_numpy(v)
                                 for n, v in kw.items()}).numpy()
            out = fn_numpy(**inputs)
            up = r.normal(size=out.shape)
            ad = to.layer_grads(fn, inputs, up)
            fd = to.finite_difference_grads(fn_numpy, inputs, up, eps=1e-6)
            fd4 = to.finite_difference_grads(fn_numpy, inputs, up, eps=1e-3,
                                             order=4)
            assert set(ad) == set(inputs) == set(fd)
            for n in inputs:
                check(ad[n], fd[n], 1e-8, "%s %s" % (fn.__name__, n))
                check(ad[n], fd4[n], 1e-9, "%s %s order 4" % (fn.__name__, n))

        # An input fn ignores gets zeros; indices select entries.
        ad = to.layer_grads(lambda a, b: a * 2.0,
                            {"a": np.ones(3), "b": np.ones(2)}, np.ones(3))
        check(ad["b"], np.zeros(2), 0.0, "unused")
        fd = to.finite_difference_grads(lambda a: a ** 2,
                                        {"a": np.arange(4.0)},
                                        np.ones(4), indices={"a": [3, 1]})
        check(fd["a"], [6.0, 2.0], 1e-8, "indices")

    def test_command_line(self):
        for model, opt_name, spec, batch in (
                ("seed_cnn", "sgd_momentum",
                 {"kind": "sgd", "learning_rate": 0.01, "momentum": 0.9}, 3),
                ("seed_lstm", "adam", {"kind": "adam"}, 2),
                ("seed_cnn", "sgd",
                 {"kind": "sgd", "learning_rate": 0.01}, 2)):
            params, x, labels = make_problem(model, batch, 60)
            params = [p.astype(np.float32) for p in params]
            x = x.astype(np.float32)
            with tempfile.TemporaryDirectory() as tmp:
                files = {n: os.path.join(tmp, n) for n in
                         ("params.bin", "x.bin", "labels.bin", "out")}
                oracle.write_f32(files["params.bin"], *params)
                oracle.write_f32(files["x.bin"], x)
                if to.MODELS[model].sparse_labels:
                    oracle.write_i32(files["labels.bin"], labels)
                else:
                    oracle.write_f32(files["labels.bin"], labels)
                rc = to.main([model, opt_name, "2", files["params.bin"],
                              files["x.bin"], files["labels.bin"],
                              files["out"]])
                assert rc == 0
                out = {s: np.fromfile("%s.%s.bin" % (files["out"], s), "<f8")
                       for s in ("losses", "grads", "params")}
            expected = to.train(model, params, x, labels, spec, 2)
            check(out["losses"], expected["losses"], 0.0, "%s losses" % model)
            check(out["grads"], flat(expected["grads"]), 0.0,
                  "%s grads" % model)
            check(out["params"], flat(expected["params"]), 0.0,
                  "%s params" % model)
        with contextlib.redirect_stderr(io.StringIO()) as err:
            assert to.main(["seed_cnn", "rmsprop", "1", "a", "b", "c",
                            "d"]) == 2
        assert "usage" in err.getvalue()


if __name__ == "__main__":
    sys.exit(reporting.run_unittests("__main__"))
