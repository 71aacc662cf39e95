//===- ShapeChecker.h - diagnostics for nn shape inference ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A small helper that the layers' inferReturnTypeComponents use to check
// operands and to report errors. Inference runs while parsing (before the
// generated verifiers), from builders and from the verifier, so it accepts
// any operand type and reports what it expected and what it found, naming
// the op and the operand. Without a location it stays silent.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_DIALECT_NN_IR_SHAPECHECKER_H
#define NNCC_LIB_DIALECT_NN_IR_SHAPECHECKER_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

#include <optional>

namespace mlir::nn::detail {

class ShapeChecker {
public:
  ShapeChecker(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}

  /// Reports `'op' op <args...>` at the op's location.
  template <typename... Args>
  LogicalResult error(Args &&...args) const {
    return emitOptionalError(loc, "'", opName, "' op ",
                             std::forward<Args>(args)...);
  }

  /// Like error(), with a note at the definition of `related`.
  template <typename... Args>
  LogicalResult errorWithNote(Value related, StringRef noteText,
                              Args &&...args) const {
    if (!loc)
      return failure();
    InFlightDiagnostic diag = emitError(*loc);
    diag << "'" << opName << "' op ";
    (diag << ... << std::forward<Args>(args));
    if (related)
      diag.attachNote(related.getLoc()) << noteText;
    return diag;
  }

  /// `value` as a statically shaped f32/f64 tensor, of rank `rank` if given.
  /// `layout` names the expected axes in the message (e.g. "NHWC").
  FailureOr<RankedTensorType> floatTensor(Value value, StringRef name,
                                          std::optional<int64_t> rank = {},
                                          StringRef layout = {}) const;

  /// Checks that `value` is a rank-1 float tensor `[size]`; `what` says
  /// where `size` comes from.
  LogicalResult vector(Value value, StringRef name, int64_t size,
                       StringRef what) const;

  /// Checks that the rows of `kernel` match the last axis (the features) of
  /// `input`, whose value is `inputValue`: dense and recurrent layers.
  LogicalResult kernelRows(Value inputValue, RankedTensorType input,
                           RankedTensorType kernel) const;

  /// Checks that `attr` has `size` entries from 1 to 2^40.
  LogicalResult positiveArray(ArrayRef<int64_t> attr, StringRef name,
                              size_t size) const;

  /// Checks that a 2-D `window` (e.g. "filter window") spaced by `dilation`
  /// (both checked by positiveArray) spans at most 2^40 elements per axis:
  /// getEffectiveWindow does not saturate for it.
  LogicalResult windowSpan(ArrayRef<int64_t> window, ArrayRef<int64_t> dilation,
                           StringRef windowName) const;

private:
  std::optional<Location> loc;
  StringRef opName;
};

/// Appends a ranked tensor of `shape` and `elementType` to `out`.
inline LogicalResult inferred(SmallVectorImpl<ShapedTypeComponents> &out,
                              ArrayRef<int64_t> shape, Type elementType) {
  out.emplace_back(shape, elementType);
  return success();
}

} // namespace mlir::nn::detail

#endif // NNCC_LIB_DIALECT_NN_IR_SHAPECHECKER_H
