//===- Passes.h - nncc transformation passes --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declarations and registration of nncc's passes over upstream dialects.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TRANSFORMS_PASSES_H
#define NNCC_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::nncc {

/// The function attribute holding an entry point's workspace size in bytes.
inline constexpr llvm::StringLiteral kWorkspaceBytesAttrName =
    "nncc.workspace_bytes";

/// Marks an `scf.for` whose iterations are independent (each writes its own
/// elements): nncc-parallelize may run it as a parallel loop.
inline constexpr llvm::StringLiteral kParallelLoopAttrName = "nncc.parallel";

/// Marks an `scf.for` whose body is one `scf.parallel` (constants aside)
/// whose iteration i, at every step of the `scf.for`, touches only what
/// iteration i touches at the other steps (a tile accumulating a long
/// reduction one step at a time): nncc-parallelize may run the `scf.for`
/// inside each thread's share of the `scf.parallel`, one dispatch in all.
inline constexpr llvm::StringLiteral kPerIterationStepsAttrName =
    "nncc.per_iteration_steps";

/// The argument attribute marking an entry point's thread-pool argument.
inline constexpr llvm::StringLiteral kThreadPoolArgAttrName =
    "nncc.thread_pool";

/// The CUDA target: the module the kernels are outlined into, the argument
/// that carries an instance's CUDA context into an entry point, and the
/// globals the host code gets (the PTX, the kernel names NUL-separated, and
/// their count).
inline constexpr llvm::StringLiteral kKernelModuleName = "nncc_kernels";
inline constexpr llvm::StringLiteral kCudaContextArgAttrName =
    "nncc.cuda_context";
inline constexpr llvm::StringLiteral kCudaPTXGlobalName = "nncc_cuda_ptx";
inline constexpr llvm::StringLiteral kCudaKernelNamesGlobalName =
    "nncc_cuda_kernel_names";
inline constexpr llvm::StringLiteral kCudaNumKernelsGlobalName =
    "nncc_cuda_num_kernels";

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "nncc/Transforms/Passes.h.inc"

} // namespace mlir::nncc

#endif // NNCC_TRANSFORMS_PASSES_H
