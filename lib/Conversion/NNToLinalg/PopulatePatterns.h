//===- PopulatePatterns.h - nn to linalg pattern sets -----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One populate function per op family, each defined in the file of that
// family (as torch-mlir's TorchToLinalg is split).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_CONVERSION_NNTOLINALG_POPULATEPATTERNS_H
#define NNCC_LIB_CONVERSION_NNTOLINALG_POPULATEPATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir {
class ConversionTarget;
} // namespace mlir

namespace mlir::nncc::detail {

void populateElementwisePatterns(RewritePatternSet &patterns);
void populateActivationPatterns(RewritePatternSet &patterns);
void populateLinearPatterns(RewritePatternSet &patterns);
void populateConvPatterns(RewritePatternSet &patterns);
void populatePoolingPatterns(RewritePatternSet &patterns);
void populateReductionPatterns(RewritePatternSet &patterns);
void populateNormalizationPatterns(RewritePatternSet &patterns);
void populateShapePatterns(RewritePatternSet &patterns);
void populateRecurrentPatterns(RewritePatternSet &patterns);
void populateRecurrentGradPatterns(RewritePatternSet &patterns);
void populateOptimizerPatterns(RewritePatternSet &patterns);
void populateConstantPatterns(RewritePatternSet &patterns);
/// Large splat constants are illegal: they become fills (Constant.cpp).
void configureConstantLegality(ConversionTarget &target);

} // namespace mlir::nncc::detail

#endif // NNCC_LIB_CONVERSION_NNTOLINALG_POPULATEPATTERNS_H
