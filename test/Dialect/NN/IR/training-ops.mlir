// RUN: nncc-opt %s | FileCheck %s
// RUN: nncc-opt %s | nncc-opt | FileCheck %s
// RUN: nncc-opt %s --mlir-print-op-generic | nncc-opt | FileCheck %s

// The ops backward passes and optimizer updates are made of, printed and
// parsed back; result types are inferred where the op determines them.

// CHECK-LABEL: func.func @primitives
func.func @primitives(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>, %x: tensor<2x3x4xf32>,
                      %l: tensor<4xi32>) {
  // CHECK: nn.matmul %{{.*}}, %{{.*}} {transpose_lhs} : tensor<4x3xf32>, tensor<4x5xf32>{{$}}
  %0 = nn.matmul %a, %b {transpose_lhs} : tensor<4x3xf32>, tensor<4x5xf32>
  // CHECK: nn.reduce_sum %{{.*}} {axes = array<i64: 0, 2>, keep_dims} : tensor<2x3x4xf32>{{$}}
  %1 = nn.reduce_sum %x {axes = array<i64: 0, 2>, keep_dims} : tensor<2x3x4xf32>
  // CHECK: nn.exp %{{.*}} : tensor<4x3xf32>{{$}}
  %2 = nn.exp %a : tensor<4x3xf32>
  // CHECK: nn.rsqrt %{{.*}} : tensor<4x3xf32>{{$}}
  %3 = nn.rsqrt %2 : tensor<4x3xf32>
  // CHECK: nn.relu_grad %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<4x3xf32>{{$}}
  %4 = nn.relu_grad %a, %3 : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.one_hot %{{.*}} : tensor<4xi32> -> tensor<4x10xf32>
  %5 = nn.one_hot %l : tensor<4xi32> -> tensor<4x10xf32>
  return
}

// CHECK-LABEL: func.func @windows
func.func @windows(%x: tensor<2x8x8x3xf32>, %k: tensor<3x3x3x4xf32>, %dy: tensor<2x4x4x4xf32>,
                   %dp: tensor<2x4x4x3xf32>) {
  // CHECK: nn.conv2d_backprop_input %{{.*}}, %{{.*}} {padding = #nn.padding<same>, strides = array<i64: 2, 2>} : tensor<2x4x4x4xf32>, tensor<3x3x3x4xf32> -> tensor<2x8x8x3xf32>
  %0 = nn.conv2d_backprop_input %dy, %k {strides = array<i64: 2, 2>, padding = #nn.padding<same>} : tensor<2x4x4x4xf32>, tensor<3x3x3x4xf32> -> tensor<2x8x8x3xf32>
  // CHECK: nn.conv2d_backprop_filter %{{.*}}, %{{.*}} {padding = #nn.padding<same>, strides = array<i64: 2, 2>} : tensor<2x8x8x3xf32>, tensor<2x4x4x4xf32> -> tensor<3x3x3x4xf32>
  %1 = nn.conv2d_backprop_filter %x, %dy {strides = array<i64: 2, 2>, padding = #nn.padding<same>} : tensor<2x8x8x3xf32>, tensor<2x4x4x4xf32> -> tensor<3x3x3x4xf32>
  // CHECK: nn.max_pool2d_grad %{{.*}}, %{{.*}} : tensor<2x8x8x3xf32>, tensor<2x4x4x3xf32>{{$}}
  %2 = nn.max_pool2d_grad %x, %dp : tensor<2x8x8x3xf32>, tensor<2x4x4x3xf32>
  // CHECK: nn.avg_pool2d_grad %{{.*}}, %{{.*}} : tensor<2x8x8x3xf32>, tensor<2x4x4x3xf32>{{$}}
  %3 = nn.avg_pool2d_grad %x, %dp : tensor<2x8x8x3xf32>, tensor<2x4x4x3xf32>
  return
}

// CHECK-LABEL: func.func @recurrent
func.func @recurrent(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>,
                     %b: tensor<16xf32>, %h: tensor<2x4xf32>, %dy: tensor<2x4xf32>,
                     %gk: tensor<3x12xf32>, %gr: tensor<4x12xf32>, %gb: tensor<2x12xf32>,
                     %sk: tensor<3x4xf32>, %sr: tensor<4x4xf32>, %sb: tensor<4xf32>, %dys: tensor<2x5x4xf32>) {
  // CHECK: nn.lstm_grad {{.*}} : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>{{$}}
  %0:6 = nn.lstm_grad %x, %k, %r, %b, %h, %h, %dy : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
  // CHECK: nn.gru_grad {{.*}} {return_sequences} : tensor<2x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>, tensor<2x5x4xf32>{{$}}
  %1:4 = nn.gru_grad %x, %gk, %gr, %gb, %dys {return_sequences} : tensor<2x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>, tensor<2x5x4xf32>
  // CHECK: nn.simple_rnn_grad {{.*}} : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<2x4xf32>{{$}}
  %2:4 = nn.simple_rnn_grad %x, %sk, %sr, %sb, %dy : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<2x4xf32>
  return
}

// CHECK-LABEL: func.func @optimizers
func.func @optimizers(%p: tensor<8xf32>, %g: tensor<8xf32>, %s: tensor<8xf32>, %lr: tensor<f32>) {
  // CHECK: nn.sgd_update %{{.*}}, %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<8xf32>, tensor<f32>{{$}}
  %0 = nn.sgd_update %p, %g, %lr : tensor<8xf32>, tensor<8xf32>, tensor<f32>
  // CHECK: nn.sgd_update %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {momentum = 9.000000e-01 : f64, nesterov} : tensor<8xf32>, tensor<8xf32>, tensor<f32>, tensor<8xf32>{{$}}
  %1:2 = nn.sgd_update %p, %g, %lr, %s {momentum = 0.9 : f64, nesterov} : tensor<8xf32>, tensor<8xf32>, tensor<f32>, tensor<8xf32>
  // CHECK: nn.adam_update %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {weight_decay = 1.000000e-03 : f64} : tensor<8xf32>, tensor<8xf32>, tensor<f32>, tensor<f32>, tensor<8xf32>, tensor<8xf32>{{$}}
  %2:3 = nn.adam_update %p, %g, %lr, %lr, %s, %s {weight_decay = 1.0e-3 : f64} : tensor<8xf32>, tensor<8xf32>, tensor<f32>, tensor<f32>, tensor<8xf32>, tensor<8xf32>
  return
}
