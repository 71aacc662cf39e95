"""Batch normalization in training mode: the normalized batch and the
updated moving statistics (momentum 0.9) of nn.batch_norm_training, each as
its own model output; and the gradients of nn.batch_norm in a training
model (batch statistics, moving statistics updated, momentum 0.99)."""

import oracle
from registry import Layer, Param, grad, predict, register, threads


def training(momentum):
    """The oracle of training mode: (y, new moving mean, new moving
    variance) of (x, gamma, beta, moving mean, moving variance)."""
    def forward(x, g, be, m, v):
        return oracle.batch_norm_training(x, g, be, m, v, 1e-3, momentum)
    return forward


_OUTPUTS = ("%y, %mean, %var", "%out, %y, %var", "%out, %mean, %y")


def batch_norm_training(c, output):
    """nn.batch_norm_training over c channels, momentum 0.9, its result
    number `output` as the model's output."""
    forward = training(0.9)
    return Layer(f"{_OUTPUTS[output]} = nn.batch_norm_training %x, %g, %be, "
                 "%m, %v {{momentum = 0.9 : f64}} : {x}, {g}, {be}, {m}, {v}",
                 [Param("g", (c,)), Param("be", (c,)), Param("m", (c,)),
                  Param("v", (c,), 0.5, 2.0)],
                 lambda *args: forward(*args)[output])


def _batch_norm_grad(name, shape):
    """A gradient case of nn.batch_norm in a training model; the moving
    statistics are non-trainable and checked after the step."""
    c = shape[-1]
    forward = training(0.99)
    layer = Layer("%y = nn.batch_norm %x, %g, %be, %m, %v : "
                  "{x}, {g}, {be}, {m}, {v}",
                  [Param("g", (c,)), Param("be", (c,)),
                   Param("m", (c,), trainable=False),
                   Param("v", (c,), 0.5, 2.0, False)],
                  lambda *args: forward(*args)[0])
    return grad(name, shape, layer,
                state_after=lambda *args: list(forward(*args)[1:]))


PREDICT = [
    predict("batch_norm_training_output", (4, 3, 5),
            batch_norm_training(5, 0)),
    predict("batch_norm_training_moving_mean", (4, 3, 5),
            batch_norm_training(5, 1)),
    predict("batch_norm_training_moving_variance", (4, 3, 5),
            batch_norm_training(5, 2)),
]

GRAD = [
    _batch_norm_grad("g_batch_norm_rank2", (4, 3)),
    _batch_norm_grad("g_batch_norm_nhwc", (2, 3, 3, 2)),
    # Gradients through the updated moving statistics (each the model's
    # output) to the input and the old statistics.
    grad("g_batch_norm_training_moving_mean", (4, 3),
         batch_norm_training(3, 1)),
    grad("g_batch_norm_training_moving_variance", (2, 3, 3, 2),
         batch_norm_training(2, 2)),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    threads("t_batch_norm_training", (7, 13, 11, 19),
            batch_norm_training(19, 0)),
    threads("t_batch_norm_training_variance", (31, 523),
            batch_norm_training(523, 2)),
]

register("batch_norm_training", predict=PREDICT, grad=GRAD,
         threads=THREADS)
