//===- BufferUtils.cpp - what buffers of an entry point may overlap -------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "nncc/Transforms/BufferUtils.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

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

/// The buffer `value` views: through views, slices, reshapes and casts.
static Value rootBuffer(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isa<memref::ViewOp, memref::SubViewOp, memref::CollapseShapeOp,
             memref::ExpandShapeOp, memref::CastOp>(def))
      break;
    value = def->getOperand(0);
  }
  return value;
}

bool nncc::independentBuffers(Value a, Value b) {
  if (a == b)
    return false;
  std::optional<std::pair<int64_t, int64_t>> ra = workspaceRange(a),
                                             rb = workspaceRange(b);
  if (ra && rb)
    return ra->second <= rb->first || rb->second <= ra->first;
  // Distinct allocations and distinct arguments (the workspace is one).
  Value rootA = rootBuffer(a), rootB = rootBuffer(b);
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
