"""Dense layers (nn.dense): with and without bias, inputs of rank 3 and 4
(Keras applies Dense to the last axis), and a shape large enough for the
GPU's shared-memory tiles."""

import oracle
from registry import Layer, Param, grad, predict, register, threads


def dense(k, bias=True):
    """nn.dense with kernel shape k ([in, out]) and, with bias, bias [out]."""
    if bias:
        return Layer("%y = nn.dense %x, %k, %b : {x}, {k}, {b}",
                     [Param("k", k), Param("b", (k[1],))], oracle.dense)
    return Layer("%y = nn.dense %x, %k : {x}, {k}", [Param("k", k)],
                 oracle.dense)


PREDICT = [
    predict("dense_bias", (4, 16), dense((16, 8))),
    predict("dense_rank3", (2, 3, 16), dense((16, 5), bias=False)),
    predict("dense_rank4", (2, 3, 5, 7), dense((7, 4))),
    # Large enough for the GPU's shared-memory tiles (9 x 2 blocks of
    # 64 x 64, the last ones partial); its tolerance is in reporting.py.
    predict("dense_tiled", (520, 64), dense((64, 100))),
]

GRAD = [
    grad("g_dense", (3, 4), dense((4, 5))),
    grad("g_dense_rank3", (2, 3, 4), dense((4, 2), bias=False)),
    grad("g_dense_rank4", (2, 2, 3, 3), dense((3, 2))),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    # The reported cases: a 130 -> 6 kernel gradient at batch 4 differed
    # between 1 and 3 threads where the threads' shares met.
    threads("t_dense_130x6", (4, 130), dense((130, 6))),
    threads("t_dense_257x11", (13, 257), dense((257, 11))),
    threads("t_dense_rank3", (5, 7, 67), dense((67, 13), bias=False)),
]

register("dense", predict=PREDICT, grad=GRAD, threads=THREADS)
