//===- ConvertGPUToNVVM.cpp - kernels to NVVM without libdevice -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The kernel module to the LLVM and NVVM dialects in one conversion that
// never calls CUDA's libdevice: upstream's GPU-to-NVVM patterns for the GPU
// ops, and the LLVM lowerings of arith, math, memref, cf, func, index and ub.
// Math operations become the LLVM intrinsics the NVPTX backend turns into
// single instructions (sqrt.rn, abs, cvt.rmi, fma.rn, ...): math's patterns
// outrank the `__nv_*` calls upstream's GPU-to-NVVM patterns also offer for
// the same ops, and a call of libdevice is illegal here, since nncc links
// none. Unlike upstream's pass there is no vector lowering and no
// func.func beside the kernels (nncc's kernels have neither): such IR fails
// to convert.
// Transcendental functions are expanded into polynomials before the kernels are
// outlined (nncc-polynomial-math{expand-all}); one that is left is not legal
// here and fails the conversion at its location.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/GPU/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/LoweringOptions.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCCONVERTGPUTONVVMPASS
#include "nncc/Codegen/GPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

struct NNCCConvertGPUToNVVMPass
    : nncc::impl::NNCCConvertGPUToNVVMPassBase<NNCCConvertGPUToNVVMPass> {
  void runOnOperation() override {
    gpu::GPUModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();

    // GPU ops that lower within the dialect first (as upstream does).
    {
      RewritePatternSet patterns(ctx);
      populateGpuRewritePatterns(patterns);
      if (failed(applyPatternsGreedily(module, std::move(patterns))))
        return signalPassFailure();
    }

    LowerToLLVMOptions options(
        ctx, DataLayout(cast<DataLayoutOpInterface>(module.getOperation())));
    LLVMTypeConverter converter(ctx, options);
    configureGpuToNVVMTypeConverter(converter);

    RewritePatternSet patterns(ctx);
    // arith's and math's lowerings to LLVM outrank the libdevice calls that
    // populateGpuToNVVMConversionPatterns also offers for math and for
    // arith.remf (those calls are illegal here anyway).
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    populateFuncToLLVMConversionPatterns(converter, patterns);
    index::populateIndexToLLVMConversionPatterns(converter, patterns);
    populateMathToLLVMConversionPatterns(converter, patterns,
                                         /*approximateLog1p=*/true,
                                         /*benefit=*/2);
    populateFinalizeMemRefToLLVMConversionPatterns(converter, patterns);
    ub::populateUBToLLVMConversionPatterns(converter, patterns);
    populateGpuToNVVMConversionPatterns(converter, patterns);

    // Everything becomes LLVM or NVVM, math included: no libdevice call is
    // ever made, so none is left to link.
    // The transcendental intrinsics are not legal: NVPTX would make them
    // calls of libm functions the PTX cannot resolve.
    LLVMConversionTarget target(*ctx);
    target.addLegalDialect<NVVM::NVVMDialect>();
    target.addIllegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                             func::FuncDialect, gpu::GPUDialect,
                             index::IndexDialect, math::MathDialect,
                             memref::MemRefDialect, ub::UBDialect>();
    target.addIllegalOp<LLVM::ACosOp, LLVM::ASinOp, LLVM::ATan2Op, LLVM::ATanOp,
                        LLVM::CoshOp, LLVM::CosOp, LLVM::Exp2Op, LLVM::ExpOp,
                        LLVM::FRemOp, LLVM::Log10Op, LLVM::Log2Op, LLVM::LogOp,
                        LLVM::PowIOp, LLVM::PowOp, LLVM::SincosOp, LLVM::SinhOp,
                        LLVM::SinOp, LLVM::TanhOp, LLVM::TanOp>();
    target.addLegalOp<gpu::GPUModuleOp>();
    // Where the intrinsic is illegal, the libdevice call is too.
    target.addDynamicallyLegalOp<LLVM::CallOp>([](LLVM::CallOp call) {
      return !call.getCallee() || !call.getCallee()->starts_with("__nv_");
    });
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
