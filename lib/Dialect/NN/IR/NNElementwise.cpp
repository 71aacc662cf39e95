//===- NNElementwise.cpp - shape inference of prelu and merges --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// inferReturnTypeComponents and verifiers of the elementwise ops whose
// operands are not simply one tensor or two broadcasting ones: prelu and
// its gradient (alpha broadcasts into the input's shape), average (n
// operands of one shape), the maximum/minimum gradients, and the leaky_relu
// slope. Errors name the op, the operand and the shapes.
//
//===----------------------------------------------------------------------===//

#include "ShapeChecker.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Traits.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nn;
using nn::detail::inferred;
using nn::detail::ShapeChecker;

/// Checks that `alpha` broadcasts into `input` without changing its shape.
static LogicalResult checkAlpha(const ShapeChecker &check,
                                RankedTensorType input,
                                RankedTensorType alpha) {
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(input.getShape(), alpha.getShape(),
                                          shape) ||
      ArrayRef<int64_t>(shape) != input.getShape())
    return check.error("expects 'alpha' ", alpha, " to broadcast into 'input' ",
                       input,
                       " (Keras's alpha is input.shape[1:] with 1 on the "
                       "shared axes)");
  return success();
}

/// prelu's and prelu_grad's `input`, once `alpha` is checked against it.
static FailureOr<RankedTensorType>
checkPRelu(const ShapeChecker &check, Value inputValue, Value alphaValue) {
  auto input = check.floatTensor(inputValue, "input");
  if (failed(input))
    return failure();
  auto alpha = check.floatTensor(alphaValue, "alpha");
  if (failed(alpha) || failed(checkAlpha(check, *input, *alpha)))
    return failure();
  return input;
}

LogicalResult
PReluOp::inferReturnTypeComponents(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = checkPRelu(check, adaptor.getInput(), adaptor.getAlpha());
  if (failed(input))
    return failure();
  return inferred(out, input->getShape(), input->getElementType());
}

LogicalResult PReluGradOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = checkPRelu(check, adaptor.getInput(), adaptor.getAlpha());
  if (failed(input))
    return failure();
  auto dy = check.floatTensor(adaptor.getOutputGrad(), "output_grad");
  if (failed(dy))
    return failure();
  if (dy->getShape() != input->getShape())
    return check.error("expects 'output_grad' ", *dy,
                       " to be shaped like 'input' ", *input);
  return inferred(out, input->getShape(), input->getElementType());
}

LogicalResult nn::detail::inferSameShapeOperands(
    StringRef opName, std::optional<Location> loc, ValueRange inputs,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  if (inputs.size() < 2)
    return check.error("expects two or more inputs, but got ", inputs.size());
  auto first = check.floatTensor(inputs[0], "inputs[0]");
  if (failed(first))
    return failure();
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    std::string name = "inputs[" + std::to_string(i + 1) + "]";
    auto type = check.floatTensor(value, name);
    if (failed(type))
      return failure();
    if (*type != *first)
      return check.error("expects '", name, "' ", *type,
                         " to be shaped like 'inputs[0]' ", *first);
  }
  return inferred(out, first->getShape(), first->getElementType());
}

LogicalResult
nn::detail::inferExtremumGrad(StringRef opName, std::optional<Location> loc,
                              Value lhsValue, Value rhsValue, Value outputGrad,
                              SmallVectorImpl<ShapedTypeComponents> &out) {
  SmallVector<ShapedTypeComponents> forward;
  if (failed(inferBroadcast(opName, loc, lhsValue, rhsValue, forward)))
    return failure();
  ShapeChecker check(loc, opName);
  auto dy = check.floatTensor(outputGrad, "output_grad");
  if (failed(dy))
    return failure();
  if (dy->getShape() != ArrayRef<int64_t>(forward[0].getDims()))
    return check.error("expects 'output_grad' ", *dy,
                       " to be shaped like 'lhs' broadcast with 'rhs'");
  return inferred(out, dy->getShape(), dy->getElementType());
}

LogicalResult LeakyReluOp::verify() {
  double slope = getNegativeSlope().convertToDouble();
  if (!(slope >= 0.0) || !std::isfinite(slope))
    return emitOpError("expects a finite, non-negative negative_slope (as "
                       "Keras), but got ")
           << slope;
  return success();
}
