//===- NNLimits.cpp - the sizes nn models may have --------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Overflow-checked element counts and the limits of NNLimits.h.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNLimits.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;

std::optional<int64_t> nn::getCheckedNumElements(ShapedType type) {
  if (!type.hasStaticShape())
    return std::nullopt;
  int64_t count = 1;
  for (int64_t d : type.getShape())
    if (llvm::MulOverflow(count, d, count))
      return std::nullopt;
  return count;
}

std::optional<std::string> nn::whyBeyondLimits(ShapedType type) {
  if (type.getRank() > kMaxRank)
    return "its rank " + std::to_string(type.getRank()) + " is above " +
           std::to_string(kMaxRank);
  if (llvm::is_contained(type.getShape(), 0))
    return std::string("it has a dimension of size 0");
  std::optional<int64_t> count = getCheckedNumElements(type);
  if (!count || *count > kMaxElements)
    return std::string("it has more than 2^40 elements");
  return std::nullopt;
}
