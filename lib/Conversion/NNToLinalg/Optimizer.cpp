//===- Optimizer.cpp - nn optimizer updates to linalg -----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each optimizer update is one elementwise linalg.generic producing the new
// parameter and its new slots together; the learning rate and step are 0-d
// tensors read by every element (Adam's step size, which depends on the
// step alone, is computed once, in a 0-d op before it).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

/// Builds an elementwise generic over `param`'s shape reading `inputs`
/// (broadcast) and producing `numResults` tensors of param's type.
SmallVector<Value> updateGeneric(
    OpBuilder &b, Location loc, Value param, ValueRange inputs,
    unsigned numResults,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body) {
  auto type = cast<RankedTensorType>(param.getType());
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(
        b.getContext(), cast<RankedTensorType>(input.getType()).getShape(),
        type.getShape()));
  SmallVector<Value> inits;
  for (unsigned i = 0; i < numResults; ++i)
    inits.push_back(tensor::EmptyOp::create(b, loc, type.getShape(),
                                            type.getElementType()));
  SmallVector<AffineMap> outMaps(numResults,
                                 b.getMultiDimIdentityMap(type.getRank()));
  return createGeneric(b, loc, inputs, maps, inits, outMaps,
                       SmallVector<utils::IteratorType>(
                           type.getRank(), utils::IteratorType::parallel),
                       [&](OpBuilder &nb, Location l, ValueRange args) {
                         return body(nb, l, args.take_front(inputs.size()));
                       });
}

/// g + weight_decay · p (L2 regularization), or g.
Value regularized(OpBuilder &b, Location loc, Value g, Value p,
                  double weightDecay) {
  if (weightDecay == 0.0)
    return g;
  Value decay = createFloatConstant(b, loc, g.getType(), weightDecay);
  return arith::AddFOp::create(b, loc, g,
                               arith::MulFOp::create(b, loc, decay, p));
}

/// Keras SGD: p − lr·g; with momentum, v' = μv − lr·g and p + v' (or, with
/// Nesterov, p + μv' − lr·g).
struct SGDUpdatePattern : OpConversionPattern<nn::SGDUpdateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::SGDUpdateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    double momentum = op.getMomentum().convertToDouble();
    double weightDecay = op.getWeightDecay().convertToDouble();
    bool nesterov = op.getNesterov();
    SmallVector<Value> inputs = {adaptor.getParam(), adaptor.getGrad(),
                                 adaptor.getLearningRate()};
    Value velocity = adaptor.getVelocity();
    if (velocity)
      inputs.push_back(velocity);
    SmallVector<Value> results = updateGeneric(
        rewriter, op.getLoc(), adaptor.getParam(), inputs, velocity ? 2 : 1,
        [&](OpBuilder &b, Location l, ValueRange x) {
          Value g = regularized(b, l, x[1], x[0], weightDecay);
          Value step = arith::MulFOp::create(b, l, x[2], g); // lr·g
          if (!velocity)
            return SmallVector<Value>{arith::SubFOp::create(b, l, x[0], step)};
          Value mu = createFloatConstant(b, l, g.getType(), momentum);
          Value v = arith::SubFOp::create(
              b, l, arith::MulFOp::create(b, l, mu, x[3]), step);
          Value delta =
              nesterov ? arith::SubFOp::create(
                             b, l, arith::MulFOp::create(b, l, mu, v), step)
                       : v;
          return SmallVector<Value>{arith::AddFOp::create(b, l, x[0], delta),
                                    v};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Keras Adam: m' = β1m + (1−β1)g, v' = β2v + (1−β2)g²,
/// p − lr·sqrt(1−β2^t)/(1−β1^t) · m'/(sqrt(v') + ε).
struct AdamUpdatePattern : OpConversionPattern<nn::AdamUpdateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::AdamUpdateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    double beta1 = op.getBeta_1().convertToDouble();
    double beta2 = op.getBeta_2().convertToDouble();
    double epsilon = op.getEpsilon().convertToDouble();
    double weightDecay = op.getWeightDecay().convertToDouble();
    // alpha = lr · sqrt(1 − β2^t) / (1 − β1^t), once (a 0-d op), not per
    // element.
    Location loc = op.getLoc();
    Value alpha = createElementwise(
        rewriter, loc,
        cast<RankedTensorType>(adaptor.getLearningRate().getType()),
        {adaptor.getLearningRate(), adaptor.getStep()},
        [&](OpBuilder &b, Location l, ValueRange x) -> Value {
          Type t = x[0].getType();
          auto c = [&](double v) { return createFloatConstant(b, l, t, v); };
          Value bias2 = arith::SubFOp::create(
              b, l, c(1.0), math::PowFOp::create(b, l, c(beta2), x[1]));
          Value bias1 = arith::SubFOp::create(
              b, l, c(1.0), math::PowFOp::create(b, l, c(beta1), x[1]));
          return arith::DivFOp::create(
              b, l,
              arith::MulFOp::create(b, l, x[0],
                                    math::SqrtOp::create(b, l, bias2)),
              bias1);
        });
    SmallVector<Value> results = updateGeneric(
        rewriter, loc, adaptor.getParam(),
        {adaptor.getParam(), adaptor.getGrad(), alpha, adaptor.getM(),
         adaptor.getV()},
        3, [&](OpBuilder &b, Location l, ValueRange x) {
          Type t = x[0].getType();
          auto c = [&](double v) { return createFloatConstant(b, l, t, v); };
          Value g = regularized(b, l, x[1], x[0], weightDecay);
          Value m = arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, c(beta1), x[3]),
              arith::MulFOp::create(b, l, c(1.0 - beta1), g));
          Value v = arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, c(beta2), x[4]),
              arith::MulFOp::create(b, l, c(1.0 - beta2),
                                    arith::MulFOp::create(b, l, g, g)));
          Value denominator = arith::AddFOp::create(
              b, l, math::SqrtOp::create(b, l, v), c(epsilon));
          Value update = arith::DivFOp::create(
              b, l, arith::MulFOp::create(b, l, x[2], m), denominator); // alpha
          return SmallVector<Value>{arith::SubFOp::create(b, l, x[0], update),
                                    m, v};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void nncc::detail::populateOptimizerPatterns(RewritePatternSet &patterns) {
  patterns.add<SGDUpdatePattern, AdamUpdatePattern>(patterns.getContext());
}
