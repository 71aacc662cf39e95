//===- ObjectEmitter.cpp - LLVM IR to object code, in-process ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// TargetMachine creation (host CPU and features unless told otherwise,
// position-independent code so objects link into PIE executables), runtime
// linking, the O-level pipeline, and machine-code emission into memory.
//
// The host object does not go through LLVM::ModuleToObject as the PTX does
// (SerializePTX.cpp, with the same optimizeModule and emitMachineCode): its
// bitcode linking imports only the symbols the module already references
// and internalizes the rest, but the runtime functions a model uses are
// referenced by the C API, which is emitted into the module after the
// runtime is linked (CAPIEmitter.cpp), so they would be dropped.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/ObjectEmitter.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::nncc;

LogicalResult nncc::verifyTargetTriple(StringRef name, std::string &error) {
  llvm::Triple triple(llvm::Triple::normalize(
      name.empty() ? llvm::sys::getDefaultTargetTriple() : name.str()));
  llvm::Triple runtime(NNCC_RUNTIME_TRIPLE);
  if (triple.getArch() == runtime.getArch() &&
      triple.getOS() == runtime.getOS() &&
      triple.getEnvironment() == runtime.getEnvironment())
    return success();
  error = "cannot compile for '" + triple.str() +
          "': nncc's runtime is built for " + runtime.str() +
          " only (x86_64, Linux, GNU C library)";
  return failure();
}

LogicalResult nncc::verifyTargetCPU(StringRef tripleName, StringRef cpu,
                                    std::string &error) {
  if (cpu.empty())
    return success();
  llvm::InitializeNativeTarget();
  llvm::Triple triple(tripleName.empty() ? llvm::sys::getDefaultTargetTriple()
                                         : tripleName.str());
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return failure();
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "", ""));
  if (info && info->isCPUStringValid(cpu))
    return success();
  error = "'" + cpu.str() + "' is not a CPU of " + triple.str() +
          " (e.g. x86-64-v3, skylake-avx512, znver4; `llc -mcpu=help` "
          "lists them)";
  return failure();
}

std::unique_ptr<llvm::TargetMachine>
nncc::createTargetMachine(const ObjectOptions &options, std::string &error) {
  if (failed(verifyTargetTriple(options.triple, error)) ||
      failed(verifyTargetCPU(options.triple, options.cpu, error)))
    return nullptr;
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(options.triple.empty()
                          ? llvm::sys::getDefaultTargetTriple()
                          : options.triple);
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;

  std::string cpu = options.cpu;
  std::string features;
  if (cpu.empty()) {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures hostFeatures;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      hostFeatures.AddFeature(feature.first(), feature.second);
    features = hostFeatures.getString();
  }
  llvm::CodeGenOptLevel level =
      options.optLevel == 0   ? llvm::CodeGenOptLevel::None
      : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
      : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                              : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, cpu, features, llvm::TargetOptions(),
                                  llvm::Reloc::PIC_, std::nullopt, level));
  if (!machine)
    error = "cannot create a target machine for " + triple.str();
  return machine;
}

/// The multiply an add or subtract `user` can absorb: an fmul operand (the
/// first one) that has no other use.
static llvm::BinaryOperator *fusableMultiply(llvm::BinaryOperator &user) {
  for (llvm::Value *operand : user.operands())
    if (auto *mul = llvm::dyn_cast<llvm::BinaryOperator>(operand))
      if (mul->getOpcode() == llvm::Instruction::FMul && mul->hasOneUse())
        return mul;
  return nullptr;
}

void nncc::fuseMultiplyAdds(llvm::Module &module,
                            const llvm::TargetMachine &machine) {
  if (!machine.getMCSubtargetInfo()->checkFeatures("+fma"))
    return;
  SmallVector<std::pair<llvm::BinaryOperator *, llvm::BinaryOperator *>> pairs;
  for (llvm::Function &function : module)
    for (llvm::Instruction &instruction : llvm::instructions(function))
      if (auto *user = llvm::dyn_cast<llvm::BinaryOperator>(&instruction))
        if (user->getOpcode() == llvm::Instruction::FAdd ||
            user->getOpcode() == llvm::Instruction::FSub)
          if (llvm::BinaryOperator *mul = fusableMultiply(*user))
            pairs.push_back({mul, user});
  for (auto [mul, user] : pairs) {
    // a*b + c = fma(a, b, c); a*b - c = fma(a, b, -c); c - a*b = fma(-a, b, c)
    llvm::IRBuilder<> builder(user);
    builder.setFastMathFlags(user->getFastMathFlags());
    llvm::Value *a = mul->getOperand(0), *b = mul->getOperand(1);
    llvm::Value *c = user->getOperand(user->getOperand(0) == mul ? 1 : 0);
    if (user->getOpcode() == llvm::Instruction::FSub) {
      if (user->getOperand(0) == mul)
        c = builder.CreateFNeg(c);
      else
        a = builder.CreateFNeg(a);
    }
    llvm::Value *fma = builder.CreateIntrinsic(llvm::Intrinsic::fma,
                                               {user->getType()}, {a, b, c});
    fma->takeName(user);
    user->replaceAllUsesWith(fma);
    user->eraseFromParent();
    mul->eraseFromParent();
  }
}

LogicalResult nncc::linkRuntime(llvm::Module &module, std::string &error,
                                StringRef bitcode) {
  auto buffer = llvm::MemoryBuffer::getMemBuffer(
      bitcode.empty() ? getRuntimeBitcode() : bitcode, "nncc_runtime.bc",
      /*RequiresNullTerminator=*/false);
  llvm::Expected<std::unique_ptr<llvm::Module>> runtime =
      llvm::parseBitcodeFile(buffer->getMemBufferRef(), module.getContext());
  if (!runtime) {
    error = llvm::toString(runtime.takeError());
    return failure();
  }
  (*runtime)->setTargetTriple(module.getTargetTriple());
  (*runtime)->setDataLayout(module.getDataLayout());
  if (llvm::Linker::linkModules(module, std::move(*runtime))) {
    error = "cannot link the runtime into the model";
    return failure();
  }
  return success();
}

void nncc::optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                          unsigned optLevel) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 0   ? llvm::OptimizationLevel::O0
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager pipeline =
      optLevel == 0 ? builder.buildO0DefaultPipeline(level)
                    : builder.buildPerModuleDefaultPipeline(level);
  pipeline.run(module, mam);
}

std::string nncc::emitMachineCode(llvm::Module &module,
                                  llvm::TargetMachine &machine, bool assembly) {
  llvm::SmallString<0> code;
  llvm::raw_svector_ostream os(code);
  llvm::legacy::PassManager codegen;
  machine.addPassesToEmitFile(codegen, os, nullptr,
                              assembly ? llvm::CodeGenFileType::AssemblyFile
                                       : llvm::CodeGenFileType::ObjectFile);
  codegen.run(module);
  return std::string(code.str());
}
