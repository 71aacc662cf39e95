//===- CPUPipeline.cpp - nn model to LLVM dialect for CPUs ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn -> entry points -> linalg on tensors -> one-shot bufferization (the
// result written in place into the caller's buffer) -> workspace planning
// -> loops -> LLVM dialect with the bare-pointer calling convention, so
// that the generated C API passes plain pointers.
//
//===----------------------------------------------------------------------===//

#include "nncc/Pipelines/Pipelines.h"

#include "nncc/Conversion/Passes.h"
#include "nncc/Dialect/NN/Transforms/Passes.h"
#include "nncc/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::nncc;

/// Sums into fewer outputs than this are split on the CPU: 64 tiles of
/// 16 lanes.
static constexpr int64_t kCPUMinSplitOutputs = 1024;

void nncc::buildNNToLinalgPipeline(OpPassManager &pm) {
  // Training: optimizer state, loss, backward pass (models without
  // nn.train_config pass through).
  pm.addPass(nn::createNNAddOptimizerStatePass());
  pm.addPass(nn::createNNBuildLossPass());
  pm.addPass(nn::createNNAutodiffPass());
  pm.addPass(nn::createNNSimplifyGradientsPass());
  pm.addPass(nn::createNNCreateEntryPointsPass());
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
  pm.addPass(createConvertNNToLinalgPass());
  // No CSE before bufferization: it merges equal tensor.empty ops, and
  // empty-tensor elimination would then let two ops write one destination.
  pm.addPass(createCanonicalizerPass());
  // Loop-invariant tensor ops leave the RNN time loops (the transposed
  // recurrent kernel of the backward pass is computed once, not per step).
  pm.addPass(createLoopInvariantCodeMotionPass());
}

void nncc::buildBufferizationPipeline(OpPassManager &pm) {
  // Bufferize: results go straight into the caller's output buffers.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = false;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createCanonicalizerPass());
}

void nncc::buildHostToLLVMPipeline(OpPassManager &pm) {
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void nncc::buildLinalgToLLVMPipeline(OpPassManager &pm,
                                     const CPUPipelineOptions &) {
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
  buildNNToLinalgPipeline(pm);
  buildLinalgToLLVMPipeline(pm, options);
}

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
