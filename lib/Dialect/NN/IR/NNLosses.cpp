//===- NNLosses.cpp - shape inference of losses -----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// inferReturnTypeComponents of the losses: each reduces to a scalar.
//
//===----------------------------------------------------------------------===//

#include "ShapeChecker.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace mlir;
using namespace mlir::nn;
using nn::detail::inferred;
using nn::detail::ShapeChecker;

LogicalResult SparseSoftmaxCrossEntropyOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto logits = check.floatTensor(adaptor.getLogits(), "logits");
  if (failed(logits))
    return failure();
  if (logits->getRank() < 2)
    return check.error("expects 'logits' to be [batch, ..., classes], but got ",
                       *logits);
  Type labelsType = adaptor.getLabels().getType();
  auto labels = dyn_cast<RankedTensorType>(labelsType);
  if (!labels || !labels.hasStaticShape() ||
      !labels.getElementType().isSignlessInteger(32))
    return check.error("expects 'labels' to be a tensor of i32 class indices, "
                       "but got ",
                       labelsType);
  if (labels.getShape() != logits->getShape().drop_back())
    return check.error("expects 'labels' to be shaped like 'logits' ", *logits,
                       " without its class axis, but got ", labels);
  return inferred(out, {}, logits->getElementType());
}

/// Losses whose two operands have the same shape.
static LogicalResult
inferPairwiseLoss(StringRef opName, std::optional<Location> loc, Value first,
                  StringRef firstName, Value targets, int64_t minRank,
                  SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto lhs = check.floatTensor(first, firstName);
  if (failed(lhs))
    return failure();
  if (lhs->getRank() < minRank)
    return check.error("expects '", firstName,
                       "' to be [batch, ..., classes], but got ", *lhs);
  auto rhs = check.floatTensor(targets, "targets");
  if (failed(rhs))
    return failure();
  if (lhs->getShape() != rhs->getShape())
    return check.error("expects 'targets' ", *rhs, " to be shaped like '",
                       firstName, "' ", *lhs);
  return inferred(out, {}, lhs->getElementType());
}

LogicalResult SoftmaxCrossEntropyOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferPairwiseLoss(getOperationName(), loc, adaptor.getLogits(),
                           "logits", adaptor.getTargets(), 2, out);
}

LogicalResult MeanSquaredErrorOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferPairwiseLoss(getOperationName(), loc, adaptor.getPredictions(),
                           "predictions", adaptor.getTargets(), 0, out);
}
