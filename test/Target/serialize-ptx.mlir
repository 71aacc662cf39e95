// RUN: nncc-opt %s --nncc-serialize-ptx=gpu-arch=sm_90 | FileCheck %s
// RUN: nncc-opt %s --nncc-serialize-ptx | FileCheck %s --check-prefix=SM80

// The kernel module becomes a gpu.binary of the same name holding PTX made
// in process (no toolkit, no libdevice): the kernel, its parameters, the
// block size it was outlined with.
// CHECK:       gpu.binary @nncc_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">, assembly = "
// CHECK-SAME:    .version 8.0
// CHECK-SAME:    .target sm_90
// CHECK-SAME:    .visible .entry f_k0(
// CHECK-SAME:    .maxntid 256, 1, 1
// CHECK-SAME:    ld.global.b32
// CHECK-SAME:    st.global.b32
// CHECK-NOT:   gpu.module
// SM80:        .target sm_80
module attributes {gpu.container_module} {
  gpu.module @nncc_kernels {
    llvm.func @f_k0(%in: !llvm.ptr, %out: !llvm.ptr) attributes {gpu.kernel, nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>} {
      %tid = nvvm.read.ptx.sreg.tid.x : i32
      %i = llvm.sext %tid : i32 to i64
      %src = llvm.getelementptr %in[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v = llvm.load %src : !llvm.ptr -> f32
      %d = llvm.fadd %v, %v : f32
      %dst = llvm.getelementptr %out[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %d, %dst : f32, !llvm.ptr
      llvm.return
    }
  }
}
