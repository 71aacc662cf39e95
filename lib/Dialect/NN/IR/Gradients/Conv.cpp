//===- Conv.cpp - VJP of conv2d ---------------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// conv2d's gradients: with respect to the input and the filter through the
// dedicated backprop ops (same strides, padding, dilation), and to the bias
// as the sum of the output gradient over batch and space.
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

LogicalResult Conv2DOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dy = resultGrads[0];
  operandGrads.push_back(Conv2DBackpropInputOp::create(
      b, loc, getInput().getType(), dy, getFilter(), getStridesAttr(),
      getPaddingAttr(), getDilationAttr()));
  operandGrads.push_back(Conv2DBackpropFilterOp::create(
      b, loc, getFilter().getType(), getInput(), dy, getStridesAttr(),
      getPaddingAttr(), getDilationAttr()));
  if (getBias())
    operandGrads.push_back(reduceSum(b, loc, dy, {0, 1, 2}, false));
  return success();
}
