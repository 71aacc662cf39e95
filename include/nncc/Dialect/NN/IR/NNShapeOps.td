//===- NNShapeOps.td - nn concatenation, slicing, padding --*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Ops that move data without arithmetic: Keras's Concatenate, Cropping2D
// (nn.slice), ZeroPadding2D (nn.pad), Permute (nn.transpose), RepeatVector
// and UpSampling2D (nearest). slice and pad are each other's VJP,
// concatenate's is a slice per input, transpose's the inverse transpose;
// repeat_vector's and upsampling2d's sum the copies back.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNSHAPEOPS_TD
#define NNCC_DIALECT_NN_IR_NNSHAPEOPS_TD

def NN_ConcatenateOp : NN_LayerOp<"concatenate",
    [SameOperandsAndResultElementType, NN_Differentiable]> {
  let summary = "Concatenation along one axis (Keras Concatenate)";
  let description = [{
    Joins two or more tensors along `axis` (default −1, the last, as
    Keras); every other axis must agree.

    Example:

    ```mlir
    %y = nn.concatenate %a, %b {axis = 1 : i64} : tensor<32x7xf32>, tensor<32x9xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_FloatTensor>:$inputs,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs NN_FloatTensor:$result);
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def NN_SliceOp : NN_LayerOp<"slice", [SameOperandsAndResultElementType,
                                       NN_Differentiable]> {
  let summary = "A static box of a tensor (Keras Cropping2D, Cropping1D)";
  let description = [{
    `result[i] = input[offsets + i]` for `i` in `[0, sizes)`: the box must
    lie inside `input`. Keras's `Cropping2D(((t, b), (l, r)))` of an NHWC
    tensor `[n, h, w, c]` is `offsets = [0, t, l, 0]`,
    `sizes = [n, h − t − b, w − l − r, c]`.

    Example:

    ```mlir
    %y = nn.slice %x {offsets = array<i64: 0, 2, 1, 0>, sizes = array<i64: 32, 24, 26, 8>} : tensor<32x28x28x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs NN_FloatTensor:$result);
}

def NN_PadOp : NN_LayerOp<"pad", [SameOperandsAndResultElementType,
                                   NN_Differentiable]> {
  let summary = "Zero padding (Keras ZeroPadding2D, ZeroPadding1D)";
  let description = [{
    Surrounds `input` with `low[d]` zeros before and `high[d]` zeros after
    each axis `d`. Keras's `ZeroPadding2D(((t, b), (l, r)))` of an NHWC
    tensor is `low = [0, t, l, 0]`, `high = [0, b, r, 0]`.

    Example:

    ```mlir
    %y = nn.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>} : tensor<32x28x28x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$low,
                       DenseI64ArrayAttr:$high);
  let results = (outs NN_FloatTensor:$result);
}

def NN_TransposeOp : NN_LayerOp<"transpose", [SameOperandsAndResultElementType,
                                               NN_Differentiable]> {
  let summary = "Permutation of the axes (Keras Permute)";
  let description = [{
    Axis `d` of the result is axis `permutation[d]` of the input: for a
    rank-3 input and `permutation = [0, 2, 1]`, `result[b, j, i] =
    input[b, i, j]`. Keras's
    `Permute(dims)` leaves the batch axis first and counts from 1:
    `permutation = [0, dims...]`.

    Example:

    ```mlir
    %y = nn.transpose %x {permutation = array<i64: 0, 2, 1>} : tensor<32x10x64xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs NN_FloatTensor:$result);
}

def NN_RepeatVectorOp : NN_LayerOp<"repeat_vector",
    [SameOperandsAndResultElementType, NN_Differentiable]> {
  let summary = "Repeat a [batch, features] input n times (Keras RepeatVector)";
  let description = [{
    `result[b, t, f] = input[b, f]` for `t` in `[0, n)`.

    Example:

    ```mlir
    %y = nn.repeat_vector %x {n = 28 : i64} : tensor<32x64xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$n);
  let results = (outs NN_FloatTensor:$result);
}

def NN_UpSampling2DOp : NN_LayerOp<"upsampling2d",
    [SameOperandsAndResultElementType, NN_Differentiable]> {
  let summary = "Nearest-neighbour upsampling of an NHWC image (Keras "
                "UpSampling2D, interpolation nearest)";
  let description = [{
    `result[n, y, x, c] = input[n, y / sh, x / sw, c]` (integer division)
    with `size = [sh, sw]` (default 2 x 2, as Keras): each pixel becomes an
    `sh x sw` block. Its gradient sums each block.

    Example:

    ```mlir
    %y = nn.upsampling2d %x {size = array<i64: 2, 3>} : tensor<32x7x7x16xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{2, 2}">:$size);
  let results = (outs NN_FloatTensor:$result);
}

#endif // NNCC_DIALECT_NN_IR_NNSHAPEOPS_TD
