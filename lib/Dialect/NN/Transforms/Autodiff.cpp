//===- Autodiff.cpp - reverse-mode differentiation of nn functions --------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The generic reverse sweep: the forward ops are cloned, then visited in
// reverse order; each differentiable op builds its vector-Jacobian product
// (DifferentiableOpInterface, rules per op family in IR/Gradients/) from
// the gradients of its results, and the gradients flowing into a value from
// several uses are summed.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::nn {
#define GEN_PASS_DEF_NNAUTODIFFPASS
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {

/// The gradients of the values of one function, accumulated.
class GradientMap {
public:
  explicit GradientMap(OpBuilder &builder) : builder(builder) {}

  Value lookup(Value value) const { return grads.lookup(value); }

  /// grad[value] += contribution
  void accumulate(Location loc, Value value, Value contribution) {
    Value &slot = grads[value];
    slot = slot ? AddOp::create(builder, loc, slot, contribution).getResult()
                : contribution;
  }

private:
  OpBuilder &builder;
  DenseMap<Value, Value> grads;
};

/// A zero tensor of `type`.
Value zeros(OpBuilder &b, Location loc, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(tensor,
                             b.getFloatAttr(tensor.getElementType(), 0.0)));
}

struct NNAutodiffPass : nn::impl::NNAutodiffPassBase<NNAutodiffPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> todo;
    for (auto func : module.getOps<func::FuncOp>())
      if (func->hasAttr(kWrtAttrName))
        todo.push_back(func);
    for (func::FuncOp func : todo)
      if (failed(differentiate(module, func)))
        return signalPassFailure();
  }

  LogicalResult differentiate(ModuleOp module, func::FuncOp func) {
    auto wrt = func->getAttrOfType<DenseI64ArrayAttr>(kWrtAttrName);
    FunctionType type = func.getFunctionType();
    auto lossType = type.getNumResults()
                        ? dyn_cast<RankedTensorType>(type.getResult(0))
                        : RankedTensorType();
    if (!wrt || !lossType || lossType.getRank() != 0 ||
        !isa<FloatType>(lossType.getElementType()))
      return func.emitOpError("needs a 0-d float loss as its first result "
                              "and `nn.wrt` to be differentiated");
    if (!func.getBody().hasOneBlock())
      return func.emitOpError("must be a single block to be differentiated");
    for (int64_t index : wrt.asArrayRef())
      if (index < 0 || index >= type.getNumInputs())
        return func.emitOpError("nn.wrt names argument ")
               << index << ", which does not exist";

    // The gradient function starts as a clone of the forward one.
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointAfter(func);
    auto gradFunc = cast<func::FuncOp>(b.clone(*func));
    gradFunc.setSymName((func.getSymName() + "_grad").str());
    gradFunc->removeAttr(kWrtAttrName);
    Block &body = gradFunc.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    b.setInsertionPoint(ret);

    GradientMap grads(b);
    Location loc = ret.getLoc();
    Value loss = ret.getOperand(0);
    grads.accumulate(
        loc, loss,
        arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(
                lossType, b.getFloatAttr(lossType.getElementType(), 1.0))));

    // The reverse sweep over the forward ops (collected first: the sweep
    // inserts ops before the return).
    SmallVector<Operation *> forwardOps;
    for (Operation &op : body.without_terminator())
      forwardOps.push_back(&op);
    for (Operation *op : llvm::reverse(forwardOps)) {
      SmallVector<Value> resultGrads;
      bool needed = false;
      for (Value result : op->getResults()) {
        resultGrads.push_back(grads.lookup(result));
        needed |= bool(resultGrads.back());
      }
      if (!needed)
        continue;
      auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
      if (!differentiable)
        return op->emitOpError("is on the path from the parameters to the "
                               "loss but has no gradient");
      SmallVector<Value> operandGrads;
      if (failed(differentiable.buildVJP(b, resultGrads, operandGrads)))
        return failure();
      assert(operandGrads.size() == op->getNumOperands() &&
             "a VJP must give one entry per operand");
      for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads))
        if (g)
          grads.accumulate(op->getLoc(), operand, g);
    }

    SmallVector<Value> results(ret.getOperands());
    for (int64_t index : wrt.asArrayRef()) {
      BlockArgument arg = body.getArgument(index);
      Value g = grads.lookup(arg);
      results.push_back(g ? g : zeros(b, loc, arg.getType()));
    }
    func::ReturnOp::create(b, loc, results);
    ret.erase();
    gradFunc.setFunctionType(
        b.getFunctionType(type.getInputs(), ValueRange(results).getTypes()));
    return success();
  }
};

} // namespace
