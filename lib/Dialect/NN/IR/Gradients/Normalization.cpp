//===- Normalization.cpp - VJPs of batch normalization ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Inference: y = (x − μ) · γ / sqrt(σ² + ε) + β with fixed statistics is
// affine in x, γ, β. Training: with x̂ = (x − μ_B) · r, r = 1/sqrt(σ_B² + ε)
// over N values per channel,
//   dβ = Σ dy,  dγ = Σ dy · x̂,  dx = γ r / N · (N dy − dβ − x̂ dγ).
// The moving statistics carry no gradient.
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

LogicalResult BatchNormOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dy = resultGrads[0];
  Type element = tensorType(getInput()).getElementType();
  Value eps = scalar(b, loc, element, getEpsilon().convertToDouble());
  Value rstd = RsqrtOp::create(b, loc, add(b, loc, getMovingVariance(), eps));
  Value xhat = mul(b, loc, sub(b, loc, getInput(), getMovingMean()), rstd);
  SmallVector<int64_t> axes = leadingAxes(getInput());
  operandGrads.push_back(mul(b, loc, dy, mul(b, loc, getGamma(), rstd)));
  operandGrads.push_back(reduceSum(b, loc, mul(b, loc, dy, xhat), axes, false));
  operandGrads.push_back(reduceSum(b, loc, dy, axes, false));
  operandGrads.append({Value(), Value()});
  return success();
}

LogicalResult
BatchNormTrainingOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value x = getInput();
  RankedTensorType type = tensorType(x);
  Type element = type.getElementType();
  SmallVector<int64_t> axes = leadingAxes(x);
  int64_t count = type.getNumElements() / type.getShape().back();
  Value inverseCount = scalar(b, loc, element, 1.0 / count);
  double momentum = getMomentum().convertToDouble();

  // Batch statistics, recomputed.
  Value mean = mul(b, loc, reduceSum(b, loc, x, axes, false), inverseCount);
  Value centered = sub(b, loc, x, mean);

  // Any result may be unused (no gradient flows from it).
  Value dx, dGamma, dBeta, dMovingMean, dMovingVariance;
  auto accumulate = [&](Value term) { dx = dx ? add(b, loc, dx, term) : term; };
  if (Value dy = resultGrads[0]) {
    Value variance = mul(
        b, loc, reduceSum(b, loc, mul(b, loc, centered, centered), axes, false),
        inverseCount);
    Value eps = scalar(b, loc, element, getEpsilon().convertToDouble());
    Value rstd = RsqrtOp::create(b, loc, add(b, loc, variance, eps));
    Value xhat = mul(b, loc, centered, rstd);
    dBeta = reduceSum(b, loc, dy, axes, false);
    dGamma = reduceSum(b, loc, mul(b, loc, dy, xhat), axes, false);
    // dx = γ r / N · (N dy − dβ − x̂ dγ)
    Value scaledDy = mul(b, loc, dy, scalar(b, loc, element, double(count)));
    Value inner =
        sub(b, loc, sub(b, loc, scaledDy, dBeta), mul(b, loc, xhat, dGamma));
    Value factor = mul(b, loc, mul(b, loc, getGamma(), rstd), inverseCount);
    accumulate(mul(b, loc, inner, factor));
  }
  // m' = μ m + (1 − μ) mean(x): dm = μ dm', dx += (1 − μ) / N · dm'.
  if (Value dm = resultGrads[1]) {
    dMovingMean = mul(b, loc, dm, scalar(b, loc, element, momentum));
    Value term =
        mul(b, loc, dm, scalar(b, loc, element, (1.0 - momentum) / count));
    // A per-channel term: it broadcasts over dx, or over zeros when it is
    // dx's first.
    dx = add(b, loc, dx ? dx : splat(b, loc, type, 0.0), term);
  }
  // v' = μ v + (1 − μ) Σ(x − mean)² / N: dv = μ dv',
  // dx += (1 − μ) · 2 (x − mean) / N · dv' (the mean's own term sums to 0).
  if (Value dv = resultGrads[2]) {
    dMovingVariance = mul(b, loc, dv, scalar(b, loc, element, momentum));
    accumulate(
        mul(b, loc, centered,
            mul(b, loc, dv,
                scalar(b, loc, element, 2.0 * (1.0 - momentum) / count))));
  }
  operandGrads.append({dx, dGamma, dBeta, dMovingMean, dMovingVariance});
  return success();
}
