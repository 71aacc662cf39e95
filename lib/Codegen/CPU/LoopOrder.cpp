//===- LoopOrder.cpp - contiguous innermost loops for linalg ops *- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Lowering linalg to loops keeps the iteration order of the op: matmul and
// convolutions end with a reduction loop whose accesses are strided, which
// LLVM cannot vectorize well. This pass moves innermost the parallel loop
// that indexes the contiguous dimension of the output and of an input.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCLOOPORDERPASS
#include "nncc/Codegen/CPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// The loop `op` should run innermost, if it is not already: a parallel
/// loop indexing the last dimension of the output and of some input, when
/// the innermost loop is a reduction.
std::optional<unsigned> preferredInnerLoop(linalg::GenericOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators.empty() || iterators.back() != utils::IteratorType::reduction)
    return std::nullopt;
  auto lastDim = [](AffineMap map) -> std::optional<unsigned> {
    if (map.getNumResults() == 0)
      return std::nullopt;
    if (auto dim = dyn_cast<AffineDimExpr>(map.getResults().back()))
      return dim.getPosition();
    return std::nullopt;
  };
  std::optional<unsigned> inner =
      lastDim(op.getMatchingIndexingMap(op.getDpsInitOperand(0)));
  if (!inner || iterators[*inner] != utils::IteratorType::parallel)
    return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands())
    if (lastDim(op.getMatchingIndexingMap(input)) == inner)
      return inner;
  return std::nullopt;
}

struct NNCCLoopOrderPass
    : nncc::impl::NNCCLoopOrderPassBase<NNCCLoopOrderPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> named;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::GenericOp>(op))
        named.push_back(op);
    });
    for (linalg::LinalgOp op : named) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }
    SmallVector<linalg::GenericOp> generics;
    getOperation()->walk([&](linalg::GenericOp op) { generics.push_back(op); });
    for (linalg::GenericOp op : generics) {
      std::optional<unsigned> inner = preferredInnerLoop(op);
      if (!inner)
        continue;
      SmallVector<unsigned> order;
      for (unsigned d = 0; d < op.getNumLoops(); ++d)
        if (d != *inner)
          order.push_back(d);
      order.push_back(*inner);
      rewriter.setInsertionPoint(op);
      if (failed(linalg::interchangeGenericOp(rewriter, op, order)))
        return signalPassFailure();
    }
  }
};

} // namespace
