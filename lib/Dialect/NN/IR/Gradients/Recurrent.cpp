//===- Recurrent.cpp - VJPs of recurrent layers -----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Backpropagation through time is one op per layer kind, whose lowering
// builds the reverse loop over saved states (Conversion/NNToLinalg).
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

template <typename GradOpTy, typename OpTy>
static LogicalResult buildRecurrentVJP(OpTy op, OpBuilder &b,
                                       ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &operandGrads) {
  SmallVector<Value> operands(op->getOperands());
  operands.push_back(resultGrads[0]);
  SmallVector<NamedAttribute> attrs;
  if (op.getReturnSequences())
    attrs.push_back(b.getNamedAttr("return_sequences", b.getUnitAttr()));
  auto gradOp = GradOpTy::create(b, op.getLoc(), operands, attrs);
  llvm::append_range(operandGrads, gradOp->getResults());
  return success();
}

LogicalResult SimpleRNNOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &operandGrads) {
  return buildRecurrentVJP<SimpleRNNGradOp>(*this, b, resultGrads,
                                            operandGrads);
}

LogicalResult LSTMOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                               SmallVectorImpl<Value> &operandGrads) {
  return buildRecurrentVJP<LSTMGradOp>(*this, b, resultGrads, operandGrads);
}

LogicalResult GRUOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                              SmallVectorImpl<Value> &operandGrads) {
  return buildRecurrentVJP<GRUGradOp>(*this, b, resultGrads, operandGrads);
}
