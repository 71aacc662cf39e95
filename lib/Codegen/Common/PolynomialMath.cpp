//===- PolynomialMath.cpp - libm-free f32 transcendentals -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Expands the transcendental functions the nn layers use into MLIR's
// polynomial approximations, so that vectorized code stays vector code.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/Common/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPOLYNOMIALMATHPASS
#include "nncc/Codegen/Common/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

struct NNCCPolynomialMathPass
    : nncc::impl::NNCCPolynomialMathPassBase<NNCCPolynomialMathPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    if (expandAll)
      math::populateExpansionPatterns(patterns, {"powf", "rsqrt"});
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      name.consume_front("math."); // the op's name, with or without
      return llvm::is_contained({"erf", "exp", "expm1", "log", "log1p", "tanh"},
                                name);
    });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
