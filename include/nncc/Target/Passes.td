//===- Passes.td - target emission passes ------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Passes that emit machine code in process, beside the object emitter they
// share (ObjectEmitter.h): the kernel modules to PTX.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_PASSES_TD
#define NNCC_TARGET_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// GPU
//===----------------------------------------------------------------------===//

def NNCCSerializePTXPass : Pass<"nncc-serialize-ptx", "::mlir::ModuleOp"> {
  let summary = "Compile the kernel modules to PTX in process";
  let description = [{
    Translates each `gpu.module` (already in the LLVM and NVVM dialects) to
    LLVM IR, runs LLVM's O3 pipeline for the NVPTX target and emits PTX for
    `gpu-arch` with the PTX ISA `ptx-version`, replacing the module by a
    `gpu.binary` of the same name holding the PTX (format `assembly`). It
    never looks for a CUDA toolkit and links no libdevice: the PTX is the
    same on every machine.

    ```mlir
    gpu.module @nncc_kernels {
      llvm.func @f_k0(%in: !llvm.ptr, %out: !llvm.ptr) attributes {gpu.kernel, nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>} {
        ...
      }
    }
    ```
    becomes (`gpu-arch=sm_90`)
    ```mlir
    gpu.binary @nncc_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">,
                                           assembly = ".version 8.0 ... .target sm_90 ... .visible .entry f_k0(...">]
    ```

    Why not upstream's `gpu-module-to-binary`: docs/GPUCodegen.md.
  }];
  let options = [
    Option<"gpuArch", "gpu-arch", "std::string", /*default=*/"\"sm_80\"",
           "The GPU architecture (sm_NN)">,
    Option<"ptxVersion", "ptx-version", "std::string", /*default=*/"\"ptx80\"",
           "The PTX ISA version, as an NVPTX feature (ptx80: CUDA 12.0 "
           "drivers, sm_90 and older)">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

#endif // NNCC_TARGET_PASSES_TD
