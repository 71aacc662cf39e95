// RUN: nncc-opt %s | FileCheck %s
// RUN: nncc-opt %s | nncc-opt | FileCheck %s
// RUN: nncc-opt %s --mlir-print-op-generic | nncc-opt | FileCheck %s

// Every op and attribute of the nn dialect, printed and parsed back. Result
// types are left out where they are inferred.

// CHECK-LABEL: module @model
module @model {
  // CHECK: nn.parameter @k : tensor<3x3x1x4xf32> init<glorot_uniform>
  nn.parameter @k : tensor<3x3x1x4xf32> init<glorot_uniform>
  // CHECK: nn.parameter @u : tensor<4xf64> init<uniform(-1.000000e-01, 1.000000e-01)>
  nn.parameter @u : tensor<4xf64> init<uniform(-0.1, 0.1)>
  // CHECK: nn.parameter @c : tensor<4xf32> init<constant(2.500000e-01)>
  nn.parameter @c : tensor<4xf32> init<constant(0.25)>
  // CHECK: nn.parameter @n : tensor<4x4xf32> init<normal>
  nn.parameter @n : tensor<4x4xf32> init<normal>
  // CHECK: nn.parameter @o : tensor<4x8xf32> init<orthogonal(2.000000e+00)>
  nn.parameter @o : tensor<4x8xf32> init<orthogonal(2.0)>
  // CHECK: nn.parameter @g : tensor<4x4xf32> init<glorot_normal>
  nn.parameter @g : tensor<4x4xf32> init<glorot_normal>
  // CHECK: nn.parameter @hu : tensor<4x4xf32> init<he_uniform>
  nn.parameter @hu : tensor<4x4xf32> init<he_uniform>
  // CHECK: nn.parameter @hn : tensor<4x4xf32> init<he_normal>
  nn.parameter @hn : tensor<4x4xf32> init<he_normal>
  // CHECK: nn.parameter @ones : tensor<4xf32> init<ones>
  nn.parameter @ones : tensor<4xf32> init<ones>
  // CHECK: nn.parameter @lstm.bias : tensor<16xf32> init<unit_forget_bias>
  nn.parameter @lstm.bias : tensor<16xf32> init<unit_forget_bias>
  // CHECK: nn.parameter @bn.mean : tensor<4xf32> init<zeros> non_trainable
  nn.parameter @bn.mean : tensor<4xf32> init<zeros> non_trainable

  // CHECK-LABEL: func.func @parameters
  func.func @parameters(%v: tensor<4xf32>) -> tensor<4xf32> {
    // CHECK: %[[MEAN:.*]] = nn.parameter_read @bn.mean : tensor<4xf32>
    %0 = nn.parameter_read @bn.mean : tensor<4xf32>
    // CHECK: nn.parameter_write @bn.mean, %{{.*}} : tensor<4xf32>
    nn.parameter_write @bn.mean, %v : tensor<4xf32>
    // CHECK: return %[[MEAN]]
    return %0 : tensor<4xf32>
  }

  // CHECK: nn.train_config @parameters {from_logits, loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<learning_rate = 1.000000e-01, momentum = 9.000000e-01, nesterov = true, weight_decay = 1.000000e-04>}
  nn.train_config @parameters {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<learning_rate = 0.1, momentum = 0.9, nesterov = true, weight_decay = 1.0e-4>, from_logits}
}

// CHECK-LABEL: func.func @conv_pool_dense
func.func @conv_pool_dense(%x: tensor<2x9x9x3xf32>, %k: tensor<3x3x3x8xf32>,
                           %b: tensor<8xf32>, %w: tensor<8x5xf32>,
                           %wb: tensor<5xf32>) -> tensor<2x5x9x8xf32> {
  // CHECK: nn.conv2d %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>, tensor<8xf32>{{$}}
  %0 = nn.conv2d %x, %k, %b : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>, tensor<8xf32>
  // CHECK: nn.conv2d %{{.*}}, %{{.*}} {dilation = array<i64: 2, 2>, padding = #nn.padding<same>, strides = array<i64: 2, 1>} : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>{{$}}
  %1 = nn.conv2d %x, %k {strides = array<i64: 2, 1>, padding = #nn.padding<same>, dilation = array<i64: 2, 2>} : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>
  // CHECK: nn.max_pool2d %{{.*}} : tensor<2x7x7x8xf32>{{$}}
  %2 = nn.max_pool2d %0 : tensor<2x7x7x8xf32>
  // CHECK: nn.max_pool2d %{{.*}} {padding = #nn.padding<same>, pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<2x7x7x8xf32>{{$}}
  %3 = nn.max_pool2d %0 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #nn.padding<same>} : tensor<2x7x7x8xf32>
  // CHECK: nn.avg_pool2d %{{.*}} {strides = array<i64: 1, 1>} : tensor<2x7x7x8xf32>{{$}}
  %4 = nn.avg_pool2d %0 {strides = array<i64: 1, 1>} : tensor<2x7x7x8xf32>
  // CHECK: nn.dense %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x5x9x8xf32>, tensor<8x5xf32>, tensor<5xf32>{{$}}
  %5 = nn.dense %1, %w, %wb : tensor<2x5x9x8xf32>, tensor<8x5xf32>, tensor<5xf32>
  // CHECK: nn.dense %{{.*}}, %{{.*}} : tensor<2x5x9x8xf32>, tensor<8x5xf32>{{$}}
  %6 = nn.dense %1, %w : tensor<2x5x9x8xf32>, tensor<8x5xf32>
  return %1 : tensor<2x5x9x8xf32>
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%x: tensor<4x10xf32>, %row: tensor<10xf32>,
                       %col: tensor<4x1xf32>) -> tensor<4x10xf32> {
  // CHECK: nn.relu %{{.*}} : tensor<4x10xf32>{{$}}
  %0 = nn.relu %x : tensor<4x10xf32>
  // CHECK: nn.sigmoid %{{.*}} : tensor<4x10xf32>{{$}}
  %1 = nn.sigmoid %0 : tensor<4x10xf32>
  // CHECK: nn.tanh %{{.*}} : tensor<4x10xf32>{{$}}
  %2 = nn.tanh %1 : tensor<4x10xf32>
  // CHECK: nn.softmax %{{.*}} : tensor<4x10xf32>{{$}}
  %3 = nn.softmax %2 : tensor<4x10xf32>
  // CHECK: nn.log_softmax %{{.*}} {axis = 0 : i64} : tensor<4x10xf32>{{$}}
  %4 = nn.log_softmax %3 {axis = 0} : tensor<4x10xf32>
  // CHECK: nn.add %{{.*}}, %{{.*}} : tensor<4x10xf32>, tensor<10xf32>{{$}}
  %5 = nn.add %4, %row : tensor<4x10xf32>, tensor<10xf32>
  // CHECK: nn.sub %{{.*}}, %{{.*}} : tensor<4x10xf32>, tensor<4x1xf32>{{$}}
  %6 = nn.sub %5, %col : tensor<4x10xf32>, tensor<4x1xf32>
  // CHECK: nn.mul %{{.*}}, %{{.*}} : tensor<4x1xf32>, tensor<10xf32>{{$}}
  %7 = nn.mul %col, %row : tensor<4x1xf32>, tensor<10xf32>
  return %7 : tensor<4x10xf32>
}

// CHECK-LABEL: func.func @normalization_and_shapes
func.func @normalization_and_shapes(%x: tensor<2x3x3x4xf64>, %p: tensor<4xf64>)
    -> tensor<2x36xf64> {
  // CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>{{$}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : tensor<2x3x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>
  // CHECK: nn.batch_norm_training %{{.*}} {epsilon = 1.000000e-05 : f64, momentum = 9.000000e-01 : f64} : tensor<2x3x3x4xf64>
  %1:3 = nn.batch_norm_training %0, %p, %p, %p, %p {epsilon = 1.0e-5 : f64, momentum = 0.9 : f64} : tensor<2x3x3x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>
  // CHECK: nn.flatten %{{.*}} : tensor<2x3x3x4xf64>{{$}}
  %2 = nn.flatten %1#0 : tensor<2x3x3x4xf64>
  // CHECK: nn.reshape %{{.*}} : tensor<2x36xf64> -> tensor<2x6x6xf64>
  %3 = nn.reshape %2 : tensor<2x36xf64> -> tensor<2x6x6xf64>
  return %2 : tensor<2x36xf64>
}

// CHECK-LABEL: func.func @recurrent
func.func @recurrent(%x: tensor<2x5x3xf32>, %h: tensor<2x4xf32>,
                     %k1: tensor<3x4xf32>, %r1: tensor<4x4xf32>, %b1: tensor<4xf32>,
                     %k4: tensor<3x16xf32>, %r4: tensor<4x16xf32>, %b4: tensor<16xf32>,
                     %k3: tensor<3x12xf32>, %r3: tensor<4x12xf32>, %b3: tensor<2x12xf32>)
    -> tensor<2x4xf32> {
  // CHECK: nn.simple_rnn %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>{{$}}
  %0 = nn.simple_rnn %x, %k1, %r1, %b1 : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>
  // CHECK: nn.simple_rnn {{.*}} {return_sequences} : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<2x4xf32>{{$}}
  %1 = nn.simple_rnn %x, %k1, %r1, %b1, %h {return_sequences} : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<2x4xf32>
  // CHECK: nn.lstm {{.*}} : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>{{$}}
  %2 = nn.lstm %x, %k4, %r4, %b4 : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>
  // CHECK: nn.lstm {{.*}} {return_sequences} : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<2x4xf32>, tensor<2x4xf32>{{$}}
  %3 = nn.lstm %x, %k4, %r4, %b4, %h, %h {return_sequences} : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<2x4xf32>, tensor<2x4xf32>
  // CHECK: nn.gru {{.*}} : tensor<2x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>, tensor<2x4xf32>{{$}}
  %4 = nn.gru %x, %k3, %r3, %b3, %h : tensor<2x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>, tensor<2x4xf32>
  return %4 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @losses
func.func @losses(%logits: tensor<8x10xf32>, %labels: tensor<8xi32>,
                  %targets: tensor<8x10xf32>) -> tensor<f32> {
  // CHECK: nn.sparse_softmax_cross_entropy %{{.*}}, %{{.*}} : tensor<8x10xf32>, tensor<8xi32>{{$}}
  %0 = nn.sparse_softmax_cross_entropy %logits, %labels : tensor<8x10xf32>, tensor<8xi32>
  // CHECK: nn.softmax_cross_entropy %{{.*}}, %{{.*}} : tensor<8x10xf32>, tensor<8x10xf32>{{$}}
  %1 = nn.softmax_cross_entropy %logits, %targets : tensor<8x10xf32>, tensor<8x10xf32>
  // CHECK: nn.mean_squared_error %{{.*}}, %{{.*}} : tensor<8x10xf32>, tensor<8x10xf32>{{$}}
  %2 = nn.mean_squared_error %logits, %targets : tensor<8x10xf32>, tensor<8x10xf32>
  return %2 : tensor<f32>
}

// CHECK-LABEL: func.func @optimizers
// CHECK: nn.opt = #nn.adam<learning_rate = 2.000000e-03, beta_1 = 8.000000e-01, beta_2 = 0.98999999999999999, epsilon = 1.000000e-08, weight_decay = 5.000000e-04>
// CHECK-SAME: nn.opt_default = #nn.adam<>
// CHECK-SAME: nn.sgd_default = #nn.sgd<>
func.func @optimizers() attributes {
    nn.opt = #nn.adam<learning_rate = 2.0e-3, beta_1 = 0.8, beta_2 = 0.99, epsilon = 1.0e-8, weight_decay = 5.0e-4>,
    nn.opt_default = #nn.adam<learning_rate = 0.001>,
    nn.sgd_default = #nn.sgd<>} {
  return
}
