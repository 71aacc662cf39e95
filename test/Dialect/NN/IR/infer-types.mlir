// RUN: nncc-opt %s --mlir-print-op-generic | FileCheck %s

// Result types the layers infer when a model leaves them out. The generic
// form prints every result type.

// CHECK-LABEL: sym_name = "conv"
func.func @conv(%x: tensor<2x9x9x3xf32>, %k: tensor<3x3x3x8xf32>, %k5: tensor<5x5x3x8xf32>) {
  // valid: (9 - 3) / 1 + 1 = 7
  // CHECK: "nn.conv2d"{{.*}} -> tensor<2x7x7x8xf32>
  %0 = nn.conv2d %x, %k : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>
  // valid, stride 2: (9 - 3) / 2 + 1 = 4
  // CHECK: "nn.conv2d"{{.*}} -> tensor<2x4x4x8xf32>
  %1 = nn.conv2d %x, %k {strides = array<i64: 2, 2>} : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>
  // same, stride 2: ceil(9 / 2) = 5; stride 1 keeps 9
  // CHECK: "nn.conv2d"{{.*}} -> tensor<2x5x9x8xf32>
  %2 = nn.conv2d %x, %k {strides = array<i64: 2, 1>, padding = #nn.padding<same>} : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>
  // valid, dilation 2: extent (3 - 1) * 2 + 1 = 5, so 9 - 5 + 1 = 5
  // CHECK: "nn.conv2d"{{.*}} -> tensor<2x5x5x8xf32>
  %3 = nn.conv2d %x, %k {dilation = array<i64: 2, 2>} : tensor<2x9x9x3xf32>, tensor<3x3x3x8xf32>
  // a 5x5 window over 9: 5
  // CHECK: "nn.conv2d"{{.*}} -> tensor<2x5x5x8xf32>
  %4 = nn.conv2d %x, %k5 : tensor<2x9x9x3xf32>, tensor<5x5x3x8xf32>
  return
}

// CHECK-LABEL: sym_name = "pool"
func.func @pool(%x: tensor<2x11x11x4xf64>) {
  // default 2x2 window, strides = window: floor(11 / 2) = 5
  // CHECK: "nn.max_pool2d"{{.*}} -> tensor<2x5x5x4xf64>
  %0 = nn.max_pool2d %x : tensor<2x11x11x4xf64>
  // same: ceil(11 / 2) = 6
  // CHECK: "nn.avg_pool2d"{{.*}} -> tensor<2x6x6x4xf64>
  %1 = nn.avg_pool2d %x {padding = #nn.padding<same>} : tensor<2x11x11x4xf64>
  // 3x3 window, stride 1: 9
  // CHECK: "nn.max_pool2d"{{.*}} -> tensor<2x9x9x4xf64>
  %2 = nn.max_pool2d %x {pool_size = array<i64: 3, 3>, strides = array<i64: 1, 1>} : tensor<2x11x11x4xf64>
  return
}

// CHECK-LABEL: sym_name = "dense_flatten"
func.func @dense_flatten(%x: tensor<2x5x5x64xf32>, %seq: tensor<2x7x16xf32>, %k: tensor<16x3xf32>) {
  // CHECK: "nn.flatten"{{.*}} -> tensor<2x1600xf32>
  %0 = nn.flatten %x : tensor<2x5x5x64xf32>
  // Dense applies to the last axis of any rank.
  // CHECK: "nn.dense"{{.*}} -> tensor<2x7x3xf32>
  %1 = nn.dense %seq, %k : tensor<2x7x16xf32>, tensor<16x3xf32>
  return
}

// CHECK-LABEL: sym_name = "broadcast"
func.func @broadcast(%a: tensor<4x1xf32>, %b: tensor<10xf32>, %c: tensor<3x4x10xf32>, %s: tensor<f32>) {
  // CHECK: "nn.add"{{.*}} -> tensor<4x10xf32>
  %0 = nn.add %a, %b : tensor<4x1xf32>, tensor<10xf32>
  // CHECK: "nn.mul"{{.*}} -> tensor<3x4x10xf32>
  %1 = nn.mul %c, %a : tensor<3x4x10xf32>, tensor<4x1xf32>
  // CHECK: "nn.sub"{{.*}} -> tensor<4x1xf32>
  %2 = nn.sub %s, %a : tensor<f32>, tensor<4x1xf32>
  return
}

// CHECK-LABEL: sym_name = "recurrent"
func.func @recurrent(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>,
                     %gk: tensor<3x12xf32>, %gr: tensor<4x12xf32>, %gb: tensor<2x12xf32>,
                     %sr: tensor<16x16xf32>) {
  // CHECK: "nn.lstm"{{.*}} -> tensor<2x4xf32>
  %0 = nn.lstm %x, %k, %r, %b : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>
  // CHECK: "nn.lstm"{{.*}} -> tensor<2x5x4xf32>
  %1 = nn.lstm %x, %k, %r, %b {return_sequences} : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>
  // CHECK: "nn.gru"{{.*}} -> tensor<2x5x4xf32>
  %2 = nn.gru %x, %gk, %gr, %gb {return_sequences} : tensor<2x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>
  // units come from the kernel: 16 columns / 1 gate
  // CHECK: "nn.simple_rnn"{{.*}} -> tensor<2x16xf32>
  %3 = nn.simple_rnn %x, %k, %sr, %b : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<16x16xf32>, tensor<16xf32>
  return
}

// CHECK-LABEL: sym_name = "bn_and_losses"
func.func @bn_and_losses(%x: tensor<2x8xf64>, %p: tensor<8xf64>, %l: tensor<2xi32>) {
  // CHECK: "nn.batch_norm_training"{{.*}} -> (tensor<2x8xf64>, tensor<8xf64>, tensor<8xf64>)
  %0:3 = nn.batch_norm_training %x, %p, %p, %p, %p : tensor<2x8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>, tensor<8xf64>
  // CHECK: "nn.sparse_softmax_cross_entropy"{{.*}} -> tensor<f64>
  %1 = nn.sparse_softmax_cross_entropy %x, %l : tensor<2x8xf64>, tensor<2xi32>
  // CHECK: "nn.mean_squared_error"{{.*}} -> tensor<f64>
  %2 = nn.mean_squared_error %x, %x : tensor<2x8xf64>, tensor<2x8xf64>
  return
}
