// RUN: nncc-opt %s --nncc-polynomial-math | FileCheck %s
// RUN: nncc-opt %s --nncc-polynomial-math=expand-all | FileCheck %s --check-prefix=ALL

// erf, exp, expm1, log, log1p and tanh on f32 become arith/math.fma
// sequences, on vectors as on scalars; other math ops (sqrt) are left to
// LLVM, and f64 keeps libm (correctly rounded or nearly).
// CHECK-LABEL: func.func @vector
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.erf
// CHECK:         math.fma %{{.*}} : vector<16xf32>
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.erf
// CHECK:         return
func.func @vector(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %t = math.tanh %x : vector<16xf32>
  %e = math.exp %x : vector<16xf32>
  %f = math.erf %x : vector<16xf32>
  return %t, %e, %f : vector<16xf32>, vector<16xf32>, vector<16xf32>
}

// CHECK-LABEL: func.func @f64_erf
// CHECK:         math.erf %{{.*}} : f64
func.func @f64_erf(%x: f64) -> f64 {
  %e = math.erf %x : f64
  return %e : f64
}

// CHECK-LABEL: func.func @scalar
// CHECK-NOT:     math.log
// CHECK-NOT:     math.expm1
// CHECK:         math.sqrt %{{.*}} : f32
// CHECK-NOT:     math.log
// CHECK-NOT:     math.expm1
// CHECK:         return
func.func @scalar(%x: f32) -> (f32, f32, f32, f32) {
  %l = math.log %x : f32
  %p = math.log1p %x : f32
  %m = math.expm1 %x : f32
  %s = math.sqrt %x : f32
  return %l, %p, %m, %s : f32, f32, f32, f32
}

// powf and rsqrt stay by default (the CPU has libm); expand-all (the CUDA
// target) turns them into exp/log polynomials and a division by sqrt.
// CHECK-LABEL: func.func @pow_rsqrt
// CHECK:         math.powf
// CHECK:         math.rsqrt
// ALL-LABEL:   func.func @pow_rsqrt
// ALL-NOT:       math.powf
// ALL-NOT:       math.rsqrt
// ALL-NOT:       math.exp
// ALL-NOT:       math.log
// ALL:           math.sqrt
// ALL:           arith.divf
// ALL:           return
func.func @pow_rsqrt(%x: f32, %y: f32) -> (f32, f32) {
  %p = math.powf %x, %y : f32
  %r = math.rsqrt %x : f32
  return %p, %r : f32, f32
}
