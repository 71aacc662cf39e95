//===- RecurrentUtils.h - shared builders of recurrent lowerings *- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the forward and backward lowerings of simple_rnn, lstm and gru share:
// shapes, the input projection of all timesteps, and per-step slices.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_CONVERSION_NNTOLINALG_RECURRENTUTILS_H
#define NNCC_LIB_CONVERSION_NNTOLINALG_RECURRENTUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::nncc::detail::rnn {

/// Shapes of one recurrent layer.
struct RecurrentShape {
  int64_t batch, time, features, units, gates;
  Type element;

  RankedTensorType type(ArrayRef<int64_t> shape) const {
    return RankedTensorType::get(shape, element);
  }
  RankedTensorType state() const { return type({batch, units}); }
  RankedTensorType step() const { return type({batch, gates * units}); }
};

/// The input projection of every timestep at once:
/// [b, t, f] -> [b·t, f] · [f, G·u] + bias -> [b, t, G·u].
Value projectInputs(OpBuilder &b, Location loc, const RecurrentShape &s,
                    Value input, Value kernel, Value bias);

/// `value[:, t, col:col+width]` of a [b, t, n] tensor, as [b, width]
/// (width defaults to all of n).
Value sliceStep(OpBuilder &b, Location loc, Value value, OpFoldResult t,
                int64_t col = 0, int64_t width = -1);

/// `sequence[:, t, col:col+width] = step` for a [b, width] step.
Value insertStep(OpBuilder &b, Location loc, Value step, Value sequence,
                 OpFoldResult t, int64_t col = 0);

/// `state · recurrent` accumulated into `init` ([b, G·u]).
Value recurrentProduct(OpBuilder &b, Location loc, const RecurrentShape &s,
                       Value state, Value recurrent, Value init);

/// Gate `gate` of a [b, G·u] tensor as a [b, u] slice.
Value sliceGate(OpBuilder &b, Location loc, const RecurrentShape &s,
                Value value, int64_t gate);

/// The gates [0, G) of `value`, sliced.
SmallVector<Value> sliceGates(OpBuilder &b, Location loc,
                              const RecurrentShape &s, Value value);

} // namespace mlir::nncc::detail::rnn

#endif // NNCC_LIB_CONVERSION_NNTOLINALG_RECURRENTUTILS_H
