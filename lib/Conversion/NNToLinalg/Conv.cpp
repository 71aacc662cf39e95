//===- Conv.cpp - nn.conv2d to linalg ---------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn.conv2d becomes linalg.conv_2d_nhwc_hwcf on the (for `same`, zero
// padded) input, accumulating into the broadcast bias (or zeros). Its
// gradients: the input's as a convolution of the dilated, padded output
// gradient with the rotated filter, one per region of output rows that
// reach the same real rows (no multiplications by the padding rows); the
// filter's as one reduction generic.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"
#include "nncc/Dialect/NN/IR/NNShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

struct Conv2DPattern : OpConversionPattern<nn::Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto filterType = cast<RankedTensorType>(adaptor.getFilter().getType());
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilation = op.getDilation();
    nn::AxisPadding pad[2];
    for (int axis = 0; axis < 2; ++axis)
      pad[axis] = nn::getAxisPadding(inputType.getDimSize(axis + 1),
                                     filterType.getDimSize(axis), strides[axis],
                                     dilation[axis], op.getPadding());
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), pad[0], pad[1], 0.0);
    Value init =
        adaptor.getBias()
            ? broadcastLastAxis(rewriter, loc, adaptor.getBias(), resultType)
            : createFilled(rewriter, loc, resultType, 0.0);
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("strides", rewriter.getI64VectorAttr(strides)),
        rewriter.getNamedAttr("dilations",
                              rewriter.getI64VectorAttr(dilation))};
    rewriter.replaceOp(op, linalg::Conv2DNhwcHwcfOp::create(
                               rewriter, loc, TypeRange{resultType},
                               ValueRange{input, adaptor.getFilter()},
                               ValueRange{init}, attrs)
                               .getResult(0));
    return success();
  }
};

/// The input gradient is a stride-1 convolution of the output gradient,
/// dilated by the strides (zeros between rows/columns) and padded so that
/// every input position sees every tap, with the filter rotated by 180° and
/// its channel axes swapped:
///   dx = conv(pad(dilate(dy)), rot180(k)ᵀ), dilation as the forward's.
struct Conv2DBackpropInputPattern
    : OpConversionPattern<nn::Conv2DBackpropInputOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::Conv2DBackpropInputOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto gradType = cast<RankedTensorType>(adaptor.getOutputGrad().getType());
    auto filterType = cast<RankedTensorType>(adaptor.getFilter().getType());
    Type element = resultType.getElementType();
    ArrayRef<int64_t> strides = op.getStrides(), dilation = op.getDilation();

    // dilate(dy): dy's rows and columns `stride` apart in zeros.
    Value dy = adaptor.getOutputGrad();
    SmallVector<int64_t> dilatedShape(gradType.getShape());
    for (int axis = 0; axis < 2; ++axis)
      dilatedShape[axis + 1] =
          (gradType.getDimSize(axis + 1) - 1) * strides[axis] + 1;
    if (strides[0] != 1 || strides[1] != 1) {
      Value zeros = createFilled(
          rewriter, loc, RankedTensorType::get(dilatedShape, element), 0.0);
      SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, steps;
      for (int64_t d : gradType.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      for (int64_t step : {int64_t(1), strides[0], strides[1], int64_t(1)})
        steps.push_back(rewriter.getIndexAttr(step));
      dy = tensor::InsertSliceOp::create(rewriter, loc, dy, zeros, offsets,
                                         sizes, steps);
    }

    // Pad so that the stride-1 convolution yields the input's size.
    nn::AxisPadding pads[2];
    for (int axis = 0; axis < 2; ++axis) {
      int64_t input = resultType.getDimSize(axis + 1);
      int64_t extent =
          nn::getEffectiveWindow(filterType.getDimSize(axis), dilation[axis]);
      int64_t forwardBefore =
          nn::getAxisPadding(input, filterType.getDimSize(axis), strides[axis],
                             dilation[axis], op.getPadding())
              .before;
      pads[axis].before = extent - 1 - forwardBefore;
      pads[axis].after =
          input + extent - 1 - pads[axis].before - dilatedShape[axis + 1];
    }
    Value padded = padSpatial(rewriter, loc, dy, pads[0], pads[1], 0.0);

    // rot180(k)ᵀ[i, j, f, c] = k[kh − 1 − i, kw − 1 − j, c, f]
    int64_t kh = filterType.getDimSize(0), kw = filterType.getDimSize(1);
    auto flippedType = RankedTensorType::get(
        {kh, kw, filterType.getDimSize(3), filterType.getDimSize(2)}, element);
    AffineExpr i = getAffineDimExpr(0, ctx), j = getAffineDimExpr(1, ctx),
               f = getAffineDimExpr(2, ctx), c = getAffineDimExpr(3, ctx);
    AffineMap rotate =
        AffineMap::get(4, 0, {kh - 1 - i, kw - 1 - j, c, f}, ctx);
    Value flippedInit =
        tensor::EmptyOp::create(rewriter, loc, flippedType.getShape(), element);
    Value flipped =
        createGeneric(
            rewriter, loc, adaptor.getFilter(), rotate, flippedInit,
            rewriter.getMultiDimIdentityMap(4),
            SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
            [](OpBuilder &, Location, ValueRange x) {
              return SmallVector<Value>{x[0]};
            })
            .front();

    rewriter.replaceOp(op, buildRowRegions(rewriter, loc, padded, flipped,
                                           resultType, dilation, pads[0].before,
                                           dilatedShape[1]));
    return success();
  }

  /// The convolution of `padded` with `flipped` into a new `resultType`,
  /// split by output rows into regions whose windows cover the same real
  /// (not padding) rows of `padded`: a row near the top or the bottom edge
  /// only sums over the kernel rows that reach real rows, instead of
  /// multiplying padding zeros (for the seed CNN's second convolution, whose
  /// gradient is padded by 2 rows on each side, 15% fewer multiplications).
  /// `padded` has real rows `[before, before + rows)`; one convolution per
  /// region, each into its zero-filled slice of the result.
  static Value buildRowRegions(OpBuilder &b, Location loc, Value padded,
                               Value flipped, RankedTensorType resultType,
                               ArrayRef<int64_t> dilation, int64_t before,
                               int64_t rows) {
    int64_t kh = cast<RankedTensorType>(flipped.getType()).getDimSize(0);
    int64_t height = resultType.getDimSize(1), dh = dilation[0];
    // Kernel rows [lo, hi) that reach real rows from output row y.
    auto taps = [&](int64_t y) {
      int64_t lo = 0, hi = kh;
      while (lo < hi && y + lo * dh < before)
        ++lo;
      while (hi > lo && y + (hi - 1) * dh >= before + rows)
        --hi;
      return std::make_pair(lo, hi);
    };
    SmallVector<NamedAttribute> attrs = {
        b.getNamedAttr("strides", b.getI64VectorAttr({1, 1})),
        b.getNamedAttr("dilations", b.getI64VectorAttr(dilation))};
    Value zero = createFloatConstant(b, loc, resultType.getElementType(), 0);
    Value result = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                           resultType.getElementType());
    for (int64_t y0 = 0; y0 < height;) {
      auto [lo, hi] = taps(y0);
      int64_t y1 = y0 + 1;
      while (y1 < height && taps(y1) == std::make_pair(lo, hi))
        ++y1;
      Value out = linalg::FillOp::create(
                      b, loc, zero, sliceAxis(b, loc, result, 1, y0, y1 - y0))
                      .getResult(0);
      if (hi > lo) {
        // Rows y0 + lo·dh ... (y1 − 1) + (hi − 1)·dh of `padded`, kernel
        // rows [lo, hi).
        Value in = sliceAxis(b, loc, padded, 1, y0 + lo * dh,
                             (y1 - y0) + (hi - 1 - lo) * dh);
        Value k = hi - lo == kh ? flipped
                                : sliceAxis(b, loc, flipped, 0, lo, hi - lo);
        out = linalg::Conv2DNhwcHwcfOp::create(b, loc, TypeRange{out.getType()},
                                               ValueRange{in, k},
                                               ValueRange{out}, attrs)
                  .getResult(0);
      }
      result = insertAxis(b, loc, out, result, 1, y0);
      y0 = y1;
    }
    return result;
  }

  /// Offsets, sizes and unit strides of `type`'s elements [offset, offset +
  /// size) along `axis`, all of the others.
  static void axisSlice(OpBuilder &b, RankedTensorType type, unsigned axis,
                        int64_t offset, int64_t size,
                        SmallVectorImpl<OpFoldResult> &offsets,
                        SmallVectorImpl<OpFoldResult> &sizes,
                        SmallVectorImpl<OpFoldResult> &strides) {
    for (auto [d, extent] : llvm::enumerate(type.getShape())) {
      offsets.push_back(b.getIndexAttr(d == axis ? offset : 0));
      sizes.push_back(b.getIndexAttr(d == axis ? size : extent));
      strides.push_back(b.getIndexAttr(1));
    }
  }

  /// `value`'s elements [offset, offset + size) along `axis`.
  static Value sliceAxis(OpBuilder &b, Location loc, Value value, unsigned axis,
                         int64_t offset, int64_t size) {
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<OpFoldResult> offsets, sizes, strides;
    axisSlice(b, type, axis, offset, size, offsets, sizes, strides);
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = size;
    return tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(shape, type.getElementType()), value,
        offsets, sizes, strides);
  }

  /// `dest` with `slice` inserted from `offset` along `axis`.
  static Value insertAxis(OpBuilder &b, Location loc, Value slice, Value dest,
                          unsigned axis, int64_t offset) {
    SmallVector<OpFoldResult> offsets, sizes, strides;
    axisSlice(b, cast<RankedTensorType>(slice.getType()), axis, offset,
              cast<RankedTensorType>(slice.getType()).getDimSize(axis), offsets,
              sizes, strides);
    return tensor::InsertSliceOp::create(b, loc, slice, dest, offsets, sizes,
                                         strides);
  }
};

/// dk[i, j, c, f] = Σ_{n, y, x} xpad[n, y·sh + i·dh, x·sw + j·dw, c] · dy[n, y,
/// x, f]
struct Conv2DBackpropFilterPattern
    : OpConversionPattern<nn::Conv2DBackpropFilterOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::Conv2DBackpropFilterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    ArrayRef<int64_t> strides = op.getStrides(), dilation = op.getDilation();
    nn::AxisPadding pads[2];
    for (int axis = 0; axis < 2; ++axis)
      pads[axis] = nn::getAxisPadding(
          inputType.getDimSize(axis + 1), resultType.getDimSize(axis),
          strides[axis], dilation[axis], op.getPadding());
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), pads[0], pads[1], 0.0);

    // Iteration space (i, j, c, f, n, y, x).
    auto dim = [&](unsigned d) { return getAffineDimExpr(d, ctx); };
    AffineMap inputMap =
        AffineMap::get(7, 0,
                       {dim(4), dim(5) * strides[0] + dim(0) * dilation[0],
                        dim(6) * strides[1] + dim(1) * dilation[1], dim(2)},
                       ctx);
    AffineMap gradMap =
        AffineMap::get(7, 0, {dim(4), dim(5), dim(6), dim(3)}, ctx);
    AffineMap outMap =
        AffineMap::get(7, 0, {dim(0), dim(1), dim(2), dim(3)}, ctx);
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    Value init = createFilled(rewriter, loc, resultType, 0.0);
    Value result =
        createGeneric(rewriter, loc, {input, adaptor.getOutputGrad()},
                      {inputMap, gradMap}, init, outMap, iterators,
                      [](OpBuilder &b, Location l, ValueRange x) {
                        Value product = arith::MulFOp::create(b, l, x[0], x[1]);
                        return SmallVector<Value>{
                            arith::AddFOp::create(b, l, x[2], product)};
                      })
            .front();
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void nncc::detail::populateConvPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2DPattern, Conv2DBackpropInputPattern,
               Conv2DBackpropFilterPattern>(patterns.getContext());
}
