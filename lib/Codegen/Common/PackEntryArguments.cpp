//===- PackEntryArguments.cpp - tensors through the runtime's tables ------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Replaces an entry point's one memref argument per model tensor by the
// runtime's pointer tables (see the pass description): the entry point then
// has the runtime's calling convention, with two arguments for any number
// of tensors.
//
// Each tensor is loaded once, at the function's start, in slot order, and
// viewed as its memref through the descriptor the LLVM lowering would have
// built from a bare pointer; the cast back to the memref type folds away
// in reconcile-unrealized-casts. The loads are `invariant`: the runtime
// does not change its tables during a call.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/Common/Passes.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/BitVector.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPACKENTRYARGUMENTSPASS
#include "nncc/Codegen/Common/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

namespace {

struct NNCCPackEntryArgumentsPass
    : nncc::impl::NNCCPackEntryArgumentsPassBase<NNCCPackEntryArgumentsPass> {
  void runOnOperation() override {
    for (func::FuncOp func : getEntryPoints(getOperation()))
      if (failed(pack(func)))
        return signalPassFailure();
  }

  LogicalResult pack(func::FuncOp func) {
    MLIRContext *ctx = &getContext();
    LLVMTypeConverter converter(ctx);
    auto ptr = LLVM::LLVMPointerType::get(ctx);

    // The tables become the leading arguments; argument i moves to
    // i + numTables.
    SmallVector<PointerTable> tables = getPointerTables(func);
    unsigned numTables = tables.size();
    unsigned numOld = func.getNumArguments();
    SmallVector<std::optional<std::pair<PointerTable, int64_t>>> slots;
    SmallVector<StringRef> names;
    for (unsigned i = 0; i < numOld; ++i) {
      slots.push_back(getTableSlot(func, i));
      names.push_back(getTableSlotName(func, i));
      if (!slots.back())
        continue;
      auto type = dyn_cast<MemRefType>(func.getArgumentTypes()[i]);
      if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
        return func.emitOpError("argument ")
               << i << " carries a table slot but is not a static, "
               << "identity-layout memref: " << func.getArgumentTypes()[i];
      if (!llvm::is_contained(tables, slots.back()->first))
        return func.emitOpError("argument ")
               << i << " carries a slot of a table the runtime does not "
               << "pass to this entry point";
    }
    SmallVector<unsigned> at(numTables, 0);
    SmallVector<Type> types(numTables, ptr);
    SmallVector<DictionaryAttr> attrs(numTables, DictionaryAttr::get(ctx, {}));
    SmallVector<Location> locs(numTables, func.getLoc());
    if (failed(func.insertArguments(at, types, attrs, locs)))
      return failure();

    Block &entry = func.getBody().front();
    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    llvm::BitVector erase(numTables + numOld);
    for (unsigned i = 0; i < numOld; ++i) {
      if (!slots[i])
        continue;
      auto [table, slot] = *slots[i];
      BlockArgument arg = entry.getArgument(numTables + i);
      Location loc = names[i].empty()
                         ? func.getLoc()
                         : Location(NameLoc::get(b.getStringAttr(names[i]),
                                                 func.getLoc()));
      Value base =
          entry.getArgument(llvm::find(tables, table) - tables.begin());
      // A GEP's constant indices have 29 bits; larger slots are a value.
      LLVM::GEPArg index =
          slot < (int64_t(1) << (LLVM::kGEPConstantBitWidth - 1))
              ? LLVM::GEPArg(static_cast<int32_t>(slot))
              : LLVM::GEPArg(LLVM::ConstantOp::create(
                    b, loc, b.getI64Type(), b.getI64IntegerAttr(slot)));
      Value address = LLVM::GEPOp::create(b, loc, ptr, ptr, base,
                                          ArrayRef<LLVM::GEPArg>{index});
      Value pointer = LLVM::LoadOp::create(
          b, loc, ptr, address, /*alignment=*/8, /*isVolatile=*/false,
          /*isNonTemporal=*/false, /*isInvariant=*/true);
      auto type = cast<MemRefType>(arg.getType());
      Value descriptor =
          MemRefDescriptor::fromStaticShape(b, loc, converter, type, pointer);
      Value view = UnrealizedConversionCastOp::create(b, loc, type, descriptor)
                       .getResult(0);
      arg.replaceAllUsesWith(view);
      erase.set(numTables + i);
    }
    return func.eraseArguments(erase);
  }
};

} // namespace
