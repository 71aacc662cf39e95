// RUN: nncc-opt %s --nncc-map-to-gpu --canonicalize --cse --split-input-file | FileCheck %s
// RUN: nncc-opt %s --nncc-map-to-gpu=block-size=128 --split-input-file | FileCheck %s --check-prefix=BLOCK

// An elementwise op: one thread per element, 256 a block, guarded by
// id < 1000. The 0-d constant global it reads is folded into the body
// (host globals are not on the device). The kernel is named after the
// function, in the one module @nncc_kernels.
#id = affine_map<(d0) -> (d0)>
memref.global "private" constant @__constant_xf32 : memref<f32> = dense<2.000000e+00> {alignment = 64 : i64}
func.func @scale(%x: memref<1000xf32>, %y: memref<1000xf32>) attributes {nncc.entry_point} {
  %0 = memref.get_global @__constant_xf32 : memref<f32>
  linalg.generic {indexing_maps = [#id, affine_map<(d0) -> ()>, #id], iterator_types = ["parallel"]}
      ins(%x, %0 : memref<1000xf32>, memref<f32>) outs(%y : memref<1000xf32>) {
  ^bb0(%a: f32, %s: f32, %out: f32):
    %m = arith.mulf %a, %s : f32
    linalg.yield %m : f32
  }
  return
}
// CHECK-LABEL: func.func @scale(
// CHECK-SAME:      %[[X:.*]]: memref<1000xf32>, %[[Y:.*]]: memref<1000xf32>)
// CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C1000:.*]] = arith.constant 1000 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-NOT:     memref.get_global
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C4]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C256]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) module(@nncc_kernels) function(@scale_k0) {
// CHECK:           %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]] : index
// CHECK:           %[[ID:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %[[ID]], %[[C1000]] : index
// CHECK:           scf.if %[[IN]] {
// CHECK:             %[[V:.*]] = memref.load %[[X]][%[[ID]]]
// CHECK:             %[[M:.*]] = arith.mulf %[[V]], %[[TWO]] : f32
// CHECK:             memref.store %[[M]], %[[Y]][%[[ID]]]
// CHECK:           }
// CHECK:           gpu.terminator
// BLOCK-LABEL: func.func @scale(
// BLOCK:         %[[T:.*]] = arith.constant 128 : index
// BLOCK:         %[[N:.*]] = arith.minsi %{{.*}}, %[[T]] : index
// BLOCK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %[[N]],

// -----

// A matmul: the parallel dimensions (i, j) are split from the thread id,
// the reduction runs sequentially in each thread (deterministic, no
// atomics) on the output held in a register: loaded once, carried through
// the k loop, stored once. A full reduction has no parallel dimension: one
// thread, the same way.
func.func @matmul_sum(%a: memref<32x64xf32>, %b: memref<64x16xf32>, %c: memref<32x16xf32>, %s: memref<f32>) attributes {nncc.entry_point} {
  linalg.matmul ins(%a, %b : memref<32x64xf32>, memref<64x16xf32>) outs(%c : memref<32x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>], iterator_types = ["reduction", "reduction"]}
      ins(%c : memref<32x16xf32>) outs(%s : memref<f32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.addf %in, %out : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @matmul_sum(
// CHECK-SAME:      %[[A:.*]]: memref<32x64xf32>, %[[B:.*]]: memref<64x16xf32>, %[[C:.*]]: memref<32x16xf32>, %[[S:.*]]: memref<f32>)
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C512:.*]] = arith.constant 512 : index
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C2]], {{.*}} module(@nncc_kernels) function(@matmul_sum_k0) {
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %[[ID:.*]], %[[C512]] : index
// CHECK:           scf.if %[[IN]] {
// CHECK:             %[[J:.*]] = arith.remui %[[ID]], %[[C16]] : index
// CHECK:             %[[I:.*]] = arith.divui %[[ID]], %[[C16]] : index
// CHECK:             %[[INIT:.*]] = memref.load %[[C]][%[[I]], %[[J]]] : memref<32x16xf32>
// CHECK:             %[[SUM:.*]] = scf.for %[[K:.*]] = %{{.*}} to %[[C64]] step %[[C1]] iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK:               %[[X:.*]] = memref.load %[[A]][%[[I]], %[[K]]] : memref<32x64xf32>
// CHECK:               %[[Y:.*]] = memref.load %[[B]][%[[K]], %[[J]]] : memref<64x16xf32>
// CHECK:               %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK:               %[[N:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK:               scf.yield %[[N]] : f32
// CHECK:             memref.store %[[SUM]], %[[C]][%[[I]], %[[J]]] : memref<32x16xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C1]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) threads({{.*}}) in (%{{.*}} = %[[C1]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) module(@nncc_kernels) function(@matmul_sum_k1) {
// CHECK-NEXT:      %[[S0:.*]] = memref.load %[[S]][] : memref<f32>
// CHECK-NEXT:      %[[R:.*]] = scf.for %{{.*}} = %{{.*}} to %[[C32]] step %[[C1]] iter_args(%{{.*}} = %[[S0]]) -> (f32) {
// CHECK-NEXT:        scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C1]] iter_args
// CHECK:           memref.store %[[R]], %[[S]][] : memref<f32>
// CHECK-NEXT:      gpu.terminator

// -----

// A loop around kernels (an RNN's time loop) stays on the host with its
// views; the copy in it becomes a kernel of its own.
func.func @time_loop(%x: memref<8x4xf32>, %h: memref<4xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %t = %c0 to %c8 step %c1 {
    %row = memref.subview %x[%t, 0] [1, 4] [1, 1] : memref<8x4xf32> to memref<4xf32, strided<[1], offset: ?>>
    memref.copy %row, %h : memref<4xf32, strided<[1], offset: ?>> to memref<4xf32>
  }
  return
}
// CHECK-LABEL: func.func @time_loop(
// CHECK:         scf.for %[[T:.*]] =
// CHECK-NEXT:      %[[ROW:.*]] = memref.subview %{{.*}}[%[[T]], 0] [1, 4] [1, 1]
// CHECK-NEXT:      gpu.launch {{.*}} function(@time_loop_k0) {
// CHECK:             memref.load %[[ROW]][
// CHECK:             memref.store
// CHECK:             gpu.terminator
// CHECK:           }
// CHECK-NEXT:    }

// -----

// A band of scf.for loops marked nncc.parallel (the max-pool gradient's
// scatter) maps like parallel dimensions; the scalar code after it runs
// in a one-thread kernel.
func.func @scatter(%x: memref<4x4xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %cst = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      memref.store %cst, %x[%i, %j] : memref<4x4xf32>
    } {nncc.parallel}
  } {nncc.parallel}
  %v = memref.load %x[%c0, %c0] : memref<4x4xf32>
  memref.store %v, %x[%c1, %c1] : memref<4x4xf32>
  return
}
// CHECK-LABEL: func.func @scatter(
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-NOT:     scf.for
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %[[C16]], {{.*}} function(@scatter_k0) {
// CHECK:           memref.store
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %[[C1]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) {{.*}} function(@scatter_k1) {
// CHECK-NEXT:      %[[V:.*]] = memref.load
// CHECK-NEXT:      memref.store %[[V]]
// CHECK-NEXT:      gpu.terminator

// -----

// Functions that are no entry points are left alone.
func.func @helper(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 1.0 : f32
  memref.store %cst, %x[%c0] : memref<4xf32>
  return
}
// CHECK-LABEL: func.func @helper(
// CHECK-NOT:     gpu.launch

// -----

// Fusion: a bias broadcast, the matmul that accumulates onto it and the
// ReLU after it run in one kernel, at the same output point: the bias
// becomes the sum's initial value, the ReLU reads the sum where this
// thread stored it. The allocation between moves in front.
#bias = affine_map<(i, j) -> (j)>
#id2 = affine_map<(i, j) -> (i, j)>
func.func @dense_relu(%x: memref<32x64xf32>, %w: memref<64x16xf32>, %b: memref<16xf32>, %y: memref<32x16xf32>) attributes {nncc.entry_point} {
  %acc = memref.alloc() : memref<32x16xf32>
  linalg.generic {indexing_maps = [#bias, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<16xf32>) outs(%acc : memref<32x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.matmul ins(%x, %w : memref<32x64xf32>, memref<64x16xf32>) outs(%acc : memref<32x16xf32>)
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<32x16xf32>) outs(%y : memref<32x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @dense_relu(
// CHECK-SAME:      %[[X:.*]]: memref<32x64xf32>, %[[W:.*]]: memref<64x16xf32>, %[[B:.*]]: memref<16xf32>, %[[Y:.*]]: memref<32x16xf32>)
// CHECK:         %[[ACC:.*]] = memref.alloc() : memref<32x16xf32>
// CHECK:         gpu.launch {{.*}} function(@dense_relu_k0) {
// CHECK:             %[[BV:.*]] = memref.load %[[B]][%[[J:.*]]] : memref<16xf32>
// CHECK:             memref.store %[[BV]], %[[ACC]][%[[I:.*]], %[[J]]]
// CHECK:             %[[INIT:.*]] = memref.load %[[ACC]][%[[I]], %[[J]]]
// CHECK:             %[[SUM:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (f32)
// CHECK:             memref.store %[[SUM]], %[[ACC]][%[[I]], %[[J]]]
// CHECK:             %[[S:.*]] = memref.load %[[ACC]][%[[I]], %[[J]]]
// CHECK:             %[[R:.*]] = arith.maximumf %[[S]], %{{.*}} : f32
// CHECK:             memref.store %[[R]], %[[Y]][%[[I]], %[[J]]]
// CHECK:           gpu.terminator
// CHECK-NOT:     gpu.launch

// -----

// No fusion where the consumer writes what the producer reads at other
// points (here a view of the producer's input): two kernels.
func.func @overwrite_input(%x: memref<32x16xf32>, %w: memref<16x16xf32>, %acc: memref<32x16xf32>) attributes {nncc.entry_point} {
  linalg.matmul ins(%x, %w : memref<32x16xf32>, memref<16x16xf32>) outs(%acc : memref<32x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%acc : memref<32x16xf32>) outs(%x : memref<32x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  return
}
// CHECK-LABEL: func.func @overwrite_input(
// CHECK:         gpu.launch {{.*}} function(@overwrite_input_k0)
// CHECK:         gpu.launch {{.*}} function(@overwrite_input_k1)

// -----

// One-thread kernels start at their last op: the view a later store uses
// is host code between them and stays in front.
func.func @serial_view(%buf: memref<8xf32>, %i: index) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %a = arith.constant 1.0 : f32
  memref.store %a, %buf[%c0] : memref<8xf32>
  %v = memref.subview %buf[%i] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: ?>>
  memref.store %a, %v[%c0] : memref<4xf32, strided<[1], offset: ?>>
  return
}
// CHECK-LABEL: func.func @serial_view(
// CHECK:         %[[V:.*]] = memref.subview
// CHECK:         gpu.launch {{.*}} function(@serial_view_k0) {
// CHECK-NEXT:      memref.store
// CHECK-NEXT:      memref.store %{{.*}}, %[[V]]
// CHECK-NEXT:      gpu.terminator

// -----

// No fusion of an op whose body reads memory itself (a captured buffer):
// what it reads may be another thread's point.
func.func @body_reads(%x: memref<16xf32>, %y: memref<16xf32>, %z: memref<16xf32>, %s: memref<16xf32>) attributes {nncc.entry_point} {
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : memref<16xf32>) outs(%y : memref<16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%y : memref<16xf32>) outs(%z : memref<16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c0 = arith.constant 0 : index
    %first = memref.load %s[%c0] : memref<16xf32>
    %r = arith.addf %in, %first : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @body_reads(
// CHECK:         gpu.launch {{.*}} function(@body_reads_k0)
// CHECK:         gpu.launch {{.*}} function(@body_reads_k1)

// -----

// A contraction with enough blocks and terms is tiled through shared
// memory (an implicit GEMM: rows M = the loops only %a reads, columns N =
// those only %b reads). 520 x 100 outputs in 64 x 64 tiles: 9 x 2 blocks
// of 256 threads, each thread 4 x 4 sums in private memory. The bias
// broadcast before it starts the sums; K runs 16 terms at a time between
// two barriers, the last tile's count clamped, so each sum takes its terms
// in order.
func.func @tiled(%a: memref<520x64xf32>, %b: memref<64x100xf32>, %bias: memref<100xf32>, %c: memref<520x100xf32>) attributes {nncc.entry_point} {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bias : memref<100xf32>) outs(%c : memref<520x100xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.matmul ins(%a, %b : memref<520x64xf32>, memref<64x100xf32>) outs(%c : memref<520x100xf32>)
  return
}
// CHECK-LABEL: func.func @tiled(
// CHECK-SAME:      %[[A:.*]]: memref<520x64xf32>, %[[B:.*]]: memref<64x100xf32>, %[[BIAS:.*]]: memref<100xf32>, %[[C:.*]]: memref<520x100xf32>)
// CHECK-DAG:     %[[C18:.*]] = arith.constant 18 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C18]], %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %[[C256]], %{{.*}} = %c1, %{{.*}} = %c1)
// CHECK-SAME:        workgroup(%[[AT:.*]] : memref<16x65xf32, #gpu.address_space<workgroup>>, %[[BT:.*]] : memref<16x65xf32, #gpu.address_space<workgroup>>)
// CHECK-SAME:        private(%[[SUMS:.*]] : memref<4x4xf32, #gpu.address_space<private>>)
// CHECK-COUNT-16:    memref.load %[[BIAS]]
// CHECK:           scf.for %[[KT:.*]] = %c0 to %c64 step %c16 {
// CHECK-COUNT-4:     memref.load %[[A]]
// CHECK-COUNT-4:     memref.load %[[B]]
// CHECK:             gpu.barrier
// CHECK:             %[[LEFT:.*]] = arith.subi %c64, %[[KT]] : index
// CHECK:             %[[N:.*]] = arith.minsi %[[LEFT]], %c16 : index
// CHECK:             scf.for %{{.*}} = %c0 to %[[N]] step %c1 {
// CHECK-COUNT-4:       memref.load %[[AT]]
// CHECK-COUNT-4:       memref.load %[[BT]]
// CHECK-COUNT-16:      arith.mulf
// CHECK:             }
// CHECK:             gpu.barrier
// CHECK:           }
// CHECK-COUNT-16:  memref.store %{{.*}}, %[[C]]
// CHECK-NOT:       gpu.launch
// CHECK:         return

// -----

// Batched, narrow and permuted: %c is read by both operands (a split
// reduction's partial sums), so it is blockIdx.y; 40 rows and 40 columns
// take 16 x 16 tiles, one output a thread; the output leads with %c.
func.func @tiled_batched(%a: memref<8x40x64xf32>, %b: memref<8x64x40xf32>, %c: memref<8x40x40xf32>) attributes {nncc.entry_point} {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d2, d0, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>, affine_map<(d0, d1, d2, d3) -> (d2, d0, d1)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<8x40x64xf32>, memref<8x64x40xf32>) outs(%c : memref<8x40x40xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %out, %m : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @tiled_batched(
// CHECK-SAME:      %[[A:.*]]: memref<8x40x64xf32>, %[[B:.*]]: memref<8x64x40xf32>, %[[C:.*]]: memref<8x40x40xf32>)
// CHECK-DAG:     %[[C9:.*]] = arith.constant 9 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK:         gpu.launch blocks(%{{.*}}, %[[BY:.*]], %{{.*}}) in (%{{.*}} = %[[C9]], %{{.*}} = %[[C8]], %{{.*}} = %c1)
// CHECK-SAME:        workgroup(%{{.*}} : memref<16x17xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<16x17xf32, #gpu.address_space<workgroup>>)
// CHECK-SAME:        private(%{{.*}} : memref<1x1xf32, #gpu.address_space<private>>)
// CHECK:           memref.load %[[C]][%[[BY]], %{{.*}}, %{{.*}}]
// CHECK:           scf.for
// CHECK:             memref.load %[[A]][%[[BY]], %{{.*}}, %{{.*}}]
// CHECK:             memref.load %[[B]][%[[BY]], %{{.*}}, %{{.*}}]
// CHECK:           memref.store %{{.*}}, %[[C]][%[[BY]], %{{.*}}, %{{.*}}]

// -----

// Slices of one buffer at offsets 27 - i and 26 - i (a backward time loop's
// t and t - 1) are disjoint: the consumer that reads one while the producer
// writes the other joins its kernel.
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @disjoint_steps(%x: memref<4x28x8xf32>, %y: memref<4x8xf32>, %z: memref<4x8xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c26 = arith.constant 26 : index
  %c27 = arith.constant 27 : index
  scf.for %i = %c0 to %c26 step %c1 {
    %t = arith.subi %c27, %i : index
    %s = arith.subi %c26, %i : index
    %now = memref.subview %x[0, %t, 0] [4, 1, 8] [1, 1, 1] : memref<4x28x8xf32> to memref<4x8xf32, strided<[224, 1], offset: ?>>
    %prev = memref.subview %x[0, %s, 0] [4, 1, 8] [1, 1, 1] : memref<4x28x8xf32> to memref<4x8xf32, strided<[224, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%y : memref<4x8xf32>) outs(%now : memref<4x8xf32, strided<[224, 1], offset: ?>>) {
    ^bb0(%a: f32, %o: f32):
      linalg.yield %a : f32
    }
    linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%prev : memref<4x8xf32, strided<[224, 1], offset: ?>>) outs(%z : memref<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %d = arith.addf %a, %o : f32
      linalg.yield %d : f32
    }
  }
  return
}
// CHECK-LABEL: func.func @disjoint_steps(
// CHECK:         scf.for
// CHECK-COUNT-1:   gpu.launch
// CHECK-NOT:       gpu.launch
// CHECK:         return

// -----

// A constant table a kernel reads (avg_pool2d's divisors under "same"
// padding), through a view: the read of the global and the view are
// cloned into the launch, so that gpu-kernel-outlining copies the global
// into the kernel module (device memory). Its host address never becomes a
// kernel argument: on a GPU that is an illegal address.
#id3 = affine_map<(d0, d1) -> (d0, d1)>
memref.global "private" constant @__constant_3x3xf32 : memref<1x3x3xf32> = dense<[[[0.25, 0.25, 0.5], [0.25, 0.25, 0.5], [0.5, 0.5, 1.0]]]> {alignment = 64 : i64}
func.func @table(%x: memref<3x3xf32>, %y: memref<3x3xf32>) attributes {nncc.entry_point} {
  %g = memref.get_global @__constant_3x3xf32 : memref<1x3x3xf32>
  %t = memref.collapse_shape %g [[0, 1], [2]] : memref<1x3x3xf32> into memref<3x3xf32>
  linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel"]}
      ins(%x, %t : memref<3x3xf32>, memref<3x3xf32>) outs(%y : memref<3x3xf32>) {
  ^bb0(%a: f32, %s: f32, %out: f32):
    %m = arith.mulf %a, %s : f32
    linalg.yield %m : f32
  }
  return
}
// CHECK-LABEL: func.func @table(
// CHECK:         gpu.launch
// CHECK:           %[[G:.*]] = memref.get_global @__constant_3x3xf32 : memref<1x3x3xf32>
// CHECK:           %[[T:.*]] = memref.collapse_shape %[[G]] {{\[}}[0, 1], [2]]
// CHECK:           memref.load %[[T]]
// CHECK:           gpu.terminator
