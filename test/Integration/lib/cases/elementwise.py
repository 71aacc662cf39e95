"""Element-wise ops: the activations (relu, sigmoid, tanh, saturating
ranges included) and add / sub / mul with numpy broadcasting."""

import oracle
from registry import Layer, Param, grad, predict, register


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
]

register("elementwise", predict=PREDICT, grad=GRAD)
