// RUN: nncc-opt %s --nncc-vectorize=print-plans --split-input-file --verify-diagnostics

// The plans of nncc-vectorize alone, one remark per linalg.generic, for the
// heuristics of docs/CPUCodegen.md ("nncc-vectorize"); vectorize.mlir
// checks the code they become. Most cases are vectorize.mlir's.

// Width 16 (16 divides the vector loop's 32), 2 vectors (32 = 2 x 16) and
// 8 rows of the matmul's m (the largest power of two up to 8 dividing 8):
// 16 accumulators. B, the vector operand, does not depend on m.
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @matmul(%a: memref<8x4xf32>, %b: memref<4x32xf32>, %c: memref<8x32xf32>) {
  // expected-remark @below {{plan: vector=d2 width=16 vectors=2 rows=[d0:8] reduction=inner block=none prologue=none epilogue=none body=vector}}
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

// -----

// Width 8: 16 does not divide the 24 columns. Elementwise, and every vector
// operand (%x) depends on the rows: no unrolling, one vector.
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @width8(%x: memref<4x24xf32>, %bias: memref<24xf32>, %y: memref<4x24xf32>) {
  %zero = arith.constant 0.0 : f32
  // expected-remark @below {{plan: vector=d1 width=8 vectors=1 rows=[] reduction=none block=none prologue=none epilogue=none body=vector}}
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

// -----

// Width 4: neither 16 nor 8 divides 12.
#id = affine_map<(i, j) -> (i, j)>
func.func @width4(%x: memref<2x12xf32>, %y: memref<2x12xf32>) {
  // expected-remark @below {{plan: vector=d1 width=4 vectors=1 rows=[] reduction=none block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<2x12xf32>) outs(%y : memref<2x12xf32>) {
  ^bb0(%a: f32, %out: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// No width (16, 8, 4) divides 10: split at 8, the widest width below it
// (the rewrite tiles [0, 8) with 8 lanes and leaves [8, 10) scalar); no
// plan for the op as it is.
#id = affine_map<(i, j) -> (i, j)>
func.func @odd(%x: memref<2x10xf32>, %y: memref<2x10xf32>) {
  // expected-remark @below {{split: d1 at 8}}
  // expected-remark @below {{plan: none}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<2x10xf32>) outs(%y : memref<2x10xf32>) {
  ^bb0(%a: f32, %out: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// A reduction along the contiguous dimension (row sums) has no vector loop.
func.func @row_sum(%x: memref<4x32xf32>, %y: memref<4xf32>) {
  // expected-remark @below {{plan: none}}
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x32xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A body that is not lane-wise (a linalg.index of the vector loop) is
// tiled, but its tiles stay scalar.
#id = affine_map<(i, j) -> (i, j)>
func.func @scalar_body(%y: memref<4x16xf32>) {
  // expected-remark @below {{plan: vector=d1 width=16 vectors=1 rows=[] reduction=none block=none prologue=none epilogue=none body=scalar}}
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%y : memref<4x16xf32>) {
  ^bb0(%out: f32):
    %j = linalg.index 1 : index
    %ji = arith.index_cast %j : index to i32
    %f = arith.sitofp %ji : i32 to f32
    linalg.yield %f : f32
  }
  return
}

// -----

// Unrolling by powers of two: 12 rows take 4 (8 does not divide 12).
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @rows4(%a: memref<12x4xf32>, %b: memref<4x32xf32>, %c: memref<12x32xf32>) {
  // expected-remark @below {{plan: vector=d2 width=16 vectors=2 rows=[d0:4] reduction=inner block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<12x4xf32>, memref<4x32xf32>) outs(%c : memref<12x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// With 2 outputs, at most 8 / 2 = 4 rows: 4 rows x 2 vectors x 2 outputs =
// 16 accumulators.
func.func @two_outputs(%a: memref<8x4xf32>, %b: memref<4x32xf32>, %c: memref<8x32xf32>, %d: memref<8x32xf32>) {
  // expected-remark @below {{plan: vector=d2 width=16 vectors=2 rows=[d0:4] reduction=inner block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x32xf32>) outs(%c, %d : memref<8x32xf32>, memref<8x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32, %acc2: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    %t = arith.addf %acc2, %x : f32
    linalg.yield %s, %t : f32, f32
  }
  return
}

// -----

// A 3x3 weight gradient: kh and kw have no power-of-two factor, so both are
// unrolled whole: 3 x 3 rows x 2 vectors = 18 accumulators, the budget with
// 16-lane vectors. dy, the vector operand, depends on neither.
#x = affine_map<(n, kh, kw, oh, ow, f) -> (n, oh + kh, ow + kw)>
#dy = affine_map<(n, kh, kw, oh, ow, f) -> (n, oh, ow, f)>
#dk = affine_map<(n, kh, kw, oh, ow, f) -> (n, kh, kw, f)>
func.func @window_rows(%x: memref<4x6x6xf32>, %dy: memref<4x4x4x32xf32>, %dk: memref<4x3x3x32xf32>) {
  // expected-remark @below {{plan: vector=d5 width=16 vectors=2 rows=[d1:3,d2:3] reduction=inner block=none prologue=none epilogue=none body=vector}}
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

// -----

// Elementwise ops unroll only loops that no vector operand depends on: here
// w (both reads of %x are at fixed rows), whole; %g in @gather_index
// depends on w, so nothing is unrolled there.
#w0 = affine_map<(r, w, c) -> (r, 0, c)>
#w1 = affine_map<(r, w, c) -> (r, 1, c)>
#id = affine_map<(r, w, c) -> (r, w, c)>
func.func @gather_rows(%x: memref<3x2x32xf32>, %dx: memref<3x2x32xf32>) {
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d1:2] reduction=none block=none prologue=none epilogue=none body=vector}}
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

func.func @gather_index(%x: memref<3x2x32xf32>, %g: memref<3x2x32xf32>, %dx: memref<3x2x32xf32>) {
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[] reduction=none block=none prologue=none epilogue=none body=vector}}
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

// -----

// A long reduction (4 x 16 x 16 = 1024 terms) whose loops after the first
// still have 256 >= 64 terms: the batch loop d0 steps outside the tiles,
// one image at a time.
func.func @bias_grad(%dy: memref<4x16x16x32xf32>, %db: memref<32xf32>) {
  // expected-remark @below {{plan: vector=d3 width=16 vectors=2 rows=[] reduction=outer(d0:1) block=none prologue=none epilogue=none body=vector}}
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

// -----

// A long reduction in one loop (an LSTM's weight gradient, 1536 rows)
// steps in chunks of its largest divisor from 256 down to 64: 256.
#h = affine_map<(i, j, r) -> (r, i)>
#dz = affine_map<(i, j, r) -> (r, j)>
#dw = affine_map<(i, j, r) -> (i, j)>
func.func @long_weight_grad(%h: memref<1536x8xf32>, %dz: memref<1536x32xf32>, %dw: memref<8x32xf32>) {
  // expected-remark @below {{plan: vector=d1 width=16 vectors=2 rows=[d0:8] reduction=outer(d2:256) block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#h, #dz, #dw],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%h, %dz : memref<1536x8xf32>, memref<1536x32xf32>) outs(%dw : memref<8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// 1200 rows: chunks of 240 (no divisor from 241 to 256).
func.func @chunk240(%h: memref<1200x8xf32>, %dz: memref<1200x32xf32>, %dw: memref<8x32xf32>) {
  // expected-remark @below {{plan: vector=d1 width=16 vectors=2 rows=[d0:8] reduction=outer(d2:240) block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#h, #dz, #dw],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%h, %dz : memref<1200x8xf32>, memref<1200x32xf32>) outs(%dw : memref<8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// 1031 rows (a prime): no chunk from 64 to 256, the reduction stays in the
// tiles.
func.func @no_chunk(%h: memref<1031x8xf32>, %dz: memref<1031x32xf32>, %dw: memref<8x32xf32>) {
  // expected-remark @below {{plan: vector=d1 width=16 vectors=2 rows=[d0:8] reduction=inner block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#h, #dz, #dw],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%h, %dz : memref<1031x8xf32>, memref<1031x32xf32>) outs(%dw : memref<8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// 1024 terms over two loops, but only 32 < 64 after the first, and the
// first is not the only one: the reduction stays in the tiles.
#h = affine_map<(i, j, a, b) -> (a, b, i)>
#dz = affine_map<(i, j, a, b) -> (a, b, j)>
#dw = affine_map<(i, j, a, b) -> (i, j)>
func.func @long_inner(%h: memref<32x32x8xf32>, %dz: memref<32x32x32xf32>, %dw: memref<8x32xf32>) {
  // expected-remark @below {{plan: vector=d1 width=16 vectors=2 rows=[d0:8] reduction=inner block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#h, #dz, #dw],
                  iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%h, %dz : memref<32x32x8xf32>, memref<32x32x32xf32>) outs(%dw : memref<8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Reduction blocking: each tile (8 images x 32 channels) would read 3 x 3 x
// 64 x 32 floats = 72 KiB of kernel, > 32 KiB, and the first reduction
// loop (kh, 3 <= 16 iterations) is short: kh steps before the last tiled
// parallel loop, w (d2). The 8 images are unrolled whole, so n is not a
// tiled loop.
#in = affine_map<(n, h, w, kh, kw, f, c) -> (n, h + kh, w + kw, f)>
#k = affine_map<(n, h, w, kh, kw, f, c) -> (kh, kw, f, c)>
#out = affine_map<(n, h, w, kh, kw, f, c) -> (n, h, w, c)>
func.func @blocked(%dy: memref<8x6x6x64xf32>, %k: memref<3x3x64x32xf32>, %dx: memref<8x4x4x32xf32>) {
  // expected-remark @below {{plan: vector=d6 width=16 vectors=2 rows=[d0:8] reduction=inner block=d3(group=d2) prologue=none epilogue=none body=vector}}
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

// With 16 input channels the kernel is 18 KiB per tile: no blocking.
func.func @not_blocked(%dy: memref<8x6x6x16xf32>, %k: memref<3x3x16x32xf32>, %dx: memref<8x4x4x32xf32>) {
  // expected-remark @below {{plan: vector=d6 width=16 vectors=2 rows=[d0:8] reduction=inner block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#in, #k, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%dy, %k : memref<8x6x6x16xf32>, memref<3x3x16x32xf32>) outs(%dx : memref<8x4x4x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// A fill before a blocked op is its prologue (the first step starts from
// it); the fill is no generic, so it has no remark of its own.
func.func @blocked_prologue(%dy: memref<8x6x6x64xf32>, %k: memref<3x3x64x32xf32>, %dx: memref<8x4x4x32xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%dx : memref<8x4x4x32xf32>)
  // expected-remark @below {{plan: vector=d6 width=16 vectors=2 rows=[d0:8] reduction=inner block=d3(group=d2) prologue=fill epilogue=none body=vector}}
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

// An epilogue needs the final sums in the tile: no blocking then. The ReLU
// runs in the convolution's tiles.
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @blocked_epilogue(%dy: memref<8x6x6x64xf32>, %k: memref<3x3x64x32xf32>, %dx: memref<8x4x4x32xf32>, %y: memref<8x4x4x32xf32>) {
  %zero = arith.constant 0.0 : f32
  // expected-remark @below {{plan: vector=d6 width=16 vectors=2 rows=[d0:8] reduction=inner block=none prologue=none epilogue=generic[arith.maximumf] body=vector}}
  linalg.generic {indexing_maps = [#in, #k, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
      ins(%dy, %k : memref<8x6x6x64xf32>, memref<3x3x64x32xf32>) outs(%dx : memref<8x4x4x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  // expected-remark @below {{plan: fused}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%dx : memref<8x4x4x32xf32>) outs(%y : memref<8x4x4x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Prologues: a bias broadcast (an elementwise generic that does not read
// the output) or a fill right before an op with reductions starts its
// accumulators; the broadcast's own plan is `fused`. One vector: 2 x 16
// does not divide 16.
#bias = affine_map<(m, n) -> (n)>
#id = affine_map<(m, n) -> (m, n)>
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @bias_prologue(%x: memref<8x4xf32>, %w: memref<4x16xf32>, %bias: memref<16xf32>, %y: memref<8x16xf32>) {
  // expected-remark @below {{plan: fused}}
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d0:8] reduction=inner block=none prologue=generic[] epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x4xf32>, memref<4x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

func.func @fill_prologue(%x: memref<8x4xf32>, %w: memref<4x16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<8x16xf32>)
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d0:8] reduction=inner block=none prologue=fill epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x4xf32>, memref<4x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// The fill and the op may write equal views of one buffer.
func.func @fill_view_prologue(%x: memref<8x4xf32>, %w: memref<4x16xf32>, %buf: memref<16x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %a = memref.subview %buf[8, 0] [8, 16] [1, 1] : memref<16x16xf32> to memref<8x16xf32, strided<[16, 1], offset: 128>>
  linalg.fill ins(%zero : f32) outs(%a : memref<8x16xf32, strided<[16, 1], offset: 128>>)
  %b = memref.subview %buf[8, 0] [8, 16] [1, 1] : memref<16x16xf32> to memref<8x16xf32, strided<[16, 1], offset: 128>>
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d0:8] reduction=inner block=none prologue=fill epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x4xf32>, memref<4x16xf32>) outs(%b : memref<8x16xf32, strided<[16, 1], offset: 128>>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A prologue may sit further up, past ops that cannot touch its buffer:
// the transposed kernel, itself without a plan (16 does not divide 4; the
// named transpose is generalized first, so it gets a remark too).
func.func @prologue_past_independent(%x: memref<8x4xf32>, %w: memref<16x4xf32>, %wt: memref<4x16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<8x16xf32>)
  // expected-remark @below {{plan: none}}
  linalg.transpose ins(%w : memref<16x4xf32>) outs(%wt : memref<4x16xf32>) permutation = [1, 0]
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d0:8] reduction=inner block=none prologue=fill epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %wt : memref<8x4xf32>, memref<4x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Epilogues: the ReLU after a matmul runs on its accumulators; nothing else
// reads the matmul's result, so it is not stored.
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @matmul_relu(%a: memref<8x4xf32>, %b: memref<4x16xf32>, %c: memref<8x16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d0:8] reduction=inner block=none prologue=none epilogue=generic[arith.maximumf] body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %w: f32, %acc: f32):
    %p = arith.mulf %x, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  // expected-remark @below {{plan: fused}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<8x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// A later op reads the matmul's result: it is stored too (`+stored`).
func.func @matmul_bias_kept(%a: memref<8x4xf32>, %b: memref<4x16xf32>, %bias: memref<16xf32>, %c: memref<8x16xf32>, %y: memref<8x16xf32>, %z: memref<8x16xf32>) {
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d0:8] reduction=inner block=none prologue=none epilogue=generic[arith.addf]+stored body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %w: f32, %acc: f32):
    %p = arith.mulf %x, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  // expected-remark @below {{plan: fused}}
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %bias : memref<8x16xf32>, memref<16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %r = arith.addf %in, %bb : f32
    linalg.yield %r : f32
  }
  memref.copy %c, %z : memref<8x16xf32> to memref<8x16xf32>
  return
}

// No epilogue when the consumer's output may overlap what the producer
// reads (views of one workspace): the tanh keeps a plan of its own.
func.func @overlap(%ws: memref<4096xi8>, %b: memref<16x16xf32>, %c: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c256 = arith.constant 256 : index
  %a = memref.view %ws[%c0][] : memref<4096xi8> to memref<8x16xf32>
  // expected-remark @below {{plan: vector=d2 width=16 vectors=1 rows=[d0:8] reduction=inner block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#a, #b, #c],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %w: f32, %acc: f32):
    %p = arith.mulf %x, %w : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  %y = memref.view %ws[%c256][] : memref<4096xi8> to memref<8x16xf32>
  // expected-remark @below {{plan: vector=d1 width=16 vectors=1 rows=[] reduction=none block=none prologue=none epilogue=none body=vector}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<8x16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.tanh %in : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Transposes: 16 x 16 register tiles, vectors loaded along the input's
// contiguous loop (d0) and stored along the output's (d1); a named
// linalg.transpose is generalized first.
func.func @transpose(%w: memref<64x32xf32>, %t: memref<32x64xf32>) {
  // expected-remark @below {{plan: transpose width=16 load=d0 store=d1}}
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%w : memref<64x32xf32>) outs(%t : memref<32x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  return
}

func.func @named_transpose(%w: memref<64x32xf32>, %t: memref<32x64xf32>) {
  // expected-remark @below {{plan: transpose width=16 load=d0 store=d1}}
  linalg.transpose ins(%w : memref<64x32xf32>) outs(%t : memref<32x64xf32>) permutation = [1, 0]
  return
}

// -----

// 3 channels: narrower than any width, no split and no plan; 35 splits at
// 32 (two 16-lane vectors), 4 divides 4.
#id = affine_map<(i, j) -> (i, j)>
func.func @narrow_and_prime(%a: memref<2x3xf32>, %b: memref<2x3xf32>,
                            %c: memref<2x35xf32>, %d: memref<2x35xf32>) {
  // expected-remark @below {{plan: none}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<2x3xf32>) outs(%b : memref<2x3xf32>) {
  ^bb0(%x: f32, %out: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  // expected-remark @below {{split: d1 at 32}}
  // expected-remark @below {{plan: none}}
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<2x35xf32>) outs(%d : memref<2x35xf32>) {
  ^bb0(%x: f32, %out: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  return
}
