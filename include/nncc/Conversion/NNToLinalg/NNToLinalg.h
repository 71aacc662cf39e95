//===- NNToLinalg.h - nn to linalg conversion -------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The patterns that lower nn layers and losses to linalg on tensors.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define NNCC_CONVERSION_NNTOLINALG_NNTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::nncc {

/// Adds the patterns that rewrite every nn layer and loss into linalg,
/// tensor, arith, math and scf ops.
void populateNNToLinalgConversionPatterns(RewritePatternSet &patterns);

/// Marks what the conversion produces legal and nn's layers illegal; nn's
/// model-state ops (parameters, train_config) stay legal.
void configureNNToLinalgConversionTarget(ConversionTarget &target);

} // namespace mlir::nncc

#endif // NNCC_CONVERSION_NNTOLINALG_NNTOLINALG_H
