//===- Reduction.cpp - VJPs of softmax, reductions and losses ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// softmax:      dx = y · (dy − Σ_axis dy·y)
// log_softmax:  dx = dy − exp(y) · Σ_axis dy
// reduce_sum:   dx = dy broadcast back over the summed axes
// losses (mean over the M leading positions, upstream gradient dL):
//   sparse CE:  dlogits = (softmax(x) − onehot(labels)) · dL / M
//   CE:         dlogits = (softmax(x) · Σ t − t) · dL / M,
//               dtargets = −log_softmax(x) · dL / M
//   MSE:        dp = 2 (p − t) · dL / N, dt = −dp
// The cross-entropies differentiate through the stable fused form: softmax
// is recomputed from the logits, never divided by.
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

LogicalResult SoftmaxOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                  SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value y = getResult(), dy = resultGrads[0];
  Value dot =
      reduceSum(b, loc, mul(b, loc, dy, y), {getNormalizedAxis()}, true);
  operandGrads.push_back(mul(b, loc, y, sub(b, loc, dy, dot)));
  return success();
}

LogicalResult LogSoftmaxOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dy = resultGrads[0];
  Value total = reduceSum(b, loc, dy, {getNormalizedAxis()}, true);
  Value probs = ExpOp::create(b, loc, getResult());
  operandGrads.push_back(sub(b, loc, dy, mul(b, loc, probs, total)));
  return success();
}

LogicalResult ReduceSumOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType input = tensorType(getInput());
  SmallVector<int64_t> kept(input.getShape());
  for (int64_t axis : getAxes())
    kept[axis] = 1;
  Value dy = reshape(b, loc, resultGrads[0],
                     RankedTensorType::get(kept, input.getElementType()));
  operandGrads.push_back(mul(b, loc, dy, splat(b, loc, input, 1.0)));
  return success();
}

/// `scale · dL / count`, with `dL` the loss's 0-d upstream gradient.
static Value perPosition(OpBuilder &b, Location loc, Value dLoss, double scale,
                         int64_t count) {
  Type element = tensorType(dLoss).getElementType();
  return mul(b, loc, dLoss, scalar(b, loc, element, scale / count));
}

/// The number of leading positions of `logits` [..., classes].
static int64_t positions(Value logits) {
  RankedTensorType type = tensorType(logits);
  return type.getNumElements() / type.getShape().back();
}

LogicalResult
SparseSoftmaxCrossEntropyOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  RankedTensorType type = tensorType(getLogits());
  Value probs = SoftmaxOp::create(b, loc, getLogits(), b.getI64IntegerAttr(-1));
  Value targets = OneHotOp::create(b, loc, type, getLabels());
  Value scale =
      perPosition(b, loc, resultGrads[0], 1.0, positions(getLogits()));
  operandGrads.push_back(mul(b, loc, sub(b, loc, probs, targets), scale));
  operandGrads.push_back(Value()); // integer labels
  return success();
}

LogicalResult
SoftmaxCrossEntropyOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  int64_t last = tensorType(getLogits()).getRank() - 1;
  Value probs = SoftmaxOp::create(b, loc, getLogits(), b.getI64IntegerAttr(-1));
  Value mass = reduceSum(b, loc, getTargets(), {last}, true);
  Value scale =
      perPosition(b, loc, resultGrads[0], 1.0, positions(getLogits()));
  operandGrads.push_back(
      mul(b, loc, sub(b, loc, mul(b, loc, probs, mass), getTargets()), scale));
  Value logProbs =
      LogSoftmaxOp::create(b, loc, getLogits(), b.getI64IntegerAttr(-1));
  Value minusScale =
      perPosition(b, loc, resultGrads[0], -1.0, positions(getLogits()));
  operandGrads.push_back(mul(b, loc, logProbs, minusScale));
  return success();
}

LogicalResult
MeanSquaredErrorOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                             SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  int64_t count = tensorType(getPredictions()).getNumElements();
  Value diff = sub(b, loc, getPredictions(), getTargets());
  Value dp = mul(b, loc, diff, perPosition(b, loc, resultGrads[0], 2.0, count));
  operandGrads.push_back(dp);
  operandGrads.push_back(
      mul(b, loc, dp, scalar(b, loc, tensorType(dp).getElementType(), -1.0)));
  return success();
}
