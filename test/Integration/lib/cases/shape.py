"""Shape ops: nn.flatten (row-major over the NHWC axes), nn.reshape,
nn.concatenate (Keras Concatenate, any axis, two or more inputs), nn.slice
(Cropping2D), nn.pad (ZeroPadding2D), nn.transpose (Permute),
nn.repeat_vector and nn.upsampling2d (nearest)."""

import oracle
from registry import Layer, Param, grad, predict, register, threads


def flatten():
    """nn.flatten."""
    return Layer("%y = nn.flatten %x : {x}", [], oracle.flatten)


def reshape(target, dtype="f32"):
    """nn.reshape to the whole shape `target` (batch axis included)."""
    dims = "x".join(str(d) for d in target)
    return Layer(f"%y = nn.reshape %x : {{x}} -> tensor<{dims}x{dtype}>", [],
                 lambda x: oracle.reshape(x, target[1:]))


def concatenate(shapes, axis=None):
    """nn.concatenate of the input and parameters of `shapes` (axis -1 by
    default, left out of the text)."""
    names = [f"p{i}" for i in range(len(shapes))]
    operands = ", ".join(["%x"] + ["%" + n for n in names])
    types = ", ".join(["{x}"] + ["{" + n + "}" for n in names])
    attrs = "" if axis is None else f" {{{{axis = {axis} : i64}}}}"
    return Layer(f"%y = nn.concatenate {operands}{attrs} : {types}",
                 [Param(n, s) for n, s in zip(names, shapes)],
                 lambda *v: oracle.concatenate(
                     *v, axis=-1 if axis is None else axis))


def array(values):
    return "array<i64: " + ", ".join(str(v) for v in values) + ">"


def crop(offsets, sizes):
    """nn.slice: Cropping2D's box."""
    return Layer(f"%y = nn.slice %x {{{{offsets = {array(offsets)}, "
                 f"sizes = {array(sizes)}}}}} : {{x}}", [],
                 lambda x: oracle.slice(x, offsets, sizes))


def zero_pad(low, high):
    """nn.pad: ZeroPadding2D."""
    return Layer(f"%y = nn.pad %x {{{{low = {array(low)}, "
                 f"high = {array(high)}}}}} : {{x}}", [],
                 lambda x: oracle.pad(x, low, high))


def transpose(permutation):
    return Layer(f"%y = nn.transpose %x {{{{permutation = "
                 f"{array(permutation)}}}}} : {{x}}", [],
                 lambda x: oracle.permute(x, permutation))


def repeat_vector(n):
    return Layer(f"%y = nn.repeat_vector %x {{{{n = {n} : i64}}}} : {{x}}", [],
                 lambda x: oracle.repeat_vector(x, n))


def upsampling(size=None):
    attrs = "" if size is None else f" {{{{size = {array(size)}}}}}"
    return Layer(f"%y = nn.upsampling2d %x{attrs} : {{x}}", [],
                 lambda x: oracle.upsampling2d(x, size or (2, 2)))


PREDICT = [
    predict("flatten", (2, 3, 3, 4), flatten()),
    predict("reshape", (2, 36), reshape((2, 6, 6))),
    predict("concatenate_channels", (2, 3, 3, 5),
            concatenate([(2, 3, 3, 3)])),
    predict("concatenate_three_axis1", (2, 4, 7),
            concatenate([(2, 1, 7), (2, 6, 7)], axis=1)),
    predict("concatenate_batch_axis", (3, 5), concatenate([(2, 5)], axis=0)),
    predict("concatenate_negative_axis", (2, 3, 4),
            concatenate([(2, 5, 4)], axis=-2)),
    predict("crop_2d", (2, 9, 8, 3), crop((0, 2, 1, 0), (2, 5, 4, 3))),
    predict("crop_rank2", (4, 10), crop((1, 3), (2, 7))),
    predict("zero_pad_2d", (2, 5, 4, 3), zero_pad((0, 1, 2, 0),
                                                  (0, 3, 1, 0))),
    predict("zero_pad_rank3", (2, 3, 4), zero_pad((1, 0, 2), (0, 2, 0))),
    predict("permute_rank3", (2, 5, 7), transpose((0, 2, 1))),
    predict("permute_rank4", (2, 3, 5, 4), transpose((0, 3, 1, 2))),
    predict("permute_tiles", (2, 32, 48), transpose((0, 2, 1))),
    predict("repeat_vector", (3, 7), repeat_vector(5)),
    predict("upsampling_default", (2, 3, 4, 5), upsampling()),
    predict("upsampling_2x3", (2, 3, 2, 16), upsampling((2, 3))),
]

GRAD = [
    grad("g_flatten", (2, 2, 3, 2), flatten()),
    grad("g_reshape", (2, 6), reshape((2, 3, 2), "f64")),
    grad("g_concatenate_channels", (2, 2, 3, 2),
         concatenate([(2, 2, 3, 3), (2, 2, 3, 1)])),
    grad("g_concatenate_axis1", (2, 3, 4), concatenate([(2, 2, 4)], axis=1)),
    grad("g_crop_2d", (2, 6, 5, 2), crop((0, 1, 2, 0), (2, 3, 2, 2))),
    grad("g_zero_pad_2d", (1, 3, 4, 2), zero_pad((0, 2, 1, 0),
                                                 (0, 1, 2, 0))),
    grad("g_permute_rank4", (2, 3, 4, 2), transpose((0, 2, 3, 1))),
    grad("g_repeat_vector", (2, 3), repeat_vector(4)),
    grad("g_upsampling_2x3", (1, 2, 3, 2), upsampling((2, 3))),
]

# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
THREADS = [
    threads("t_flatten", (7, 13, 11, 17), flatten()),
    threads("t_concatenate", (13, 29, 31, 5),
            concatenate([(13, 29, 31, 11)])),
    threads("t_crop", (11, 37, 31, 3), crop((0, 3, 2, 0), (11, 31, 27, 3))),
    threads("t_zero_pad", (7, 29, 23, 5), zero_pad((0, 2, 3, 0),
                                                   (0, 1, 4, 0))),
    threads("t_permute", (7, 37, 41), transpose((0, 2, 1))),
    threads("t_repeat_vector", (13, 101), repeat_vector(7)),
    threads("t_upsampling", (5, 13, 11, 17), upsampling((3, 2))),
]

register("shape", predict=PREDICT, grad=GRAD, threads=THREADS)
