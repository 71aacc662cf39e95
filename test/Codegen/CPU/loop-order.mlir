// RUN: nncc-opt %s --nncc-loop-order --split-input-file | FileCheck %s

// matmul (m, n, k) -> (m, k, n): the output's contiguous loop innermost.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul
// CHECK:         linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "reduction", "parallel"]}
func.func @matmul(%a: memref<8x4xf32>, %b: memref<4x16xf32>, %c: memref<8x16xf32>) {
  linalg.matmul ins(%a, %b : memref<8x4xf32>, memref<4x16xf32>) outs(%c : memref<8x16xf32>)
  return
}

// -----

// A convolution's output-channel loop goes innermost (after the window and
// input-channel reductions).
// CHECK-LABEL: func.func @conv
// CHECK:         iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]
func.func @conv(%x: memref<1x6x6x3xf32>, %k: memref<3x3x3x8xf32>, %y: memref<1x4x4x8xf32>) {
  linalg.conv_2d_nhwc_hwcf ins(%x, %k : memref<1x6x6x3xf32>, memref<3x3x3x8xf32>) outs(%y : memref<1x4x4x8xf32>)
  return
}

// -----

// A row reduction over the input's contiguous axis stays as it is.
// CHECK-LABEL: func.func @row_sum
// CHECK:         iterator_types = ["parallel", "reduction"]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @row_sum(%x: memref<4x10xf32>, %s: memref<4xf32>) {
  linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x10xf32>) outs(%s : memref<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  }
  return
}
