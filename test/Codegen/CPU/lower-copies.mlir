// RUN: nncc-opt %s --nncc-lower-copies | FileCheck %s

// CHECK-LABEL: func.func @strided
// CHECK:         linalg.copy ins(%{{.*}} : memref<4x4xf32, strided<[8, 1]>>) outs(%{{.*}} : memref<4x4xf32>)
// CHECK-NOT:     memref.copy
func.func @strided(%a: memref<4x4xf32, strided<[8, 1]>>, %b: memref<4x4xf32>) {
  memref.copy %a, %b : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32>
  return
}

// Contiguous copies stay: they lower to llvm.memcpy.
// CHECK-LABEL: func.func @contiguous
// CHECK:         memref.copy
func.func @contiguous(%a: memref<16xf32>, %b: memref<16xf32>) {
  memref.copy %a, %b : memref<16xf32> to memref<16xf32>
  return
}
