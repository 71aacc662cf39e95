//===- Passes.h - nncc conversion passes ------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of nncc's conversion passes.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CONVERSION_PASSES_H
#define NNCC_CONVERSION_PASSES_H

#include "nncc/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Conversion/Passes.h.inc"

} // namespace mlir::nncc

#endif // NNCC_CONVERSION_PASSES_H
