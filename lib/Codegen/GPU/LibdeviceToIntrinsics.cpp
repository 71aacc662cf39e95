//===- LibdeviceToIntrinsics.cpp - libdevice calls the NVPTX backend owns -===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `convert-gpu-to-nvvm` turns every math operation into a call of CUDA's
// libdevice (`__nv_sqrtf`, ...), which nncc does not link. The ones that
// are a single PTX instruction become the LLVM intrinsic the NVPTX backend
// lowers to that instruction, with the same IEEE semantics.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/GPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include "llvm/ADT/StringSwitch.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCLIBDEVICETOINTRINSICSPASS
#include "nncc/Codegen/GPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// The intrinsic that computes what libdevice's `name` computes, or null.
Operation *createIntrinsic(OpBuilder &b, Location loc, StringRef name,
                           ValueRange args) {
  StringRef base = name;
  if (!base.consume_front("__nv_"))
    return nullptr;
  // f32 functions end in 'f', f64 ones do not; the types come from args.
  base.consume_back("f");
  auto unary = [&](auto tag) -> Operation * {
    using Op = decltype(tag);
    if (args.size() != 1)
      return nullptr;
    return Op::create(b, loc, args[0].getType(), args[0]);
  };
  auto binary = [&](auto tag) -> Operation * {
    using Op = decltype(tag);
    if (args.size() != 2)
      return nullptr;
    return Op::create(b, loc, args[0].getType(), args[0], args[1]);
  };
  if (base == "fabs")
    return unary(LLVM::FAbsOp());
  if (base == "floor")
    return unary(LLVM::FFloorOp());
  if (base == "ceil")
    return unary(LLVM::FCeilOp());
  if (base == "sqrt")
    return unary(LLVM::SqrtOp());
  if (base == "trunc")
    return unary(LLVM::FTruncOp());
  if (base == "rint")
    return unary(LLVM::RoundEvenOp());
  if (base == "round")
    return unary(LLVM::RoundOp());
  if (base == "copysign")
    return binary(LLVM::CopySignOp());
  if (base == "fmin")
    return binary(LLVM::MinNumOp());
  if (base == "fmax")
    return binary(LLVM::MaxNumOp());
  if (base == "fma" && args.size() == 3)
    return LLVM::FMAOp::create(b, loc, args[0].getType(), args[0], args[1],
                               args[2]);
  return nullptr;
}

struct NNCCLibdeviceToIntrinsicsPass
    : nncc::impl::NNCCLibdeviceToIntrinsicsPassBase<
          NNCCLibdeviceToIntrinsicsPass> {
  void runOnOperation() override {
    SmallVector<LLVM::CallOp> calls;
    getOperation()->walk([&](LLVM::CallOp call) {
      if (call.getCallee() && call.getCallee()->starts_with("__nv_"))
        calls.push_back(call);
    });
    OpBuilder b(&getContext());
    for (LLVM::CallOp call : calls) {
      b.setInsertionPoint(call);
      Operation *replacement = createIntrinsic(
          b, call.getLoc(), *call.getCallee(), call.getArgOperands());
      if (!replacement)
        continue; // left for the PTX check to report
      call.replaceAllUsesWith(replacement->getResults());
      call.erase();
    }
    // Declarations nothing calls any more.
    SmallVector<LLVM::LLVMFuncOp> unused;
    getOperation()->walk([&](LLVM::LLVMFuncOp func) {
      if (func.isExternal() && func.getName().starts_with("__nv_") &&
          SymbolTable::symbolKnownUseEmpty(func, getOperation()))
        unused.push_back(func);
    });
    for (LLVM::LLVMFuncOp func : unused)
      func.erase();
  }
};

} // namespace
