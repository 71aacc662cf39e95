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

#include "mlir/Pass/Pass.h"

namespace mlir::nn {

/// The unit attribute that marks the functions the C API calls.
inline constexpr llvm::StringLiteral kEntryPointAttrName = "nncc.entry_point";

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"

} // namespace mlir::nn

#endif // NNCC_DIALECT_NN_TRANSFORMS_PASSES_H
