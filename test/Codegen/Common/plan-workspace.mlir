// RUN: nncc-opt %s --nncc-plan-workspace --split-input-file --verify-diagnostics | FileCheck %s

// Three 256-byte buffers: %a dies when %c is born, so %c reuses %a's slot;
// %b lives across both. Workspace: 512 bytes.
// CHECK-LABEL: func.func @reuse
// CHECK-SAME:    %[[WS:[^:]*]]: memref<512xi8> {nncc.workspace})
// CHECK-SAME:    nncc.workspace_bytes = 512 : i64
// CHECK-NOT:     memref.alloc
// CHECK:         %[[OA:.*]] = arith.constant 0 : index
// CHECK:         %[[A:.*]] = memref.view %[[WS]][%[[OA]]][] : memref<512xi8> to memref<64xf32>
// CHECK:         %[[OB:.*]] = arith.constant 256 : index
// CHECK:         %[[B:.*]] = memref.view %[[WS]][%[[OB]]][] : memref<512xi8> to memref<64xf32>
// CHECK:         %[[OC:.*]] = arith.constant 0 : index
// CHECK:         %[[C:.*]] = memref.view %[[WS]][%[[OC]]][] : memref<512xi8> to memref<64xf32>
func.func @reuse(%in: memref<64xf32>, %out: memref<64xf32>) attributes {nncc.entry_point} {
  %a = memref.alloc() : memref<64xf32>
  %b = memref.alloc() : memref<64xf32>
  memref.copy %in, %a : memref<64xf32> to memref<64xf32>
  memref.copy %a, %b : memref<64xf32> to memref<64xf32>
  %c = memref.alloc() : memref<64xf32>
  memref.copy %b, %c : memref<64xf32> to memref<64xf32>
  memref.copy %c, %out : memref<64xf32> to memref<64xf32>
  return
}

// -----

// A buffer used inside a loop lives for the whole loop, and its aliases
// (a subview, the loop's iter_arg and result) extend its life: %a is read
// after the loop through %r, so %b cannot take its slot.
// CHECK-LABEL: func.func @loop_alias
// CHECK-SAME:    nncc.workspace_bytes = 128 : i64
// CHECK:         memref.view %{{.*}}[%{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK:         memref.view %{{.*}}[%{{.*}}][] : memref<128xi8> to memref<16xf32>
func.func @loop_alias(%out: memref<16xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<16xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %a) -> (memref<16xf32>) {
    scf.yield %acc : memref<16xf32>
  }
  %b = memref.alloc() : memref<16xf32>
  memref.copy %r, %b : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Functions that are not entry points are left alone.
// CHECK-LABEL: func.func @helper
// CHECK:         memref.alloc
func.func @helper() {
  %a = memref.alloc() : memref<4xf32>
  return
}

// -----

func.func @escaping(%out: memref<4xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %init = memref.alloc() : memref<4xf32>
  %r = scf.for %i = %c0 to %c1 step %c1 iter_args(%acc = %init) -> (memref<4xf32>) {
    // expected-error @+1 {{'memref.alloc' op escapes the loop iteration that allocates it; the workspace planner cannot place it}}
    %fresh = memref.alloc() : memref<4xf32>
    scf.yield %fresh : memref<4xf32>
  }
  return
}
