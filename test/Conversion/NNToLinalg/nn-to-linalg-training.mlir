// RUN: nncc-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// matmul's transposes are maps of one generic over (m, n, k).
// CHECK-DAG: #[[LT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[R:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[O:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul
// CHECK:         linalg.generic {indexing_maps = [#[[LT]], #[[R]], #[[O]]], iterator_types = ["parallel", "parallel", "reduction"]}
func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = nn.matmul %a, %b {transpose_lhs} : tensor<4x3xf32>, tensor<4x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction"]
// CHECK:         tensor.expand_shape {{.*}} into tensor<1x3x1xf32>
func.func @reduce_sum(%x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %0 = nn.reduce_sum %x {axes = array<i64: 0, 2>, keep_dims} : tensor<2x3x4xf32>
  return %0 : tensor<1x3x1xf32>
}

// -----

// A sum of every element keeping only size-1 dimensions: the rank-0 sum
// expands (no reassociation groups) to the rank-1 tensor of its elements.
// CHECK-LABEL: func.func @reduce_sum_all_rank1
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:         tensor.expand_shape {{.*}} [] output_shape [1] : tensor<f32> into tensor<1xf32>
func.func @reduce_sum_all_rank1(%x: tensor<2x4xf32>) -> tensor<1xf32> {
  %0 = nn.reduce_sum %x {axes = array<i64: 0, 1>} : tensor<2x4xf32>
  %1 = nn.reshape %0 : tensor<f32> -> tensor<1xf32>
  return %1 : tensor<1xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_all_keep_dims
// CHECK:         tensor.expand_shape {{.*}} [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK:         tensor.expand_shape {{.*}} {{\[}}[0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
func.func @reduce_sum_all_keep_dims(%x: tensor<2x4xf32>) -> tensor<1x1xf32> {
  %0 = nn.reduce_sum %x {axes = array<i64: 0, 1>, keep_dims} : tensor<2x4xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_to_rank0
// CHECK:         tensor.collapse_shape {{.*}} [] : tensor<1xf32> into tensor<f32>
func.func @reshape_to_rank0(%x: tensor<1x1xf32>) -> tensor<f32> {
  %0 = nn.reshape %x : tensor<1x1xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @one_hot_relu_grad
// CHECK:         linalg.index 1
// CHECK:         arith.cmpi eq
// CHECK:         linalg.generic
// CHECK:           arith.cmpf ogt
// CHECK:           arith.select
func.func @one_hot_relu_grad(%l: tensor<4xi32>, %x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = nn.one_hot %l : tensor<4xi32> -> tensor<4x10xf32>
  %1 = nn.relu_grad %x, %0 : tensor<4x10xf32>, tensor<4x10xf32>
  return %1 : tensor<4x10xf32>
}

// -----

// The input gradient of a stride-2 `same` convolution: dy spread out with
// stride 2 (insert_slice with strides), padded, convolved with the rotated
// filter (a generic reading kh - 1 - i, kw - 1 - j). The padded gradient's
// real rows are 2..8: output row 0 only reaches them through kernel row 2,
// row 1 through rows 1-2, rows 2-6 through all, row 7 through rows 0-1.
// One convolution per such region of rows, over just those kernel rows,
// each into its zero-filled slice of the result.
// CHECK: #[[ROT:.*]] = affine_map<(d0, d1, d2, d3) -> (-d0 + 2, -d1 + 2, d3, d2)>
// CHECK: func.func @conv_backprop_input
// CHECK:         tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [2, 4, 4, 4] [1, 2, 2, 1] : tensor<2x4x4x4xf32> into tensor<2x7x7x4xf32>
// CHECK:         %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 2, 2, 0] high[0, 1, 1, 0]
// CHECK:         %[[K:.*]] = linalg.generic {indexing_maps = [#[[ROT]]
// CHECK:         %[[R0:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [2, 1, 8, 3]
// CHECK:         %[[Z0:.*]] = linalg.fill {{.*}} outs(%[[R0]] : tensor<2x1x8x3xf32>)
// CHECK:         %[[X0:.*]] = tensor.extract_slice %[[PAD]][0, 2, 0, 0] [2, 1, 10, 4]
// CHECK:         %[[K0:.*]] = tensor.extract_slice %[[K]][2, 0, 0, 0] [1, 3, 4, 3]
// CHECK:         %[[C0:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[X0]], %[[K0]] : tensor<2x1x10x4xf32>, tensor<1x3x4x3xf32>) outs(%[[Z0]] : tensor<2x1x8x3xf32>)
// CHECK:         %[[D0:.*]] = tensor.insert_slice %[[C0]] into %{{.*}}[0, 0, 0, 0] [2, 1, 8, 3]
// CHECK:         tensor.extract_slice %[[PAD]][0, 2, 0, 0] [2, 2, 10, 4]
// CHECK:         tensor.extract_slice %[[K]][1, 0, 0, 0] [2, 3, 4, 3]
// CHECK:         linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<2x1x8x3xf32>
// CHECK:         %[[X2:.*]] = tensor.extract_slice %[[PAD]][0, 2, 0, 0] [2, 7, 10, 4]
// CHECK:         linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[X2]], %[[K]] : tensor<2x7x10x4xf32>, tensor<3x3x4x3xf32>) {{.*}} -> tensor<2x5x8x3xf32>
// CHECK:         tensor.extract_slice %[[PAD]][0, 7, 0, 0] [2, 2, 10, 4]
// CHECK:         tensor.extract_slice %[[K]][0, 0, 0, 0] [2, 3, 4, 3]
// CHECK:         linalg.conv_2d_nhwc_hwcf {{.*}} -> tensor<2x1x8x3xf32>
// CHECK:         %[[DX:.*]] = tensor.insert_slice %{{.*}}[0, 7, 0, 0] [2, 1, 8, 3]
// CHECK:         return %[[DX]]
func.func @conv_backprop_input(%dy: tensor<2x4x4x4xf32>, %k: tensor<3x3x3x4xf32>) -> tensor<2x8x8x3xf32> {
  %0 = nn.conv2d_backprop_input %dy, %k {strides = array<i64: 2, 2>, padding = #nn.padding<same>} : tensor<2x4x4x4xf32>, tensor<3x3x3x4xf32> -> tensor<2x8x8x3xf32>
  return %0 : tensor<2x8x8x3xf32>
}

// -----

// The filter gradient: one generic over (i, j, c, f, n, y, x) reading the
// input at (n, 2y + i, 2x + j, c).
// CHECK: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5 * 2 + d0, d6 * 2 + d1, d2)>
// CHECK: func.func @conv_backprop_filter
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
func.func @conv_backprop_filter(%x: tensor<2x8x8x3xf32>, %dy: tensor<2x3x3x4xf32>) -> tensor<3x3x3x4xf32> {
  %0 = nn.conv2d_backprop_filter %x, %dy {strides = array<i64: 2, 2>} : tensor<2x8x8x3xf32>, tensor<2x3x3x4xf32> -> tensor<3x3x3x4xf32>
  return %0 : tensor<3x3x3x4xf32>
}

// -----

// Max pooling's gradient where the windows tile the input (the default:
// strides = pool size, no padding): a gather. One parallel op over the
// input viewed as [n, oh, kh, ow, kw, c] reads the window's four elements
// (constant indices), finds the first maximum with the scatter's
// comparisons, and writes dy there and 0 elsewhere. The row and column past
// the last window (5 = 2·2 + 1) stay zero: the op writes the covered part
// of a zero-filled tensor (in place once bufferized).
// CHECK-DAG:   #[[W00:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, 0, d3, 0, d5)>
// CHECK-DAG:   #[[W01:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, 0, d3, 1, d5)>
// CHECK-DAG:   #[[W10:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, 1, d3, 0, d5)>
// CHECK-DAG:   #[[W11:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, 1, d3, 1, d5)>
// CHECK-DAG:   #[[DY:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d3, d5)>
// CHECK-LABEL: func.func @max_pool_grad(
// CHECK-SAME:      %[[X:.+]]: tensor<1x5x5x2xf32>, %[[G:.+]]: tensor<1x2x2x2xf32>
// CHECK:         %[[COVERED:.+]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 4, 4, 2] [1, 1, 1, 1]
// CHECK:         %[[WIN:.+]] = tensor.expand_shape %[[COVERED]] {{\[}}[0], [1, 2], [3, 4], [5]] output_shape [1, 2, 2, 2, 2, 2]
// CHECK:         %[[ZERO:.+]] = linalg.fill
// CHECK:         %[[DXSLICE:.+]] = tensor.extract_slice %[[ZERO]][0, 0, 0, 0] [1, 4, 4, 2] [1, 1, 1, 1]
// CHECK:         %[[DXINIT:.+]] = tensor.expand_shape %[[DXSLICE]] {{\[}}[0], [1, 2], [3, 4], [5]]
// CHECK:         %[[DXW:.+]] = linalg.generic {indexing_maps = [#[[W00]], #[[W01]], #[[W10]], #[[W11]], #[[DY]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[WIN]], %[[WIN]], %[[WIN]], %[[WIN]], %[[G]] :
// CHECK-SAME:      outs(%[[DXINIT]] :
// CHECK-COUNT-4:   arith.cmpf ogt
// CHECK-DAG:       %[[J:.+]] = linalg.index 4
// CHECK-DAG:       %[[I:.+]] = linalg.index 2
// CHECK:           arith.cmpi eq
// CHECK:           linalg.yield
// CHECK:         %[[DX:.+]] = tensor.collapse_shape %[[DXW]]
// CHECK:         tensor.insert_slice %[[DX]] into %[[ZERO]][0, 0, 0, 0] [1, 4, 4, 2] [1, 1, 1, 1]
func.func @max_pool_grad(%x: tensor<1x5x5x2xf32>, %dy: tensor<1x2x2x2xf32>) -> tensor<1x5x5x2xf32> {
  %0 = nn.max_pool2d_grad %x, %dy : tensor<1x5x5x2xf32>, tensor<1x2x2x2xf32>
  return %0 : tensor<1x5x5x2xf32>
}
// Other pools scatter: a loop nest over the windows finds each first
// maximum and adds the window's gradient there. Windows that do not
// overlap (stride 3 > pool size 2 here) scatter into disjoint elements, so
// all four loops over dy are marked parallel; overlapping windows
// (stride 1) leave only images and channels parallel.
// CHECK-LABEL: func.func @max_pool_grad_disjoint
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK:               scf.for
// CHECK:                 arith.cmpf ogt
// CHECK:               tensor.insert
// CHECK:               scf.yield %inserted
// CHECK-NEXT:        } {nncc.parallel}
// CHECK-NEXT:        scf.yield
// CHECK-NEXT:      } {nncc.parallel}
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    } {nncc.parallel}
// CHECK-NEXT:    scf.yield
// CHECK-NEXT:  } {nncc.parallel}
func.func @max_pool_grad_disjoint(%x: tensor<1x5x5x2xf32>, %dy: tensor<1x2x2x2xf32>) -> tensor<1x5x5x2xf32> {
  %0 = nn.max_pool2d_grad %x, %dy {strides = array<i64: 3, 3>} : tensor<1x5x5x2xf32>, tensor<1x2x2x2xf32>
  return %0 : tensor<1x5x5x2xf32>
}
// CHECK-LABEL: func.func @max_pool_grad_overlapping
// CHECK:               scf.yield %inserted
// CHECK-NEXT:        } {nncc.parallel}
// CHECK-NEXT:        scf.yield
// CHECK-NEXT:      }{{$}}
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }{{$}}
// CHECK-NEXT:    scf.yield
// CHECK-NEXT:  } {nncc.parallel}
func.func @max_pool_grad_overlapping(%x: tensor<1x4x4x2xf32>, %dy: tensor<1x3x3x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = nn.max_pool2d_grad %x, %dy {strides = array<i64: 1, 1>} : tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Optimizer updates: one elementwise generic with the parameter and its
// slots as results. Adam's step size lr·sqrt(1−β2^t)/(1−β1^t) depends on
// the step alone: a 0-d generic computes it once, and the update reads it.
// CHECK-LABEL: func.func @updates
// CHECK:         %{{.*}}:2 = linalg.generic
// CHECK:         %[[ALPHA:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<f32>, tensor<f32>) outs(%{{.*}} : tensor<f32>)
// CHECK-COUNT-2:   math.powf
// CHECK:           math.sqrt
// CHECK:           arith.divf
// CHECK:         %{{.*}}:3 = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %[[ALPHA]], %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<8xf32>, tensor<f32>, tensor<8xf32>, tensor<8xf32>)
// CHECK-NOT:       math.powf
// CHECK:           math.sqrt
// CHECK:         return
func.func @updates(%p: tensor<8xf32>, %g: tensor<8xf32>, %s: tensor<8xf32>, %lr: tensor<f32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0:2 = nn.sgd_update %p, %g, %lr, %s {momentum = 0.9 : f64} : tensor<8xf32>, tensor<8xf32>, tensor<f32>, tensor<8xf32>
  %1:3 = nn.adam_update %0#0, %g, %lr, %lr, %s, %s : tensor<8xf32>, tensor<8xf32>, tensor<f32>, tensor<f32>, tensor<8xf32>, tensor<8xf32>
  return %1#0, %1#1 : tensor<8xf32>, tensor<8xf32>
}

// -----

// LSTM backpropagation through time: a forward loop saving the states,
// a reverse loop (t = 4 - step) carrying dh and dc, then the weight
// gradients over all steps at once.
// CHECK-LABEL: func.func @lstm_grad
// CHECK:         scf.for
// CHECK:           linalg.matmul
// CHECK:           tensor.insert_slice
// CHECK:         scf.for %[[STEP:.*]] = {{.*}} iter_args(%[[DH:.*]] = %{{.*}}, %[[DC:.*]] = %{{.*}}, %[[DZ:.*]] = %{{.*}}) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x5x16xf32>)
// CHECK:           arith.subi %{{.*}}, %[[STEP]] : index
// CHECK:           linalg.generic
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
func.func @lstm_grad(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>, %dy: tensor<2x4xf32>) -> tensor<3x16xf32> {
  %0:4 = nn.lstm_grad %x, %k, %r, %b, %dy : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<2x4xf32>
  return %0#1 : tensor<3x16xf32>
}
