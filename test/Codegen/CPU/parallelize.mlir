// RUN: nncc-opt %s --nncc-parallelize=min-work=1000 --split-input-file | FileCheck %s

// An entry point gets the thread pool as its last argument. Its outermost
// scf.parallel (64 x 16 tiles: 1024 iterations, 4096 operations) becomes a
// call of nncc_parallel_for with an outlined body over a range of the
// linearized iterations; the buffers and the scalar it uses travel in a
// struct on the caller's stack (a memref as its descriptor), the constants
// are rematerialized in the body.
func.func @scale(%x: memref<64x256xf32>, %y: memref<64x256xf32>, %s: f32) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c256) step (%c1, %c16) {
    %v = vector.load %x[%i, %j] : memref<64x256xf32>, vector<16xf32>
    %b = vector.broadcast %s : f32 to vector<16xf32>
    %m = arith.mulf %v, %b : vector<16xf32>
    vector.store %m, %y[%i, %j] : memref<64x256xf32>, vector<16xf32>
  }
  return
}
// CHECK-LABEL: func.func @scale(
// CHECK-SAME:      %[[X:.*]]: memref<64x256xf32>, %[[Y:.*]]: memref<64x256xf32>, %[[S:.*]]: f32, %[[POOL:.*]]: !llvm.ptr {nncc.thread_pool})
// CHECK:         %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, f32, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>)> {alignment = 64 : i64}
// CHECK-NOT:     scf.parallel
// CHECK:         %[[XD:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<64x256xf32> to !llvm.struct
// CHECK:         %[[F0:.*]] = llvm.getelementptr %[[CTX]][0, 0]
// CHECK:         llvm.store %[[XD]], %[[F0]]
// CHECK:         %[[F1:.*]] = llvm.getelementptr %[[CTX]][0, 1]
// CHECK:         llvm.store %[[S]], %[[F1]] : f32, !llvm.ptr
// CHECK:         %[[YD:.*]] = builtin.unrealized_conversion_cast %[[Y]]
// CHECK:         llvm.store %[[YD]]
// CHECK:         %[[BODY:.*]] = constant @scale_parallel_0 : (!llvm.ptr, i64, i64) -> ()
// CHECK:         %[[N:.*]] = arith.constant 1024 : i64
// CHECK:         call @nncc_parallel_for(%[[POOL]], %[[BODY]], %[[CTX]], %[[N]])

// CHECK-LABEL: func.func private @scale_parallel_0(
// CHECK-SAME:      %[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK:         %[[XL:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK:         %[[XM:.*]] = builtin.unrealized_conversion_cast %[[XL]] : {{.*}} to memref<64x256xf32>
// CHECK:         %[[SL:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK:         %[[YM:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<64x256xf32>
// CHECK:         %[[B:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK:         %[[E:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK:         scf.for %[[L:.*]] = %[[B]] to %[[E]]
// Iteration L is (L / 16, L % 16 * 16).
// CHECK:           %[[JT:.*]] = arith.remui %[[L]], %[[C16:.*]] : index
// CHECK:           %[[IT:.*]] = arith.divui %[[L]], %[[C16]] : index
// CHECK:           %[[J:.*]] = arith.muli %[[JT]]
// CHECK:           vector.load %[[XM]]
// CHECK:           vector.broadcast %[[SL]]
// CHECK:           vector.store %{{.*}}, %[[YM]]
// CHECK:         return
// CHECK:       func.func private @nncc_parallel_for(!llvm.ptr, (!llvm.ptr, i64, i64) -> (), !llvm.ptr, i64)

// -----

// Below min-work a loop stays on the calling thread; only the outermost of
// nested parallel loops is dispatched; a loop inside a sequential loop (an
// RNN's time steps) is dispatched once per step, with its context struct
// allocated once at the function's entry.
func.func @kinds(%x: memref<8x64xf32>, %big: memref<16x16x64xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant dense<0.0> : vector<16xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c64) step (%c1, %c16) {
    vector.store %zero, %x[%i, %j] : memref<8x64xf32>, vector<16xf32>
  }
  scf.for %t = %c0 to %c8 step %c1 {
    scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
      scf.parallel (%j, %k) = (%c0, %c0) to (%c16, %c64) step (%c1, %c16) {
        vector.store %zero, %big[%i, %j, %k] : memref<16x16x64xf32>, vector<16xf32>
      }
    }
  }
  return
}
// CHECK-LABEL: func.func @kinds(
// CHECK-SAME:      %{{.*}}: !llvm.ptr {nncc.thread_pool})
// CHECK:         llvm.alloca
// CHECK:         scf.parallel
// CHECK:         scf.for
// CHECK-NOT:       scf.parallel
// CHECK:           call @nncc_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, (!llvm.ptr, i64, i64) -> (), !llvm.ptr, i64) -> ()
// CHECK-LABEL: func.func private @kinds_parallel_0(
// CHECK:         scf.for
// CHECK:           scf.parallel

// -----

// Functions that are not entry points keep their signature.
func.func @helper(%x: memref<4xf32>) {
  return
}
// CHECK-LABEL: func.func @helper(%{{.*}}: memref<4xf32>) {

// -----

// scf.for loops marked nncc.parallel by their producer (a max-pool
// gradient's scatter) become one scf.parallel over their perfect band, which
// is then dispatched; the unmarked loop inside stays sequential.
func.func @marked(%dx: memref<16x8x64xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  scf.for %n = %c0 to %c16 step %c1 {
    scf.for %h = %c0 to %c8 step %c1 {
      scf.for %c = %c0 to %c64 step %c1 {
        %v = memref.load %dx[%n, %h, %c] : memref<16x8x64xf32>
        %s = arith.addf %v, %one : f32
        memref.store %s, %dx[%n, %h, %c] : memref<16x8x64xf32>
      }
    } {nncc.parallel}
  } {nncc.parallel}
  return
}
// CHECK-LABEL: func.func @marked(
// CHECK:         %[[N:.*]] = arith.constant 128 : i64
// CHECK:         call @nncc_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %[[N]])
// CHECK-LABEL: func.func private @marked_parallel_0(
// CHECK:         scf.for
// CHECK:           arith.remui
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step
// CHECK:             memref.load

// -----

// A sequential loop marked nncc.per_iteration_steps around the parallel
// loop (nncc-vectorize's step of a long reduction: tile j accumulates its
// own outputs at every step n) runs inside each thread's share: one
// dispatch of 64 tiles, not 32 of them, and tile j still takes its steps in
// order.
func.func @steps(%x: memref<32x1024xf32>, %y: memref<1024xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c1024 = arith.constant 1024 : index
  scf.for %n = %c0 to %c32 step %c1 {
    scf.parallel (%j) = (%c0) to (%c1024) step (%c16) {
      %v = vector.load %x[%n, %j] : memref<32x1024xf32>, vector<16xf32>
      %a = vector.load %y[%j] : memref<1024xf32>, vector<16xf32>
      %s = arith.addf %a, %v : vector<16xf32>
      vector.store %s, %y[%j] : memref<1024xf32>, vector<16xf32>
    }
  } {nncc.per_iteration_steps}
  return
}
// CHECK-LABEL: func.func @steps(
// CHECK-NOT:     scf.for
// CHECK:         %[[N:.*]] = arith.constant 64 : i64
// CHECK:         call @nncc_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %[[N]])
// CHECK-NOT:     scf.for
// CHECK:         return
// CHECK-LABEL: func.func private @steps_parallel_0(
// CHECK-SAME:      %{{.*}}: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK:         %[[B:.*]] = arith.index_cast %[[BEGIN]]
// CHECK:         %[[E:.*]] = arith.index_cast %[[END]]
// CHECK:         scf.for %[[STEP:.*]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT:      scf.for %[[L:.*]] = %[[B]] to %[[E]]
// CHECK:             vector.load %{{.*}}[%[[STEP]], %{{.*}}] : memref<32x1024xf32>
