//===- CommonStages.cpp - the stages both targets share ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The stages of the pipeline that do not depend on the target: the nn
// model completed (optimizer state), the training step and entry points
// lowered to linalg on tensors, one-shot bufferization into the callers'
// buffers, and host code (scf, memref, vector, math) to the LLVM dialect
// with the runtime's calling convention: the model's tensors through its
// pointer tables, the other buffers as bare pointers.
//
//===----------------------------------------------------------------------===//

#include "nncc/Pipelines/Pipelines.h"

#include "nncc/Codegen/Common/Passes.h"
#include "nncc/Conversion/Passes.h"
#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::nncc;

void nncc::buildNNModelPipeline(OpPassManager &pm) {
  // The optimizer's state is part of the model instance: declared before
  // the model's tensors are collected (ModelInfo). Models without
  // nn.train_config pass through.
  pm.addPass(nn::createNNAddOptimizerStatePass());
}

void nncc::buildNNTrainingStepPipeline(OpPassManager &pm) {
  // Training: loss, backward pass (models without nn.train_config pass
  // through), then one function per entry point.
  pm.addPass(nn::createNNBuildLossPass());
  pm.addPass(nn::createNNAutodiffPass());
  pm.addPass(nn::createNNSimplifyGradientsPass());
  pm.addPass(nn::createNNCreateEntryPointsPass());
}

void nncc::buildNNToLinalgPipeline(OpPassManager &pm) {
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
  // The runtime's calling convention: two pointer tables, not one argument
  // per tensor (which made convert-func-to-llvm quadratic in the tensors).
  pm.addPass(createNNCCPackEntryArgumentsPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Without rollback (MLIR 22's one-shot conversion driver): the rollback
  // log of the step functions' many loops was the compiler's peak memory
  // (330 MB against 121 MB for 100 dense layers, growing faster than the
  // model).
  SCFToControlFlowPassOptions scfToCF;
  scfToCF.allowPatternRollback = false;
  pm.addPass(createSCFToControlFlowPass(scfToCF));
  pm.addPass(createConvertMathToLLVMPass());
  // Before the vector lowering: libm's functions (f64 erf) on vectors
  // become one call per lane between vector.extract / vector.insert.
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
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
