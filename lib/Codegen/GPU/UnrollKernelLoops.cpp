//===- UnrollKernelLoops.cpp - loads of several iterations in flight ------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Unrolls the innermost static loops of the kernels (see the pass
// description) with upstream's scf::loopUnrollByFactor, which keeps the
// iterations in order: results do not change, bit for bit.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCUNROLLKERNELLOOPSPASS
#include "nncc/Codegen/GPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// Whether `loop` holds no loop and no barrier.
bool isInnermostWithoutBarrier(scf::ForOp loop) {
  return !loop.getBody()
              ->walk([](Operation *op) {
                return isa<LoopLikeOpInterface, gpu::BarrierOp>(op)
                           ? WalkResult::interrupt()
                           : WalkResult::advance();
              })
              .wasInterrupted();
}

/// Operations in `loop`'s body, nested ones included.
int64_t bodySize(scf::ForOp loop) {
  int64_t ops = 0;
  loop.getBody()->walk([&](Operation *) { ++ops; });
  return ops;
}

struct NNCCUnrollKernelLoopsPass
    : nncc::impl::NNCCUnrollKernelLoopsPassBase<NNCCUnrollKernelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (factor < 1 || minOps < 0 || maxOps < 1) {
      getOperation().emitError("factor and max-ops must be positive, "
                               "min-ops not negative");
      return signalPassFailure();
    }
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) {
      if (isInnermostWithoutBarrier(loop))
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops) {
      std::optional<APInt> trips = loop.getStaticTripCount();
      if (!trips || trips->getZExtValue() < 2)
        continue;
      uint64_t by = std::min<uint64_t>(static_cast<uint64_t>(factor),
                                       trips->getZExtValue());
      int64_t unrolled = static_cast<int64_t>(by) * bodySize(loop);
      if (by < 2 || unrolled < minOps || unrolled > maxOps)
        continue;
      if (failed(loopUnrollByFactor(loop, by))) {
        loop.emitOpError("could not be unrolled");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
