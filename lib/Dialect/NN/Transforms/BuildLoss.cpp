//===- BuildLoss.cpp - the training loss from the forward function --------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Builds @nncc_loss(params..., input, labels) -> (loss, moving stats...):
// the forward function with parameters as arguments, batch normalization in
// training behaviour, and the configured loss on its output (on the logits
// of a final softmax for cross-entropies, the fused stable form).
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "nncc/Dialect/NN/IR/NNModel.h"

#include "mlir/IR/IRMapping.h"

namespace mlir::nn {
#define GEN_PASS_DEF_NNBUILDLOSSPASS
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {

/// The type of the labels the loss compares the output with.
RankedTensorType getLabelsType(Loss loss, RankedTensorType output) {
  if (loss == Loss::sparse_categorical_crossentropy)
    return RankedTensorType::get(output.getShape().drop_back(),
                                 IntegerType::get(output.getContext(), 32));
  return output;
}

struct NNBuildLossPass : nn::impl::NNBuildLossPassBase<NNBuildLossPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    TrainConfigOp config = getTrainConfig(module);
    if (!config || module.lookupSymbol(kLossFunctionName))
      return;
    FailureOr<func::FuncOp> forward = getForwardFunction(module);
    if (failed(forward) || failed(build(module, config, *forward)))
      signalPassFailure();
  }

  LogicalResult build(ModuleOp module, TrainConfigOp config,
                      func::FuncOp forward) {
    Location loc = forward.getLoc();
    SmallVector<ParameterOp> params = getParameters(module);
    FunctionType forwardType = forward.getFunctionType();
    auto output = cast<RankedTensorType>(forwardType.getResult(0));
    RankedTensorType labelsType = getLabelsType(config.getLoss(), output);

    SmallVector<Type> argTypes;
    for (ParameterOp param : params)
      argTypes.push_back(param.getType());
    argTypes.push_back(forwardType.getInput(0));
    argTypes.push_back(labelsType);

    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto loss = func::FuncOp::create(b, loc, kLossFunctionName,
                                     b.getFunctionType(argTypes, {}));
    loss.setPrivate();
    Block *entry = loss.addEntryBlock();
    b.setInsertionPointToStart(entry);

    llvm::StringMap<Value> paramValues;
    SmallVector<int64_t> wrt;
    for (auto [i, param] : llvm::enumerate(params)) {
      paramValues[param.getSymName()] = entry->getArgument(i);
      if (param.isTrainable())
        wrt.push_back(i);
    }
    IRMapping mapping;
    mapping.map(forward.getArgument(0), entry->getArgument(params.size()));
    Value labels = entry->getArguments().back();

    SmallVector<Value> stateUpdates;
    SmallVector<Attribute> updatedParams;
    Value result;
    for (Operation &op : forward.getBody().front()) {
      if (auto read = dyn_cast<ParameterReadOp>(op)) {
        mapping.map(read.getResult(), paramValues[read.getParameter()]);
      } else if (auto bn = dyn_cast<BatchNormOp>(op)) {
        if (failed(trainBatchNorm(b, bn, mapping, stateUpdates, updatedParams)))
          return failure();
      } else if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        result = mapping.lookup(ret.getOperand(0));
      } else {
        b.clone(op, mapping);
      }
    }

    FailureOr<Value> lossValue = applyLoss(b, config, result, labels);
    if (failed(lossValue))
      return failure();
    SmallVector<Value> results = {*lossValue};
    llvm::append_range(results, stateUpdates);
    func::ReturnOp::create(b, loc, results);
    loss.setFunctionType(
        b.getFunctionType(argTypes, ValueRange(results).getTypes()));
    loss->setAttr(kWrtAttrName, b.getDenseI64ArrayAttr(wrt));
    loss->setAttr(kStateUpdatesAttrName, b.getArrayAttr(updatedParams));
    return success();
  }

  /// nn.batch_norm -> nn.batch_norm_training; its new moving statistics
  /// become results updating the parameters they were read from.
  LogicalResult trainBatchNorm(OpBuilder &b, BatchNormOp bn, IRMapping &mapping,
                               SmallVectorImpl<Value> &stateUpdates,
                               SmallVectorImpl<Attribute> &updatedParams) {
    SmallVector<Attribute> sources;
    for (Value stat : {bn.getMovingMean(), bn.getMovingVariance()}) {
      auto read = stat.getDefiningOp<ParameterReadOp>();
      auto param = read ? SymbolTable::lookupNearestSymbolFrom<ParameterOp>(
                              read, read.getParameterAttr())
                        : ParameterOp();
      if (!param || param.isTrainable())
        return bn.emitOpError("needs its moving statistics read from "
                              "non-trainable parameters to be trained");
      sources.push_back(read.getParameterAttr());
    }
    auto training = BatchNormTrainingOp::create(
        b, bn.getLoc(), mapping.lookup(bn.getInput()),
        mapping.lookup(bn.getGamma()), mapping.lookup(bn.getBeta()),
        mapping.lookup(bn.getMovingMean()),
        mapping.lookup(bn.getMovingVariance()), bn.getEpsilonAttr(),
        bn.getMomentumAttr());
    mapping.map(bn.getResult(), training.getResult());
    stateUpdates.append(
        {training.getNewMovingMean(), training.getNewMovingVariance()});
    llvm::append_range(updatedParams, sources);
    return success();
  }

  /// The configured loss on `output`.
  FailureOr<Value> applyLoss(OpBuilder &b, TrainConfigOp config, Value output,
                             Value labels) {
    Location loc = config.getLoc();
    Loss loss = config.getLoss();
    if (loss == Loss::mean_squared_error)
      return Value(MeanSquaredErrorOp::create(b, loc, output, labels));

    // Cross-entropies take logits: those of the final softmax, unless the
    // output already is logits.
    Value logits = output;
    if (!config.getFromLogits()) {
      auto softmax = output.getDefiningOp<SoftmaxOp>();
      if (!softmax ||
          softmax.getNormalizedAxis() !=
              cast<RankedTensorType>(output.getType()).getRank() - 1)
        return config.emitOpError(
            "trains a cross-entropy on probabilities only when the forward "
            "function ends in nn.softmax over the last axis; end it so, or "
            "set from_logits if it returns logits");
      logits = softmax.getInput();
    }
    if (loss == Loss::sparse_categorical_crossentropy)
      return Value(SparseSoftmaxCrossEntropyOp::create(b, loc, logits, labels));
    return Value(SoftmaxCrossEntropyOp::create(b, loc, logits, labels));
  }
};

} // namespace
