//===- ParallelizeBatchRows.cpp - row-local time loops per chunk of rows --===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// An RNN's time loop is sequential in time but independent across the
// batch: every step reads and writes row b of its state, gates and history
// only for row b. This pass (see its description) runs such a loop once per
// chunk of rows, the chunks in an scf.parallel: one dispatch per layer
// instead of several per time step.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/CPU/Passes.h"

#include "nncc/Codegen/Common/BufferUtils.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPARALLELIZEBATCHROWSPASS
#include "nncc/Codegen/CPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// Where row b of `value` (a view with `rows` rows) lies in the buffer it
/// views: rows [b·F, (b+1)·F) of `root`, returned with F. Followed: slices
/// that keep all of dimension 0 (`history[:, t, :]`), reshapes that split
/// dimension 0 into rows and more (the input projection's [b·t, 4u] as
/// [b, t, 4u]) or leave it alone; a root is an allocation, a workspace view
/// or an argument.
std::optional<std::pair<Value, int64_t>> rowRoot(Value value, int64_t rows) {
  int64_t factor = 1;
  while (true) {
    auto type = dyn_cast<MemRefType>(value.getType());
    if (!type || type.getRank() == 0 || type.getDimSize(0) != rows * factor)
      return std::nullopt;
    Operation *def = value.getDefiningOp();
    if (!def || isa<memref::AllocOp, memref::ViewOp>(def))
      return std::make_pair(value, factor);
    if (auto slice = dyn_cast<memref::SubViewOp>(def)) {
      if (getConstantIntValue(slice.getMixedOffsets()[0]) != 0 ||
          getConstantIntValue(slice.getMixedSizes()[0]) != rows * factor ||
          getConstantIntValue(slice.getMixedStrides()[0]) != 1 ||
          slice.getDroppedDims().test(0))
        return std::nullopt;
      value = slice.getSource();
      continue;
    }
    if (auto expand = dyn_cast<memref::ExpandShapeOp>(def)) {
      ReassociationIndices group = expand.getReassociationIndices().front();
      for (int64_t d : ArrayRef(group).drop_front())
        factor *= expand.getResultType().getDimSize(d);
      value = expand.getSrc();
      continue;
    }
    if (auto collapse = dyn_cast<memref::CollapseShapeOp>(def)) {
      if (collapse.getReassociationIndices().front().size() != 1)
        return std::nullopt;
      value = collapse.getSrc();
      continue;
    }
    return std::nullopt;
  }
}

/// The batch loop of `op` (its outputs' first index), when every operand
/// either reads or writes row b at point b (the loop is its first index and
/// nowhere else: a row buffer) or does not depend on it at all.
std::optional<unsigned> batchLoop(linalg::LinalgOp op,
                                  SmallVectorImpl<Value> &rowOperands,
                                  SmallVectorImpl<Value> &shared) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() == 0)
    return std::nullopt;
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (out.getNumResults() == 0 || !isa<AffineDimExpr>(out.getResult(0)))
    return std::nullopt;
  unsigned d = cast<AffineDimExpr>(out.getResult(0)).getPosition();
  if (op.getIteratorTypesArray()[d] != utils::IteratorType::parallel)
    return std::nullopt;
  int64_t rows = op.getStaticLoopRanges()[d];
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    if (!map.isFunctionOfDim(d)) {
      if (op.isDpsInit(&operand))
        return std::nullopt;
      shared.push_back(operand.get());
      continue;
    }
    if (map.getResult(0) != getAffineDimExpr(d, op.getContext()) ||
        llvm::any_of(map.getResults().drop_front(),
                     [&](AffineExpr e) { return e.isFunctionOfDim(d); }) ||
        !rowRoot(operand.get(), rows))
      return std::nullopt;
    rowOperands.push_back(operand.get());
  }
  return d;
}

/// A row-local time loop: its batch size and each linalg op's batch loop.
struct RowLocalLoop {
  int64_t batch;
  DenseMap<Operation *, unsigned> batchLoops;
};

struct NNCCParallelizeBatchRowsPass
    : nncc::impl::NNCCParallelizeBatchRowsPassBase<
          NNCCParallelizeBatchRowsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (rowsPerChunk < 1) {
      getOperation().emitError("rows must be at least 1");
      return signalPassFailure();
    }
    for (func::FuncOp func : nncc::getEntryPoints(getOperation())) {
      for (auto loop : llvm::make_early_inc_range(
               func.getBody().front().getOps<scf::ForOp>()))
        if (std::optional<RowLocalLoop> plan = rowLocal(loop))
          // A loop left half restricted would race: fail instead.
          if (failed(chunk(loop, *plan)))
            return signalPassFailure();
    }
  }

  /// The batch size when every step of `loop` is row-local: its memory
  /// work is linalg ops and copies on row buffers of one batch size, plus
  /// operands no op of the loop writes; everything else index arithmetic,
  /// views and allocations.
  std::optional<RowLocalLoop> rowLocal(scf::ForOp loop) {
    if (loop.getNumResults() != 0)
      return std::nullopt;
    std::optional<int64_t> batch;
    DenseMap<Operation *, unsigned> batchLoops;
    SmallVector<Value> written, shared;
    // Every view of one buffer must place row b at the same rows of it.
    DenseMap<Value, int64_t> factors;
    auto consistent = [&](Value value) {
      std::optional<std::pair<Value, int64_t>> root = rowRoot(value, *batch);
      if (!root)
        return false;
      auto [it, inserted] = factors.try_emplace(root->first, root->second);
      return inserted || it->second == root->second;
    };
    auto agree = [&](int64_t rows) {
      if (batch && *batch != rows)
        return false;
      batch = rows;
      return true;
    };
    for (Operation &op : loop.getBody()->without_terminator()) {
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
        SmallVector<Value> rowOperands;
        std::optional<unsigned> d = batchLoop(linalgOp, rowOperands, shared);
        if (!d || !agree(linalgOp.getStaticLoopRanges()[*d]) ||
            !isa<TilingInterface>(op) || !llvm::all_of(rowOperands, consistent))
          return std::nullopt;
        llvm::append_range(written, linalgOp.getDpsInits());
        batchLoops[&op] = *d;
        continue;
      }
      if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        auto type = cast<MemRefType>(copy.getTarget().getType());
        if (type.getRank() == 0 || !agree(type.getDimSize(0)) ||
            !consistent(copy.getSource()) || !consistent(copy.getTarget()))
          return std::nullopt;
        written.push_back(copy.getTarget());
        continue;
      }
      if (isa<memref::AllocOp>(op) || (isPure(&op) && op.getNumRegions() == 0))
        continue;
      return std::nullopt;
    }
    // What is read but not by rows (weights) must not change in the loop.
    for (Value value : shared) {
      if (!isa<MemRefType>(value.getType())) // a scalar (a fill's value)
        continue;
      if (loop->isAncestor(value.getParentBlock()->getParentOp()) ||
          llvm::any_of(written, [&](Value out) {
            return !nncc::independentBuffers(out, value);
          }))
        return std::nullopt;
    }
    if (batchLoops.empty() || !batch || *batch % rowsPerChunk != 0 ||
        *batch / rowsPerChunk < 2)
      return std::nullopt;
    return RowLocalLoop{*batch, std::move(batchLoops)};
  }

  /// `loop` inside an scf.parallel over chunks of `rowsPerChunk` rows, each
  /// op of its body on its chunk's rows only.
  LogicalResult chunk(scf::ForOp loop, const RowLocalLoop &plan) {
    int64_t batch = plan.batch;
    IRRewriter rewriter(loop.getContext());
    Location loc = loop.getLoc();
    rewriter.setInsertionPoint(loop);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value chunks =
        arith::ConstantIndexOp::create(rewriter, loc, batch / rowsPerChunk);
    auto parallel = scf::ParallelOp::create(
        rewriter, loc, ValueRange{zero}, ValueRange{chunks}, ValueRange{one});
    rewriter.moveOpBefore(loop, parallel.getBody()->getTerminator());
    rewriter.setInsertionPointToStart(loop.getBody());
    Value first = arith::MulIOp::create(
        rewriter, loc, parallel.getInductionVars()[0],
        arith::ConstantIndexOp::create(rewriter, loc, rowsPerChunk));
    OpFoldResult rows = rewriter.getIndexAttr(rowsPerChunk);
    for (Operation &op :
         llvm::make_early_inc_range(loop.getBody()->without_terminator())) {
      rewriter.setInsertionPoint(&op);
      if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        auto rowsOf = [&](Value value) -> Value {
          auto type = cast<MemRefType>(value.getType());
          SmallVector<OpFoldResult> offsets(type.getRank(),
                                            rewriter.getIndexAttr(0));
          SmallVector<OpFoldResult> sizes;
          for (int64_t size : type.getShape())
            sizes.push_back(rewriter.getIndexAttr(size));
          SmallVector<OpFoldResult> strides(type.getRank(),
                                            rewriter.getIndexAttr(1));
          offsets[0] = first;
          sizes[0] = rows;
          return memref::SubViewOp::create(rewriter, loc, value, offsets, sizes,
                                           strides);
        };
        memref::CopyOp::create(rewriter, copy.getLoc(),
                               rowsOf(copy.getSource()),
                               rowsOf(copy.getTarget()));
        rewriter.eraseOp(copy);
        continue;
      }
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (!linalgOp)
        continue;
      unsigned d = plan.batchLoops.lookup(&op);
      SmallVector<OpFoldResult> offsets, sizes;
      for (auto [i, size] : llvm::enumerate(linalgOp.getStaticLoopRanges())) {
        offsets.push_back(i == d ? OpFoldResult(first)
                                 : rewriter.getIndexAttr(0));
        sizes.push_back(i == d ? rows : rewriter.getIndexAttr(size));
      }
      FailureOr<TilingResult> tiled =
          cast<TilingInterface>(op).getTiledImplementation(rewriter, offsets,
                                                           sizes);
      if (failed(tiled))
        return op.emitOpError("could not be restricted to a chunk of rows");
      rewriter.eraseOp(&op);
    }
    return success();
  }
};

} // namespace
