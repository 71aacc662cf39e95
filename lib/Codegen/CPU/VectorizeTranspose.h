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

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nncc {

/// If `op` is a transpose on buffers (one input and one output, both
/// permutation maps with a unit-stride last dimension, the body yields the
/// input) whose contiguous dimensions differ and both divide by `width`,
/// replaces it by an `scf.parallel` over width x width tiles, each `width`
/// vector loads, one `vector.transpose` and `width` vector stores. Fails,
/// leaving `op` as it is, otherwise.
LogicalResult vectorizeTranspose(RewriterBase &rewriter, linalg::GenericOp op,
                                 int64_t width);

} // namespace mlir::nncc

#endif // NNCC_LIB_CODEGEN_CPU_VECTORIZETRANSPOSE_H
