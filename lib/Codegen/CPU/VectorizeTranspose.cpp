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
// memory with a large stride. Here it runs in width x width tiles: `width`
// vector rows read along the input's contiguous dimension, transposed in
// registers (the canonicalizer turns the vector.transpose of the rows into
// per-lane moves, which LLVM turns into shuffles), `width` vector rows
// written along the output's.
//
//===----------------------------------------------------------------------===//

#include "VectorizeTranspose.h"

#include "nncc/Codegen/Common/BufferUtils.h"
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

/// The loops of a transpose: `u` is the input's contiguous dimension, `v`
/// the output's.
struct TransposeLoops {
  unsigned u, v;
};

std::optional<TransposeLoops> matchTranspose(linalg::GenericOp op,
                                             int64_t width) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 || op.getNumReductionLoops() != 0)
    return std::nullopt;
  OpOperand *input = op.getDpsInputOperand(0);
  OpOperand *init = op.getDpsInitOperand(0);
  auto yield = cast<linalg::YieldOp>(op.getBlock()->getTerminator());
  if (yield.getNumOperands() != 1 ||
      yield.getOperand(0) != op.getMatchingBlockArgument(input))
    return std::nullopt;
  AffineMap in = op.getMatchingIndexingMap(input);
  AffineMap out = op.getMatchingIndexingMap(init);
  if (!in.isPermutation() || !out.isPermutation() ||
      !nncc::hasContiguousLastDim(input->get()) ||
      !nncc::hasContiguousLastDim(init->get()))
    return std::nullopt;
  unsigned u = cast<AffineDimExpr>(in.getResults().back()).getPosition();
  unsigned v = cast<AffineDimExpr>(out.getResults().back()).getPosition();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (u == v || ShapedType::isDynamic(ranges[u]) ||
      ShapedType::isDynamic(ranges[v]) || ranges[u] % width != 0 ||
      ranges[v] % width != 0)
    return std::nullopt;
  return TransposeLoops{u, v};
}

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
/// of the input (along u), transposed in registers, stored as `width`
/// vector rows of the output (along v).
void vectorizeTile(RewriterBase &rewriter, linalg::GenericOp tile,
                   TransposeLoops loops, int64_t width) {
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
    at[loops.v] = rewriter.getIndexAttr(i);
    Value row =
        vector::LoadOp::create(rewriter, loc, rowType, input.get(),
                               indicesAt(rewriter, loc, tile, input, at));
    block = vector::InsertOp::create(rewriter, loc, row, block, i);
  }
  at[loops.v] = rewriter.getIndexAttr(0);
  Value transposed = vector::TransposeOp::create(rewriter, loc, block,
                                                 ArrayRef<int64_t>{1, 0});
  for (int64_t j = 0; j < width; ++j) {
    at[loops.u] = rewriter.getIndexAttr(j);
    vector::StoreOp::create(
        rewriter, loc, vector::ExtractOp::create(rewriter, loc, transposed, j),
        init.get(), indicesAt(rewriter, loc, tile, init, at));
  }
  rewriter.eraseOp(tile);
}

} // namespace

LogicalResult nncc::vectorizeTranspose(RewriterBase &rewriter,
                                       linalg::GenericOp op, int64_t width) {
  std::optional<TransposeLoops> loops = matchTranspose(op, width);
  if (!loops)
    return failure();
  // Tiles of width x width along (u, v), 1 along the other loops; v's tile
  // loop innermost, so that consecutive tiles write along the output rows.
  unsigned numLoops = op.getNumLoops();
  SmallVector<OpFoldResult> sizes;
  SmallVector<int64_t> order;
  for (unsigned d = 0; d < numLoops; ++d) {
    sizes.push_back(
        rewriter.getIndexAttr(d == loops->u || d == loops->v ? width : 1));
    if (d != loops->v)
      order.push_back(d);
  }
  order.push_back(loops->v);
  FailureOr<scf::SCFTilingResult> tiled = nncc::tileWithForLoops(
      rewriter, cast<TilingInterface>(op.getOperation()), sizes, order);
  if (failed(tiled))
    return failure();
  rewriter.eraseOp(op);
  for (Operation *tile : tiled->tiledOps)
    vectorizeTile(rewriter, cast<linalg::GenericOp>(tile), *loops, width);
  nncc::parallelizeBand(rewriter, tiled->loops);
  return success();
}
