//===- CPUPipeline.cpp - linalg to the LLVM dialect for CPUs ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The CPU target after the shared stages (CommonStages.cpp): shared 0-d
// reads as scalars, bufferization, reductions
// split for the thread pool, the workspace planned, RNN time loops per
// chunk of batch rows, loops ordered, tiled and vectorized
// (Codegen/CPU), math expanded, parallel loops on the instance's thread
// pool, then the shared host-to-LLVM stage.
//
//===----------------------------------------------------------------------===//

#include "nncc/Pipelines/Pipelines.h"

#include "nncc/Codegen/CPU/Passes.h"
#include "nncc/Codegen/Common/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::nncc;

/// Sums into fewer outputs than this are split on the CPU: 64 tiles of
/// 16 lanes.
static constexpr int64_t kCPUMinSplitOutputs = 1024;

void nncc::buildLinalgToLLVMPipeline(OpPassManager &pm,
                                     const CPUPipelineOptions &) {
  // Shared 0-d reads (the optimizer's learning rate and step) become one
  // scalar each: as tensors, their fan-out made bufferization quadratic.
  // (Not on the GPU: the host would read scalars the kernels compute.)
  pm.addPass(createNNCCShareScalarOperandsPass());
  buildBufferizationPipeline(pm);
  // Long sums into few outputs (bias gradients, the weight gradient of a
  // convolution with one input channel) give too few vector tiles to share
  // between threads: partial sums per image first, in a fixed order.
  NNCCSplitReductionsPassOptions split;
  split.minThreads = kCPUMinSplitOutputs;
  pm.addPass(createNNCCSplitReductionsPass(split));
  pm.addPass(createNNCCPlanWorkspacePass());
  pm.addPass(createNNCCLowerCopiesPass());
  // RNN time loops: one dispatch per layer, each thread its batch rows.
  pm.addPass(createNNCCParallelizeBatchRowsPass());
  // Vector-wide tiles vectorized in MLIR; what remains becomes loops
  // (innermost contiguous, for LLVM's vectorizer). Then the LLVM dialect.
  pm.addNestedPass<func::FuncOp>(createNNCCLoopOrderPass());
  pm.addNestedPass<func::FuncOp>(createNNCCVectorizePass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(createNNCCPolynomialMathPass());
  pm.addPass(createCanonicalizerPass());
  // The outermost parallel loops run on the instance's thread pool.
  pm.addPass(createNNCCParallelizePass());
  buildHostToLLVMPipeline(pm);
}

void nncc::buildCPUPipeline(OpPassManager &pm,
                            const CPUPipelineOptions &options) {
  buildNNModelPipeline(pm);
  buildNNTrainingStepPipeline(pm);
  buildNNToLinalgPipeline(pm);
  buildLinalgToLLVMPipeline(pm, options);
}
