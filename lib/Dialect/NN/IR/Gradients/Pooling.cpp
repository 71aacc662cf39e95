//===- Pooling.cpp - VJPs of max and average pooling ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Max pooling routes the gradient to each window's arg-max; average pooling
// spreads it over the covered elements. Both through their grad ops; the
// global pools are the same ops with one window of the whole image, their
// [n, c] gradient reshaped to the window's output [n, 1, 1, c].
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

LogicalResult MaxPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(MaxPool2DGradOp::create(
      b, getLoc(), getInput(), resultGrads[0], getPoolSizeAttr(),
      getStridesAttr(), getPaddingAttr()));
  return success();
}

LogicalResult AvgPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(AvgPool2DGradOp::create(
      b, getLoc(), getInput(), resultGrads[0], getPoolSizeAttr(),
      getStridesAttr(), getPaddingAttr()));
  return success();
}

/// The gradient of a global pool as `GradOpTy` over one h x w window.
template <typename GradOpTy, typename OpTy>
static void globalPoolVJP(OpBuilder &b, OpTy op, Value dy,
                          SmallVectorImpl<Value> &operandGrads) {
  Location loc = op.getLoc();
  RankedTensorType input = tensorType(op.getInput());
  ArrayRef<int64_t> shape = input.getShape();
  auto windowed =
      RankedTensorType::get({shape[0], 1, 1, shape[3]}, input.getElementType());
  Value dyWindowed = reshape(b, loc, dy, windowed);
  operandGrads.push_back(GradOpTy::create(
      b, loc, op.getInput(), dyWindowed,
      b.getDenseI64ArrayAttr({shape[1], shape[2]}), DenseI64ArrayAttr(),
      PaddingAttr::get(b.getContext(), Padding::valid)));
}

LogicalResult
GlobalMaxPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                            SmallVectorImpl<Value> &operandGrads) {
  globalPoolVJP<MaxPool2DGradOp>(b, *this, resultGrads[0], operandGrads);
  return success();
}

LogicalResult
GlobalAvgPool2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                            SmallVectorImpl<Value> &operandGrads) {
  globalPoolVJP<AvgPool2DGradOp>(b, *this, resultGrads[0], operandGrads);
  return success();
}
