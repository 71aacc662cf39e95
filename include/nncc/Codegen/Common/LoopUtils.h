//===- LoopUtils.h - helpers for nncc's loop transformations ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Loop helpers the CPU and GPU codegen passes share: perfect bands of
// `scf.for` loops, their conversion to one `scf.parallel`, and tiling through
// TilingInterface with a chosen loop order.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_COMMON_LOOPUTILS_H
#define NNCC_CODEGEN_COMMON_LOOPUTILS_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nncc {

/// The longest band of perfectly nested `scf.for` loops from `outer` down
/// whose loops all satisfy `accept` and have no results: each loop's body
/// holds the next loop, constants and its terminator only. Empty when
/// `outer` itself does not qualify.
SmallVector<scf::ForOp> getPerfectBand(scf::ForOp outer,
                                       function_ref<bool(scf::ForOp)> accept);

/// Replaces `band` (from getPerfectBand) by one `scf.parallel` over the same
/// iteration space; constants inside the band move above it.
scf::ParallelOp convertToParallel(RewriterBase &rewriter,
                                  ArrayRef<scf::ForOp> band);

/// Tiles `op` into tiles of `sizes` (0: not tiled) with `scf.for` loops
/// nested in the loop order `order`.
FailureOr<scf::SCFTilingResult> tileWithForLoops(RewriterBase &rewriter,
                                                 TilingInterface op,
                                                 ArrayRef<OpFoldResult> sizes,
                                                 ArrayRef<int64_t> order);

/// Replaces the perfect band that `loops` (tile loops, outermost first)
/// form from the first of them by one `scf.parallel`.
void parallelizeBand(RewriterBase &rewriter,
                     ArrayRef<LoopLikeOpInterface> loops);

} // namespace mlir::nncc

#endif // NNCC_CODEGEN_COMMON_LOOPUTILS_H
