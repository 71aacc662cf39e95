"""Keras's activations beyond relu/sigmoid/tanh (leaky_relu, elu, selu,
gelu exact and tanh, silu, softplus, softsign, hard_sigmoid, hard_silu,
relu6), PReLU, and the merges maximum / minimum / average.

Inputs span [-8, 8] so that every piece of the piecewise activations is hit
(hard_sigmoid's ±3, relu6's 6); predict cases run in f32 (the polynomial
erf, exp, expm1, log1p and tanh) and, for the transcendental ones, in f64
(libm; CPU only: the CUDA target rejects f64 transcendentals).
"""

import functools

import oracle
from registry import Layer, Param, grad, predict, register, threads

from .elementwise import binary as extremum  # nn.maximum / nn.minimum

WIDE = (-8.0, 8.0)


def activation(kind, attrs="", **kwargs):
    """nn.<kind> with its attribute dictionary text and the oracle's
    keyword arguments."""
    fn = functools.partial(getattr(oracle, kind), **kwargs)
    braces = f" {{{{{attrs}}}}}" if attrs else ""
    return Layer(f"%y = nn.{kind} %x{braces} : {{x}}", [], fn)


def prelu(alpha_shape):
    return Layer("%y = nn.prelu %x, %alpha : {x}, {alpha}",
                 [Param("alpha", alpha_shape, -0.5, 0.5)], oracle.prelu)


def average(shape, count):
    """nn.average of the input and count - 1 parameters of its shape."""
    names = [f"p{i}" for i in range(1, count)]
    operands = ", ".join(["%x"] + ["%" + n for n in names])
    types = ", ".join(["{x}"] + ["{" + n + "}" for n in names])
    return Layer(f"%y = nn.average {operands} : {types}",
                 [Param(n, shape) for n in names], oracle.average)


ACTIVATIONS = [
    ("leaky_relu", activation("leaky_relu")),
    ("leaky_relu_slope", activation(
        "leaky_relu", "negative_slope = 0.05 : f64", negative_slope=0.05)),
    ("elu", activation("elu")),
    ("elu_alpha", activation("elu", "alpha = 0.7 : f64", alpha=0.7)),
    ("selu", activation("selu")),
    ("gelu", activation("gelu")),
    ("gelu_tanh", activation("gelu", "approximate", approximate=True)),
    ("silu", activation("silu")),
    ("softplus", activation("softplus")),
    ("softsign", activation("softsign")),
    ("hard_sigmoid", activation("hard_sigmoid")),
    ("hard_silu", activation("hard_silu")),
    ("relu6", activation("relu6")),
]

TRANSCENDENTAL = {"elu", "elu_alpha", "selu", "gelu", "gelu_tanh", "silu",
                  "softplus"}

PREDICT = (
    [predict(f"{name}_layer", (5, 37), layer, input_range=WIDE)
     for name, layer in ACTIVATIONS]
    + [predict(f"{name}_f64", (3, 11), layer, dtype="f64", input_range=WIDE,
               gpu=False)
       for name, layer in ACTIVATIONS if name in TRANSCENDENTAL]
    + [
        # Saturating ranges: exp overflows in softplus / elu / silu.
        predict("softplus_saturating", (4, 9), activation("softplus"),
                input_range=(-90.0, 90.0)),
        predict("silu_saturating", (4, 9), activation("silu"),
                input_range=(-90.0, 90.0)),
        predict("elu_saturating", (4, 9), activation("elu"),
                input_range=(-90.0, 90.0)),
        predict("gelu_saturating", (4, 9), activation("gelu"),
                input_range=(-12.0, 12.0)),
        # f64 on whole vectors (32 lanes): erf and expm1 are libm calls per
        # lane, lowered before the vectors are.
        predict("gelu_f64_vectors", (3, 32), activation("gelu"), dtype="f64",
                input_range=WIDE, gpu=False),
        predict("elu_f64_vectors", (3, 19), activation("elu"), dtype="f64",
                input_range=WIDE, gpu=False),
        predict("prelu_channels", (2, 3, 3, 5), prelu((5,))),
        predict("prelu_full", (3, 4, 6), prelu((4, 6))),
        predict("prelu_shared_axes", (2, 5, 4, 3), prelu((1, 1, 3))),
        predict("maximum_broadcast", (4, 10), extremum("maximum", (10,))),
        predict("minimum_broadcast", (4, 10), extremum("minimum", (4, 1),
                                                       param_first=True)),
        predict("average_two", (3, 7), average((3, 7), 2)),
        predict("average_four", (2, 3, 5), average((2, 3, 5), 4)),
    ])

GRAD = (
    [grad(f"g_{name}", (3, 7), layer, input_range=WIDE)
     for name, layer in ACTIVATIONS]
    + [
        grad("g_prelu_channels", (2, 3, 3, 4), prelu((4,))),
        grad("g_prelu_shared_axes", (2, 3, 4), prelu((1, 4))),
        grad("g_maximum_broadcast", (3, 4), extremum("maximum", (4,))),
        grad("g_minimum_broadcast", (3, 1), extremum("minimum", (3, 4))),
        grad("g_maximum_param_first", (2, 5), extremum(
            "maximum", (1,), param_first=True)),
        grad("g_average_three", (3, 4), average((3, 4), 3)),
    ])

# Thread-count cases: prime sizes, channels off the vector width.
THREADS = [
    threads("t_gelu", (17, 1031), activation("gelu"), input_range=WIDE),
    threads("t_elu", (13, 997), activation("elu"), input_range=WIDE),
    threads("t_hard_silu", (23, 661), activation("hard_silu"),
            input_range=WIDE),
    threads("t_softplus", (11, 1009), activation("softplus"),
            input_range=WIDE),
    threads("t_prelu", (7, 31, 29, 3), prelu((1, 1, 3))),
    threads("t_maximum", (19, 1013), extremum("maximum", (1013,))),
    threads("t_average", (29, 677), average((29, 677), 3)),
]

register("activations", predict=PREDICT, grad=GRAD, threads=THREADS)
