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
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Linker/Linker.h"
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

std::unique_ptr<llvm::TargetMachine>
nncc::createTargetMachine(const ObjectOptions &options, std::string &error) {
  if (failed(verifyTargetTriple(options.triple, error)))
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

/// Lets the model's own floating-point arithmetic contract multiply-adds
/// into fused multiply-adds (one rounding instead of two: twice the
/// arithmetic throughput, decided at compile time, so still deterministic).
/// The runtime, linked afterwards, is compiled with -ffp-contract=off and
/// keeps its exact roundings: the same seed gives the same initial
/// parameters on every machine, with or without FMA.
static void allowContraction(llvm::Module &module) {
  for (llvm::Function &function : module)
    for (llvm::Instruction &instruction : llvm::instructions(function))
      if (llvm::isa<llvm::FPMathOperator>(instruction))
        instruction.setHasAllowContract(true);
}

LogicalResult nncc::linkRuntime(llvm::Module &module, std::string &error) {
  allowContraction(module);
  auto buffer =
      llvm::MemoryBuffer::getMemBuffer(getRuntimeBitcode(), "nncc_runtime.bc",
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
