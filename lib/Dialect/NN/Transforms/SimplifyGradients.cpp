//===- SimplifyGradients.cpp - cheaper equivalent backward passes ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Rewrites of the reverse sweep that compute the same values with less
// work (see the pass description). Each is exact: the same bits come out.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_NNSIMPLIFYGRADIENTSPASS
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {

/// relu_grad(x, max_pool2d_grad(relu(x), dy))
///   -> max_pool2d_grad(relu(x), relu_grad(max_pool2d(relu(x)), dy))
///
/// The pooling gradient puts dy on each window's maximum p, where
/// relu(x)[p] is the window's pooled value: x[p] > 0 exactly when the
/// pooled value is > 0. So the ReLU mask can be applied to dy on the pooled
/// side (a quarter of the elements for 2x2 windows), before the scatter,
/// and the full-size masking pass goes away. Elsewhere the scatter writes
/// zeros either way; overlapping windows sum contributions with the same
/// mask.
struct FoldReluGradThroughMaxPoolGrad : OpRewritePattern<ReluGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReluGradOp op,
                                PatternRewriter &rewriter) const override {
    auto poolGrad = op.getOutputGrad().getDefiningOp<MaxPool2DGradOp>();
    if (!poolGrad)
      return failure();
    Value activation = poolGrad.getInput();
    auto relu = activation.getDefiningOp<ReluOp>();
    if (!relu || relu.getInput() != op.getInput())
      return failure();
    // The forward pooling of the same activation, before this op.
    MaxPool2DOp pool;
    for (Operation *user : activation.getUsers()) {
      auto candidate = dyn_cast<MaxPool2DOp>(user);
      if (candidate && candidate->getBlock() == op->getBlock() &&
          candidate->isBeforeInBlock(op) &&
          candidate.getPoolSize() == poolGrad.getPoolSize() &&
          candidate.getStrides() == poolGrad.getStrides() &&
          candidate.getPadding() == poolGrad.getPadding()) {
        pool = candidate;
        break;
      }
    }
    if (!pool)
      return failure();
    Value masked = ReluGradOp::create(rewriter, op.getLoc(), pool.getResult(),
                                      poolGrad.getOutputGrad());
    rewriter.replaceOpWithNewOp<MaxPool2DGradOp>(
        op, activation, masked, poolGrad.getPoolSizeAttr(),
        poolGrad.getStridesAttr(), poolGrad.getPaddingAttr());
    return success();
  }
};

struct NNSimplifyGradientsPass
    : nn::impl::NNSimplifyGradientsPassBase<NNSimplifyGradientsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldReluGradThroughMaxPoolGrad>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
