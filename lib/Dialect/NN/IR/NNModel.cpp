//===- NNModel.cpp - queries on an nn model module --------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The queries of NNModel.h over a model module: its forward function, its
// parameters and optimizer state in declaration order, its training
// configuration.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNModel.h"

using namespace mlir;
using namespace mlir::nn;

TrainConfigOp nn::getTrainConfig(ModuleOp module) {
  auto configs = module.getOps<TrainConfigOp>();
  return configs.empty() ? TrainConfigOp() : *configs.begin();
}

FailureOr<func::FuncOp> nn::getForwardFunction(ModuleOp module) {
  if (TrainConfigOp config = getTrainConfig(module)) {
    auto forward = module.lookupSymbol<func::FuncOp>(config.getForward());
    if (!forward)
      return config.emitOpError("names no func.func");
    return forward;
  }
  SmallVector<func::FuncOp> publicFuncs;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal())
      publicFuncs.push_back(func);
  if (publicFuncs.size() == 1)
    return publicFuncs.front();
  InFlightDiagnostic diag = module.emitError()
                            << "cannot tell the model's forward function: "
                               "the module has "
                            << publicFuncs.size()
                            << " public functions and no nn.train_config";
  for (func::FuncOp func : publicFuncs)
    diag.attachNote(func.getLoc()) << "candidate @" << func.getSymName();
  return diag;
}

SmallVector<ParameterOp> nn::getParameters(ModuleOp module) {
  return llvm::to_vector(
      llvm::make_filter_range(module.getOps<ParameterOp>(), [](ParameterOp p) {
        return !p.getOptimizerState();
      }));
}

SmallVector<ParameterOp> nn::getOptimizerState(ModuleOp module) {
  return llvm::to_vector(
      llvm::make_filter_range(module.getOps<ParameterOp>(), [](ParameterOp p) {
        return p.getOptimizerState();
      }));
}
