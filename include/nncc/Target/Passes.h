//===- Passes.h - target emission passes ------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of the passes that emit machine code in
// process (Passes.td beside this file).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_PASSES_H
#define NNCC_TARGET_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Target/Passes.h.inc"

} // namespace mlir::nncc

#endif // NNCC_TARGET_PASSES_H
