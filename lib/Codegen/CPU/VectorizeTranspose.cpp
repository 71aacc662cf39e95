//===- VectorizeTranspose.cpp - transposes in register tiles ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Part of nncc-vectorize. A transpose (a weight's transposed copy for an
// input gradient) moves the output's contiguous dimension away from the
// input's, so neither side can be read or written one vector at a time by
// the lane-wise tiles of Vectorize.cpp; as scalar loops, one side walks
// memory with a large stride. Here it runs in width x width tiles (which
// transposes qualify: planTranspose in VectorizePlan.cpp): `width`
// vector rows read along the input's contiguous dimension, transposed in
// registers (the canonicalizer turns the vector.transpose of the rows into
// per-lane moves, which LLVM turns into shuffles), `width` vector rows
// written along the output's.
//
//===----------------------------------------------------------------------===//

#include "VectorizeTranspose.h"

#include "nncc/Codegen/Common/LoopUtils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace {

/// The indices of `operand` in `tile` at loop indices `loops`.
SmallVector<Value> indicesAt(RewriterBase &rewriter, Location loc,
                             linalg::GenericOp tile, OpOperand &operand,
                             ArrayRef<OpFoldResult> loops) {
  SmallVector<Value> indices;
  for (AffineExpr expr : tile.getMatchingIndexingMap(&operand).getResults())
    indices.push_back(
        affine::makeComposedAffineApply(
            rewriter, loc, AffineMap::get(tile.getNumLoops(), 0, expr), loops)
            .getResult());
  return indices;
}

/// Rewrites one width x width tile of the transpose: `width` vector rows
/// of the input (along the plan's load loop), transposed in registers,
/// stored as `width` vector rows of the output (along its store loop).
void vectorizeTile(RewriterBase &rewriter, linalg::GenericOp tile,
                   const nncc::TransposePlan &plan) {
  int64_t width = plan.width;
  Location loc = tile.getLoc();
  rewriter.setInsertionPoint(tile);
  OpOperand &input = *tile.getDpsInputOperand(0);
  OpOperand &init = *tile.getDpsInitOperand(0);
  Type element = getElementTypeOrSelf(input.get());
  auto rowType = VectorType::get({width}, element);
  SmallVector<OpFoldResult> at(tile.getNumLoops(), rewriter.getIndexAttr(0));
  Value block = arith::ConstantOp::create(
      rewriter, loc,
      rewriter.getZeroAttr(VectorType::get({width, width}, element)));
  for (int64_t i = 0; i < width; ++i) {
    at[plan.storeLoop] = rewriter.getIndexAttr(i);
    Value row =
        vector::LoadOp::create(rewriter, loc, rowType, input.get(),
                               indicesAt(rewriter, loc, tile, input, at));
    block = vector::InsertOp::create(rewriter, loc, row, block, i);
  }
  at[plan.storeLoop] = rewriter.getIndexAttr(0);
  Value transposed = vector::TransposeOp::create(rewriter, loc, block,
                                                 ArrayRef<int64_t>{1, 0});
  for (int64_t j = 0; j < width; ++j) {
    at[plan.loadLoop] = rewriter.getIndexAttr(j);
    vector::StoreOp::create(
        rewriter, loc, vector::ExtractOp::create(rewriter, loc, transposed, j),
        init.get(), indicesAt(rewriter, loc, tile, init, at));
  }
  rewriter.eraseOp(tile);
}

} // namespace

LogicalResult nncc::vectorizeTranspose(RewriterBase &rewriter,
                                       linalg::GenericOp op,
                                       const TransposePlan &plan) {
  int64_t width = plan.width;
  // Tiles of width x width along the load and store loops, 1 along the
  // other loops; the store loop's tile loop innermost, so that consecutive
  // tiles write along the output rows.
  unsigned numLoops = op.getNumLoops();
  SmallVector<OpFoldResult> sizes;
  SmallVector<int64_t> order;
  for (unsigned d = 0; d < numLoops; ++d) {
    sizes.push_back(rewriter.getIndexAttr(
        d == plan.loadLoop || d == plan.storeLoop ? width : 1));
    if (d != plan.storeLoop)
      order.push_back(d);
  }
  order.push_back(plan.storeLoop);
  FailureOr<scf::SCFTilingResult> tiled = nncc::tileWithForLoops(
      rewriter, cast<TilingInterface>(op.getOperation()), sizes, order);
  if (failed(tiled))
    return failure();
  rewriter.eraseOp(op);
  for (Operation *tile : tiled->tiledOps)
    vectorizeTile(rewriter, cast<linalg::GenericOp>(tile), plan);
  nncc::parallelizeBand(rewriter, tiled->loops);
  return success();
}
