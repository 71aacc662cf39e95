//===- Shape.cpp - VJPs of reshapes, concatenation, slice, pad --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Reinterpreting the data: the gradient is reshaped back. Moving it: slice
// and pad are each other's VJP, concatenation's is a slice per input,
// transpose's the inverse transpose. Copying it (repeat_vector,
// upsampling2d): the copies' gradients are summed.
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

LogicalResult FlattenOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(
      reshape(b, getLoc(), resultGrads[0], tensorType(getInput())));
  return success();
}

LogicalResult ReshapeOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(
      reshape(b, getLoc(), resultGrads[0], tensorType(getInput())));
  return success();
}

// d concatenate(x_0, …)[i] = dy[offset_i : offset_i + size_i] along axis
LogicalResult ConcatenateOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  int64_t axis = getNormalizedAxis();
  SmallVector<int64_t> offsets(tensorType(getResult()).getRank(), 0);
  for (Value input : getInputs()) {
    ArrayRef<int64_t> sizes = tensorType(input).getShape();
    operandGrads.push_back(SliceOp::create(b, loc, resultGrads[0],
                                           b.getDenseI64ArrayAttr(offsets),
                                           b.getDenseI64ArrayAttr(sizes)));
    offsets[axis] += sizes[axis];
  }
  return success();
}

// d slice(x) = dy padded back with zeros to x's shape
LogicalResult SliceOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &operandGrads) {
  ArrayRef<int64_t> shape = tensorType(getInput()).getShape();
  SmallVector<int64_t> high;
  for (auto [size, offset, extent] :
       llvm::zip_equal(shape, getOffsets(), getSizes()))
    high.push_back(size - offset - extent);
  operandGrads.push_back(PadOp::create(b, getLoc(), resultGrads[0],
                                       getOffsetsAttr(),
                                       b.getDenseI64ArrayAttr(high)));
  return success();
}

// d pad(x) = the box of dy where x was
LogicalResult PadOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(SliceOp::create(
      b, getLoc(), resultGrads[0], getLowAttr(),
      b.getDenseI64ArrayAttr(tensorType(getInput()).getShape())));
  return success();
}

// d transpose(x, p) = transpose(dy, p⁻¹)
LogicalResult TransposeOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  ArrayRef<int64_t> permutation = getPermutation();
  SmallVector<int64_t> inverse(permutation.size());
  for (auto [d, axis] : llvm::enumerate(permutation))
    inverse[axis] = d;
  operandGrads.push_back(TransposeOp::create(b, getLoc(), resultGrads[0],
                                             b.getDenseI64ArrayAttr(inverse)));
  return success();
}

// d repeat_vector(x)[b, f] = Σ_t dy[b, t, f]
LogicalResult RepeatVectorOp::buildVJP(OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(reduceSum(b, getLoc(), resultGrads[0], {1}, false));
  return success();
}

// d upsampling2d(x)[n, y, x, c] = Σ_{i<sh, j<sw} dy[n, y·sh + i, x·sw + j, c]:
// dy viewed as [n, h, sh, w, sw, c], summed over the block axes 2 and 4.
LogicalResult UpSampling2DOp::buildVJP(OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType input = tensorType(getInput());
  ArrayRef<int64_t> in = input.getShape(), size = getSize();
  auto blocks = RankedTensorType::get(
      {in[0], in[1], size[0], in[2], size[1], in[3]}, input.getElementType());
  Value dy = reshape(b, loc, resultGrads[0], blocks);
  operandGrads.push_back(reduceSum(b, loc, dy, {2, 4}, false));
  return success();
}
