// RUN: nncc-opt %s --nncc-fuse-recurrent-cells --split-input-file | FileCheck %s
// RUN: nncc-opt %s --nncc-fuse-recurrent-cells --cse --nncc-map-to-gpu --split-input-file | FileCheck %s --check-prefix=GPU

// An LSTM-like step that keeps no history: the input projection is copied
// into z, z += h · R, the cell reads z's two gate slices and overwrites h
// (and c) in place. The product becomes one generic per step over the
// cell's [b, u] domain, one output per gate; the copy is split by gate; h
// is double-buffered (4 steps, even: no copy back).
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @in_place(%xk: memref<8x4x32xf32>, %r: memref<16x32xf32>, %c: memref<8x16xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %h = memref.alloc() {alignment = 64 : i64} : memref<8x16xf32>
  scf.for %t = %c0 to %c4 step %c1 {
    %x = memref.subview %xk[0, %t, 0] [8, 1, 32] [1, 1, 1] : memref<8x4x32xf32> to memref<8x32xf32, strided<[128, 1], offset: ?>>
    %z = memref.alloc() {alignment = 64 : i64} : memref<8x32xf32>
    memref.copy %x, %z : memref<8x32xf32, strided<[128, 1], offset: ?>> to memref<8x32xf32>
    linalg.matmul ins(%h, %r : memref<8x16xf32>, memref<16x32xf32>) outs(%z : memref<8x32xf32>)
    %z0 = memref.subview %z[0, 0] [8, 16] [1, 1] : memref<8x32xf32> to memref<8x16xf32, strided<[32, 1]>>
    %z1 = memref.subview %z[0, 16] [8, 16] [1, 1] : memref<8x32xf32> to memref<8x16xf32, strided<[32, 1], offset: 16>>
    linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%z0, %z1 : memref<8x16xf32, strided<[32, 1]>>, memref<8x16xf32, strided<[32, 1], offset: 16>>)
        outs(%h, %c : memref<8x16xf32>, memref<8x16xf32>) {
    ^bb0(%a: f32, %b: f32, %hold: f32, %cold: f32):
      %n = arith.addf %cold, %a : f32
      %m = arith.mulf %n, %b : f32
      linalg.yield %m, %n : f32, f32
    }
  }
  return
}
// CHECK-LABEL: func.func @in_place(
// CHECK-SAME:      %[[XK:.*]]: memref<8x4x32xf32>, %[[R:.*]]: memref<16x32xf32>, %[[C:.*]]: memref<8x16xf32>)
// CHECK:         %[[H:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8x16xf32>
// CHECK:         %[[H2:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8x16xf32>
// CHECK:         scf.for %[[T:.*]] =
// CHECK:           %[[EVEN:.*]] = arith.cmpi eq
// CHECK:           %[[CUR:.*]] = arith.select %[[EVEN]], %[[H]], %[[H2]]
// CHECK:           %[[NEXT:.*]] = arith.select %[[EVEN]], %[[H2]], %[[H]]
// CHECK:           %[[Z:.*]] = memref.alloc()
// CHECK:           %[[Z0:.*]] = memref.subview %[[Z]][0, 0] [8, 16] [1, 1]
// CHECK:           %[[Z1:.*]] = memref.subview %[[Z]][0, 16] [8, 16] [1, 1]
// CHECK:           linalg.copy ins(%{{.*}} : {{.*}}) outs(%[[Z0]] :
// CHECK:           linalg.copy ins(%{{.*}} : {{.*}}) outs(%[[Z1]] :
// CHECK:           %[[R0:.*]] = memref.subview %[[R]][0, 0] [16, 16] [1, 1]
// CHECK:           %[[R1:.*]] = memref.subview %[[R]][0, 16] [16, 16] [1, 1]
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[CUR]], %[[R0]], %[[R1]] : {{.*}}) outs(%[[Z0]], %[[Z1]] :
// CHECK:             arith.mulf
// CHECK:             arith.addf
// CHECK:             arith.mulf
// CHECK:             arith.addf
// CHECK-NOT:       linalg.matmul
// CHECK:           linalg.generic {{.*}} ins(%[[Z0]], %[[Z1]] : {{.*}}) outs(%[[NEXT]], %[[C]] :
// CHECK:         }
// CHECK-NOT:     linalg.copy
// CHECK:         return
// The whole step is one kernel of 8 x 16 threads.
// GPU-LABEL: func.func @in_place(
// GPU:         scf.for
// GPU-COUNT-1:   gpu.launch
// GPU-NOT:       gpu.launch
// GPU:         return

// -----

// A GRU-like step reads the old h at its point (its output's value): that
// read moves to an extra input, the current buffer. Five steps end in the
// second buffer, which is copied back after the loop. The cell's other
// uses of h after it (the copy into the sequence) read the new state.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @reads_old_state(%bias: memref<2x12xf32>, %r: memref<4x12xf32>, %seq: memref<2x5x4xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %h = memref.alloc() {alignment = 64 : i64} : memref<2x4xf32>
  scf.for %t = %c0 to %c5 step %c1 {
    %z = memref.alloc() {alignment = 64 : i64} : memref<2x12xf32>
    memref.copy %bias, %z : memref<2x12xf32> to memref<2x12xf32>
    linalg.matmul ins(%h, %r : memref<2x4xf32>, memref<4x12xf32>) outs(%z : memref<2x12xf32>)
    %z0 = memref.subview %z[0, 0] [2, 4] [1, 1] : memref<2x12xf32> to memref<2x4xf32, strided<[12, 1]>>
    %z1 = memref.subview %z[0, 4] [2, 4] [1, 1] : memref<2x12xf32> to memref<2x4xf32, strided<[12, 1], offset: 4>>
    %z2 = memref.subview %z[0, 8] [2, 4] [1, 1] : memref<2x12xf32> to memref<2x4xf32, strided<[12, 1], offset: 8>>
    linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%z0, %z1, %z2 : memref<2x4xf32, strided<[12, 1]>>, memref<2x4xf32, strided<[12, 1], offset: 4>>, memref<2x4xf32, strided<[12, 1], offset: 8>>)
        outs(%h : memref<2x4xf32>) {
    ^bb0(%a: f32, %b: f32, %d: f32, %hold: f32):
      %u = arith.mulf %a, %hold : f32
      %v = arith.addf %u, %b : f32
      %w = arith.addf %v, %d : f32
      linalg.yield %w : f32
    }
    %out = memref.subview %seq[0, %t, 0] [2, 1, 4] [1, 1, 1] : memref<2x5x4xf32> to memref<2x4xf32, strided<[20, 1], offset: ?>>
    memref.copy %h, %out : memref<2x4xf32> to memref<2x4xf32, strided<[20, 1], offset: ?>>
  }
  return
}
// CHECK-LABEL: func.func @reads_old_state(
// CHECK:         %[[H:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x4xf32>
// CHECK:         %[[H2:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x4xf32>
// CHECK:         scf.for
// CHECK:           %[[CUR:.*]] = arith.select %{{.*}}, %[[H]], %[[H2]]
// CHECK:           %[[NEXT:.*]] = arith.select %{{.*}}, %[[H2]], %[[H]]
// CHECK:           linalg.generic {{.*}} ins(%[[CUR]], %{{.*}}, %{{.*}}, %{{.*}} : {{.*}}) outs(
// CHECK:           linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %[[CUR]] : {{.*}}) outs(%[[NEXT]] :
// CHECK-NEXT:      ^bb0(%[[A:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %[[OLD:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:        arith.mulf %[[A]], %[[OLD]] : f32
// CHECK:           memref.copy %[[NEXT]], %{{.*}} : memref<2x4xf32> to
// CHECK:         }
// CHECK:         linalg.copy ins(%[[H2]] : memref<2x4xf32>) outs(%[[H]] : memref<2x4xf32>)
// GPU-LABEL: func.func @reads_old_state(
// GPU:         scf.for
// GPU-COUNT-1:   gpu.launch
// GPU-NOT:       gpu.launch
// GPU:         }
// GPU:         gpu.launch

// -----

// A step that keeps its history reads h[:, t] and writes h[:, t + 1]:
// disjoint slices, so nothing is double-buffered and the step is still one
// kernel. The fill that starts z is split by gate like a copy.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @history(%r: memref<4x8xf32>, %hist: memref<2x6x4xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %cst = arith.constant 0.0 : f32
  scf.for %t = %c0 to %c5 step %c1 {
    %t1 = arith.addi %t, %c1 : index
    %h = memref.subview %hist[0, %t, 0] [2, 1, 4] [1, 1, 1] : memref<2x6x4xf32> to memref<2x4xf32, strided<[24, 1], offset: ?>>
    %hn = memref.subview %hist[0, %t1, 0] [2, 1, 4] [1, 1, 1] : memref<2x6x4xf32> to memref<2x4xf32, strided<[24, 1], offset: ?>>
    %z = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
    linalg.fill ins(%cst : f32) outs(%z : memref<2x8xf32>)
    linalg.matmul ins(%h, %r : memref<2x4xf32, strided<[24, 1], offset: ?>>, memref<4x8xf32>) outs(%z : memref<2x8xf32>)
    %z0 = memref.subview %z[0, 0] [2, 4] [1, 1] : memref<2x8xf32> to memref<2x4xf32, strided<[8, 1]>>
    %z1 = memref.subview %z[0, 4] [2, 4] [1, 1] : memref<2x8xf32> to memref<2x4xf32, strided<[8, 1], offset: 4>>
    linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%z0, %z1 : memref<2x4xf32, strided<[8, 1]>>, memref<2x4xf32, strided<[8, 1], offset: 4>>)
        outs(%hn : memref<2x4xf32, strided<[24, 1], offset: ?>>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %m = arith.mulf %a, %b : f32
      linalg.yield %m : f32
    }
  }
  return
}
// CHECK-LABEL: func.func @history(
// CHECK-NOT:     arith.select
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<2x4xf32, strided<[8, 1]>>)
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<2x4xf32, strided<[8, 1], offset: 4>>)
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NOT:     linalg.matmul
// CHECK:         return
// GPU-LABEL: func.func @history(
// GPU:         scf.for
// GPU-COUNT-1:   gpu.launch
// GPU-NOT:       gpu.launch
// GPU:         return

// -----

// Left alone: the cell reads all of z (not its gate slices).
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @whole_output(%h: memref<2x4xf32>, %r: memref<4x4xf32>, %y: memref<2x4xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  scf.for %t = %c0 to %c3 step %c1 {
    %z = memref.alloc() : memref<2x4xf32>
    linalg.matmul ins(%h, %r : memref<2x4xf32>, memref<4x4xf32>) outs(%z : memref<2x4xf32>)
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%z : memref<2x4xf32>) outs(%y : memref<2x4xf32>) {
    ^bb0(%a: f32, %o: f32):
      linalg.yield %a : f32
    }
  }
  return
}
// CHECK-LABEL: func.func @whole_output(
// CHECK:         linalg.matmul
// CHECK-NOT:     arith.select

// -----

// Not double-buffered: a view of the state (here read after the loop)
// would keep reading one of the two buffers. The product is still split
// by gate; the step stays two kernels.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @state_view(%r: memref<4x8xf32>, %out: memref<8xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %h = memref.alloc() : memref<2x4xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    %z = memref.alloc() : memref<2x8xf32>
    linalg.matmul ins(%h, %r : memref<2x4xf32>, memref<4x8xf32>) outs(%z : memref<2x8xf32>)
    %z0 = memref.subview %z[0, 0] [2, 4] [1, 1] : memref<2x8xf32> to memref<2x4xf32, strided<[8, 1]>>
    %z1 = memref.subview %z[0, 4] [2, 4] [1, 1] : memref<2x8xf32> to memref<2x4xf32, strided<[8, 1], offset: 4>>
    linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%z0, %z1 : memref<2x4xf32, strided<[8, 1]>>, memref<2x4xf32, strided<[8, 1], offset: 4>>)
        outs(%h : memref<2x4xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %m = arith.mulf %a, %b : f32
      linalg.yield %m : f32
    }
  }
  %flat = memref.collapse_shape %h [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  memref.copy %flat, %out : memref<8xf32> to memref<8xf32>
  return
}
// CHECK-LABEL: func.func @state_view(
// CHECK-NOT:     arith.select
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NOT:     arith.select
// CHECK:         return
// GPU-LABEL: func.func @state_view(
// GPU:         scf.for
// GPU-COUNT-2:   gpu.launch
// GPU-NOT:       gpu.launch
// GPU:         }
