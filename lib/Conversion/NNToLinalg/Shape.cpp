//===- Shape.cpp - nn flatten and reshape to tensor ops ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// flatten and reshape only reinterpret row-major data: they become
// tensor.collapse_shape / tensor.expand_shape, which bufferize to views.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

/// flatten([b, d1, ..., dk]) = collapse [[0], [1, ..., k]]
struct FlattenPattern : OpConversionPattern<nn::FlattenOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    if (inputType.getRank() < 2) {
      rewriter.replaceOp(
          op, reshapeTo(rewriter, op.getLoc(), adaptor.getInput(), resultType));
      return success();
    }
    ReassociationIndices features;
    for (int64_t d = 1; d < inputType.getRank(); ++d)
      features.push_back(d);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, resultType, adaptor.getInput(),
        SmallVector<ReassociationIndices>{{0}, features});
    return success();
  }
};

struct ReshapePattern : OpConversionPattern<nn::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), adaptor.getInput(),
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

} // namespace

void nncc::detail::populateShapePatterns(RewritePatternSet &patterns) {
  patterns.add<FlattenPattern, ReshapePattern>(patterns.getContext());
}
