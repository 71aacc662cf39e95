// RUN: nncc-opt %s --pass-pipeline='builtin.module(gpu.module(nncc-unroll-kernel-loops{min-ops=0}))' --split-input-file | FileCheck %s
// RUN: nncc-opt %s --pass-pipeline='builtin.module(gpu.module(nncc-unroll-kernel-loops{factor=4 min-ops=0 max-ops=64}))' --split-input-file | FileCheck %s --check-prefix=SMALL
// RUN: nncc-opt %s --pass-pipeline='builtin.module(gpu.module(nncc-unroll-kernel-loops))' --split-input-file | FileCheck %s --check-prefix=DEFAULT

// A thread's sum of 64 terms: 8 steps of 8 loads and 8 adds, in order.
// By default (min-ops=64) its 5-op body is LLVM's to unroll: left as is.
gpu.module @kernels {
  gpu.func @sum(%w: memref<64x32xf32>, %x: memref<64xf32>, %y: memref<32xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %j = gpu.thread_id x
    %init = memref.load %y[%j] : memref<32xf32>
    %sum = scf.for %k = %c0 to %c64 step %c1 iter_args(%acc = %init) -> (f32) {
      %a = memref.load %w[%k, %j] : memref<64x32xf32>
      %b = memref.load %x[%k] : memref<64xf32>
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %y[%j] : memref<32xf32>
    gpu.return
  }
}
// CHECK-LABEL: gpu.func @sum(
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK:         scf.for %{{.*}} = %{{.*}} to %[[C64]] step %[[C8]] iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32) {
// CHECK-COUNT-8:   memref.load %{{.*}} : memref<64x32xf32>
// CHECK-NOT:       memref.load %{{.*}} : memref<64x32xf32>
// CHECK:           scf.yield
// CHECK-NOT:     scf.for
// CHECK:         gpu.return
// The body (5 ops) times 4 is within 64: unrolled by 4.
// SMALL-LABEL: gpu.func @sum(
// SMALL:         %[[C4:.*]] = arith.constant 4 : index
// SMALL:         scf.for %{{.*}} step %[[C4]]
// SMALL-COUNT-4:   arith.addf
// SMALL-NOT:       arith.addf
// SMALL:           scf.yield
// DEFAULT-LABEL: gpu.func @sum(
// DEFAULT:         scf.for %{{.*}} step %c1
// DEFAULT-COUNT-1:   memref.load %{{.*}} : memref<64x32xf32>
// DEFAULT-NOT:       memref.load %{{.*}} : memref<64x32xf32>
// DEFAULT:           scf.yield

// -----

// Three iterations, below the factor: unrolled fully. A loop with a
// barrier stays, as does one with a loop inside (the inner one, 5
// iterations, unrolls fully) and one with dynamic bounds.
gpu.module @kernels {
  gpu.func @shapes(%x: memref<3x5xf32>, %n: index) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c3 = arith.constant 3 : index
    %c5 = arith.constant 5 : index
    %one = arith.constant 1.0 : f32
    scf.for %i = %c0 to %c3 step %c1 {
      memref.store %one, %x[%i, %c0] : memref<3x5xf32>
    }
    scf.for %i = %c0 to %c3 step %c1 {
      memref.store %one, %x[%i, %c1] : memref<3x5xf32>
      gpu.barrier
    }
    scf.for %i = %c0 to %c3 step %c1 {
      scf.for %j = %c0 to %c5 step %c1 {
        memref.store %one, %x[%i, %j] : memref<3x5xf32>
      }
    }
    scf.for %i = %c0 to %n step %c1 {
      memref.store %one, %x[%i, %c0] : memref<3x5xf32>
    }
    gpu.return
  }
}
// CHECK-LABEL: gpu.func @shapes(
// CHECK-COUNT-3: memref.store
// CHECK-NEXT:    scf.for
// CHECK:           gpu.barrier
// CHECK:         scf.for
// CHECK-NOT:       scf.for
// CHECK-COUNT-5:   memref.store
// CHECK:         scf.for %{{.*}} to %{{.*}} step
// CHECK:           memref.store
// CHECK-NOT:       memref.store
// CHECK:         gpu.return

// -----

// An RNN step's four gate sums in one loop (14 ops a term): unrolled by
// 8 by default, the four sums still in their order.
gpu.module @kernels {
  gpu.func @gates(%w: memref<64x4x32xf32>, %x: memref<64xf32>, %y: memref<4x32xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c64 = arith.constant 64 : index
    %zero = arith.constant 0.0 : f32
    %j = gpu.thread_id x
    %r:4 = scf.for %k = %c0 to %c64 step %c1 iter_args(%i = %zero, %f = %zero, %g = %zero, %o = %zero) -> (f32, f32, f32, f32) {
      %xk = memref.load %x[%k] : memref<64xf32>
      %wi = memref.load %w[%k, %c0, %j] : memref<64x4x32xf32>
      %wf = memref.load %w[%k, %c1, %j] : memref<64x4x32xf32>
      %wg = memref.load %w[%k, %c2, %j] : memref<64x4x32xf32>
      %wo = memref.load %w[%k, %c3, %j] : memref<64x4x32xf32>
      %pi = arith.mulf %wi, %xk : f32
      %pf = arith.mulf %wf, %xk : f32
      %pg = arith.mulf %wg, %xk : f32
      %po = arith.mulf %wo, %xk : f32
      %si = arith.addf %i, %pi : f32
      %sf = arith.addf %f, %pf : f32
      %sg = arith.addf %g, %pg : f32
      %so = arith.addf %o, %po : f32
      scf.yield %si, %sf, %sg, %so : f32, f32, f32, f32
    }
    memref.store %r#0, %y[%c0, %j] : memref<4x32xf32>
    memref.store %r#1, %y[%c1, %j] : memref<4x32xf32>
    memref.store %r#2, %y[%c2, %j] : memref<4x32xf32>
    memref.store %r#3, %y[%c3, %j] : memref<4x32xf32>
    gpu.return
  }
}
// DEFAULT-LABEL: gpu.func @gates(
// DEFAULT:         %[[C8:.*]] = arith.constant 8 : index
// DEFAULT:         scf.for %{{.*}} step %[[C8]] iter_args(
// DEFAULT-COUNT-32:  arith.addf
// DEFAULT-NOT:       arith.addf
// DEFAULT:           scf.yield
