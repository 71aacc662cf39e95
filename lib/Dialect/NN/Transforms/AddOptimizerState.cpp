//===- AddOptimizerState.cpp - the optimizer's state as parameters --------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declares the slots the configured optimizer keeps (Adam's moments, SGD's
// velocity, the iteration count, the learning rate) as non-trainable
// optimizer_state parameters, so that they live in the instance and its
// checkpoints like any other state.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "nncc/Dialect/NN/IR/NNModel.h"

namespace mlir::nn {
#define GEN_PASS_DEF_NNADDOPTIMIZERSTATEPASS
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {

struct NNAddOptimizerStatePass
    : nn::impl::NNAddOptimizerStatePassBase<NNAddOptimizerStatePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    TrainConfigOp config = getTrainConfig(module);
    if (!config || !getOptimizerState(module).empty())
      return;
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPoint(config);
    MLIRContext *ctx = &getContext();
    auto zeros = InitializerAttr::get(ctx, InitKind::zeros, {});
    auto declare = [&](StringRef name, RankedTensorType type,
                       InitializerAttr init) {
      ParameterOp::create(b, config.getLoc(), name, type, init,
                          /*non_trainable=*/true, /*optimizer_state=*/true);
    };

    SmallVector<ParameterOp> params = getParameters(module);
    Type element = params.empty()
                       ? b.getF32Type()
                       : params.front().getTensorType().getElementType();
    double learningRate = 0.0;
    if (auto adam = dyn_cast<AdamAttr>(config.getOptimizer())) {
      learningRate = adam.getLearningRate().convertToDouble();
      for (ParameterOp param : params)
        if (param.isTrainable()) {
          declare(getAdamMomentName(param.getSymName(), false),
                  param.getTensorType(), zeros);
          declare(getAdamMomentName(param.getSymName(), true),
                  param.getTensorType(), zeros);
        }
    } else {
      auto sgd = cast<SGDAttr>(config.getOptimizer());
      learningRate = sgd.getLearningRate().convertToDouble();
      if (sgd.getMomentum().convertToDouble() != 0.0)
        for (ParameterOp param : params)
          if (param.isTrainable())
            declare(getVelocityName(param.getSymName()), param.getTensorType(),
                    zeros);
    }
    auto scalar = RankedTensorType::get({}, element);
    declare(kIterationsName, scalar, zeros);
    declare(
        kLearningRateName, scalar,
        InitializerAttr::get(ctx, InitKind::constant, {APFloat(learningRate)}));
  }
};

} // namespace
