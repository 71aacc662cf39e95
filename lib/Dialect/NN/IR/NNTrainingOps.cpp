//===- NNTrainingOps.cpp - shapes of the training-step ops ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Shape inference and verifiers of the ops backward passes and optimizer
// updates are made of: matmul, reduce_sum, relu_grad, one_hot, the
// convolution, pooling and recurrent gradients, and the optimizer updates.
//
//===----------------------------------------------------------------------===//

#include "ShapeChecker.h"

#include "nncc/Dialect/NN/IR/NNOps.h"
#include "nncc/Dialect/NN/IR/NNShapes.h"

using namespace mlir;
using namespace mlir::nn;
using nn::detail::inferred;
using nn::detail::ShapeChecker;

#include "nncc/Dialect/NN/IR/NNInterfaces.cpp.inc"

//===----------------------------------------------------------------------===//
// MatMulOp, ReduceSumOp, ReluGradOp
//===----------------------------------------------------------------------===//

LogicalResult
nn::detail::inferMatMul(StringRef opName, std::optional<Location> loc,
                        Value lhsValue, Value rhsValue, bool transposeLhs,
                        bool transposeRhs,
                        SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto lhs = check.floatTensor(lhsValue, "lhs", 2);
  if (failed(lhs))
    return failure();
  auto rhs = check.floatTensor(rhsValue, "rhs", 2);
  if (failed(rhs))
    return failure();
  int64_t m = lhs->getDimSize(transposeLhs ? 1 : 0);
  int64_t kl = lhs->getDimSize(transposeLhs ? 0 : 1);
  int64_t kr = rhs->getDimSize(transposeRhs ? 1 : 0);
  int64_t n = rhs->getDimSize(transposeRhs ? 0 : 1);
  if (kl != kr)
    return check.error("contracts ", kl, " columns of 'lhs' ", *lhs,
                       (transposeLhs ? " (transposed)" : ""), " with ", kr,
                       " rows of 'rhs' ", *rhs,
                       (transposeRhs ? " (transposed)" : ""));
  return inferred(out, {m, n}, lhs->getElementType());
}

LogicalResult
nn::detail::inferReduceSum(StringRef opName, std::optional<Location> loc,
                           Value inputValue, ArrayRef<int64_t> axes,
                           bool keepDims,
                           SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto input = check.floatTensor(inputValue, "input");
  if (failed(input))
    return failure();
  int64_t previous = -1;
  for (int64_t axis : axes) {
    if (axis <= previous || axis >= input->getRank())
      return check.error("expects 'axes' to be increasing and within the "
                         "rank of 'input' ",
                         *input, ", but got ", axis);
    previous = axis;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < input->getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(input->getDimSize(d));
    else if (keepDims)
      shape.push_back(1);
  }
  return inferred(out, shape, input->getElementType());
}

LogicalResult
nn::detail::inferSameShapes(StringRef opName, std::optional<Location> loc,
                            Value firstValue, StringRef firstName,
                            Value secondValue, StringRef secondName,
                            SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto first = check.floatTensor(firstValue, firstName);
  if (failed(first))
    return failure();
  auto second = check.floatTensor(secondValue, secondName);
  if (failed(second))
    return failure();
  if (first->getShape() != second->getShape())
    return check.error("expects '", secondName, "' ", *second,
                       " to be shaped like '", firstName, "' ", *first);
  return inferred(out, first->getShape(), first->getElementType());
}

//===----------------------------------------------------------------------===//
// OneHotOp
//===----------------------------------------------------------------------===//

LogicalResult OneHotOp::verify() {
  auto labels = getLabels().getType();
  auto result = getResult().getType();
  if (result.getRank() != labels.getRank() + 1 ||
      result.getShape().drop_back() != labels.getShape())
    return emitOpError("expects the result ")
           << result << " to be shaped like 'labels' " << labels
           << " plus a class axis";
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DBackpropInputOp / Conv2DBackpropFilterOp
//===----------------------------------------------------------------------===//

/// Checks that conv2d(input, filter) with the op's attributes produces
/// `outputGrad`'s shape.
template <typename OpTy>
static LogicalResult verifyConvGrad(OpTy op, RankedTensorType input,
                                    RankedTensorType filter,
                                    RankedTensorType outputGrad) {
  if (input.getRank() != 4 || filter.getRank() != 4 ||
      outputGrad.getRank() != 4)
    return op.emitOpError("expects rank-4 NHWC input, HWCF filter and NHWC "
                          "output gradient");
  if (input.getDimSize(3) != filter.getDimSize(2))
    return op.emitOpError("expects the input ")
           << input << " to have the filter's " << filter.getDimSize(2)
           << " input channels";
  // The convolution's attributes, checked as nn.conv2d checks them (a zero
  // stride would divide by zero below).
  ShapeChecker check(op.getLoc(), op.getOperationName());
  if (failed(check.positiveArray(op.getStrides(), "strides", 2)) ||
      failed(check.positiveArray(op.getDilation(), "dilation", 2)) ||
      failed(check.windowSpan(filter.getShape().take_front(2), op.getDilation(),
                              "filter window")))
    return failure();
  SmallVector<int64_t> expected = {input.getDimSize(0), 0, 0,
                                   filter.getDimSize(3)};
  for (int axis = 0; axis < 2; ++axis)
    expected[axis + 1] = getWindowedOutputSize(
        input.getDimSize(axis + 1), filter.getDimSize(axis),
        op.getStrides()[axis], op.getDilation()[axis], op.getPadding());
  if (ArrayRef<int64_t>(expected) != outputGrad.getShape())
    return op.emitOpError("expects the output gradient ")
           << outputGrad << " to have the shape of conv2d(" << input << ", "
           << filter << ")";
  return success();
}

LogicalResult Conv2DBackpropInputOp::verify() {
  return verifyConvGrad(*this, getResult().getType(), getFilter().getType(),
                        getOutputGrad().getType());
}

LogicalResult Conv2DBackpropFilterOp::verify() {
  return verifyConvGrad(*this, getInput().getType(), getResult().getType(),
                        getOutputGrad().getType());
}

//===----------------------------------------------------------------------===//
// MaxPool2DGradOp / AvgPool2DGradOp
//===----------------------------------------------------------------------===//

LogicalResult nn::detail::inferPool2DGrad(
    StringRef opName, std::optional<Location> loc, Value input,
    Value outputGrad, ArrayRef<int64_t> poolSize,
    std::optional<ArrayRef<int64_t>> strides, Padding padding,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  SmallVector<ShapedTypeComponents> pooled;
  if (failed(
          inferPool2D(opName, loc, input, poolSize, strides, padding, pooled)))
    return failure();
  ShapeChecker check(loc, opName);
  auto grad = check.floatTensor(outputGrad, "output_grad");
  if (failed(grad))
    return failure();
  if (grad->getShape() != pooled.front().getDims())
    return check.error("expects 'output_grad' ", *grad,
                       " to have the shape of the pooling's output");
  auto inputType = cast<RankedTensorType>(input.getType());
  return inferred(out, inputType.getShape(), inputType.getElementType());
}

//===----------------------------------------------------------------------===//
// Recurrent gradients
//===----------------------------------------------------------------------===//

/// Results: the types of the layer's operands. The output gradient must
/// have the layer's result type.
template <typename LayerOpTy, typename AdaptorT>
static LogicalResult
inferRecurrentGrad(MLIRContext *ctx, std::optional<Location> loc,
                   StringRef opName, AdaptorT adaptor,
                   SmallVectorImpl<ShapedTypeComponents> &out) {
  SmallVector<Value> layerOperands = {adaptor.getInput(), adaptor.getKernel(),
                                      adaptor.getRecurrentKernel(),
                                      adaptor.getBias()};
  llvm::append_range(layerOperands, adaptor.getInitialState());
  typename LayerOpTy::Properties properties;
  if (adaptor.getReturnSequences())
    properties.return_sequences = UnitAttr::get(ctx);
  SmallVector<ShapedTypeComponents> layerResult;
  if (failed(LayerOpTy::inferReturnTypeComponents(
          ctx, loc, ValueShapeRange(layerOperands), DictionaryAttr(),
          OpaqueProperties(&properties), {}, layerResult)))
    return failure();
  ShapeChecker check(loc, opName);
  auto grad = check.floatTensor(adaptor.getOutputGrad(), "output_grad");
  if (failed(grad))
    return failure();
  if (grad->getShape() != layerResult.front().getDims())
    return check.error("expects 'output_grad' ", *grad,
                       " to have the shape of the layer's result");
  for (Value operand : layerOperands) {
    auto type = cast<RankedTensorType>(operand.getType());
    out.emplace_back(type.getShape(), type.getElementType());
  }
  return success();
}

LogicalResult SimpleRNNGradOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferRecurrentGrad<SimpleRNNOp>(ctx, loc, getOperationName(), adaptor,
                                         out);
}

LogicalResult LSTMGradOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferRecurrentGrad<LSTMOp>(ctx, loc, getOperationName(), adaptor, out);
}

LogicalResult GRUGradOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferRecurrentGrad<GRUOp>(ctx, loc, getOperationName(), adaptor, out);
}

//===----------------------------------------------------------------------===//
// Optimizer updates
//===----------------------------------------------------------------------===//

/// Checks `param`, `grad` and the slots have one shape and the scalars are
/// 0-d; returns the parameter's type.
static FailureOr<RankedTensorType>
checkUpdate(const ShapeChecker &check, Value paramValue, Value gradValue,
            ArrayRef<std::pair<Value, StringRef>> slots,
            ArrayRef<std::pair<Value, StringRef>> scalars) {
  auto param = check.floatTensor(paramValue, "param");
  if (failed(param))
    return failure();
  SmallVector<std::pair<Value, StringRef>> shaped = {{gradValue, "grad"}};
  llvm::append_range(shaped, slots);
  for (auto [value, name] : shaped) {
    auto type = check.floatTensor(value, name);
    if (failed(type))
      return failure();
    if (type->getShape() != param->getShape()) {
      (void)check.error("expects '", name, "' ", *type,
                        " to be shaped like 'param' ", *param);
      return failure();
    }
  }
  for (auto [value, name] : scalars)
    if (failed(check.floatTensor(value, name, 0)))
      return failure();
  return param;
}

LogicalResult SGDUpdateOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  SmallVector<std::pair<Value, StringRef>> slots;
  if (Value velocity = adaptor.getVelocity())
    slots.push_back({velocity, "velocity"});
  auto param = checkUpdate(check, adaptor.getParam(), adaptor.getGrad(), slots,
                           {{adaptor.getLearningRate(), "learning_rate"}});
  if (failed(param))
    return failure();
  for (unsigned i = 0; i < 1 + slots.size(); ++i)
    out.emplace_back(param->getShape(), param->getElementType());
  return success();
}

LogicalResult AdamUpdateOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto param = checkUpdate(check, adaptor.getParam(), adaptor.getGrad(),
                           {{adaptor.getM(), "m"}, {adaptor.getV(), "v"}},
                           {{adaptor.getLearningRate(), "learning_rate"},
                            {adaptor.getStep(), "step"}});
  if (failed(param))
    return failure();
  for (int i = 0; i < 3; ++i)
    out.emplace_back(param->getShape(), param->getElementType());
  return success();
}
