//===- GradientUtils.cpp - builders for vector-Jacobian products *- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The builders of GradientUtils.h that the per-family VJP rules share:
// scalar constants, the sum that undoes numpy broadcasting, reshapes and
// reductions, all as nn ops (differentiated code stays in the nn dialect).
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::nn;

RankedTensorType grad::tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

Value grad::scalar(OpBuilder &b, Location loc, Type element, double value) {
  return splat(b, loc, RankedTensorType::get({}, element), value);
}

Value grad::splat(OpBuilder &b, Location loc, RankedTensorType type,
                  double value) {
  auto attr = DenseElementsAttr::get(
      type, b.getFloatAttr(type.getElementType(), value));
  return arith::ConstantOp::create(b, loc, attr);
}

Value grad::reshape(OpBuilder &b, Location loc, Value value,
                    RankedTensorType type) {
  if (value.getType() == type)
    return value;
  return ReshapeOp::create(b, loc, type, value);
}

Value grad::reduceSum(OpBuilder &b, Location loc, Value value,
                      ArrayRef<int64_t> axes, bool keepDims) {
  if (axes.empty())
    return value;
  return ReduceSumOp::create(b, loc, value, b.getDenseI64ArrayAttr(axes),
                             keepDims ? b.getUnitAttr() : UnitAttr());
}

Value grad::unbroadcast(OpBuilder &b, Location loc, Value gradient,
                        RankedTensorType target) {
  RankedTensorType type = tensorType(gradient);
  if (type.getShape() == target.getShape())
    return gradient;
  int64_t offset = type.getRank() - target.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (d < offset ||
        (target.getDimSize(d - offset) == 1 && type.getDimSize(d) != 1))
      axes.push_back(d);
  return reshape(b, loc, reduceSum(b, loc, gradient, axes, false), target);
}

SmallVector<int64_t> grad::leadingAxes(Value value) {
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d + 1 < tensorType(value).getRank(); ++d)
    axes.push_back(d);
  return axes;
}

Value grad::add(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return AddOp::create(b, loc, lhs, rhs);
}

Value grad::sub(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return SubOp::create(b, loc, lhs, rhs);
}

Value grad::mul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return MulOp::create(b, loc, lhs, rhs);
}
