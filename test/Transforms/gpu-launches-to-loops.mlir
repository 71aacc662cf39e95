// RUN: nncc-opt %s --nncc-gpu-launches-to-loops --cse --split-input-file --verify-diagnostics | FileCheck %s

// A launch becomes loops over blocks (z, y, x), then threads (z, y, x);
// the ids are the loop indices, the sizes the launch's operands.
func.func @scale(%x: memref<1000xf32>) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c256 = arith.constant 256 : index
  %c1000 = arith.constant 1000 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c4, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    %base = arith.muli %bx, %sx : index
    %i = arith.addi %base, %tx : index
    %in = arith.cmpi ult, %i, %c1000 : index
    scf.if %in {
      %v = memref.load %x[%i] : memref<1000xf32>
      %d = arith.addf %v, %v : f32
      memref.store %d, %x[%i] : memref<1000xf32>
    }
    gpu.terminator
  }
  return
}
// CHECK-LABEL: func.func @scale(
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-NOT:     gpu.launch
// CHECK:         scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]] {
// CHECK-NEXT:      scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]] {
// CHECK-NEXT:        scf.for %[[BX:.*]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT:          scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]] {
// CHECK-NEXT:            scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]] {
// CHECK-NEXT:              scf.for %[[TX:.*]] = %[[C0]] to %[[C256]] step %[[C1]] {
// CHECK-NEXT:                %[[B:.*]] = arith.muli %[[BX]], %[[C256]] : index
// CHECK-NEXT:                %[[I:.*]] = arith.addi %[[B]], %[[TX]] : index
// CHECK:                     scf.if
// CHECK:                       memref.load %{{.*}}[%[[I]]]

// -----

// Code that needs real threads has no host equivalent.
func.func @barrier() {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    // expected-error @below {{'gpu.barrier' op has no host equivalent}}
    gpu.barrier
    gpu.terminator
  }
  return
}
