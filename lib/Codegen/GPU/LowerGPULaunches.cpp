//===- LowerGPULaunches.cpp - kernel launches as CUDA runtime calls -------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Host side of the CUDA target (see the pass description): the PTX of the
// serialized kernel module becomes a constant string, the kernel names a
// table, and each `gpu.launch_func` a call of the runtime's
// `nncc_cuda_launch` with the kernel's arguments laid out the way
// `cuLaunchKernel` wants them: an array of pointers to each argument, a
// memref expanded into its descriptor's fields as `nncc-convert-gpu-to-nvvm`
// declares the kernel's parameters.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/GPU/Passes.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/CompilationInterfaces.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include "llvm/ADT/MapVector.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCLOWERGPULAUNCHESPASS
#include "nncc/Codegen/GPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// A constant global byte string (`value` and a terminating NUL).
void createStringGlobal(OpBuilder &b, Location loc, StringRef name,
                        StringRef value) {
  std::string bytes = value.str();
  bytes.push_back('\0');
  auto type = LLVM::LLVMArrayType::get(b.getI8Type(), bytes.size());
  LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true,
                         LLVM::Linkage::External, name, b.getStringAttr(bytes));
}

struct NNCCLowerGPULaunchesPass
    : nncc::impl::NNCCLowerGPULaunchesPassBase<NNCCLowerGPULaunchesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    OpBuilder b(ctx);

    // The PTX of the kernel module.
    std::string ptx;
    SmallVector<gpu::BinaryOp> binaries(module.getOps<gpu::BinaryOp>());
    for (gpu::BinaryOp binary : binaries) {
      if (binary.getSymName() != nncc::getKernelModuleName() ||
          binary.getObjects().size() != 1) {
        binary.emitOpError("expected the one kernel module `")
            << nncc::getKernelModuleName() << "` with one object";
        return signalPassFailure();
      }
      auto object = cast<gpu::ObjectAttr>(binary.getObjects()[0]);
      if (object.getFormat() != gpu::CompilationTarget::Assembly) {
        binary.emitOpError("expected PTX (format=isa)");
        return signalPassFailure();
      }
      ptx = object.getObject().getValue().str();
      // Everything a kernel calls must be in the PTX: nncc links no
      // libdevice and no other library into it.
      size_t external = ptx.find(".extern .func");
      if (external != std::string::npos) {
        size_t end = ptx.find('(', external);
        binary.emitOpError("the PTX calls a function it does not define: ")
            << StringRef(ptx).slice(external, end).trim();
        return signalPassFailure();
      }
      binary.erase();
    }

    // Kernel indices in order of first launch.
    llvm::MapVector<StringAttr, int32_t> kernels;
    module.walk([&](gpu::LaunchFuncOp launch) {
      kernels.insert({launch.getKernelName(), kernels.size()});
    });
    if (!kernels.empty() && ptx.empty()) {
      module.emitError("kernels are launched but no PTX was produced");
      return signalPassFailure();
    }
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());

    b.setInsertionPointToEnd(module.getBody());
    Location loc = module.getLoc();
    createStringGlobal(b, loc, nncc::getCudaPTXGlobalName(), ptx);
    std::string names;
    for (auto &entry : kernels) {
      names += entry.first.getValue();
      names.push_back('\0');
    }
    createStringGlobal(b, loc, nncc::getCudaKernelNamesGlobalName(), names);
    LLVM::GlobalOp::create(b, loc, b.getI32Type(), /*isConstant=*/true,
                           LLVM::Linkage::External,
                           nncc::getCudaNumKernelsGlobalName(),
                           b.getI32IntegerAttr(kernels.size()));

    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    auto i32 = b.getI32Type();
    auto launchType = b.getFunctionType(
        {ptrType, i32, i32, i32, i32, i32, i32, i32, i32, ptrType}, {});
    auto launchDecl = func::FuncOp::create(
        b, loc, nncc::getCudaLaunchFunctionName(), launchType);
    launchDecl.setPrivate();

    for (func::FuncOp func : nncc::getEntryPoints(module))
      if (failed(lowerLaunches(func, kernels)))
        return signalPassFailure();
    WalkResult leftover = module.walk([](Operation *op) {
      if (!isa<gpu::GPUModuleOp, gpu::LaunchFuncOp, gpu::LaunchOp>(op))
        return WalkResult::advance();
      op->emitOpError("is left after lowering the launches (only entry "
                      "points may launch kernels)");
      return WalkResult::interrupt();
    });
    if (leftover.wasInterrupted())
      signalPassFailure();
  }

  LogicalResult lowerLaunches(func::FuncOp func,
                              const llvm::MapVector<StringAttr, int32_t> &ids) {
    MLIRContext *ctx = &getContext();
    OpBuilder b(ctx);
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    // The CUDA context of the instance becomes the last argument.
    FailureOr<BlockArgument> contextArg = nncc::appendEntryPointArgument(
        func, ptrType, nncc::EntryPointArgument::CudaContext);
    if (failed(contextArg))
      return failure();
    Value context = *contextArg;

    SmallVector<gpu::LaunchFuncOp> launches;
    func.walk([&](gpu::LaunchFuncOp launch) { launches.push_back(launch); });
    if (launches.empty())
      return success();

    // One argument block for all launches of the function, in its entry
    // block: cuLaunchKernel copies the arguments before it returns. The
    // pointer array ends with a null after each launch's arguments (the
    // driver ignores it; it lets a test driver check the count).
    SmallVector<SmallVector<Value>> params(launches.size());
    int64_t maxParams = 1;
    for (auto [launch, values] : llvm::zip(launches, params)) {
      b.setInsertionPoint(launch);
      if (failed(kernelParams(b, launch, values)))
        return failure();
      maxParams = std::max<int64_t>(maxParams, values.size());
    }
    Location loc = func.getLoc();
    b.setInsertionPointToStart(&func.getBody().front());
    Value count = LLVM::ConstantOp::create(b, loc, b.getI64Type(),
                                           b.getI64IntegerAttr(maxParams));
    Value slots = LLVM::AllocaOp::create(b, loc, ptrType, b.getI64Type(), count,
                                         /*alignment=*/8);
    Value countWithNull = LLVM::ConstantOp::create(
        b, loc, b.getI64Type(), b.getI64IntegerAttr(maxParams + 1));
    Value pointers =
        LLVM::AllocaOp::create(b, loc, ptrType, ptrType, countWithNull, 8);

    for (auto [launch, values] : llvm::zip(launches, params)) {
      Location at = launch.getLoc();
      b.setInsertionPoint(launch);
      for (auto [i, value] : llvm::enumerate(values)) {
        Value slot = LLVM::GEPOp::create(b, at, ptrType, b.getI64Type(), slots,
                                         ArrayRef<LLVM::GEPArg>{int32_t(i)});
        LLVM::StoreOp::create(b, at, value, slot);
        Value entry = LLVM::GEPOp::create(b, at, ptrType, ptrType, pointers,
                                          ArrayRef<LLVM::GEPArg>{int32_t(i)});
        LLVM::StoreOp::create(b, at, slot, entry);
      }
      Value end =
          LLVM::GEPOp::create(b, at, ptrType, ptrType, pointers,
                              ArrayRef<LLVM::GEPArg>{int32_t(values.size())});
      LLVM::StoreOp::create(b, at, LLVM::ZeroOp::create(b, at, ptrType), end);
      auto i32 = [&](Value index) -> Value {
        return arith::IndexCastOp::create(b, at, b.getI32Type(), index);
      };
      gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
      gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
      Value kernel = arith::ConstantIntOp::create(
          b, at, ids.lookup(launch.getKernelName()), 32);
      Value shared = launch.getDynamicSharedMemorySize();
      Value sharedBytes =
          shared ? shared : arith::ConstantIntOp::create(b, at, 0, 32);
      func::CallOp::create(b, at, nncc::getCudaLaunchFunctionName(),
                           TypeRange(),
                           ValueRange{context, kernel, i32(grid.x), i32(grid.y),
                                      i32(grid.z), i32(block.x), i32(block.y),
                                      i32(block.z), sharedBytes, pointers});
      launch.erase();
    }
    return success();
  }

  /// The kernel's parameters for the launch's operands, as
  /// `nncc-convert-gpu-to-nvvm` declares them: a memref is its descriptor's
  /// allocated and aligned pointers, offset, sizes and strides; an index
  /// is an i64.
  LogicalResult kernelParams(OpBuilder &b, gpu::LaunchFuncOp launch,
                             SmallVectorImpl<Value> &values) {
    Location loc = launch.getLoc();
    auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
    auto toI64 = [&](Value index) -> Value {
      return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
    };
    for (Value operand : launch.getKernelOperands()) {
      Type type = operand.getType();
      if (auto memref = dyn_cast<MemRefType>(type)) {
        auto meta = memref::ExtractStridedMetadataOp::create(b, loc, operand);
        Value aligned =
            memref::ExtractAlignedPointerAsIndexOp::create(b, loc, operand);
        Value pointer =
            LLVM::IntToPtrOp::create(b, loc, ptrType, toI64(aligned));
        values.push_back(pointer); // allocated: never read by the kernel
        values.push_back(pointer);
        values.push_back(toI64(meta.getOffset()));
        for (Value size : meta.getSizes())
          values.push_back(toI64(size));
        for (Value stride : meta.getStrides())
          values.push_back(toI64(stride));
      } else if (type.isIndex()) {
        values.push_back(toI64(operand));
      } else if (type.isIntOrFloat() && type.getIntOrFloatBitWidth() <= 64) {
        values.push_back(operand);
      } else {
        return launch.emitOpError("has a kernel operand of unsupported type ")
               << type;
      }
    }
    return success();
  }
};

} // namespace
