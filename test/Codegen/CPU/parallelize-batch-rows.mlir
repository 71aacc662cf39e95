// RUN: nncc-opt %s --nncc-parallelize-batch-rows --split-input-file | FileCheck %s
// RUN: nncc-opt %s --nncc-parallelize-batch-rows=rows=16 --split-input-file | FileCheck %s --check-prefix=ROWS16

// An RNN step of batch 32: the copy of the step's input projection (a view
// that splits the projection's [b·t] rows into [b, t]), the recurrent
// product with the kernel (read by no row), the cell, the copy into the
// history. Every op touches row b only for row b, so the time loop runs
// once per chunk of 4 rows, the 8 chunks in an scf.parallel; each op is
// restricted to its chunk's rows.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @rnn(%xk: memref<96x64xf32>, %r: memref<16x64xf32>, %h: memref<32x16xf32>, %seq: memref<32x3x16xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %proj = memref.expand_shape %xk [[0, 1], [2]] output_shape [32, 3, 64] : memref<96x64xf32> into memref<32x3x64xf32>
  %z = memref.alloc() : memref<32x64xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    %x = memref.subview %proj[0, %t, 0] [32, 1, 64] [1, 1, 1] : memref<32x3x64xf32> to memref<32x64xf32, strided<[192, 1], offset: ?>>
    memref.copy %x, %z : memref<32x64xf32, strided<[192, 1], offset: ?>> to memref<32x64xf32>
    linalg.matmul ins(%h, %r : memref<32x16xf32>, memref<16x64xf32>) outs(%z : memref<32x64xf32>)
    %z0 = memref.subview %z[0, 0] [32, 16] [1, 1] : memref<32x64xf32> to memref<32x16xf32, strided<[64, 1]>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%z0 : memref<32x16xf32, strided<[64, 1]>>) outs(%h : memref<32x16xf32>) {
    ^bb0(%a: f32, %o: f32):
      %y = math.tanh %a : f32
      linalg.yield %y : f32
    }
    %out = memref.subview %seq[0, %t, 0] [32, 1, 16] [1, 1, 1] : memref<32x3x16xf32> to memref<32x16xf32, strided<[48, 1], offset: ?>>
    linalg.copy ins(%h : memref<32x16xf32>) outs(%out : memref<32x16xf32, strided<[48, 1], offset: ?>>)
  }
  return
}
// CHECK-LABEL: func.func @rnn(
// CHECK-SAME:      %{{.*}}: memref<96x64xf32>, %[[R:.*]]: memref<16x64xf32>, %[[H:.*]]: memref<32x16xf32>, %{{.*}}: memref<32x3x16xf32>)
// CHECK:         %[[Z:.*]] = memref.alloc() : memref<32x64xf32>
// CHECK:         scf.parallel (%[[C:.*]]) = (%{{.*}}) to (%c8{{.*}}) step
// CHECK:           scf.for %{{.*}} = %c0 to %c3 step %c1 {
// CHECK:             %[[FIRST:.*]] = arith.muli %[[C]], %c4{{.*}} : index
// CHECK:             %[[XROWS:.*]] = memref.subview %{{.*}}[%[[FIRST]], 0] [4, 64] [1, 1]
// CHECK:             %[[ZROWS:.*]] = memref.subview %[[Z]][%[[FIRST]], 0] [4, 64] [1, 1]
// CHECK:             memref.copy %[[XROWS]], %[[ZROWS]]
// CHECK:             %[[HROWS:.*]] = memref.subview %[[H]][%[[FIRST]], 0] [4, 16] [1, 1]
// CHECK:             %[[RALL:.*]] = memref.subview %[[R]][0, 0] [16, 64] [1, 1]
// CHECK:             linalg.matmul ins(%[[HROWS]], %[[RALL]] : memref<4x16xf32, {{.*}}>, memref<16x64xf32, {{.*}}>) outs(%{{.*}} : memref<4x64xf32, {{.*}}>)
// CHECK:             linalg.generic {{.*}} ins(%{{.*}} : memref<4x16xf32, {{.*}}>) outs(%{{.*}} : memref<4x16xf32, {{.*}}>)
// CHECK:             linalg.copy ins(%{{.*}} : memref<4x16xf32, {{.*}}>) outs(%{{.*}} : memref<4x16xf32, {{.*}}>)
// CHECK:           }
// CHECK:           scf.reduce
// 16 rows a chunk: 2 chunks.
// ROWS16-LABEL: func.func @rnn(
// ROWS16:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%c2{{.*}})
// ROWS16:           memref.subview {{.*}} [16, 64] [1, 1]

// -----

// A fill's scalar is read by no row and written by nothing: the loop is
// still row-local (a GRU's zeroed gradient accumulator).
func.func @fill(%r: memref<16x16xf32>, %h: memref<8x16xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f32
  %z = memref.alloc() : memref<8x16xf32>
  scf.for %t = %c0 to %c3 step %c1 {
    linalg.fill ins(%zero : f32) outs(%z : memref<8x16xf32>)
    linalg.matmul ins(%h, %r : memref<8x16xf32>, memref<16x16xf32>) outs(%z : memref<8x16xf32>)
    linalg.copy ins(%z : memref<8x16xf32>) outs(%h : memref<8x16xf32>)
  }
  return
}
// CHECK-LABEL: func.func @fill(
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%c2{{.*}})
// CHECK:           scf.for
// CHECK:             linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<4x16xf32, {{.*}}>)

// -----

// Left alone: a step that reads its state transposed (h^T: the batch is
// not its first index); a step that reads all rows of a buffer (%z as the
// second operand of a product) that it also writes by rows; a batch of one
// chunk (4 rows).
func.func @not_row_local(%h: memref<16x32xf32>, %r: memref<16x16xf32>, %z: memref<32x16xf32>,
                         %w: memref<32x32xf32>, %s: memref<4x16xf32>) attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  scf.for %t = %c0 to %c3 step %c1 {
    linalg.generic {indexing_maps = [affine_map<(b, j, k) -> (k, b)>, affine_map<(b, j, k) -> (k, j)>, affine_map<(b, j, k) -> (b, j)>],
                    iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%h, %r : memref<16x32xf32>, memref<16x16xf32>) outs(%z : memref<32x16xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %m = arith.mulf %a, %b : f32
      %s2 = arith.addf %o, %m : f32
      linalg.yield %s2 : f32
    }
  }
  scf.for %t = %c0 to %c3 step %c1 {
    linalg.matmul ins(%z, %r : memref<32x16xf32>, memref<16x16xf32>) outs(%z : memref<32x16xf32>)
    linalg.copy ins(%w : memref<32x32xf32>) outs(%w : memref<32x32xf32>)
    linalg.matmul ins(%w, %z : memref<32x32xf32>, memref<32x16xf32>) outs(%z : memref<32x16xf32>)
  }
  scf.for %t = %c0 to %c3 step %c1 {
    linalg.matmul ins(%s, %r : memref<4x16xf32>, memref<16x16xf32>) outs(%s : memref<4x16xf32>)
  }
  return
}
// CHECK-LABEL: func.func @not_row_local(
// CHECK-NOT:     scf.parallel
// CHECK:         return
