"""Batch normalization in inference mode (nn.batch_norm with the moving
statistics), on NHWC and rank-2 inputs, with the default and another
epsilon. Its training mode is batch_norm_training.py."""

import oracle
from registry import Layer, Param, predict, register, threads


def batch_norm(c, variance_range, epsilon=None, moving_trainable=True):
    """nn.batch_norm over c channels (epsilon: Keras's default 1e-3)."""
    attr = "" if epsilon is None else f" {{{{epsilon = {epsilon} : f64}}}}"
    eps = 1e-3 if epsilon is None else epsilon
    return Layer(f"%y = nn.batch_norm %x, %g, %be, %m, %v{attr} : "
                 "{x}, {g}, {be}, {m}, {v}",
                 [Param("g", (c,)), Param("be", (c,)),
                  Param("m", (c,), trainable=moving_trainable),
                  Param("v", (c,), *variance_range, moving_trainable)],
                 lambda x, g, be, m, v: oracle.batch_norm_inference(
                     x, g, be, m, v, eps))


PREDICT = [
    predict("batch_norm_nhwc", (2, 4, 4, 3), batch_norm(3, (0.5, 2.0))),
    predict("batch_norm_eps", (5, 6), batch_norm(6, (0.1, 1.0), 0.5)),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    # The moving statistics are not trainable: a training model normalizes
    # with the batch's statistics and updates them.
    threads("t_batch_norm_nhwc", (7, 13, 11, 19),
            batch_norm(19, (0.5, 2.0), moving_trainable=False)),
]

register("normalization", predict=PREDICT, threads=THREADS)
