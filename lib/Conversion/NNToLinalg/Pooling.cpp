//===- Pooling.cpp - nn pooling to linalg ---------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn.max_pool2d becomes linalg.pooling_nhwc_max over the input padded with
// -infinity; nn.avg_pool2d becomes linalg.pooling_nhwc_sum over the
// zero-padded input, divided by the number of input elements each window
// covers (Keras does not count padding).
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

#include <limits>

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

/// The window, strides and padding of a pool along the two spatial axes.
struct PoolGeometry {
  ArrayRef<int64_t> window;
  ArrayRef<int64_t> strides;
  nn::AxisPadding pad[2];
};

template <typename OpTy>
PoolGeometry getGeometry(OpTy op) {
  PoolGeometry g;
  g.window = op.getPoolSize();
  g.strides = op.getEffectiveStrides();
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  for (int axis = 0; axis < 2; ++axis)
    g.pad[axis] = nn::getAxisPadding(inputType.getDimSize(axis + 1),
                                     g.window[axis], g.strides[axis],
                                     /*dilation=*/1, op.getPadding());
  return g;
}

/// Builds the named pooling op `PoolOpTy` over `input` padded with
/// `padValue`, accumulating into a tensor filled with `init`.
template <typename PoolOpTy>
Value buildPool(ConversionPatternRewriter &rewriter, Location loc, Value input,
                const PoolGeometry &g, RankedTensorType resultType,
                double padValue, double init) {
  Value padded = padSpatial(rewriter, loc, input, g.pad[0], g.pad[1], padValue);
  Value window = tensor::EmptyOp::create(rewriter, loc, g.window,
                                         resultType.getElementType());
  Value filled = createFilled(rewriter, loc, resultType, init);
  SmallVector<NamedAttribute> attrs = {
      rewriter.getNamedAttr("strides", rewriter.getI64VectorAttr(g.strides)),
      rewriter.getNamedAttr("dilations", rewriter.getI64VectorAttr({1, 1}))};
  return PoolOpTy::create(rewriter, loc, TypeRange{resultType},
                          ValueRange{padded, window}, ValueRange{filled}, attrs)
      .getResult(0);
}

struct MaxPool2DPattern : OpConversionPattern<nn::MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    double lowest = -std::numeric_limits<double>::infinity();
    rewriter.replaceOp(
        op, buildPool<linalg::PoolingNhwcMaxOp>(
                rewriter, op.getLoc(), adaptor.getInput(), getGeometry(op),
                cast<RankedTensorType>(op.getType()), lowest, lowest));
    return success();
  }
};

/// How many input elements the window at each output position covers along
/// one axis (the window minus the padding it overlaps).
SmallVector<int64_t> coveredCounts(int64_t input, int64_t output,
                                   int64_t window, int64_t stride,
                                   nn::AxisPadding pad) {
  SmallVector<int64_t> counts;
  for (int64_t o = 0; o < output; ++o) {
    int64_t begin = o * stride - pad.before;
    int64_t end = begin + window;
    counts.push_back(std::min(end, input) - std::max(begin, int64_t(0)));
  }
  return counts;
}

struct AvgPool2DPattern : OpConversionPattern<nn::AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type element = resultType.getElementType();
    PoolGeometry g = getGeometry(op);
    Value sum = buildPool<linalg::PoolingNhwcSumOp>(
        rewriter, loc, adaptor.getInput(), g, resultType, 0.0, 0.0);

    // The divisor of each output position, as a [1, oh, ow, 1] constant
    // that broadcasts over batch and channels.
    int64_t oh = resultType.getDimSize(1), ow = resultType.getDimSize(2);
    SmallVector<int64_t> rows = coveredCounts(
        inputType.getDimSize(1), oh, g.window[0], g.strides[0], g.pad[0]);
    SmallVector<int64_t> cols = coveredCounts(
        inputType.getDimSize(2), ow, g.window[1], g.strides[1], g.pad[1]);
    SmallVector<Attribute> reciprocals;
    for (int64_t r : rows)
      for (int64_t c : cols)
        reciprocals.push_back(rewriter.getFloatAttr(element, 1.0 / (r * c)));
    auto scaleType = RankedTensorType::get({1, oh, ow, 1}, element);
    Value scale = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(scaleType, reciprocals));
    rewriter.replaceOp(
        op, createElementwise(
                rewriter, loc, resultType, {sum, scale},
                [](OpBuilder &b, Location l, ValueRange x) {
                  return arith::MulFOp::create(b, l, x[0], x[1]).getResult();
                }));
    return success();
  }
};

} // namespace

void nncc::detail::populatePoolingPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2DPattern, AvgPool2DPattern>(patterns.getContext());
}
