//===- CreateEntryPoints.cpp - model entry points over buffers --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Turns a model (parameters + forward function) into the functions the
// generated C API calls: every argument is a buffer (memref), parameters
// first in declaration order, then the input, then the output. Each
// tensor's argument names its slot in the runtime's pointer tables
// (`nncc.tensor`, `nncc.gradient`: nncc-pack-entry-arguments passes the
// tables instead). The parameters' values enter as `bufferization.to_tensor
// ... restrict` and the result leaves through
// `bufferization.materialize_in_destination`, so that
// one-shot bufferization writes it straight into the caller's buffer.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "nncc/Dialect/NN/IR/NNModel.h"
#include "nncc/Support/Attributes.h"

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

/// Builds entry points: a func.func over memrefs whose body reads tensors
/// from its buffers and writes results into them.
class EntryBuilder {
public:
  EntryBuilder(ModuleOp module, StringRef name, ArrayRef<Type> tensorTypes,
               Location loc)
      : b(module.getBodyRegion()) {
    SmallVector<Type> argTypes;
    for (Type type : tensorTypes)
      argTypes.push_back(toMemRef(type));
    b.setInsertionPointToEnd(module.getBody());
    func = func::FuncOp::create(b, loc, name, b.getFunctionType(argTypes, {}));
    nncc::setEntryPoint(func);
    argAttrs.assign(argTypes.size(), b.getDictionaryAttr({}));
    entry = func.addEntryBlock();
    b.setInsertionPointToStart(entry);
  }

  BlockArgument arg(unsigned i) { return entry->getArgument(i); }

  /// Argument `i` carries slot `slot` of the runtime's `table`, the tensor
  /// `name`.
  void setSlot(unsigned i, nncc::PointerTable table, int64_t slot,
               StringRef name) {
    argAttrs[i] = nncc::getTableSlotAttrs(b.getContext(), table, slot, name);
  }

  /// The value of buffer argument `i`, as a tensor: one `restrict`
  /// to_tensor per buffer, as bufferization requires.
  Value read(unsigned i, Type tensorType) {
    Value &value = reads[i];
    if (!value)
      value = bufferization::ToTensorOp::create(b, func.getLoc(), tensorType,
                                                arg(i), /*restrict=*/true);
    return value;
  }

  /// Writes `value` into buffer argument `i`.
  void write(Value value, unsigned i) {
    bufferization::MaterializeInDestinationOp::create(
        b, value.getLoc(), /*result=*/Type(), value, arg(i),
        /*restrict=*/true, /*writable=*/true);
  }

  func::FuncOp finish() {
    func::ReturnOp::create(b, func.getLoc());
    // At once: one setArgAttr per argument would copy all of them each time.
    func.setAllArgAttrs(argAttrs);
    return func;
  }

  OpBuilder b;
  func::FuncOp func;
  Block *entry;
  SmallVector<DictionaryAttr> argAttrs;
  DenseMap<unsigned, Value> reads;
};

/// The model's tensors as the training entry points see them: parameters in
/// declaration order, then the optimizer state.
struct ModelTensors {
  SmallVector<ParameterOp> all;
  llvm::StringMap<unsigned> index;

  explicit ModelTensors(ModuleOp module) {
    all = getParameters(module);
    llvm::append_range(all, getOptimizerState(module));
    for (auto [i, p] : llvm::enumerate(all))
      index[p.getSymName()] = i;
  }
  SmallVector<Type> types() {
    return llvm::to_vector(llvm::map_range(
        all, [](ParameterOp p) -> Type { return p.getType(); }));
  }
};

struct NNCreateEntryPointsPass
    : nn::impl::NNCreateEntryPointsPassBase<NNCreateEntryPointsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<func::FuncOp> forward = getForwardFunction(module);
    if (failed(forward) || failed(verifyForward(module, *forward)))
      return signalPassFailure();
    createPredict(module, *forward);
    if (TrainConfigOp config = getTrainConfig(module))
      if (failed(createTraining(module, config)))
        return signalPassFailure();

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
      argTypes.push_back(param.getType());
    FunctionType forwardType = forward.getFunctionType();
    argTypes.push_back(forwardType.getInput(0));
    argTypes.push_back(forwardType.getResult(0));
    EntryBuilder entry(module,
                       nncc::getEntryPointName(nncc::EntryPoint::Predict),
                       argTypes, loc);
    OpBuilder &b = entry.b;

    // Parameters and the input enter as read-only tensors.
    llvm::StringMap<Value> paramValues;
    for (auto [i, param] : llvm::enumerate(params)) {
      entry.setSlot(i, nncc::PointerTable::Tensors, i, param.getSymName());
      paramValues[param.getSymName()] = entry.read(i, param.getType());
    }
    IRMapping mapping;
    mapping.map(forward.getArgument(0),
                entry.read(params.size(), forwardType.getInput(0)));

    for (Operation &op : forward.getBody().front()) {
      if (auto read = dyn_cast<ParameterReadOp>(op)) {
        mapping.map(read.getResult(), paramValues[read.getParameter()]);
        continue;
      }
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        entry.write(mapping.lookup(ret.getOperand(0)), params.size() + 1);
        continue;
      }
      b.clone(op, mapping);
    }
    entry.finish();
  }

  /// The training entry points, around @nncc_loss_grad.
  LogicalResult createTraining(ModuleOp module, TrainConfigOp config) {
    auto lossGrad =
        module.lookupSymbol<func::FuncOp>((kLossFunctionName + "_grad").str());
    if (!lossGrad)
      return config.emitOpError("has no gradient function: run nn-build-loss "
                                "and nn-autodiff first");
    ModelTensors tensors(module);
    SmallVector<ParameterOp> trainable;
    for (ParameterOp p : getParameters(module))
      if (p.isTrainable())
        trainable.push_back(p);
    FunctionType lossType = lossGrad.getFunctionType();
    Type inputType = lossType.getInput(lossType.getNumInputs() - 2);
    Type labelsType = lossType.getInput(lossType.getNumInputs() - 1);
    Type scalarType = lossType.getResult(0);
    auto updates = lossGrad->getAttrOfType<ArrayAttr>(kStateUpdatesAttrName);
    unsigned numTensors = tensors.all.size();
    Location loc = config.getLoc();

    SmallVector<Type> gradTypes;
    for (ParameterOp p : trainable)
      gradTypes.push_back(p.getType());

    // compute_gradients(tensors..., input, labels, loss, grads...)
    {
      SmallVector<Type> args = tensors.types();
      args.append({inputType, labelsType, scalarType});
      llvm::append_range(args, gradTypes);
      EntryBuilder entry(
          module, nncc::getEntryPointName(nncc::EntryPoint::ComputeGradients),
          args, loc);
      setSlots(entry, tensors, trainable, numTensors + 3);
      SmallVector<Value> grads =
          callLossGrad(entry, tensors, lossGrad, updates);
      for (auto [i, g] : llvm::enumerate(grads))
        entry.write(g, numTensors + 3 + i);
      entry.finish();
    }
    // apply_gradients(tensors..., grads...)
    {
      SmallVector<Type> args = tensors.types();
      llvm::append_range(args, gradTypes);
      EntryBuilder entry(
          module, nncc::getEntryPointName(nncc::EntryPoint::ApplyGradients),
          args, loc);
      setSlots(entry, tensors, trainable, numTensors);
      SmallVector<Value> grads;
      for (auto [i, type] : llvm::enumerate(gradTypes))
        grads.push_back(entry.read(numTensors + i, type));
      optimizerStep(entry, config, tensors, trainable, grads);
      entry.finish();
    }
    lossGrad->removeAttr(kStateUpdatesAttrName);
    return success();
  }

  /// The tensors are arguments 0.., slots of `tensors`; the gradients of
  /// the trainable parameters arguments `gradsAt`.., slots of `grads`
  /// numbered like the parameters.
  static void setSlots(EntryBuilder &entry, ModelTensors &tensors,
                       ArrayRef<ParameterOp> trainable, unsigned gradsAt) {
    for (auto [i, t] : llvm::enumerate(tensors.all))
      entry.setSlot(i, nncc::PointerTable::Tensors, i, t.getSymName());
    for (auto [i, param] : llvm::enumerate(trainable)) {
      ParameterOp p = param;
      entry.setSlot(gradsAt + i, nncc::PointerTable::Gradients,
                    tensors.index.lookup(p.getSymName()), p.getSymName());
    }
  }

  /// Calls @nncc_loss_grad on the model's parameters, the input and the
  /// labels (arguments numTensors, +1; the loss buffer is +2); writes the
  /// loss and the updated non-trainable state; returns the gradients.
  SmallVector<Value> callLossGrad(EntryBuilder &entry, ModelTensors &tensors,
                                  func::FuncOp lossGrad, ArrayAttr updates) {
    OpBuilder &b = entry.b;
    unsigned numTensors = tensors.all.size();
    SmallVector<Value> operands;
    for (ParameterOp p : getParameters(lossGrad->getParentOfType<ModuleOp>()))
      operands.push_back(
          entry.read(tensors.index[p.getSymName()], p.getType()));
    FunctionType type = lossGrad.getFunctionType();
    operands.push_back(
        entry.read(numTensors, type.getInput(type.getNumInputs() - 2)));
    operands.push_back(
        entry.read(numTensors + 1, type.getInput(type.getNumInputs() - 1)));
    auto call = func::CallOp::create(b, lossGrad.getLoc(), lossGrad, operands);
    entry.write(call.getResult(0), numTensors + 2);
    for (auto [i, update] : llvm::enumerate(updates))
      entry.write(call.getResult(1 + i),
                  tensors.index[cast<FlatSymbolRefAttr>(update).getValue()]);
    return SmallVector<Value>(call.getResults().drop_front(1 + updates.size()));
  }

  /// One optimizer step: every trainable parameter and its slots are
  /// updated in place, then the iteration count.
  void optimizerStep(EntryBuilder &entry, TrainConfigOp config,
                     ModelTensors &tensors, ArrayRef<ParameterOp> trainable,
                     ArrayRef<Value> grads) {
    OpBuilder &b = entry.b;
    Location loc = config.getLoc();
    auto tensor = [&](StringRef name) {
      unsigned i = tensors.index.lookup(name);
      return entry.read(i, tensors.all[i].getType());
    };
    auto write = [&](Value value, StringRef name) {
      entry.write(value, tensors.index.lookup(name));
    };
    Value learningRate = tensor(kLearningRateName);
    Value iterations = tensor(kIterationsName);
    auto scalarType = cast<RankedTensorType>(iterations.getType());
    Value one = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            scalarType, b.getFloatAttr(scalarType.getElementType(), 1.0)));
    Value step = AddOp::create(b, loc, iterations, one);

    for (auto [i, grad] : llvm::enumerate(grads)) {
      ParameterOp param = trainable[i];
      StringRef name = param.getSymName();
      Value value = tensor(name);
      if (auto adam = dyn_cast<AdamAttr>(config.getOptimizer())) {
        std::string mName = getAdamMomentName(name, false);
        std::string vName = getAdamMomentName(name, true);
        auto update = AdamUpdateOp::create(
            b, loc, value, grad, learningRate, step, tensor(mName),
            tensor(vName),
            b.getF64FloatAttr(adam.getBeta_1().convertToDouble()),
            b.getF64FloatAttr(adam.getBeta_2().convertToDouble()),
            b.getF64FloatAttr(adam.getEpsilon().convertToDouble()),
            b.getF64FloatAttr(adam.getWeightDecay().convertToDouble()));
        write(update.getNewParam(), name);
        write(update.getNewM(), mName);
        write(update.getNewV(), vName);
        continue;
      }
      auto sgd = cast<SGDAttr>(config.getOptimizer());
      double momentum = sgd.getMomentum().convertToDouble();
      std::string velocityName = getVelocityName(name);
      Value velocity = momentum != 0.0 ? tensor(velocityName) : Value();
      auto update = SGDUpdateOp::create(
          b, loc, value, grad, learningRate, velocity,
          b.getF64FloatAttr(momentum),
          sgd.getNesterov() ? b.getUnitAttr() : UnitAttr(),
          b.getF64FloatAttr(sgd.getWeightDecay().convertToDouble()));
      write(update.getNewParam(), name);
      if (velocity)
        write(update.getNewVelocity(), velocityName);
    }
    write(step, kIterationsName);
  }
};

} // namespace
