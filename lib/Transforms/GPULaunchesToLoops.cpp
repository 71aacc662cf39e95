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

#include "nncc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCGPULAUNCHESTOLOOPSPASS
#include "nncc/Transforms/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

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

  LogicalResult lower(gpu::LaunchOp launch) {
    if (launch.getAsyncToken() || launch.getDynamicSharedMemorySize() ||
        !launch.getWorkgroupAttributions().empty() ||
        !launch.getPrivateAttributions().empty() ||
        launch.getBody().getBlocks().size() != 1)
      return launch.emitOpError("is not a plain launch of one block of code");
    Location loc = launch.getLoc();
    OpBuilder b(launch);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
    gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
    IRMapping mapping;
    // Loops z, y, x over blocks, then over threads (x innermost).
    gpu::KernelDim3 blockIds = launch.getBlockIds();
    gpu::KernelDim3 threadIds = launch.getThreadIds();
    std::pair<Value, Value> dims[] = {
        {blockIds.z, grid.z},   {blockIds.y, grid.y},   {blockIds.x, grid.x},
        {threadIds.z, block.z}, {threadIds.y, block.y}, {threadIds.x, block.x}};
    for (auto [id, size] : dims) {
      auto loop = scf::ForOp::create(b, loc, zero, size, one);
      b.setInsertionPointToStart(loop.getBody());
      Value index = loop.getInductionVar();
      if (reverse) // size - 1 - i: the last block and thread first
        index = arith::SubIOp::create(
            b, loc, arith::SubIOp::create(b, loc, size, one), index);
      mapping.map(id, index);
    }
    gpu::KernelDim3 gridArgs = launch.getGridSize();
    gpu::KernelDim3 blockArgs = launch.getBlockSize();
    mapping.map(gridArgs.x, grid.x);
    mapping.map(gridArgs.y, grid.y);
    mapping.map(gridArgs.z, grid.z);
    mapping.map(blockArgs.x, block.x);
    mapping.map(blockArgs.y, block.y);
    mapping.map(blockArgs.z, block.z);
    for (Operation &op : launch.getBody().front()) {
      if (isa<gpu::TerminatorOp>(op))
        continue;
      if (op.getDialect() == launch->getDialect())
        return op.emitOpError("has no host equivalent");
      b.clone(op, mapping);
    }
    launch.erase();
    return success();
  }
};

} // namespace
