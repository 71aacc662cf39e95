//===- Registration.cpp - textual names of the pipelines --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Registers the whole pipelines under the names nncc-opt and textual
// pipelines use: `nncc-cpu-pipeline` (what `nncc` runs) and
// `nncc-cuda-pipeline` (what `nncc --target=cuda` runs).
//
//===----------------------------------------------------------------------===//

#include "nncc/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::nncc;

void nncc::registerPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "nncc-cpu-pipeline",
      "Lower an nn model to the LLVM dialect for CPUs (what `nncc` runs)",
      buildCPUPipeline);
  PassPipelineRegistration<CUDAPipelineOptions>(
      "nncc-cuda-pipeline",
      "Lower an nn model to PTX kernels and LLVM-dialect host code "
      "(what `nncc --target=cuda` runs)",
      buildCUDAPipeline);
}
