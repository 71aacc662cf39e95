//===- SerializePTX.cpp - the kernel module to PTX, in process ------------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Serializes the kernel module (LLVM and NVVM dialects) to PTX through
// upstream's LLVM::ModuleToObject, whose hooks nncc fills in: no bitcode is
// linked (upstream's NVVM serializer looks for a CUDA toolkit's libdevice;
// nncc's kernels call no library, so the PTX is the same on every
// machine), the module is optimized by the same O3 pipeline as the host
// object (ObjectEmitter.h's optimizeModule), and the object is the NVPTX
// backend's assembly.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/Passes.h"

#include "nncc/Target/ObjectEmitter.h"

#include "mlir/Dialect/GPU/IR/CompilationInterfaces.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Target/LLVM/ModuleToObject.h"

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

/// ModuleToObject for nncc's kernels: nothing to link, nncc's O3 pipeline,
/// PTX out.
class PTXEmitter : public LLVM::ModuleToObject {
public:
  /// `chip` and `features` must outlive the emitter.
  PTXEmitter(gpu::GPUModuleOp module, StringRef chip, StringRef features)
      : ModuleToObject(*module, kTriple, chip, features, /*optLevel=*/3) {}

protected:
  std::optional<SmallVector<std::unique_ptr<llvm::Module>>>
  loadBitcodeFiles(llvm::Module &) override {
    return SmallVector<std::unique_ptr<llvm::Module>>();
  }

  LogicalResult optimizeModule(llvm::Module &module, int) override {
    FailureOr<llvm::TargetMachine *> machine = getOrCreateTargetMachine();
    if (failed(machine))
      return getOperation().emitError("no NVPTX target machine for ") << chip;
    (*machine)->setOptLevel(llvm::CodeGenOptLevel::Aggressive);
    nncc::optimizeModule(module, **machine, /*optLevel=*/3);
    return success();
  }

  FailureOr<SmallVector<char, 0>>
  moduleToObject(llvm::Module &module) override {
    FailureOr<llvm::TargetMachine *> machine = getOrCreateTargetMachine();
    if (failed(machine))
      return failure();
    std::string ptx =
        nncc::emitMachineCode(module, **machine, /*assembly=*/true);
    return SmallVector<char, 0>(ptx.begin(), ptx.end());
  }
};

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
    std::string features = "+" + ptxVersion.getValue();
    PTXEmitter emitter(kernelModule, gpuArch, features);
    std::optional<SmallVector<char, 0>> object = emitter.run();
    if (!object)
      return kernelModule.emitOpError("cannot be compiled to PTX");
    ptx.assign(object->begin(), object->end());
    return success();
  }
};

} // namespace
