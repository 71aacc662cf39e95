//===- GPULaunchesToLoops.cpp - run gpu.launch bodies as host loops -------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Replaces each `gpu.launch` by sequential loops over its grid and blocks
// that run its body on the host (see the pass description): the CUDA
// target's mapping then compiles and runs on a CPU, against the same
// numerical tests as the CPU target.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCGPULAUNCHESTOLOOPSPASS
#include "nncc/Codegen/GPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// Whether `op` holds a `gpu.barrier` (at any depth).
bool holdsBarrier(Operation *op) {
  return op->walk([](gpu::BarrierOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

/// Loops z, y, x over `sizes` at `b` (which moves into the innermost),
/// mapping `ids` to their indices; with `reverse`, index size - 1 - i: the
/// last first.
void emitIdLoops(OpBuilder &b, Location loc, gpu::KernelDim3 ids,
                 gpu::KernelDim3 sizes, bool reverse, IRMapping &mapping) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  std::pair<Value, Value> dims[] = {
      {ids.z, sizes.z}, {ids.y, sizes.y}, {ids.x, sizes.x}};
  for (auto [id, size] : dims) {
    auto loop = scf::ForOp::create(b, loc, zero, size, one);
    b.setInsertionPointToStart(loop.getBody());
    Value index = loop.getInductionVar();
    if (reverse)
      index = arith::SubIOp::create(
          b, loc, arith::SubIOp::create(b, loc, size, one), index);
    mapping.map(id, index);
  }
}

/// Emits one launch's body for one block. Code between barriers runs for
/// every thread before the next barrier: each such phase becomes its own
/// loops over the threads. Loops holding barriers (uniform: every thread
/// runs them alike) stay loops around their phases. A value a phase
/// computes and a later one uses is recomputed there when pure (index
/// arithmetic); per-thread memory lives in the private buffers.
class BlockEmitter {
public:
  BlockEmitter(gpu::LaunchOp launch, gpu::KernelDim3 block, bool reverse,
               ArrayRef<Value> privates)
      : launch(launch), block(block), reverse(reverse), privates(privates) {}

  LogicalResult emitUniform(Block &body, OpBuilder &b, IRMapping &uniform) {
    SmallVector<Operation *> phase;
    for (Operation &op : body) {
      if (op.hasTrait<OpTrait::IsTerminator>())
        continue;
      if (isa<gpu::BarrierOp>(op) || holdsBarrier(&op)) {
        if (failed(emitPhase(phase, b, uniform)))
          return failure();
        phase.clear();
        if (isa<gpu::BarrierOp>(op))
          continue;
        auto loop = dyn_cast<scf::ForOp>(op);
        if (!loop || loop.getNumResults() != 0)
          return op.emitOpError("holds a barrier but is not an scf.for "
                                "without results; it cannot be emulated");
        SmallVector<Value> bounds;
        for (Value bound :
             {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()}) {
          Value mapped = materialize(bound, b, uniform);
          if (!mapped)
            return loop.emitOpError("around a barrier has bounds that "
                                    "differ between threads");
          bounds.push_back(mapped);
        }
        auto copy = scf::ForOp::create(b, loop.getLoc(), bounds[0], bounds[1],
                                       bounds[2]);
        OpBuilder inner(copy.getBody()->getTerminator());
        IRMapping nested = uniform;
        nested.map(loop.getInductionVar(), copy.getInductionVar());
        if (failed(emitUniform(*loop.getBody(), inner, nested)))
          return failure();
        continue;
      }
      phase.push_back(&op);
    }
    return emitPhase(phase, b, uniform);
  }

private:
  /// `value` at `b` under `mapping`: mapped, defined outside the launch, or
  /// recomputed from a pure defining op; null otherwise.
  Value materialize(Value value, OpBuilder &b, IRMapping &mapping) {
    if (Value mapped = mapping.lookupOrNull(value))
      return mapped;
    Operation *def = value.getDefiningOp();
    Region &body = launch.getBody();
    if (!body.isAncestor(value.getParentRegion()))
      return value;
    if (!def || !isPure(def) || def->getNumRegions() != 0)
      return nullptr;
    for (Value operand : def->getOperands())
      if (!materialize(operand, b, mapping))
        return nullptr;
    b.clone(*def, mapping);
    return mapping.lookup(value);
  }

  /// `ops` once per thread of the block.
  LogicalResult emitPhase(ArrayRef<Operation *> ops, OpBuilder &b,
                          const IRMapping &uniform) {
    if (ops.empty())
      return success();
    Location loc = ops.front()->getLoc();
    OpBuilder::InsertionGuard guard(b);
    IRMapping mapping = uniform;
    gpu::KernelDim3 ids = launch.getThreadIds();
    emitIdLoops(b, loc, ids, block, reverse, mapping);
    // The thread's slice of each private buffer.
    if (privates.empty())
      return emitOps(ops, b, mapping);
    Value linear = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(
            b, loc,
            arith::AddIOp::create(
                b, loc,
                arith::MulIOp::create(b, loc, mapping.lookup(ids.z), block.y),
                mapping.lookup(ids.y)),
            block.x),
        mapping.lookup(ids.x));
    for (auto [attribution, buffer] :
         llvm::zip(launch.getPrivateAttributions(), privates)) {
      auto type = cast<MemRefType>(buffer.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
      offsets[0] = linear;
      SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1)};
      for (int64_t size : type.getShape().drop_front())
        sizes.push_back(b.getIndexAttr(size));
      SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
      auto slice = memref::SubViewOp::create(
          b, loc,
          cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
              type.getShape().drop_front(), type, offsets, sizes, strides)),
          buffer, offsets, sizes, strides);
      mapping.map(attribution, slice.getResult());
    }
    return emitOps(ops, b, mapping);
  }

  /// Clones `ops` at `b` under `mapping` (one thread's run of a phase).
  LogicalResult emitOps(ArrayRef<Operation *> ops, OpBuilder &b,
                        IRMapping &mapping) {
    for (Operation *op : ops) {
      if (op->getDialect() == launch->getDialect())
        return op->emitOpError("has no host equivalent");
      // Values of earlier phases, recomputed.
      WalkResult walk = op->walk([&](Operation *nested) {
        for (Value operand : nested->getOperands()) {
          if (operand.getParentRegion() &&
              op->isAncestor(operand.getParentRegion()->getParentOp()))
            continue;
          if (!materialize(operand, b, mapping)) {
            nested->emitOpError("uses a value an earlier phase of the "
                                "kernel computed (across a barrier)");
            return WalkResult::interrupt();
          }
        }
        return WalkResult::advance();
      });
      if (walk.wasInterrupted())
        return failure();
      b.clone(*op, mapping);
    }
    return success();
  }

  gpu::LaunchOp launch;
  gpu::KernelDim3 block;
  bool reverse;
  ArrayRef<Value> privates;
};

struct NNCCGPULaunchesToLoopsPass
    : nncc::impl::NNCCGPULaunchesToLoopsPassBase<NNCCGPULaunchesToLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation()->walk([&](gpu::LaunchOp op) { launches.push_back(op); });
    for (gpu::LaunchOp launch : launches)
      if (failed(lower(launch)))
        return signalPassFailure();
  }

  /// A host buffer of `type`'s shape and element, `count` of them in front
  /// when given.
  static Value hostBuffer(OpBuilder &b, Location loc, Type type,
                          Value count = nullptr) {
    auto memref = cast<MemRefType>(type);
    SmallVector<int64_t> shape(memref.getShape());
    if (count)
      shape.insert(shape.begin(), ShapedType::kDynamic);
    auto host = MemRefType::get(shape, memref.getElementType());
    return memref::AllocOp::create(b, loc, host,
                                   count ? ValueRange{count} : ValueRange{});
  }

  LogicalResult lower(gpu::LaunchOp launch) {
    if (launch.getAsyncToken() || launch.getDynamicSharedMemorySize() ||
        launch.getBody().getBlocks().size() != 1)
      return launch.emitOpError("is not a plain launch of one block of code");
    Location loc = launch.getLoc();
    OpBuilder b(launch);
    gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
    gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
    // Shared memory: one buffer, reused by the blocks (they run one after
    // another); per-thread memory: one slice per thread of a block.
    IRMapping mapping;
    SmallVector<Value> buffers, privates;
    for (BlockArgument shared : launch.getWorkgroupAttributions()) {
      buffers.push_back(hostBuffer(b, loc, shared.getType()));
      mapping.map(shared, buffers.back());
    }
    Value threads;
    if (!launch.getPrivateAttributions().empty())
      threads = arith::MulIOp::create(
          b, loc, arith::MulIOp::create(b, loc, block.x, block.y), block.z);
    for (BlockArgument own : launch.getPrivateAttributions()) {
      privates.push_back(hostBuffer(b, loc, own.getType(), threads));
      buffers.push_back(privates.back());
    }
    OpBuilder inner = b;
    emitIdLoops(inner, loc, launch.getBlockIds(), grid, reverse, mapping);
    gpu::KernelDim3 gridArgs = launch.getGridSize();
    gpu::KernelDim3 blockArgs = launch.getBlockSize();
    mapping.map(gridArgs.x, grid.x);
    mapping.map(gridArgs.y, grid.y);
    mapping.map(gridArgs.z, grid.z);
    mapping.map(blockArgs.x, block.x);
    mapping.map(blockArgs.y, block.y);
    mapping.map(blockArgs.z, block.z);
    BlockEmitter emitter(launch, block, reverse, privates);
    if (failed(emitter.emitUniform(launch.getBody().front(), inner, mapping)))
      return failure();
    b.setInsertionPointAfter(launch);
    for (Value buffer : buffers)
      memref::DeallocOp::create(b, loc, buffer);
    launch.erase();
    return success();
  }
};

} // namespace
