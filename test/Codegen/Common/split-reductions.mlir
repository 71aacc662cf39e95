// RUN: nncc-opt %s --nncc-split-reductions --split-input-file | FileCheck %s
// RUN: nncc-opt %s --nncc-split-reductions=chunk-long-dims --split-input-file | FileCheck %s --check-prefix=CHUNK

// A bias gradient: 32 outputs, each a sum of 21632 values. The batch
// dimension (the outermost reduction) becomes parallel: 32 x 32 partial
// sums, zeroed first, then each output adds its 32 partials in order.
func.func @bias_grad(%dy: memref<32x26x26x32xf32>, %db: memref<32xf32>) attributes {nncc.entry_point} {
  linalg.generic {indexing_maps = [affine_map<(c, n, h, w) -> (n, h, w, c)>, affine_map<(c, n, h, w) -> (c)>],
                  iterator_types = ["parallel", "reduction", "reduction", "reduction"]}
      ins(%dy : memref<32x26x26x32xf32>) outs(%db : memref<32xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3, d0)>
// CHECK-DAG:   #[[PART:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0)>
// CHECK-DAG:   #[[READ:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @bias_grad(
// CHECK-SAME:      %[[DY:.*]]: memref<32x26x26x32xf32>, %[[DB:.*]]: memref<32xf32>)
// CHECK:         %[[P:.*]] = memref.alloc() : memref<32x32xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         linalg.fill ins(%[[ZERO]] : f32) outs(%[[P]] : memref<32x32xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[PART]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[DY]] : {{.*}}) outs(%[[P]] : memref<32x32xf32>)
// CHECK:           arith.addf
// CHECK:         linalg.generic {indexing_maps = [#[[READ]], #[[OUT]]], iterator_types = ["parallel", "reduction"]} ins(%[[P]] : memref<32x32xf32>) outs(%[[DB]] : memref<32xf32>)
// CHECK:           %[[S:.*]] = arith.addf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT:      linalg.yield %[[S]]

// -----

// A total into a 0-d output (a loss): 32 partial totals, then their sum into
// the scalar.
func.func @total(%x: memref<32x64xf32>, %t: memref<f32>) attributes {nncc.entry_point} {
  linalg.generic {indexing_maps = [affine_map<(n, k) -> (n, k)>, affine_map<(n, k) -> ()>],
                  iterator_types = ["reduction", "reduction"]}
      ins(%x : memref<32x64xf32>) outs(%t : memref<f32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-DAG:   #[[PART:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG:   #[[READ:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @total(
// CHECK-SAME:      %[[X:.*]]: memref<32x64xf32>, %[[T:.*]]: memref<f32>)
// CHECK:         %[[P:.*]] = memref.alloc() : memref<32xf32>
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[P]] : memref<32xf32>)
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[PART]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : memref<32x64xf32>) outs(%[[P]] : memref<32xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[READ]], #[[OUT]]], iterator_types = ["reduction"]} ins(%[[P]] : memref<32xf32>) outs(%[[T]] : memref<f32>)

// -----

// Left alone: enough outputs already; a short sum; a reduction that is no
// sum (max); a reduction dimension longer than 256 (a dense layer), unless
// chunk-long-dims: then its 1600 terms become 50 chunks of 32 (both
// operands viewed with k expanded), the chunks partial sums.
func.func @keep(%x: memref<128x64x32xf32>, %y: memref<128x64xf32>, %s: memref<16x8xf32>, %t: memref<16xf32>,
                %a: memref<32x1600xf32>, %w: memref<1600x64xf32>, %o: memref<32x64xf32>) attributes {nncc.entry_point} {
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : memref<128x64x32xf32>) outs(%y : memref<128x64xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %r = arith.addf %acc, %in : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>, affine_map<(i, k) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%s : memref<16x8xf32>) outs(%t : memref<16xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %r = arith.addf %acc, %in : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : memref<128x64x32xf32>) outs(%y : memref<128x64xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %r = arith.maximumf %acc, %in : f32
    linalg.yield %r : f32
  }
  linalg.matmul ins(%a, %w : memref<32x1600xf32>, memref<1600x64xf32>) outs(%o : memref<32x64xf32>)
  return
}
// CHECK-LABEL: func.func @keep(
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     linalg.fill
// CHECK:         return
// CHUNK-DAG:   #[[A:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHUNK-DAG:   #[[W:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>
// CHUNK-DAG:   #[[P:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d0, d1)>
// CHUNK-LABEL: func.func @keep(
// CHUNK-SAME:      %[[AIN:[a-z0-9]+]]: memref<32x1600xf32>, %[[WIN:[a-z0-9]+]]: memref<1600x64xf32>, %[[O:[a-z0-9]+]]: memref<32x64xf32>)
// CHUNK-COUNT-3: linalg.generic
// CHUNK:         %[[AX:.*]] = memref.expand_shape %[[AIN]] {{\[}}[0], [1, 2]] output_shape [32, 50, 32] : memref<32x1600xf32> into memref<32x50x32xf32>
// CHUNK:         %[[WX:.*]] = memref.expand_shape %[[WIN]] {{\[}}[0, 1], [2]] output_shape [50, 32, 64] : memref<1600x64xf32> into memref<50x32x64xf32>
// CHUNK:         %[[PART:.*]] = memref.alloc() : memref<50x32x64xf32>
// CHUNK:         linalg.fill
// CHUNK:         linalg.generic {indexing_maps = [#[[A]], #[[W]], #[[P]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[AX]], %[[WX]] : {{.*}}) outs(%[[PART]] :
// CHUNK:         linalg.generic {{.*}} ins(%[[PART]] : memref<50x32x64xf32>) outs(%[[O]] : memref<32x64xf32>)
// CHUNK:         return
