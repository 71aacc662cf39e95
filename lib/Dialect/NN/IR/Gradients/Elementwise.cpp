//===- Elementwise.cpp - VJPs of activations and arithmetic -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Vector-Jacobian products of the elementwise ops: activations (written in
// terms of their result where that is cheaper) and the broadcasting
// arithmetic, whose gradients are summed back over broadcast axes.
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

// d relu(x) = dy · [x > 0]
LogicalResult ReluOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                               SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(
      ReluGradOp::create(b, getLoc(), getInput(), resultGrads[0]));
  return success();
}

// d sigmoid(x) = dy · y · (1 − y)
LogicalResult SigmoidOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value y = getResult();
  Value one = scalar(b, loc, tensorType(y).getElementType(), 1.0);
  operandGrads.push_back(
      mul(b, loc, resultGrads[0], mul(b, loc, y, sub(b, loc, one, y))));
  return success();
}

// d tanh(x) = dy · (1 − y²)
LogicalResult TanhOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                               SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value y = getResult();
  Value one = scalar(b, loc, tensorType(y).getElementType(), 1.0);
  operandGrads.push_back(
      mul(b, loc, resultGrads[0], sub(b, loc, one, mul(b, loc, y, y))));
  return success();
}

// d exp(x) = dy · y
LogicalResult ExpOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(mul(b, getLoc(), resultGrads[0], getResult()));
  return success();
}

// d x^(−1/2) = dy · (−1/2) · y³
LogicalResult RsqrtOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value y = getResult();
  Value half = scalar(b, loc, tensorType(y).getElementType(), -0.5);
  Value cube = mul(b, loc, y, mul(b, loc, y, y));
  operandGrads.push_back(mul(b, loc, resultGrads[0], mul(b, loc, half, cube)));
  return success();
}

// d(l + r) = (dy, dy), each summed back to its operand's shape.
LogicalResult AddOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  operandGrads.push_back(
      unbroadcast(b, loc, resultGrads[0], tensorType(getLhs())));
  operandGrads.push_back(
      unbroadcast(b, loc, resultGrads[0], tensorType(getRhs())));
  return success();
}

// d(l − r) = (dy, −dy)
LogicalResult SubOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value minusOne = scalar(b, loc, tensorType(getLhs()).getElementType(), -1.0);
  operandGrads.push_back(
      unbroadcast(b, loc, resultGrads[0], tensorType(getLhs())));
  operandGrads.push_back(unbroadcast(
      b, loc, mul(b, loc, resultGrads[0], minusOne), tensorType(getRhs())));
  return success();
}

// d(l · r) = (dy · r, dy · l)
LogicalResult MulOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  operandGrads.push_back(unbroadcast(
      b, loc, mul(b, loc, resultGrads[0], getRhs()), tensorType(getLhs())));
  operandGrads.push_back(unbroadcast(
      b, loc, mul(b, loc, resultGrads[0], getLhs()), tensorType(getRhs())));
  return success();
}
