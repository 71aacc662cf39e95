//===- SerializePTX.cpp - the kernel module to PTX, in process ------------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Translates the kernel module (LLVM and NVVM dialects) to LLVM IR,
// optimizes it and emits PTX with LLVM's NVPTX backend (see the pass
// description). Unlike upstream's gpu-module-to-binary, nothing here looks
// for a CUDA toolkit: no libdevice is linked, whether one is installed or
// not, so the PTX is the same on every machine.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/Passes.h"

#include "nncc/Target/ObjectEmitter.h"

#include "mlir/Dialect/GPU/IR/CompilationInterfaces.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCSERIALIZEPTXPASS
#include "nncc/Target/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kTriple = "nvptx64-nvidia-cuda";

struct NNCCSerializePTXPass
    : nncc::impl::NNCCSerializePTXPassBase<NNCCSerializePTXPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernels(module.getOps<gpu::GPUModuleOp>());
    for (gpu::GPUModuleOp kernelModule : kernels) {
      std::string ptx;
      if (failed(serialize(kernelModule, ptx)))
        return signalPassFailure();
      MLIRContext *ctx = &getContext();
      OpBuilder b(kernelModule);
      std::string features = "+" + ptxVersion.getValue();
      auto target = NVVM::NVVMTargetAttr::get(ctx, /*optLevel=*/3, kTriple,
                                              gpuArch, features);
      auto object =
          gpu::ObjectAttr::get(ctx, target, gpu::CompilationTarget::Assembly,
                               b.getStringAttr(ptx), /*properties=*/nullptr,
                               /*kernels=*/nullptr);
      gpu::BinaryOp::create(b, kernelModule.getLoc(), kernelModule.getSymName(),
                            /*handler=*/nullptr, b.getArrayAttr({object}));
      kernelModule.erase();
    }
  }

  LogicalResult serialize(gpu::GPUModuleOp kernelModule, std::string &ptx) {
    static std::once_flag initialized;
    std::call_once(initialized, [] {
      llvm::InitializeAllTargets();
      llvm::InitializeAllTargetMCs();
      llvm::InitializeAllAsmPrinters();
    });
    std::string error;
    llvm::Triple triple(kTriple);
    const llvm::Target *target =
        llvm::TargetRegistry::lookupTarget(triple, error);
    if (!target)
      return kernelModule.emitOpError("cannot make PTX: ") << error;
    std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
        triple, gpuArch, "+" + ptxVersion.getValue(), llvm::TargetOptions(),
        std::nullopt, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
    if (!machine)
      return kernelModule.emitOpError("no NVPTX target machine for ")
             << gpuArch;

    llvm::LLVMContext llvmContext;
    std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(
        kernelModule, llvmContext, kernelModule.getSymName());
    if (!llvmModule)
      return kernelModule.emitOpError("cannot be translated to LLVM IR");
    llvmModule->setTargetTriple(triple);
    llvmModule->setDataLayout(machine->createDataLayout());

    // The same O3 pipeline and emission as the host's object code.
    nncc::optimizeModule(*llvmModule, *machine, /*optLevel=*/3);
    ptx = nncc::emitMachineCode(*llvmModule, *machine, /*assembly=*/true);
    return success();
  }
};

} // namespace
