//===- PlanWorkspace.cpp - compile-time buffer planning ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Replaces the allocations of each entry point by views into one workspace
// argument whose layout is planned here: intervals of liveness over the
// function's top-level operations, placed largest-first at the lowest
// 64-byte-aligned offset that does not overlap a live buffer.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/Common/Passes.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPLANWORKSPACEPASS
#include "nncc/Codegen/Common/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

namespace {

constexpr int64_t kAlignment = 64;

/// One buffer to place: its allocation, size and live interval in
/// top-level operation indices (inclusive).
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  int64_t first = 0, last = 0;
  int64_t offset = 0;
};

int64_t alignTo(int64_t value) {
  return (value + kAlignment - 1) / kAlignment * kAlignment;
}

/// The index of the top-level ancestor of `op` in `body`.
int64_t topLevelIndex(Block &body, Operation *op,
                      const DenseMap<Operation *, int64_t> &index) {
  return index.lookup(body.findAncestorOpInBlock(*op));
}

/// Computes the live interval of `buffer`, following every alias: results
/// of ops that take it (views, loops), and loop iter_args.
LogicalResult computeInterval(Block &body, Buffer &buffer,
                              const DenseMap<Operation *, int64_t> &index) {
  buffer.first = buffer.last = topLevelIndex(body, buffer.alloc, index);
  SmallVector<Value> worklist = {buffer.alloc.getResult()};
  DenseSet<Value> seen;
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (!seen.insert(value).second)
      continue;
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      // A buffer allocated inside a loop body and yielded outlives its
      // iteration: one fixed slot cannot hold it.
      if (isa<scf::YieldOp>(user) &&
          user->getParentRegion()->isAncestor(buffer.alloc->getParentRegion()))
        return buffer.alloc.emitOpError(
            "escapes the loop iteration that allocates it; the workspace "
            "planner cannot place it");
      buffer.last = std::max(buffer.last, topLevelIndex(body, user, index));
      for (Value result : user->getResults())
        if (isa<MemRefType>(result.getType()))
          worklist.push_back(result);
      if (auto loop = dyn_cast<scf::ForOp>(user))
        if (use.getOperandNumber() >= loop.getNumControlOperands())
          worklist.push_back(
              loop.getRegionIterArgs()[use.getOperandNumber() -
                                       loop.getNumControlOperands()]);
    }
  }
  return success();
}

/// Places buffers largest first at the lowest aligned offset free over
/// their interval; returns the workspace size.
int64_t place(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  // Ties broken by program order, so the layout is deterministic.
  llvm::stable_sort(order, [](const Buffer *a, const Buffer *b) {
    return a->bytes > b->bytes;
  });
  SmallVector<Buffer *> placed;
  int64_t total = 0;
  for (Buffer *buffer : order) {
    SmallVector<std::pair<int64_t, int64_t>> busy;
    for (Buffer *other : placed)
      if (other->first <= buffer->last && buffer->first <= other->last)
        busy.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [begin, end] : busy) {
      if (offset + buffer->bytes <= begin)
        break;
      offset = std::max(offset, alignTo(end));
    }
    buffer->offset = offset;
    total = std::max(total, offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return alignTo(total);
}

struct NNCCPlanWorkspacePass
    : nncc::impl::NNCCPlanWorkspacePassBase<NNCCPlanWorkspacePass> {
  void runOnOperation() override {
    for (func::FuncOp func : nncc::getEntryPoints(getOperation()))
      if (failed(plan(func)))
        return signalPassFailure();
  }

  LogicalResult plan(func::FuncOp func) {
    Block &body = func.getBody().front();
    DenseMap<Operation *, int64_t> index;
    for (auto [i, op] : llvm::enumerate(body))
      index[&op] = i;

    SmallVector<Buffer> buffers;
    WalkResult walk = func.walk([&](memref::AllocOp alloc) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity()) {
        alloc.emitOpError("needs a static shape and identity layout for the "
                          "workspace planner");
        return WalkResult::interrupt();
      }
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.bytes =
          alignTo(type.getNumElements() * type.getElementTypeBitWidth() / 8);
      buffers.push_back(buffer);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();
    for (Buffer &buffer : buffers)
      if (failed(computeInterval(body, buffer, index)))
        return failure();
    int64_t total = place(buffers);

    // The workspace becomes the last argument.
    OpBuilder b(func.getContext());
    auto workspaceType = MemRefType::get({total}, b.getI8Type());
    FailureOr<BlockArgument> workspaceArg = nncc::appendEntryPointArgument(
        func, workspaceType, nncc::EntryPointArgument::Workspace);
    if (failed(workspaceArg))
      return failure();
    Value workspace = *workspaceArg;
    nncc::setWorkspaceBytes(func, total);

    for (Buffer &buffer : buffers) {
      b.setInsertionPoint(buffer.alloc);
      Location loc = buffer.alloc.getLoc();
      Value offset = arith::ConstantIndexOp::create(b, loc, buffer.offset);
      Value view = memref::ViewOp::create(b, loc, buffer.alloc.getType(),
                                          workspace, offset, ValueRange{});
      for (Operation *user :
           llvm::make_early_inc_range(buffer.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
    return success();
  }
};

} // namespace
