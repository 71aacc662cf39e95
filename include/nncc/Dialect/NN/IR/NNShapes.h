//===- NNShapes.h - shape arithmetic of nn layers ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The window arithmetic that shape inference, the lowering to linalg and the
// gradient rules share, so that they agree on every output size and pad.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNSHAPES_H
#define NNCC_DIALECT_NN_IR_NNSHAPES_H

#include "nncc/Dialect/NN/IR/NNAttrs.h"

#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <limits>

namespace mlir::nn {

/// The extent of a window of `size` taps spaced `dilation` apart.
/// (size - 1) · dilation + 1, saturated at INT64_MAX (an extent that large
/// fits no input).
inline int64_t getEffectiveWindow(int64_t size, int64_t dilation) {
  int64_t span;
  if (llvm::MulOverflow(size - 1, dilation, span) ||
      span == std::numeric_limits<int64_t>::max())
    return std::numeric_limits<int64_t>::max();
  return span + 1;
}

/// The output length of a windowed op (conv or pool) along one axis. Under
/// `valid` padding this is zero or negative when the window does not fit.
inline int64_t getWindowedOutputSize(int64_t input, int64_t window,
                                     int64_t stride, int64_t dilation,
                                     Padding padding) {
  if (padding == Padding::same)
    return input / stride + (input % stride != 0);
  int64_t extent = getEffectiveWindow(window, dilation);
  if (extent > input)
    return 0;
  return (input - extent) / stride + 1;
}

/// Padding before and after along one axis, as TensorFlow computes it for
/// `same` (the odd element goes after); zero for `valid`.
struct AxisPadding {
  int64_t before = 0;
  int64_t after = 0;
};
inline AxisPadding getAxisPadding(int64_t input, int64_t window, int64_t stride,
                                  int64_t dilation, Padding padding) {
  if (padding == Padding::valid)
    return {};
  int64_t output =
      getWindowedOutputSize(input, window, stride, dilation, padding);
  int64_t total =
      (output - 1) * stride + getEffectiveWindow(window, dilation) - input;
  if (total < 0)
    total = 0;
  return {total / 2, total - total / 2};
}

} // namespace mlir::nn

#endif // NNCC_DIALECT_NN_IR_NNSHAPES_H
