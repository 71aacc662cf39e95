"""PyTorch reference outputs for Keras-semantics layers.

nncc's integration tests compare compiled code against this module. It is an
*independent* oracle: every function converts Keras layouts to PyTorch's and
calls the corresponding torch op (``torch.nn.functional`` or a ``torch.nn``
module); nothing here re-derives the math by hand where torch has the op.

Layouts (always Keras / TensorFlow "channels_last"):

* images             ``[batch, height, width, channels]``          (NHWC)
* conv kernels       ``[kh, kw, in_channels, out_channels]``        (HWCF)
* dense kernels      ``[in, out]``; dense inputs ``[..., in]``
* sequences          ``[batch, time, features]``
* recurrent weights  ``kernel [features, G*units]``,
                     ``recurrent_kernel [units, G*units]``, with Keras's gate
                     order (LSTM ``i,f,c,o``; GRU ``z,r,h``)
* normalisation      channels on the last axis

Inputs are numpy arrays (or anything ``np.asarray`` accepts); outputs are
numpy arrays in the same Keras layouts. The computation runs in the common
floating type of the float inputs: float64 unless every float input is
float32 (integer inputs such as labels do not take part). Losses come back as
0-d arrays.

Keras-vs-torch subtleties handled here:

* "same" padding is TensorFlow's, which may be asymmetric (the extra row /
  column goes at the bottom / right); it is applied with ``F.pad`` because
  torch's own ``padding=`` is symmetric.
* "same" max pooling pads with ``-inf``; "same" average pooling divides by
  the number of *valid* (non-padded) elements in each window.
* ``batch_norm_training`` normalises with the biased batch variance and, like
  Keras 3 and tf.keras's non-fused path, also updates the moving variance
  with the biased variance (torch's running_var would use the unbiased one;
  tf.keras's fused NHWC kernel did too).  Keras's momentum ``m`` means
  ``moving * m + batch * (1 - m)``, i.e. torch momentum ``1 - m``.
* LSTM: torch's gate order ``i,f,g,o`` is Keras's ``i,f,c,o``; the single
  Keras bias goes into ``bias_ih`` and ``bias_hh`` is zero.
* GRU: only Keras's ``reset_after=True`` (the default) exists in torch.  Keras
  ``z,r,h`` columns are reordered to torch's ``r,z,n``; ``bias[0]`` is the
  input bias and ``bias[1]`` the recurrent bias. Both compute
  ``h = z * h_prev + (1 - z) * candidate``.
* Cross-entropy on probabilities follows Keras's TensorFlow backend:
  categorical normalises by the sum, clips to ``[1e-7, 1 - 1e-7]`` and takes
  ``-sum(t * log p)``; sparse clips and feeds ``log p`` to a softmax
  cross-entropy (which therefore renormalises after clipping).
"""

import numpy as np
import torch
import torch.nn.functional as F

__all__ = [
    "conv2d", "max_pool2d", "avg_pool2d", "dense",
    "relu", "sigmoid", "tanh", "softmax", "log_softmax",
    "batch_norm_inference", "batch_norm_training",
    "flatten", "reshape", "add", "sub", "mul",
    "leaky_relu", "elu", "selu", "gelu", "silu", "softplus", "softsign",
    "hard_sigmoid", "hard_silu", "relu6", "prelu", "maximum", "minimum",
    "average", "global_max_pool2d", "global_avg_pool2d", "concatenate",
    "slice", "pad", "permute", "repeat_vector", "upsampling2d",
    "simple_rnn", "lstm", "gru",
    "sparse_softmax_cross_entropy", "softmax_cross_entropy",
    "mean_squared_error",
    "keras_sparse_categorical_crossentropy_from_probs",
    "categorical_crossentropy_from_probs",
    "write_f32", "write_i32", "read_f32", "read_i32",
]

# Keras's backend.epsilon(), used to clip probabilities in cross-entropies.
KERAS_EPSILON = 1e-7


# --------------------------------------------------------------------------
# Conversion helpers
# --------------------------------------------------------------------------

def _float_dtype(*arrays):
    """The common numpy float type of the non-None arrays (float32/64)."""
    dtype = np.result_type(
        *(np.asarray(a).dtype for a in arrays if a is not None), np.float32)
    if dtype not in (np.float32, np.float64):
        raise TypeError("oracle computes in float32 or float64, not %s" % dtype)
    return dtype


def _tensors(*arrays):
    """Converts arrays to torch tensors of their common float type.

    None passes through, so optional operands (biases) stay optional.
    """
    dtype = _float_dtype(*arrays)
    return tuple(
        None if a is None
        else torch.from_numpy(np.ascontiguousarray(a, dtype=dtype))
        for a in arrays)


def _labels(labels):
    return torch.from_numpy(np.asarray(labels).astype(np.int64))


def _numpy(t):
    return t.detach().numpy()


def _pair(v):
    return (v, v) if np.isscalar(v) else tuple(v)


def _nhwc_to_nchw(x):
    return x.permute(0, 3, 1, 2)


def _nchw_to_nhwc(x):
    return x.permute(0, 2, 3, 1)


def _same_pads(size, window, stride, dilation=1):
    """TensorFlow's "same" padding of one spatial axis: (before, after)."""
    effective = (window - 1) * dilation + 1
    out = -(-size // stride)  # ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _pad_nchw(x, padding, window, strides, dilation=(1, 1), value=0.0):
    """Applies Keras padding ("valid" or "same") to an NCHW tensor."""
    padding = padding.lower()
    if padding == "valid":
        return x
    if padding != "same":
        raise ValueError("padding must be 'valid' or 'same', got %r" % padding)
    top, bottom = _same_pads(x.shape[2], window[0], strides[0], dilation[0])
    left, right = _same_pads(x.shape[3], window[1], strides[1], dilation[1])
    return F.pad(x, (left, right, top, bottom), value=value)


# --------------------------------------------------------------------------
# Convolution, pooling, dense
# --------------------------------------------------------------------------

def conv2d(x, kernel, bias=None, strides=(1, 1), padding="valid",
           dilation=(1, 1)):
    """Keras Conv2D: x [N,H,W,C], kernel [kh,kw,C,F], bias [F] -> [N,OH,OW,F]."""
    x, kernel, bias = _tensors(x, kernel, bias)
    strides, dilation = _pair(strides), _pair(dilation)
    weight = kernel.permute(3, 2, 0, 1)  # HWCF -> OIHW
    xp = _pad_nchw(_nhwc_to_nchw(x), padding, weight.shape[2:], strides,
                   dilation)
    y = F.conv2d(xp, weight, bias, stride=strides, dilation=dilation)
    return _numpy(_nchw_to_nhwc(y))


def max_pool2d(x, pool_size=(2, 2), strides=None, padding="valid"):
    """Keras MaxPooling2D on NHWC; strides default to pool_size."""
    (x,) = _tensors(x)
    pool_size = _pair(pool_size)
    strides = pool_size if strides is None else _pair(strides)
    xp = _pad_nchw(_nhwc_to_nchw(x), padding, pool_size, strides,
                   value=float("-inf"))
    return _numpy(_nchw_to_nhwc(F.max_pool2d(xp, pool_size, strides)))


def avg_pool2d(x, pool_size=(2, 2), strides=None, padding="valid"):
    """Keras AveragePooling2D on NHWC; strides default to pool_size.

    With "same" padding each window is averaged over its valid elements only:
    the window sums of the zero-padded input are divided by the window sums
    of a zero-padded tensor of ones (the per-window element counts).
    """
    (x,) = _tensors(x)
    pool_size = _pair(pool_size)
    strides = pool_size if strides is None else _pair(strides)
    x = _nhwc_to_nchw(x)

    def window_sums(t):
        tp = _pad_nchw(t, padding, pool_size, strides)
        return F.avg_pool2d(tp, pool_size, strides, divisor_override=1)

    y = window_sums(x) / window_sums(torch.ones_like(x[:, :1]))
    return _numpy(_nchw_to_nhwc(y))


def dense(x, kernel, bias=None):
    """Keras Dense: x [..., in], kernel [in, out], bias [out] -> [..., out]."""
    x, kernel, bias = _tensors(x, kernel, bias)
    return _numpy(F.linear(x, kernel.t(), bias))


# --------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------

def relu(x):
    (x,) = _tensors(x)
    return _numpy(F.relu(x))


def sigmoid(x):
    (x,) = _tensors(x)
    return _numpy(torch.sigmoid(x))


def tanh(x):
    (x,) = _tensors(x)
    return _numpy(torch.tanh(x))


def softmax(x, axis=-1):
    (x,) = _tensors(x)
    return _numpy(F.softmax(x, dim=axis))


def log_softmax(x, axis=-1):
    (x,) = _tensors(x)
    return _numpy(F.log_softmax(x, dim=axis))


# --------------------------------------------------------------------------
# Batch normalisation (channels last)
# --------------------------------------------------------------------------

def batch_norm_inference(x, gamma, beta, mean, var, epsilon=1e-3):
    """Keras BatchNormalization in inference mode, channels on the last axis.

    gamma / beta may be None (Keras scale=False / center=False).
    """
    x, gamma, beta, mean, var = _tensors(x, gamma, beta, mean, var)
    channels = x.shape[-1]
    y = F.batch_norm(x.reshape(-1, channels), mean, var, gamma, beta,
                     training=False, eps=epsilon)
    return _numpy(y.reshape(x.shape))


def batch_norm_training(x, gamma, beta, moving_mean, moving_var,
                        epsilon=1e-3, momentum=0.99):
    """Keras BatchNormalization in training mode.

    Returns (y, new_moving_mean, new_moving_var). Statistics are taken over
    all axes but the last; the moving variance is updated with the *biased*
    batch variance (see the module docstring).
    """
    x, gamma, beta, moving_mean, moving_var = _tensors(
        x, gamma, beta, moving_mean, moving_var)
    channels = x.shape[-1]
    x2 = x.reshape(-1, channels)
    y = F.batch_norm(x2, None, None, gamma, beta, training=True, eps=epsilon)
    batch_var, batch_mean = torch.var_mean(x2, dim=0, unbiased=False)
    new_mean = moving_mean * momentum + batch_mean * (1.0 - momentum)
    new_var = moving_var * momentum + batch_var * (1.0 - momentum)
    return _numpy(y.reshape(x.shape)), _numpy(new_mean), _numpy(new_var)


# --------------------------------------------------------------------------
# Shapes and element-wise arithmetic
# --------------------------------------------------------------------------

def flatten(x):
    """Keras Flatten: [batch, ...] -> [batch, prod(...)] (row-major)."""
    (x,) = _tensors(x)
    return _numpy(torch.flatten(x, start_dim=1))


def reshape(x, target_shape):
    """Keras Reshape: target_shape excludes the batch axis (-1 allowed)."""
    (x,) = _tensors(x)
    return _numpy(torch.reshape(x, (x.shape[0],) + tuple(target_shape)))


def add(a, b):
    """Element-wise a + b with numpy broadcasting."""
    a, b = _tensors(a, b)
    return _numpy(torch.add(a, b))


def sub(a, b):
    """Element-wise a - b with numpy broadcasting."""
    a, b = _tensors(a, b)
    return _numpy(torch.sub(a, b))


def mul(a, b):
    """Element-wise a * b with numpy broadcasting."""
    a, b = _tensors(a, b)
    return _numpy(torch.mul(a, b))


def leaky_relu(x, negative_slope=0.3):
    """Keras LeakyReLU (its layer default slope 0.3)."""
    (x,) = _tensors(x)
    return _numpy(F.leaky_relu(x, negative_slope))


def elu(x, alpha=1.0):
    (x,) = _tensors(x)
    return _numpy(F.elu(x, alpha))


def selu(x):
    (x,) = _tensors(x)
    return _numpy(F.selu(x))


def gelu(x, approximate=False):
    """Keras gelu: exact by default, the tanh form with approximate."""
    (x,) = _tensors(x)
    return _numpy(F.gelu(x, approximate="tanh" if approximate else "none"))


def silu(x):
    (x,) = _tensors(x)
    return _numpy(F.silu(x))


def softplus(x):
    """log(1 + exp(x)); torch's threshold (x > 20 gives x) is raised past
    any input so that it is the exact function, as TensorFlow's."""
    (x,) = _tensors(x)
    return _numpy(F.softplus(x, threshold=1e4))


def softsign(x):
    (x,) = _tensors(x)
    return _numpy(F.softsign(x))


def hard_sigmoid(x):
    """Keras 3's hard_sigmoid, clamp(x/6 + 1/2, 0, 1): torch's hardsigmoid."""
    (x,) = _tensors(x)
    return _numpy(F.hardsigmoid(x))


def hard_silu(x):
    """Keras 3's hard_silu (hard_swish): torch's hardswish."""
    (x,) = _tensors(x)
    return _numpy(F.hardswish(x))


def relu6(x):
    (x,) = _tensors(x)
    return _numpy(F.relu6(x))


def prelu(x, alpha):
    """Keras PReLU: alpha broadcast against x (torch's prelu only takes one
    slope per channel of axis 1, so the formula goes through torch.where)."""
    x, alpha = _tensors(x, alpha)
    return _numpy(torch.where(x >= 0, x, alpha * x))


def maximum(a, b):
    a, b = _tensors(a, b)
    return _numpy(torch.maximum(a, b))


def minimum(a, b):
    a, b = _tensors(a, b)
    return _numpy(torch.minimum(a, b))


def average(*inputs):
    """Keras Average: the left-to-right sum divided by the count."""
    tensors = _tensors(*inputs)
    total = tensors[0]
    for t in tensors[1:]:
        total = total + t
    return _numpy(total / len(tensors))


def global_max_pool2d(x, keepdims=False):
    """Keras GlobalMaxPooling2D on NHWC."""
    (x,) = _tensors(x)
    return _numpy(torch.amax(x, dim=(1, 2), keepdim=keepdims))


def global_avg_pool2d(x, keepdims=False):
    """Keras GlobalAveragePooling2D on NHWC."""
    (x,) = _tensors(x)
    return _numpy(torch.mean(x, dim=(1, 2), keepdim=keepdims))


def concatenate(*inputs, axis=-1):
    """Keras Concatenate."""
    return _numpy(torch.cat(_tensors(*inputs), dim=axis))


def slice(x, offsets, sizes):
    """The box x[offsets : offsets + sizes] (Keras Cropping*D)."""
    (x,) = _tensors(x)
    for axis, (o, n) in enumerate(zip(offsets, sizes)):
        x = torch.narrow(x, axis, o, n)
    return _numpy(x)


def pad(x, low, high):
    """Zero padding (Keras ZeroPadding*D); F.pad lists pairs last axis
    first."""
    (x,) = _tensors(x)
    pairs = []
    for lo, hi in reversed(list(zip(low, high))):
        pairs += [lo, hi]
    return _numpy(F.pad(x, pairs))


def permute(x, permutation):
    """Axis d of the result is axis permutation[d] of x (Keras Permute with
    the batch axis prepended)."""
    (x,) = _tensors(x)
    return _numpy(x.permute(*permutation))


def repeat_vector(x, n):
    """Keras RepeatVector: [b, f] to [b, n, f]."""
    (x,) = _tensors(x)
    return _numpy(x.unsqueeze(1).expand(-1, n, -1))


def upsampling2d(x, size=(2, 2)):
    """Keras UpSampling2D(interpolation="nearest") on NHWC."""
    (x,) = _tensors(x)
    y = F.interpolate(x.permute(0, 3, 1, 2), scale_factor=tuple(size),
                      mode="nearest")
    return _numpy(y.permute(0, 2, 3, 1))


# --------------------------------------------------------------------------
# Recurrent layers
# --------------------------------------------------------------------------

def _run_recurrent(module, x, w_ih, w_hh, b_ih, b_hh, states,
                   return_sequences, return_state):
    """Runs a one-layer batch_first torch RNN/LSTM/GRU with given weights.

    All weights are already in torch's layout ([G*units, in] etc.); ``states``
    is a list of Keras-shaped [batch, units] initial states (None = zeros).
    Returns Keras's outputs: the last output or the whole sequence, followed
    by the final states when return_state is set.
    """
    units = w_hh.shape[1]
    batch = x.shape[0]
    with torch.no_grad():
        module = module.to(x.dtype)
        module.weight_ih_l0.copy_(w_ih)
        module.weight_hh_l0.copy_(w_hh)
        module.bias_ih_l0.copy_(b_ih)
        module.bias_hh_l0.copy_(b_hh)
        init = [torch.zeros(1, batch, units, dtype=x.dtype) if s is None
                else s.unsqueeze(0) for s in states]
        out, final = module(x, init[0] if len(init) == 1 else tuple(init))
    final = [final] if isinstance(final, torch.Tensor) else list(final)
    result = out if return_sequences else out[:, -1]
    if not return_state:
        return _numpy(result)
    return (_numpy(result),) + tuple(_numpy(s[0]) for s in final)


def _zeros_if_none(bias, size, like):
    return torch.zeros(size, dtype=like.dtype) if bias is None else bias


def simple_rnn(x, kernel, recurrent, bias=None, h0=None,
               return_sequences=False, return_state=False):
    """Keras SimpleRNN (tanh): x [b,t,f], kernel [f,u], recurrent [u,u],
    bias [u]. Returns [b,u] (or [b,t,u]); with return_state, (output, h)."""
    x, kernel, recurrent, bias, h0 = _tensors(x, kernel, recurrent, bias, h0)
    units = recurrent.shape[0]
    module = torch.nn.RNN(kernel.shape[0], units, nonlinearity="tanh",
                          batch_first=True)
    return _run_recurrent(
        module, x, kernel.t(), recurrent.t(),
        _zeros_if_none(bias, units, x), torch.zeros(units, dtype=x.dtype),
        [h0], return_sequences, return_state)


def lstm(x, kernel, recurrent, bias=None, h0=None, c0=None,
         return_sequences=False, return_state=False):
    """Keras LSTM (gates i,f,c,o; sigmoid / tanh): x [b,t,f],
    kernel [f,4u], recurrent [u,4u], bias [4u]. Returns [b,u] (or [b,t,u]);
    with return_state, (output, h, c)."""
    x, kernel, recurrent, bias, h0, c0 = _tensors(
        x, kernel, recurrent, bias, h0, c0)
    units = recurrent.shape[0]
    module = torch.nn.LSTM(kernel.shape[0], units, batch_first=True)
    return _run_recurrent(
        module, x, kernel.t(), recurrent.t(),
        _zeros_if_none(bias, 4 * units, x),
        torch.zeros(4 * units, dtype=x.dtype),
        [h0, c0], return_sequences, return_state)


def _gru_keras_to_torch(w, units):
    """Reorders the last axis of a Keras GRU weight from z,r,h to r,z,n."""
    z, r, h = torch.split(w, units, dim=-1)
    return torch.cat([r, z, h], dim=-1)


def gru(x, kernel, recurrent, bias=None, h0=None,
        return_sequences=False, return_state=False):
    """Keras GRU with reset_after=True (gates z,r,h; sigmoid / tanh):
    x [b,t,f], kernel [f,3u], recurrent [u,3u], bias [2,3u] (row 0 input
    bias, row 1 recurrent bias). Returns [b,u] (or [b,t,u]); with
    return_state, (output, h)."""
    x, kernel, recurrent, bias, h0 = _tensors(x, kernel, recurrent, bias, h0)
    units = recurrent.shape[0]
    bias = _zeros_if_none(bias, (2, 3 * units), x)
    module = torch.nn.GRU(kernel.shape[0], units, batch_first=True)
    return _run_recurrent(
        module, x,
        _gru_keras_to_torch(kernel, units).t(),
        _gru_keras_to_torch(recurrent, units).t(),
        _gru_keras_to_torch(bias[0], units),
        _gru_keras_to_torch(bias[1], units),
        [h0], return_sequences, return_state)


# --------------------------------------------------------------------------
# Losses (averaged over the batch / all leading positions)
# --------------------------------------------------------------------------

def sparse_softmax_cross_entropy(logits, labels):
    """Mean of -log softmax(logits)[label]; logits [..., C], labels [...]."""
    (logits,) = _tensors(logits)
    classes = logits.shape[-1]
    return _numpy(F.cross_entropy(logits.reshape(-1, classes),
                                  _labels(labels).reshape(-1)))


def softmax_cross_entropy(logits, targets):
    """Mean of -sum(targets * log softmax(logits)) over leading positions."""
    logits, targets = _tensors(logits, targets)
    classes = logits.shape[-1]
    return _numpy(F.cross_entropy(logits.reshape(-1, classes),
                                  targets.reshape(-1, classes)))


def mean_squared_error(pred, targets):
    """Mean of (pred - targets)^2 over all elements."""
    pred, targets = _tensors(pred, targets)
    return _numpy(F.mse_loss(pred, targets))


def keras_sparse_categorical_crossentropy_from_probs(probs, labels):
    """Keras sparse_categorical_crossentropy(from_logits=False), TF backend:
    log(clip(probs)) fed to a sparse softmax cross-entropy, averaged."""
    (probs,) = _tensors(probs)
    classes = probs.shape[-1]
    log_probs = torch.log(torch.clamp(probs, KERAS_EPSILON, 1 - KERAS_EPSILON))
    return _numpy(F.cross_entropy(log_probs.reshape(-1, classes),
                                  _labels(labels).reshape(-1)))


def categorical_crossentropy_from_probs(probs, targets):
    """Keras categorical_crossentropy(from_logits=False): normalise probs by
    their sum, clip, then mean of -sum(targets * log(probs))."""
    probs, targets = _tensors(probs, targets)
    probs = probs / probs.sum(dim=-1, keepdim=True)
    probs = torch.clamp(probs, KERAS_EPSILON, 1 - KERAS_EPSILON)
    return _numpy(torch.mean(-torch.sum(targets * torch.log(probs), dim=-1)))


# --------------------------------------------------------------------------
# Raw little-endian files for the compiled tests
# --------------------------------------------------------------------------

def _write(path, dtype, arrays):
    data = [np.asarray(a).astype(dtype).ravel() for a in arrays]
    np.concatenate(data or [np.empty(0, dtype)]).tofile(path)


def write_f32(path, *arrays):
    """Writes the arrays, flattened row-major, as concatenated LE float32."""
    _write(path, "<f4", arrays)


def write_i32(path, *arrays):
    """Writes the arrays, flattened row-major, as concatenated LE int32."""
    _write(path, "<i4", arrays)


def read_f32(path, count=-1):
    """Reads `count` (default: all) LE float32 values as a 1-D array."""
    return np.fromfile(path, dtype="<f4", count=count)


def read_i32(path, count=-1):
    """Reads `count` (default: all) LE int32 values as a 1-D array."""
    return np.fromfile(path, dtype="<i4", count=count)
