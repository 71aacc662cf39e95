//===- Utils.h - helpers for the nn to linalg patterns ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Builders the nn-to-linalg patterns share: constants, filled and broadcast
// destinations, broadcasting elementwise linalg.generic ops, reductions and
// NHWC padding.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_CONVERSION_NNTOLINALG_UTILS_H
#define NNCC_LIB_CONVERSION_NNTOLINALG_UTILS_H

#include "nncc/Dialect/NN/IR/NNShapes.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::nncc::detail {

/// The body of an elementwise op: scalar operands in, one scalar out.
using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// An `arith.constant` of float type `type` holding `value`.
Value createFloatConstant(OpBuilder &b, Location loc, Type type, double value);

/// The logistic sigmoid 1 / (1 + exp(-x)) of a float scalar. exp(-x)
/// overflows to +inf for very negative x, which gives the correct limit 0.
Value createSigmoid(OpBuilder &b, Location loc, Value x);

/// A new tensor of `type` with every element `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   double value);

/// The numpy-broadcasting indexing map that reads an operand of
/// `operandShape` at the iteration point of `resultShape`.
AffineMap getBroadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                          ArrayRef<int64_t> resultShape);

/// A linalg.generic over `iterators`, reading `inputs` through `inputMaps`
/// and accumulating into `inits` through `outputMaps`. `body` receives the
/// input scalars followed by the output scalars and returns the new output
/// scalars.
SmallVector<Value> createGeneric(
    OpBuilder &b, Location loc, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps, ValueRange inits,
    ArrayRef<AffineMap> outputMaps, ArrayRef<utils::IteratorType> iterators,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body);

/// `op(lhs) · op(rhs)` accumulated into `init`, as a linalg.generic over
/// (m, n, k) whose maps transpose the operands when asked.
Value createMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                   bool transposeLhs, bool transposeRhs, Value init);

/// A parallel linalg.generic producing `resultType`; each input is read with
/// numpy broadcasting. `body` maps the inputs' scalars to the result scalar.
Value createElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                        ValueRange inputs, ScalarFn body);

/// A new tensor of `type` holding `vector` (rank 1) along its last axis:
/// the destination a bias initializes before a matmul or conv accumulates.
Value broadcastLastAxis(OpBuilder &b, Location loc, Value vector,
                        RankedTensorType type);

/// Reduces `input` over `axis` with `combine(element, accumulator)`,
/// starting from `init`. The result keeps `axis` with size 1, so that it
/// broadcasts against `input` in createElementwise.
Value createReduction(OpBuilder &b, Location loc, Value input, int64_t axis,
                      double init, ScalarFn combine);

/// Reduces every element of `input` into a rank-0 tensor, combining
/// `element(scalars of inputs...)` with a sum. All inputs have one shape.
Value createTotal(OpBuilder &b, Location loc, ValueRange inputs,
                  ScalarFn element);

/// Pads the spatial axes of an NHWC tensor with `value`; returns `input`
/// when there is nothing to pad.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 nn::AxisPadding height, nn::AxisPadding width, double value);

/// Reshapes `input` to `type` (same element count) through collapse/expand.
Value reshapeTo(OpBuilder &b, Location loc, Value input, RankedTensorType type);

/// `x[..., in]` as a matrix `[product of leading dims, in]`.
Value collapseToMatrix(OpBuilder &b, Location loc, Value input);

} // namespace mlir::nncc::detail

#endif // NNCC_LIB_CONVERSION_NNTOLINALG_UTILS_H
