//===- Pooling.cpp - VJPs of max and average pooling ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Max pooling routes the gradient to each window's arg-max; average pooling
// spreads it over the covered elements. Both through their grad ops.
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
