//===- BufferUtils.cpp - what buffers of an entry point may overlap -------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Follows views (subview, reshape, cast, select) back to their allocation,
// function argument or workspace offset; compares slices of one buffer
// through MLIR's value-bounds analysis (ValueBoundsConstraintSet). Any case
// it cannot prove answers "may overlap".
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/Common/BufferUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

// Not ViewLikeOpInterface here: a view of a view must stay inside its
// source's bytes for the range to hold, which slices, reshapes and casts
// guarantee and a reinterpret_cast does not.
std::optional<std::pair<int64_t, int64_t>> nncc::workspaceRange(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto view = dyn_cast<memref::ViewOp>(def)) {
      std::optional<int64_t> offset = getConstantIntValue(view.getByteShift());
      auto type = view.getType();
      if (!offset || !type.hasStaticShape())
        return std::nullopt;
      int64_t bytes = type.getNumElements() * type.getElementTypeBitWidth() / 8;
      return std::make_pair(*offset, *offset + bytes);
    }
    if (!isa<memref::SubViewOp, memref::CollapseShapeOp, memref::ExpandShapeOp,
             memref::CastOp>(def))
      return std::nullopt;
    value = def->getOperand(0);
  }
  return std::nullopt;
}

/// The buffer `value` views: through every op that declares itself a view
/// of its source (ViewLikeOpInterface: views, slices, reshapes, casts).
static Value rootBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

/// Whether distinct indices of `type` address distinct elements: static
/// strides that, sorted, each step over all the dimensions below them.
static bool hasDistinctElements(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  SmallVector<std::pair<int64_t, int64_t>> dims; // (stride, size)
  for (auto [stride, size] : llvm::zip(strides, type.getShape())) {
    if (ShapedType::isDynamic(stride) || ShapedType::isDynamic(size))
      return false;
    if (size != 1)
      dims.push_back({stride, size});
  }
  llvm::sort(dims);
  int64_t span = 1; // elements the smaller dimensions cover
  for (auto [stride, size] : dims) {
    if (stride < span)
      return false;
    span = stride * size;
  }
  return true;
}

/// `b - a` when it is a known constant: both constant, or related through
/// index arithmetic (`t` and `t + 1`, `27 - i` and `26 - i`).
static FailureOr<int64_t> offsetDelta(OpFoldResult a, OpFoldResult b) {
  std::optional<int64_t> constA = getConstantIntValue(a);
  std::optional<int64_t> constB = getConstantIntValue(b);
  if (constA && constB)
    return *constB - *constA;
  if (constA || constB)
    return failure();
  return ValueBoundsConstraintSet::computeConstantDelta(cast<Value>(b),
                                                        cast<Value>(a));
}

/// Whether `a` and `b` are unit-stride slices of one buffer whose index
/// ranges do not meet in some dimension: their offsets there differ by a
/// known constant (see offsetDelta) of at least the
/// size of the slice in front.
static bool disjointSlices(Value a, Value b) {
  auto sliceA = a.getDefiningOp<memref::SubViewOp>();
  auto sliceB = b.getDefiningOp<memref::SubViewOp>();
  if (!sliceA || !sliceB || sliceA.getSource() != sliceB.getSource() ||
      !hasDistinctElements(sliceA.getSourceType()))
    return false;
  for (unsigned d = 0; d < sliceA.getMixedOffsets().size(); ++d) {
    std::optional<int64_t> sizeA =
        getConstantIntValue(sliceA.getMixedSizes()[d]);
    std::optional<int64_t> sizeB =
        getConstantIntValue(sliceB.getMixedSizes()[d]);
    if (!sizeA || !sizeB ||
        getConstantIntValue(sliceA.getMixedStrides()[d]) != 1 ||
        getConstantIntValue(sliceB.getMixedStrides()[d]) != 1)
      continue;
    // b's range starts `shift` after a's.
    FailureOr<int64_t> shift =
        offsetDelta(sliceA.getMixedOffsets()[d], sliceB.getMixedOffsets()[d]);
    if (succeeded(shift) && (*shift >= *sizeA || -*shift >= *sizeB))
      return true;
  }
  return false;
}

bool nncc::independentBuffers(Value a, Value b) {
  if (a == b)
    return false;
  if (disjointSlices(a, b))
    return true;
  std::optional<std::pair<int64_t, int64_t>> ra = workspaceRange(a),
                                             rb = workspaceRange(b);
  if (ra && rb)
    return ra->second <= rb->first || rb->second <= ra->first;
  // A buffer chosen at run time (a double-buffered RNN state) is
  // independent when each choice is; two chosen by one condition pair up.
  Value rootA = rootBuffer(a), rootB = rootBuffer(b);
  auto selectA = rootA.getDefiningOp<arith::SelectOp>();
  auto selectB = rootB.getDefiningOp<arith::SelectOp>();
  if (selectA && selectB && selectA.getCondition() == selectB.getCondition())
    return independentBuffers(selectA.getTrueValue(), selectB.getTrueValue()) &&
           independentBuffers(selectA.getFalseValue(), selectB.getFalseValue());
  if (selectA)
    return independentBuffers(selectA.getTrueValue(), b) &&
           independentBuffers(selectA.getFalseValue(), b);
  if (selectB)
    return independentBuffers(a, selectB.getTrueValue()) &&
           independentBuffers(a, selectB.getFalseValue());
  // Distinct allocations and distinct arguments (the workspace is one).
  auto isBuffer = [](Value root) {
    return isa<BlockArgument>(root) ||
           isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(
               root.getDefiningOp());
  };
  return rootA != rootB && isBuffer(rootA) && isBuffer(rootB);
}

bool nncc::hasContiguousLastDim(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || type.getRank() == 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}
