//===- Elementwise.cpp - nn activations and arithmetic to linalg *- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// relu, sigmoid, tanh, exp, rsqrt, relu_grad, the broadcasting
// add/sub/mul/maximum/minimum, their maximum_grad/minimum_grad and the
// average merge become one parallel linalg.generic each, reading broadcast
// operands through constant-0 maps.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

namespace {

using ScalarBuilder = Value (*)(OpBuilder &, Location, ValueRange);

/// Rewrites an elementwise nn op into a linalg.generic whose body is
/// `scalar` applied to the operands' elements.
template <typename OpTy>
struct ElementwisePattern : OpConversionPattern<OpTy> {
  ElementwisePattern(MLIRContext *ctx, ScalarBuilder scalar)
      : OpConversionPattern<OpTy>(ctx), scalar(scalar) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    rewriter.replaceOp(op, createElementwise(rewriter, op.getLoc(), type,
                                             adaptor.getOperands(), scalar));
    return success();
  }

  ScalarBuilder scalar;
};

// relu(x) = max(x, 0)
Value reluScalar(OpBuilder &b, Location loc, ValueRange x) {
  Value zero = createFloatConstant(b, loc, x[0].getType(), 0.0);
  return arith::MaximumFOp::create(b, loc, x[0], zero);
}

Value sigmoidScalar(OpBuilder &b, Location loc, ValueRange x) {
  return createSigmoid(b, loc, x[0]);
}

Value tanhScalar(OpBuilder &b, Location loc, ValueRange x) {
  return math::TanhOp::create(b, loc, x[0]);
}

Value expScalar(OpBuilder &b, Location loc, ValueRange x) {
  return math::ExpOp::create(b, loc, x[0]);
}

Value rsqrtScalar(OpBuilder &b, Location loc, ValueRange x) {
  return math::RsqrtOp::create(b, loc, x[0]);
}

// relu_grad(x, dy) = x > 0 ? dy : 0
Value reluGradScalar(OpBuilder &b, Location loc, ValueRange x) {
  Value zero = createFloatConstant(b, loc, x[0].getType(), 0.0);
  Value positive =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x[0], zero);
  return arith::SelectOp::create(b, loc, positive, x[1], zero);
}

Value addScalar(OpBuilder &b, Location loc, ValueRange x) {
  return arith::AddFOp::create(b, loc, x[0], x[1]);
}

Value subScalar(OpBuilder &b, Location loc, ValueRange x) {
  return arith::SubFOp::create(b, loc, x[0], x[1]);
}

Value mulScalar(OpBuilder &b, Location loc, ValueRange x) {
  return arith::MulFOp::create(b, loc, x[0], x[1]);
}

// max(l, r) and min(l, r) propagate NaN, as TensorFlow's do.
Value maximumScalar(OpBuilder &b, Location loc, ValueRange x) {
  return arith::MaximumFOp::create(b, loc, x[0], x[1]);
}

Value minimumScalar(OpBuilder &b, Location loc, ValueRange x) {
  return arith::MinimumFOp::create(b, loc, x[0], x[1]);
}

/// `l pred r ? dy : 0` of (l, r, dy): what reaches lhs of an extremum.
template <arith::CmpFPredicate Pred>
Value extremumGradScalar(OpBuilder &b, Location loc, ValueRange x) {
  Value zero = createFloatConstant(b, loc, x[2].getType(), 0.0);
  Value wins = arith::CmpFOp::create(b, loc, Pred, x[0], x[1]);
  return arith::SelectOp::create(b, loc, wins, x[2], zero);
}

// average(x_0, …, x_{n−1}) = (((x_0 + x_1) + …) + x_{n−1}) / n
Value averageScalar(OpBuilder &b, Location loc, ValueRange x) {
  Value sum = x[0];
  for (Value next : x.drop_front())
    sum = arith::AddFOp::create(b, loc, sum, next);
  Value count = createFloatConstant(b, loc, sum.getType(), double(x.size()));
  return arith::DivFOp::create(b, loc, sum, count);
}

} // namespace

void nncc::detail::populateElementwisePatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ElementwisePattern<nn::ReluOp>>(ctx, reluScalar);
  patterns.add<ElementwisePattern<nn::SigmoidOp>>(ctx, sigmoidScalar);
  patterns.add<ElementwisePattern<nn::TanhOp>>(ctx, tanhScalar);
  patterns.add<ElementwisePattern<nn::ExpOp>>(ctx, expScalar);
  patterns.add<ElementwisePattern<nn::RsqrtOp>>(ctx, rsqrtScalar);
  patterns.add<ElementwisePattern<nn::ReluGradOp>>(ctx, reluGradScalar);
  patterns.add<ElementwisePattern<nn::AddOp>>(ctx, addScalar);
  patterns.add<ElementwisePattern<nn::SubOp>>(ctx, subScalar);
  patterns.add<ElementwisePattern<nn::MulOp>>(ctx, mulScalar);
  patterns.add<ElementwisePattern<nn::MaximumOp>>(ctx, maximumScalar);
  patterns.add<ElementwisePattern<nn::MinimumOp>>(ctx, minimumScalar);
  patterns.add<ElementwisePattern<nn::MaximumGradOp>>(
      ctx, extremumGradScalar<arith::CmpFPredicate::OGE>);
  patterns.add<ElementwisePattern<nn::MinimumGradOp>>(
      ctx, extremumGradScalar<arith::CmpFPredicate::OLE>);
  patterns.add<ElementwisePattern<nn::AverageOp>>(ctx, averageScalar);
}
