"""Shape ops: nn.flatten (row-major over the NHWC axes) and nn.reshape."""

import oracle
from registry import Layer, grad, predict, register, threads


def flatten():
    """nn.flatten."""
    return Layer("%y = nn.flatten %x : {x}", [], oracle.flatten)


def reshape(target, dtype="f32"):
    """nn.reshape to the whole shape `target` (batch axis included)."""
    dims = "x".join(str(d) for d in target)
    return Layer(f"%y = nn.reshape %x : {{x}} -> tensor<{dims}x{dtype}>", [],
                 lambda x: oracle.reshape(x, target[1:]))


PREDICT = [
    predict("flatten", (2, 3, 3, 4), flatten()),
    predict("reshape", (2, 36), reshape((2, 6, 6))),
]

GRAD = [
    grad("g_flatten", (2, 2, 3, 2), flatten()),
    grad("g_reshape", (2, 6), reshape((2, 3, 2), "f64")),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    threads("t_flatten", (7, 13, 11, 17), flatten()),
]

register("shape", predict=PREDICT, grad=GRAD, threads=THREADS)
