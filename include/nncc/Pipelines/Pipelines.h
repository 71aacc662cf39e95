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

/// nn model -> entry points over buffers -> linalg on tensors.
void buildNNToLinalgPipeline(OpPassManager &pm);

/// linalg on tensors -> bufferized, planned, lowered to the LLVM dialect.
void buildLinalgToLLVMPipeline(OpPassManager &pm,
                               const CPUPipelineOptions &options);

/// The whole CPU pipeline: both of the above.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers `nncc-cpu-pipeline` for textual pipelines.
void registerPipelines();

} // namespace mlir::nncc

#endif // NNCC_PIPELINES_PIPELINES_H
