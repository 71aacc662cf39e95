//===- Vectorize.cpp - vector-wide tiles of linalg ops on buffers -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Tiles each qualifying linalg.generic into tiles that are one vector wide
// along the output's contiguous dimension and one element along every
// other loop, then vectorizes the tiles (see the pass description).
//
//===----------------------------------------------------------------------===//

#include "nncc/Transforms/Passes.h"

#include "nncc/Transforms/LoopUtils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

#include <map>
#include <tuple>

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCVECTORIZEPASS
#include "nncc/Transforms/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// How one op is tiled: the loop that becomes the vector and its width.
struct TilePlan {
  unsigned vectorLoop;
  int64_t width;
  /// A second parallel loop unrolled `unroll` times (1: none): independent
  /// accumulators hide the FMA latency, and operands that do not depend on
  /// it are loaded once for all copies.
  unsigned unrollLoop = 0;
  int64_t unroll = 1;
  /// Vectors per tile along the vector loop (1 or 2): with 8 rows, 16
  /// accumulators, and each broadcast element feeds two FMAs.
  int64_t vectors = 1;
  /// A reduction loop walked outermost, one step per tile (none if unset):
  /// long reductions (a convolution's weight gradient sums over batch and
  /// pixels) then stream one image's operands through the cache for all
  /// tiles, instead of every tile streaming the whole batch.
  std::optional<unsigned> outerReduction;
};

/// Reductions shorter than this run entirely inside each tile.
constexpr int64_t kLongReduction = 1024;

/// Whether `value` is a memref whose last dimension has unit stride.
bool hasContiguousLastDim(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || type.getRank() == 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  return strides.back() == 1;
}

std::optional<TilePlan> planTile(linalg::GenericOp op, int64_t maxWidth) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() == 0)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outMap.getNumResults() == 0)
    return std::nullopt;
  auto last = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  if (!last)
    return std::nullopt;
  unsigned v = last.getPosition();
  if (op.getIteratorTypesArray()[v] != utils::IteratorType::parallel)
    return std::nullopt;
  for (OpOperand &init : op.getDpsInitsMutable())
    if (!op.getMatchingIndexingMap(&init).isFunctionOfDim(v))
      return std::nullopt;
  // Every operand that uses `v` uses it alone, in its last, unit-stride
  // dimension; the others are broadcast along the vector.
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    for (auto [i, result] : llvm::enumerate(map.getResults())) {
      if (!result.isFunctionOfDim(v))
        continue;
      if (i + 1 != map.getNumResults() || result != last ||
          !hasContiguousLastDim(operand.get()))
        return std::nullopt;
    }
  }
  std::optional<TilePlan> plan;
  for (int64_t width = maxWidth; width >= 4 && !plan; width /= 2)
    if (ranges[v] % width == 0)
      plan = TilePlan{v, width, 0, 1, 1, std::nullopt};
  if (!plan)
    return std::nullopt;
  int64_t reductionSize = 1;
  std::optional<unsigned> firstReduction;
  for (unsigned d = 0; d < op.getNumLoops(); ++d) {
    if (op.getIteratorTypesArray()[d] == utils::IteratorType::parallel)
      continue;
    reductionSize *= ranges[d];
    if (!firstReduction && ranges[d] > 1)
      firstReduction = d;
  }
  if (firstReduction && reductionSize >= kLongReduction &&
      reductionSize / ranges[*firstReduction] >= 64)
    plan->outerReduction = firstReduction;
  // Ops with reductions: unroll the output's parallel loop with the largest
  // factor (up to 8 accumulators in all) that divides its range; the first
  // such loop wins. Elementwise ops gain nothing from it but code size.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (op.getNumReductionLoops() == 0)
    return plan;
  int64_t maxUnroll = std::max<int64_t>(1, 8 / op.getNumDpsInits());
  for (AffineExpr result : outMap.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(result);
    if (!dim || dim.getPosition() == v ||
        iterators[dim.getPosition()] != utils::IteratorType::parallel)
      continue;
    for (int64_t unroll = maxUnroll; unroll > plan->unroll; unroll /= 2)
      if (ranges[dim.getPosition()] % unroll == 0) {
        plan->unrollLoop = dim.getPosition();
        plan->unroll = unroll;
        break;
      }
  }
  if (plan->unroll * op.getNumDpsInits() <= 8 &&
      ranges[v] % (2 * plan->width) == 0)
    plan->vectors = 2;
  return plan;
}

/// Whether the tile's body can run lane-wise on vectors: elementwise
/// arith/math ops and constants on scalars.
bool isLaneWise(linalg::GenericOp tile) {
  for (Operation &op : tile.getBlock()->without_terminator()) {
    if (!isa<arith::ConstantOp>(op) &&
        !OpTrait::hasElementwiseMappableTraits(&op))
      return false;
    for (Type type : op.getResultTypes())
      if (!type.isIntOrIndexOrFloat())
        return false;
  }
  return true;
}

/// Rewrites a tile whose parallel loops all have extent 1 except the
/// vector loop (extent `plan.width`) as vector code. The outputs are loaded
/// once into vector accumulators; the reduction loops, if any, become
/// `scf.for` loops that carry the accumulators in registers, in the op's
/// order of its reduction dimensions; each iteration loads the operands
/// indexed by the vector loop as vectors and broadcasts the others, and runs
/// the body lane-wise. The accumulators are stored at the end. Bufferization
/// leaves no input aliasing an output of the same op, so keeping the
/// outputs in registers computes what the scalar loops would, in the same
/// order.
LogicalResult vectorizeTile(RewriterBase &rewriter, linalg::GenericOp tile,
                            const TilePlan &plan) {
  if (!isLaneWise(tile))
    return failure();
  SmallVector<int64_t> ranges = tile.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return failure();
  SmallVector<utils::IteratorType> iterators = tile.getIteratorTypesArray();
  Location loc = tile.getLoc();
  rewriter.setInsertionPoint(tile);
  auto vectorOf = [&](Type type) {
    return VectorType::get({plan.width}, type);
  };
  auto splat = [&](Value scalar) -> Value {
    return vector::BroadcastOp::create(rewriter, loc,
                                       vectorOf(scalar.getType()), scalar);
  };
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  // The loop indices: 0 for the parallel loops, the induction variables of
  // the reduction loops once they exist.
  SmallVector<Value> loopIndex;
  loopIndex.append(static_cast<size_t>(tile.getNumLoops()), zero);
  auto indicesOf = [&](OpOperand &operand) {
    SmallVector<Value> indices;
    for (AffineExpr expr : tile.getMatchingIndexingMap(&operand).getResults())
      indices.push_back(affine::makeComposedAffineApply(
                            rewriter, loc,
                            AffineMap::get(tile.getNumLoops(), 0, expr),
                            getAsOpFoldResult(loopIndex))
                            .getResult());
    return indices;
  };
  auto read = [&](OpOperand &operand) -> Value {
    Value source = operand.get();
    if (!isa<MemRefType>(source.getType())) // a scalar operand
      return splat(source);
    Type element = getElementTypeOrSelf(source.getType());
    if (tile.getMatchingIndexingMap(&operand).isFunctionOfDim(plan.vectorLoop))
      return vector::LoadOp::create(rewriter, loc, vectorOf(element), source,
                                    indicesOf(operand));
    return splat(
        memref::LoadOp::create(rewriter, loc, source, indicesOf(operand)));
  };

  // Copies: `plan.unroll` rows times `plan.vectors` vectors along the
  // vector loop; copy i is row i / vectors, vector i % vectors.
  int64_t numCopies = plan.unroll * plan.vectors;
  SmallVector<Value> rowIndex, vectorOffset;
  for (int64_t i = 0; i < plan.unroll; ++i)
    rowIndex.push_back(arith::ConstantIndexOp::create(rewriter, loc, i));
  for (int64_t j = 0; j < plan.vectors; ++j)
    vectorOffset.push_back(
        arith::ConstantIndexOp::create(rewriter, loc, j * plan.width));
  auto selectCopy = [&](int64_t i) {
    if (plan.unroll > 1)
      loopIndex[plan.unrollLoop] = rowIndex[i / plan.vectors];
    loopIndex[plan.vectorLoop] = vectorOffset[i % plan.vectors];
  };
  // Which copies read the same value of an operand: those of one row if it
  // depends on the row, those of one vector if it depends on the vector.
  auto copyKey = [&](OpOperand &operand, int64_t i) {
    AffineMap map = tile.getMatchingIndexingMap(&operand);
    int64_t row = plan.unroll > 1 && map.isFunctionOfDim(plan.unrollLoop)
                      ? i / plan.vectors
                      : -1;
    int64_t vec = map.isFunctionOfDim(plan.vectorLoop) ? i % plan.vectors : -1;
    return std::make_tuple(operand.getOperandNumber(), row, vec);
  };

  // Accumulators (copy-major), then the reduction loops around the body.
  unsigned numInits = tile.getNumDpsInits();
  SmallVector<Value> accumulators;
  for (int64_t i = 0; i < numCopies; ++i) {
    selectCopy(i);
    for (OpOperand &init : tile.getDpsInitsMutable())
      accumulators.push_back(read(init));
  }
  SmallVector<scf::ForOp> loops;
  for (unsigned d = 0; d < tile.getNumLoops(); ++d) {
    if (iterators[d] == utils::IteratorType::parallel)
      continue;
    Value upper = arith::ConstantIndexOp::create(rewriter, loc, ranges[d]);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    ValueRange iterArgs = loops.empty() ? ValueRange(accumulators)
                                        : loops.back().getRegionIterArgs();
    auto loop = scf::ForOp::create(rewriter, loc, zero, upper, one, iterArgs);
    if (!loops.empty())
      scf::YieldOp::create(rewriter, loc, loop.getResults());
    loops.push_back(loop);
    rewriter.setInsertionPointToStart(loop.getBody());
    loopIndex[d] = loop.getInductionVar();
  }
  ValueRange carried = loops.empty() ? ValueRange(accumulators)
                                     : loops.back().getRegionIterArgs();

  // Inputs are read once for all the copies that share them.
  std::map<std::tuple<unsigned, int64_t, int64_t>, Value> shared;
  SmallVector<Value> results;
  for (int64_t i = 0; i < numCopies; ++i) {
    selectCopy(i);
    IRMapping lanes;
    for (OpOperand *input : tile.getDpsInputOperands()) {
      BlockArgument arg = tile.getMatchingBlockArgument(input);
      if (arg.use_empty())
        continue;
      Value &value = shared[copyKey(*input, i)];
      if (!value)
        value = read(*input);
      lanes.map(arg, value);
    }
    for (auto [j, init] : llvm::enumerate(tile.getDpsInitsMutable()))
      lanes.map(tile.getMatchingBlockArgument(&init),
                carried[i * numInits + j]);
    auto lookup = [&](Value value) -> Value {
      if (Value mapped = lanes.lookupOrNull(value))
        return mapped;
      return splat(value); // defined outside the body: the same in every lane
    };
    for (Operation &op : tile.getBlock()->without_terminator()) {
      if (isa<arith::ConstantOp>(op)) {
        lanes.map(op.getResult(0), splat(rewriter.clone(op)->getResult(0)));
        continue;
      }
      OperationState state(loc, op.getName());
      for (Value operand : op.getOperands())
        state.addOperands(lookup(operand));
      for (Type type : op.getResultTypes())
        state.addTypes(vectorOf(type));
      state.addAttributes(op.getAttrs());
      Operation *vectorOp = rewriter.create(state);
      lanes.map(op.getResults(), vectorOp->getResults());
    }
    for (Value value :
         cast<linalg::YieldOp>(tile.getBlock()->getTerminator()).getValues())
      results.push_back(lookup(value));
  }
  if (!loops.empty()) {
    scf::YieldOp::create(rewriter, loc, results);
    rewriter.setInsertionPointAfter(loops.front());
    results.assign(loops.front().getResults().begin(),
                   loops.front().getResults().end());
  }
  for (unsigned d = 0; d < tile.getNumLoops(); ++d)
    loopIndex[d] = zero;
  for (int64_t i = 0; i < numCopies; ++i) {
    selectCopy(i);
    for (auto [j, init] : llvm::enumerate(tile.getDpsInitsMutable()))
      vector::StoreOp::create(rewriter, loc, results[i * numInits + j],
                              init.get(), indicesOf(init));
  }
  return success();
}

struct NNCCVectorizePass
    : nncc::impl::NNCCVectorizePassBase<NNCCVectorizePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::GenericOp> candidates;
    func.walk([&](linalg::GenericOp op) { candidates.push_back(op); });
    for (linalg::GenericOp op : candidates) {
      std::optional<TilePlan> plan = planTile(op, width);
      if (!plan)
        continue;
      if (failed(tileAndVectorize(rewriter, op, *plan)))
        return signalPassFailure();
    }
  }

  LogicalResult tileAndVectorize(IRRewriter &rewriter, linalg::GenericOp op,
                                 const TilePlan &plan) {
    unsigned numLoops = op.getNumLoops();
    // Parallel loops in tiles of 1 (the vector loop: `width`); reduction
    // loops are not tiled (but for a long reduction's outer loop, in steps
    // of 1), vectorizeTile walks them with the accumulators in registers.
    SmallVector<OpFoldResult> sizes;
    for (unsigned d = 0; d < numLoops; ++d)
      sizes.push_back(rewriter.getIndexAttr(
          d == plan.outerReduction                                         ? 1
          : op.getIteratorTypesArray()[d] != utils::IteratorType::parallel ? 0
          : d == plan.vectorLoop                    ? plan.width * plan.vectors
          : plan.unroll > 1 && d == plan.unrollLoop ? plan.unroll
                                                    : 1));
    // Loop order: the outer reduction step, the parallel loops, the vector
    // loop last. The sum over the reduction keeps its order: each output
    // element still accumulates in the order of the op's loops.
    SmallVector<int64_t> order;
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    if (plan.outerReduction)
      order.push_back(*plan.outerReduction);
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] == utils::IteratorType::parallel && d != plan.vectorLoop)
        order.push_back(d);
    order.push_back(plan.vectorLoop);
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] != utils::IteratorType::parallel &&
          d != plan.outerReduction)
        order.push_back(d);
    scf::SCFTilingOptions options;
    options.setTileSizes(sizes);
    options.setInterchange(order);
    options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      return op.emitOpError("could not be tiled for vectorization");
    rewriter.eraseOp(op);
    for (Operation *tile : tiled->tiledOps)
      if (auto generic = dyn_cast<linalg::GenericOp>(tile))
        if (succeeded(vectorizeTile(rewriter, generic, plan)))
          rewriter.eraseOp(generic);
    // The tile loops over parallel dimensions become one scf.parallel (the
    // outer reduction step, if any, stays a sequential loop around it).
    ArrayRef<LoopLikeOpInterface> loops = tiled->loops;
    if (plan.outerReduction && !loops.empty())
      loops = loops.drop_front();
    if (loops.empty())
      return success();
    SmallVector<Operation *> tileLoops;
    for (LoopLikeOpInterface loop : loops)
      tileLoops.push_back(loop.getOperation());
    auto isTileLoop = [&](scf::ForOp loop) {
      return llvm::is_contained(tileLoops, loop.getOperation());
    };
    SmallVector<scf::ForOp> band = nncc::getPerfectBand(
        dyn_cast<scf::ForOp>(tileLoops.front()), isTileLoop);
    if (!band.empty())
      nncc::convertToParallel(rewriter, band);
    return success();
  }
};

} // namespace
