//===- NNLimits.h - the sizes nn models may have ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The limits every nn tensor, window attribute and compiled instance keeps
// (docs/Limits.md lists them with their errors). With them, every element
// count, byte size and index that shape inference, the lowerings and the
// generated code compute fits in int64_t with room to spare: 2^40 elements
// of 8 bytes are 2^43 bytes, and a product of two in-range sizes is below
// 2^80 only where the code checks it.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNLIMITS_H
#define NNCC_DIALECT_NN_IR_NNLIMITS_H

#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir::nn {

/// The highest rank of a tensor.
constexpr int64_t kMaxRank = 8;
/// The most elements of one tensor (and so the largest dimension, stride,
/// dilation or pool size): 2^40.
constexpr int64_t kMaxElements = int64_t(1) << 40;
/// The most bytes of a compiled instance (parameters, optimizer state,
/// gradients and workspace): 2^40, 1 TiB.
constexpr int64_t kMaxInstanceBytes = int64_t(1) << 40;

/// The number of elements of a statically shaped `type`, or nullopt when
/// it is not static or the product overflows int64_t.
std::optional<int64_t> getCheckedNumElements(ShapedType type);

/// Why the statically shaped `type` breaks the limits (rank above kMaxRank,
/// a dimension of size 0, more than kMaxElements elements), or nullopt.
std::optional<std::string> whyBeyondLimits(ShapedType type);

/// Whether `type` keeps the limits (the ODS tensor constraints' predicate).
inline bool isWithinLimits(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && shaped.hasStaticShape() && !whyBeyondLimits(shaped);
}

} // namespace mlir::nn

#endif // NNCC_DIALECT_NN_IR_NNLIMITS_H
