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

// Barriers split the body into phases: every thread of the block runs a
// phase before any runs the next, so each phase has its own thread loop.
// A loop holding barriers stays a loop around its phases. Shared memory is
// one host buffer, private memory one slice per thread; the thread id a
// later phase uses is recomputed there.
func.func @phases(%x: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
      workgroup(%tile : memref<32xf32, #gpu.address_space<workgroup>>)
      private(%acc : memref<1xf32, #gpu.address_space<private>>) {
    %base = arith.muli %bx, %sx : index
    %i = arith.addi %base, %tx : index
    %zero = arith.constant 0.0 : f32
    memref.store %zero, %acc[%c0] : memref<1xf32, #gpu.address_space<private>>
    scf.for %step = %c0 to %c3 step %c1 {
      %v = memref.load %x[%i] : memref<64xf32>
      memref.store %v, %tile[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %r = arith.subi %c32, %c1 : index
      %j = arith.subi %r, %tx : index
      %w = memref.load %tile[%j] : memref<32xf32, #gpu.address_space<workgroup>>
      %a = memref.load %acc[%c0] : memref<1xf32, #gpu.address_space<private>>
      %s = arith.addf %a, %w : f32
      memref.store %s, %acc[%c0] : memref<1xf32, #gpu.address_space<private>>
      gpu.barrier
    }
    %t = memref.load %acc[%c0] : memref<1xf32, #gpu.address_space<private>>
    memref.store %t, %x[%i] : memref<64xf32>
    gpu.terminator
  }
  return
}
// CHECK-LABEL: func.func @phases(
// CHECK-SAME:      %[[X:.*]]: memref<64xf32>)
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[TILE:.*]] = memref.alloc() : memref<32xf32>
// CHECK-DAG:     %[[ACC:.*]] = memref.alloc(%{{.*}}) : memref<?x1xf32>
// CHECK:         scf.for
// CHECK-NEXT:      scf.for
// CHECK-NEXT:        scf.for %[[BX:.*]] =
// The first phase: each thread starts its sum.
// CHECK:           scf.for %{{.*}} = %{{.*}} to %[[C32]]
// CHECK:             %[[MINE0:.*]] = memref.subview %[[ACC]][%{{.*}}, 0] [1, 1] [1, 1]
// CHECK:             memref.store %{{.*}}, %[[MINE0]][
// CHECK:           scf.for %{{.*}} = %{{.*}} to %c3
// Load phase, then the sum phase, in one loop step.
// CHECK:             scf.for %[[T1:.*]] = %{{.*}} to %[[C32]]
// CHECK:               %[[V:.*]] = memref.load %[[X]][%{{.*}}]
// CHECK:               memref.store %[[V]], %[[TILE]][%[[T1]]]
// CHECK:             }
// CHECK:             scf.for %{{.*}} = %{{.*}} to %[[C32]]
// CHECK:               %[[MINE2:.*]] = memref.subview %[[ACC]][%{{.*}}, 0]
// CHECK:               memref.load %[[TILE]][
// CHECK:               memref.load %[[MINE2]][
// CHECK:               memref.store %{{.*}}, %[[MINE2]][
// CHECK:             }
// CHECK:           }
// The last phase recomputes i from its own thread index.
// CHECK:           scf.for %[[T3:.*]] = %{{.*}} to %[[C32]]
// CHECK:             memref.load
// CHECK:             %[[B3:.*]] = arith.muli %[[BX]], %[[C32]] : index
// CHECK:             %[[I3:.*]] = arith.addi %[[B3]], %[[T3]] : index
// CHECK:             memref.store %{{.*}}, %[[X]][%[[I3]]]
// CHECK:       memref.dealloc %[[TILE]]
// CHECK:       memref.dealloc %[[ACC]]

// -----

// A value loaded before a barrier and used after it would need a register
// per thread: rejected (kernels keep such values in private memory).
func.func @crosses_barrier(%x: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %v = memref.load %x[%tx] : memref<4xf32>
    gpu.barrier
    // expected-error @below {{'memref.store' op uses a value an earlier phase of the kernel computed (across a barrier)}}
    memref.store %v, %x[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}

// -----

// A barrier only some threads reach (under an scf.if), and a loop around a
// barrier whose trip count depends on the thread: rejected.
func.func @divergent_barrier(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %first = arith.cmpi eq, %tx, %c0 : index
    // expected-error @below {{'scf.if' op holds a barrier but is not an scf.for without results; it cannot be emulated}}
    scf.if %first {
      gpu.barrier
    }
    gpu.terminator
  }
  return
}

// -----

func.func @thread_bounds(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    // expected-error @below {{'scf.for' op around a barrier has bounds that differ between threads}}
    scf.for %i = %c0 to %tx step %c1 {
      gpu.barrier
    }
    gpu.terminator
  }
  return
}

// -----

// Other code that needs real threads has no host equivalent.
func.func @lane() {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    // expected-error @below {{'gpu.lane_id' op has no host equivalent}}
    %l = gpu.lane_id
    gpu.terminator
  }
  return
}
