// RUN: nncc %s --emit=linalg -o - | FileCheck %s

// The backward pass of an RNN multiplies by the transposed recurrent kernel
// at every timestep. The kernel does not change inside the time loop, so
// loop-invariant code motion leaves one transpose before the reverse loop.
// CHECK-LABEL: func.func @nncc_compute_gradients
// CHECK:         linalg.transpose
// CHECK-NOT:     func.func
// CHECK:         scf.for
// CHECK-NOT:     linalg.transpose
// CHECK:       func.func @nncc_apply_gradients
module @rnn {
  nn.parameter @k : tensor<3x4xf32> init<glorot_uniform>
  nn.parameter @r : tensor<4x4xf32> init<orthogonal>
  nn.parameter @b : tensor<4xf32> init<zeros>
  func.func @forward(%x: tensor<2x5x3xf32>) -> tensor<2x4xf32> {
    %k = nn.parameter_read @k : tensor<3x4xf32>
    %r = nn.parameter_read @r : tensor<4x4xf32>
    %b = nn.parameter_read @b : tensor<4xf32>
    %h = nn.simple_rnn %x, %k, %r, %b : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>
    return %h : tensor<2x4xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
