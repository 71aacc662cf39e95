//===- ShapeChecker.cpp - diagnostics for nn shape inference ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The checks of ShapeChecker.h: operand types, ranks and sizes, each failure
// reported at the op with what was expected and what was found.
//
//===----------------------------------------------------------------------===//

#include "ShapeChecker.h"

#include "nncc/Dialect/NN/IR/NNLimits.h"
#include "nncc/Dialect/NN/IR/NNShapes.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::detail;

FailureOr<RankedTensorType>
ShapeChecker::floatTensor(Value value, StringRef name,
                          std::optional<int64_t> rank, StringRef layout) const {
  auto type = dyn_cast_or_null<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape() ||
      !isa<Float32Type, Float64Type>(type.getElementType())) {
    (void)error("expects '", name,
                "' to be a statically shaped tensor of f32 or f64, but got ",
                value.getType());
    return failure();
  }
  if (std::optional<std::string> why = whyBeyondLimits(type)) {
    (void)error("expects '", name, "' within nncc's tensor limits, but ", type,
                " is not: ", *why);
    return failure();
  }
  if (rank && type.getRank() != *rank) {
    if (layout.empty())
      (void)error("expects '", name, "' to have rank ", *rank, ", but got ",
                  type);
    else
      (void)error("expects '", name, "' to be a rank-", *rank, " ", layout,
                  " tensor, but got ", type);
    return failure();
  }
  return type;
}

LogicalResult ShapeChecker::vector(Value value, StringRef name, int64_t size,
                                   StringRef what) const {
  FailureOr<RankedTensorType> type = floatTensor(value, name);
  if (failed(type))
    return failure();
  if (type->getRank() != 1 || type->getDimSize(0) != size)
    return error("expects '", name, "' to have shape [", size, "] (", what,
                 "), but got ", *type);
  return success();
}

LogicalResult ShapeChecker::positiveArray(ArrayRef<int64_t> attr,
                                          StringRef name, size_t size) const {
  if (attr.size() != size)
    return error("expects '", name, "' to have ", size, " values, but got ",
                 attr.size());
  for (int64_t v : attr)
    if (v <= 0 || v > kMaxElements)
      return error("expects '", name,
                   "' to be positive and at most 2^40, but got ", v);
  return success();
}

LogicalResult ShapeChecker::windowSpan(ArrayRef<int64_t> window,
                                       ArrayRef<int64_t> dilation,
                                       StringRef windowName) const {
  for (int axis = 0; axis < 2; ++axis)
    if (getEffectiveWindow(window[axis], dilation[axis]) > kMaxElements)
      return error(windowName, " ", window[0], "x", window[1], " dilated by ",
                   dilation[0], "x", dilation[1],
                   " spans more than 2^40 elements");
  return success();
}

LogicalResult ShapeChecker::kernelRows(Value inputValue, RankedTensorType input,
                                       RankedTensorType kernel) const {
  int64_t features = input.getShape().back();
  if (kernel.getDimSize(0) == features)
    return success();
  return errorWithNote(inputValue, "'input' is defined here",
                       "expects the features of 'input' to match the rows of "
                       "'kernel', but 'input' is ",
                       input, " (", features, " features) and 'kernel' is ",
                       kernel, " (", kernel.getDimSize(0), " rows)");
}
