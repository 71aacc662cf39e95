//===- NNShapeOps.cpp - shape inference of concatenate, slice, pad --------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// inferReturnTypeComponents of the data-movement ops of NNShapeOps.td. The
// attributes are checked before any size is computed: offsets, sizes, pads,
// repeats and upsampling factors are in [0, 2^40], so no sum or product of
// two overflows, and the result's limits are the tensor type's
// (NNLimits.h).
//
//===----------------------------------------------------------------------===//

#include "ShapeChecker.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace mlir;
using namespace mlir::nn;
using nn::detail::inferred;
using nn::detail::ShapeChecker;

/// Checks that `attr` has one value per axis of `input`, each in
/// [`low`, 2^40].
static LogicalResult perAxis(const ShapeChecker &check, ArrayRef<int64_t> attr,
                             StringRef name, RankedTensorType input,
                             int64_t low) {
  if (int64_t(attr.size()) != input.getRank())
    return check.error("expects '", name, "' to have one value per axis of ",
                       "'input' ", input, ", but got ", attr.size());
  for (int64_t v : attr)
    if (v < low || v > kMaxElements)
      return check.error("expects '", name, "' values in [", low,
                         ", 2^40], but got ", v);
  return success();
}

/// `input`, once the per-axis attributes `first` (values at least
/// `firstLow`) and `second` (at least `secondLow`) are checked against it.
static FailureOr<RankedTensorType>
checkBoxAttrs(const ShapeChecker &check, Value inputValue,
              ArrayRef<int64_t> first, StringRef firstName, int64_t firstLow,
              ArrayRef<int64_t> second, StringRef secondName,
              int64_t secondLow) {
  auto input = check.floatTensor(inputValue, "input");
  if (failed(input) ||
      failed(perAxis(check, first, firstName, *input, firstLow)) ||
      failed(perAxis(check, second, secondName, *input, secondLow)))
    return failure();
  return input;
}

//===----------------------------------------------------------------------===//
// ConcatenateOp
//===----------------------------------------------------------------------===//

int64_t ConcatenateOp::getNormalizedAxis() {
  int64_t rank = cast<RankedTensorType>(getResult().getType()).getRank();
  int64_t axis = getAxis();
  return axis < 0 ? axis + rank : axis;
}

LogicalResult ConcatenateOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  ValueRange inputs = adaptor.getInputs();
  if (inputs.size() < 2)
    return check.error("expects two or more inputs, but got ", inputs.size());
  auto first = check.floatTensor(inputs[0], "inputs[0]");
  if (failed(first))
    return failure();
  int64_t rank = first->getRank();
  int64_t axis = adaptor.getAxis();
  if (rank == 0 || axis < -rank || axis >= rank)
    return check.error("axis ", axis, " is out of range for 'inputs[0]' ",
                       *first);
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> shape(first->getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    std::string name = "inputs[" + std::to_string(i + 1) + "]";
    auto type = check.floatTensor(value, name);
    if (failed(type))
      return failure();
    bool agrees = type->getRank() == rank &&
                  type->getElementType() == first->getElementType();
    for (int64_t d = 0; agrees && d < rank; ++d)
      agrees = d == axis || type->getDimSize(d) == shape[d];
    if (!agrees)
      return check.error("expects '", name, "' ", *type,
                         " to match 'inputs[0]' ", *first,
                         " on every axis but ", axis);
    // Each size is at most 2^40 and there are far fewer than 2^23 inputs.
    shape[axis] += type->getDimSize(axis);
  }
  return inferred(out, shape, first->getElementType());
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult
SliceOp::inferReturnTypeComponents(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  ArrayRef<int64_t> offsets = adaptor.getOffsets(), sizes = adaptor.getSizes();
  auto input = checkBoxAttrs(check, adaptor.getInput(), offsets, "offsets", 0,
                             sizes, "sizes", 1);
  if (failed(input))
    return failure();
  for (int64_t d = 0; d < input->getRank(); ++d)
    if (offsets[d] + sizes[d] > input->getDimSize(d))
      return check.error("expects the box at offset ", offsets[d], " of size ",
                         sizes[d], " on axis ", d, " to lie inside 'input' ",
                         *input);
  return inferred(out, sizes, input->getElementType());
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult
PadOp::inferReturnTypeComponents(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor,
                                 SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  auto input =
      checkBoxAttrs(check, adaptor.getInput(), low, "low", 0, high, "high", 0);
  if (failed(input))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < input->getRank(); ++d)
    shape.push_back(low[d] + input->getDimSize(d) + high[d]);
  return inferred(out, shape, input->getElementType());
}

//===----------------------------------------------------------------------===//
// TransposeOp / RepeatVectorOp / UpSampling2DOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = check.floatTensor(adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  ArrayRef<int64_t> permutation = adaptor.getPermutation();
  int64_t rank = input->getRank();
  SmallVector<bool> seen(rank, false);
  bool valid = int64_t(permutation.size()) == rank;
  for (int64_t axis : permutation) {
    valid = valid && axis >= 0 && axis < rank && !seen[axis];
    if (valid)
      seen[axis] = true;
  }
  if (!valid)
    return check.error("expects 'permutation' to be a permutation of the ",
                       rank, " axes of 'input' ", *input);
  SmallVector<int64_t> shape;
  for (int64_t axis : permutation)
    shape.push_back(input->getDimSize(axis));
  return inferred(out, shape, input->getElementType());
}

LogicalResult RepeatVectorOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input =
      check.floatTensor(adaptor.getInput(), "input", 2, "[batch, features]");
  if (failed(input))
    return failure();
  int64_t n = adaptor.getN();
  if (n < 1 || n > kMaxElements)
    return check.error("expects 'n' in [1, 2^40], but got ", n);
  return inferred(out, {input->getDimSize(0), n, input->getDimSize(1)},
                  input->getElementType());
}

LogicalResult UpSampling2DOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, getOperationName());
  auto input = check.floatTensor(adaptor.getInput(), "input", 4, "NHWC");
  if (failed(input))
    return failure();
  ArrayRef<int64_t> size = adaptor.getSize();
  if (failed(check.positiveArray(size, "size", 2)))
    return failure();
  // Both factors are at most 2^40 and so is each dimension: the products
  // fit in int64_t, and the tensor type checks the limits.
  return inferred(out,
                  {input->getDimSize(0), input->getDimSize(1) * size[0],
                   input->getDimSize(2) * size[1], input->getDimSize(3)},
                  input->getElementType());
}
