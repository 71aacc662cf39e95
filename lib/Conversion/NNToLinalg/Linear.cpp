//===- Linear.cpp - nn.dense to linalg --------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn.dense becomes a linalg.matmul over the input collapsed to a matrix,
// accumulating into the broadcast bias (or zeros); nn.matmul's transposes
// become the maps of a linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

/// dense(x[..., in], k[in, out], b[out]) =
///   expand(matmul(collapse(x) [m, in], k) + broadcast(b))
struct DensePattern : OpConversionPattern<nn::DenseOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::DenseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value matrix = collapseToMatrix(rewriter, loc, adaptor.getInput());
    int64_t rows = cast<RankedTensorType>(matrix.getType()).getDimSize(0);
    auto matrixType = RankedTensorType::get(
        {rows, resultType.getShape().back()}, resultType.getElementType());
    Value init =
        adaptor.getBias()
            ? broadcastLastAxis(rewriter, loc, adaptor.getBias(), matrixType)
            : createFilled(rewriter, loc, matrixType, 0.0);
    Value product =
        linalg::MatmulOp::create(rewriter, loc, TypeRange{matrixType},
                                 ValueRange{matrix, adaptor.getKernel()},
                                 ValueRange{init})
            .getResult(0);
    if (resultType.getRank() > 2) {
      ReassociationIndices leading;
      for (int64_t d = 0; d + 1 < resultType.getRank(); ++d)
        leading.push_back(d);
      product = tensor::ExpandShapeOp::create(
          rewriter, loc, resultType, product,
          SmallVector<ReassociationIndices>{leading,
                                            {resultType.getRank() - 1}});
    }
    rewriter.replaceOp(op, product);
    return success();
  }
};

/// matmul(op(a), op(b)) as a linalg.generic over (m, n, k) whose maps read
/// the operands transposed or not: no transpose is materialized.
struct MatMulPattern : OpConversionPattern<nn::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value result = createMatmul(
        rewriter, loc, adaptor.getLhs(), adaptor.getRhs(), op.getTransposeLhs(),
        op.getTransposeRhs(), createFilled(rewriter, loc, type, 0.0));
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void nncc::detail::populateLinearPatterns(RewritePatternSet &patterns) {
  patterns.add<DensePattern, MatMulPattern>(patterns.getContext());
}
