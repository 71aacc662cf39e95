//===- MapToGPU.cpp - buffer-level work of entry points into gpu.launch ---===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Puts every memory access of an entry point on the GPU (see the pass
// description). Each linalg op becomes one kernel with one thread per
// element of its parallel iteration space (reductions run sequentially in
// each thread, so results are deterministic and need no atomics); marked
// `scf.for` bands and `scf.parallel` loops map the same way; whatever else
// touches memory runs in a one-thread kernel. Host code keeps only index
// arithmetic, views and the loops around kernels (the RNN time loops).
//
// The linear thread or tile index is split into loop indices by hand
// (unsigned div/rem by constants), not by affine::delinearizeIndex: its
// affine.delinearize_index lowers to signed floor divisions, several
// instructions more per level in every kernel, for indices known to be
// non-negative.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/GPU/Passes.h"

#include "GPUContraction.h"

#include "LinalgPoint.h"
#include "nncc/Codegen/Common/BufferUtils.h"
#include "nncc/Codegen/Common/LoopUtils.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCMAPTOGPUPASS
#include "nncc/Codegen/GPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// Whether `op` reads or writes memory (or may: unknown effects count).
bool touchesMemory(Operation *op) {
  if (isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp>(op))
    return false;
  if (auto effects = dyn_cast<MemoryEffectOpInterface>(op)) {
    if (!effects.hasEffect<MemoryEffects::Read>() &&
        !effects.hasEffect<MemoryEffects::Write>() &&
        !op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return false;
    if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return true;
  } else if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>()) {
    return true;
  }
  for (Region &region : op->getRegions())
    for (Operation &nested : region.getOps())
      if (touchesMemory(&nested))
        return true;
  return false;
}

/// Whether `op` (a loop) holds work that maps to kernels of its own: a
/// linalg op or copy, a parallel loop, or a marked band. Such loops stay on
/// the host and their bodies are mapped; other loops run inside a kernel.
bool holdsKernels(Operation *op) {
  WalkResult result = op->walk([&](Operation *nested) {
    if (nested == op)
      return WalkResult::advance();
    if (isa<linalg::LinalgOp, memref::CopyOp, scf::ParallelOp>(nested) ||
        nncc::isParallelLoop(nested))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}

class GPUMapper {
public:
  GPUMapper(func::FuncOp func, int64_t blockSize)
      : func(func), blockSize(blockSize), rewriter(func.getContext()) {}

  LogicalResult run() { return mapBlock(func.getBody().front()); }

private:
  LogicalResult mapBlock(Block &block);
  /// `group`: a linalg op and the consumers fused into its kernel
  /// (fuseConsumers).
  LogicalResult mapLinalg(ArrayRef<linalg::LinalgOp> group);
  /// `producer` and the linalg ops right after it (host code between
  /// moves in front) that can run in its kernel, at the same points.
  SmallVector<linalg::LinalgOp> fuseConsumers(linalg::LinalgOp producer);
  LogicalResult mapParallel(scf::ParallelOp loop);
  /// Moves `ops` (consecutive, in one block) into a one-thread kernel.
  LogicalResult mapSerial(ArrayRef<Operation *> ops);
  /// A launch of `blocks` (x `blocksY`) x `threads` in front of `before`,
  /// with the given shared-memory and per-thread buffers, its body
  /// terminated and the insertion point at its start.
  gpu::LaunchOp createLaunch(Operation *before, Value blocks, Value threads,
                             Value blocksY = nullptr, TypeRange workgroup = {},
                             TypeRange privates = {});
  /// `group` as a shared-memory tiled contraction (GPUContraction.h).
  void mapTiledContraction(ArrayRef<linalg::LinalgOp> group,
                           const nncc::ContractionTiling &tiling);

  func::FuncOp func;
  int64_t blockSize;
  IRRewriter rewriter;
  unsigned numKernels = 0;
};

LogicalResult GPUMapper::mapBlock(Block &block) {
  SmallVector<Operation *> serial;
  auto flush = [&]() -> LogicalResult {
    if (serial.empty())
      return success();
    LogicalResult result = mapSerial(serial);
    serial.clear();
    return result;
  };
  // Copies are linalg ops like the others (they fuse the same way).
  for (Operation &op : llvm::make_early_inc_range(block))
    if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      rewriter.setInsertionPoint(copy);
      linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      rewriter.eraseOp(copy);
    }
  for (Operation *op = &block.front(), *next; op != block.getTerminator();
       op = next) {
    next = op->getNextNode();
    if (isa<gpu::LaunchOp>(op)) {
      if (failed(flush()))
        return failure();
      continue;
    }
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      if (failed(flush()))
        return failure();
      SmallVector<linalg::LinalgOp> group = fuseConsumers(linalgOp);
      next = group.back()->getNextNode();
      if (failed(mapLinalg(group)))
        return failure();
      continue;
    }
    if (auto loop = dyn_cast<scf::ForOp>(op);
        loop && nncc::isParallelLoop(loop)) {
      SmallVector<scf::ForOp> band = nncc::getPerfectBand(
          loop, [](scf::ForOp nested) { return nncc::isParallelLoop(nested); });
      if (!band.empty()) {
        if (failed(flush()) ||
            failed(mapParallel(nncc::convertToParallel(rewriter, band))))
          return failure();
        continue;
      }
    }
    if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
      if (failed(flush()) || failed(mapParallel(loop)))
        return failure();
      continue;
    }
    if (isa<scf::ForOp>(op) && holdsKernels(op)) {
      // A loop around kernels (an RNN's time loop) runs on the host.
      if (op->getNumResults() != 0)
        return op->emitOpError("with results cannot hold GPU kernels");
      if (failed(flush()) ||
          failed(mapBlock(cast<scf::ForOp>(op).getRegion().front())))
        return failure();
      continue;
    }
    if (touchesMemory(op)) {
      if (holdsKernels(op))
        return op->emitOpError("holds parallel work the GPU mapping cannot "
                               "place");
      serial.push_back(op);
      continue;
    }
    // Host code (index arithmetic, views): it must not depend on values
    // computed in a pending serial kernel.
    if (llvm::any_of(op->getOperands(), [&](Value operand) {
          return llvm::is_contained(serial, operand.getDefiningOp());
        }))
      serial.push_back(op);
  }
  return flush();
}

/// The positions of `op`'s parallel loops, in order.
static SmallVector<unsigned> parallelDims(linalg::LinalgOp op) {
  SmallVector<unsigned> dims;
  for (auto [d, kind] : llvm::enumerate(op.getIteratorTypesArray()))
    if (kind == utils::IteratorType::parallel)
      dims.push_back(d);
  return dims;
}

/// Whether `map` is exactly `dims`, in order.
static bool isDims(AffineMap map, ArrayRef<unsigned> dims) {
  if (map.getNumResults() != dims.size())
    return false;
  for (auto [result, d] : llvm::zip(map.getResults(), dims)) {
    auto dim = dyn_cast<AffineDimExpr>(result);
    if (!dim || dim.getPosition() != d)
      return false;
  }
  return true;
}

/// Whether `op`'s body only computes on its operands' elements: a body that
/// reads or writes memory itself (a buffer captured from above) may touch
/// another thread's point, which the operand checks below would not see.
static bool hasPureBody(linalg::LinalgOp op) {
  for (Operation &nested : op->getRegion(0).getOps())
    if (!isMemoryEffectFree(&nested))
      return false;
  return true;
}

/// The static sizes of `op`'s parallel loops, in order.
static SmallVector<int64_t> parallelDomain(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges(), domain;
  for (unsigned d : parallelDims(op))
    domain.push_back(ranges[d]);
  return domain;
}

/// Whether `consumer` can run in the kernel of `group`, at the same point
/// of the same parallel domain: what it reads of the group's outputs it
/// reads where the group wrote it (a fill or bias broadcast becomes the
/// initial value of a convolution's sums, an activation runs on them); it
/// writes nothing the group reads or writes at another point.
static bool canFuse(ArrayRef<linalg::LinalgOp> group,
                    linalg::LinalgOp consumer) {
  if (!consumer.hasPureBufferSemantics() ||
      consumer.getNumParallelLoops() == 0 || !hasPureBody(consumer) ||
      llvm::any_of(group, [](linalg::LinalgOp op) { return !hasPureBody(op); }))
    return false;
  SmallVector<int64_t> domain = parallelDomain(group.front());
  if (parallelDomain(consumer) != domain ||
      llvm::any_of(domain, ShapedType::isDynamic))
    return false;
  // The group's outputs, each written at its own point.
  SmallVector<Value> written, read;
  for (linalg::LinalgOp op : group) {
    SmallVector<unsigned> dims = parallelDims(op);
    for (OpOperand &init : op.getDpsInitsMutable()) {
      if (!isDims(op.getMatchingIndexingMap(&init), dims))
        return false;
      written.push_back(init.get());
    }
    for (OpOperand *input : op.getDpsInputOperands())
      if (isa<MemRefType>(input->get().getType()))
        read.push_back(input->get());
  }
  SmallVector<unsigned> consumerDims = parallelDims(consumer);
  auto identity = [&](OpOperand *operand) {
    return isDims(consumer.getMatchingIndexingMap(operand), consumerDims);
  };
  for (OpOperand *input : consumer.getDpsInputOperands()) {
    Value value = input->get();
    if (!isa<MemRefType>(value.getType()))
      continue;
    if (llvm::is_contained(written, value)) {
      if (!identity(input))
        return false;
      continue;
    }
    if (llvm::any_of(written, [&](Value out) {
          return !nncc::independentBuffers(out, value);
        }))
      return false;
  }
  for (OpOperand &init : consumer.getDpsInitsMutable()) {
    Value value = init.get();
    if (!identity(&init) || llvm::any_of(read, [&](Value in) {
          return !nncc::independentBuffers(value, in);
        }))
      return false;
    if (!llvm::is_contained(written, value) &&
        llvm::any_of(written, [&](Value out) {
          return !nncc::independentBuffers(value, out);
        }))
      return false;
  }
  return true;
}

SmallVector<linalg::LinalgOp>
GPUMapper::fuseConsumers(linalg::LinalgOp producer) {
  SmallVector<linalg::LinalgOp> group = {producer};
  if (parallelDims(producer).empty())
    return group;
  SmallVector<Operation *> between;
  for (Operation *op = producer->getNextNode(); op; op = op->getNextNode()) {
    // Host code in between (views, constants, allocations) moves in front
    // of the group.
    if ((isPure(op) || isa<memref::AllocOp>(op)) && op->getNumRegions() == 0 &&
        !op->hasTrait<OpTrait::IsTerminator>()) {
      between.push_back(op);
      continue;
    }
    auto consumer = dyn_cast<linalg::LinalgOp>(op);
    if (!consumer || !canFuse(group, consumer))
      break;
    for (Operation *pure : between)
      pure->moveBefore(producer);
    between.clear();
    group.push_back(consumer);
  }
  return group;
}

gpu::LaunchOp GPUMapper::createLaunch(Operation *before, Value blocks,
                                      Value threads, Value blocksY,
                                      TypeRange workgroup, TypeRange privates) {
  Location loc = before->getLoc();
  rewriter.setInsertionPoint(before);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  MLIRContext *ctx = rewriter.getContext();
  std::string name =
      (func.getSymName() + "_k" + llvm::Twine(numKernels++)).str();
  auto launch = gpu::LaunchOp::create(
      rewriter, loc, blocks, blocksY ? blocksY : one, one, threads, one, one,
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{}, workgroup, privates, nullptr, nullptr, nullptr,
      FlatSymbolRefAttr::get(ctx, nncc::getKernelModuleName()),
      FlatSymbolRefAttr::get(ctx, name));
  Block &body = launch.getBody().front();
  rewriter.setInsertionPointToEnd(&body);
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPointToStart(&body);
  return launch;
}

LogicalResult GPUMapper::mapSerial(ArrayRef<Operation *> ops) {
  for (Operation *op : ops)
    for (Operation *user : op->getUsers())
      if (llvm::none_of(ops,
                        [&](Operation *o) { return o->isAncestor(user); })) {
        Operation *at = op->getBlock()->findAncestorOpInBlock(*user);
        InFlightDiagnostic diag =
            (at ? at : user)
                ->emitOpError("uses a value computed on the GPU in host code");
        diag.attachNote(op->getLoc()) << "computed here";
        return diag;
      }
  // At the last op: host code between the ops (views, allocations) may
  // define what they use, and touches no memory, so it can stay in front.
  rewriter.setInsertionPoint(ops.back());
  Value one = arith::ConstantIndexOp::create(rewriter, ops.back()->getLoc(), 1);
  gpu::LaunchOp launch = createLaunch(ops.back(), one, one);
  Block &body = launch.getBody().front();
  for (Operation *op : ops)
    op->moveBefore(body.getTerminator());
  return success();
}

LogicalResult GPUMapper::mapParallel(scf::ParallelOp loop) {
  if (loop.getNumResults() != 0)
    return loop.emitOpError("with reductions is not mapped to the GPU");
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  // Trip counts and their product, computed on the host.
  SmallVector<Value> trips;
  Value total = arith::ConstantIndexOp::create(rewriter, loc, 1);
  for (auto [lb, ub, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    Value extent = arith::SubIOp::create(rewriter, loc, ub, lb);
    Value trip = arith::CeilDivSIOp::create(rewriter, loc, extent, step);
    trips.push_back(trip);
    total = arith::MulIOp::create(rewriter, loc, total, trip);
  }
  // Fewer threads per block when the whole loop is smaller than a block.
  Value maxThreads = arith::ConstantIndexOp::create(rewriter, loc, blockSize);
  Value threads = arith::MinSIOp::create(rewriter, loc, total, maxThreads);
  Value blocks = arith::CeilDivSIOp::create(rewriter, loc, total, maxThreads);
  gpu::LaunchOp launch = createLaunch(loop, blocks, threads);

  // id = blockIdx.x * blockDim.x + threadIdx.x; guarded by id < total,
  // then split row-major into the loop's induction variables.
  Value id = arith::AddIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, launch.getBlockIds().x,
                            launch.getBlockSizeX()),
      launch.getThreadIds().x);
  Value inRange = arith::CmpIOp::create(rewriter, loc,
                                        arith::CmpIPredicate::ult, id, total);
  auto guard = scf::IfOp::create(rewriter, loc, inRange);
  rewriter.setInsertionPointToStart(&guard.getThenRegion().front());
  IRMapping mapping;
  Value rest = id;
  for (int64_t d = loop.getNumLoops() - 1; d >= 0; --d) {
    Value index =
        d == 0
            ? rest
            : arith::RemUIOp::create(rewriter, loc, rest, trips[d]).getResult();
    if (d != 0)
      rest = arith::DivUIOp::create(rewriter, loc, rest, trips[d]);
    Value scaled =
        arith::MulIOp::create(rewriter, loc, index, loop.getStep()[d]);
    mapping.map(
        loop.getInductionVars()[d],
        arith::AddIOp::create(rewriter, loc, loop.getLowerBound()[d], scaled));
  }
  for (Operation &op : loop.getBody()->without_terminator())
    rewriter.clone(op, mapping);
  rewriter.eraseOp(loop);
  return success();
}

LogicalResult GPUMapper::mapLinalg(ArrayRef<linalg::LinalgOp> group) {
  linalg::LinalgOp op = group.front();
  for (linalg::LinalgOp member : group)
    if (!member.hasPureBufferSemantics())
      return member.emitOpError("must work on buffers to be mapped to the GPU");
  if (std::optional<nncc::ContractionTiling> tiling =
          nncc::planContractionTiling(group)) {
    mapTiledContraction(group, *tiling);
    return success();
  }
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  // One thread per point of the parallel dimensions; each runs the
  // reductions itself, on its outputs held in registers, then the fused
  // elementwise consumers at the same point.
  SmallVector<Value> lowers, uppers, steps;
  SmallVector<Range> ranges = op.createLoopRanges(rewriter, loc);
  for (unsigned d : parallelDims(op)) {
    lowers.push_back(
        getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].offset));
    uppers.push_back(
        getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].size));
    steps.push_back(
        getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].stride));
  }
  if (lowers.empty()) {
    // A full reduction: one thread.
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    createLaunch(op, one, one);
    nncc::emitLinalgPoint(rewriter, loc, op, {});
    rewriter.eraseOp(op);
    return success();
  }
  auto loop = scf::ParallelOp::create(
      rewriter, loc, lowers, uppers, steps,
      [&](OpBuilder &b, Location, ValueRange ivs) {
        for (linalg::LinalgOp member : group)
          nncc::emitLinalgPoint(b, member.getLoc(), member, ivs);
      });
  for (linalg::LinalgOp member : group)
    rewriter.eraseOp(member);
  return mapParallel(loop);
}

void GPUMapper::mapTiledContraction(ArrayRef<linalg::LinalgOp> group,
                                    const nncc::ContractionTiling &tiling) {
  Operation *front = group.front();
  Location loc = front->getLoc();
  rewriter.setInsertionPoint(front);
  auto index = [&](int64_t v) {
    return arith::ConstantIndexOp::create(rewriter, loc, v);
  };
  gpu::LaunchOp launch =
      createLaunch(front, index(tiling.tilesM() * tiling.tilesN()),
                   index(tiling.numThreads()), index(tiling.batch),
                   nncc::workgroupBuffers(group, tiling),
                   nncc::privateBuffers(group, tiling));
  nncc::emitTiledContraction(rewriter, launch, group, tiling);
  for (linalg::LinalgOp member : group)
    rewriter.eraseOp(member);
}

/// The splat value of the constant global `value` reads when it is 0-d.
TypedAttr constantScalar(Value value, SymbolTableCollection &symbols) {
  auto get = value.getDefiningOp<memref::GetGlobalOp>();
  if (!get || get.getType().getRank() != 0)
    return {};
  auto global =
      symbols.lookupNearestSymbolFrom<memref::GlobalOp>(get, get.getNameAttr());
  if (!global || !global.getConstant())
    return {};
  auto init = dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
  return init && init.isSplat()
             ? dyn_cast<TypedAttr>(init.getSplatValue<Attribute>())
             : TypedAttr();
}

/// Rebuilds the linalg.generic ops that read 0-d constant globals without
/// those inputs, the constant materialized in their bodies: host globals are
/// not on the device.
void foldConstantGlobalInputs(func::FuncOp func) {
  SymbolTableCollection symbols;
  IRRewriter rewriter(func.getContext());
  SmallVector<linalg::GenericOp> generics;
  func.walk([&](linalg::GenericOp op) { generics.push_back(op); });
  for (linalg::GenericOp op : generics) {
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    SmallVector<std::pair<unsigned, TypedAttr>> folded;
    for (OpOperand *input : op.getDpsInputOperands()) {
      if (TypedAttr value = constantScalar(input->get(), symbols)) {
        folded.push_back({input->getOperandNumber(), value});
        continue;
      }
      inputs.push_back(input->get());
      maps.push_back(op.getMatchingIndexingMap(input));
    }
    if (folded.empty())
      continue;
    for (OpOperand &init : op.getDpsInitsMutable())
      maps.push_back(op.getMatchingIndexingMap(&init));
    rewriter.setInsertionPoint(op);
    auto rebuilt = linalg::GenericOp::create(rewriter, op.getLoc(), TypeRange(),
                                             inputs, op.getDpsInits(), maps,
                                             op.getIteratorTypesArray());
    rewriter.inlineRegionBefore(op.getRegion(), rebuilt.getRegion(),
                                rebuilt.getRegion().end());
    Block &body = rebuilt.getRegion().front();
    rewriter.setInsertionPointToStart(&body);
    for (auto [index, value] : llvm::reverse(folded)) {
      body.getArgument(index).replaceAllUsesWith(
          arith::ConstantOp::create(rewriter, op.getLoc(), value));
      body.eraseArgument(index);
    }
    rewriter.eraseOp(op);
  }
}

/// The memref.get_global `value` is (through views), if any.
memref::GetGlobalOp sourceGlobal(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto get = dyn_cast<memref::GetGlobalOp>(def))
      return get;
    auto view = dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      return {};
    value = view.getViewSource();
  }
  return {};
}

/// Clones the ops that make `value` from a memref.get_global (the read of
/// the global and the views on it) at `builder`'s insertion point.
Value cloneFromGlobal(Value value, OpBuilder &builder, IRMapping &mapping) {
  if (Value cloned = mapping.lookupOrNull(value))
    return cloned;
  Operation *def = value.getDefiningOp();
  if (auto view = dyn_cast<ViewLikeOpInterface>(def))
    cloneFromGlobal(view.getViewSource(), builder, mapping);
  Operation *clone = builder.clone(*def, mapping);
  return clone->getResult(cast<OpResult>(value).getResultNumber());
}

/// A buffer a kernel reads from a constant memref.global (a table of
/// divisors, say) is read from the global inside the launch, so that
/// gpu-kernel-outlining copies the global into the kernel module, where it
/// becomes device memory that loading the PTX initializes. The host
/// global's address, passed as a kernel argument, is an illegal address on
/// the device. Mutable globals have no device copy: an error.
LogicalResult sinkGlobalsIntoLaunches(func::FuncOp func) {
  SymbolTableCollection symbols;
  WalkResult result = func.walk([&](gpu::LaunchOp launch) {
    SetVector<Value> above;
    getUsedValuesDefinedAbove(launch.getBody(), above);
    OpBuilder builder = OpBuilder::atBlockBegin(&launch.getBody().front());
    IRMapping mapping;
    for (Value value : above) {
      memref::GetGlobalOp get = sourceGlobal(value);
      if (!get)
        continue;
      auto global = symbols.lookupNearestSymbolFrom<memref::GlobalOp>(
          get, get.getNameAttr());
      if (!global || !global.getConstant()) {
        get.emitOpError("is read on the GPU, but only constant globals are "
                        "copied to the device");
        return WalkResult::interrupt();
      }
      Value inside = cloneFromGlobal(value, builder, mapping);
      replaceAllUsesInRegionWith(value, inside, launch.getBody());
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

struct NNCCMapToGPUPass : nncc::impl::NNCCMapToGPUPassBase<NNCCMapToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (blockSize <= 0 || blockSize > 1024) {
      module.emitError("block-size must be in [1, 1024]");
      return signalPassFailure();
    }
    for (func::FuncOp func : nncc::getEntryPoints(module)) {
      foldConstantGlobalInputs(func);
      if (failed(GPUMapper(func, blockSize).run()))
        return signalPassFailure();
      if (failed(sinkGlobalsIntoLaunches(func)))
        return signalPassFailure();
    }
  }
};

} // namespace
