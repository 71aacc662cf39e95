"""Max and average pooling: windows, strides, "same" padding (average over
the valid elements only), windows that leave a border without gradient."""

import oracle
from registry import Layer, grad, predict, register, threads


def pool_attrs(pool=(2, 2), strides=None, padding="valid"):
    """The attribute dictionary of a pooling op (escaped for str.format)."""
    attrs = []
    if pool != (2, 2):
        attrs.append(f"pool_size = array<i64: {pool[0]}, {pool[1]}>")
    if strides is not None:
        attrs.append(f"strides = array<i64: {strides[0]}, {strides[1]}>")
    if padding != "valid":
        attrs.append(f"padding = #nn.padding<{padding}>")
    return (" {{" + ", ".join(attrs) + "}}") if attrs else ""


def pool(kind, window=(2, 2), strides=None, padding="valid"):
    """nn.max_pool2d (kind "max") or nn.avg_pool2d (kind "avg")."""
    fn = oracle.max_pool2d if kind == "max" else oracle.avg_pool2d
    return Layer(f"%y = nn.{kind}_pool2d %x"
                 f"{pool_attrs(window, strides, padding)} : {{x}}", [],
                 lambda x: fn(x, window, strides, padding))


PREDICT = [
    predict("max_pool_valid", (2, 8, 8, 3), pool("max")),
    predict("max_pool_odd_floor", (2, 7, 7, 3), pool("max")),
    predict("max_pool_same_3x3_s2", (1, 7, 7, 2),
            pool("max", (3, 3), (2, 2), "same")),
    predict("max_pool_s1", (1, 5, 5, 2), pool("max", (2, 2), (1, 1))),
    predict("avg_pool_valid", (2, 8, 8, 3), pool("avg")),
    predict("avg_pool_same", (1, 5, 5, 2), pool("avg", padding="same")),
    predict("avg_pool_same_3x3_s1", (1, 6, 5, 2),
            pool("avg", (3, 3), (1, 1), "same")),
]

def global_pool(kind, keepdims=False):
    """nn.global_max_pool2d / nn.global_avg_pool2d."""
    attrs = " {{keepdims}}" if keepdims else ""
    fn = getattr(oracle, f"global_{kind}_pool2d")
    return Layer(f"%y = nn.global_{kind}_pool2d %x{attrs} : {{x}}", [],
                 lambda x: fn(x, keepdims))


PREDICT += [
    predict("global_max_pool", (2, 5, 7, 3), global_pool("max")),
    predict("global_max_pool_keepdims", (3, 4, 4, 17),
            global_pool("max", True)),
    predict("global_avg_pool", (2, 5, 7, 3), global_pool("avg")),
    predict("global_avg_pool_keepdims", (3, 1, 9, 17),
            global_pool("avg", True)),
    predict("global_avg_pool_1x1", (4, 1, 1, 5), global_pool("avg")),
]

GRAD = [
    grad("g_global_max_pool", (2, 3, 5, 3), global_pool("max")),
    grad("g_global_max_pool_keepdims", (1, 4, 3, 2),
         global_pool("max", True)),
    grad("g_global_avg_pool", (2, 3, 5, 3), global_pool("avg")),
    grad("g_global_avg_pool_keepdims", (1, 4, 3, 5),
         global_pool("avg", True)),
    grad("g_max_pool_valid", (2, 4, 4, 2), pool("max")),
    # Windows that tile the input gather; here they leave a last row and
    # column (5 = 2·2 + 1, 7 = 3·2 + 1) that gets no gradient.
    grad("g_max_pool_valid_border", (2, 5, 5, 3), pool("max")),
    grad("g_max_pool_3x3_border", (1, 7, 7, 2), pool("max", (3, 3))),
    grad("g_max_pool_same_3x3_s2", (1, 5, 5, 2),
         pool("max", (3, 3), (2, 2), "same")),
    grad("g_max_pool_overlap", (1, 4, 4, 1), pool("max", (2, 2), (1, 1))),
    grad("g_avg_pool_valid", (2, 4, 4, 2), pool("avg")),
    grad("g_avg_pool_same", (1, 5, 5, 2), pool("avg", padding="same")),
    grad("g_avg_pool_same_3x3_s1", (1, 4, 3, 1),
         pool("avg", (3, 3), (1, 1), "same")),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    threads("t_global_max_pool", (7, 13, 11, 19), global_pool("max")),
    threads("t_global_avg_pool", (11, 9, 7, 37), global_pool("avg", True)),
    threads("t_max_pool", (7, 23, 19, 5), pool("max")),
    threads("t_max_pool_same_3x3_s2", (3, 29, 23, 7),
            pool("max", (3, 3), (2, 2), "same")),
    threads("t_avg_pool_same_3x3_s1", (5, 17, 13, 3),
            pool("avg", (3, 3), (1, 1), "same")),
]

register("pooling", predict=PREDICT, grad=GRAD, threads=THREADS)
