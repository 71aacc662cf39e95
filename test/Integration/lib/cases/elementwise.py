"""Element-wise ops: the activations (relu, sigmoid, tanh, saturating
ranges included) and add / sub / mul with numpy broadcasting."""

import oracle
from registry import Layer, Param, grad, predict, register, threads


def activation(kind):
    """nn.relu, nn.sigmoid or nn.tanh."""
    return Layer(f"%y = nn.{kind} %x : {{x}}", [], getattr(oracle, kind))


def binary(op, p, param_first=False):
    """nn.add, nn.sub or nn.mul of the input and a parameter of shape p
    (the parameter first with param_first)."""
    fn = getattr(oracle, op)
    if param_first:
        return Layer(f"%y = nn.{op} %p, %x : {{p}}, {{x}}", [Param("p", p)],
                     lambda x, p: fn(p, x))
    return Layer(f"%y = nn.{op} %x, %p : {{x}}, {{p}}", [Param("p", p)],
                 lambda x, p: fn(x, p))


PREDICT = [
    predict("relu_layer", (3, 7), activation("relu")),
    predict("sigmoid_layer", (3, 7), activation("sigmoid"),
            input_range=(-30.0, 30.0)),
    predict("tanh_layer", (3, 7), activation("tanh"),
            input_range=(-5.0, 5.0)),
    predict("add_broadcast_row", (4, 10), binary("add", (10,))),
    predict("sub_broadcast_col", (4, 10), binary("sub", (4, 1),
                                                 param_first=True)),
    predict("mul_broadcast_both", (4, 1), binary("mul", (10,))),
    predict("add_rank3", (2, 4, 10), binary("add", (4, 1))),
]

GRAD = [
    grad("g_relu", (3, 5), activation("relu")),
    grad("g_sigmoid", (3, 5), activation("sigmoid"), input_range=(-4, 4)),
    grad("g_tanh", (3, 5), activation("tanh"), input_range=(-3, 3)),
    grad("g_add_broadcast", (3, 4), binary("add", (4,))),
    grad("g_sub_broadcast", (3, 1), binary("sub", (3, 4))),
    grad("g_mul_broadcast", (2, 1, 4), binary("mul", (3, 1))),
    # Operands of only size-1 dimensions: their gradient is a sum over every
    # element, reshaped from rank 0.
    grad("g_mul_scalar", (2, 4), binary("mul", (1,))),
    grad("g_add_scalar_2d", (2, 4), binary("add", (1, 1))),
    grad("g_sub_scalar_first", (3, 5), binary("sub", (1,),
                                              param_first=True)),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    threads("t_relu", (17, 1031), activation("relu")),
    threads("t_sigmoid", (23, 997), activation("sigmoid"),
            input_range=(-6.0, 6.0)),
    threads("t_tanh", (13, 1307), activation("tanh"), input_range=(-3, 3)),
    threads("t_add_broadcast_row", (19, 1009), binary("add", (1009,))),
    threads("t_mul_broadcast_col", (11, 3, 1013), binary("mul", (3, 1))),
    threads("t_sub_scalar", (29, 661), binary("sub", (1,),
                                             param_first=True)),
]

register("elementwise", predict=PREDICT, grad=GRAD, threads=THREADS)
