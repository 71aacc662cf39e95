// RUN: nncc-opt %s --nncc-libdevice-to-intrinsics | FileCheck %s

// The libdevice functions that are one PTX instruction become LLVM
// intrinsics (f32 and f64); their declarations go. Others stay, for the PTX
// check of nncc-lower-gpu-launches to report.
llvm.func @__nv_sqrtf(f32) -> f32
llvm.func @__nv_fabs(f64) -> f64
llvm.func @__nv_floorf(f32) -> f32
llvm.func @__nv_fmaf(f32, f32, f32) -> f32
llvm.func @__nv_copysignf(f32, f32) -> f32
llvm.func @__nv_expf(f32) -> f32
// CHECK-NOT:   llvm.func @__nv_sqrtf
// CHECK-NOT:   llvm.func @__nv_fabs(
// CHECK-NOT:   llvm.func @__nv_floorf
// CHECK-NOT:   llvm.func @__nv_fmaf
// CHECK-NOT:   llvm.func @__nv_copysignf
// CHECK:       llvm.func @__nv_expf(f32) -> f32

// CHECK-LABEL: llvm.func @f(
// CHECK-SAME:      %[[X:.*]]: f32, %[[D:.*]]: f64)
llvm.func @f(%x: f32, %d: f64) -> f32 {
  // CHECK: %[[S:.*]] = llvm.intr.sqrt(%[[X]]) : (f32) -> f32
  %s = llvm.call @__nv_sqrtf(%x) : (f32) -> f32
  // CHECK: llvm.intr.fabs(%[[D]]) : (f64) -> f64
  %a = llvm.call @__nv_fabs(%d) : (f64) -> f64
  // CHECK: %[[F:.*]] = llvm.intr.floor(%[[S]]) : (f32) -> f32
  %f = llvm.call @__nv_floorf(%s) : (f32) -> f32
  // CHECK: %[[M:.*]] = llvm.intr.fma(%[[F]], %[[X]], %[[S]]) : (f32, f32, f32) -> f32
  %m = llvm.call @__nv_fmaf(%f, %x, %s) : (f32, f32, f32) -> f32
  // CHECK: %[[C:.*]] = llvm.intr.copysign(%[[M]], %[[X]]) : (f32, f32) -> f32
  %c = llvm.call @__nv_copysignf(%m, %x) : (f32, f32) -> f32
  // CHECK: llvm.call @__nv_expf(%[[C]])
  %e = llvm.call @__nv_expf(%c) : (f32) -> f32
  llvm.return %e : f32
}
