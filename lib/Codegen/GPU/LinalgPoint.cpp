//===- LinalgPoint.cpp - one output point of a linalg op as loops ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Inlines the op's body at one parallel point, with the outputs carried
// through the reduction loops as iteration arguments (registers), in the
// op's loop order.
//
//===----------------------------------------------------------------------===//

#include "LinalgPoint.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

SmallVector<Value> nncc::applyIndexingMap(OpBuilder &b, Location loc,
                                          AffineMap map, ArrayRef<Value> dims) {
  SmallVector<Value> indices;
  for (unsigned i = 0; i < map.getNumResults(); ++i) {
    AffineMap single = map.getSubMap({i});
    if (auto dim = dyn_cast<AffineDimExpr>(single.getResult(0))) {
      indices.push_back(dims[dim.getPosition()]);
      continue;
    }
    indices.push_back(affine::AffineApplyOp::create(b, loc, single, dims));
  }
  return indices;
}

void nncc::emitLinalgPoint(OpBuilder &b, Location loc, linalg::LinalgOp op,
                           ValueRange parallelIvs) {
  SmallVector<Range> ranges = op.createLoopRanges(b, loc);
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  // Reduction dimensions start at their lower bound for the outputs' map
  // (which does not use them).
  SmallVector<Value> dims(op.getNumLoops());
  unsigned next = 0;
  for (unsigned d = 0; d < op.getNumLoops(); ++d)
    dims[d] = iterators[d] == utils::IteratorType::parallel
                  ? parallelIvs[next++]
                  : getValueOrCreateConstantIndexOp(b, loc, ranges[d].offset);

  SmallVector<Value> pointDims = dims;
  SmallVector<Value> inits;
  for (OpOperand &init : op.getDpsInitsMutable())
    inits.push_back(memref::LoadOp::create(
        b, loc, init.get(),
        applyIndexingMap(b, loc, op.getMatchingIndexingMap(&init), dims)));

  // The body at the current `dims`, on the carried output values.
  Block &body = op->getRegion(0).front();
  auto emitBody = [&](OpBuilder &nb, ValueRange carried) {
    IRMapping mapping;
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value value = input->get();
      if (isa<MemRefType>(value.getType()))
        value = memref::LoadOp::create(
            nb, loc, value,
            applyIndexingMap(nb, loc, op.getMatchingIndexingMap(input), dims));
      mapping.map(body.getArgument(input->getOperandNumber()), value);
    }
    for (auto [i, value] : llvm::enumerate(carried))
      mapping.map(body.getArgument(op.getNumDpsInputs() + i), value);
    SmallVector<Value> results;
    for (Operation &nested : body) {
      if (auto yield = dyn_cast<linalg::YieldOp>(nested)) {
        for (Value v : yield.getValues())
          results.push_back(mapping.lookupOrDefault(v));
        break;
      }
      if (auto index = dyn_cast<linalg::IndexOp>(nested)) {
        mapping.map(index.getResult(), dims[index.getDim()]);
        continue;
      }
      nb.clone(nested, mapping);
    }
    return results;
  };

  // Nest the reduction loops, outermost first, carrying the outputs.
  std::function<SmallVector<Value>(OpBuilder &, unsigned, ValueRange)> nest =
      [&](OpBuilder &nb, unsigned d, ValueRange carried) -> SmallVector<Value> {
    while (d < op.getNumLoops() &&
           iterators[d] == utils::IteratorType::parallel)
      ++d;
    if (d == op.getNumLoops())
      return emitBody(nb, carried);
    Value lb = getValueOrCreateConstantIndexOp(nb, loc, ranges[d].offset);
    Value ub = getValueOrCreateConstantIndexOp(nb, loc, ranges[d].size);
    Value step = getValueOrCreateConstantIndexOp(nb, loc, ranges[d].stride);
    auto loop = scf::ForOp::create(
        nb, loc, lb, ub, step, carried,
        [&](OpBuilder &lb2, Location, Value iv, ValueRange args) {
          dims[d] = iv;
          scf::YieldOp::create(lb2, loc, nest(lb2, d + 1, args));
        });
    return SmallVector<Value>(loop.getResults());
  };
  SmallVector<Value> results = nest(b, 0, inits);

  for (auto [init, value] : llvm::zip(op.getDpsInitsMutable(), results))
    memref::StoreOp::create(
        b, loc, value, init.get(),
        applyIndexingMap(b, loc, op.getMatchingIndexingMap(&init), pointDims));
}
