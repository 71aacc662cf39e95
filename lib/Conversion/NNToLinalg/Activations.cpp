//===- Activations.cpp - Keras activations and prelu to linalg --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every activation with an `Activation` kind (leaky_relu … relu6), its
// derivative nn.activation_grad, prelu and prelu_grad become one parallel
// linalg.generic each. The forward formula f and the derivative f' of a
// kind sit next to each other below, so that they cannot drift apart:
//
//   leaky_relu  f = x > 0 ? x : a·x              f' = x > 0 ? 1 : a
//   elu         f = x > 0 ? x : a·expm1(x)       f' = x > 0 ? 1 : a·exp(x)
//   selu        λ·elu with a = α                  f' = λ·elu'
//   gelu        f = x/2 · (1 + erf(x/√2))         f' = Φ(x) + x·φ(x)
//   gelu_tanh   f = x/2 · (1 + t), t = tanh(u), u = √(2/π)(x + c x³)
//               f' = (1 + t)/2 + x/2 · (1 − t²) · √(2/π)(1 + 3c x²)
//   silu        f = x·σ(x)                        f' = σ(x)·(1 + x(1 − σ(x)))
//   softplus    f = max(x, 0) + log1p(exp(−|x|))  f' = σ(x)
//   softsign    f = x / (1 + |x|)                 f' = 1 / (1 + |x|)²
//   hard_sigmoid f = clamp(x/6 + 1/2, 0, 1)       f' = −3 < x < 3 ? 1/6 : 0
//   hard_silu   f = x · hard_sigmoid(x)           f' = x < −3 ? 0 : x > 3 ? 1
//                                                      : x/3 + 1/2
//   relu6       f = min(max(x, 0), 6)             f' = 0 < x < 6 ? 1 : 0
//
// All are branch-free selects, so the CPU target vectorizes them; math.erf,
// exp, expm1, log1p and tanh become polynomials (nncc-polynomial-math).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;
using nn::Activation;

namespace {

// SELU's constants (Klambauer et al.; Keras's values).
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
// GELU's tanh approximation.
constexpr double kGeluCubic = 0.044715;

/// Scalar arith builders on one float type.
struct Scalars {
  OpBuilder &b;
  Location loc;
  Type type;

  Value c(double v) const { return createFloatConstant(b, loc, type, v); }
  Value add(Value l, Value r) const {
    return arith::AddFOp::create(b, loc, l, r);
  }
  Value sub(Value l, Value r) const {
    return arith::SubFOp::create(b, loc, l, r);
  }
  Value mul(Value l, Value r) const {
    return arith::MulFOp::create(b, loc, l, r);
  }
  Value div(Value l, Value r) const {
    return arith::DivFOp::create(b, loc, l, r);
  }
  Value cmp(arith::CmpFPredicate p, Value l, Value r) const {
    return arith::CmpFOp::create(b, loc, p, l, r);
  }
  Value positive(Value x) const {
    return cmp(arith::CmpFPredicate::OGT, x, c(0.0));
  }
  Value select(Value cond, Value t, Value f) const {
    return arith::SelectOp::create(b, loc, cond, t, f);
  }
  Value andI(Value l, Value r) const {
    return arith::AndIOp::create(b, loc, l, r);
  }
  Value max(Value l, Value r) const {
    return arith::MaximumFOp::create(b, loc, l, r);
  }
  Value min(Value l, Value r) const {
    return arith::MinimumFOp::create(b, loc, l, r);
  }
  Value abs(Value x) const { return math::AbsFOp::create(b, loc, x); }
  Value exp(Value x) const { return math::ExpOp::create(b, loc, x); }
  Value expm1(Value x) const { return math::ExpM1Op::create(b, loc, x); }
  Value erf(Value x) const { return math::ErfOp::create(b, loc, x); }
  Value tanh(Value x) const { return math::TanhOp::create(b, loc, x); }
  Value log1p(Value x) const { return math::Log1pOp::create(b, loc, x); }
  Value sigmoid(Value x) const { return createSigmoid(b, loc, x); }
  /// clamp(x/6 + 1/2, 0, 1)
  Value hardSigmoid(Value x) const {
    return min(max(add(div(x, c(6.0)), c(0.5)), c(0.0)), c(1.0));
  }
  /// tanh(√(2/π)(x + c x³)) of the tanh approximation of GELU.
  Value geluTanh(Value x) const {
    Value cube = mul(mul(x, x), x);
    return tanh(
        mul(c(std::sqrt(2.0 / M_PI)), add(x, mul(c(kGeluCubic), cube))));
  }
};

/// f(x) of `kind` with parameter `a`.
Value buildActivation(const Scalars &s, Activation kind, double a, Value x) {
  switch (kind) {
  case Activation::leaky_relu:
    return s.select(s.positive(x), x, s.mul(s.c(a), x));
  case Activation::elu:
    return s.select(s.positive(x), x, s.mul(s.c(a), s.expm1(x)));
  case Activation::selu:
    return s.mul(s.c(kSeluScale), s.select(s.positive(x), x,
                                           s.mul(s.c(kSeluAlpha), s.expm1(x))));
  case Activation::gelu: {
    Value cdf = s.add(s.c(1.0), s.erf(s.mul(x, s.c(M_SQRT1_2))));
    return s.mul(s.mul(s.c(0.5), x), cdf);
  }
  case Activation::gelu_tanh:
    return s.mul(s.mul(s.c(0.5), x), s.add(s.c(1.0), s.geluTanh(x)));
  case Activation::silu:
    return s.mul(x, s.sigmoid(x));
  case Activation::softplus: {
    Value tail = s.log1p(s.exp(arith::NegFOp::create(s.b, s.loc, s.abs(x))));
    return s.add(s.max(x, s.c(0.0)), tail);
  }
  case Activation::softsign:
    return s.div(x, s.add(s.c(1.0), s.abs(x)));
  case Activation::hard_sigmoid:
    return s.hardSigmoid(x);
  case Activation::hard_silu:
    return s.mul(x, s.hardSigmoid(x));
  case Activation::relu6:
    return s.min(s.max(x, s.c(0.0)), s.c(6.0));
  }
  llvm_unreachable("unknown activation");
}

/// dy · f'(x) of `kind` with parameter `a`.
Value buildActivationGrad(const Scalars &s, Activation kind, double a, Value x,
                          Value dy) {
  using P = arith::CmpFPredicate;
  switch (kind) {
  case Activation::leaky_relu:
    return s.select(s.positive(x), dy, s.mul(s.c(a), dy));
  case Activation::elu:
    return s.select(s.positive(x), dy, s.mul(dy, s.mul(s.c(a), s.exp(x))));
  case Activation::selu:
    return s.select(s.positive(x), s.mul(s.c(kSeluScale), dy),
                    s.mul(dy, s.mul(s.c(kSeluScale * kSeluAlpha), s.exp(x))));
  case Activation::gelu: {
    Value cdf =
        s.mul(s.c(0.5), s.add(s.c(1.0), s.erf(s.mul(x, s.c(M_SQRT1_2)))));
    Value pdf = s.mul(s.c(1.0 / std::sqrt(2.0 * M_PI)),
                      s.exp(s.mul(s.c(-0.5), s.mul(x, x))));
    return s.mul(dy, s.add(cdf, s.mul(x, pdf)));
  }
  case Activation::gelu_tanh: {
    Value t = s.geluTanh(x);
    Value du =
        s.mul(s.c(std::sqrt(2.0 / M_PI)),
              s.add(s.c(1.0), s.mul(s.c(3.0 * kGeluCubic), s.mul(x, x))));
    Value left = s.mul(s.c(0.5), s.add(s.c(1.0), t));
    Value right =
        s.mul(s.mul(s.c(0.5), x), s.mul(s.sub(s.c(1.0), s.mul(t, t)), du));
    return s.mul(dy, s.add(left, right));
  }
  case Activation::silu: {
    Value sig = s.sigmoid(x);
    Value inner = s.add(s.c(1.0), s.mul(x, s.sub(s.c(1.0), sig)));
    return s.mul(dy, s.mul(sig, inner));
  }
  case Activation::softplus:
    return s.mul(dy, s.sigmoid(x));
  case Activation::softsign: {
    Value denom = s.add(s.c(1.0), s.abs(x));
    return s.div(dy, s.mul(denom, denom));
  }
  case Activation::hard_sigmoid: {
    Value inside =
        s.andI(s.cmp(P::OGT, x, s.c(-3.0)), s.cmp(P::OLT, x, s.c(3.0)));
    return s.select(inside, s.div(dy, s.c(6.0)), s.c(0.0));
  }
  case Activation::hard_silu: {
    Value slope = s.add(s.div(x, s.c(3.0)), s.c(0.5));
    Value middle = s.select(s.cmp(P::OGT, x, s.c(3.0)), dy, s.mul(dy, slope));
    return s.select(s.cmp(P::OLT, x, s.c(-3.0)), s.c(0.0), middle);
  }
  case Activation::relu6: {
    Value inside = s.andI(s.positive(x), s.cmp(P::OLT, x, s.c(6.0)));
    return s.select(inside, dy, s.c(0.0));
  }
  }
  llvm_unreachable("unknown activation");
}

/// An activation op with an `Activation` kind: f applied elementwise.
template <typename OpTy>
struct KindActivationPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Activation kind = op.getActivation();
    double a = op.getActivationParameter();
    rewriter.replaceOp(
        op, createElementwise(rewriter, op.getLoc(), type, adaptor.getInput(),
                              [&](OpBuilder &b, Location loc, ValueRange v) {
                                Scalars s{b, loc, v[0].getType()};
                                return buildActivation(s, kind, a, v[0]);
                              }));
    return success();
  }
};

/// Adds KindActivationPattern for each of `OpTys`.
template <typename... OpTys>
void addKindActivationPatterns(RewritePatternSet &patterns) {
  (patterns.add<KindActivationPattern<OpTys>>(patterns.getContext()), ...);
}

struct ActivationGradPattern : OpConversionPattern<nn::ActivationGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::ActivationGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Activation kind = op.getActivation();
    double a = op.getParameter().convertToDouble();
    rewriter.replaceOp(
        op, createElementwise(rewriter, op.getLoc(), type,
                              {adaptor.getInput(), adaptor.getOutputGrad()},
                              [&](OpBuilder &b, Location loc, ValueRange v) {
                                Scalars s{b, loc, v[0].getType()};
                                return buildActivationGrad(s, kind, a, v[0],
                                                           v[1]);
                              }));
    return success();
  }
};

// prelu(x, α) = x > 0 ? x : α·x, α broadcast.
struct PReluPattern : OpConversionPattern<nn::PReluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::PReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    rewriter.replaceOp(
        op, createElementwise(rewriter, op.getLoc(), type,
                              {adaptor.getInput(), adaptor.getAlpha()},
                              [](OpBuilder &b, Location loc, ValueRange v) {
                                Scalars s{b, loc, v[0].getType()};
                                return s.select(s.positive(v[0]), v[0],
                                                s.mul(v[1], v[0]));
                              }));
    return success();
  }
};

// prelu_grad(x, α, dy) = x > 0 ? dy : α·dy
struct PReluGradPattern : OpConversionPattern<nn::PReluGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::PReluGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    rewriter.replaceOp(
        op,
        createElementwise(
            rewriter, op.getLoc(), type,
            {adaptor.getInput(), adaptor.getAlpha(), adaptor.getOutputGrad()},
            [](OpBuilder &b, Location loc, ValueRange v) {
              Scalars s{b, loc, v[0].getType()};
              return s.select(s.positive(v[0]), v[2], s.mul(v[1], v[2]));
            }));
    return success();
  }
};

} // namespace

void nncc::detail::populateActivationPatterns(RewritePatternSet &patterns) {
  addKindActivationPatterns<nn::LeakyReluOp, nn::EluOp, nn::SeluOp, nn::GeluOp,
                            nn::SiluOp, nn::SoftplusOp, nn::SoftsignOp,
                            nn::HardSigmoidOp, nn::HardSiluOp, nn::Relu6Op>(
      patterns);
  patterns.add<ActivationGradPattern, PReluPattern, PReluGradPattern>(
      patterns.getContext());
}
