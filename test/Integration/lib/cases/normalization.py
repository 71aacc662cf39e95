"""Batch normalization in inference mode (nn.batch_norm with the moving
statistics), on NHWC and rank-2 inputs, with the default and another
epsilon. Its training mode is batch_norm_training.py."""

import oracle
from registry import Layer, Param, predict, register


def batch_norm(c, variance_range, epsilon=None):
    """nn.batch_norm over c channels (epsilon: Keras's default 1e-3)."""
    attr = "" if epsilon is None else f" {{{{epsilon = {epsilon} : f64}}}}"
    eps = 1e-3 if epsilon is None else epsilon
    return Layer(f"%y = nn.batch_norm %x, %g, %be, %m, %v{attr} : "
                 "{x}, {g}, {be}, {m}, {v}",
                 [Param("g", (c,)), Param("be", (c,)), Param("m", (c,)),
                  Param("v", (c,), *variance_range)],
                 lambda x, g, be, m, v: oracle.batch_norm_inference(
                     x, g, be, m, v, eps))


PREDICT = [
    predict("batch_norm_nhwc", (2, 4, 4, 3), batch_norm(3, (0.5, 2.0))),
    predict("batch_norm_eps", (5, 6), batch_norm(6, (0.1, 1.0), 0.5)),
]

register("normalization", predict=PREDICT)
