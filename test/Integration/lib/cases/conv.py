"""Convolutions (nn.conv2d): strides, "same" padding, dilation, no bias,
shapes large enough for the GPU's shared-memory tiles, and f64."""

import oracle
from registry import Layer, Param, grad, predict, register, threads


def conv_attrs(strides=(1, 1), padding="valid", dilation=(1, 1)):
    """The attribute dictionary of an nn.conv2d (escaped for str.format)."""
    attrs = []
    if strides != (1, 1):
        attrs.append(f"strides = array<i64: {strides[0]}, {strides[1]}>")
    if padding != "valid":
        attrs.append(f"padding = #nn.padding<{padding}>")
    if dilation != (1, 1):
        attrs.append(f"dilation = array<i64: {dilation[0]}, {dilation[1]}>")
    return (" {{" + ", ".join(attrs) + "}}") if attrs else ""


def conv(k, strides=(1, 1), padding="valid", dilation=(1, 1), bias=True):
    """nn.conv2d with kernel shape k (HWCF) and, with bias, bias [F]."""
    attr = conv_attrs(strides, padding, dilation)
    params = [Param("k", k)] + ([Param("b", (k[3],))] if bias else [])
    operands = "%x, %k, %b" if bias else "%x, %k"
    types = "{x}, {k}, {b}" if bias else "{x}, {k}"

    def forward(x, k, b=None):
        return oracle.conv2d(x, k, b, strides, padding, dilation)

    return Layer(f"%y = nn.conv2d {operands}{attr} : {types}", params,
                 forward)


PREDICT = [
    predict("conv_valid", (2, 9, 9, 3), conv((3, 3, 3, 8))),
    predict("conv_valid_stride2", (2, 9, 9, 3),
            conv((3, 3, 3, 8), strides=(2, 2))),
    predict("conv_same", (2, 8, 8, 3), conv((3, 3, 3, 4), padding="same")),
    predict("conv_same_stride2_odd", (1, 9, 7, 2),
            conv((3, 3, 2, 5), strides=(2, 2), padding="same")),
    predict("conv_same_even_kernel", (1, 6, 6, 2),
            conv((2, 4, 2, 3), padding="same")),
    predict("conv_dilation2", (2, 10, 10, 3),
            conv((3, 3, 3, 4), dilation=(2, 2))),
    predict("conv_same_mixed", (1, 9, 9, 2),
            conv((3, 3, 2, 4), strides=(2, 1), padding="same",
                 dilation=(1, 2))),
    predict("conv_no_bias", (2, 6, 6, 3), conv((3, 3, 3, 4), bias=False)),
    # Shared-memory tiles on the GPU: 2048 x 16 outputs, 72 terms
    # (with padding), and a strided one with a partial K tile.
    predict("conv_tiled_same", (8, 16, 16, 8),
            conv((3, 3, 8, 16), padding="same")),
    predict("conv_tiled_stride2", (16, 17, 17, 5),
            conv((3, 3, 5, 48), strides=(2, 2))),
    predict("conv_1x1_stride2", (2, 7, 7, 4),
            conv((1, 1, 4, 6), strides=(2, 2))),
    predict("conv_f64", (2, 7, 7, 3), conv((3, 3, 3, 4), padding="same"),
            dtype="f64"),
]

GRAD = [
    grad("g_conv_valid", (2, 5, 5, 2), conv((3, 3, 2, 3))),
    grad("g_conv_same_stride2", (1, 5, 4, 2),
         conv((3, 3, 2, 2), strides=(2, 2), padding="same")),
    grad("g_conv_dilation2", (1, 6, 6, 1),
         conv((2, 2, 1, 2), dilation=(2, 2))),
    grad("g_conv_same_mixed", (1, 5, 5, 2),
         conv((3, 2, 2, 2), strides=(2, 1), padding="same",
              dilation=(1, 2))),
    # One image: the GPU splits the weight gradient's sum over output rows
    # (a parallel loop after the batch loop) into tiled partial sums.
    grad("g_conv_tiled_batch1", (1, 34, 34, 4), conv((3, 3, 4, 16))),
    grad("g_conv_no_bias_1x1_s2", (2, 5, 5, 3),
         conv((1, 1, 3, 2), strides=(2, 2), bias=False)),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    # The reported case: 20 of 735 outputs differed between 1 and 2 threads.
    threads("t_conv_1x1", (3, 7, 7, 4), conv((1, 1, 4, 5))),
    threads("t_conv_valid", (5, 13, 11, 3), conv((3, 3, 3, 7))),
    threads("t_conv_same_stride2", (7, 17, 13, 5),
            conv((3, 3, 5, 9), strides=(2, 2), padding="same")),
    threads("t_conv_dilation2", (3, 19, 17, 2),
            conv((3, 3, 2, 11), dilation=(2, 2), bias=False)),
]

register("conv", predict=PREDICT, grad=GRAD, threads=THREADS)
