//===- SplitFunctions.h - bounded function sizes for LLVM -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Splits the model's very large functions into pieces of bounded size
// before LLVM optimizes them, so that compile time stays linear in the
// model (SplitFunctions.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_SPLITFUNCTIONS_H
#define NNCC_TARGET_SPLITFUNCTIONS_H

#include <cstdint>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::nncc {

/// Sizes, in LLVM instructions before optimization.
struct SplitOptions {
  /// Functions with more instructions than this are split. The seed
  /// models' largest is 5,583 (the LSTM's compute_gradients): they are not.
  int64_t maxInstructions = 8000;
  /// The size each piece is filled up to (a piece is whole top-level
  /// regions: it can be larger when one region is).
  int64_t pieceInstructions = 2000;
};

/// Moves runs of consecutive top-level regions of every function of
/// `module` larger than `options.maxInstructions` into functions of their
/// own (noinline), called in order where the regions were. A top-level
/// region runs from one block on every path from entry to return (a block
/// dominating the return) to the next: one loop nest, or straight-line
/// code, of the lowered step. Returns the number of pieces made.
unsigned splitLargeFunctions(llvm::Module &module,
                             const SplitOptions &options = {});

} // namespace mlir::nncc

#endif // NNCC_TARGET_SPLITFUNCTIONS_H
