//===- Pipelines.h - nncc's compilation pipelines ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pass pipelines from an nn model to the LLVM dialect. The driver runs
// them in stages so that --emit can stop after any of them.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_PIPELINES_PIPELINES_H
#define NNCC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::nncc {

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {};

struct CUDAPipelineOptions : public PassPipelineOptions<CUDAPipelineOptions> {
  PassOptions::Option<std::string> gpuArch{
      *this, "gpu-arch",
      llvm::cl::desc("The GPU architecture of the PTX (sm_80, sm_90)"),
      llvm::cl::init("sm_80")};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of the parallel kernels"),
      llvm::cl::init(256)};
  PassOptions::Option<int64_t> unrollFactor{
      *this, "unroll-factor",
      llvm::cl::desc("Unroll factor of the kernels' innermost loops "
                     "(nncc-unroll-kernel-loops; 1 turns it off)"),
      llvm::cl::init(8)};
  PassOptions::Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("Run the kernels as host loops instead (a CPU object "
                     "with the CPU runtime: tests the GPU mapping without a "
                     "GPU)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> emulateReverse{
      *this, "emulate-reverse",
      llvm::cl::desc("With emulate: run blocks and threads last to first "
                     "(a race shows as other results)"),
      llvm::cl::init(false)};
};

/// The nn model completed: the optimizer's state declared (part of the
/// model instance, so it precedes ModelInfo).
void buildNNModelPipeline(OpPassManager &pm);

/// The training step in nn: the loss, the backward pass and the entry
/// points. Its failures are the model's (what it asks cannot be trained),
/// reported as the user's errors.
void buildNNTrainingStepPipeline(OpPassManager &pm);

/// nn entry points -> linalg on tensors.
void buildNNToLinalgPipeline(OpPassManager &pm);

/// One-shot bufferization into the callers' buffers.
void buildBufferizationPipeline(OpPassManager &pm);

/// Host code on buffers (scf, memref, vector, math) -> the LLVM dialect with
/// the runtime's calling convention: the model's tensors through its pointer
/// tables (nncc-pack-entry-arguments), other buffers as bare pointers.
void buildHostToLLVMPipeline(OpPassManager &pm);

/// linalg on tensors -> bufferized, planned, lowered to the LLVM dialect.
void buildLinalgToLLVMPipeline(OpPassManager &pm,
                               const CPUPipelineOptions &options);

/// The whole CPU pipeline: buildNNModelPipeline, buildNNTrainingStepPipeline,
/// buildNNToLinalgPipeline, buildLinalgToLLVMPipeline.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// The CUDA target: linalg on tensors -> buffers -> one kernel module
/// serialized to PTX, and host code (LLVM dialect) that launches it through
/// the CUDA runtime.
void buildLinalgToCUDAPipeline(OpPassManager &pm,
                               const CUDAPipelineOptions &options);

/// The whole CUDA pipeline: buildNNModelPipeline, buildNNTrainingStepPipeline,
/// buildNNToLinalgPipeline, then the above.
void buildCUDAPipeline(OpPassManager &pm, const CUDAPipelineOptions &options);

/// Registers `nncc-cpu-pipeline` and `nncc-cuda-pipeline` for textual
/// pipelines (Registration.cpp).
void registerPipelines();

} // namespace mlir::nncc

#endif // NNCC_PIPELINES_PIPELINES_H
