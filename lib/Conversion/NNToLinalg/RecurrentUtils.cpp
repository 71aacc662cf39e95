//===- RecurrentUtils.cpp - shared builders of recurrent lowerings --------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The builders both recurrent lowerings (Recurrent.cpp, RecurrentGrad.cpp)
// share: the input projection of every timestep as one matmul, per-step and
// per-gate slices, and the recurrent product.
//
//===----------------------------------------------------------------------===//

#include "RecurrentUtils.h"
#include "Utils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nncc::detail;
using namespace mlir::nncc::detail::rnn;

Value rnn::projectInputs(OpBuilder &b, Location loc, const RecurrentShape &s,
                         Value input, Value kernel, Value bias) {
  auto matrixType = s.type({s.batch * s.time, s.gates * s.units});
  Value rows = tensor::CollapseShapeOp::create(
      b, loc, input, SmallVector<ReassociationIndices>{{0, 1}, {2}});
  Value init = broadcastLastAxis(b, loc, bias, matrixType);
  Value projected =
      linalg::MatmulOp::create(b, loc, TypeRange{matrixType},
                               ValueRange{rows, kernel}, ValueRange{init})
          .getResult(0);
  return tensor::ExpandShapeOp::create(
      b, loc, s.type({s.batch, s.time, s.gates * s.units}), projected,
      SmallVector<ReassociationIndices>{{0, 1}, {2}});
}

Value rnn::sliceStep(OpBuilder &b, Location loc, Value value, OpFoldResult t,
                     int64_t col, int64_t width) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t batch = type.getDimSize(0);
  if (width < 0)
    width = type.getDimSize(2) - col;
  auto stepType = RankedTensorType::get({batch, width}, type.getElementType());
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), t,
                                       b.getIndexAttr(col)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(batch), b.getIndexAttr(1),
                                     b.getIndexAttr(width)};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, stepType, value, offsets, sizes,
                                        strides);
}

Value rnn::insertStep(OpBuilder &b, Location loc, Value step, Value sequence,
                      OpFoldResult t, int64_t col) {
  auto stepType = cast<RankedTensorType>(step.getType());
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), t,
                                       b.getIndexAttr(col)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(stepType.getDimSize(0)),
                                     b.getIndexAttr(1),
                                     b.getIndexAttr(stepType.getDimSize(1))};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, step, sequence, offsets, sizes,
                                       strides);
}

Value rnn::recurrentProduct(OpBuilder &b, Location loc, const RecurrentShape &s,
                            Value state, Value recurrent, Value init) {
  return linalg::MatmulOp::create(b, loc, TypeRange{s.step()},
                                  ValueRange{state, recurrent},
                                  ValueRange{init})
      .getResult(0);
}

Value rnn::sliceGate(OpBuilder &b, Location loc, const RecurrentShape &s,
                     Value value, int64_t gate) {
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0),
                                       b.getIndexAttr(gate * s.units)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(s.batch),
                                     b.getIndexAttr(s.units)};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, s.state(), value, offsets,
                                        sizes, strides);
}

SmallVector<Value> rnn::sliceGates(OpBuilder &b, Location loc,
                                   const RecurrentShape &s, Value value) {
  SmallVector<Value> gates;
  for (int64_t gate = 0; gate < s.gates; ++gate)
    gates.push_back(sliceGate(b, loc, s, value, gate));
  return gates;
}
