//===- CAPIEmitter.cpp - the NAME_* functions in LLVM IR --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Emits, into the LLVM module of a compiled model, the constant
// `nncc_model_desc` the runtime works from (names, shapes, initializers,
// workspace size, the compiled forward pass) and the exported NAME_*
// functions, each a single call into the runtime. The struct layouts mirror
// runtime/include/nncc/Runtime/nncc_runtime.h.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/CAPI.h"

#include "nncc/Support/Attributes.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// Builds the descriptor and the API functions.
class CAPIBuilder {
public:
  CAPIBuilder(llvm::Module &module, const ModelInfo &info)
      : module(module), info(info), ctx(module.getContext()),
        ptr(llvm::PointerType::get(ctx, 0)), i32(llvm::Type::getInt32Ty(ctx)),
        i64(llvm::Type::getInt64Ty(ctx)), f64(llvm::Type::getDoubleTy(ctx)),
        voidTy(llvm::Type::getVoidTy(ctx)) {}

  LogicalResult build(std::string &error);

private:
  llvm::Constant *string(StringRef value, const llvm::Twine &name);
  llvm::Constant *tensorDesc(const TensorInfo &tensor, unsigned index);
  /// The entry point `name` with `arity` arguments, or null after setting
  /// `missing`.
  llvm::Function *kernel(StringRef name, unsigned arity);
  /// Defines `NAME_suffix(args...)` as `return callee([desc,] args...)`.
  void forward(StringRef suffix, llvm::Type *result,
               ArrayRef<llvm::Type *> args, StringRef callee,
               bool passDescriptor);
  /// The same for a function of libnncc_cuda.a, declared here with the
  /// API's argument types, or `calleeArgs` where the C types differ (float
  /// widened to double: `forward` converts).
  void forwardExternal(StringRef suffix, llvm::Type *result,
                       ArrayRef<llvm::Type *> args, StringRef callee,
                       bool passDescriptor,
                       ArrayRef<llvm::Type *> calleeArgs = {});
  /// The descriptor: nncc_model_desc, or for CUDA nncc_cuda_model_desc
  /// (nncc_model_desc followed by the PTX, kernel names and I/O sizes).
  LogicalResult buildDescriptor(llvm::Constant *tensorArray,
                                llvm::Constant *predictFn,
                                llvm::Constant *computeFn,
                                llvm::Constant *applyFn);
  void forwardAPI();

  llvm::Module &module;
  const ModelInfo &info;
  llvm::LLVMContext &ctx;
  llvm::Type *ptr, *i32, *i64, *f64, *voidTy;
  llvm::GlobalVariable *descriptor = nullptr;
  llvm::StringSet<> exported;
  std::string missing;
  /// An exported name some symbol of the module already has.
  std::string taken;
};

llvm::Constant *CAPIBuilder::string(StringRef value, const llvm::Twine &name) {
  auto *init = llvm::ConstantDataArray::getString(ctx, value);
  return new llvm::GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                  llvm::GlobalValue::PrivateLinkage, init,
                                  name);
}

// struct nncc_tensor_desc { const char *name; int32_t dtype, rank;
//   const int64_t *shape; int64_t num_elements; int32_t init_kind;
//   double init_args[2]; int32_t num_init_args, trainable, step_updated; }
llvm::Constant *CAPIBuilder::tensorDesc(const TensorInfo &tensor,
                                        unsigned index) {
  SmallVector<llvm::Constant *> dims;
  for (int64_t d : tensor.shape)
    dims.push_back(llvm::ConstantInt::get(i64, d));
  auto *shapeType = llvm::ArrayType::get(i64, dims.size());
  auto *shape = new llvm::GlobalVariable(
      module, shapeType, /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantArray::get(shapeType, dims),
      "nncc.shape." + llvm::Twine(index));
  double args[2] = {0.0, 0.0};
  for (auto [i, arg] : llvm::enumerate(tensor.initArgs))
    args[i] = arg;
  auto *argsType = llvm::ArrayType::get(f64, 2);
  auto *type = llvm::StructType::get(
      ctx, {ptr, i32, i32, ptr, i64, i32, argsType, i32, i32, i32});
  return llvm::ConstantStruct::get(
      type, {string(tensor.name, "nncc.name." + llvm::Twine(index)),
             llvm::ConstantInt::get(i32, tensor.isF64 ? 1 : 0),
             llvm::ConstantInt::get(i32, tensor.shape.size()), shape,
             llvm::ConstantInt::get(i64, tensor.getNumElements()),
             llvm::ConstantInt::get(i32, static_cast<int32_t>(tensor.init)),
             llvm::ConstantArray::get(argsType,
                                      {llvm::ConstantFP::get(f64, args[0]),
                                       llvm::ConstantFP::get(f64, args[1])}),
             llvm::ConstantInt::get(i32, tensor.initArgs.size()),
             llvm::ConstantInt::get(i32, tensor.trainable ? 1 : 0),
             llvm::ConstantInt::get(i32, tensor.stepUpdated ? 1 : 0)});
}

void CAPIBuilder::forward(StringRef suffix, llvm::Type *result,
                          ArrayRef<llvm::Type *> args, StringRef calleeName,
                          bool passDescriptor) {
  llvm::Function *callee = module.getFunction(calleeName);
  if (!callee) {
    missing = calleeName.str();
    return;
  }
  std::string name = info.name + "_" + suffix.str();
  // collectModelInfo keeps the model's names out of the runtime's
  // namespace; a clash here would silently rename the export.
  if (module.getNamedValue(name)) {
    taken = name;
    return;
  }
  exported.insert(name);
  auto *fn =
      llvm::Function::Create(llvm::FunctionType::get(result, args, false),
                             llvm::GlobalValue::ExternalLinkage, name, module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  SmallVector<llvm::Value *> callArgs;
  if (passDescriptor)
    callArgs.push_back(descriptor);
  for (llvm::Argument &arg : fn->args()) {
    llvm::Type *expected =
        callee->getFunctionType()->getParamType(callArgs.size());
    callArgs.push_back(arg.getType() == expected
                           ? static_cast<llvm::Value *>(&arg)
                           : b.CreateFPExt(&arg, expected));
  }
  llvm::Value *value = b.CreateCall(callee, callArgs);
  if (result->isVoidTy())
    b.CreateRetVoid();
  else
    b.CreateRet(value);
}

void CAPIBuilder::forwardExternal(StringRef suffix, llvm::Type *result,
                                  ArrayRef<llvm::Type *> args,
                                  StringRef calleeName, bool passDescriptor,
                                  ArrayRef<llvm::Type *> calleeArgs) {
  if (!module.getFunction(calleeName)) {
    SmallVector<llvm::Type *> params;
    if (passDescriptor)
      params.push_back(ptr);
    llvm::append_range(params, calleeArgs.empty() ? args : calleeArgs);
    llvm::Function::Create(llvm::FunctionType::get(result, params, false),
                           llvm::GlobalValue::ExternalLinkage, calleeName,
                           module);
  }
  forward(suffix, result, args, calleeName, passDescriptor);
}

llvm::Function *CAPIBuilder::kernel(StringRef name, unsigned arity) {
  llvm::Function *fn = module.getFunction(name);
  if (!fn || fn->arg_size() != arity) {
    missing =
        "the entry point " + name.str() + " of arity " + std::to_string(arity);
    return nullptr;
  }
  return fn;
}

LogicalResult CAPIBuilder::buildDescriptor(llvm::Constant *tensorArray,
                                           llvm::Constant *predictFn,
                                           llvm::Constant *computeFn,
                                           llvm::Constant *applyFn) {
  unsigned numParams = info.params.size();
  unsigned numTensors = info.getNumTensors();
  // struct nncc_model_desc { name; num_params, num_tensors; tensors;
  //   workspace_bytes; predict, compute_gradients, apply_gradients;
  //   learning_rate_index, scalar_dtype; label_count; num_classes,
  //   check_numerics; }
  auto *descType = llvm::StructType::get(
      ctx, {ptr, i32, i32, ptr, i64, ptr, ptr, ptr, i32, i32, i64, i32, i32});
  llvm::Constant *modelDesc = llvm::ConstantStruct::get(
      descType,
      {string(info.name, "nncc.model_name"),
       llvm::ConstantInt::get(i32, numParams),
       llvm::ConstantInt::get(i32, numTensors), tensorArray,
       llvm::ConstantInt::get(i64, info.workspaceBytes), predictFn, computeFn,
       applyFn, llvm::ConstantInt::get(i32, info.learningRateIndex),
       llvm::ConstantInt::get(i32, info.isF64 ? 1 : 0),
       llvm::ConstantInt::get(i64, info.hasTraining ? info.getLabelSize() : 0),
       llvm::ConstantInt::get(i32, info.numClasses),
       llvm::ConstantInt::get(i32, info.checkNumerics ? 1 : 0)});
  if (info.target == TargetKind::CPU) {
    descriptor = new llvm::GlobalVariable(module, descType, /*isConstant=*/true,
                                          llvm::GlobalValue::PrivateLinkage,
                                          modelDesc, "nncc.model");
    return success();
  }
  // struct nncc_cuda_model_desc: the globals nncc-lower-gpu-launches made.
  llvm::GlobalVariable *ptx = module.getGlobalVariable(getCudaPTXGlobalName());
  llvm::GlobalVariable *names =
      module.getGlobalVariable(getCudaKernelNamesGlobalName());
  llvm::GlobalVariable *count =
      module.getGlobalVariable(getCudaNumKernelsGlobalName());
  if (!ptx || !names || !count || !count->hasInitializer()) {
    missing = "the PTX of its kernels";
    return failure();
  }
  auto *cudaType =
      llvm::StructType::get(ctx, {descType, ptr, ptr, i32, i64, i64, i64, i64});
  descriptor = new llvm::GlobalVariable(
      module, cudaType, /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantStruct::get(
          cudaType, {modelDesc, ptx, names, count->getInitializer(),
                     llvm::ConstantInt::get(i64, info.getInputBytes()),
                     llvm::ConstantInt::get(i64, info.getOutputBytes()),
                     llvm::ConstantInt::get(i64, info.getLabelBytes()),
                     llvm::ConstantInt::get(i64, info.getLossBytes())}),
      "nncc.model");
  return success();
}

/// The instance functions go to the runtime inside the object
/// (nncc_model_*) on the CPU, to libnncc_cuda.a (nncc_cuda_model_*) on the
/// GPU; the descriptor queries and status strings to the runtime inside the
/// object on both.
void CAPIBuilder::forwardAPI() {
  bool cuda = info.target == TargetKind::CUDA;
  auto instance = [&](StringRef suffix, llvm::Type *result,
                      ArrayRef<llvm::Type *> args, bool passDescriptor,
                      ArrayRef<llvm::Type *> cudaArgs = {}) {
    if (cuda)
      forwardExternal(suffix, result, args, ("nncc_cuda_model_" + suffix).str(),
                      passDescriptor, cudaArgs);
    else
      forward(suffix, result, args, ("nncc_model_" + suffix).str(),
              passDescriptor);
  };
  llvm::Type *f32 = llvm::Type::getFloatTy(ctx);
  instance("create", ptr, {i64}, true);
  instance("destroy", voidTy, {ptr}, false);
  instance("predict", i32, {ptr, ptr, ptr}, false);
  instance("save", i32, {ptr, ptr}, false);
  instance("load", i32, {ptr, ptr}, false);
  forward("num_params", i32, {}, "nncc_model_num_params", true);
  forward("param_name", ptr, {i32}, "nncc_model_param_name", true);
  forward("param_rank", i32, {i32}, "nncc_model_param_rank", true);
  forward("param_shape", ptr, {i32}, "nncc_model_param_shape", true);
  instance("param_data", ptr, {ptr, i32}, false);
  forward("strerror", ptr, {i32}, "nncc_status_string", false);
  instance("instance_bytes", i64, {}, true);
  instance("set_num_threads", i32, {ptr, i32}, false);
  instance("num_threads", i32, {ptr}, false);
  if (info.hasTraining) {
    instance("train_step", i32, {ptr, ptr, ptr, ptr}, false);
    instance("compute_gradients", i32, {ptr, ptr, ptr, ptr}, false);
    instance("apply_gradients", i32, {ptr}, false);
    instance("grad_data", ptr, {ptr, i32}, false);
    // The runtimes take the rate as a double.
    instance("set_learning_rate", i32, {ptr, f32}, false, {ptr, f64});
  }
  if (!cuda)
    return;
  instance("predict_device", i32, {ptr, ptr, ptr}, false);
  if (info.hasTraining)
    instance("train_step_device", i32, {ptr, ptr, ptr, ptr}, false);
  forwardExternal("create_status", i32, {}, "nncc_cuda_create_status", false);
  forwardExternal("last_error", ptr, {}, "nncc_cuda_last_error", false);
}

LogicalResult CAPIBuilder::build(std::string &error) {
  unsigned numParams = info.params.size();

  // static const nncc_tensor_desc tensors[] = {...};
  SmallVector<llvm::Constant *> descs;
  for (auto [i, param] : llvm::enumerate(info.params))
    descs.push_back(tensorDesc(param, i));
  for (auto [i, slot] : llvm::enumerate(info.state))
    descs.push_back(tensorDesc(slot, numParams + i));
  llvm::Constant *tensorArray =
      llvm::ConstantPointerNull::get(llvm::PointerType::get(ctx, 0));
  if (!descs.empty()) {
    auto *arrayType =
        llvm::ArrayType::get(descs.front()->getType(), descs.size());
    tensorArray = new llvm::GlobalVariable(
        module, arrayType, /*isConstant=*/true,
        llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(arrayType, descs), "nncc.tensors");
  }

  // The entry points, in the runtime's calling convention (the pointer
  // tables, then the other buffers; each ends with the workspace and the
  // thread pool or CUDA context): predict(tensors, input, output, ws,
  // pool), compute_gradients(tensors, grads, input, labels, loss, ws, pool),
  // apply_gradients(tensors, grads, ws, pool).
  llvm::Constant *null =
      llvm::ConstantPointerNull::get(llvm::PointerType::get(ctx, 0));
  auto entry = [&](EntryPoint which, unsigned arity) -> llvm::Constant * {
    llvm::Function *fn = kernel(getEntryPointName(which), arity);
    return fn ? fn : null;
  };
  llvm::Constant *predictFn = entry(EntryPoint::Predict, 5);
  llvm::Constant *computeFn = null, *applyFn = null;
  if (info.hasTraining) {
    computeFn = entry(EntryPoint::ComputeGradients, 7);
    applyFn = entry(EntryPoint::ApplyGradients, 4);
  }
  if (!missing.empty()) {
    error = "the compiled module lacks " + missing;
    return failure();
  }

  if (failed(buildDescriptor(tensorArray, predictFn, computeFn, applyFn))) {
    error = "the compiled module lacks " + missing;
    return failure();
  }
  forwardAPI();
  if (!taken.empty()) {
    error = "the C API function " + taken +
            " has the name of a symbol of the compiled module";
    return failure();
  }
  if (!missing.empty()) {
    error = "the runtime does not define " + missing;
    return failure();
  }

  // Only the API is visible outside the object. LLVM's own arrays
  // (llvm.global_ctors, llvm.used: a sanitized runtime has them) keep their
  // appending linkage.
  for (llvm::GlobalValue &value : module.global_values())
    if (!value.isDeclaration() && !exported.contains(value.getName()) &&
        !value.getName().starts_with("llvm."))
      value.setLinkage(llvm::GlobalValue::InternalLinkage);
  return success();
}

} // namespace

LogicalResult nncc::emitCAPI(llvm::Module &module, const ModelInfo &info,
                             std::string &error) {
  return CAPIBuilder(module, info).build(error);
}
