//===- CUDAPipeline.cpp - nn model to PTX kernels and host code -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// nn -> linalg -> buffers (as for CPUs) -> gpu.launch per linalg op ->
// kernels outlined into one gpu.module -> NVVM -> PTX through LLVM's NVPTX
// backend, in process -> host code calling the CUDA runtime -> LLVM
// dialect. Nothing of the CUDA toolkit is used: math functions are
// expanded into polynomials before the kernels are outlined, the kernels'
// conversion to NVVM emits no libdevice call, and PTX that still calls out
// is rejected.
//
//===----------------------------------------------------------------------===//

#include "nncc/Pipelines/Pipelines.h"

#include "nncc/Codegen/CPU/Passes.h"
#include "nncc/Codegen/Common/Passes.h"
#include "nncc/Codegen/GPU/Passes.h"
#include "nncc/Target/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <limits>

using namespace mlir;
using namespace mlir::nncc;

void nncc::buildLinalgToCUDAPipeline(OpPassManager &pm,
                                     const CUDAPipelineOptions &options) {
  buildBufferizationPipeline(pm);

  // One kernel per linalg op (one thread per output point), the time loops
  // of RNNs on the host; everything libm would do expanded in place.
  // Long sums into few outputs: partial sums first, so there are threads.
  // Below 65536 outputs: a sum of thousands of terms per thread is the
  // slowest kind of kernel, and the split partial sums become batched
  // tiles (conv2's weight gradient: 32 x 5 blocks of 121-term sums instead
  // of 18432 threads of 6272 terms).
  NNCCSplitReductionsPassOptions split;
  split.minThreads = 65536;
  // dense1's forward: 2048 sums of 1600 terms become 50 x 2048 of 32.
  split.chunkLongDims = true;
  pm.addPass(createNNCCSplitReductionsPass(split));
  // One kernel per RNN step; equal views merged, self-copies dropped, so
  // fusion sees one value per slice.
  pm.addPass(createNNCCFuseRecurrentCellsPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  NNCCMapToGPUPassOptions map;
  map.blockSize = options.blockSize;
  pm.addPass(createNNCCMapToGPUPass(map));
  // Planned after the mapping: buffers one fused kernel reads and writes
  // are live at once and never share memory.
  pm.addPass(createNNCCPlanWorkspacePass());
  pm.addPass(createConvertLinalgToLoopsPass());
  NNCCPolynomialMathPassOptions math;
  math.expandAll = true;
  pm.addNestedPass<func::FuncOp>(createNNCCPolynomialMathPass(math));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.emulate) {
    // The kernels as loops on the calling thread, behind the CPU target's
    // entry-point convention (the thread pool argument, unused).
    NNCCGPULaunchesToLoopsPassOptions loops;
    loops.reverse = options.emulateReverse;
    pm.addPass(createNNCCGPULaunchesToLoopsPass(loops));
    NNCCParallelizePassOptions serial;
    serial.minWork = std::numeric_limits<int64_t>::max();
    pm.addPass(createNNCCParallelizePass(serial));
    buildHostToLLVMPipeline(pm);
    return;
  }
  // Constants (hoisted out of the launches by canonicalize) go back in:
  // kernels see their sizes and strides as immediates, not parameters.
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());

  // Device: NVVM, then PTX in process.
  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  // A thread's sums issue the loads of 8 terms before the first add.
  if (options.unrollFactor > 1) {
    NNCCUnrollKernelLoopsPassOptions unroll;
    unroll.factor = options.unrollFactor;
    device.addPass(createNNCCUnrollKernelLoopsPass(unroll));
  }
  device.addPass(createSCFToControlFlowPass());
  device.addPass(createNNCCConvertGPUToNVVMPass());
  device.addPass(createCanonicalizerPass());
  device.addPass(createCSEPass());
  device.addPass(createReconcileUnrealizedCastsPass());
  NNCCSerializePTXPassOptions ptx;
  ptx.gpuArch = options.gpuArch;
  // PTX ISA 8.0 (CUDA 12.0 drivers) covers sm_70 to sm_90.
  ptx.ptxVersion = "ptx80";
  pm.addPass(createNNCCSerializePTXPass(ptx));

  // Host: launches become runtime calls, then the CPU tail.
  pm.addPass(createNNCCLowerGPULaunchesPass());
  buildHostToLLVMPipeline(pm);
}

void nncc::buildCUDAPipeline(OpPassManager &pm,
                             const CUDAPipelineOptions &options) {
  buildNNModelPipeline(pm);
  buildNNTrainingStepPipeline(pm);
  buildNNToLinalgPipeline(pm);
  buildLinalgToCUDAPipeline(pm, options);
}
