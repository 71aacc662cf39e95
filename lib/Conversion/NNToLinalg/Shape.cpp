//===- Shape.cpp - nn reshapes, concatenate, slice, pad to tensor ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// flatten and reshape only reinterpret row-major data: they become
// tensor.collapse_shape / tensor.expand_shape, which bufferize to views.
// slice is a tensor.extract_slice (a view); concatenate and pad write their
// inputs into a new tensor with tensor.insert_slice (pad's filled with
// zeros first), which bufferize to copies into subviews of the result.
// transpose is a linalg.transpose; repeat_vector and upsampling2d are
// parallel copies reading the input through a broadcast or a floordiv map.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
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

/// Unit strides over every axis of `rank`.
SmallVector<int64_t> unitStrides(int64_t rank) {
  return SmallVector<int64_t>(rank, 1);
}

// concatenate(x_0, …, x_k) = insert x_i at offset Σ_{j<i} size_j on axis
struct ConcatenatePattern : OpConversionPattern<nn::ConcatenateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::ConcatenateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getNormalizedAxis();
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    SmallVector<int64_t> offsets(type.getRank(), 0);
    for (Value input : adaptor.getInputs()) {
      ArrayRef<int64_t> sizes =
          cast<RankedTensorType>(input.getType()).getShape();
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result, ValueRange{}, ValueRange{},
          ValueRange{}, offsets, sizes, unitStrides(type.getRank()));
      offsets[axis] += sizes[axis];
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SlicePattern : OpConversionPattern<nn::SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, type, adaptor.getInput(), ValueRange{}, ValueRange{}, ValueRange{},
        op.getOffsets(), op.getSizes(), unitStrides(type.getRank()));
    return success();
  }
};

// pad(x) = zeros with x inserted at `low`
struct PadPattern : OpConversionPattern<nn::PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    Value zeros = createFilled(rewriter, op.getLoc(), type, 0.0);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, adaptor.getInput(), zeros, ValueRange{}, ValueRange{}, ValueRange{},
        op.getLow(), inputType.getShape(), unitStrides(type.getRank()));
    return success();
  }
};

struct TransposePattern : OpConversionPattern<nn::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                         type.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       adaptor.getInput(), init,
                                                       op.getPermutation())
                               .getResult());
    return success();
  }
};

// repeat_vector(x)[b, t, f] = x[b, f]: x viewed as [b, 1, f], broadcast.
struct RepeatVectorPattern : OpConversionPattern<nn::RepeatVectorOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::RepeatVectorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto rows = RankedTensorType::get(
        {inputType.getDimSize(0), 1, inputType.getDimSize(1)},
        inputType.getElementType());
    Value expanded = tensor::ExpandShapeOp::create(
        rewriter, loc, rows, adaptor.getInput(),
        SmallVector<ReassociationIndices>{{0}, {1, 2}});
    rewriter.replaceOp(op,
                       createElementwise(rewriter, loc, type, expanded,
                                         [](OpBuilder &, Location,
                                            ValueRange v) { return v[0]; }));
    return success();
  }
};

// upsampling2d(x)[n, y, x, c] = x[n, y floordiv sh, x floordiv sw, c]
struct UpSampling2DPattern : OpConversionPattern<nn::UpSampling2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::UpSampling2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    MLIRContext *ctx = op.getContext();
    ArrayRef<int64_t> size = op.getSize();
    AffineExpr n, y, x, c;
    bindDims(ctx, n, y, x, c);
    auto read = AffineMap::get(
        4, 0, {n, y.floorDiv(size[0]), x.floorDiv(size[1]), c}, ctx);
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<Value> result = createGeneric(
        rewriter, loc, adaptor.getInput(), {read}, init,
        {rewriter.getMultiDimIdentityMap(4)},
        SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
        [](OpBuilder &, Location, ValueRange v) {
          return SmallVector<Value>{v[0]};
        });
    rewriter.replaceOp(op, result[0]);
    return success();
  }
};

} // namespace

void nncc::detail::populateShapePatterns(RewritePatternSet &patterns) {
  patterns.add<FlattenPattern, ReshapePattern, ConcatenatePattern, SlicePattern,
               PadPattern, TransposePattern, RepeatVectorPattern,
               UpSampling2DPattern>(patterns.getContext());
}
