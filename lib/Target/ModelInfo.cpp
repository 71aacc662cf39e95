//===- ModelInfo.cpp - what the C API needs to know of a model --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Collects ModelInfo from a verified nn module before compilation: the C
// name, the parameters and optimizer state with their initializers, the
// input, output and label shapes; reports at the module what the C API cannot
// express.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/ModelInfo.h"

#include "nncc/Target/CNames.h"

#include "nncc/Dialect/NN/IR/NNModel.h"
#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "nncc/Runtime/nncc_layout.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::nncc;

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t TensorInfo::getNumElements() const { return product(shape); }

int64_t ModelInfo::getInputSize() const { return product(inputShape); }

int64_t ModelInfo::getOutputSize() const { return product(outputShape); }

int64_t ModelInfo::getLabelSize() const { return product(labelShape); }

int64_t ModelInfo::getLabelBytes() const {
  return hasTraining ? getLabelSize() * (sparseLabels ? 4 : getScalarBytes())
                     : 0;
}

/// Stands in for the compiled gradient entry point in the descriptor that
/// getInstanceBytes lays out: the layout only asks whether there is one.
static void computeGradientsStandIn(void *const *, void *const *, const void *,
                                    const void *, void *, void *,
                                    nncc_thread_pool *) {}

int64_t ModelInfo::getInstanceBytes() const {
  // The descriptor CAPIEmitter writes, as far as the layout reads it.
  SmallVector<nncc_tensor_desc> tensors;
  for (const TensorInfo &t : llvm::concat<const TensorInfo>(params, state)) {
    nncc_tensor_desc desc = {};
    desc.dtype = t.isF64 ? NNCC_F64 : NNCC_F32;
    desc.num_elements = t.getNumElements();
    desc.trainable = t.trainable;
    tensors.push_back(desc);
  }
  nncc_cuda_model_desc desc = {};
  desc.model.num_params = params.size();
  desc.model.num_tensors = tensors.size();
  desc.model.tensors = tensors.data();
  desc.model.workspace_bytes = workspaceBytes;
  desc.model.compute_gradients =
      hasTraining ? computeGradientsStandIn : nullptr;
  desc.model.check_numerics = checkNumerics;
  desc.input_bytes = getInputBytes();
  desc.output_bytes = getOutputBytes();
  desc.labels_bytes = getLabelBytes();
  desc.loss_bytes = getLossBytes();
  nncc_instance_layout layout;
  int status =
      target == TargetKind::CUDA
          ? nncc_cuda_instance_layout(&desc, nullptr, nullptr, &layout)
          : nncc_cpu_instance_layout(&desc.model, nullptr, nullptr, &layout);
  return status == NNCC_OK ? layout.total_bytes : -1;
}

/// `name` as a message can show it: escaped, at most 64 characters.
static std::string escapeForMessage(StringRef name) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::printEscapedString(name.take_front(64), os);
  if (name.size() > 64)
    os << "...";
  return text;
}

FailureOr<ModelInfo> nncc::collectModelInfo(ModuleOp module, StringRef name) {
  ModelInfo info;
  info.name =
      name.empty() ? module.getSymName().value_or("").str() : name.str();
  if (info.name.empty())
    return module.emitError("the model has no name: write `module @name` or "
                            "pass --name=NAME");
  if (std::optional<std::string> why = whyNotModelName(info.name))
    return module.emitError("cannot name the model \"")
           << escapeForMessage(info.name)
           << "\" (it prefixes every name of the C API): " << *why
           << "; pass --name=NAME";
  for (nn::ParameterOp param : nn::getParameters(module))
    if (std::optional<std::string> why =
            whyNotParameterName(param.getSymName()))
      return param.emitOpError("cannot name a parameter \"")
             << escapeForMessage(param.getSymName()) << "\": " << *why;

  FailureOr<func::FuncOp> forward = nn::getForwardFunction(module);
  if (failed(forward))
    return failure();
  FunctionType type = forward->getFunctionType();
  if (type.getNumInputs() != 1 || type.getNumResults() != 1)
    return forward->emitOpError("the forward function must take one tensor "
                                "and return one");
  auto input = dyn_cast<RankedTensorType>(type.getInput(0));
  auto output = dyn_cast<RankedTensorType>(type.getResult(0));
  if (!input || !output || !input.hasStaticShape() ||
      !output.hasStaticShape() || input.getRank() == 0)
    return forward->emitOpError("the forward function must map a statically "
                                "shaped [batch, ...] tensor to a statically "
                                "shaped tensor");
  if (!isa<Float32Type, Float64Type>(input.getElementType()))
    return forward->emitOpError("the forward function's input and output "
                                "must be f32 or f64 tensors, but its type is ")
           << type;
  if (input.getElementType() != output.getElementType())
    return forward->emitOpError(
        "the forward function's input and output must have one element type");
  // The pipelines lower nn layers; constants (e.g. fixed labels) and the
  // return are the only other ops a forward function may hold.
  WalkResult walk = forward->walk([](Operation *op) {
    if (isa<nn::NNDialect>(op->getDialect()) ||
        isa<arith::ConstantOp, func::ReturnOp, func::FuncOp>(op))
      return WalkResult::advance();
    op->emitError("unsupported operation '")
        << op->getName()
        << "' in the forward function: nncc compiles nn layers, "
           "arith.constant and func.return";
    return WalkResult::interrupt();
  });
  if (walk.wasInterrupted())
    return failure();
  info.inputShape.assign(input.getShape().begin(), input.getShape().end());
  info.outputShape.assign(output.getShape().begin(), output.getShape().end());
  info.isF64 = input.getElementType().isF64();

  auto describe = [](nn::ParameterOp param) {
    TensorInfo tensor;
    tensor.name = param.getSymName().str();
    RankedTensorType paramType = param.getTensorType();
    tensor.shape.assign(paramType.getShape().begin(),
                        paramType.getShape().end());
    tensor.isF64 = paramType.getElementType().isF64();
    tensor.init = param.getInitializer().getKind();
    for (const APFloat &arg : param.getInitializer().getArgs())
      tensor.initArgs.push_back(arg.convertToDouble());
    tensor.trainable = param.isTrainable();
    return tensor;
  };
  for (nn::ParameterOp param : nn::getParameters(module))
    info.params.push_back(describe(param));
  for (nn::ParameterOp slot : nn::getOptimizerState(module)) {
    if (slot.getSymName() == nn::kLearningRateName)
      info.learningRateIndex = info.getNumTensors();
    info.state.push_back(describe(slot));
  }

  if (nn::TrainConfigOp config = nn::getTrainConfig(module)) {
    info.hasTraining = true;
    info.sparseLabels =
        config.getLoss() == nn::Loss::sparse_categorical_crossentropy;
    ArrayRef<int64_t> labels =
        info.sparseLabels ? output.getShape().drop_back() : output.getShape();
    info.labelShape.assign(labels.begin(), labels.end());
    if (info.sparseLabels)
      info.numClasses = output.getShape().back();
    // The moving statistics nn-build-loss has the training step update.
    forward->walk([&](nn::BatchNormOp bn) {
      for (Value stat : {bn.getMovingMean(), bn.getMovingVariance()})
        if (auto read = stat.getDefiningOp<nn::ParameterReadOp>())
          for (TensorInfo &param : info.params)
            if (param.name == read.getParameter())
              param.stepUpdated = true;
    });
  }
  return info;
}

LogicalResult nncc::verifyCUDASupport(ModuleOp module, const ModelInfo &info) {
  if (!info.isF64)
    return success();
  auto unsupported =
      [](Operation *op, StringRef what) {
        return op->emitError()
               << what
               << " needs exp, erf, log, tanh or pow in f64, which the CUDA "
                  "target's "
                  "kernels do not compute (they approximate them in f32 only); "
                  "compile this model for the CPU, or in f32";
      };
  FailureOr<func::FuncOp> forward = nn::getForwardFunction(module);
  if (failed(forward))
    return failure();
  WalkResult walk = forward->walk([&](Operation *op) {
    if (isa<nn::SigmoidOp, nn::TanhOp, nn::ExpOp, nn::SoftmaxOp,
            nn::LogSoftmaxOp, nn::EluOp, nn::SeluOp, nn::GeluOp, nn::SiluOp,
            nn::SoftplusOp, nn::SimpleRNNOp, nn::LSTMOp, nn::GRUOp,
            nn::SparseSoftmaxCrossEntropyOp, nn::SoftmaxCrossEntropyOp>(op)) {
      (void)unsupported(op,
                        "'" + op->getName().getStringRef().str() + "' on f64");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  if (nn::TrainConfigOp config = nn::getTrainConfig(module)) {
    if (config.getLoss() != nn::Loss::mean_squared_error)
      return unsupported(config, "a cross-entropy loss on f64");
    if (isa<nn::AdamAttr>(config.getOptimizer()))
      return unsupported(config, "Adam on f64");
  }
  return success();
}
