// RUN: nncc-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// concatenate writes each input into its slab of a new tensor; slice is an
// extract_slice; pad writes the input into zeros at `low`.
// CHECK-LABEL: func.func @concatenate
// CHECK-SAME:    (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x5x4xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x11x4xf32>
// CHECK:         %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0, 0] [2, 3, 4] [1, 1, 1]
// CHECK:         %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3, 0] [2, 5, 4] [1, 1, 1]
// CHECK:         %[[I2:.*]] = tensor.insert_slice %[[A]] into %[[I1]][0, 8, 0] [2, 3, 4] [1, 1, 1]
// CHECK:         return %[[I2]]
func.func @concatenate(%a: tensor<2x3x4xf32>, %b: tensor<2x5x4xf32>) -> tensor<2x11x4xf32> {
  %0 = nn.concatenate %a, %b, %a {axis = -2 : i64} : tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x3x4xf32>
  return %0 : tensor<2x11x4xf32>
}

// -----

// CHECK-LABEL: func.func @slice_pad
// CHECK:         %[[S:.*]] = tensor.extract_slice %{{.*}}[0, 2, 1, 0] [2, 4, 5, 3] [1, 1, 1, 1] : tensor<2x8x8x3xf32> to tensor<2x4x5x3xf32>
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x7x8x3xf32>)
// CHECK:         tensor.insert_slice %[[S]] into %[[Z]][0, 1, 2, 0] [2, 4, 5, 3] [1, 1, 1, 1]
func.func @slice_pad(%x: tensor<2x8x8x3xf32>) -> tensor<2x7x8x3xf32> {
  %0 = nn.slice %x {offsets = array<i64: 0, 2, 1, 0>, sizes = array<i64: 2, 4, 5, 3>} : tensor<2x8x8x3xf32>
  %1 = nn.pad %0 {low = array<i64: 0, 1, 2, 0>, high = array<i64: 0, 2, 1, 0>} : tensor<2x4x5x3xf32>
  return %1 : tensor<2x7x8x3xf32>
}

// -----

// The global pools are the windowed pools with one h x w window, then a
// collapse to [n, c] unless keepdims.
// CHECK-LABEL: func.func @global_pools
// CHECK:         linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<[5, 7]> : vector<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<2x5x7x3xf32>, tensor<5x7xf32>) outs(%{{.*}} : tensor<2x1x1x3xf32>)
// CHECK:         tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<2x1x1x3xf32> into tensor<2x3xf32>
// CHECK:         linalg.pooling_nhwc_sum {{.*}} outs(%{{.*}} : tensor<2x1x1x3xf32>)
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         return
func.func @global_pools(%x: tensor<2x5x7x3xf32>) -> (tensor<2x3xf32>, tensor<2x1x1x3xf32>) {
  %0 = nn.global_max_pool2d %x : tensor<2x5x7x3xf32>
  %1 = nn.global_avg_pool2d %x {keepdims} : tensor<2x5x7x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x1x1x3xf32>
}

// -----

// transpose is linalg.transpose; repeat_vector reads [b, f] viewed as
// [b, 1, f] through a broadcast map; upsampling2d reads through floordiv.
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[NEAREST:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 floordiv 3, d2 floordiv 2, d3)>
// CHECK-LABEL: func.func @copies
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<2x5x7xf32>) outs(%{{.*}} : tensor<2x7x5xf32>) permutation = [0, 2, 1]
// CHECK:         %[[V:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [2, 1, 3] : tensor<2x3xf32> into tensor<2x1x3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[ROW]], {{.*}}]{{.*}} ins(%[[V]] : tensor<2x1x3xf32>) outs(%{{.*}} : tensor<2x4x3xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[NEAREST]], {{.*}}]{{.*}} ins(%{{.*}} : tensor<2x3x4x5xf32>) outs(%{{.*}} : tensor<2x9x8x5xf32>)
func.func @copies(%x: tensor<2x5x7xf32>, %v: tensor<2x3xf32>, %i: tensor<2x3x4x5xf32>)
    -> (tensor<2x7x5xf32>, tensor<2x4x3xf32>, tensor<2x9x8x5xf32>) {
  %0 = nn.transpose %x {permutation = array<i64: 0, 2, 1>} : tensor<2x5x7xf32>
  %1 = nn.repeat_vector %v {n = 4 : i64} : tensor<2x3xf32>
  %2 = nn.upsampling2d %i {size = array<i64: 3, 2>} : tensor<2x3x4x5xf32>
  return %0, %1, %2 : tensor<2x7x5xf32>, tensor<2x4x3xf32>, tensor<2x9x8x5xf32>
}
