//===- Constant.cpp - large splat constants as fills ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A splat tensor constant of at least kMinFilledElements elements (the zero
// gradient of a parameter the loss does not reach, a constant the model
// writes) becomes `linalg.fill` of `tensor.empty`. Bufferized, that is a
// fill of its destination instead of a copy from a global of the same size:
// a 2^28-element zero gradient was a 1 GiB array in the object and about
// 8 bytes per element in the compiler. Smaller constants stay: a global of
// at most 16 KiB is cheaper than a loop.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace {

constexpr int64_t kMinFilledElements = 4096;

/// The splat value of `op` when it is a large splat tensor constant.
std::optional<TypedAttr> getLargeSplat(arith::ConstantOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getType());
  auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
  if (!type || !type.hasStaticShape() || !dense || !dense.isSplat() ||
      type.getNumElements() < kMinFilledElements)
    return std::nullopt;
  return dense.getSplatValue<TypedAttr>();
}

struct SplatConstantToFill : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<TypedAttr> splat = getLargeSplat(op);
    if (!splat)
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    Value scalar = arith::ConstantOp::create(rewriter, loc, *splat);
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          type.getElementType());
    rewriter.replaceOpWithNewOp<linalg::FillOp>(op, scalar, empty);
    return success();
  }
};

} // namespace

void mlir::nncc::detail::populateConstantPatterns(RewritePatternSet &patterns) {
  patterns.add<SplatConstantToFill>(patterns.getContext());
}

void mlir::nncc::detail::configureConstantLegality(ConversionTarget &target) {
  target.addDynamicallyLegalOp<arith::ConstantOp>(
      [](arith::ConstantOp op) { return !getLargeSplat(op); });
}
