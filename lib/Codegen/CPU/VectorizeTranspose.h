//===- VectorizeTranspose.h - transposes in register tiles ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Internal to nncc-vectorize (Vectorize.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_CODEGEN_CPU_VECTORIZETRANSPOSE_H
#define NNCC_LIB_CODEGEN_CPU_VECTORIZETRANSPOSE_H

#include "VectorizePlan.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nncc {

/// Replaces the transpose `op` (planTranspose gave `plan`) by an
/// `scf.parallel` over width x width tiles, each `width` vector loads, one
/// `vector.transpose` and `width` vector stores. Fails, leaving `op` as it
/// is, if it cannot be tiled.
LogicalResult vectorizeTranspose(RewriterBase &rewriter, linalg::GenericOp op,
                                 const TransposePlan &plan);

} // namespace mlir::nncc

#endif // NNCC_LIB_CODEGEN_CPU_VECTORIZETRANSPOSE_H
