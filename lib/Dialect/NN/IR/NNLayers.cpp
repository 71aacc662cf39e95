//===- NNLayers.cpp - shape inference of feed-forward layers ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// inferReturnTypeComponents of the feed-forward layers: convolution,
// pooling (windowed and global), dense, activations, softmax, batch
// normalization, flatten and the broadcasting binary ops. Op families whose
// members infer alike (activations, pools, softmax/log_softmax, add/sub/mul)
// share one function here, called from their ODS base class. Each reports
// malformed operands naming the op, the operand and the shapes involved.
//
//===----------------------------------------------------------------------===//

#include "ShapeChecker.h"

#include "nncc/Dialect/NN/IR/NNOps.h"
#include "nncc/Dialect/NN/IR/NNShapes.h"

#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace mlir::nn;
using nn::detail::inferred;
using nn::detail::ShapeChecker;

/// Output height and width of a 2-D window over an NHWC input, or failure
/// when the window does not fit under `valid` padding.
static FailureOr<SmallVector<int64_t, 2>>
inferWindowedSpatial(const ShapeChecker &check, RankedTensorType input,
                     ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                     ArrayRef<int64_t> dilation, Padding padding,
                     StringRef windowName) {
  if (failed(check.windowSpan(window, dilation, windowName)))
    return failure();
  SmallVector<int64_t, 2> out;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t in = input.getDimSize(axis + 1);
    int64_t size = getWindowedOutputSize(in, window[axis], strides[axis],
                                         dilation[axis], padding);
    if (size <= 0) {
      (void)check.error(
          windowName, " ", window[0], "x", window[1],
          (dilation[0] != 1 || dilation[1] != 1) ? " (dilated)" : "",
          " does not fit in 'input' ", input, " with valid padding");
      return failure();
    }
    out.push_back(size);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = check.floatTensor(adaptor.getInput(), "input", 4, "NHWC");
  if (failed(input))
    return failure();
  auto filter = check.floatTensor(adaptor.getFilter(), "filter", 4, "HWCF");
  if (failed(filter))
    return failure();
  int64_t channels = input->getDimSize(3);
  int64_t filters = filter->getDimSize(3);
  if (filter->getDimSize(2) != channels)
    return check.errorWithNote(
        adaptor.getInput(), "'input' is defined here",
        "expects the channels of 'input' to match the filter's input "
        "channels, but 'input' is ",
        *input, " (", channels, " channels) and 'filter' is ", *filter, " (",
        filter->getDimSize(2), " input channels)");
  if (Value bias = adaptor.getBias())
    if (failed(check.vector(bias, "bias", filters, "one per filter")))
      return failure();
  if (failed(check.positiveArray(adaptor.getStrides(), "strides", 2)) ||
      failed(check.positiveArray(adaptor.getDilation(), "dilation", 2)))
    return failure();
  ArrayRef<int64_t> kernel = filter->getShape().take_front(2);
  auto spatial = inferWindowedSpatial(
      check, *input, kernel, adaptor.getStrides(), adaptor.getDilation(),
      adaptor.getPadding(), "filter window");
  if (failed(spatial))
    return failure();
  return inferred(out,
                  {input->getDimSize(0), (*spatial)[0], (*spatial)[1], filters},
                  input->getElementType());
}

//===----------------------------------------------------------------------===//
// MaxPool2DOp / AvgPool2DOp
//===----------------------------------------------------------------------===//

LogicalResult nn::detail::inferPool2D(
    StringRef opName, std::optional<Location> loc, Value inputValue,
    ArrayRef<int64_t> window, std::optional<ArrayRef<int64_t>> explicitStrides,
    Padding padding, SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto input = check.floatTensor(inputValue, "input", 4, "NHWC");
  if (failed(input))
    return failure();
  if (failed(check.positiveArray(window, "pool_size", 2)))
    return failure();
  ArrayRef<int64_t> strides = window;
  if (explicitStrides) {
    strides = *explicitStrides;
    if (failed(check.positiveArray(strides, "strides", 2)))
      return failure();
  }
  int64_t ones[] = {1, 1};
  auto spatial = inferWindowedSpatial(check, *input, window, strides, ones,
                                      padding, "pool window");
  if (failed(spatial))
    return failure();
  return inferred(out,
                  {input->getDimSize(0), (*spatial)[0], (*spatial)[1],
                   input->getDimSize(3)},
                  input->getElementType());
}

//===----------------------------------------------------------------------===//
// GlobalMaxPool2DOp / GlobalAvgPool2DOp
//===----------------------------------------------------------------------===//

LogicalResult
nn::detail::inferGlobalPool2D(StringRef opName, std::optional<Location> loc,
                              Value inputValue, bool keepdims,
                              SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto input = check.floatTensor(inputValue, "input", 4, "NHWC");
  if (failed(input))
    return failure();
  int64_t n = input->getDimSize(0), c = input->getDimSize(3);
  if (keepdims)
    return inferred(out, {n, 1, 1, c}, input->getElementType());
  return inferred(out, {n, c}, input->getElementType());
}

//===----------------------------------------------------------------------===//
// DenseOp
//===----------------------------------------------------------------------===//

LogicalResult
DenseOp::inferReturnTypeComponents(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = check.floatTensor(adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  if (input->getRank() < 2)
    return check.error("expects 'input' to be [batch, ..., features], but "
                       "got ",
                       *input);
  auto kernel =
      check.floatTensor(adaptor.getKernel(), "kernel", 2, "[in, out]");
  if (failed(kernel))
    return failure();
  int64_t units = kernel->getDimSize(1);
  if (failed(check.kernelRows(adaptor.getInput(), *input, *kernel)))
    return failure();
  if (Value bias = adaptor.getBias())
    if (failed(check.vector(bias, "bias", units, "one per unit")))
      return failure();
  SmallVector<int64_t> shape(input->getShape());
  shape.back() = units;
  return inferred(out, shape, input->getElementType());
}

//===----------------------------------------------------------------------===//
// Elementwise activations
//===----------------------------------------------------------------------===//

LogicalResult
nn::detail::inferSameShape(StringRef opName, std::optional<Location> loc,
                           Value inputValue,
                           SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto input = check.floatTensor(inputValue, "input");
  if (failed(input))
    return failure();
  return inferred(out, input->getShape(), input->getElementType());
}

//===----------------------------------------------------------------------===//
// SoftmaxOp / LogSoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult
nn::detail::inferSoftmax(StringRef opName, std::optional<Location> loc,
                         Value inputValue, int64_t axis,
                         SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto input = check.floatTensor(inputValue, "input");
  if (failed(input))
    return failure();
  int64_t rank = input->getRank();
  if (rank == 0 || axis < -rank || axis >= rank)
    return check.error("axis ", axis, " is out of range for 'input' ", *input);
  return inferred(out, input->getShape(), input->getElementType());
}

//===----------------------------------------------------------------------===//
// BatchNormOp / BatchNormTrainingOp
//===----------------------------------------------------------------------===//

template <typename AdaptorT>
static FailureOr<RankedTensorType> checkBatchNorm(const ShapeChecker &check,
                                                  AdaptorT adaptor) {
  auto input = check.floatTensor(adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  if (input->getRank() < 2) {
    (void)check.error("expects 'input' to be [batch, ..., channels], but got ",
                      *input);
    return failure();
  }
  int64_t channels = input->getShape().back();
  if (failed(check.vector(adaptor.getGamma(), "gamma", channels,
                          "one per channel")) ||
      failed(check.vector(adaptor.getBeta(), "beta", channels,
                          "one per channel")) ||
      failed(check.vector(adaptor.getMovingMean(), "moving_mean", channels,
                          "one per channel")) ||
      failed(check.vector(adaptor.getMovingVariance(), "moving_variance",
                          channels, "one per channel")))
    return failure();
  double epsilon = adaptor.getEpsilon().convertToDouble();
  double momentum = adaptor.getMomentum().convertToDouble();
  if (!(epsilon > 0.0)) {
    (void)check.error("expects a positive epsilon, but got ", epsilon);
    return failure();
  }
  if (!(momentum >= 0.0 && momentum <= 1.0)) {
    (void)check.error("expects momentum in [0, 1], but got ", momentum);
    return failure();
  }
  return input;
}

LogicalResult BatchNormOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = checkBatchNorm(check, adaptor);
  if (failed(input))
    return failure();
  return inferred(out, input->getShape(), input->getElementType());
}

LogicalResult BatchNormTrainingOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = checkBatchNorm(check, adaptor);
  if (failed(input))
    return failure();
  Type element = input->getElementType();
  int64_t channels = input->getShape().back();
  (void)inferred(out, input->getShape(), element);
  (void)inferred(out, {channels}, element);
  return inferred(out, {channels}, element);
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = check.floatTensor(adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  if (input->getRank() < 1)
    return check.error("expects 'input' to have a batch axis, but got ",
                       *input);
  int64_t features = 1;
  for (int64_t d : input->getShape().drop_front())
    features *= d;
  return inferred(out, {input->getDimSize(0), features},
                  input->getElementType());
}

//===----------------------------------------------------------------------===//
// AddOp / SubOp / MulOp
//===----------------------------------------------------------------------===//

LogicalResult
nn::detail::inferBroadcast(StringRef opName, std::optional<Location> loc,
                           Value lhsValue, Value rhsValue,
                           SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto lhs = check.floatTensor(lhsValue, "lhs");
  if (failed(lhs))
    return failure();
  auto rhs = check.floatTensor(rhsValue, "rhs");
  if (failed(rhs))
    return failure();
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhs->getShape(), rhs->getShape(),
                                          shape))
    return check.error("cannot broadcast 'lhs' ", *lhs, " with 'rhs' ", *rhs);
  return inferred(out, shape, lhs->getElementType());
}
