//===- Reduction.cpp - nn softmax and losses to linalg ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// softmax, log_softmax and the losses: numerically stable reductions
// (the maximum is subtracted before exponentiating) built from
// linalg.generic reductions and broadcasting elementwise ops.
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

#include <limits>

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

Value maxOf(OpBuilder &b, Location loc, ValueRange x) {
  return arith::MaximumFOp::create(b, loc, x[0], x[1]);
}

Value sumOf(OpBuilder &b, Location loc, ValueRange x) {
  return arith::AddFOp::create(b, loc, x[0], x[1]);
}

/// exp(x - m)
Value expShifted(OpBuilder &b, Location loc, ValueRange x) {
  return math::ExpOp::create(b, loc, arith::SubFOp::create(b, loc, x[0], x[1]));
}

/// The pieces of a stable softmax along `axis`, each keeping `axis` with
/// size 1: m = max x, s = Σ exp(x − m), and e = exp(x − m) itself.
struct SoftmaxParts {
  Value max, sum, exps;
};

SoftmaxParts buildSoftmaxParts(OpBuilder &b, Location loc, Value input,
                               int64_t axis) {
  auto type = cast<RankedTensorType>(input.getType());
  SoftmaxParts parts;
  parts.max = createReduction(b, loc, input, axis,
                              -std::numeric_limits<double>::infinity(), maxOf);
  parts.exps = createElementwise(b, loc, type, {input, parts.max}, expShifted);
  parts.sum = createReduction(b, loc, parts.exps, axis, 0.0, sumOf);
  return parts;
}

/// softmax(x) = exp(x − m) / Σ exp(x − m)
struct SoftmaxPattern : OpConversionPattern<nn::SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SoftmaxParts parts = buildSoftmaxParts(rewriter, loc, adaptor.getInput(),
                                           op.getNormalizedAxis());
    rewriter.replaceOp(
        op, createElementwise(
                rewriter, loc, cast<RankedTensorType>(op.getType()),
                {parts.exps, parts.sum},
                [](OpBuilder &b, Location l, ValueRange x) {
                  return arith::DivFOp::create(b, l, x[0], x[1]).getResult();
                }));
    return success();
  }
};

/// log_softmax(x) = x − m − log Σ exp(x − m)
struct LogSoftmaxPattern : OpConversionPattern<nn::LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SoftmaxParts parts = buildSoftmaxParts(rewriter, loc, adaptor.getInput(),
                                           op.getNormalizedAxis());
    rewriter.replaceOp(
        op,
        createElementwise(
            rewriter, loc, cast<RankedTensorType>(op.getType()),
            {adaptor.getInput(), parts.max, parts.sum},
            [](OpBuilder &b, Location l, ValueRange x) {
              Value shifted = arith::SubFOp::create(b, l, x[0], x[1]);
              Value logSum = math::LogOp::create(b, l, x[2]);
              return arith::SubFOp::create(b, l, shifted, logSum).getResult();
            }));
    return success();
  }
};

/// `total / count` as a rank-0 tensor.
Value mean(OpBuilder &b, Location loc, Value total, int64_t count) {
  auto type = cast<RankedTensorType>(total.getType());
  Value inverse =
      createFloatConstant(b, loc, type.getElementType(), 1.0 / count);
  return createElementwise(
      b, loc, type, total, [&](OpBuilder &nb, Location l, ValueRange x) {
        return arith::MulFOp::create(nb, l, x[0], inverse).getResult();
      });
}

/// log Σ_j exp(x_j) over the last axis of a matrix, kept as [rows, 1].
Value logSumExp(OpBuilder &b, Location loc, Value logits) {
  SoftmaxParts parts = buildSoftmaxParts(b, loc, logits, 1);
  auto type = cast<RankedTensorType>(parts.max.getType());
  return createElementwise(
      b, loc, type, {parts.max, parts.sum},
      [](OpBuilder &nb, Location l, ValueRange x) {
        Value logSum = math::LogOp::create(nb, l, x[1]);
        return arith::AddFOp::create(nb, l, x[0], logSum).getResult();
      });
}

/// loss = mean_i (lse_i − x[i, labels_i]) over the rows of the logits
/// collapsed to a matrix.
struct SparseSoftmaxCrossEntropyPattern
    : OpConversionPattern<nn::SparseSoftmaxCrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::SparseSoftmaxCrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value logits = collapseToMatrix(rewriter, loc, adaptor.getLogits());
    auto logitsType = cast<RankedTensorType>(logits.getType());
    int64_t rows = logitsType.getDimSize(0);
    Value labels =
        reshapeTo(rewriter, loc, adaptor.getLabels(),
                  RankedTensorType::get({rows}, rewriter.getI32Type()));
    Value lse = logSumExp(rewriter, loc, logits);

    // Σ_i Σ_j (j == label_i ? lse_i − x_ij : 0): one reduction over the
    // whole matrix into a scalar.
    AffineExpr i = getAffineDimExpr(0, ctx), j = getAffineDimExpr(1, ctx);
    AffineMap identity = rewriter.getMultiDimIdentityMap(2);
    AffineMap rowMap = AffineMap::get(2, 0, {i}, ctx);
    AffineMap lseMap =
        AffineMap::get(2, 0, {i, getAffineConstantExpr(0, ctx)}, ctx);
    AffineMap scalarMap = AffineMap::get(2, 0, {}, ctx);
    Type element = logitsType.getElementType();
    Value zero =
        createFilled(rewriter, loc, RankedTensorType::get({}, element), 0.0);
    Value total =
        createGeneric(
            rewriter, loc, {logits, labels, lse}, {identity, rowMap, lseMap},
            zero, scalarMap,
            {utils::IteratorType::reduction, utils::IteratorType::reduction},
            [&](OpBuilder &b, Location l, ValueRange x) {
              Value column = linalg::IndexOp::create(b, l, 1);
              Value label =
                  arith::IndexCastOp::create(b, l, b.getIndexType(), x[1]);
              Value isLabel = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::eq, column, label);
              Value term = arith::SubFOp::create(b, l, x[2], x[0]);
              Value added = arith::AddFOp::create(b, l, x[3], term);
              return SmallVector<Value>{
                  arith::SelectOp::create(b, l, isLabel, added, x[3])};
            })
            .front();
    rewriter.replaceOp(op, mean(rewriter, loc, total, rows));
    return success();
  }
};

/// loss = mean_i Σ_j t_ij · (lse_i − x_ij)
struct SoftmaxCrossEntropyPattern
    : OpConversionPattern<nn::SoftmaxCrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::SoftmaxCrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value logits = collapseToMatrix(rewriter, loc, adaptor.getLogits());
    Value targets = collapseToMatrix(rewriter, loc, adaptor.getTargets());
    auto type = cast<RankedTensorType>(logits.getType());
    Value lse = logSumExp(rewriter, loc, logits);
    // Broadcast lse back to [rows, classes] inside the elementwise term.
    Value terms = createElementwise(
        rewriter, loc, type, {targets, lse, logits},
        [](OpBuilder &b, Location l, ValueRange x) {
          Value logProb = arith::SubFOp::create(b, l, x[1], x[2]);
          return arith::MulFOp::create(b, l, x[0], logProb).getResult();
        });
    Value total =
        createTotal(rewriter, loc, terms,
                    [](OpBuilder &, Location, ValueRange x) { return x[0]; });
    rewriter.replaceOp(op, mean(rewriter, loc, total, type.getDimSize(0)));
    return success();
  }
};

/// loss = mean over all elements of (p − t)²
struct MeanSquaredErrorPattern : OpConversionPattern<nn::MeanSquaredErrorOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::MeanSquaredErrorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(adaptor.getPredictions().getType());
    Value total = createTotal(
        rewriter, loc, {adaptor.getPredictions(), adaptor.getTargets()},
        [](OpBuilder &b, Location l, ValueRange x) {
          Value diff = arith::SubFOp::create(b, l, x[0], x[1]);
          return arith::MulFOp::create(b, l, diff, diff).getResult();
        });
    rewriter.replaceOp(op, mean(rewriter, loc, total, type.getNumElements()));
    return success();
  }
};

/// reduce_sum: one reduction generic whose output map drops the axes; the
/// kept unit dimensions come back through a reshape.
struct ReduceSumPattern : OpConversionPattern<nn::ReduceSumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::ReduceSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    SmallVector<int64_t> shape;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < inputType.getRank(); ++d) {
      bool reduced = llvm::is_contained(op.getAxes(), d);
      iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
      if (reduced)
        continue;
      shape.push_back(inputType.getDimSize(d));
      outExprs.push_back(getAffineDimExpr(d, ctx));
    }
    Value init = createFilled(
        rewriter, loc, RankedTensorType::get(shape, inputType.getElementType()),
        0.0);
    Value sum =
        createGeneric(
            rewriter, loc, adaptor.getInput(),
            rewriter.getMultiDimIdentityMap(inputType.getRank()), init,
            AffineMap::get(inputType.getRank(), 0, outExprs, ctx), iterators,
            [](OpBuilder &b, Location l, ValueRange x) {
              return SmallVector<Value>{sumOf(b, l, x)};
            })
            .front();
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, sum,
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

/// one_hot: result[..., c] = labels[...] == c ? 1 : 0
struct OneHotPattern : OpConversionPattern<nn::OneHotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> labelExprs;
    for (int64_t d = 0; d + 1 < rank; ++d)
      labelExprs.push_back(getAffineDimExpr(d, ctx));
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    Type element = type.getElementType();
    Value result =
        createGeneric(rewriter, loc, adaptor.getLabels(),
                      AffineMap::get(rank, 0, labelExprs, ctx), init,
                      rewriter.getMultiDimIdentityMap(rank),
                      SmallVector<utils::IteratorType>(
                          rank, utils::IteratorType::parallel),
                      [&](OpBuilder &b, Location l, ValueRange x) {
                        Value column = linalg::IndexOp::create(b, l, rank - 1);
                        Value label = arith::IndexCastOp::create(
                            b, l, b.getIndexType(), x[0]);
                        Value hit = arith::CmpIOp::create(
                            b, l, arith::CmpIPredicate::eq, column, label);
                        return SmallVector<Value>{arith::SelectOp::create(
                            b, l, hit, createFloatConstant(b, l, element, 1.0),
                            createFloatConstant(b, l, element, 0.0))};
                      })
            .front();
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void nncc::detail::populateReductionPatterns(RewritePatternSet &patterns) {
  patterns.add<SoftmaxPattern, LogSoftmaxPattern,
               SparseSoftmaxCrossEntropyPattern, SoftmaxCrossEntropyPattern,
               MeanSquaredErrorPattern, ReduceSumPattern, OneHotPattern>(
      patterns.getContext());
}
