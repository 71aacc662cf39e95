//===- LowerCopies.cpp - strided memref.copy to linalg.copy -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Keeps generated objects free of MLIR runtime calls: a memref.copy that the
// LLVM lowering could not turn into llvm.memcpy becomes a linalg.copy.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCLOWERCOPIESPASS
#include "nncc/Codegen/CPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// memref.copy %a, %b (either strided) -> linalg.copy ins(%a) outs(%b)
struct StridedCopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp copy,
                                PatternRewriter &rewriter) const override {
    auto isContiguous = [](Value v) {
      return memref::isStaticShapeAndContiguousRowMajor(
          cast<MemRefType>(v.getType()));
    };
    if (isContiguous(copy.getSource()) && isContiguous(copy.getTarget()))
      return rewriter.notifyMatchFailure(copy, "becomes llvm.memcpy");
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                copy.getTarget());
    return success();
  }
};

struct NNCCLowerCopiesPass
    : nncc::impl::NNCCLowerCopiesPassBase<NNCCLowerCopiesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<StridedCopyToLinalg>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
