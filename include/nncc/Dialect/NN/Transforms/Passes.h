//===- Passes.h - nn dialect passes -----------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of the nn dialect's passes.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_TRANSFORMS_PASSES_H
#define NNCC_DIALECT_NN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include <string>

namespace mlir::nn {

/// The arguments `nn-autodiff` differentiates a function with respect to.
inline constexpr llvm::StringLiteral kWrtAttrName = "nn.wrt";

/// On the loss function: the parameters its extra results update.
inline constexpr llvm::StringLiteral kStateUpdatesAttrName = "nn.state_updates";

/// The loss function `nn-build-loss` creates; `nn-autodiff` adds `_grad`.
inline constexpr llvm::StringLiteral kLossFunctionName = "nncc_loss";

/// The names of the optimizer's state (nn-add-optimizer-state).
inline std::string getAdamMomentName(StringRef param, bool second) {
  return (param + (second ? ".v" : ".m")).str();
}
inline std::string getVelocityName(StringRef param) {
  return (param + ".velocity").str();
}
inline constexpr llvm::StringLiteral kIterationsName = "optimizer.iterations";
inline constexpr llvm::StringLiteral kLearningRateName =
    "optimizer.learning_rate";

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"

} // namespace mlir::nn

#endif // NNCC_DIALECT_NN_TRANSFORMS_PASSES_H
