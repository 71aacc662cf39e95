//===- Passes.h - CPU codegen passes ----------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of the CPU target's codegen passes
// (Passes.td beside this file, in pipeline order).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_CPU_PASSES_H
#define NNCC_CODEGEN_CPU_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Codegen/CPU/Passes.h.inc"

} // namespace mlir::nncc

#endif // NNCC_CODEGEN_CPU_PASSES_H
