//===- LoopUtils.cpp - helpers for nncc's loop transformations ------------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The band helpers walk perfectly nested `scf.for` loops; tiling is
// upstream's scf::tileUsingSCF with `scf.for` loops interchanged into the
// requested order.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/Common/LoopUtils.h"

using namespace mlir;

SmallVector<scf::ForOp>
nncc::getPerfectBand(scf::ForOp outer, function_ref<bool(scf::ForOp)> accept) {
  SmallVector<scf::ForOp> band;
  for (scf::ForOp loop = outer;
       loop && loop.getNumResults() == 0 && accept(loop);) {
    band.push_back(loop);
    scf::ForOp next;
    for (Operation &op : loop.getBody()->without_terminator()) {
      if (op.hasTrait<OpTrait::ConstantLike>())
        continue;
      auto inner = dyn_cast<scf::ForOp>(op);
      if (!inner || next)
        return band;
      next = inner;
    }
    loop = next;
  }
  return band;
}

scf::ParallelOp nncc::convertToParallel(RewriterBase &rewriter,
                                        ArrayRef<scf::ForOp> band) {
  scf::ForOp outer = band.front();
  for (scf::ForOp loop : band.drop_back())
    for (Operation &op :
         llvm::make_early_inc_range(loop.getBody()->without_terminator()))
      if (op.hasTrait<OpTrait::ConstantLike>())
        op.moveBefore(outer);
  SmallVector<Value> lowers, uppers, steps;
  for (scf::ForOp loop : band) {
    lowers.push_back(loop.getLowerBound());
    uppers.push_back(loop.getUpperBound());
    steps.push_back(loop.getStep());
  }
  rewriter.setInsertionPoint(outer);
  auto parallel =
      scf::ParallelOp::create(rewriter, outer.getLoc(), lowers, uppers, steps);
  scf::ForOp innermost = band.back();
  for (Operation &op :
       llvm::make_early_inc_range(innermost.getBody()->without_terminator()))
    op.moveBefore(parallel.getBody()->getTerminator());
  for (auto [loop, iv] : llvm::zip(band, parallel.getInductionVars()))
    rewriter.replaceAllUsesWith(scf::ForOp(loop).getInductionVar(), iv);
  rewriter.eraseOp(outer);
  return parallel;
}

FailureOr<scf::SCFTilingResult>
nncc::tileWithForLoops(RewriterBase &rewriter, TilingInterface op,
                       ArrayRef<OpFoldResult> sizes, ArrayRef<int64_t> order) {
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  options.setInterchange(order);
  options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
  rewriter.setInsertionPoint(op);
  return scf::tileUsingSCF(rewriter, op, options);
}

void nncc::parallelizeBand(RewriterBase &rewriter,
                           ArrayRef<LoopLikeOpInterface> loops) {
  if (loops.empty())
    return;
  SmallVector<Operation *> ops;
  for (LoopLikeOpInterface loop : loops)
    ops.push_back(loop.getOperation());
  SmallVector<scf::ForOp> band =
      getPerfectBand(dyn_cast<scf::ForOp>(ops.front()), [&](scf::ForOp loop) {
        return llvm::is_contained(ops, loop.getOperation());
      });
  if (!band.empty())
    convertToParallel(rewriter, band);
}
