//===- Conv.cpp - nn.conv2d to linalg -------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn.conv2d becomes linalg.conv_2d_nhwc_hwcf on the (for `same`, zero
// padded) input, accumulating into the broadcast bias (or zeros).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"
#include "nncc/Dialect/NN/IR/NNShapes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
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

} // namespace

void nncc::detail::populateConvPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2DPattern>(patterns.getContext());
}
