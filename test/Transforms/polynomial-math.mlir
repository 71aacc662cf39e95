// RUN: nncc-opt %s --nncc-polynomial-math | FileCheck %s

// exp, expm1, log, log1p and tanh on f32 become arith/math.fma sequences,
// on vectors as on scalars; other math ops (sqrt) are left to LLVM.
// CHECK-LABEL: func.func @vector
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.exp
// CHECK:         math.fma %{{.*}} : vector<16xf32>
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @vector(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>) {
  %t = math.tanh %x : vector<16xf32>
  %e = math.exp %x : vector<16xf32>
  return %t, %e : vector<16xf32>, vector<16xf32>
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
