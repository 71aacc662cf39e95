//===- Vectorize.cpp - vector-wide tiles of linalg ops on buffers ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pass and the rewriting: each linalg.generic becomes what its plan
// (VectorizePlan.h) says: tiles one vector (or two) wide along the
// output's contiguous dimension and a few rows along other loops, each
// vectorized with its accumulators in registers and its prologue and
// epilogue fused, or a transpose in register tiles (VectorizeTranspose.cpp).
// With `print-plans`, the plans are only reported (see the pass
// description).
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/CPU/Passes.h"

#include "VectorizePlan.h"
#include "VectorizeTranspose.h"

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

using nncc::Epilogue;
using nncc::isLaneWise;
using nncc::OpPlan;
using nncc::TilePlan;

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

/// Rewrites a tile whose parallel loops all have extent 1 except the
/// vector loop (extent `plan.width`) as vector code. The outputs are loaded
/// once into vector accumulators; the reduction loops, if any, become
/// `scf.for` loops that carry the accumulators in registers, in the op's
/// order of its reduction dimensions; each iteration loads the operands
/// indexed by the vector loop as vectors and broadcasts the others, and runs
/// the body lane-wise. The accumulators are stored at the end. Bufferization
/// leaves no input aliasing an output of the same op, so keeping the
/// outputs in registers computes what the scalar loops would, in the same
/// order. With a prologue (`plan.prologue`), the accumulators start from
/// what it would have written instead of being loaded; at the first step of
/// `stepLoop` only, if the tile sits in a reduction's step loop (whose
/// later steps continue from the stored accumulators). With an epilogue
/// (`plan.epilogue`), it runs on the final accumulators.
LogicalResult vectorizeTile(RewriterBase &rewriter, linalg::GenericOp tile,
                            const TilePlan &plan, scf::ForOp stepLoop) {
  const std::optional<Epilogue> &epilogue = plan.epilogue;
  Operation *prologue = plan.prologue;
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
    // A vector loop whose range no width divides (19 channels) is split:
    // the largest multiple of a width below it becomes its own op, tiled
    // below, and the remainder stays scalar (linalg::splitOp, on subviews;
    // each element is computed as before).
    SmallVector<std::pair<linalg::GenericOp, std::pair<unsigned, int64_t>>>
        splits;
    func.walk([&](linalg::GenericOp op) {
      if (auto split = nncc::getVectorSplit(op, width))
        splits.push_back({op, *split});
    });
    for (auto [op, split] : splits) {
      if (printPlans) {
        op->emitRemark() << "split: d" << split.first << " at " << split.second;
        continue;
      }
      rewriter.setInsertionPoint(op);
      (void)linalg::splitOp(rewriter, cast<TilingInterface>(op.getOperation()),
                            split.first, rewriter.getIndexAttr(split.second));
    }
    SmallVector<OpPlan> plans =
        nncc::planVectorization(func, width, fuseEpilogues);
    // The plans as remarks instead (only the transposes are generalized).
    if (printPlans) {
      for (const OpPlan &plan : plans) {
        std::string text;
        llvm::raw_string_ostream(text) << plan;
        plan.op->emitRemark(text);
      }
      return;
    }
    // In order; an op fused into another's tiles goes with it.
    for (const OpPlan &plan : plans) {
      linalg::GenericOp op = plan.op;
      if (plan.kind == OpPlan::Kind::Transpose) {
        (void)nncc::vectorizeTranspose(rewriter, op, *plan.transpose);
        continue;
      }
      if (plan.kind != OpPlan::Kind::Tiles)
        continue;
      const TilePlan &tiles = *plan.tiles;
      if (tiles.epilogue) {
        // The pure ops between the two (the consumer's output view) go first.
        for (Operation *between = op->getNextNode();
             between != tiles.epilogue->op;) {
          Operation *next = between->getNextNode();
          between->moveBefore(op);
          between = next;
        }
      }
      if (failed(tileAndVectorize(rewriter, op, tiles)))
        return signalPassFailure();
      if (tiles.epilogue)
        rewriter.eraseOp(tiles.epilogue->op);
      if (tiles.prologue)
        rewriter.eraseOp(tiles.prologue);
    }
  }

  LogicalResult tileAndVectorize(IRRewriter &rewriter, linalg::GenericOp op,
                                 const TilePlan &plan) {
    const std::optional<Epilogue> &epilogue = plan.epilogue;
    Operation *prologue = plan.prologue;
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
      if (generic && plan.laneWise &&
          succeeded(vectorizeTile(rewriter, generic, plan, stepLoop)))
        rewriter.eraseOp(generic);
      else if (epilogue || prologue) // the plan checked what they need
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
