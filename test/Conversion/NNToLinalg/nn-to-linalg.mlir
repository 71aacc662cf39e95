// RUN: nncc-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @relu
// CHECK-SAME:    %[[X:.*]]: tensor<4x8xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<4x8xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK:           arith.maximumf
func.func @relu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = nn.relu %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)), tanh through math.tanh.
// CHECK-LABEL: func.func @sigmoid_tanh
// CHECK:         linalg.generic
// CHECK:           arith.negf
// CHECK-NEXT:      math.exp
// CHECK-NEXT:      arith.addf
// CHECK-NEXT:      arith.divf
// CHECK:         linalg.generic
// CHECK:           math.tanh
func.func @sigmoid_tanh(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = nn.sigmoid %x : tensor<4xf64>
  %1 = nn.tanh %0 : tensor<4xf64>
  return %1 : tensor<4xf64>
}

// -----

// Broadcast operands are read through maps with constant 0 for size-1
// dimensions and without the missing leading dimensions.
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @broadcast
// CHECK:         linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #[[ID]]]
// CHECK:           arith.mulf
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]
// CHECK:           arith.subf
func.func @broadcast(%a: tensor<4x1xf32>, %b: tensor<10xf32>) -> tensor<4x10xf32> {
  %0 = nn.mul %a, %b : tensor<4x1xf32>, tensor<10xf32>
  %1 = nn.sub %0, %b : tensor<4x10xf32>, tensor<10xf32>
  return %1 : tensor<4x10xf32>
}

// -----

// dense: the bias initializes the destination, the matmul accumulates; a
// rank-3 input is collapsed to a matrix and the result expanded back.
// CHECK-LABEL: func.func @dense
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x8xf32>, %[[K:.*]]: tensor<8x5xf32>, %[[B:.*]]: tensor<5xf32>
// CHECK:         %[[M:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<2x3x8xf32> into tensor<6x8xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<5xf32>) outs(%{{.*}} : tensor<6x5xf32>)
// CHECK:         %[[MM:.*]] = linalg.matmul ins(%[[M]], %[[K]] : tensor<6x8xf32>, tensor<8x5xf32>) outs(%[[INIT]] : tensor<6x5xf32>)
// CHECK:         tensor.expand_shape %[[MM]] {{\[\[}}0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
func.func @dense(%x: tensor<2x3x8xf32>, %k: tensor<8x5xf32>, %b: tensor<5xf32>) -> tensor<2x3x5xf32> {
  %0 = nn.dense %x, %k, %b : tensor<2x3x8xf32>, tensor<8x5xf32>, tensor<5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// A dense layer without bias accumulates into zeros.
// CHECK-LABEL: func.func @dense_no_bias
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x5xf32>)
// CHECK:         linalg.matmul {{.*}} outs(%[[Z]] : tensor<2x5xf32>)
func.func @dense_no_bias(%x: tensor<2x8xf32>, %k: tensor<8x5xf32>) -> tensor<2x5xf32> {
  %0 = nn.dense %x, %k : tensor<2x8xf32>, tensor<8x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// `same` padding with stride 2 over 9: output 5, total padding
// (5 - 1) * 2 + 3 - 9 = 2, one before and one after. Dilation 2 on the
// width: total (9 - 1) * 1 + 5 - 9 = 4, two and two.
// CHECK-LABEL: func.func @conv_same
// CHECK:         %[[P:.*]] = tensor.pad %{{.*}} low[0, 1, 2, 0] high[0, 1, 2, 0]
// CHECK:           tensor.yield %{{.*}} : f32
// CHECK:         } : tensor<2x9x9x3xf32> to tensor<2x11x13x3xf32>
// CHECK:         linalg.conv_2d_nhwc_hwcf {dilations = dense<[1, 2]> : vector<2xi64>, strides = dense<[2, 1]> : vector<2xi64>} ins(%[[P]], %{{.*}} : tensor<2x11x13x3xf32>, tensor<3x3x3x8xf32>) outs(%{{.*}} : tensor<2x5x9x8xf32>)
func.func @conv_same(%x: tensor<2x9x9x3xf32>, %k: tensor<3x3x3x8xf32>, %b: tensor<8xf32>) -> tensor<2x5x9x8xf32> {
  %0 = nn.conv2d %x, %k, %b {strides = array<i64: 2, 1>, dilation = array<i64: 1, 2>, padding = #nn.padding<same>} : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>, tensor<8xf32>
  return %0 : tensor<2x5x9x8xf32>
}

// -----

// `valid` needs no padding.
// CHECK-LABEL: func.func @conv_valid
// CHECK-NOT:     tensor.pad
// CHECK:         linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
func.func @conv_valid(%x: tensor<2x9x9x3xf32>, %k: tensor<3x3x3x8xf32>) -> tensor<2x7x7x8xf32> {
  %0 = nn.conv2d %x, %k : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>
  return %0 : tensor<2x7x7x8xf32>
}

// -----

// Max pooling pads with -inf and starts from -inf.
// CHECK-LABEL: func.func @max_pool_same
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         tensor.pad
// CHECK:           tensor.yield %[[NEGINF]]
// CHECK:         linalg.fill ins(%{{.*}} : f32)
// CHECK:         linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x6x6x2xf32>, tensor<2x2xf32>)
func.func @max_pool_same(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32> {
  %0 = nn.max_pool2d %x {padding = #nn.padding<same>} : tensor<1x5x5x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

// -----

// Average pooling divides each window's sum by the elements it covers: over
// 5 with a 2-window and stride 2 under `same`, the last window covers one
// element, so the corner divides by 1 and the edges by 2.
// CHECK-LABEL: func.func @avg_pool_same
// CHECK:         %[[SUM:.*]] = linalg.pooling_nhwc_sum
// CHECK:         %[[SCALE:.*]] = arith.constant dense<{{\[\[\[}}[2.500000e-01], [2.500000e-01], [5.000000e-01]], {{\[\[}}2.500000e-01], [2.500000e-01], [5.000000e-01]], {{\[\[}}5.000000e-01], [5.000000e-01], [1.000000e+00]]]]> : tensor<1x3x3x1xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[SUM]], %[[SCALE]] : tensor<1x3x3x2xf32>, tensor<1x3x3x1xf32>)
// CHECK:           arith.mulf
func.func @avg_pool_same(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32> {
  %0 = nn.avg_pool2d %x {padding = #nn.padding<same>} : tensor<1x5x5x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

// -----

// softmax: max-reduction, exp(x - max), sum-reduction, divide; the reduced
// tensors get their axis back as a unit dimension.
// CHECK-LABEL: func.func @softmax
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK:           arith.maximumf
// CHECK:         %[[MAXK:.*]] = tensor.expand_shape %[[MAX]] {{\[\[}}0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
// CHECK:         %[[EXP:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[MAXK]] : tensor<4x10xf32>, tensor<4x1xf32>)
// CHECK:           arith.subf
// CHECK:           math.exp
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK:           arith.addf
// CHECK:         linalg.generic
// CHECK:           arith.divf
func.func @softmax(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = nn.softmax %x : tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// log_softmax along axis 0 reduces the first dimension.
// CHECK-LABEL: func.func @log_softmax_axis0
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [1, 10] : tensor<10xf32> into tensor<1x10xf32>
// CHECK:         math.log
func.func @log_softmax_axis0(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = nn.log_softmax %x {axis = 0} : tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// Sparse cross-entropy picks lse - x[label] with linalg.index and reduces
// everything into a scalar, then scales by 1 / rows.
// CHECK-LABEL: func.func @sparse_ce
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:           linalg.index 1 : index
// CHECK:           arith.index_cast
// CHECK:           arith.cmpi eq
// CHECK:           arith.select
// CHECK:         arith.constant 1.250000e-01 : f32
func.func @sparse_ce(%logits: tensor<8x10xf32>, %labels: tensor<8xi32>) -> tensor<f32> {
  %0 = nn.sparse_softmax_cross_entropy %logits, %labels : tensor<8x10xf32>, tensor<8xi32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @softmax_ce
// CHECK:         math.log
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK:           arith.subf
// CHECK:           arith.mulf
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:         arith.constant 2.500000e-01 : f32
func.func @softmax_ce(%logits: tensor<4x3xf32>, %t: tensor<4x3xf32>) -> tensor<f32> {
  %0 = nn.softmax_cross_entropy %logits, %t : tensor<4x3xf32>, tensor<4x3xf32>
  return %0 : tensor<f32>
}

// -----

// mean((p - t)^2) over all 12 elements.
// CHECK-LABEL: func.func @mse
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:           arith.subf
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:         arith.constant 0.083333333333333329 : f64
func.func @mse(%p: tensor<4x3xf64>, %t: tensor<4x3xf64>) -> tensor<f64> {
  %0 = nn.mean_squared_error %p, %t : tensor<4x3xf64>, tensor<4x3xf64>
  return %0 : tensor<f64>
}

// -----

// Batch norm (inference): per-channel scale = gamma * rsqrt(var + eps) and
// shift = beta - mean * scale, then one pass over the input.
// CHECK-LABEL: func.func @batch_norm
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<4xf32>)
// CHECK:           math.rsqrt
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<4xf32>)
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3x3x4xf32>, tensor<4xf32>, tensor<4xf32>)
func.func @batch_norm(%x: tensor<2x3x3x4xf32>, %p: tensor<4xf32>) -> tensor<2x3x3x4xf32> {
  %0 = nn.batch_norm %x, %p, %p, %p, %p : tensor<2x3x3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<2x3x3x4xf32>
}

// -----

// Training mode reduces the batch statistics over all axes but the last.
// CHECK-LABEL: func.func @batch_norm_training
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction", "parallel"]
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction", "parallel"]
// CHECK:           arith.subf
// CHECK:           arith.mulf
// CHECK:         arith.constant 9.900000e-01 : f32
func.func @batch_norm_training(%x: tensor<2x3x4xf32>, %p: tensor<4xf32>) -> (tensor<2x3x4xf32>, tensor<4xf32>) {
  %0:3 = nn.batch_norm_training %x, %p, %p, %p, %p : tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return %0#0, %0#1 : tensor<2x3x4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @shapes
// CHECK:         %[[F:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<2x3x3x4xf32> into tensor<2x36xf32>
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[F]] {{\[\[}}0, 1]] : tensor<2x36xf32> into tensor<72xf32>
// CHECK:         tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2]] output_shape [2, 6, 6] : tensor<72xf32> into tensor<2x6x6xf32>
func.func @shapes(%x: tensor<2x3x3x4xf32>) -> tensor<2x6x6xf32> {
  %0 = nn.flatten %x : tensor<2x3x3x4xf32>
  %1 = nn.reshape %0 : tensor<2x36xf32> -> tensor<2x6x6xf32>
  return %1 : tensor<2x6x6xf32>
}

// -----

// LSTM: one matmul projects all timesteps; the loop over 5 steps carries
// h, c and the output sequence; each step is one matmul into the step's
// projection, four gate slices and one fused cell update.
// CHECK-LABEL: func.func @lstm
// CHECK:         %[[ROWS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x5x3xf32> into tensor<10x3xf32>
// CHECK:         linalg.matmul ins(%[[ROWS]], %{{.*}} : tensor<10x3xf32>, tensor<3x16xf32>)
// CHECK:         %[[XK:.*]] = tensor.expand_shape {{.*}} into tensor<2x5x16xf32>
// CHECK:         %[[C5:.*]] = arith.constant 5 : index
// CHECK:         scf.for %[[T:.*]] = %{{.*}} to %[[C5]] step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}, %[[SEQ:.*]] = %{{.*}}) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x5x4xf32>)
// CHECK:           %[[XT:.*]] = tensor.extract_slice %[[XK]][0, %[[T]], 0] [2, 1, 16] [1, 1, 1] : tensor<2x5x16xf32> to tensor<2x16xf32>
// CHECK:           %[[Z:.*]] = linalg.matmul ins(%[[H]], %{{.*}} : tensor<2x4xf32>, tensor<4x16xf32>) outs(%[[XT]] : tensor<2x16xf32>)
// CHECK:           %[[I:.*]] = tensor.extract_slice %[[Z]][0, 0] [2, 4] [1, 1]
// CHECK:           %[[FG:.*]] = tensor.extract_slice %[[Z]][0, 4] [2, 4] [1, 1]
// CHECK:           %[[G:.*]] = tensor.extract_slice %[[Z]][0, 8] [2, 4] [1, 1]
// CHECK:           %[[O:.*]] = tensor.extract_slice %[[Z]][0, 12] [2, 4] [1, 1]
// CHECK:           %[[CELL:.*]]:2 = linalg.generic {{.*}} ins(%[[I]], %[[FG]], %[[G]], %[[O]] : {{.*}}) outs(%[[H]], %[[C]] :
// CHECK:           %[[NEWSEQ:.*]] = tensor.insert_slice %[[CELL]]#0 into %[[SEQ]][0, %[[T]], 0] [2, 1, 4] [1, 1, 1]
// CHECK:           scf.yield %[[CELL]]#0, %[[CELL]]#1, %[[NEWSEQ]]
func.func @lstm(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>) -> tensor<2x5x4xf32> {
  %0 = nn.lstm %x, %k, %r, %b {return_sequences} : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// GRU: row 0 of the bias joins the input projection, row 1 the recurrent
// product; the loop carries only h (no sequence) and starts from h0.
// CHECK-LABEL: func.func @gru
// CHECK-SAME:    %[[B:[^:]*]]: tensor<2x12xf32>, %[[H0:.*]]: tensor<2x4xf32>
// CHECK-DAG:     tensor.extract_slice %[[B]][0, 0] [1, 12] [1, 1] : tensor<2x12xf32> to tensor<12xf32>
// CHECK-DAG:     tensor.extract_slice %[[B]][1, 0] [1, 12] [1, 1] : tensor<2x12xf32> to tensor<12xf32>
// CHECK:         scf.for {{.*}} iter_args(%[[H:.*]] = %[[H0]]) -> (tensor<2x4xf32>)
// CHECK:           linalg.matmul ins(%[[H]], %{{.*}} : tensor<2x4xf32>, tensor<4x12xf32>)
// CHECK:           linalg.generic
// CHECK:           scf.yield %{{.*}} : tensor<2x4xf32>
func.func @gru(%x: tensor<2x5x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>, %b: tensor<2x12xf32>, %h0: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.gru %x, %k, %r, %b, %h0 : tensor<2x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>, tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// SimpleRNN: h = tanh(x_t k + b + h r).
// CHECK-LABEL: func.func @simple_rnn
// CHECK:         scf.for
// CHECK:           linalg.matmul
// CHECK:           linalg.generic
// CHECK:             math.tanh
func.func @simple_rnn(%x: tensor<2x5x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = nn.simple_rnn %x, %k, %r, %b : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Model state is left for later passes.
// CHECK-LABEL: module @model
// CHECK:         nn.parameter @w
// CHECK:         nn.parameter_read @w
// CHECK:         linalg.matmul
// CHECK:         nn.train_config
module @model {
  nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<4x3xf32>
    %0 = nn.dense %x, %w : tensor<2x4xf32>, tensor<4x3xf32>
    return %0 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}

// -----

// A splat constant of 4096 elements or more is a fill of an empty tensor
// (bufferized: a fill of its destination, not a copy from a global of its
// size); smaller splats and non-splat constants stay constants.
// CHECK-LABEL: func.func @splat_constants
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[SMALL:.*]] = arith.constant dense<1.000000e+00> : tensor<4095xf32>
// CHECK-DAG: %[[TABLE:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[EMPTY:.*]] = tensor.empty() : tensor<268435456xf32>
// CHECK-DAG: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<268435456xf32>)
// CHECK: return %[[FILL]], %[[SMALL]], %[[TABLE]]
func.func @splat_constants() -> (tensor<268435456xf32>, tensor<4095xf32>, tensor<2xf32>) {
  %big = arith.constant dense<0.0> : tensor<268435456xf32>
  %small = arith.constant dense<1.0> : tensor<4095xf32>
  %table = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %big, %small, %table : tensor<268435456xf32>, tensor<4095xf32>, tensor<2xf32>
}
