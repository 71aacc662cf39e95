//===- Linear.cpp - VJPs of dense and matmul --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// y = x · k + b over the last axis: dx = dy · kᵀ, dk = xᵀ · dy, db = Σ dy,
// with x and dy collapsed to matrices; and the matmul rules with
// transposes.
//
//===----------------------------------------------------------------------===//

#include "GradientUtils.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::grad;

/// `value` [..., n] as a matrix [rows, n].
static Value asMatrix(OpBuilder &b, Location loc, Value value) {
  RankedTensorType type = tensorType(value);
  int64_t cols = type.getShape().back();
  return reshape(b, loc, value,
                 RankedTensorType::get({type.getNumElements() / cols, cols},
                                       type.getElementType()));
}

LogicalResult DenseOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value x = asMatrix(b, loc, getInput());
  Value dy = asMatrix(b, loc, resultGrads[0]);
  UnitAttr unit = b.getUnitAttr();
  Value dx = MatMulOp::create(b, loc, dy, getKernel(), UnitAttr(), unit);
  operandGrads.push_back(reshape(b, loc, dx, tensorType(getInput())));
  operandGrads.push_back(MatMulOp::create(b, loc, x, dy, unit, UnitAttr()));
  if (getBias())
    operandGrads.push_back(reduceSum(b, loc, dy, {0}, false));
  return success();
}

// C = op(A) · op(B):
//   dA = dC · op(B)ᵀ, or (op(B) · dCᵀ) when A is transposed;
//   dB = op(A)ᵀ · dC, or (dCᵀ · op(A)) when B is transposed.
LogicalResult MatMulOp::buildVJP(OpBuilder &b, ArrayRef<Value> resultGrads,
                                 SmallVectorImpl<Value> &operandGrads) {
  Location loc = getLoc();
  Value dc = resultGrads[0];
  bool ta = getTransposeLhs(), tb = getTransposeRhs();
  auto flag = [&](bool set) { return set ? b.getUnitAttr() : UnitAttr(); };
  operandGrads.push_back(
      ta ? MatMulOp::create(b, loc, getRhs(), dc, flag(tb), flag(true))
         : MatMulOp::create(b, loc, dc, getRhs(), flag(false), flag(!tb)));
  operandGrads.push_back(
      tb ? MatMulOp::create(b, loc, dc, getLhs(), flag(true), flag(ta))
         : MatMulOp::create(b, loc, getLhs(), dc, flag(!ta), flag(false)));
  return success();
}
