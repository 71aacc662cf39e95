"""Losses: the loss ops' values (sparse and dense softmax cross-entropy,
mean squared error) and the gradients of the training losses other than
mean squared error (registry.LOSSES) through a tanh or softmax layer."""

import numpy as np

import oracle
from registry import Layer, Param, grad, predict, register, threads

from .elementwise import activation
from .softmax import softmax

_LABELS = [0, 4, 2, 2, 1, 3]


def sparse_softmax_cross_entropy():
    """nn.sparse_softmax_cross_entropy of the input with constant labels."""
    return Layer("%labels = arith.constant dense<[0, 4, 2, 2, 1, 3]> : "
                 "tensor<6xi32>\n"
                 "%y = nn.sparse_softmax_cross_entropy %x, %labels : "
                 "{x}, tensor<6xi32>", [],
                 lambda x: oracle.sparse_softmax_cross_entropy(
                     x, np.array(_LABELS)))


def with_targets(op, shape, low=-1.0, high=1.0):
    """nn.softmax_cross_entropy or nn.mean_squared_error of the input
    against targets (a parameter) drawn from [low, high)."""
    return Layer(f"%y = nn.{op} %x, %t : {{x}}, {{t}}",
                 [Param("t", shape, low, high)], getattr(oracle, op))


PREDICT = [
    predict("sparse_softmax_cross_entropy", (6, 5),
            sparse_softmax_cross_entropy(), input_range=(-4.0, 4.0)),
    predict("softmax_cross_entropy", (6, 5),
            with_targets("softmax_cross_entropy", (6, 5), 0.0, 1.0),
            input_range=(-4.0, 4.0)),
    predict("mean_squared_error", (4, 3),
            with_targets("mean_squared_error", (4, 3))),
]

GRAD = [
    grad("g_sparse_ce", (4, 5), activation("tanh"), input_range=(-2, 2),
         loss="sparse"),
    grad("g_categorical_ce", (4, 5), activation("tanh"), input_range=(-2, 2),
         loss="categorical"),
    grad("g_categorical_on_softmax", (4, 5), softmax(), input_range=(-2, 2),
         loss="categorical_probs"),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    threads("t_sparse_ce", (37, 467), activation("tanh"), loss="sparse"),
    threads("t_categorical_ce", (29, 613), activation("tanh"),
            loss="categorical"),
    threads("t_categorical_on_softmax", (23, 719), softmax(),
            loss="categorical_probs"),
]

register("losses", predict=PREDICT, grad=GRAD, threads=THREADS)
