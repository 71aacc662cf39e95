//===- Passes.h - codegen passes of both targets ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of the codegen passes that the CPU and the
// CUDA pipelines share (Passes.td beside this file, in pipeline order).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_COMMON_PASSES_H
#define NNCC_CODEGEN_COMMON_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Codegen/Common/Passes.h.inc"

} // namespace mlir::nncc

#endif // NNCC_CODEGEN_COMMON_PASSES_H
