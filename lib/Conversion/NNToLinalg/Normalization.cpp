//===- Normalization.cpp - nn batch normalization to linalg -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Batch normalization over the last axis. Inference folds the statistics
// into a per-channel scale and shift, then makes one pass over the input;
// training first reduces the batch mean and (biased) variance.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

/// y = x · scale + shift with scale = gamma / sqrt(var + ε) and
/// shift = beta − mean · scale, per channel.
Value normalize(OpBuilder &b, Location loc, Value input, Value gamma,
                Value beta, Value mean, Value variance, double epsilon) {
  auto type = cast<RankedTensorType>(input.getType());
  auto channelType = cast<RankedTensorType>(gamma.getType());
  Value eps = createFloatConstant(b, loc, type.getElementType(), epsilon);
  Value scale = createElementwise(
      b, loc, channelType, {gamma, variance},
      [&](OpBuilder &nb, Location l, ValueRange x) {
        Value var = arith::AddFOp::create(nb, l, x[1], eps);
        return arith::MulFOp::create(nb, l, x[0],
                                     math::RsqrtOp::create(nb, l, var))
            .getResult();
      });
  Value shift = createElementwise(
      b, loc, channelType, {beta, mean, scale},
      [](OpBuilder &nb, Location l, ValueRange x) {
        Value scaledMean = arith::MulFOp::create(nb, l, x[1], x[2]);
        return arith::SubFOp::create(nb, l, x[0], scaledMean).getResult();
      });
  return createElementwise(
      b, loc, type, {input, scale, shift},
      [](OpBuilder &nb, Location l, ValueRange x) {
        Value scaled = arith::MulFOp::create(nb, l, x[0], x[1]);
        return arith::AddFOp::create(nb, l, scaled, x[2]).getResult();
      });
}

struct BatchNormPattern : OpConversionPattern<nn::BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, normalize(rewriter, op.getLoc(), adaptor.getInput(),
                                     adaptor.getGamma(), adaptor.getBeta(),
                                     adaptor.getMovingMean(),
                                     adaptor.getMovingVariance(),
                                     op.getEpsilon().convertToDouble()));
    return success();
  }
};

/// Σ over every axis but the last of `element(x)`, divided by the count:
/// a per-channel mean. `extra` are per-channel inputs `element` also reads.
Value channelMean(OpBuilder &b, Location loc, Value input, ValueRange extra,
                  ScalarFn element) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  int64_t channels = type.getShape().back();
  AffineMap channelMap =
      AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx), ctx);
  SmallVector<AffineMap> inputMaps = {b.getMultiDimIdentityMap(rank)};
  inputMaps.append(extra.size(), channelMap);
  SmallVector<Value> inputs = {input};
  llvm::append_range(inputs, extra);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  iterators.back() = utils::IteratorType::parallel;
  auto channelType = RankedTensorType::get({channels}, type.getElementType());
  Value zero = createFilled(b, loc, channelType, 0.0);
  Value sum =
      createGeneric(b, loc, inputs, inputMaps, zero, channelMap, iterators,
                    [&](OpBuilder &nb, Location l, ValueRange x) {
                      Value value = element(nb, l, x.drop_back());
                      return SmallVector<Value>{
                          arith::AddFOp::create(nb, l, value, x.back())};
                    })
          .front();
  Value inverse = createFloatConstant(b, loc, type.getElementType(),
                                      double(channels) / type.getNumElements());
  return createElementwise(
      b, loc, channelType, sum, [&](OpBuilder &nb, Location l, ValueRange x) {
        return arith::MulFOp::create(nb, l, x[0], inverse).getResult();
      });
}

/// moving · momentum + batch · (1 − momentum)
Value movingAverage(OpBuilder &b, Location loc, Value moving, Value batch,
                    double momentum) {
  auto type = cast<RankedTensorType>(moving.getType());
  Value keep = createFloatConstant(b, loc, type.getElementType(), momentum);
  Value take =
      createFloatConstant(b, loc, type.getElementType(), 1.0 - momentum);
  return createElementwise(
      b, loc, type, {moving, batch},
      [&](OpBuilder &nb, Location l, ValueRange x) {
        Value kept = arith::MulFOp::create(nb, l, x[0], keep);
        Value taken = arith::MulFOp::create(nb, l, x[1], take);
        return arith::AddFOp::create(nb, l, kept, taken).getResult();
      });
}

struct BatchNormTrainingPattern : OpConversionPattern<nn::BatchNormTrainingOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::BatchNormTrainingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Value mean =
        channelMean(rewriter, loc, input, {},
                    [](OpBuilder &, Location, ValueRange x) { return x[0]; });
    Value variance = channelMean(
        rewriter, loc, input, mean, [](OpBuilder &b, Location l, ValueRange x) {
          Value centered = arith::SubFOp::create(b, l, x[0], x[1]);
          return arith::MulFOp::create(b, l, centered, centered).getResult();
        });
    double momentum = op.getMomentum().convertToDouble();
    Value result =
        normalize(rewriter, loc, input, adaptor.getGamma(), adaptor.getBeta(),
                  mean, variance, op.getEpsilon().convertToDouble());
    rewriter.replaceOp(
        op,
        {result,
         movingAverage(rewriter, loc, adaptor.getMovingMean(), mean, momentum),
         movingAverage(rewriter, loc, adaptor.getMovingVariance(), variance,
                       momentum)});
    return success();
  }
};

} // namespace

void nncc::detail::populateNormalizationPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormPattern, BatchNormTrainingPattern>(
      patterns.getContext());
}
