//===- CreateEntryPoints.cpp - model entry points over buffers -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Turns a model (parameters + forward function) into the functions the
// generated C API calls: every argument is a buffer (memref), parameters
// first in declaration order, then the input, then the output. The
// parameters' values enter as `bufferization.to_tensor ... restrict` and the
// result leaves through `bufferization.materialize_in_destination`, so that
// one-shot bufferization writes it straight into the caller's buffer.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "nncc/Dialect/NN/IR/NNModel.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::nn {
#define GEN_PASS_DEF_NNCREATEENTRYPOINTSPASS
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {

MemRefType toMemRef(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

/// Checks that the forward function is `(tensor) -> tensor`, statically
/// shaped, one block, and that only it reads parameters.
LogicalResult verifyForward(ModuleOp module, func::FuncOp forward) {
  FunctionType type = forward.getFunctionType();
  auto isStaticTensor = [](Type t) {
    auto tensor = dyn_cast<RankedTensorType>(t);
    return tensor && tensor.hasStaticShape();
  };
  if (type.getNumInputs() != 1 || type.getNumResults() != 1 ||
      !isStaticTensor(type.getInput(0)) || !isStaticTensor(type.getResult(0)))
    return forward.emitOpError("the forward function must take one "
                               "statically shaped tensor and return one, "
                               "but its type is ")
           << type;
  if (!forward.getBody().hasOneBlock())
    return forward.emitOpError(
        "the forward function must be a single block (no control flow)");
  WalkResult walk = module.walk([&](Operation *op) {
    if (isa<ParameterWriteOp>(op) && op->getParentOp() == forward) {
      op->emitOpError("the forward function must not write parameters");
      return WalkResult::interrupt();
    }
    if (isa<ParameterReadOp>(op) && op->getParentOp() != forward) {
      op->emitOpError("parameters may only be read in the forward function");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

struct NNCreateEntryPointsPass
    : nn::impl::NNCreateEntryPointsPassBase<NNCreateEntryPointsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<func::FuncOp> forward = getForwardFunction(module);
    if (failed(forward) || failed(verifyForward(module, *forward)))
      return signalPassFailure();
    createPredict(module, *forward);

    // The model state now lives in the entry points' arguments.
    (*forward)->erase();
    for (Operation &op : llvm::make_early_inc_range(*module.getBody()))
      if (isa<ParameterOp, TrainConfigOp>(op))
        op.erase();
  }

  /// @nncc_predict(params..., input, output)
  void createPredict(ModuleOp module, func::FuncOp forward) {
    Location loc = forward.getLoc();
    SmallVector<ParameterOp> params = getParameters(module);
    SmallVector<Type> argTypes;
    for (ParameterOp param : params)
      argTypes.push_back(toMemRef(param.getType()));
    FunctionType forwardType = forward.getFunctionType();
    argTypes.push_back(toMemRef(forwardType.getInput(0)));
    argTypes.push_back(toMemRef(forwardType.getResult(0)));

    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto predict = func::FuncOp::create(b, loc, "nncc_predict",
                                        b.getFunctionType(argTypes, {}));
    predict->setAttr(kEntryPointAttrName, b.getUnitAttr());
    Block *entry = predict.addEntryBlock();
    b.setInsertionPointToStart(entry);

    // Parameters and the input enter as read-only tensors.
    llvm::StringMap<Value> paramValues;
    for (auto [param, arg] : llvm::zip(params, entry->getArguments())) {
      predict.setArgAttr(arg.getArgNumber(), "nncc.name",
                         b.getStringAttr(param.getSymName()));
      paramValues[param.getSymName()] = bufferization::ToTensorOp::create(
          b, param.getLoc(), param.getType(), arg, /*restrict=*/true);
    }
    IRMapping mapping;
    mapping.map(forward.getArgument(0),
                bufferization::ToTensorOp::create(
                    b, loc, forwardType.getInput(0),
                    entry->getArgument(params.size()), /*restrict=*/true));

    for (Operation &op : forward.getBody().front()) {
      if (auto read = dyn_cast<ParameterReadOp>(op)) {
        mapping.map(read.getResult(), paramValues[read.getParameter()]);
        continue;
      }
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        bufferization::MaterializeInDestinationOp::create(
            b, ret.getLoc(), /*result=*/Type(),
            mapping.lookup(ret.getOperand(0)), entry->getArguments().back(),
            /*restrict=*/true, /*writable=*/true);
        func::ReturnOp::create(b, ret.getLoc());
        continue;
      }
      b.clone(op, mapping);
    }
  }
};

} // namespace
