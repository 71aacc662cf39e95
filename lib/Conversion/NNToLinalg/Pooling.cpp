//===- Pooling.cpp - nn pooling to linalg -----------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn.max_pool2d becomes linalg.pooling_nhwc_max over the input padded with
// -infinity; nn.avg_pool2d becomes linalg.pooling_nhwc_sum over the
// zero-padded input, divided by the number of input elements each window
// covers (Keras does not count padding). Their gradients scatter each
// window's share back (to the first maximum, or evenly) in loops; a max
// pool whose windows tile the input gathers instead, in one parallel op.
// The global pools are these pools with one window of the whole image.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"
#include "nncc/Dialect/NN/IR/NNShapes.h"
#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// Index arithmetic: a + b·c.
Value mulAdd(OpBuilder &b, Location loc, Value a, Value v, int64_t c) {
  Value scaled = arith::MulIOp::create(
      b, loc, v, arith::ConstantIndexOp::create(b, loc, c));
  return arith::AddIOp::create(b, loc, a, scaled);
}

/// Builds the gradient of a pooling as a scatter: for every window
/// (n, y, x, c) of the padded input, `scatter` adds the window's share of
/// dy into the padded gradient it carries; the result is the gradient's
/// interior. Windows are visited in row-major order, so the result does not
/// depend on anything but the data.
template <typename OpTy>
Value buildPoolGrad(
    ConversionPatternRewriter &rewriter, OpTy op, Value outputGrad,
    double padValue, Value &paddedInput,
    function_ref<Value(OpBuilder &, Location, ValueRange ivs, Value windowRow,
                       Value windowCol, Value dxPadded)>
        scatter) {
  Location loc = op.getLoc();
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto gradType = cast<RankedTensorType>(outputGrad.getType());
  ArrayRef<int64_t> window = op.getPoolSize();
  ArrayRef<int64_t> strides = op.getEffectiveStrides();
  nn::AxisPadding pad[2];
  for (int axis = 0; axis < 2; ++axis)
    pad[axis] = nn::getAxisPadding(inputType.getDimSize(axis + 1), window[axis],
                                   strides[axis], 1, op.getPadding());
  paddedInput =
      padSpatial(rewriter, loc, op.getInput(), pad[0], pad[1], padValue);
  auto paddedType = cast<RankedTensorType>(paddedInput.getType());
  Value dx = createFilled(rewriter, loc, paddedType, 0.0);

  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  SmallVector<Value> upper;
  for (int64_t d : gradType.getShape())
    upper.push_back(arith::ConstantIndexOp::create(rewriter, loc, d));
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, SmallVector<Value>(4, zero), upper,
      SmallVector<Value>(4, one), ValueRange{dx},
      [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange args) {
        Value row = mulAdd(b, l, arith::ConstantIndexOp::create(b, l, 0),
                           ivs[1], strides[0]);
        Value col = mulAdd(b, l, arith::ConstantIndexOp::create(b, l, 0),
                           ivs[2], strides[1]);
        return scf::ValueVector{scatter(b, l, ivs, row, col, args[0])};
      });
  Value dxPadded = nest.results.front();
  // Images and channels never share an input element; rows and columns do
  // not either when windows do not overlap. Those loops may run in parallel
  // (nncc-parallelize runs them on threads once they are on buffers).
  bool disjointWindows = strides[0] >= window[0] && strides[1] >= window[1];
  for (auto [d, loop] : llvm::enumerate(nest.loops))
    if (d == 0 || d == 3 || disjointWindows)
      nncc::setParallelLoop(loop);

  SmallVector<OpFoldResult> offsets = {
      rewriter.getIndexAttr(0), rewriter.getIndexAttr(pad[0].before),
      rewriter.getIndexAttr(pad[1].before), rewriter.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes, steps(4, rewriter.getIndexAttr(1));
  for (int64_t d : inputType.getShape())
    sizes.push_back(rewriter.getIndexAttr(d));
  return tensor::ExtractSliceOp::create(rewriter, loc, inputType, dxPadded,
                                        offsets, sizes, steps);
}

/// Windows with more elements than this take the scatter loops.
constexpr int64_t kMaxGatherWindow = 16;

/// The gradient of a max pool whose windows tile the input from its corner
/// (no padding, strides equal to the window; Keras's default), or null if
/// the pool is not of that kind. Every input element then lies in at most
/// one window, so the gradient is a gather rather than a scatter: one
/// parallel op over the windows' elements,
///
///   dx[n, oh, i, ow, j, c] = (i, j) == first argmax of the window ? dy : 0
///
/// on the input viewed as [n, oh, kh, ow, kw, c]. It reads each window
/// through one operand per element (constant indices in the maps), finds
/// the first maximum in row-major order with the scatter's comparisons, and
/// writes every element once, so it needs no zero fill of the covered part
/// and nncc-vectorize runs it on vectors along the channels.
Value buildTiledMaxPoolGrad(OpBuilder &b, nn::MaxPool2DGradOp op, Value input,
                            Value dy) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto gradType = cast<RankedTensorType>(dy.getType());
  ArrayRef<int64_t> window = op.getPoolSize();
  ArrayRef<int64_t> strides = op.getEffectiveStrides();
  for (int axis = 0; axis < 2; ++axis) {
    nn::AxisPadding pad = nn::getAxisPadding(inputType.getDimSize(axis + 1),
                                             window[axis], strides[axis],
                                             /*dilation=*/1, op.getPadding());
    if (pad.before != 0 || pad.after != 0 || strides[axis] != window[axis])
      return nullptr;
  }
  int64_t kh = window[0], kw = window[1];
  if (kh * kw > kMaxGatherWindow || !inputType.hasStaticShape())
    return nullptr;
  Location loc = op.getLoc();
  MLIRContext *ctx = b.getContext();
  Type element = inputType.getElementType();
  int64_t n = gradType.getDimSize(0), oh = gradType.getDimSize(1),
          ow = gradType.getDimSize(2), c = gradType.getDimSize(3);

  // The part of the input the windows cover (all of it unless the size is
  // not a multiple of the window), as [n, oh, kh, ow, kw, c].
  auto coveredType = RankedTensorType::get({n, oh * kh, ow * kw, c}, element);
  SmallVector<OpFoldResult> origin(4, b.getIndexAttr(0)),
      unit(4, b.getIndexAttr(1)), coveredSizes;
  for (int64_t d : coveredType.getShape())
    coveredSizes.push_back(b.getIndexAttr(d));
  bool whole = coveredType == inputType;
  Value covered =
      whole ? input
            : tensor::ExtractSliceOp::create(b, loc, coveredType, input, origin,
                                             coveredSizes, unit)
                  .getResult();
  auto windowsType = RankedTensorType::get({n, oh, kh, ow, kw, c}, element);
  SmallVector<ReassociationIndices> groups = {{0}, {1, 2}, {3, 4}, {5}};
  Value windows =
      tensor::ExpandShapeOp::create(b, loc, windowsType, covered, groups);

  // Loops (n, oh, i, ow, j, c); window element (a, e) is operand a·kw + e.
  auto dim = [&](unsigned d) { return getAffineDimExpr(d, ctx); };
  SmallVector<Value> inputs;
  SmallVector<AffineMap> inputMaps;
  for (int64_t a = 0; a < kh; ++a)
    for (int64_t e = 0; e < kw; ++e) {
      inputs.push_back(windows);
      inputMaps.push_back(
          AffineMap::get(6, 0,
                         {dim(0), dim(1), getAffineConstantExpr(a, ctx), dim(3),
                          getAffineConstantExpr(e, ctx), dim(5)},
                         ctx));
    }
  inputs.push_back(dy);
  inputMaps.push_back(
      AffineMap::get(6, 0, {dim(0), dim(1), dim(3), dim(5)}, ctx));
  // Rows and columns past the last window get no gradient: the op then
  // writes the covered part of a zero-filled gradient, in place.
  Value zeros = whole ? Value() : createFilled(b, loc, inputType, 0.0);
  Value init =
      whole ? tensor::EmptyOp::create(b, loc, windowsType.getShape(), element)
                  .getResult()
            : tensor::ExpandShapeOp::create(
                  b, loc, windowsType,
                  tensor::ExtractSliceOp::create(b, loc, coveredType, zeros,
                                                 origin, coveredSizes, unit),
                  groups)
                  .getResult();
  SmallVector<utils::IteratorType> iterators(6, utils::IteratorType::parallel);
  Value dxWindows =
      createGeneric(
          b, loc, inputs, inputMaps, init, b.getMultiDimIdentityMap(6),
          iterators,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Type i32 = nb.getI32Type();
            Value best = createFloatConstant(
                nb, nl, element, -std::numeric_limits<double>::infinity());
            Value argmax = arith::ConstantIntOp::create(nb, nl, i32, 0);
            for (int64_t k = 0; k < kh * kw; ++k) {
              Value better = arith::CmpFOp::create(
                  nb, nl, arith::CmpFPredicate::OGT, args[k], best);
              best = arith::SelectOp::create(nb, nl, better, args[k], best);
              argmax = arith::SelectOp::create(
                  nb, nl, better, arith::ConstantIntOp::create(nb, nl, i32, k),
                  argmax);
            }
            Value here = mulAdd(nb, nl, linalg::IndexOp::create(nb, nl, 4),
                                linalg::IndexOp::create(nb, nl, 2), kw);
            Value isMax = arith::CmpIOp::create(
                nb, nl, arith::CmpIPredicate::eq, argmax,
                arith::IndexCastOp::create(nb, nl, i32, here));
            Value zero = createFloatConstant(nb, nl, element, 0.0);
            return SmallVector<Value>{
                arith::SelectOp::create(nb, nl, isMax, args[kh * kw], zero)};
          })
          .front();
  Value dx =
      tensor::CollapseShapeOp::create(b, loc, coveredType, dxWindows, groups);
  if (whole)
    return dx;
  return tensor::InsertSliceOp::create(b, loc, dx, zeros, origin, coveredSizes,
                                       unit);
}

/// dx[n, r, c, ch] += dy at the window's first maximum.
struct MaxPool2DGradPattern : OpConversionPattern<nn::MaxPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::MaxPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type element = cast<RankedTensorType>(op.getType()).getElementType();
    ArrayRef<int64_t> window = op.getPoolSize();
    Value dy = adaptor.getOutputGrad();
    if (Value dx =
            buildTiledMaxPoolGrad(rewriter, op, adaptor.getInput(), dy)) {
      rewriter.replaceOp(op, dx);
      return success();
    }
    Value input;
    Value result = buildPoolGrad(
        rewriter, op, dy, -std::numeric_limits<double>::infinity(), input,
        [&](OpBuilder &b, Location l, ValueRange ivs, Value row, Value col,
            Value dx) {
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value one = arith::ConstantIndexOp::create(b, l, 1);
          Value lowest = createFloatConstant(
              b, l, element, -std::numeric_limits<double>::infinity());
          // The first maximum in row-major order: (value, i, j).
          scf::LoopNest argmax = scf::buildLoopNest(
              b, l, {zero, zero},
              {arith::ConstantIndexOp::create(b, l, window[0]),
               arith::ConstantIndexOp::create(b, l, window[1])},
              {one, one}, ValueRange{lowest, zero, zero},
              [&](OpBuilder &nb, Location nl, ValueRange w, ValueRange best) {
                Value r = arith::AddIOp::create(nb, nl, row, w[0]);
                Value c = arith::AddIOp::create(nb, nl, col, w[1]);
                Value v = tensor::ExtractOp::create(
                    nb, nl, input, ValueRange{ivs[0], r, c, ivs[3]});
                Value better = arith::CmpFOp::create(
                    nb, nl, arith::CmpFPredicate::OGT, v, best[0]);
                return scf::ValueVector{
                    arith::SelectOp::create(nb, nl, better, v, best[0]),
                    arith::SelectOp::create(nb, nl, better, w[0], best[1]),
                    arith::SelectOp::create(nb, nl, better, w[1], best[2])};
              });
          Value r = arith::AddIOp::create(b, l, row, argmax.results[1]);
          Value c = arith::AddIOp::create(b, l, col, argmax.results[2]);
          SmallVector<Value> at = {ivs[0], r, c, ivs[3]};
          Value old = tensor::ExtractOp::create(b, l, dx, at);
          Value g = tensor::ExtractOp::create(b, l, dy, ivs);
          Value sum = arith::AddFOp::create(b, l, old, g);
          return tensor::InsertOp::create(b, l, sum, dx, at).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// dx[window] += dy / (elements the window covers)
struct AvgPool2DGradPattern : OpConversionPattern<nn::AvgPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::AvgPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto gradType = cast<RankedTensorType>(adaptor.getOutputGrad().getType());
    Type element = inputType.getElementType();
    ArrayRef<int64_t> window = op.getPoolSize();
    ArrayRef<int64_t> strides = op.getEffectiveStrides();

    // 1 / covered elements per output position, as a [oh, ow] constant.
    int64_t oh = gradType.getDimSize(1), ow = gradType.getDimSize(2);
    SmallVector<int64_t> rows, cols;
    {
      nn::AxisPadding ph = nn::getAxisPadding(
          inputType.getDimSize(1), window[0], strides[0], 1, op.getPadding());
      nn::AxisPadding pw = nn::getAxisPadding(
          inputType.getDimSize(2), window[1], strides[1], 1, op.getPadding());
      rows =
          coveredCounts(inputType.getDimSize(1), oh, window[0], strides[0], ph);
      cols =
          coveredCounts(inputType.getDimSize(2), ow, window[1], strides[1], pw);
    }
    SmallVector<Attribute> reciprocals;
    for (int64_t r : rows)
      for (int64_t c : cols)
        reciprocals.push_back(rewriter.getFloatAttr(element, 1.0 / (r * c)));
    Value scale = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({oh, ow}, element),
                               reciprocals));

    Value dy = adaptor.getOutputGrad();
    Value input;
    Value result = buildPoolGrad(
        rewriter, op, dy, 0.0, input,
        [&](OpBuilder &b, Location l, ValueRange ivs, Value row, Value col,
            Value dx) {
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value one = arith::ConstantIndexOp::create(b, l, 1);
          Value share = arith::MulFOp::create(
              b, l, tensor::ExtractOp::create(b, l, dy, ivs),
              tensor::ExtractOp::create(b, l, scale,
                                        ValueRange{ivs[1], ivs[2]}));
          scf::LoopNest spread = scf::buildLoopNest(
              b, l, {zero, zero},
              {arith::ConstantIndexOp::create(b, l, window[0]),
               arith::ConstantIndexOp::create(b, l, window[1])},
              {one, one}, ValueRange{dx},
              [&](OpBuilder &nb, Location nl, ValueRange w, ValueRange acc) {
                SmallVector<Value> at = {
                    ivs[0], arith::AddIOp::create(nb, nl, row, w[0]),
                    arith::AddIOp::create(nb, nl, col, w[1]), ivs[3]};
                Value old = tensor::ExtractOp::create(nb, nl, acc[0], at);
                Value sum = arith::AddFOp::create(nb, nl, old, share);
                return scf::ValueVector{
                    tensor::InsertOp::create(nb, nl, sum, acc[0], at)};
              });
          return spread.results.front();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A global pool: `PoolOpTy` (nn.max_pool2d or nn.avg_pool2d) with one
/// h x w window, reshaped to [n, c] unless `keepdims`. The pool op is
/// lowered in turn by the patterns above.
template <typename OpTy, typename PoolOpTy>
struct GlobalPool2DPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    ArrayRef<int64_t> shape = inputType.getShape();
    Value pooled = PoolOpTy::create(
        rewriter, op.getLoc(), adaptor.getInput(),
        rewriter.getDenseI64ArrayAttr({shape[1], shape[2]}),
        DenseI64ArrayAttr(),
        nn::PaddingAttr::get(op.getContext(), nn::Padding::valid));
    auto type = cast<RankedTensorType>(op.getType());
    if (!op.getKeepdims())
      pooled = tensor::CollapseShapeOp::create(
          rewriter, op.getLoc(), type, pooled,
          SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
    rewriter.replaceOp(op, pooled);
    return success();
  }
};

} // namespace

void nncc::detail::populatePoolingPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2DPattern, AvgPool2DPattern, MaxPool2DGradPattern,
               AvgPool2DGradPattern,
               GlobalPool2DPattern<nn::GlobalMaxPool2DOp, nn::MaxPool2DOp>,
               GlobalPool2DPattern<nn::GlobalAvgPool2DOp, nn::AvgPool2DOp>>(
      patterns.getContext());
}
