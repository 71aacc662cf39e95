//===- Passes.h - nncc transformation passes --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of nncc's passes over upstream dialects.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TRANSFORMS_PASSES_H
#define NNCC_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

/// The function attribute holding an entry point's workspace size in bytes.
inline constexpr llvm::StringLiteral kWorkspaceBytesAttrName =
    "nncc.workspace_bytes";

/// Marks an `scf.for` whose iterations are independent (each writes its own
/// elements): nncc-parallelize may run it as a parallel loop.
inline constexpr llvm::StringLiteral kParallelLoopAttrName = "nncc.parallel";

/// The argument attribute marking an entry point's thread-pool argument.
inline constexpr llvm::StringLiteral kThreadPoolArgAttrName =
    "nncc.thread_pool";

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Transforms/Passes.h.inc"

} // namespace mlir::nncc

#endif // NNCC_TRANSFORMS_PASSES_H
