//===- NNToLinalg.cpp - the convert-nn-to-linalg pass -----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Assembles the per-family patterns into a partial conversion: every nn
// layer and loss must go; nn's model-state ops stay for the passes that map
// them to memory.
//
//===----------------------------------------------------------------------===//

#include "nncc/Conversion/NNToLinalg/NNToLinalg.h"
#include "PopulatePatterns.h"

#include "nncc/Conversion/Passes.h"
#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_CONVERTNNTOLINALGPASS
#include "nncc/Conversion/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;
using namespace mlir::nncc;

void nncc::populateNNToLinalgConversionPatterns(RewritePatternSet &patterns) {
  nncc::detail::populateElementwisePatterns(patterns);
  nncc::detail::populateActivationPatterns(patterns);
  nncc::detail::populateLinearPatterns(patterns);
  nncc::detail::populateConvPatterns(patterns);
  nncc::detail::populatePoolingPatterns(patterns);
  nncc::detail::populateReductionPatterns(patterns);
  nncc::detail::populateNormalizationPatterns(patterns);
  nncc::detail::populateShapePatterns(patterns);
  nncc::detail::populateRecurrentPatterns(patterns);
  nncc::detail::populateRecurrentGradPatterns(patterns);
  nncc::detail::populateOptimizerPatterns(patterns);
  nncc::detail::populateConstantPatterns(patterns);
}

void nncc::configureNNToLinalgConversionTarget(ConversionTarget &target) {
  target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                         math::MathDialect, scf::SCFDialect,
                         tensor::TensorDialect, func::FuncDialect>();
  target.addIllegalDialect<nn::NNDialect>();
  target.addLegalOp<nn::ParameterOp, nn::ParameterReadOp, nn::ParameterWriteOp,
                    nn::TrainConfigOp>();
  nncc::detail::configureConstantLegality(target);
}

namespace {
struct ConvertNNToLinalgPass
    : nncc::impl::ConvertNNToLinalgPassBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    configureNNToLinalgConversionTarget(target);
    RewritePatternSet patterns(&getContext());
    populateNNToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
