//===- Elementwise.cpp - VJPs of activations and arithmetic -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Vector-Jacobian products of the elementwise ops: activations (written in
// terms of their result where that is cheaper, or one nn.activation_grad
// for Keras's other activations), prelu, the broadcasting arithmetic and
// extrema, whose gradients are summed back over broadcast axes, and the
// average merge.
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

// d f(x) = dy · f'(x), f' evaluated by nn.activation_grad's lowering.
LogicalResult nn::detail::buildActivationVJP(
    OpBuilder &b, Location loc, Value input, Activation activation,
    double parameter, Value resultGrad, SmallVectorImpl<Value> &operandGrads) {
  operandGrads.push_back(
      ActivationGradOp::create(b, loc, input, resultGrad,
                               ActivationAttr::get(b.getContext(), activation),
                               b.getF64FloatAttr(parameter)));
  return success();
}

// d prelu(x, α) = (dy · [x > 0 ? 1 : α],  Σ_broadcast dy · min(x, 0))
LogicalResult PReluOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value x = getInput(), dy = resultGrads[0];
  Value zero = scalar(b, loc, tensorType(x).getElementType(), 0.0);
  operandGrads.push_back(PReluGradOp::create(b, loc, x, getAlpha(), dy));
  Value negative = MinimumOp::create(b, loc, x, zero);
  operandGrads.push_back(
      unbroadcast(b, loc, mul(b, loc, dy, negative), tensorType(getAlpha())));
  return success();
}

/// d max(l, r) and d min(l, r): the winner takes dy, a tie goes to l.
template <typename GradOpTy, typename OpTy>
static void extremumVJP(OpBuilder &b, OpTy op, Value dy,
                        SmallVectorImpl<Value> &operandGrads) {
  Location loc = op.getLoc();
  Value toLhs = GradOpTy::create(b, loc, op.getLhs(), op.getRhs(), dy);
  operandGrads.push_back(unbroadcast(b, loc, toLhs, tensorType(op.getLhs())));
  operandGrads.push_back(
      unbroadcast(b, loc, sub(b, loc, dy, toLhs), tensorType(op.getRhs())));
}

LogicalResult MaximumOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  extremumVJP<MaximumGradOp>(b, *this, resultGrads[0], operandGrads);
  return success();
}

LogicalResult MinimumOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  extremumVJP<MinimumGradOp>(b, *this, resultGrads[0], operandGrads);
  return success();
}

// d (Σ_i x_i / n) = dy / n for every x_i
LogicalResult AverageOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  size_t n = getInputs().size();
  Type element = tensorType(getResult()).getElementType();
  Value share =
      mul(b, loc, resultGrads[0], scalar(b, loc, element, 1.0 / double(n)));
  operandGrads.append(n, share);
  return success();
}
