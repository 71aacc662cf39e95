"""Checks oracle.py against hand-written numpy references.

unittest test cases; ``/usr/bin/python3 test_oracle.py`` prints one PASS or
FAIL line per test and "N passed, N failed" (reporting.py) and exits
non-zero on a failure. The numpy code here is deliberately written
from the Keras / TensorFlow definitions (loops over windows and time steps,
Keras gate layouts) rather than from the torch calls in oracle.py.
"""

import os
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
import reporting  # noqa: E402

TOL = 1e-10


def rng(seed):
    return np.random.default_rng(seed)


def check(actual, expected, tol=TOL, what=""):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, \
        "%s shape %s != %s" % (what, actual.shape, expected.shape)
    err = np.max(np.abs(actual - expected)) if actual.size else 0.0
    assert err <= tol, "%s max abs error %g > %g" % (what, err, tol)


# --------------------------------------------------------------------------
# numpy references
# --------------------------------------------------------------------------

def ref_out_and_pad(size, window, stride, dilation, padding):
    """Output size and leading pad of one axis, from TF's documented rules."""
    eff = (window - 1) * dilation + 1
    if padding == "valid":
        return (size - eff) // stride + 1, 0
    out = (size + stride - 1) // stride
    total = max((out - 1) * stride + eff - size, 0)
    return out, total // 2


def ref_conv2d(x, k, b, strides, padding, dilation):
    n, h, w, c = x.shape
    kh, kw, _, f = k.shape
    oh, pt = ref_out_and_pad(h, kh, strides[0], dilation[0], padding)
    ow, pl = ref_out_and_pad(w, kw, strides[1], dilation[1], padding)
    y = np.zeros((n, oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for bb in range(kw):
                    r = i * strides[0] - pt + a * dilation[0]
                    s = j * strides[1] - pl + bb * dilation[1]
                    if 0 <= r < h and 0 <= s < w:
                        y[:, i, j, :] += x[:, r, s, :] @ k[a, bb]
    return y if b is None else y + b


def ref_pool(x, pool, strides, padding, reduce):
    n, h, w, c = x.shape
    oh, pt = ref_out_and_pad(h, pool[0], strides[0], 1, padding)
    ow, pl = ref_out_and_pad(w, pool[1], strides[1], 1, padding)
    y = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, s0 = i * strides[0] - pt, j * strides[1] - pl
            win = x[:, max(r0, 0):min(r0 + pool[0], h),
                    max(s0, 0):min(s0 + pool[1], w), :]
            y[:, i, j, :] = reduce(win.reshape(n, -1, c), axis=1)
    return y


def ref_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def ref_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def ref_log_softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def ref_simple_rnn(x, k, r, b, h0, seq):
    h = np.zeros((x.shape[0], r.shape[0])) if h0 is None else h0
    outs = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ k + h @ r + b)
        outs.append(h)
    return (np.stack(outs, 1) if seq else h), h


def ref_lstm(x, k, r, b, h0, c0, seq):
    u = r.shape[0]
    h = np.zeros((x.shape[0], u)) if h0 is None else h0
    c = np.zeros((x.shape[0], u)) if c0 is None else c0
    outs = []
    for t in range(x.shape[1]):
        z = x[:, t] @ k + h @ r + b
        i = ref_sigmoid(z[:, :u])
        f = ref_sigmoid(z[:, u:2 * u])
        c = f * c + i * np.tanh(z[:, 2 * u:3 * u])
        o = ref_sigmoid(z[:, 3 * u:])
        h = o * np.tanh(c)
        outs.append(h)
    return (np.stack(outs, 1) if seq else h), h, c


def ref_gru(x, k, r, b, h0, seq):
    """Keras GRUCell, reset_after=True."""
    u = r.shape[0]
    h = np.zeros((x.shape[0], u)) if h0 is None else h0
    outs = []
    for t in range(x.shape[1]):
        mx = x[:, t] @ k + b[0]
        mi = h @ r + b[1]
        z = ref_sigmoid(mx[:, :u] + mi[:, :u])
        rr = ref_sigmoid(mx[:, u:2 * u] + mi[:, u:2 * u])
        hh = np.tanh(mx[:, 2 * u:] + rr * mi[:, 2 * u:])
        h = z * h + (1 - z) * hh
        outs.append(h)
    return (np.stack(outs, 1) if seq else h), h


# --------------------------------------------------------------------------
# Convolution and pooling
# --------------------------------------------------------------------------

class ConvolutionPoolingTest(unittest.TestCase):
    def test_conv2d_golden_tf_same_stride2(self):
        # tf.nn.conv2d(1..16 as 4x4, ones 3x3, strides 2, "SAME"): pad 0
        # top/left, 1 bottom/right -> [[54, 45], [72, 54]].
        x = np.arange(1, 17, dtype=np.float64).reshape(1, 4, 4, 1)
        k = np.ones((3, 3, 1, 1))
        y = oracle.conv2d(x, k, strides=(2, 2), padding="same")
        check(y[0, :, :, 0], [[54, 45], [72, 54]])

    def test_conv2d_configs(self):
        g = rng(1)
        cases = [  # (h, w, kh, kw, strides, padding, dilation)
            (5, 5, 3, 3, (1, 1), "valid", (1, 1)),
            (5, 5, 3, 3, (1, 1), "same", (1, 1)),
            (6, 7, 3, 3, (2, 2), "same", (1, 1)),
            (7, 6, 3, 2, (2, 2), "same", (1, 1)),
            (7, 7, 3, 3, (2, 2), "valid", (1, 1)),
            (8, 9, 4, 4, (1, 1), "same", (1, 1)),
            (9, 8, 3, 3, (1, 1), "same", (2, 2)),
            (9, 9, 3, 3, (1, 1), "valid", (2, 2)),
            (10, 11, 2, 3, (2, 1), "same", (2, 1)),
            (6, 6, 1, 1, (2, 2), "same", (1, 1)),
            (4, 4, 5, 5, (3, 3), "same", (1, 1)),
        ]
        for h, w, kh, kw, s, p, d in cases:
            x = g.standard_normal((2, h, w, 3))
            k = g.standard_normal((kh, kw, 3, 4))
            b = g.standard_normal(4)
            for bias in (None, b):
                got = oracle.conv2d(x, k, bias, strides=s, padding=p,
                                    dilation=d)
                check(got, ref_conv2d(x, k, bias, s, p, d),
                      what="conv %r" % ((h, w, kh, kw, s, p, d),))

    def test_pooling_golden_tf_same(self):
        # tf avg_pool 2x2 stride 2 "SAME" on 3x3 of 1..9: windows at the
        # bottom/right edge average only the valid elements.
        x = np.arange(1, 10, dtype=np.float64).reshape(1, 3, 3, 1)
        check(oracle.avg_pool2d(x, (2, 2), None, "same")[0, :, :, 0],
              [[3.0, 4.5], [7.5, 9.0]])
        check(oracle.max_pool2d(x, (2, 2), None, "same")[0, :, :, 0],
              [[5.0, 6.0], [8.0, 9.0]])

    def test_pooling_configs(self):
        g = rng(2)
        cases = [  # (h, w, pool, strides, padding)
            (4, 4, (2, 2), None, "valid"),
            (5, 5, (2, 2), None, "valid"),
            (5, 5, (2, 2), None, "same"),
            (7, 6, (3, 3), (2, 2), "same"),
            (7, 7, (3, 3), (1, 1), "same"),
            (6, 7, (3, 2), (2, 1), "same"),
            (8, 8, (3, 3), (2, 2), "valid"),
            (5, 6, (1, 1), (2, 2), "same"),
            (9, 9, (4, 4), (3, 3), "same"),
        ]
        for h, w, pool, strides, padding in cases:
            # Negative values make a wrongly zero-padded max pool visible.
            x = g.standard_normal((2, h, w, 3)) - 3.0
            s = pool if strides is None else strides
            what = repr((h, w, pool, strides, padding))
            check(oracle.max_pool2d(x, pool, strides, padding),
                  ref_pool(x, pool, s, padding, np.max), what="max " + what)
            check(oracle.avg_pool2d(x, pool, strides, padding),
                  ref_pool(x, pool, s, padding, np.mean), what="avg " + what)

    def test_pooling_default_args(self):
        x = rng(3).standard_normal((1, 4, 6, 2))
        check(oracle.max_pool2d(x),
              ref_pool(x, (2, 2), (2, 2), "valid", np.max))
        check(oracle.avg_pool2d(x),
              ref_pool(x, (2, 2), (2, 2), "valid", np.mean))


# --------------------------------------------------------------------------
# Dense, activations, normalisation
# --------------------------------------------------------------------------

class DenseActivationNormalizationTest(unittest.TestCase):
    def test_dense_ranks(self):
        g = rng(4)
        k, b = g.standard_normal((5, 3)), g.standard_normal(3)
        for shape in ((4, 5), (2, 3, 5)):
            x = g.standard_normal(shape)
            check(oracle.dense(x, k, b), x @ k + b)
            check(oracle.dense(x, k), x @ k)

    def test_activations(self):
        x = rng(5).standard_normal((3, 4, 5)) * 4
        check(oracle.relu(x), np.maximum(x, 0))
        check(oracle.sigmoid(x), ref_sigmoid(x))
        check(oracle.tanh(x), np.tanh(x))
        for axis in (-1, 0, 1):
            check(oracle.softmax(x, axis), ref_softmax(x, axis))
            check(oracle.log_softmax(x, axis), ref_log_softmax(x, axis))
        check(oracle.softmax(x), ref_softmax(x))

    def test_keras_activations(self):
        """The torch calls against Keras 3's formulas, written in numpy."""
        from math import erf
        x = rng(15).standard_normal((4, 7)) * 5
        x[0, :4] = (-3.0, 3.0, 0.0, 6.0)  # the kinks
        pos = x > 0
        check(oracle.leaky_relu(x), np.where(pos, x, 0.3 * x))
        check(oracle.leaky_relu(x, 0.2), np.where(pos, x, 0.2 * x))
        check(oracle.elu(x, 0.7), np.where(pos, x, 0.7 * np.expm1(x)))
        a, lam = 1.6732632423543772, 1.0507009873554805
        check(oracle.selu(x), lam * np.where(pos, x, a * np.expm1(x)))
        check(oracle.gelu(x),
              0.5 * x * (1 + np.vectorize(erf)(x / np.sqrt(2))))
        inner = np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)
        check(oracle.gelu(x, approximate=True), 0.5 * x * (1 + np.tanh(inner)))
        check(oracle.silu(x), x * ref_sigmoid(x))
        check(oracle.softplus(x), np.logaddexp(x, 0))
        check(oracle.softsign(x), x / (1 + np.abs(x)))
        hard = np.clip(x / 6 + 0.5, 0, 1)
        check(oracle.hard_sigmoid(x), hard)
        check(oracle.hard_silu(x), x * hard)
        check(oracle.relu6(x), np.clip(x, 0, 6))
        alpha = rng(16).standard_normal(7)
        check(oracle.prelu(x, alpha), np.where(x >= 0, x, alpha * x))
        check(oracle.maximum(x, alpha), np.maximum(x, alpha))
        check(oracle.minimum(alpha, x), np.minimum(alpha, x))
        check(oracle.average(x, 2 * x, alpha), (x + 2 * x + alpha) / 3)

    def test_batch_norm_inference_ranks(self):
        g = rng(6)
        c = 4
        gamma, beta, mean = (g.standard_normal(c) for _ in range(3))
        var = g.uniform(0.5, 2.0, c)
        for shape in ((5, c), (2, 3, 3, c)):
            x = g.standard_normal(shape)
            want = gamma * (x - mean) / np.sqrt(var + 1e-3) + beta
            check(oracle.batch_norm_inference(x, gamma, beta, mean, var), want)
            want = (x - mean) / np.sqrt(var + 1e-5)
            check(oracle.batch_norm_inference(x, None, None, mean, var, 1e-5),
                  want)

    def test_batch_norm_training_ranks(self):
        g = rng(7)
        c = 3
        gamma, beta, mm = (g.standard_normal(c) for _ in range(3))
        mv = g.uniform(0.5, 2.0, c)
        for shape in ((6, c), (2, 4, 5, c)):
            x = g.standard_normal(shape) * 2 + 1
            axes = tuple(range(x.ndim - 1))
            mu = x.mean(axis=axes)
            var = ((x - mu) ** 2).mean(axis=axes)  # biased
            for eps, mom in ((1e-3, 0.99), (1e-2, 0.9)):
                y, nm, nv = oracle.batch_norm_training(x, gamma, beta, mm, mv,
                                                       eps, mom)
                check(y, gamma * (x - mu) / np.sqrt(var + eps) + beta)
                check(nm, mm * mom + mu * (1 - mom))
                check(nv, mv * mom + var * (1 - mom))
        y, nm, nv = oracle.batch_norm_training(x, gamma, beta, mm, mv)
        check(nv, mv * 0.99 + var * 0.01)


# --------------------------------------------------------------------------
# Shapes and broadcasting
# --------------------------------------------------------------------------

class ShapeBroadcastTest(unittest.TestCase):
    def test_flatten_and_reshape(self):
        x = rng(8).standard_normal((2, 3, 4, 5))
        check(oracle.flatten(x), x.reshape(2, 60))
        check(oracle.reshape(x, (12, 5)), x.reshape(2, 12, 5))
        check(oracle.reshape(x, (-1, 3)), x.reshape(2, 20, 3))

    def test_broadcasting_arithmetic(self):
        g = rng(9)
        pairs = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 4), (3, 1)),
                 ((5,), (2, 3, 5)), ((2, 3, 1, 1), (1, 1, 4, 5)), ((3,), ())]
        for sa, sb in pairs:
            a, b = g.standard_normal(sa), g.standard_normal(sb)
            check(oracle.add(a, b), a + b)
            check(oracle.sub(a, b), a - b)
            check(oracle.mul(a, b), a * b)


# --------------------------------------------------------------------------
# Recurrent layers
# --------------------------------------------------------------------------

def recurrent_case(seed, gates, units=4, feats=3, batch=2, steps=5):
    g = rng(seed)
    x = g.standard_normal((batch, steps, feats))
    k = g.standard_normal((feats, gates * units)) * 0.5
    r = g.standard_normal((units, gates * units)) * 0.5
    h0 = g.standard_normal((batch, units))
    c0 = g.standard_normal((batch, units))
    return g, x, k, r, h0, c0


class RecurrentTest(unittest.TestCase):
    def test_simple_rnn_variants(self):
        g, x, k, r, h0, _ = recurrent_case(10, 1)
        b = g.standard_normal(4)
        for init in (None, h0):
            for seq in (False, True):
                want, h = ref_simple_rnn(x, k, r, b, init, seq)
                check(oracle.simple_rnn(x, k, r, b, init, seq), want)
                out, hs = oracle.simple_rnn(x, k, r, b, init, seq,
                                            return_state=True)
                check(out, want)
                check(hs, h)
        want, _ = ref_simple_rnn(x, k, r, np.zeros(4), None, True)
        check(oracle.simple_rnn(x, k, r, return_sequences=True), want)

    def test_lstm_variants(self):
        g, x, k, r, h0, c0 = recurrent_case(11, 4)
        b = g.standard_normal(16)
        for hi, ci in ((None, None), (h0, c0)):
            for seq in (False, True):
                want, h, c = ref_lstm(x, k, r, b, hi, ci, seq)
                check(oracle.lstm(x, k, r, b, hi, ci, seq), want)
                out, hs, cs = oracle.lstm(x, k, r, b, hi, ci, seq,
                                          return_state=True)
                check(out, want)
                check(hs, h)
                check(cs, c)
        want, _, _ = ref_lstm(x, k, r, np.zeros(16), None, None, False)
        check(oracle.lstm(x, k, r), want)

    def test_gru_variants(self):
        g, x, k, r, h0, _ = recurrent_case(12, 3)
        b = g.standard_normal((2, 12))
        for init in (None, h0):
            for seq in (False, True):
                want, h = ref_gru(x, k, r, b, init, seq)
                check(oracle.gru(x, k, r, b, init, seq), want)
                out, hs = oracle.gru(x, k, r, b, init, seq, return_state=True)
                check(out, want)
                check(hs, h)
        want, _ = ref_gru(x, k, r, np.zeros((2, 12)), None, False)
        check(oracle.gru(x, k, r), want)

    def test_gru_bias_rows_distinguished(self):
        # Only the recurrent bias sits inside r * (...): a swap must show.
        g, x, k, r, h0, _ = recurrent_case(13, 3)
        b = np.zeros((2, 12))
        b[1, 8:] = 2.0
        want, _ = ref_gru(x, k, r, b, h0, True)
        swapped, _ = ref_gru(x, k, r, b[::-1], h0, True)
        assert np.max(np.abs(want - swapped)) > 1e-3
        check(oracle.gru(x, k, r, b, h0, True), want)


# --------------------------------------------------------------------------
# Losses
# --------------------------------------------------------------------------

class LossTest(unittest.TestCase):
    def test_logit_losses(self):
        g = rng(14)
        for shape in ((6, 5), (2, 3, 5)):
            logits = g.standard_normal(shape) * 3
            labels = g.integers(0, 5, shape[:-1]).astype(np.int32)
            lsm = ref_log_softmax(logits)
            want = -np.take_along_axis(lsm, labels[..., None].astype(np.int64),
                                       -1).mean()
            check(oracle.sparse_softmax_cross_entropy(logits, labels), want)
            targets = ref_softmax(g.standard_normal(shape))
            check(oracle.softmax_cross_entropy(logits, targets),
                  -(targets * lsm).sum(-1).mean())
            onehot = np.eye(5)[labels]
            check(oracle.softmax_cross_entropy(logits, onehot), want)

    def test_mse_loss(self):
        g = rng(15)
        p, t = g.standard_normal((4, 3, 2)), g.standard_normal((4, 3, 2))
        check(oracle.mean_squared_error(p, t), ((p - t) ** 2).mean())

    def test_probability_losses(self):
        g = rng(16)
        eps = 1e-7
        probs = ref_softmax(g.standard_normal((6, 5)) * 2)
        probs[0] = [1.0, 0.0, 0.0, 0.0, 0.0]  # exercises both clip bounds
        probs[1] = [0.5, 0.5, 1e-12, 0.0, 0.0]
        labels = np.array([1, 0, 2, 3, 4, 0], dtype=np.int32)
        # TF backend: log(clip(p)) into sparse softmax cross-entropy.
        cp = np.clip(probs, eps, 1 - eps)
        want = -np.log(cp[np.arange(6), labels] / cp.sum(-1)).mean()
        check(oracle.keras_sparse_categorical_crossentropy_from_probs(
            probs, labels), want)
        # Unnormalised probabilities: normalise, clip, -sum(t log p).
        raw = probs * g.uniform(0.5, 2.0, (6, 1))
        targets = ref_softmax(g.standard_normal((6, 5)))
        np_p = np.clip(raw / raw.sum(-1, keepdims=True), eps, 1 - eps)
        check(oracle.categorical_crossentropy_from_probs(raw, targets),
              -(targets * np.log(np_p)).sum(-1).mean())
        onehot = np.eye(5)[labels]
        check(oracle.categorical_crossentropy_from_probs(probs, onehot),
              -np.log(np.clip(probs, eps, 1 - eps)[np.arange(6),
                                                   labels]).mean(),
              tol=1e-9)


# --------------------------------------------------------------------------
# Types and files
# --------------------------------------------------------------------------

class TypesFilesTest(unittest.TestCase):
    def test_float32_inputs_stay_float32(self):
        g = rng(17)
        x = g.standard_normal((1, 5, 5, 2)).astype(np.float32)
        k = g.standard_normal((3, 3, 2, 3)).astype(np.float32)
        y = oracle.conv2d(x, k, padding="same")
        assert y.dtype == np.float32, y.dtype
        check(y, ref_conv2d(x.astype(np.float64), k.astype(np.float64), None,
                            (1, 1), "same", (1, 1)), tol=1e-5)
        assert oracle.relu(x).dtype == np.float32
        # Mixed float32/float64 promotes to float64; lists are float64.
        assert oracle.add(x, np.float64(1.0) * np.ones(2)).dtype == np.float64
        assert oracle.relu([1.0, -2.0]).dtype == np.float64
        xs = g.standard_normal((2, 3, 3)).astype(np.float32)
        ks = g.standard_normal((3, 12)).astype(np.float32)
        rs = g.standard_normal((4, 12)).astype(np.float32)
        assert oracle.gru(xs, ks, rs).dtype == np.float32

    def test_raw_file_round_trip(self):
        a = np.arange(6, dtype=np.float64).reshape(2, 3) / 4
        b = np.array([-1.5, 2.25], dtype=np.float32)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "f.bin")
            oracle.write_f32(path, a, b)
            assert os.path.getsize(path) == 8 * 4
            with open(path, "rb") as f:
                # 0, .25
                assert f.read(8) == b"\x00\x00\x00\x00\x00\x00\x80\x3e"
            check(oracle.read_f32(path, 8), np.concatenate([a.ravel(), b]))
            check(oracle.read_f32(path, 3), [0, 0.25, 0.5])
            path = os.path.join(d, "i.bin")
            oracle.write_i32(path, np.array([1, -2, 300]))
            with open(path, "rb") as f:
                assert f.read() == bytes([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff,
                                          0x2c, 1, 0, 0])
            assert list(oracle.read_i32(path)) == [1, -2, 300]


if __name__ == "__main__":
    sys.exit(reporting.run_unittests("__main__"))
