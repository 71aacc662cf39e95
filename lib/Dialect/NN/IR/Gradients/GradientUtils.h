//===- GradientUtils.h - builders for vector-Jacobian products --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Small builders the per-family VJP rules share: scalar constants, the sum
// that undoes numpy broadcasting, and shorthands for nn arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_DIALECT_NN_IR_GRADIENTS_GRADIENTUTILS_H
#define NNCC_LIB_DIALECT_NN_IR_GRADIENTS_GRADIENTUTILS_H

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Builders.h"

namespace mlir::nn::grad {

/// A 0-d tensor constant of float type `element` holding `value`; it
/// broadcasts against any tensor in nn arithmetic.
Value scalar(OpBuilder &b, Location loc, Type element, double value);

/// A tensor of `type` with every element `value`.
Value splat(OpBuilder &b, Location loc, RankedTensorType type, double value);

/// Sums `grad` (shaped like a broadcast result) back to `target`'s shape:
/// over the leading axes `target` lacks and the axes where `target` has
/// size 1.
Value unbroadcast(OpBuilder &b, Location loc, Value grad,
                  RankedTensorType target);

/// `value` reshaped to `type` (same element count).
Value reshape(OpBuilder &b, Location loc, Value value, RankedTensorType type);

/// Sum over `axes` (increasing), optionally keeping them as size 1.
Value reduceSum(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> axes,
                bool keepDims);

/// Every axis but the last: the batch (and spatial) axes of a channel-last
/// tensor.
SmallVector<int64_t> leadingAxes(Value value);

Value add(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value sub(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs);

RankedTensorType tensorType(Value value);

} // namespace mlir::nn::grad

#endif // NNCC_LIB_DIALECT_NN_IR_GRADIENTS_GRADIENTUTILS_H
