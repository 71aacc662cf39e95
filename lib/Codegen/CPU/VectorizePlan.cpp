//===- VectorizePlan.cpp - what nncc-vectorize does with each op ----------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The heuristics of nncc-vectorize (docs/CPUCodegen.md): which ops become
// vector tiles, the width, the unrolled rows and vectors per tile within the
// register budget, the steps of long reductions and the blocking of
// kernels too big for L1, the prologue and epilogue fused into the tiles,
// and the transposes run in register tiles. Nothing here changes the IR;
// the plans print on one line each for `print-plans`.
//
//===----------------------------------------------------------------------===//

#include "VectorizePlan.h"

#include "nncc/Codegen/Common/BufferUtils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;

namespace {

using nncc::Epilogue;
using nncc::hasContiguousLastDim;
using nncc::isLaneWise;
using nncc::TilePlan;

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

} // namespace

bool nncc::isLaneWise(linalg::GenericOp tile,
                      std::optional<unsigned> vectorLoop) {
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

/// The loop `v` that vector tiles of `op` would run along (the output's
/// last index, parallel, used by every output and by each operand that
/// uses it alone in its last, unit-stride dimension), whatever its range.
static std::optional<unsigned> findVectorLoop(linalg::GenericOp op) {
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
  return v;
}

std::optional<std::pair<unsigned, int64_t>>
nncc::getVectorSplit(linalg::GenericOp op, int64_t maxWidth) {
  std::optional<unsigned> v = findVectorLoop(op);
  if (!v)
    return std::nullopt;
  int64_t range = op.getStaticLoopRanges()[*v];
  for (int64_t width = maxWidth; width >= 4; width /= 2)
    if (range % width == 0)
      return std::nullopt; // tiles as they are
  for (int64_t width = maxWidth; width >= 4; width /= 2)
    if (range > width)
      return std::make_pair(*v, range - range % width);
  return std::nullopt;
}

std::optional<TilePlan> nncc::planTile(linalg::GenericOp op, int64_t maxWidth) {
  std::optional<unsigned> vectorLoop = findVectorLoop(op);
  if (!vectorLoop)
    return std::nullopt;
  unsigned v = *vectorLoop;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  std::optional<TilePlan> plan;
  for (int64_t width = maxWidth; width >= 4 && !plan; width /= 2)
    if (ranges[v] % width == 0) {
      plan = TilePlan();
      plan->vectorLoop = v;
      plan->width = width;
    }
  if (!plan)
    return std::nullopt;
  plan->reduces = op.getNumReductionLoops() != 0;
  plan->laneWise = isLaneWise(op, v);
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

std::optional<nncc::TransposePlan> nncc::planTranspose(linalg::GenericOp op,
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
  return TransposePlan{u, v, width};
}

SmallVector<nncc::OpPlan>
nncc::planVectorization(func::FuncOp func, int64_t width, bool fuseEpilogues) {
  SmallVector<OpPlan> plans;
  func.walk([&](linalg::GenericOp op) { plans.emplace_back().op = op; });
  DenseSet<Operation *> fused;
  // Tiles and prologues first: a prologue is an earlier op than its
  // consumer.
  for (OpPlan &plan : plans) {
    plan.tiles = planTile(plan.op, width);
    if (!plan.tiles)
      continue;
    if (Operation *prologue =
            fuseEpilogues ? findPrologue(plan.op, *plan.tiles) : nullptr) {
      plan.tiles->prologue = prologue;
      fused.insert(prologue);
    }
  }
  // Then in order: ops fused into an earlier one's tiles are skipped, an
  // op taken as a prologue is not taken as an epilogue.
  for (OpPlan &plan : plans) {
    if (fused.contains(plan.op)) {
      plan.kind = OpPlan::Kind::Fused;
      plan.tiles.reset();
      continue;
    }
    if (!plan.tiles) {
      plan.transpose = planTranspose(plan.op, width);
      plan.kind = plan.transpose ? OpPlan::Kind::Transpose : OpPlan::Kind::None;
      continue;
    }
    plan.kind = OpPlan::Kind::Tiles;
    std::optional<Epilogue> epilogue =
        fuseEpilogues ? findEpilogue(plan.op) : std::nullopt;
    if (!epilogue || fused.contains(epilogue->op))
      continue;
    fused.insert(epilogue->op);
    plan.tiles->epilogue = epilogue;
    // An epilogue needs the final sums in the tile: no blocking then.
    plan.tiles->blockedReduction.reset();
  }
  return plans;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// `fill`, or `generic[...]` with the names of the body's ops.
static void printFusedOp(llvm::raw_ostream &os, Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic) {
    os << (isa<linalg::FillOp>(op) ? StringRef("fill")
                                   : op->getName().getStringRef());
    return;
  }
  os << "generic[";
  llvm::interleave(
      generic.getBlock()->without_terminator(), os,
      [&](Operation &inner) { os << inner.getName(); }, ",");
  os << ']';
}

void nncc::TilePlan::print(llvm::raw_ostream &os) const {
  os << "vector=d" << vectorLoop << " width=" << width << " vectors=" << vectors
     << " rows=[";
  llvm::interleave(
      unrolls, os,
      [&](const Unroll &u) { os << 'd' << u.loop << ':' << u.factor; }, ",");
  os << "] reduction=";
  if (outerReduction)
    os << "outer(d" << *outerReduction << ':' << outerStep << ')';
  else
    os << (reduces ? "inner" : "none");
  os << " block=";
  if (blockedReduction)
    os << 'd' << *blockedReduction << "(group=d" << groupLoop << ')';
  else
    os << "none";
  os << " prologue=";
  if (prologue)
    printFusedOp(os, prologue);
  else
    os << "none";
  os << " epilogue=";
  if (epilogue) {
    printFusedOp(os, epilogue->op);
    if (epilogue->storeProduced)
      os << "+stored";
  } else {
    os << "none";
  }
  os << " body=" << (laneWise ? "vector" : "scalar");
}

void nncc::TransposePlan::print(llvm::raw_ostream &os) const {
  os << "transpose width=" << width << " load=d" << loadLoop << " store=d"
     << storeLoop;
}

void nncc::OpPlan::print(llvm::raw_ostream &os) const {
  os << "plan: ";
  switch (kind) {
  case Kind::None:
    os << "none";
    return;
  case Kind::Fused:
    os << "fused";
    return;
  case Kind::Tiles:
    tiles->print(os);
    return;
  case Kind::Transpose:
    transpose->print(os);
    return;
  }
}
