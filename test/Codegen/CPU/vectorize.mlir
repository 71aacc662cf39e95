// RUN: nncc-opt %s --pass-pipeline='builtin.module(func.func(nncc-vectorize),canonicalize)' --split-input-file | FileCheck %s

// A matmul (m, k, n): one tile of 8 rows (m unrolled) x 2 vectors of 16
// along n, so 16 accumulators; the reduction over k is an scf.for that
// carries them. Each element of A is broadcast once for both vectors, each
// vector of B loaded once for all 8 rows.
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @matmul(%a: memref<8x4xf32>, %b: memref<4x32xf32>, %c: memref<8x32xf32>) {
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x32xf32>) outs(%c : memref<8x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @matmul
// CHECK-NOT:     linalg.generic
// CHECK-COUNT-16: vector.load %{{.*}} : memref<8x32xf32>, vector<16xf32>
// CHECK:         %[[R:.*]]:16 = scf.for %[[K:.*]] = %c0 to %c4 step %c1 iter_args({{.*}}) -> (vector<16xf32>, {{.*}})
// CHECK:           %[[A0:.*]] = memref.load %{{.*}}[%c0, %[[K]]] : memref<8x4xf32>
// CHECK:           %[[S0:.*]] = vector.broadcast %[[A0]] : f32 to vector<16xf32>
// CHECK:           %[[B0:.*]] = vector.load %{{.*}}[%[[K]], %c0] : memref<4x32xf32>, vector<16xf32>
// CHECK:           arith.mulf %[[S0]], %[[B0]] : vector<16xf32>
// CHECK:           %[[B1:.*]] = vector.load %{{.*}}[%[[K]], %c16] : memref<4x32xf32>, vector<16xf32>
// CHECK:           arith.mulf %[[S0]], %[[B1]] : vector<16xf32>
// CHECK:           %[[A1:.*]] = memref.load %{{.*}}[%c1, %[[K]]] : memref<8x4xf32>
// CHECK:           %[[S1:.*]] = vector.broadcast %[[A1]] : f32 to vector<16xf32>
// CHECK-NOT:       vector.load
// CHECK:           arith.mulf %[[S1]], %[[B0]] : vector<16xf32>
// CHECK:           arith.mulf %[[S1]], %[[B1]] : vector<16xf32>
// CHECK:           scf.yield
// CHECK-COUNT-16: vector.store %{{.*}} : memref<8x32xf32>, vector<16xf32>

// -----

// Elementwise with a broadcast operand and an outside constant: no
// reduction loop and no unrolling (it would only grow the code); a width of
// 8 divides the 24 columns, 16 does not. The tile loops form one
// scf.parallel (rows x vectors) that nncc-parallelize can hand to threads.
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @relu_bias(%x: memref<4x24xf32>, %bias: memref<24xf32>, %y: memref<4x24xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #row, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %bias : memref<4x24xf32>, memref<24xf32>) outs(%y : memref<4x24xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @relu_bias
// CHECK-NOT:     linalg.generic
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c4, %c24) step (%c1, %c8)
// CHECK-NOT:       scf.for
// CHECK:             vector.load %{{.*}} : memref<1x8xf32, {{.*}}>, vector<8xf32>
// CHECK:             vector.load %{{.*}} : memref<8xf32, {{.*}}>, vector<8xf32>
// CHECK:             arith.addf %{{.*}} : vector<8xf32>
// CHECK:             arith.maximumf %{{.*}} : vector<8xf32>
// CHECK-NEXT:        vector.store %{{.*}} : memref<1x8xf32, {{.*}}>, vector<8xf32>
// CHECK-NOT:       arith.maximumf

// -----

// A reduction along the contiguous dimension (row sums) has no vector loop
// in the output: left to convert-linalg-to-loops.
func.func @row_sum(%x: memref<4x32xf32>, %y: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x32xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @row_sum
// CHECK:         linalg.generic
// CHECK-NOT:     vector.

// -----

// A range that no width (16, 8, 4) divides stays scalar.
func.func @odd(%x: memref<2x10xf32>, %y: memref<2x10xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<2x10xf32>) outs(%y : memref<2x10xf32>) {
  ^bb0(%a: f32, %out: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}
// CHECK-LABEL: func.func @odd
// CHECK:         linalg.generic
// CHECK-NOT:     vector.

// -----

// A long reduction (a bias gradient: 4 x 16 x 16 = 1024 terms per output)
// walks its outer loop (the batch) outside the tiles, one image at a time;
// the tile (2 vectors: all 32 channels) accumulates one image's 256 terms
// in registers. Every output element still sums in the order of the op's
// loops. The step loop is marked nncc.per_iteration_steps (each tile only
// touches its own outputs at every step), so that nncc-parallelize may run
// it inside each thread's share of the tiles.
func.func @bias_grad(%dy: memref<4x16x16x32xf32>, %db: memref<32xf32>) {
  linalg.generic {indexing_maps = [affine_map<(n, h, w, f) -> (n, h, w, f)>,
                                   affine_map<(n, h, w, f) -> (f)>],
                  iterator_types = ["reduction", "reduction", "reduction", "parallel"]}
      ins(%dy : memref<4x16x16x32xf32>) outs(%db : memref<32xf32>) {
  ^bb0(%g: f32, %acc: f32):
    %s = arith.addf %acc, %g : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @bias_grad
// CHECK:         scf.for %[[N:.*]] = %c0 to %c4 step %c1
// CHECK:           %[[ACC0:.*]] = vector.load %{{.*}}[%c0] : memref<32xf32>, vector<16xf32>
// CHECK:           %[[ACC1:.*]] = vector.load %{{.*}}[%c16] : memref<32xf32>, vector<16xf32>
// CHECK:           scf.for %{{.*}} = %c0 to %c16 step %c1 iter_args(%{{.*}} = %[[ACC0]], %{{.*}} = %[[ACC1]])
// CHECK:             scf.for %{{.*}} = %c0 to %c16 step %c1 iter_args
// CHECK:               vector.load %{{.*}} : memref<1x16x16x32xf32, {{.*}}>, vector<16xf32>
// CHECK:               arith.addf %{{.*}} : vector<16xf32>
// CHECK:           vector.store %{{.*}}[%c0] : memref<32xf32>, vector<16xf32>
// CHECK:           vector.store %{{.*}}[%c16] : memref<32xf32>, vector<16xf32>
// CHECK-NEXT:    } {nncc.per_iteration_steps}

// -----

// A long reduction that is the op's only loop of its kind (an LSTM's weight
// gradient sums over batch x time, here 1536 rows) is stepped in chunks of
// 256 rows (its largest divisor up to 256): each step's rows stay in L2
// while every tile reads them; the tiles keep their sums in memory between
// steps, each still in the op's order.
func.func @long_weight_grad(%h: memref<1536x8xf32>, %dz: memref<1536x32xf32>, %dw: memref<8x32xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j, r) -> (r, i)>,
                                   affine_map<(i, j, r) -> (r, j)>,
                                   affine_map<(i, j, r) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%h, %dz : memref<1536x8xf32>, memref<1536x32xf32>) outs(%dw : memref<8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @long_weight_grad
// CHECK:         scf.for %{{.*}} = %c0 to %c1536 step %c256
// CHECK:           vector.load %{{.*}} : memref<8x32xf32{{.*}}>, vector<16xf32>
// CHECK:           scf.for %{{.*}} = %c0 to %c256 step %c1 iter_args
// CHECK:             arith.mulf %{{.*}} : vector<16xf32>
// CHECK:             arith.addf %{{.*}} : vector<16xf32>
// CHECK:           vector.store
// CHECK:         } {nncc.per_iteration_steps}

// -----

// Epilogue fusion: the ReLU after a matmul runs on the final accumulators
// of each tile and stores into its own output; the matmul's result is not
// stored at all since nothing else reads it. The ReLU op is gone.
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
func.func @matmul_relu(%a: memref<8x4xf32>, %b: memref<4x16xf32>, %c: memref<8x16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %w: f32, %acc: f32):
    %p = arith.mulf %x, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<8x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @matmul_relu(
// CHECK-SAME:      %{{.*}}: memref<8x4xf32>, %{{.*}}: memref<4x16xf32>, %[[C:.*]]: memref<8x16xf32>, %[[Y:.*]]: memref<8x16xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         %[[R:.*]]:8 = scf.for
// CHECK-NOT:     vector.store %{{.*}}, %[[C]]
// CHECK:         %[[Y0:.*]] = arith.maximumf %[[R]]#0, %{{.*}} : vector<16xf32>
// CHECK:         vector.store %[[Y0]], %[[Y]][%c0, %c0] : memref<8x16xf32>, vector<16xf32>
// CHECK-COUNT-7: arith.maximumf
// CHECK-NOT:     linalg.generic

// -----

// A bias operand of the epilogue is loaded per tile; the producer's result
// is still stored because a later op reads it.
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @matmul_bias_kept(%a: memref<8x4xf32>, %b: memref<4x16xf32>, %bias: memref<16xf32>, %c: memref<8x16xf32>, %y: memref<8x16xf32>, %z: memref<8x16xf32>) {
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %w: f32, %acc: f32):
    %p = arith.mulf %x, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %bias : memref<8x16xf32>, memref<16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %r = arith.addf %in, %bb : f32
    linalg.yield %r : f32
  }
  memref.copy %c, %z : memref<8x16xf32> to memref<8x16xf32>
  return
}
// CHECK-LABEL: func.func @matmul_bias_kept(
// CHECK-SAME:      %[[BIAS:[^:]*]]: memref<16xf32>, %[[C:[^:]*]]: memref<8x16xf32>, %[[Y:[^:]*]]: memref<8x16xf32>
// CHECK:         %[[R:.*]]:8 = scf.for
// CHECK:         vector.store %[[R]]#0, %[[C]]
// CHECK:         %[[B0:.*]] = vector.load %[[BIAS]][%c0] : memref<16xf32>, vector<16xf32>
// CHECK:         %[[Y0:.*]] = arith.addf %[[R]]#0, %[[B0]] : vector<16xf32>
// CHECK:         vector.store %[[Y0]], %[[Y]][%c0, %c0]
// CHECK-NOT:     linalg.generic
// CHECK:         memref.copy

// -----

// No fusion when the consumer's output may overlap what the producer still
// reads: here both are views of one workspace with overlapping bytes.
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
func.func @overlap(%ws: memref<4096xi8>, %b: memref<16x16xf32>, %c: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c256 = arith.constant 256 : index
  %a = memref.view %ws[%c0][] : memref<4096xi8> to memref<8x16xf32>
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %w: f32, %acc: f32):
    %p = arith.mulf %x, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  %y = memref.view %ws[%c256][] : memref<4096xi8> to memref<8x16xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<8x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.tanh %in : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @overlap
// CHECK:         scf.for
// CHECK:         vector.store
// CHECK:         scf.parallel
// CHECK:           math.tanh %{{.*}} : vector<16xf32>

// -----

// Loop indices other than the vector loop's are the same in every lane: a
// `linalg.index` (the max-pool gradient's position in its window) becomes
// the tile's scalar index, and what is computed from it alone stays scalar
// until a vector op uses it. Constant indices in the maps read fixed rows.
// (%g depends on w, so w is not unrolled; see @gather_rows.)
#w0 = affine_map<(r, w, c) -> (r, 0, c)>
#w1 = affine_map<(r, w, c) -> (r, 1, c)>
#id = affine_map<(r, w, c) -> (r, w, c)>
func.func @gather_index(%x: memref<3x2x32xf32>, %g: memref<3x2x32xf32>, %dx: memref<3x2x32xf32>) {
  linalg.generic {indexing_maps = [#w0, #w1, #id, #id],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %x, %g : memref<3x2x32xf32>, memref<3x2x32xf32>, memref<3x2x32xf32>) outs(%dx : memref<3x2x32xf32>) {
  ^bb0(%a: f32, %b: f32, %d: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %gt = arith.cmpf ogt, %b, %a : f32
    %k = arith.select %gt, %c1, %c0 : i32
    %w = linalg.index 1 : index
    %wi = arith.index_cast %w : index to i32
    %here = arith.cmpi eq, %k, %wi : i32
    %r = arith.select %here, %d, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @gather_index
// CHECK-NOT:     linalg.generic
// CHECK:         scf.parallel (%[[R:.*]], %[[W:.*]], %[[C:.*]]) = (%c0, %c0, %c0) to (%c3, %c2, %c32) step (%c1, %c1, %c16)
// CHECK:           %[[A:.*]] = vector.load %{{.*}}[%c0, %c0, %c0] : memref<1x2x16xf32, {{.*}}>, vector<16xf32>
// CHECK:           %[[B:.*]] = vector.load %{{.*}}[%c0, %c1, %c0] : memref<1x2x16xf32, {{.*}}>, vector<16xf32>
// CHECK:           %[[D:.*]] = vector.load %{{.*}} : memref<1x1x16xf32, {{.*}}>, vector<16xf32>
// CHECK:           %[[GT:.*]] = arith.cmpf ogt, %[[B]], %[[A]] : vector<16xf32>
// CHECK:           %[[K:.*]] = arith.select %[[GT]], {{.*}} : vector<16xi1>, vector<16xi32>
// CHECK:           %[[WI:.*]] = arith.index_cast %[[W]] : index to i32
// CHECK:           %[[WV:.*]] = vector.broadcast %[[WI]] : i32 to vector<16xi32>
// CHECK:           %[[HERE:.*]] = arith.cmpi eq, %[[K]], %[[WV]] : vector<16xi32>
// CHECK:           %[[G:.*]] = arith.select %[[HERE]], %[[D]], {{.*}} : vector<16xi1>, vector<16xf32>
// CHECK:           vector.store %[[G]]

// An elementwise op whose vector operands none depend on a loop (here w:
// each output row reads the same window) unrolls that loop whole: one
// tile computes both rows from one set of loads, and the index is a
// constant in each copy.
func.func @gather_rows(%x: memref<3x2x32xf32>, %dx: memref<3x2x32xf32>) {
  linalg.generic {indexing_maps = [#w0, #w1, #id],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %x : memref<3x2x32xf32>, memref<3x2x32xf32>) outs(%dx : memref<3x2x32xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %gt = arith.cmpf ogt, %b, %a : f32
    %k = arith.select %gt, %c1, %c0 : i32
    %w = linalg.index 1 : index
    %wi = arith.index_cast %w : index to i32
    %here = arith.cmpi eq, %k, %wi : i32
    %r = arith.select %here, %a, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @gather_rows
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c3, %c32) step (%c1, %c16)
// CHECK-COUNT-2:   vector.load
// CHECK-NOT:       vector.load
// CHECK:           arith.cmpi eq, %{{.*}}, %[[ZERO:.*]] : vector<16xi32>
// CHECK:           arith.cmpi eq, %{{.*}}, %[[ONE:.*]] : vector<16xi32>
// CHECK:           vector.store %{{.*}}[%c0, %c0, %c0]
// CHECK:           vector.store %{{.*}}[%c0, %c1, %c0]

// -----

// A convolution's weight gradient split per image (one input channel):
// dk[n, kh, kw, f] = sum over (oh, ow) of x[n, oh + kh, ow + kw] dy[n, oh,
// ow, f]. The vector operand dy does not depend on kh and kw, and neither
// range has a power-of-two factor, so the tile unrolls both whole: 3 x 3
// rows x 2 vectors = 18 accumulators. Each step loads dy's two vectors once
// for all nine rows and broadcasts nine input elements; the images are the
// parallel tiles.
#x = affine_map<(n, kh, kw, oh, ow, f) -> (n, oh + kh, ow + kw)>
#dy = affine_map<(n, kh, kw, oh, ow, f) -> (n, oh, ow, f)>
#dk = affine_map<(n, kh, kw, oh, ow, f) -> (n, kh, kw, f)>
func.func @window_rows(%x: memref<4x6x6xf32>, %dy: memref<4x4x4x32xf32>, %dk: memref<4x3x3x32xf32>) {
  linalg.generic {indexing_maps = [#x, #dy, #dk],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %dy : memref<4x6x6xf32>, memref<4x4x4x32xf32>) outs(%dk : memref<4x3x3x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @window_rows
// CHECK:         scf.parallel (%{{.*}}) = (%c0) to (%c4) step (%c1)
// CHECK-COUNT-18:  vector.load %{{.*}} : memref<1x3x3x32xf32, {{.*}}>, vector<16xf32>
// CHECK:           scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK:             scf.for
// CHECK:               %[[X0:.*]] = memref.load %{{.*}} : memref<1x6x6xf32, {{.*}}>
// CHECK:               %[[B0:.*]] = vector.broadcast %[[X0]]
// CHECK:               %[[DY0:.*]] = vector.load %{{.*}} : memref<1x4x4x32xf32, {{.*}}>, vector<16xf32>
// CHECK:               arith.mulf %[[B0]], %[[DY0]]
// CHECK:               %[[DY1:.*]] = vector.load %{{.*}} : memref<1x4x4x32xf32, {{.*}}>, vector<16xf32>
// CHECK:               arith.mulf %[[B0]], %[[DY1]]
// CHECK-COUNT-8:       memref.load %{{.*}} : memref<1x6x6xf32, {{.*}}>
// CHECK-NOT:           vector.load
// CHECK:               scf.yield
// CHECK-COUNT-18:  vector.store %{{.*}} : memref<1x3x3x32xf32, {{.*}}>, vector<16xf32>

// -----

// Prologue fusion: the op that fills a reduction's output right before it
// (a bias broadcast, a linalg.fill) runs in the tiles instead. The
// accumulators start from the bias vector or the splat constant, not from
// a load of the output, and the filling op is gone: one pass less over the
// output, with the same values.
#bias = affine_map<(m, n) -> (n)>
#id = affine_map<(m, n) -> (m, n)>
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @bias_prologue(%x: memref<8x4xf32>, %w: memref<4x16xf32>, %bias: memref<16xf32>, %y: memref<8x16xf32>) {
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x4xf32>, memref<4x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @bias_prologue(
// CHECK-SAME:      %[[BIAS:[^:]*]]: memref<16xf32>, %[[Y:.*]]: memref<8x16xf32>)
// CHECK-NOT:     linalg.generic
// CHECK-NOT:     vector.load %[[Y]]
// CHECK-COUNT-8: vector.load %[[BIAS]][%c0] : memref<16xf32>, vector<16xf32>
// CHECK:         scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-8: vector.store %{{.*}}, %[[Y]]

func.func @fill_prologue(%x: memref<8x4xf32>, %w: memref<4x16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x4xf32>, memref<4x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @fill_prologue(
// CHECK-SAME:      %[[Y:[^:]*]]: memref<8x16xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK-NOT:     linalg.fill
// CHECK-NOT:     vector.load %[[Y]]
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], {{.*}})
// CHECK-COUNT-8: vector.store %{{.*}}, %[[Y]]

// The fill and the op may write equal views (one subview each) of a buffer.
func.func @fill_view_prologue(%x: memref<8x4xf32>, %w: memref<4x16xf32>, %buf: memref<16x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %a = memref.subview %buf[8, 0] [8, 16] [1, 1] : memref<16x16xf32> to memref<8x16xf32, strided<[16, 1], offset: 128>>
  linalg.fill ins(%zero : f32) outs(%a : memref<8x16xf32, strided<[16, 1], offset: 128>>)
  %b = memref.subview %buf[8, 0] [8, 16] [1, 1] : memref<16x16xf32> to memref<8x16xf32, strided<[16, 1], offset: 128>>
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x4xf32>, memref<4x16xf32>) outs(%b : memref<8x16xf32, strided<[16, 1], offset: 128>>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @fill_view_prologue(
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK-NOT:     linalg.fill
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], {{.*}})

// -----

// Reduction blocking: each tile of this convolution (an input gradient:
// 8 images x 32 channels) would read the whole 73 KiB kernel, more than L1
// holds. The first reduction loop (kernel rows) then steps between the
// parallel tile loop (rows h) and the last tile loop (columns w): the four
// tiles of one row reuse one kernel row (24 KiB) from L1, and each output
// still sums over kh, kw, f in the op's order, its accumulators stored and
// reloaded between the kernel rows.
#in = affine_map<(n, h, w, kh, kw, f, c) -> (n, h + kh, w + kw, f)>
#k = affine_map<(n, h, w, kh, kw, f, c) -> (kh, kw, f, c)>
#out = affine_map<(n, h, w, kh, kw, f, c) -> (n, h, w, c)>
func.func @blocked(%dy: memref<8x6x6x64xf32>, %k: memref<3x3x64x32xf32>, %dx: memref<8x4x4x32xf32>) {
  linalg.generic {indexing_maps = [#in, #k, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%dy, %k : memref<8x6x6x64xf32>, memref<3x3x64x32xf32>) outs(%dx : memref<8x4x4x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @blocked
// CHECK:         scf.parallel (%[[H:.*]]) = (%c0) to (%c4) step (%c1)
// CHECK-NEXT:      scf.for %[[KH:.*]] = %c0 to %c3 step %c1
// CHECK-NEXT:        scf.for %[[W:.*]] = %c0 to %c4 step %c1
// CHECK:               memref.subview %{{.*}}[%[[KH]], 0, 0, 0] [1, 3, 64, 32]
// CHECK:               memref.subview %{{.*}}[0, %[[H]], %[[W]], 0] [8, 1, 1, 32]
// CHECK-COUNT-16:      vector.load %{{.*}} : memref<8x1x1x32xf32, {{.*}}>, vector<16xf32>
// CHECK:               scf.for
// CHECK-COUNT-16:      vector.store %{{.*}} : memref<8x1x1x32xf32, {{.*}}>, vector<16xf32>

// -----

// A transpose moves the contiguous dimension: 16 x 16 tiles, each 16
// vector rows loaded along the input's rows, one vector.transpose in
// registers (which the canonicalizer run here turns into lane moves:
// vector.to_elements / vector.from_elements), 16 vector rows stored along
// the output's.
func.func @transpose(%w: memref<64x32xf32>, %t: memref<32x64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%w : memref<64x32xf32>) outs(%t : memref<32x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  return
}
// CHECK-LABEL: func.func @transpose
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) = (%c0, %c0) to (%c32, %c64) step (%c16, %c16)
// CHECK:           %[[IN:.*]] = memref.subview %{{.*}}[%[[J]], %[[I]]] [16, 16] [1, 1]
// CHECK:           %[[OUT:.*]] = memref.subview %{{.*}}[%[[I]], %[[J]]] [16, 16] [1, 1]
// CHECK-COUNT-16:  vector.load %[[IN]]
// CHECK-COUNT-16:  vector.to_elements
// CHECK:           %[[ROW0:.*]] = vector.from_elements
// CHECK-NEXT:      vector.store %[[ROW0]], %[[OUT]][%c0, %c0]
// CHECK-COUNT-15:  vector.store %{{.*}}, %[[OUT]]

// The same for a named linalg.transpose (an RNN's transposed kernel).
func.func @named_transpose(%w: memref<64x32xf32>, %t: memref<32x64xf32>) {
  linalg.transpose ins(%w : memref<64x32xf32>) outs(%t : memref<32x64xf32>) permutation = [1, 0]
  return
}
// CHECK-LABEL: func.func @named_transpose
// CHECK-NOT:     linalg.transpose
// CHECK:         vector.from_elements

// -----

// A prologue with a stepped reduction (here blocked over the kernel rows):
// the accumulators start from the fill at the first step only (kh = 0),
// and are reloaded at the later ones.
#in = affine_map<(n, h, w, kh, kw, f, c) -> (n, h + kh, w + kw, f)>
#k = affine_map<(n, h, w, kh, kw, f, c) -> (kh, kw, f, c)>
#out = affine_map<(n, h, w, kh, kw, f, c) -> (n, h, w, c)>
func.func @blocked_prologue(%dy: memref<8x6x6x64xf32>, %k: memref<3x3x64x32xf32>, %dx: memref<8x4x4x32xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%dx : memref<8x4x4x32xf32>)
  linalg.generic {indexing_maps = [#in, #k, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%dy, %k : memref<8x6x6x64xf32>, memref<3x3x64x32xf32>) outs(%dx : memref<8x4x4x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @blocked_prologue
// CHECK-NOT:     linalg.fill
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK:         scf.parallel
// CHECK-NEXT:      scf.for %[[KH:.*]] = %c0 to %c3 step %c1
// CHECK-NEXT:        scf.for
// CHECK:               %[[FIRST:.*]] = arith.cmpi eq, %[[KH]], %c0 : index
// CHECK:               %[[ACC:.*]]:16 = scf.if %[[FIRST]]
// CHECK-NEXT:            scf.yield %[[ZERO]], %[[ZERO]],
// CHECK-NEXT:          } else {
// CHECK-COUNT-16:        vector.load
// CHECK:                 scf.yield
// CHECK:               scf.for {{.*}} iter_args(%{{.*}} = %[[ACC]]#0,

// A prologue may sit further up, past ops that cannot touch its buffer
// (the transposed kernel the reduction reads).
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @prologue_past_independent(%x: memref<8x4xf32>, %w: memref<16x4xf32>, %wt: memref<4x16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<8x16xf32>)
  linalg.transpose ins(%w : memref<16x4xf32>) outs(%wt : memref<4x16xf32>) permutation = [1, 0]
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %wt : memref<8x4xf32>, memref<4x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @prologue_past_independent
// CHECK-NOT:     linalg.fill
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK:         linalg.generic
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]],

// -----

// 19 channels: no width divides them, so the op is split (linalg.splitOp):
// channels [0, 16) as 16-lane tiles, [16, 19) as a scalar op on the
// remaining subviews. Every element is computed as before.
#id = affine_map<(i, j) -> (i, j)>
func.func @split_channels(%x: memref<4x19xf32>, %y: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x19xf32>) outs(%y : memref<4x19xf32>) {
  ^bb0(%a: f32, %out: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}
// CHECK-LABEL: func.func @split_channels
// CHECK:         memref.subview %{{.*}}[0, 0] [4, 16] [1, 1] : memref<4x19xf32> to memref<4x16xf32, strided<[19, 1]>>
// CHECK:         scf.parallel (%{{.*}}) = (%c0) to (%c4) step (%c1)
// CHECK:           math.exp %{{.*}} : vector<16xf32>
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : memref<4x3xf32, strided<[19, 1], offset: 16>>) outs(%{{.*}} : memref<4x3xf32, strided<[19, 1], offset: 16>>)
// CHECK:           math.exp %{{.*}} : f32
