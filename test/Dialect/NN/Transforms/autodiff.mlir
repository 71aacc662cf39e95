// RUN: nncc-opt %s --nn-autodiff --split-input-file --verify-diagnostics | FileCheck %s

// dense + relu + mean squared error: the reverse sweep seeds dL/dL = 1,
// takes MSE's gradient 2 (p − t) / N, masks it with relu_grad and gives
// dk = xᵀ · dy.
// CHECK-LABEL: func.func @dense_grad
// CHECK-SAME:    (%[[K:[^:]*]]: tensor<4x3xf32>, %[[X:[^:]*]]: tensor<2x4xf32>, %[[T:[^:]*]]: tensor<2x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
// CHECK:         %[[D:.*]] = nn.dense %[[X]], %[[K]]
// CHECK:         %[[R:.*]] = nn.relu %[[D]]
// CHECK:         %[[L:.*]] = nn.mean_squared_error %[[R]], %[[T]]
// CHECK:         %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DIFF:.*]] = nn.sub %[[R]], %[[T]]
// CHECK:         %[[SCALE:.*]] = arith.constant dense<0.333333343> : tensor<f32>
// CHECK:         %[[FACTOR:.*]] = nn.mul %[[ONE]], %[[SCALE]]
// CHECK:         %[[DP:.*]] = nn.mul %[[DIFF]], %[[FACTOR]]
// CHECK:         %[[DD:.*]] = nn.relu_grad %[[D]], %[[DP]]
// CHECK:         %[[DK:.*]] = nn.matmul %[[X]], %[[DD]] {transpose_lhs}
// CHECK:         return %[[L]], %[[DK]] : tensor<f32>, tensor<4x3xf32>
func.func @dense(%k: tensor<4x3xf32>, %x: tensor<2x4xf32>, %t: tensor<2x3xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0>} {
  %0 = nn.dense %x, %k : tensor<2x4xf32>, tensor<4x3xf32>
  %1 = nn.relu %0 : tensor<2x3xf32>
  %2 = nn.mean_squared_error %1, %t : tensor<2x3xf32>, tensor<2x3xf32>
  return %2 : tensor<f32>
}

// -----

// A value used twice gets the sum of both gradients; a broadcast operand
// gets its gradient summed back to its shape.
// CHECK-LABEL: func.func @reuse_grad
// CHECK-SAME:    -> (tensor<f32>, tensor<3xf32>)
// CHECK-DAG:     nn.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<2x3xf32>
// CHECK-DAG:     %[[SUM:.*]] = nn.add %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<2x3xf32>
// CHECK:         return
func.func @reuse(%b: tensor<3xf32>, %x: tensor<2x3xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0>} {
  %0 = nn.add %x, %b : tensor<2x3xf32>, tensor<3xf32>
  %1 = nn.mul %0, %0 : tensor<2x3xf32>, tensor<2x3xf32>
  %2 = nn.mean_squared_error %1, %x : tensor<2x3xf32>, tensor<2x3xf32>
  return %2 : tensor<f32>
}

// -----

// Convolution, pooling, flatten and the sparse cross-entropy: their
// dedicated gradient ops.
// CHECK-LABEL: func.func @cnn_grad
// CHECK:         nn.one_hot
// CHECK:         nn.reshape %{{.*}} : tensor<2x16xf32> -> tensor<2x2x2x4xf32>
// CHECK:         nn.max_pool2d_grad
// CHECK:         nn.relu_grad
// CHECK-DAG:     nn.conv2d_backprop_filter %{{.*}}, %{{.*}} {padding = #nn.padding<same>} : tensor<2x4x4x1xf32>, tensor<2x4x4x4xf32> -> tensor<3x3x1x4xf32>
// CHECK-DAG:     nn.reduce_sum %{{.*}} {axes = array<i64: 0, 1, 2>} : tensor<2x4x4x4xf32>
// CHECK:         return %{{.*}}, %{{.*}}, %{{.*}} : tensor<f32>, tensor<3x3x1x4xf32>, tensor<4xf32>
func.func @cnn(%k: tensor<3x3x1x4xf32>, %b: tensor<4xf32>, %x: tensor<2x4x4x1xf32>,
               %w: tensor<16x3xf32>, %labels: tensor<2xi32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0, 1>} {
  %0 = nn.conv2d %x, %k, %b {padding = #nn.padding<same>} : tensor<2x4x4x1xf32>, tensor<3x3x1x4xf32>, tensor<4xf32>
  %1 = nn.relu %0 : tensor<2x4x4x4xf32>
  %2 = nn.max_pool2d %1 : tensor<2x4x4x4xf32>
  %3 = nn.flatten %2 : tensor<2x2x2x4xf32>
  %4 = nn.dense %3, %w : tensor<2x16xf32>, tensor<16x3xf32>
  %5 = nn.sparse_softmax_cross_entropy %4, %labels : tensor<2x3xf32>, tensor<2xi32>
  return %5 : tensor<f32>
}

// -----

// Recurrent layers differentiate through their *_grad ops.
// CHECK-LABEL: func.func @lstm_grad
// CHECK:         %{{.*}}, %[[DK:.*]], %[[DR:.*]], %[[DB:.*]] = nn.lstm_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {return_sequences} : tensor<2x3x2xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<8xf32>, tensor<2x3x2xf32>
// CHECK:         return %{{.*}}, %[[DK]], %[[DR]], %[[DB]]
func.func @lstm(%k: tensor<2x8xf32>, %r: tensor<2x8xf32>, %b: tensor<8xf32>,
                %x: tensor<2x3x2xf32>, %t: tensor<2x3x2xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0, 1, 2>} {
  %0 = nn.lstm %x, %k, %r, %b {return_sequences} : tensor<2x3x2xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<8xf32>
  %1 = nn.mean_squared_error %0, %t : tensor<2x3x2xf32>, tensor<2x3x2xf32>
  return %1 : tensor<f32>
}

// -----

// An argument the loss does not depend on gets a zero gradient.
// CHECK-LABEL: func.func @unused_grad
// CHECK:         %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<5xf32>
// CHECK:         return %{{.*}}, %[[Z]]
func.func @unused(%unused: tensor<5xf32>, %x: tensor<2xf32>, %t: tensor<2xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0>} {
  %0 = nn.mean_squared_error %x, %t : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<f32>
}

// -----

func.func private @opaque(tensor<2xf32>) -> tensor<2xf32>
func.func @blocked(%w: tensor<2xf32>, %t: tensor<2xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0>} {
  // expected-error @+1 {{'func.call' op is on the path from the parameters to the loss but has no gradient}}
  %0 = func.call @opaque(%w) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = nn.mean_squared_error %0, %t : tensor<2xf32>, tensor<2xf32>
  return %1 : tensor<f32>
}

// -----

// expected-error @+1 {{'func.func' op needs a 0-d float loss as its first result and `nn.wrt` to be differentiated}}
func.func @not_scalar(%w: tensor<2xf32>) -> tensor<2xf32> attributes {nn.wrt = array<i64: 0>} {
  return %w : tensor<2xf32>
}

// -----

// Keras's activations differentiate through nn.activation_grad of their
// kind and parameter; prelu through prelu_grad for the input and
// dy · min(x, 0) summed to alpha's shape; maximum sends dy to lhs where it
// wins (maximum_grad) and the rest to rhs, each unbroadcast.
// CHECK-LABEL: func.func @activations_grad
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x3xf32>, %[[A:[^:]*]]: tensor<3xf32>, %[[T:[^:]*]]: tensor<2x3xf32>)
// CHECK:         %[[E:.*]] = nn.elu %[[X]] {alpha = 5.000000e-01 : f64}
// CHECK:         %[[P:.*]] = nn.prelu %[[E]], %[[A]]
// CHECK:         %[[M:.*]] = nn.maximum %[[P]], %[[A]]
// CHECK:         %[[TOP:.*]] = nn.maximum_grad %[[P]], %[[A]], %[[DM:[^ ]*]] :
// CHECK:         %[[REST:.*]] = nn.sub %[[DM]], %[[TOP]]
// CHECK:         %[[DA1:.*]] = nn.reduce_sum %[[REST]] {axes = array<i64: 0>}
// CHECK:         %[[DP:.*]] = nn.prelu_grad %[[E]], %[[A]], %[[TOP]]
// CHECK:         %[[NEG:.*]] = nn.minimum %[[E]], %{{.*}} : tensor<2x3xf32>, tensor<f32>
// CHECK:         %[[DAF:.*]] = nn.mul %[[TOP]], %[[NEG]]
// CHECK:         %[[DA2:.*]] = nn.reduce_sum %[[DAF]] {axes = array<i64: 0>}
// CHECK:         %[[DA:.*]] = nn.add %[[DA1]], %[[DA2]]
// CHECK:         %[[DX:.*]] = nn.activation_grad %[[X]], %[[DP]] {activation = #nn.activation<elu>, parameter = 5.000000e-01 : f64}
// CHECK:         return %{{.*}}, %[[DX]], %[[DA]]
func.func @activations(%x: tensor<2x3xf32>, %a: tensor<3xf32>, %t: tensor<2x3xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0, 1>} {
  %0 = nn.elu %x {alpha = 0.5 : f64} : tensor<2x3xf32>
  %1 = nn.prelu %0, %a : tensor<2x3xf32>, tensor<3xf32>
  %2 = nn.maximum %1, %a : tensor<2x3xf32>, tensor<3xf32>
  %3 = nn.mean_squared_error %2, %t : tensor<2x3xf32>, tensor<2x3xf32>
  return %3 : tensor<f32>
}

// -----

// concatenate's gradient is a slice of dy per input; pad's the box where
// its input was; slice's dy padded back; a global pool's gradient is the
// windowed pool's over one h x w window.
// CHECK-LABEL: func.func @shape_grad
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x4x4x3xf32>, %[[T:[^:]*]]: tensor<2x5xf32>)
// CHECK:         %[[P:.*]] = nn.pad %[[X]] {high = array<i64: 0, 1, 0, 0>, low = array<i64: 0, 1, 2, 0>}
// CHECK:         %[[C:.*]] = nn.concatenate %[[P]], %[[P]]
// CHECK:         %[[S:.*]] = nn.slice %[[C]] {offsets = array<i64: 0, 0, 1, 1>, sizes = array<i64: 2, 6, 5, 5>}
// CHECK:         %[[G:.*]] = nn.global_max_pool2d %[[S]]
// CHECK:         %[[DG:.*]] = nn.reshape %{{.*}} : tensor<2x5xf32> -> tensor<2x1x1x5xf32>
// CHECK:         %[[DS:.*]] = nn.max_pool2d_grad %[[S]], %[[DG]] {pool_size = array<i64: 6, 5>}
// CHECK:         %[[DC:.*]] = nn.pad %[[DS]] {high = array<i64: 0, 0, 0, 0>, low = array<i64: 0, 0, 1, 1>}
// CHECK:         %[[D0:.*]] = nn.slice %[[DC]] {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 2, 6, 6, 3>}
// CHECK:         %[[D1:.*]] = nn.slice %[[DC]] {offsets = array<i64: 0, 0, 0, 3>, sizes = array<i64: 2, 6, 6, 3>}
// CHECK:         %[[DP:.*]] = nn.add %[[D0]], %[[D1]]
// CHECK:         %[[DX:.*]] = nn.slice %[[DP]] {offsets = array<i64: 0, 1, 2, 0>, sizes = array<i64: 2, 4, 4, 3>}
// CHECK:         return %{{.*}}, %[[DX]]
func.func @shape(%x: tensor<2x4x4x3xf32>, %t: tensor<2x5xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0>} {
  %0 = nn.pad %x {low = array<i64: 0, 1, 2, 0>, high = array<i64: 0, 1, 0, 0>} : tensor<2x4x4x3xf32>
  %1 = nn.concatenate %0, %0 : tensor<2x6x6x3xf32>, tensor<2x6x6x3xf32>
  %2 = nn.slice %1 {offsets = array<i64: 0, 0, 1, 1>, sizes = array<i64: 2, 6, 5, 5>} : tensor<2x6x6x6xf32>
  %3 = nn.global_max_pool2d %2 : tensor<2x6x5x5xf32>
  %4 = nn.mean_squared_error %3, %t : tensor<2x5xf32>, tensor<2x5xf32>
  return %4 : tensor<f32>
}

// -----

// transpose's gradient is the inverse transpose; repeat_vector's the sum
// over the copies; upsampling2d's dy viewed as [n, h, sh, w, sw, c] and
// summed over each block.
// CHECK-LABEL: func.func @copies_grad
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x3xf32>, %[[U:[^:]*]]: tensor<1x2x3x2xf32>, %[[T:[^:]*]]: tensor<3x2x4xf32>, %[[S:[^:]*]]: tensor<1x6x6x2xf32>)
// CHECK:         %[[R:.*]] = nn.repeat_vector %[[X]] {n = 4 : i64}
// CHECK:         %[[P:.*]] = nn.transpose %[[R]] {permutation = array<i64: 2, 0, 1>}
// CHECK:         %[[UP:.*]] = nn.upsampling2d %[[U]] {size = array<i64: 3, 2>}
// CHECK:         %[[DU:.*]] = nn.reshape %{{.*}} : tensor<1x6x6x2xf32> -> tensor<1x2x3x3x2x2xf32>
// CHECK:         nn.reduce_sum %[[DU]] {axes = array<i64: 2, 4>}
// CHECK:         %[[DR:.*]] = nn.transpose %{{.*}} {permutation = array<i64: 1, 2, 0>}
// CHECK:         nn.reduce_sum %[[DR]] {axes = array<i64: 1>}
func.func @copies(%x: tensor<2x3xf32>, %u: tensor<1x2x3x2xf32>, %t: tensor<3x2x4xf32>, %s: tensor<1x6x6x2xf32>) -> tensor<f32>
    attributes {nn.wrt = array<i64: 0, 1>} {
  %0 = nn.repeat_vector %x {n = 4 : i64} : tensor<2x3xf32>
  %1 = nn.transpose %0 {permutation = array<i64: 2, 0, 1>} : tensor<2x4x3xf32>
  %2 = nn.mean_squared_error %1, %t : tensor<3x2x4xf32>, tensor<3x2x4xf32>
  %3 = nn.upsampling2d %u {size = array<i64: 3, 2>} : tensor<1x2x3x2xf32>
  %4 = nn.mean_squared_error %3, %s : tensor<1x6x6x2xf32>, tensor<1x6x6x2xf32>
  %5 = nn.add %2, %4 : tensor<f32>, tensor<f32>
  return %5 : tensor<f32>
}
