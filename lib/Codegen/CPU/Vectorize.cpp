//===- Vectorize.cpp - vector-wide tiles of linalg ops on buffers ---------===//
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

#include "nncc/Codegen/CPU/Passes.h"

#include "VectorizeTranspose.h"

#include "nncc/Codegen/Common/BufferUtils.h"
#include "nncc/Codegen/Common/LoopUtils.h"
#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
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
#include "nncc/Codegen/CPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

using nncc::hasContiguousLastDim;

/// How one op is tiled: the loop that becomes the vector and its width.
struct TilePlan {
  unsigned vectorLoop;
  int64_t width;
  /// Up to two other parallel loops unrolled (none: one row): independent
  /// accumulators hide the FMA latency, and operands that do not depend on
  /// an unrolled loop are loaded once for all its copies. The tile has
  /// `rows()` rows, row r at digits r = ((d0)·factor1 + d1) of the loops.
  struct Unroll {
    unsigned loop;
    int64_t factor;
  };
  SmallVector<Unroll, 2> unrolls;
  int64_t rows() const {
    int64_t rows = 1;
    for (const Unroll &u : unrolls)
      rows *= u.factor;
    return rows;
  }
  std::optional<int64_t> unrollFactor(unsigned loop) const {
    for (const Unroll &u : unrolls)
      if (u.loop == loop)
        return u.factor;
    return std::nullopt;
  }
  /// Vectors per tile along the vector loop (1 or 2): with 8 rows, 16
  /// accumulators, and each broadcast element feeds two FMAs.
  int64_t vectors = 1;
  /// A reduction loop walked outermost, one step per tile (none if unset):
  /// long reductions (a convolution's weight gradient sums over batch and
  /// pixels) then stream one image's operands through the cache for all
  /// tiles, instead of every tile streaming the whole batch.
  std::optional<unsigned> outerReduction;
  /// Iterations of `outerReduction` per step: 1, or a chunk of a long
  /// reduction that is the op's only one (an LSTM's weight gradient sums
  /// over batch x time in one loop): each step's chunk of the operands then
  /// stays in L2 for all tiles.
  int64_t outerStep = 1;
  /// A short first reduction loop (a window row) walked one step at a time
  /// between the parallel tile loops and the last of them, `groupLoop`
  /// (none if unset): the operands that no parallel loop indexes (a
  /// convolution kernel too big for L1) are then read one block at a time
  /// by a whole group of tiles, from L1, instead of every tile streaming
  /// all of them from L2. Each output still sums in the op's order.
  std::optional<unsigned> blockedReduction;
  unsigned groupLoop = 0;
};

/// Reductions shorter than this run entirely inside each tile.
constexpr int64_t kLongReduction = 1024;

/// The chunk a long reduction loop of `range` iterations is stepped by:
/// its largest divisor from 64 to 256 (a chunk of a few hundred KiB of
/// operand rows), if any.
std::optional<int64_t> reductionChunk(int64_t range) {
  for (int64_t chunk = 256; chunk >= 64; --chunk)
    if (range % chunk == 0)
      return chunk;
  return std::nullopt;
}

/// Bytes of a tile's loop-invariant operands (the kernel) past which the
/// first reduction loop is blocked (about two thirds of a 48 KiB L1), and
/// the longest first reduction loop blocked that way (a window row).
constexpr int64_t kBlockBytes = 32 * 1024;
constexpr int64_t kMaxBlockedRange = 16;

/// Accumulators per tile with 16-lane vectors (AVX-512's 32 registers
/// leave room for the operands); 16 with narrower ones.
constexpr int64_t kMaxAccumulatorsWide = 18;

/// Sets `plan.blockedReduction` if one tile reads more than kBlockBytes
/// of operands that no parallel loop indexes, all through reduction loops
/// whose first, `first`, is short.
void planBlocking(linalg::GenericOp op, TilePlan &plan,
                  std::optional<unsigned> first) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (plan.outerReduction || !first || ranges[*first] > kMaxBlockedRange)
    return;
  auto isTiled = [&](unsigned d) {
    return iterators[d] == utils::IteratorType::parallel &&
           d != plan.vectorLoop && ranges[d] > plan.unrollFactor(d).value_or(1);
  };
  int64_t bytes = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    auto type = dyn_cast<MemRefType>(input->get().getType());
    if (!type || llvm::any_of(llvm::seq(op.getNumLoops()), [&](unsigned d) {
          return isTiled(d) && map.isFunctionOfDim(d);
        }))
      continue;
    int64_t footprint = type.getElementTypeBitWidth() / 8;
    for (unsigned d = 0; d < op.getNumLoops(); ++d)
      if (map.isFunctionOfDim(d))
        footprint *= d == plan.vectorLoop ? plan.width * plan.vectors
                     : iterators[d] == utils::IteratorType::parallel
                         ? plan.unrollFactor(d).value_or(1)
                         : ranges[d];
    bytes += footprint;
  }
  if (bytes <= kBlockBytes)
    return;
  for (unsigned d = op.getNumLoops(); d-- > 0;)
    if (isTiled(d)) {
      plan.blockedReduction = first;
      plan.groupLoop = d;
      return;
    }
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
      plan = TilePlan{v, width, {}, 1, std::nullopt, 1, std::nullopt, 0};
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
  if (firstReduction && reductionSize >= kLongReduction) {
    if (reductionSize / ranges[*firstReduction] >= 64) {
      plan->outerReduction = firstReduction;
    } else if (reductionSize == ranges[*firstReduction]) {
      if (std::optional<int64_t> chunk = reductionChunk(reductionSize)) {
        plan->outerReduction = firstReduction;
        plan->outerStep = *chunk;
      }
    }
  }
  // Ops with reductions unroll output loops other than `v`. Preferred
  // are those that the most vector operands (the inputs read along `v`) do
  // not depend on: their vector loads are then shared by all the copies (a
  // matmul's rows, a convolution's images or a weight gradient's window
  // positions, never the image of a per-image partial sum). Among those,
  // the largest power of two up to 8 accumulators that divides a range (the
  // first loop wins ties); if that gives fewer than 4 rows (a 3x3 window),
  // whole ranges of up to two of those loops, up to the register budget.
  // Elementwise ops unroll only loops that no vector operand depends on
  // (the max-pool gradient's position in its window): the copies then share
  // every load, and their common computation is done once.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  int64_t numInits = op.getNumDpsInits();
  int64_t vectorOperands = 0;
  for (OpOperand *input : op.getDpsInputOperands())
    vectorOperands += op.getMatchingIndexingMap(input).isFunctionOfDim(v);
  auto shared = [&](unsigned d) {
    int64_t count = 0;
    for (OpOperand *input : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(input);
      count += map.isFunctionOfDim(v) && !map.isFunctionOfDim(d);
    }
    return count;
  };
  SmallVector<unsigned> candidates;
  int64_t best = -1;
  for (AffineExpr result : outMap.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(result);
    if (!dim || dim.getPosition() == v || ranges[dim.getPosition()] < 2 ||
        iterators[dim.getPosition()] != utils::IteratorType::parallel)
      continue;
    int64_t score = shared(dim.getPosition());
    if (score > best)
      candidates.clear();
    if (score >= best) {
      candidates.push_back(dim.getPosition());
      best = score;
    }
  }
  // Whole ranges of up to two candidates, at most `maxRows` rows.
  auto unrollWhole = [&](int64_t maxRows) {
    SmallVector<TilePlan::Unroll, 2> whole;
    int64_t rows = 1;
    for (unsigned d : candidates)
      if (whole.size() < 2 && rows * ranges[d] <= maxRows) {
        whole.push_back({d, ranges[d]});
        rows *= ranges[d];
      }
    if (rows > plan->rows())
      plan->unrolls = whole;
  };
  if (op.getNumReductionLoops() == 0) {
    if (best > 0 && best == vectorOperands)
      unrollWhole(std::max<int64_t>(1, 8 / numInits));
    return plan;
  }
  int64_t maxUnroll = std::max<int64_t>(1, 8 / numInits);
  for (unsigned d : candidates)
    for (int64_t unroll = maxUnroll; unroll > plan->rows(); unroll /= 2)
      if (ranges[d] % unroll == 0) {
        plan->unrolls = {{d, unroll}};
        break;
      }
  bool twoVectors = ranges[v] % (2 * plan->width) == 0;
  int64_t maxAccumulators = plan->width >= 16 ? kMaxAccumulatorsWide : 16;
  if (plan->rows() < 4)
    unrollWhole(maxAccumulators / ((twoVectors ? 2 : 1) * numInits));
  if (twoVectors && 2 * plan->rows() * numInits <= maxAccumulators)
    plan->vectors = 2;
  planBlocking(op, *plan, firstReduction);
  return plan;
}

/// Whether the tile's body can run lane-wise on vectors: elementwise
/// arith/math ops and constants on scalars. With `vectorLoop`, also the
/// indices of the other loops (`linalg.index`, and the `affine.apply` that
/// tiling adds to them): the same in every lane.
bool isLaneWise(linalg::GenericOp tile,
                std::optional<unsigned> vectorLoop = std::nullopt) {
  for (Operation &op : tile.getBlock()->without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(op)) {
      if (!vectorLoop || index.getDim() == *vectorLoop)
        return false;
      continue;
    }
    if (!isa<arith::ConstantOp>(op) &&
        !(vectorLoop && isa<affine::AffineApplyOp>(op)) &&
        !OpTrait::hasElementwiseMappableTraits(&op))
      return false;
    for (Type type : op.getResultTypes())
      if (!type.isIntOrIndexOrFloat())
        return false;
  }
  return true;
}

/// An elementwise op fused into the tiles of the op that produces its input
/// (conv2d/matmul + activation): it runs on the accumulators in registers
/// and stores its own result; the producer's result is stored too only if
/// something else reads it.
struct Epilogue {
  linalg::GenericOp op;
  /// The producer's output buffer, which `op` reads with the identity map.
  Value produced;
  bool storeProduced = true;
};

/// The elementwise op right after `producer` (pure ops between) that reads
/// its output with the identity map, if it can run in the producer's tiles.
std::optional<Epilogue> findEpilogue(linalg::GenericOp producer) {
  if (producer.getNumDpsInits() != 1 || producer.getNumReductionLoops() == 0 ||
      !isLaneWise(producer))
    return std::nullopt;
  Value produced = producer.getDpsInitOperand(0)->get();
  auto type = dyn_cast<MemRefType>(produced.getType());
  if (!type)
    return std::nullopt;
  Operation *next = producer->getNextNode();
  while (next && isPure(next) && !isa<linalg::LinalgOp>(next))
    next = next->getNextNode();
  auto op = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0 ||
      op.getNumLoops() != static_cast<unsigned>(type.getRank()) ||
      !isLaneWise(op))
    return std::nullopt;
  OpOperand *out = op.getDpsInitOperand(0);
  if (!op.getMatchingIndexingMap(out).isIdentity() ||
      !op.getMatchingBlockArgument(out).use_empty() ||
      !hasContiguousLastDim(out->get()))
    return std::nullopt;
  // The result must not overwrite anything the producer still reads.
  for (OpOperand *input : producer.getDpsInputOperands())
    if (isa<MemRefType>(input->get().getType()) &&
        !nncc::independentBuffers(out->get(), input->get()))
      return std::nullopt;
  bool readsProduced = false;
  unsigned last = type.getRank() - 1;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (input->get() == produced) {
      if (!map.isIdentity())
        return std::nullopt;
      readsProduced = true;
      continue;
    }
    if (!isa<MemRefType>(input->get().getType()))
      continue;
    if (!map.isProjectedPermutation() ||
        !nncc::independentBuffers(produced, input->get()) ||
        (out->get() != produced &&
         !nncc::independentBuffers(out->get(), input->get())))
      return std::nullopt;
    // The vector dimension, if used, must be the operand's contiguous last.
    for (auto [i, result] : llvm::enumerate(map.getResults()))
      if (result.isFunctionOfDim(last) &&
          (i + 1 != map.getNumResults() || !hasContiguousLastDim(input->get())))
        return std::nullopt;
  }
  if (!readsProduced)
    return std::nullopt;
  // The producer's result needs storing if anything but the consumer may
  // read it: ops before the producer in a function's top-level block (the
  // bias fill that initializes it) cannot; in a loop they could read the
  // previous iteration's.
  bool straightLine = isa<func::FuncOp>(producer->getParentOp());
  Epilogue epilogue{op, produced};
  epilogue.storeProduced =
      out->get() != produced &&
      !llvm::all_of(produced.getUsers(), [&](Operation *user) {
        if (user == producer.getOperation() || user == op.getOperation())
          return true;
        Operation *ancestor =
            producer->getBlock()->findAncestorOpInBlock(*user);
        return straightLine && ancestor && ancestor->isBeforeInBlock(producer);
      });
  return epilogue;
}

/// Clones the body of `op` with every value a vector of `width` lanes: block
/// arguments as `lanes` maps them. Values that are the same in every lane
/// (from outside the body, constants, `linalg.index` as `indexOf` gives it,
/// and what is computed from those alone) stay scalars, splat where a
/// vector op uses them. Returns the yielded vectors.
SmallVector<Value>
cloneLaneWise(RewriterBase &rewriter, Location loc, linalg::GenericOp op,
              IRMapping &lanes, int64_t width,
              function_ref<Value(unsigned)> indexOf = nullptr) {
  auto vectorOf = [&](Type type) { return VectorType::get({width}, type); };
  IRMapping scalars;
  DenseMap<Value, Value> splats;
  auto isUniform = [&](Value value) { return !lanes.contains(value); };
  auto lookup = [&](Value value) -> Value {
    if (Value mapped = lanes.lookupOrNull(value))
      return mapped;
    Value &splat = splats[value];
    if (!splat) {
      Value scalar = scalars.lookupOrDefault(value);
      splat = vector::BroadcastOp::create(rewriter, loc,
                                          vectorOf(scalar.getType()), scalar);
    }
    return splat;
  };
  for (Operation &inner : op.getBlock()->without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      scalars.map(index.getResult(), indexOf(index.getDim()));
      continue;
    }
    if (llvm::all_of(inner.getOperands(), isUniform)) {
      rewriter.clone(inner, scalars);
      continue;
    }
    OperationState state(loc, inner.getName());
    for (Value operand : inner.getOperands())
      state.addOperands(lookup(operand));
    for (Type type : inner.getResultTypes())
      state.addTypes(vectorOf(type));
    state.addAttributes(inner.getAttrs());
    Operation *vectorOp = rewriter.create(state);
    lanes.map(inner.getResults(), vectorOp->getResults());
  }
  SmallVector<Value> yielded;
  for (Value value :
       cast<linalg::YieldOp>(op.getBlock()->getTerminator()).getValues())
    yielded.push_back(lookup(value));
  return yielded;
}

/// The coordinates in the whole buffer of `local` in the tile's output
/// `init` (a subview of it): the tile's offsets plus `local`.
SmallVector<Value> bufferCoords(RewriterBase &rewriter, Location loc,
                                OpOperand &init, ArrayRef<Value> local) {
  SmallVector<Value> coords(local);
  if (auto subview = init.get().getDefiningOp<memref::SubViewOp>())
    for (auto [d, offset] : llvm::enumerate(subview.getMixedOffsets()))
      coords[d] = arith::AddIOp::create(
          rewriter, loc, coords[d],
          getValueOrCreateConstantIndexOp(rewriter, loc, offset));
  return coords;
}

/// Runs the elementwise op `op` (identity output map, lane-wise body) at
/// the `width` elements from `coords` along its last dimension: its inputs
/// are loaded there through their maps, but `produced`, which is `acc`.
/// Returns the yielded vectors.
SmallVector<Value> evaluateAt(RewriterBase &rewriter, Location loc,
                              linalg::GenericOp op, ArrayRef<Value> coords,
                              Value produced, Value acc, int64_t width) {
  unsigned last = coords.size() - 1;
  IRMapping lanes;
  for (OpOperand *input : op.getDpsInputOperands()) {
    BlockArgument arg = op.getMatchingBlockArgument(input);
    Value source = input->get();
    if (arg.use_empty())
      continue;
    if (produced && source == produced) {
      lanes.map(arg, acc);
      continue;
    }
    auto vectorType = VectorType::get({width}, arg.getType());
    if (!isa<MemRefType>(source.getType())) {
      lanes.map(arg,
                vector::BroadcastOp::create(rewriter, loc, vectorType, source));
      continue;
    }
    AffineMap map = op.getMatchingIndexingMap(input);
    SmallVector<Value> indices;
    for (AffineExpr result : map.getResults())
      indices.push_back(coords[cast<AffineDimExpr>(result).getPosition()]);
    if (map.isFunctionOfDim(last))
      lanes.map(arg, vector::LoadOp::create(rewriter, loc, vectorType, source,
                                            indices));
    else
      lanes.map(arg,
                vector::BroadcastOp::create(
                    rewriter, loc, vectorType,
                    memref::LoadOp::create(rewriter, loc, source, indices)));
  }
  return cloneLaneWise(rewriter, loc, op, lanes, width);
}

/// Runs `epilogue` on the final accumulator `acc` of the producer's tile,
/// stored at `local` in the tile's output `init` (a subview of the produced
/// buffer), and stores its result at the same place of its own output.
void applyEpilogue(RewriterBase &rewriter, Location loc,
                   const Epilogue &epilogue, OpOperand &init,
                   ArrayRef<Value> local, Value acc, int64_t width) {
  SmallVector<Value> coords = bufferCoords(rewriter, loc, init, local);
  SmallVector<Value> results = evaluateAt(rewriter, loc, epilogue.op, coords,
                                          epilogue.produced, acc, width);
  vector::StoreOp::create(
      rewriter, loc, results.front(),
      linalg::GenericOp(epilogue.op).getDpsInitOperand(0)->get(), coords);
}

/// The op that writes every element of `op`'s one output right before it
/// (only ops that cannot touch that output between), if the tiles can
/// compute what it writes themselves:
/// a `linalg.fill`, or an elementwise generic that does not read the
/// output (a bias broadcast). The tiles then start their accumulators from
/// those values, and the op goes: one pass less over the output.
Operation *findPrologue(linalg::GenericOp op, const TilePlan &plan) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0 ||
      !isLaneWise(op, plan.vectorLoop))
    return nullptr;
  Value out = op.getDpsInitOperand(0)->get();
  auto type = dyn_cast<MemRefType>(out.getType());
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  // `op` must write every element of `out` (so it may drop what the
  // prologue wrote): a permutation of loops with the buffer's sizes.
  if (!type || !outMap.isProjectedPermutation() ||
      outMap.getNumResults() != type.getRank())
    return nullptr;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (auto [i, result] : llvm::enumerate(outMap.getResults()))
    if (ranges[cast<AffineDimExpr>(result).getPosition()] != type.getDimSize(i))
      return nullptr;
  // Skip pure ops and linalg ops on buffers that cannot touch `out` (a
  // transposed kernel made between the fill and its matmul).
  auto independent = [&](Operation *between) {
    if (isPure(between) && !isa<linalg::LinalgOp>(between))
      return true;
    auto linalgOp = dyn_cast<linalg::LinalgOp>(between);
    return linalgOp && linalgOp.hasPureBufferSemantics() &&
           llvm::all_of(between->getOperands(), [&](Value operand) {
             return !isa<MemRefType>(operand.getType()) ||
                    nncc::independentBuffers(out, operand);
           });
  };
  Operation *prev = op->getPrevNode();
  while (prev && independent(prev))
    prev = prev->getPrevNode();
  // The same buffer, or equal views of it.
  auto isOut = [&](Value value) {
    if (value == out)
      return true;
    Operation *a = value.getDefiningOp<memref::SubViewOp>();
    Operation *b = out.getDefiningOp<memref::SubViewOp>();
    return a && b &&
           OperationEquivalence::isEquivalentTo(
               a, b, OperationEquivalence::IgnoreLocations);
  };
  if (auto fill = dyn_cast_or_null<linalg::FillOp>(prev))
    return isOut(fill.getDpsInitOperand(0)->get()) ? fill : nullptr;
  auto generic = dyn_cast_or_null<linalg::GenericOp>(prev);
  if (!generic || !generic.hasPureBufferSemantics() ||
      generic.getNumDpsInits() != 1 || generic.getNumReductionLoops() != 0 ||
      !isOut(generic.getDpsInitOperand(0)->get()) ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity() ||
      !generic.getMatchingBlockArgument(generic.getDpsInitOperand(0))
           .use_empty() ||
      !isLaneWise(generic) || !hasContiguousLastDim(out))
    return nullptr;
  unsigned last = type.getRank() - 1;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    if (!isa<MemRefType>(input->get().getType()))
      continue;
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (!map.isProjectedPermutation() ||
        !nncc::independentBuffers(out, input->get()))
      return nullptr;
    for (auto [i, result] : llvm::enumerate(map.getResults()))
      if (result.isFunctionOfDim(last) &&
          (i + 1 != map.getNumResults() || !hasContiguousLastDim(input->get())))
        return nullptr;
  }
  return generic;
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
/// order. With a `prologue` (findPrologue), the accumulators start from
/// what it would have written instead of being loaded; at the first step of
/// `stepLoop` only, if the tile sits in a reduction's step loop (whose
/// later steps continue from the stored accumulators).
LogicalResult vectorizeTile(RewriterBase &rewriter, linalg::GenericOp tile,
                            const TilePlan &plan,
                            const std::optional<Epilogue> &epilogue,
                            Operation *prologue, scf::ForOp stepLoop) {
  if (!isLaneWise(tile, plan.vectorLoop))
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

  // Copies: `plan.rows()` rows times `plan.vectors` vectors along the
  // vector loop; copy i is row i / vectors, vector i % vectors.
  int64_t numCopies = plan.rows() * plan.vectors;
  SmallVector<Value> rowIndex, vectorOffset;
  for (const TilePlan::Unroll &u : plan.unrolls)
    for (int64_t i = static_cast<int64_t>(rowIndex.size()); i < u.factor; ++i)
      rowIndex.push_back(arith::ConstantIndexOp::create(rewriter, loc, i));
  for (int64_t j = 0; j < plan.vectors; ++j)
    vectorOffset.push_back(
        arith::ConstantIndexOp::create(rewriter, loc, j * plan.width));
  // The row's index along each unrolled loop (the last varies fastest).
  auto rowDigits = [&](int64_t i) {
    SmallVector<int64_t, 2> digits(plan.unrolls.size());
    int64_t row = i / plan.vectors;
    for (int64_t u = static_cast<int64_t>(plan.unrolls.size()) - 1; u >= 0;
         --u) {
      digits[u] = row % plan.unrolls[u].factor;
      row /= plan.unrolls[u].factor;
    }
    return digits;
  };
  auto selectCopy = [&](int64_t i) {
    for (auto [u, digit] : llvm::zip(plan.unrolls, rowDigits(i)))
      loopIndex[u.loop] = rowIndex[digit];
    loopIndex[plan.vectorLoop] = vectorOffset[i % plan.vectors];
  };
  // Which copies read the same value of an operand: those at one index of
  // each unrolled loop it depends on, those of one vector if it depends on
  // the vector.
  auto copyKey = [&](OpOperand &operand, int64_t i) {
    AffineMap map = tile.getMatchingIndexingMap(&operand);
    int64_t row = 0;
    for (auto [u, digit] : llvm::zip(plan.unrolls, rowDigits(i)))
      row =
          row * (u.factor + 1) + (map.isFunctionOfDim(u.loop) ? digit + 1 : 0);
    int64_t vec = map.isFunctionOfDim(plan.vectorLoop) ? i % plan.vectors : -1;
    return std::make_tuple(operand.getOperandNumber(), row, vec);
  };

  // Accumulators (copy-major), then the reduction loops around the body.
  unsigned numInits = tile.getNumDpsInits();
  SmallVector<Value> accumulators;
  auto initial = [&](OpOperand &init) -> Value {
    if (auto fill = dyn_cast_or_null<linalg::FillOp>(prologue))
      return splat(fill.getDpsInputOperand(0)->get());
    return evaluateAt(rewriter, loc, cast<linalg::GenericOp>(prologue),
                      bufferCoords(rewriter, loc, init, indicesOf(init)),
                      Value(), Value(), plan.width)
        .front();
  };
  auto loadAll = [&](bool fromPrologue) {
    SmallVector<Value> values;
    for (int64_t i = 0; i < numCopies; ++i) {
      selectCopy(i);
      for (OpOperand &init : tile.getDpsInitsMutable())
        values.push_back(fromPrologue ? initial(init) : read(init));
    }
    return values;
  };
  if (!prologue) {
    accumulators = loadAll(false);
  } else if (!stepLoop) {
    accumulators = loadAll(true);
  } else {
    // The first step starts from the prologue, later ones from memory.
    Value first = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                        stepLoop.getInductionVar(),
                                        stepLoop.getLowerBound());
    SmallVector<Type> types(
        numCopies * tile.getNumDpsInits(),
        vectorOf(getElementTypeOrSelf(tile.getDpsInitOperand(0)->get())));
    auto branch = scf::IfOp::create(rewriter, loc, types, first,
                                    /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(branch.thenBlock());
    scf::YieldOp::create(rewriter, loc, loadAll(true));
    rewriter.setInsertionPointToStart(branch.elseBlock());
    scf::YieldOp::create(rewriter, loc, loadAll(false));
    accumulators.assign(branch.getResults().begin(), branch.getResults().end());
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
    llvm::append_range(results,
                       cloneLaneWise(rewriter, loc, tile, lanes, plan.width,
                                     [&](unsigned d) { return loopIndex[d]; }));
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
      if (!epilogue || epilogue->storeProduced)
        vector::StoreOp::create(rewriter, loc, results[i * numInits + j],
                                init.get(), indicesOf(init));
    if (epilogue)
      applyEpilogue(rewriter, loc, *epilogue, tile.getDpsInitsMutable()[0],
                    indicesOf(tile.getDpsInitsMutable()[0]), results[i],
                    plan.width);
  }
  return success();
}

struct NNCCVectorizePass
    : nncc::impl::NNCCVectorizePassBase<NNCCVectorizePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    // Named transposes (an RNN's transposed recurrent kernel) as generics.
    func.walk([&](linalg::TransposeOp op) {
      if (op.hasPureBufferSemantics()) {
        rewriter.setInsertionPoint(op);
        (void)linalg::generalizeNamedOp(rewriter, op);
      }
    });
    SmallVector<linalg::GenericOp> candidates;
    func.walk([&](linalg::GenericOp op) { candidates.push_back(op); });
    DenseSet<Operation *> fused;
    // Plans and prologues first: a prologue is an earlier candidate than
    // its consumer.
    DenseMap<Operation *, TilePlan> plans;
    DenseMap<Operation *, Operation *> prologues;
    for (linalg::GenericOp op : candidates) {
      std::optional<TilePlan> plan = planTile(op, width);
      if (!plan)
        continue;
      plans[op] = *plan;
      if (Operation *prologue =
              fuseEpilogues ? findPrologue(op, *plan) : nullptr) {
        prologues[op] = prologue;
        fused.insert(prologue);
      }
    }
    for (linalg::GenericOp op : candidates) {
      if (fused.contains(op))
        continue;
      auto found = plans.find(op);
      if (found == plans.end()) {
        (void)nncc::vectorizeTranspose(rewriter, op, width);
        continue;
      }
      std::optional<TilePlan> plan = found->second;
      Operation *prologue = prologues.lookup(op);
      std::optional<Epilogue> epilogue =
          fuseEpilogues ? findEpilogue(op) : std::nullopt;
      if (epilogue && fused.contains(epilogue->op))
        epilogue.reset();
      // An epilogue needs the final sums in the tile: no blocking then.
      if (epilogue)
        plan->blockedReduction.reset();
      if (epilogue) {
        fused.insert(epilogue->op);
        // The pure ops between the two (the consumer's output view) go first.
        for (Operation *between = op->getNextNode(); between != epilogue->op;) {
          Operation *next = between->getNextNode();
          between->moveBefore(op);
          between = next;
        }
      }
      if (failed(tileAndVectorize(rewriter, op, *plan, epilogue, prologue)))
        return signalPassFailure();
      if (epilogue)
        rewriter.eraseOp(epilogue->op);
      if (prologue)
        rewriter.eraseOp(prologue);
    }
  }

  LogicalResult tileAndVectorize(IRRewriter &rewriter, linalg::GenericOp op,
                                 const TilePlan &plan,
                                 const std::optional<Epilogue> &epilogue,
                                 Operation *prologue) {
    unsigned numLoops = op.getNumLoops();
    // Parallel loops in tiles of 1 (the vector loop: `width`); reduction
    // loops are not tiled (but for a long reduction's outer loop, in steps
    // of 1), vectorizeTile walks them with the accumulators in registers.
    SmallVector<OpFoldResult> sizes;
    for (unsigned d = 0; d < numLoops; ++d)
      sizes.push_back(rewriter.getIndexAttr(
          d == plan.outerReduction     ? plan.outerStep
          : d == plan.blockedReduction ? 1
          : op.getIteratorTypesArray()[d] != utils::IteratorType::parallel ? 0
          : d == plan.vectorLoop ? plan.width * plan.vectors
                                 : plan.unrollFactor(d).value_or(1)));
    // Loop order: the outer reduction step, the parallel loops (with a
    // blocked reduction step before the group loop), the vector loop last.
    // The sum over the reduction keeps its order: each output element still
    // accumulates in the order of the op's loops.
    SmallVector<int64_t> order;
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    if (plan.outerReduction)
      order.push_back(*plan.outerReduction);
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] == utils::IteratorType::parallel &&
          d != plan.vectorLoop &&
          !(plan.blockedReduction && d == plan.groupLoop))
        order.push_back(d);
    // The parallel band: the tile loops after the outer reduction step and
    // before the blocked one (tile loops are created for every loop of
    // `order` but the untiled reductions at its end).
    size_t bandBegin = plan.outerReduction ? 1 : 0;
    if (plan.blockedReduction) {
      order.push_back(*plan.blockedReduction);
      order.push_back(plan.groupLoop);
    }
    order.push_back(plan.vectorLoop);
    size_t bandEnd = plan.blockedReduction ? order.size() - 3 : order.size();
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] != utils::IteratorType::parallel &&
          d != plan.outerReduction && d != plan.blockedReduction)
        order.push_back(d);
    FailureOr<scf::SCFTilingResult> tiled = nncc::tileWithForLoops(
        rewriter, cast<TilingInterface>(op.getOperation()), sizes, order);
    if (failed(tiled))
      return op.emitOpError("could not be tiled for vectorization");
    // The loop of a stepped reduction, whose steps reload the accumulators.
    SmallVector<LoopLikeOpInterface> &loops = tiled->loops;
    scf::ForOp stepLoop;
    size_t step = plan.outerReduction ? 0 : bandEnd;
    if ((plan.outerReduction || plan.blockedReduction) && loops.size() > step)
      stepLoop = dyn_cast<scf::ForOp>(loops[step].getOperation());
    if (prologue && (plan.outerReduction || plan.blockedReduction) && !stepLoop)
      return op.emitOpError("has no step loop for its prologue");
    rewriter.eraseOp(op);
    for (Operation *tile : tiled->tiledOps) {
      auto generic = dyn_cast<linalg::GenericOp>(tile);
      if (generic && succeeded(vectorizeTile(rewriter, generic, plan, epilogue,
                                             prologue, stepLoop)))
        rewriter.eraseOp(generic);
      else if (epilogue || prologue) // find*logue checked what it needs
        return tile->emitOpError("with a fused epilogue or prologue was not "
                                 "vectorized");
    }
    // The tile loops over parallel dimensions become one scf.parallel (the
    // outer reduction step, if any, stays a sequential loop around it; a
    // blocked reduction step and the loops inside it stay in each tile).
    if (plan.outerReduction && stepLoop) // each tile owns its outputs
      nncc::setPerIterationSteps(stepLoop);
    if (loops.size() >= bandEnd)
      nncc::parallelizeBand(
          rewriter, ArrayRef(loops).slice(bandBegin, bandEnd - bandBegin));
    return success();
  }
};

} // namespace
