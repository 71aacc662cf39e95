// RUN: nncc-opt %s --pass-pipeline='builtin.module(gpu.module(nncc-convert-gpu-to-nvvm))' --split-input-file --verify-diagnostics | FileCheck %s

// Math becomes the LLVM intrinsics NVPTX emits as single instructions (f32
// and f64): no libdevice function is declared or called. GPU ids become
// NVVM registers, the kernel an llvm.func marked nvvm.kernel.
// CHECK-LABEL: gpu.module @nncc_kernels
// CHECK-NOT:     __nv_
// CHECK:         llvm.func @k(
// CHECK-SAME:        nvvm.kernel
// CHECK:           nvvm.read.ptx.sreg.tid.x
// CHECK:           %[[S:.*]] = llvm.intr.sqrt(%{{.*}}) : (f32) -> f32
// CHECK:           llvm.intr.fabs(%{{.*}}) : (f64) -> f64
// CHECK:           %[[F:.*]] = llvm.intr.floor(%[[S]]) : (f32) -> f32
// CHECK:           llvm.intr.ceil(%[[F]]) : (f32) -> f32
// CHECK:           %[[M:.*]] = llvm.intr.fma(%[[F]], %{{.*}}, %[[S]]) : (f32, f32, f32) -> f32
// CHECK:           llvm.intr.copysign(%[[M]], %{{.*}}) : (f32, f32) -> f32
// CHECK:           llvm.intr.roundeven
// CHECK:           llvm.intr.trunc
// CHECK-NOT:     __nv_
gpu.module @nncc_kernels {
  gpu.func @k(%x: f32, %d: f64, %out: memref<4xf32>, %outd: memref<4xf64>) kernel {
    %tid = gpu.thread_id x
    %s = math.sqrt %x : f32
    %a = math.absf %d : f64
    %f = math.floor %s : f32
    %c = math.ceil %f : f32
    %m = math.fma %f, %x, %s : f32
    %cs = math.copysign %m, %c : f32
    %r = math.roundeven %cs : f32
    %t = math.trunc %r : f32
    memref.store %t, %out[%tid] : memref<4xf32>
    memref.store %a, %outd[%tid] : memref<4xf64>
    gpu.return
  }
}

// -----

// A transcendental function left unexpanded is an error at its location,
// never a libdevice call.
gpu.module @nncc_kernels {
  gpu.func @k(%x: f32, %out: memref<4xf32>) kernel {
    %tid = gpu.thread_id x
    // expected-error @below {{failed to legalize operation 'math.exp'}}
    %e = math.exp %x : f32
    memref.store %e, %out[%tid] : memref<4xf32>
    gpu.return
  }
}

// -----

// So is one whose LLVM intrinsic NVPTX would turn into a libm call.
gpu.module @nncc_kernels {
  gpu.func @k(%x: f32, %out: memref<4xf32>) kernel {
    %tid = gpu.thread_id x
    // expected-error @below {{failed to legalize operation 'math.tanh'}}
    %t = math.tanh %x : f32
    memref.store %t, %out[%tid] : memref<4xf32>
    gpu.return
  }
}
