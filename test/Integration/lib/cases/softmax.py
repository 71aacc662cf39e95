"""Softmax and log-softmax over the last axis and over other axes."""

import oracle
from registry import Layer, grad, predict, register, threads


def softmax(axis=None, log=False):
    """nn.softmax (nn.log_softmax with log) over axis (default: the last)."""
    name = "log_softmax" if log else "softmax"
    fn = getattr(oracle, name)
    if axis is None:
        return Layer(f"%y = nn.{name} %x : {{x}}", [], fn)
    return Layer(f"%y = nn.{name} %x {{{{axis = {axis}}}}} : {{x}}", [],
                 lambda x: fn(x, axis=axis))


PREDICT = [
    predict("softmax_last", (4, 10), softmax(), input_range=(-10.0, 10.0)),
    predict("softmax_axis0", (4, 10), softmax(axis=0)),
    predict("log_softmax_axis1_rank3", (2, 5, 3), softmax(axis=1, log=True)),
]

GRAD = [
    grad("g_softmax", (3, 5), softmax(), input_range=(-2, 2)),
    grad("g_softmax_axis0", (3, 5), softmax(axis=0), input_range=(-2, 2)),
    grad("g_log_softmax_axis1", (2, 3, 4), softmax(axis=1, log=True),
         input_range=(-2, 2)),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    threads("t_softmax", (31, 997), softmax(), input_range=(-4, 4)),
    threads("t_softmax_axis0", (37, 467), softmax(axis=0)),
    threads("t_log_softmax_axis1", (7, 29, 97), softmax(axis=1, log=True)),
]

register("softmax", predict=PREDICT, grad=GRAD, threads=THREADS)
