//===- CAPIEmitter.cpp - the NAME_* functions in LLVM IR ------*- C++ -*-===//
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
  llvm::Function *trampoline(llvm::Function *predict);
  /// Defines `NAME_suffix(args...)` as `return callee([desc,] args...)`.
  void forward(StringRef suffix, llvm::Type *result,
               ArrayRef<llvm::Type *> args, StringRef callee,
               bool passDescriptor);

  llvm::Module &module;
  const ModelInfo &info;
  llvm::LLVMContext &ctx;
  llvm::Type *ptr, *i32, *i64, *f64, *voidTy;
  llvm::GlobalVariable *descriptor = nullptr;
  llvm::StringSet<> exported;
  std::string missing;
};

llvm::Constant *CAPIBuilder::string(StringRef value, const llvm::Twine &name) {
  auto *init = llvm::ConstantDataArray::getString(ctx, value);
  return new llvm::GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                  llvm::GlobalValue::PrivateLinkage, init,
                                  name);
}

// struct nncc_tensor_desc { const char *name; int32_t dtype, rank;
//   const int64_t *shape; int64_t num_elements; int32_t init_kind;
//   double init_args[2]; int32_t num_init_args, trainable; }
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
      ctx, {ptr, i32, i32, ptr, i64, i32, argsType, i32, i32});
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
             llvm::ConstantInt::get(i32, tensor.trainable ? 1 : 0)});
}

/// void trampoline(void *const *params, const void *in, void *out, void *ws)
///   -> nncc_predict(params[0], ..., params[n-1], in, out, ws)
llvm::Function *CAPIBuilder::trampoline(llvm::Function *predict) {
  auto *type = llvm::FunctionType::get(voidTy, {ptr, ptr, ptr, ptr}, false);
  auto *fn = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                    "nncc_predict_trampoline", module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  SmallVector<llvm::Value *> args;
  for (unsigned i = 0; i < info.params.size(); ++i)
    args.push_back(
        b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, fn->getArg(0), i)));
  args.append({fn->getArg(1), fn->getArg(2), fn->getArg(3)});
  b.CreateCall(predict, args);
  b.CreateRetVoid();
  return fn;
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
  exported.insert(name);
  auto *fn =
      llvm::Function::Create(llvm::FunctionType::get(result, args, false),
                             llvm::GlobalValue::ExternalLinkage, name, module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  SmallVector<llvm::Value *> callArgs;
  if (passDescriptor)
    callArgs.push_back(descriptor);
  for (llvm::Argument &arg : fn->args())
    callArgs.push_back(&arg);
  llvm::Value *value = b.CreateCall(callee, callArgs);
  if (result->isVoidTy())
    b.CreateRetVoid();
  else
    b.CreateRet(value);
}

LogicalResult CAPIBuilder::build(std::string &error) {
  llvm::Function *predict = module.getFunction("nncc_predict");
  if (!predict || predict->arg_size() != info.params.size() + 3) {
    error = "the compiled module has no nncc_predict entry point of the "
            "expected arity";
    return failure();
  }

  // static const nncc_tensor_desc params[] = {...};
  SmallVector<llvm::Constant *> descs;
  for (auto [i, param] : llvm::enumerate(info.params))
    descs.push_back(tensorDesc(param, i));
  llvm::Constant *paramArray =
      llvm::ConstantPointerNull::get(llvm::PointerType::get(ctx, 0));
  if (!descs.empty()) {
    auto *arrayType =
        llvm::ArrayType::get(descs.front()->getType(), descs.size());
    paramArray = new llvm::GlobalVariable(
        module, arrayType, /*isConstant=*/true,
        llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(arrayType, descs), "nncc.params");
  }

  // static const nncc_model_desc desc = {name, n, params, ws, predict};
  auto *descType = llvm::StructType::get(ctx, {ptr, i32, ptr, i64, ptr});
  descriptor = new llvm::GlobalVariable(
      module, descType, /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantStruct::get(
          descType,
          {string(info.name, "nncc.model_name"),
           llvm::ConstantInt::get(i32, info.params.size()), paramArray,
           llvm::ConstantInt::get(i64, info.workspaceBytes),
           trampoline(predict)}),
      "nncc.model");

  forward("create", ptr, {i64}, "nncc_model_create", true);
  forward("destroy", voidTy, {ptr}, "nncc_model_destroy", false);
  forward("predict", i32, {ptr, ptr, ptr}, "nncc_model_predict", false);
  forward("save", i32, {ptr, ptr}, "nncc_model_save", false);
  forward("load", i32, {ptr, ptr}, "nncc_model_load", false);
  forward("num_params", i32, {}, "nncc_model_num_params", true);
  forward("param_name", ptr, {i32}, "nncc_model_param_name", true);
  forward("param_rank", i32, {i32}, "nncc_model_param_rank", true);
  forward("param_shape", ptr, {i32}, "nncc_model_param_shape", true);
  forward("param_data", ptr, {ptr, i32}, "nncc_model_param_data", false);
  forward("strerror", ptr, {i32}, "nncc_status_string", false);
  forward("instance_bytes", i64, {}, "nncc_model_instance_bytes", true);
  if (!missing.empty()) {
    error = "the runtime does not define " + missing;
    return failure();
  }

  // Only the API is visible outside the object.
  for (llvm::GlobalValue &value : module.global_values())
    if (!value.isDeclaration() && !exported.contains(value.getName()))
      value.setLinkage(llvm::GlobalValue::InternalLinkage);
  return success();
}

} // namespace

LogicalResult nncc::emitCAPI(llvm::Module &module, const ModelInfo &info,
                             std::string &error) {
  return CAPIBuilder(module, info).build(error);
}
