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
