//===- ShareScalarOperands.cpp - one scalar read per 0-d tensor -----------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Inlines the scalar inputs of linalg.generic ops (upstream patterns), then
// merges the `tensor.extract %t[]` ops of each 0-d tensor into one, placed
// right after the tensor's definition, which dominates every use of the
// tensor and so every extract it replaces. Extracts are pure: reading an
// immutable tensor earlier reads the same value. Last, each splat constant
// written into a destination becomes a fill of that destination: `splat`
// and `fill(splat value)` are the same tensor.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCSHARESCALAROPERANDSPASS
#include "nncc/Codegen/CPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// Where a read of `value` that dominates all of its uses goes: right after
/// its definition, or at the start of its block for a block argument.
void setInsertionPointAfterDefinition(OpBuilder &b, Value value) {
  if (Operation *def = value.getDefiningOp())
    b.setInsertionPointAfter(def);
  else
    b.setInsertionPointToStart(cast<BlockArgument>(value).getOwner());
}

struct NNCCShareScalarOperandsPass
    : nncc::impl::NNCCShareScalarOperandsPassBase<NNCCShareScalarOperandsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    RewritePatternSet patterns(&getContext());
    linalg::populateInlineConstantOperandsPatterns(patterns);
    if (failed(applyPatternsGreedily(module, std::move(patterns))))
      return signalPassFailure();

    // The 0-d extracts of each tensor, in program order.
    llvm::MapVector<Value, SmallVector<tensor::ExtractOp>> reads;
    module.walk([&](tensor::ExtractOp extract) {
      if (extract.getIndices().empty())
        reads[extract.getTensor()].push_back(extract);
    });
    OpBuilder b(&getContext());
    for (auto &[tensor, extracts] : reads) {
      if (extracts.size() < 2)
        continue;
      setInsertionPointAfterDefinition(b, tensor);
      auto shared =
          tensor::ExtractOp::create(b, tensor.getLoc(), tensor, ValueRange{});
      for (tensor::ExtractOp extract : extracts) {
        extract.getResult().replaceAllUsesWith(shared.getResult());
        extract.erase();
      }
    }

    // materialize_in_destination(splat) -> materialize_in_destination(fill)
    llvm::SetVector<arith::ConstantOp> written;
    module.walk([&](bufferization::MaterializeInDestinationOp write) {
      auto constant = write.getSource().getDefiningOp<arith::ConstantOp>();
      auto splat = constant ? dyn_cast<SplatElementsAttr>(constant.getValue())
                            : SplatElementsAttr();
      auto type = dyn_cast<RankedTensorType>(write.getSource().getType());
      if (!splat || !type || !type.hasStaticShape())
        return;
      b.setInsertionPoint(write);
      Location loc = write.getLoc();
      Value scalar = arith::ConstantOp::create(
          b, loc, cast<TypedAttr>(splat.getSplatValue<Attribute>()));
      Value empty = tensor::EmptyOp::create(b, loc, type.getShape(),
                                            type.getElementType());
      Value filled = linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
      write.getSourceMutable().assign(filled);
      written.insert(constant);
    });
    for (arith::ConstantOp constant : written)
      if (constant->use_empty())
        constant->erase();
  }
};

} // namespace
