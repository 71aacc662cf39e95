//===- NNModel.h - queries on an nn model module ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the passes and the driver ask of a model module: its forward
// function, its parameters in declaration order, its training
// configuration.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNMODEL_H
#define NNCC_DIALECT_NN_IR_NNMODEL_H

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::nn {

/// The model's forward function: the one `nn.train_config` names, or else
/// the module's only public func.func. Reports an error at the module and
/// fails when there is none or more than one candidate.
FailureOr<func::FuncOp> getForwardFunction(ModuleOp module);

/// The parameters of the model (optimizer state excluded), in declaration
/// order.
SmallVector<ParameterOp> getParameters(ModuleOp module);

/// The optimizer's state (nn.parameter ... optimizer_state), in declaration
/// order.
SmallVector<ParameterOp> getOptimizerState(ModuleOp module);

/// The training configuration, if the model has one.
TrainConfigOp getTrainConfig(ModuleOp module);

} // namespace mlir::nn

#endif // NNCC_DIALECT_NN_IR_NNMODEL_H
