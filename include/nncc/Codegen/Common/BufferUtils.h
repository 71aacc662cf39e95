//===- BufferUtils.h - what buffers of an entry point may overlap ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Alias questions the codegen passes ask of buffers after bufferization and
// workspace planning: which workspace bytes a view may touch, and whether a
// write through one buffer can change what another reads. The CPU passes
// (vectorize, batch-row parallelization) and the GPU mapping (kernel fusion)
// use them to prove that fusing or reordering ops keeps every result.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_COMMON_BUFFERUTILS_H
#define NNCC_CODEGEN_COMMON_BUFFERUTILS_H

#include "mlir/IR/Value.h"

#include <optional>
#include <utility>

namespace mlir::nncc {

/// The workspace bytes [begin, end) that `value` may touch, when it is a
/// view (possibly reshaped or sliced) of the planned workspace at a constant
/// offset; the whole view counts.
std::optional<std::pair<int64_t, int64_t>> workspaceRange(Value value);

/// Whether writing `a` cannot change what is read through `b`: views of
/// distinct allocations or function arguments (the callers' buffers never
/// overlap; the workspace is one of them), of disjoint workspace ranges,
/// or slices of one buffer that share no index range in some dimension
/// (`x[t]` and `x[t + 1]`, `x[27 - i]` and `x[26 - i]`, two column blocks:
/// offsets a constant apart, by MLIR's value-bounds analysis). A buffer
/// selected at run time (`arith.select`) counts as each of its choices; two
/// selected by the same condition are compared choice by choice.
bool independentBuffers(Value a, Value b);

/// Whether `value` is a memref whose last dimension has unit stride.
bool hasContiguousLastDim(Value value);

} // namespace mlir::nncc

#endif // NNCC_CODEGEN_COMMON_BUFFERUTILS_H
