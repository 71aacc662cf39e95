//===- Attributes.cpp - how nncc's passes talk to each other --------------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The names behind the accessors of Attributes.h: the only place that spells
// them. Attribute names are `nncc.*`, symbols `nncc_*`, so that they cannot
// collide with a user's (an nn model's symbols are its parameters').
//
//===----------------------------------------------------------------------===//

#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::nncc;

namespace {
constexpr llvm::StringLiteral kEntryPointAttr = "nncc.entry_point";
constexpr llvm::StringLiteral kTensorNameArgAttr = "nncc.name";
constexpr llvm::StringLiteral kTensorSlotArgAttr = "nncc.tensor";
constexpr llvm::StringLiteral kGradientSlotArgAttr = "nncc.gradient";
constexpr llvm::StringLiteral kWorkspaceArgAttr = "nncc.workspace";
constexpr llvm::StringLiteral kThreadPoolArgAttr = "nncc.thread_pool";
constexpr llvm::StringLiteral kCudaContextArgAttr = "nncc.cuda_context";
constexpr llvm::StringLiteral kWorkspaceBytesAttr = "nncc.workspace_bytes";
constexpr llvm::StringLiteral kParallelLoopAttr = "nncc.parallel";
constexpr llvm::StringLiteral kPerIterationStepsAttr =
    "nncc.per_iteration_steps";
} // namespace

StringRef nncc::getEntryPointName(EntryPoint entry) {
  switch (entry) {
  case EntryPoint::Predict:
    return "nncc_predict";
  case EntryPoint::ComputeGradients:
    return "nncc_compute_gradients";
  case EntryPoint::ApplyGradients:
    return "nncc_apply_gradients";
  }
  llvm_unreachable("unknown entry point");
}

bool nncc::isEntryPoint(Operation *op) { return op->hasAttr(kEntryPointAttr); }

void nncc::setEntryPoint(Operation *op) {
  op->setAttr(kEntryPointAttr, UnitAttr::get(op->getContext()));
}

SmallVector<func::FuncOp> nncc::getEntryPoints(ModuleOp module) {
  SmallVector<func::FuncOp> entryPoints;
  for (auto func : module.getOps<func::FuncOp>())
    if (isEntryPoint(func) && !func.isExternal())
      entryPoints.push_back(func);
  return entryPoints;
}

static StringRef getTableSlotAttrName(PointerTable table) {
  return table == PointerTable::Tensors ? kTensorSlotArgAttr
                                        : kGradientSlotArgAttr;
}

DictionaryAttr nncc::getTableSlotAttrs(MLIRContext *ctx, PointerTable table,
                                       int64_t slot, StringRef name) {
  Builder b(ctx);
  return b.getDictionaryAttr(
      {b.getNamedAttr(kTensorNameArgAttr, b.getStringAttr(name)),
       b.getNamedAttr(getTableSlotAttrName(table), b.getI64IntegerAttr(slot))});
}

std::optional<std::pair<PointerTable, int64_t>>
nncc::getTableSlot(func::FuncOp func, unsigned index) {
  for (PointerTable table : {PointerTable::Tensors, PointerTable::Gradients})
    if (auto slot = func.getArgAttrOfType<IntegerAttr>(
            index, getTableSlotAttrName(table)))
      return std::make_pair(table, slot.getInt());
  return std::nullopt;
}

StringRef nncc::getTableSlotName(func::FuncOp func, unsigned index) {
  if (auto name = func.getArgAttrOfType<StringAttr>(index, kTensorNameArgAttr))
    return name.getValue();
  return "";
}

SmallVector<PointerTable> nncc::getPointerTables(func::FuncOp func) {
  if (func.getSymName() == getEntryPointName(EntryPoint::Predict))
    return {PointerTable::Tensors};
  return {PointerTable::Tensors, PointerTable::Gradients};
}

static StringRef getArgumentAttrName(EntryPointArgument kind) {
  switch (kind) {
  case EntryPointArgument::Workspace:
    return kWorkspaceArgAttr;
  case EntryPointArgument::ThreadPool:
    return kThreadPoolArgAttr;
  case EntryPointArgument::CudaContext:
    return kCudaContextArgAttr;
  }
  llvm_unreachable("unknown entry point argument");
}

FailureOr<BlockArgument>
nncc::appendEntryPointArgument(func::FuncOp func, Type type,
                               EntryPointArgument kind) {
  Builder b(func.getContext());
  unsigned index = func.getNumArguments();
  if (failed(
          func.insertArgument(index, type,
                              b.getDictionaryAttr(b.getNamedAttr(
                                  getArgumentAttrName(kind), b.getUnitAttr())),
                              func.getLoc())))
    return failure();
  return func.getArgument(index);
}

void nncc::setWorkspaceBytes(Operation *op, int64_t bytes) {
  op->setAttr(kWorkspaceBytesAttr,
              IntegerAttr::get(IntegerType::get(op->getContext(), 64), bytes));
}

std::optional<int64_t> nncc::getWorkspaceBytes(Operation *op) {
  if (auto bytes = op->getAttrOfType<IntegerAttr>(kWorkspaceBytesAttr))
    return bytes.getInt();
  return std::nullopt;
}

int64_t nncc::getMaxWorkspaceBytes(ModuleOp module) {
  int64_t bytes = 0;
  for (Operation &op : *module.getBody())
    bytes = std::max(bytes, getWorkspaceBytes(&op).value_or(0));
  return bytes;
}

void nncc::setParallelLoop(Operation *loop) {
  loop->setAttr(kParallelLoopAttr, UnitAttr::get(loop->getContext()));
}

bool nncc::isParallelLoop(Operation *loop) {
  return loop->hasAttr(kParallelLoopAttr);
}

void nncc::setPerIterationSteps(Operation *loop) {
  loop->setAttr(kPerIterationStepsAttr, UnitAttr::get(loop->getContext()));
}

bool nncc::hasPerIterationSteps(Operation *loop) {
  return loop->hasAttr(kPerIterationStepsAttr);
}

StringRef nncc::getParallelForFunctionName() { return "nncc_parallel_for"; }
StringRef nncc::getCudaLaunchFunctionName() { return "nncc_cuda_launch"; }
StringRef nncc::getKernelModuleName() { return "nncc_kernels"; }
StringRef nncc::getCudaPTXGlobalName() { return "nncc_cuda_ptx"; }
StringRef nncc::getCudaKernelNamesGlobalName() {
  return "nncc_cuda_kernel_names";
}
StringRef nncc::getCudaNumKernelsGlobalName() {
  return "nncc_cuda_num_kernels";
}
