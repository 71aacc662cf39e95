//===- Passes.h - GPU codegen passes ----------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of the CUDA target's codegen passes
// (Passes.td beside this file, in pipeline order).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_GPU_PASSES_H
#define NNCC_CODEGEN_GPU_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Codegen/GPU/Passes.h.inc"

} // namespace mlir::nncc

#endif // NNCC_CODEGEN_GPU_PASSES_H
