//===- NNRecurrent.cpp - shape inference of recurrent layers ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// inferReturnTypeComponents of simple_rnn, lstm and gru: Keras's kernel,
// recurrent-kernel and bias layouts, and the optional initial state.
//
//===----------------------------------------------------------------------===//

#include "ShapeChecker.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace mlir;
using namespace mlir::nn;
using nn::detail::inferred;
using nn::detail::ShapeChecker;

namespace {
/// What distinguishes the recurrent layers' shapes.
struct CellShape {
  int64_t gates;      // G: the kernel is [features, G * units]
  bool gruBias;       // bias is [2, G * units] rather than [G * units]
  unsigned numStates; // tensors in a non-empty initial_state
  const char *stateNames;
};
} // namespace

template <typename AdaptorT>
static LogicalResult
inferRecurrent(StringRef opName, std::optional<Location> loc, AdaptorT adaptor,
               const CellShape &cell,
               SmallVectorImpl<ShapedTypeComponents> &out) {
  ShapeChecker check(loc, opName);
  auto input = check.floatTensor(adaptor.getInput(), "input", 3,
                                 "[batch, time, features]");
  if (failed(input))
    return failure();
  int64_t batch = input->getDimSize(0);
  int64_t time = input->getDimSize(1);
  if (time < 1)
    return check.error("expects at least one timestep in 'input', but got ",
                       *input);

  auto kernel = check.floatTensor(adaptor.getKernel(), "kernel", 2,
                                  "[features, gates x units]");
  if (failed(kernel))
    return failure();
  if (failed(check.kernelRows(adaptor.getInput(), *input, *kernel)))
    return failure();
  if (kernel->getDimSize(1) % cell.gates != 0 || kernel->getDimSize(1) == 0)
    return check.error("expects 'kernel' ", *kernel, " to have ", cell.gates,
                       " x units columns (", cell.gates, " gates)");
  int64_t units = kernel->getDimSize(1) / cell.gates;

  auto recurrent =
      check.floatTensor(adaptor.getRecurrentKernel(), "recurrent_kernel", 2);
  if (failed(recurrent))
    return failure();
  if (recurrent->getDimSize(0) != units ||
      recurrent->getDimSize(1) != cell.gates * units)
    return check.error("expects 'recurrent_kernel' to be [", units, ", ",
                       cell.gates * units, "] for ", units,
                       " units (from 'kernel' ", *kernel, "), but got ",
                       *recurrent);

  auto bias = check.floatTensor(adaptor.getBias(), "bias");
  if (failed(bias))
    return failure();
  SmallVector<int64_t, 2> biasShape;
  if (cell.gruBias)
    biasShape.push_back(2);
  biasShape.push_back(cell.gates * units);
  if (bias->getShape() != ArrayRef<int64_t>(biasShape))
    return check.error("expects 'bias' to be [", cell.gruBias ? "2, " : "",
                       cell.gates * units, "] for ", units, " units, but got ",
                       *bias);

  auto states = adaptor.getInitialState();
  if (!states.empty() && states.size() != cell.numStates)
    return check.error("expects 'initial_state' to be empty or ",
                       cell.stateNames, ", but got ", states.size(),
                       " tensors");
  for (Value state : states) {
    auto type = check.floatTensor(state, "initial_state", 2, "[batch, units]");
    if (failed(type))
      return failure();
    if (type->getDimSize(0) != batch || type->getDimSize(1) != units)
      return check.error("expects each 'initial_state' tensor to be [", batch,
                         ", ", units, "], but got ", *type);
  }

  Type element = input->getElementType();
  if (adaptor.getReturnSequences())
    return inferred(out, {batch, time, units}, element);
  return inferred(out, {batch, units}, element);
}

LogicalResult SimpleRNNOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferRecurrent(getOperationName(), loc, adaptor,
                        {/*gates=*/1, /*gruBias=*/false, /*numStates=*/1, "h0"},
                        out);
}

LogicalResult
LSTMOp::inferReturnTypeComponents(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferRecurrent(
      getOperationName(), loc, adaptor,
      {/*gates=*/4, /*gruBias=*/false, /*numStates=*/2, "h0, c0"}, out);
}

LogicalResult
GRUOp::inferReturnTypeComponents(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor,
                                 SmallVectorImpl<ShapedTypeComponents> &out) {
  return inferRecurrent(getOperationName(), loc, adaptor,
                        {/*gates=*/3, /*gruBias=*/true, /*numStates=*/1, "h0"},
                        out);
}
