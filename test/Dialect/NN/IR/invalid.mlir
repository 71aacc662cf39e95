// RUN: nncc-opt %s -split-input-file -verify-diagnostics

// One case for each diagnostic of the nn dialect: attributes, model ops,
// layers and losses.

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// expected-error @+1 {{unknown initializer 'glorot'; expected one of: zeros, ones, constant, uniform, normal, glorot_uniform, glorot_normal, he_uniform, he_normal, orthogonal, unit_forget_bias}}
nn.parameter @k : tensor<3x3xf32> init<glorot>

// -----

// expected-error @+1 {{initializer 'glorot_uniform' takes at most 0 arguments, but got 1}}
nn.parameter @k : tensor<3x3xf32> init<glorot_uniform(1.0)>

// -----

// expected-error @+1 {{initializer 'uniform' needs minval < maxval, but got minval 1.000000e+00 and maxval -1.000000e+00}}
nn.parameter @k : tensor<3x3xf32> init<uniform(1.0, -1.0)>

// -----

// expected-error @+1 {{initializer 'normal' needs a positive stddev, but got 0.000000e+00}}
nn.parameter @k : tensor<3x3xf32> init<normal(0.0, 0.0)>

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+1 {{sgd needs a positive learning_rate, but got 0.000000e+00}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<learning_rate = 0.0>}

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+1 {{sgd needs a non-negative weight_decay, but got -1.000000e+00}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<weight_decay = -1.0>}

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+1 {{sgd needs momentum in [0, 1), but got 1.000000e+00}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<momentum = 1.0>}

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+1 {{sgd with nesterov needs a non-zero momentum}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<nesterov = true>}

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+1 {{adam needs beta_1 and beta_2 in [0, 1), but got 9.000000e-01 and 1.000000e+00}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<beta_2 = 1.0>}

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+1 {{adam needs a positive epsilon, but got 0.000000e+00}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<epsilon = 0.0>}

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+1 {{adam needs a positive learning_rate, but got -1.000000e-03}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<learning_rate = -0.001>}

// -----

func.func @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32> { return %x : tensor<2x2xf32> }
// expected-error @+2 {{expected ::mlir::nn::Loss to be one of: sparse_categorical_crossentropy, categorical_crossentropy, mean_squared_error}}
// expected-error @+1 {{failed to parse NN_LossAttr parameter 'value'}}
nn.train_config @f {loss = #nn.loss<hinge>, optimizer = #nn.adam<>}

// -----

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

// expected-error @+1 {{'nn.parameter' op initializer 'orthogonal' needs a parameter of rank 2 or more, but @r is 'tensor<8xf32>'}}
nn.parameter @r : tensor<8xf32> init<orthogonal>

// -----

// expected-error @+1 {{'nn.parameter' op initializer 'unit_forget_bias' is for LSTM biases [4 x units], but @b is 'tensor<6xf32>'}}
nn.parameter @b : tensor<6xf32> init<unit_forget_bias>

// -----

// expected-error @+1 {{'nn.parameter' op attribute 'type' failed to satisfy constraint: type attribute of statically shaped tensor of f32 or f64 values}}
nn.parameter @i : tensor<4xi32> init<zeros>

// -----

func.func @f() -> tensor<4xf32> {
  // expected-error @+1 {{'nn.parameter_read' op 'missing' does not name an nn.parameter}}
  %0 = nn.parameter_read @missing : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-note @+1 {{@w is declared here}}
nn.parameter @w : tensor<4x3xf32> init<zeros>
func.func @f() -> tensor<3x4xf32> {
  // expected-error @+1 {{'nn.parameter_read' op uses @w as 'tensor<3x4xf32>', but it is declared as 'tensor<4x3xf32>'}}
  %0 = nn.parameter_read @w : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// expected-note @+1 {{@w is declared here}}
nn.parameter @w : tensor<4xf32> init<zeros>
func.func @f(%v: tensor<4xf64>) {
  // expected-error @+1 {{'nn.parameter_write' op uses @w as 'tensor<4xf64>', but it is declared as 'tensor<4xf32>'}}
  nn.parameter_write @w, %v : tensor<4xf64>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'nn.parameter' op expects parent op 'builtin.module'}}
  nn.parameter @w : tensor<4xf32> init<zeros>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Training configuration
//===----------------------------------------------------------------------===//

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> { return %x : tensor<2x3xf32> }
// expected-note @+1 {{the first one is here}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<>}
// expected-error @+1 {{'nn.train_config' op is the second nn.train_config of this module; a model is trained one way}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}

// -----

nn.parameter @f : tensor<4xf32> init<zeros>
// expected-error @+1 {{'nn.train_config' op 'f' does not name a func.func in this module}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<>}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> { return %x : tensor<2x3xf32> }
// expected-error @+1 {{'nn.train_config' op expects the forward function @f to take one input and return one output, but its type is '(tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>'}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<>}

// -----

func.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> { return %x : tensor<?x3xf32> }
// expected-error @+1 {{'nn.train_config' op expects the forward function's output to be a statically shaped tensor, but got 'tensor<?x3xf32>'}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<>}

// -----

func.func @f(%x: tensor<10xf32>) -> tensor<10xf32> { return %x : tensor<10xf32> }
// expected-error @+1 {{'nn.train_config' op loss 'sparse_categorical_crossentropy' needs an output of shape [batch, ..., classes], but @f returns 'tensor<10xf32>'}}
nn.train_config @f {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}

// -----

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

func.func @f(%x: tensor<2x8x8x3xi32>, %k: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op expects 'input' to be a statically shaped tensor of f32 or f64, but got 'tensor<2x8x8x3xi32>'}}
  %0 = nn.conv2d %x, %k : tensor<2x8x8x3xi32>, tensor<3x3x3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<8x8x3xf32>, %k: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op expects 'input' to be a rank-4 NHWC tensor, but got 'tensor<8x8x3xf32>'}}
  %0 = nn.conv2d %x, %k : tensor<8x8x3xf32>, tensor<3x3x3x4xf32>
  return
}

// -----

// expected-note @+1 {{'input' is defined here}}
func.func @f(%x: tensor<2x8x8x3xf32>, %k: tensor<3x3x1x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op expects the channels of 'input' to match the filter's input channels, but 'input' is 'tensor<2x8x8x3xf32>' (3 channels) and 'filter' is 'tensor<3x3x1x4xf32>' (1 input channels)}}
  %0 = nn.conv2d %x, %k : tensor<2x8x8x3xf32>, tensor<3x3x1x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x3xf32>, %k: tensor<3x3x3x4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op expects 'bias' to have shape [4] (one per filter), but got 'tensor<3xf32>'}}
  %0 = nn.conv2d %x, %k, %b : tensor<2x8x8x3xf32>, tensor<3x3x3x4xf32>, tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x3xf32>, %k: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op expects 'strides' to have 2 values, but got 3}}
  %0 = nn.conv2d %x, %k {strides = array<i64: 1, 1, 1>} : tensor<2x8x8x3xf32>, tensor<3x3x3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x3xf32>, %k: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op expects 'dilation' to be positive and at most 2^40, but got 0}}
  %0 = nn.conv2d %x, %k {dilation = array<i64: 0, 1>} : tensor<2x8x8x3xf32>, tensor<3x3x3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x4x3xf32>, %k: tensor<5x5x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op filter window 5x5 does not fit in 'input' 'tensor<2x4x4x3xf32>' with valid padding}}
  %0 = nn.conv2d %x, %k : tensor<2x4x4x3xf32>, tensor<5x5x3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x6x6x3xf32>, %k: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op filter window 3x3 (dilated) does not fit in 'input' 'tensor<2x6x6x3xf32>' with valid padding}}
  %0 = nn.conv2d %x, %k {dilation = array<i64: 3, 3>} : tensor<2x6x6x3xf32>, tensor<3x3x3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x3xf32>, %k: tensor<3x3x3x4xf64>) {
  // expected-error @+1 {{'nn.conv2d' op requires the same element type for all operands and results}}
  %0 = nn.conv2d %x, %k : tensor<2x8x8x3xf32>, tensor<3x3x3x4xf64>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x3xf32>, %k: tensor<3x3x3x4xf32>) {
  // expected-error @+2 {{'nn.conv2d' op inferred type(s) 'tensor<2x6x6x4xf32>' are incompatible with return type(s) of operation 'tensor<2x8x8x4xf32>'}}
  // expected-error @+1 {{'nn.conv2d' op failed to infer returned types}}
  %0 = nn.conv2d %x, %k : tensor<2x8x8x3xf32>, tensor<3x3x3x4xf32> -> tensor<2x8x8x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3x3x4xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op pool window 4x4 does not fit in 'input' 'tensor<2x3x3x4xf32>' with valid padding}}
  %0 = nn.max_pool2d %x {pool_size = array<i64: 4, 4>} : tensor<2x3x3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x4xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op expects 'strides' to be positive and at most 2^40, but got -1}}
  %0 = nn.avg_pool2d %x {strides = array<i64: -1, 1>} : tensor<2x8x8x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x4xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op expects 'pool_size' to have 2 values, but got 1}}
  %0 = nn.avg_pool2d %x {pool_size = array<i64: 2>} : tensor<2x8x8x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Dense
//===----------------------------------------------------------------------===//

func.func @f(%x: tensor<16xf32>, %k: tensor<16x4xf32>) {
  // expected-error @+1 {{'nn.dense' op expects 'input' to be [batch, ..., features], but got 'tensor<16xf32>'}}
  %0 = nn.dense %x, %k : tensor<16xf32>, tensor<16x4xf32>
  return
}

// -----

// expected-note @+1 {{'input' is defined here}}
func.func @f(%x: tensor<2x16xf32>, %k: tensor<15x4xf32>) {
  // expected-error @+1 {{'nn.dense' op expects the features of 'input' to match the rows of 'kernel', but 'input' is 'tensor<2x16xf32>' (16 features) and 'kernel' is 'tensor<15x4xf32>' (15 rows)}}
  %0 = nn.dense %x, %k : tensor<2x16xf32>, tensor<15x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x16xf32>, %k: tensor<16x4x1xf32>) {
  // expected-error @+1 {{'nn.dense' op expects 'kernel' to be a rank-2 [in, out] tensor, but got 'tensor<16x4x1xf32>'}}
  %0 = nn.dense %x, %k : tensor<2x16xf32>, tensor<16x4x1xf32>
  return
}

// -----

func.func @f(%x: tensor<2x16xf32>, %k: tensor<16x4xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{'nn.dense' op expects 'bias' to have shape [4] (one per unit), but got 'tensor<1x4xf32>'}}
  %0 = nn.dense %x, %k, %b : tensor<2x16xf32>, tensor<16x4xf32>, tensor<1x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Activations, normalization, shapes, broadcasting
//===----------------------------------------------------------------------===//

func.func @f(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'nn.softmax' op axis 2 is out of range for 'input' 'tensor<2x10xf32>'}}
  %0 = nn.softmax %x {axis = 2} : tensor<2x10xf32>
  return
}

// -----

func.func @f(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op axis -3 is out of range for 'input' 'tensor<2x10xf32>'}}
  %0 = nn.log_softmax %x {axis = -3} : tensor<2x10xf32>
  return
}

// -----

func.func @f(%x: tensor<2x10xf32>) {
  // expected-error @+2 {{'nn.relu' op inferred type(s) 'tensor<2x10xf32>' are incompatible with return type(s) of operation 'tensor<10x2xf32>'}}
  // expected-error @+1 {{'nn.relu' op failed to infer returned types}}
  %0 = nn.relu %x : tensor<2x10xf32> -> tensor<10x2xf32>
  return
}

// -----

func.func @f(%x: tensor<8xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op expects 'input' to be [batch, ..., channels], but got 'tensor<8xf32>'}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %p: tensor<8xf32>, %q: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op expects 'moving_variance' to have shape [8] (one per channel), but got 'tensor<4xf32>'}}
  %0 = nn.batch_norm %x, %p, %p, %p, %q : tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op expects a positive epsilon, but got 0.000000e+00}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p {epsilon = 0.0 : f64} : tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{'nn.batch_norm_training' op expects momentum in [0, 1], but got 1.500000e+00}}
  %0:3 = nn.batch_norm_training %x, %p, %p, %p, %p {momentum = 1.5 : f64} : tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.flatten' op expects 'input' to have a batch axis, but got 'tensor<f32>'}}
  %0 = nn.flatten %x : tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<2x36xf32>) {
  // expected-error @+1 {{'nn.reshape' op cannot reshape 'input' 'tensor<2x36xf32>' (72 elements) to 'tensor<2x6x5xf32>' (60 elements)}}
  %0 = nn.reshape %x : tensor<2x36xf32> -> tensor<2x6x5xf32>
  return
}

// -----

func.func @f(%a: tensor<4x10xf32>, %b: tensor<4x9xf32>) {
  // expected-error @+1 {{'nn.add' op cannot broadcast 'lhs' 'tensor<4x10xf32>' with 'rhs' 'tensor<4x9xf32>'}}
  %0 = nn.add %a, %b : tensor<4x10xf32>, tensor<4x9xf32>
  return
}

// -----

func.func @f(%a: tensor<4x10xf32>, %b: tensor<?x10xf32>) {
  // expected-error @+1 {{'nn.mul' op expects 'rhs' to be a statically shaped tensor of f32 or f64, but got 'tensor<?x10xf32>'}}
  %0 = nn.mul %a, %b : tensor<4x10xf32>, tensor<?x10xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

func.func @f(%x: tensor<2x0x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.lstm' op expects 'input' within nncc's tensor limits, but 'tensor<2x0x3xf32>' is not: it has a dimension of size 0}}
  %0 = nn.lstm %x, %k, %r, %b : tensor<2x0x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.lstm' op expects 'input' to be a rank-3 [batch, time, features] tensor, but got 'tensor<2x3xf32>'}}
  %0 = nn.lstm %x, %k, %r, %b : tensor<2x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>
  return
}

// -----

// expected-note @+1 {{'input' is defined here}}
func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<4x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.lstm' op expects the features of 'input' to match the rows of 'kernel', but 'input' is 'tensor<2x5x3xf32>' (3 features) and 'kernel' is 'tensor<4x16xf32>' (4 rows)}}
  %0 = nn.lstm %x, %k, %r, %b : tensor<2x5x3xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<3x10xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.lstm' op expects 'kernel' 'tensor<3x10xf32>' to have 4 x units columns (4 gates)}}
  %0 = nn.lstm %x, %k, %r, %b : tensor<2x5x3xf32>, tensor<3x10xf32>, tensor<4x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x4xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.lstm' op expects 'recurrent_kernel' to be [4, 16] for 4 units (from 'kernel' 'tensor<3x16xf32>'), but got 'tensor<4x4xf32>'}}
  %0 = nn.lstm %x, %k, %r, %b : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x4xf32>, tensor<16xf32>
  return
}

// -----

func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.lstm' op expects 'recurrent_kernel' to have rank 2, but got 'tensor<16xf32>'}}
  %0 = nn.lstm %x, %k, %b, %b : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<16xf32>, tensor<16xf32>
  return
}

// -----

func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>, %b: tensor<12xf32>) {
  // expected-error @+1 {{'nn.gru' op expects 'bias' to be [2, 12] for 4 units, but got 'tensor<12xf32>'}}
  %0 = nn.gru %x, %k, %r, %b : tensor<2x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<12xf32>
  return
}

// -----

func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>, %h: tensor<2x4xf32>) {
  // expected-error @+1 {{'nn.lstm' op expects 'initial_state' to be empty or h0, c0, but got 1 tensors}}
  %0 = nn.lstm %x, %k, %r, %b, %h : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>, %b: tensor<4xf32>, %h: tensor<3x4xf32>) {
  // expected-error @+1 {{'nn.simple_rnn' op expects each 'initial_state' tensor to be [2, 4], but got 'tensor<3x4xf32>'}}
  %0 = nn.simple_rnn %x, %k, %r, %b, %h : tensor<2x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<3x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

func.func @f(%logits: tensor<10xf32>, %labels: tensor<i32>) {
  // expected-error @+1 {{'nn.sparse_softmax_cross_entropy' op expects 'logits' to be [batch, ..., classes], but got 'tensor<10xf32>'}}
  %0 = nn.sparse_softmax_cross_entropy %logits, %labels : tensor<10xf32>, tensor<i32>
  return
}

// -----

func.func @f(%logits: tensor<8x10xf32>, %labels: tensor<8xf32>) {
  // expected-error @+1 {{'nn.sparse_softmax_cross_entropy' op expects 'labels' to be a tensor of i32 class indices, but got 'tensor<8xf32>'}}
  %0 = nn.sparse_softmax_cross_entropy %logits, %labels : tensor<8x10xf32>, tensor<8xf32>
  return
}

// -----

func.func @f(%logits: tensor<8x10xf32>, %labels: tensor<8x10xi32>) {
  // expected-error @+1 {{'nn.sparse_softmax_cross_entropy' op expects 'labels' to be shaped like 'logits' 'tensor<8x10xf32>' without its class axis, but got 'tensor<8x10xi32>'}}
  %0 = nn.sparse_softmax_cross_entropy %logits, %labels : tensor<8x10xf32>, tensor<8x10xi32>
  return
}

// -----

func.func @f(%logits: tensor<8x10xf32>, %targets: tensor<8xf32>) {
  // expected-error @+1 {{'nn.softmax_cross_entropy' op expects 'targets' 'tensor<8xf32>' to be shaped like 'logits' 'tensor<8x10xf32>'}}
  %0 = nn.softmax_cross_entropy %logits, %targets : tensor<8x10xf32>, tensor<8xf32>
  return
}

// -----

func.func @f(%y: tensor<8x1xf32>, %t: tensor<8x1xf64>) {
  // expected-error @+1 {{'nn.mean_squared_error' op requires the same element type for all operands}}
  %0 = nn.mean_squared_error %y, %t : tensor<8x1xf32>, tensor<8x1xf64>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Training ops
//===----------------------------------------------------------------------===//

func.func @f(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'nn.matmul' op contracts 3 columns of 'lhs' 'tensor<4x3xf32>' with 4 rows of 'rhs' 'tensor<4x5xf32>'}}
  %0 = nn.matmul %a, %b : tensor<4x3xf32>, tensor<4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_sum' op expects 'axes' to be increasing and within the rank of 'input' 'tensor<2x3xf32>', but got 2}}
  %0 = nn.reduce_sum %x {axes = array<i64: 2>} : tensor<2x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>, %dy: tensor<3x2xf32>) {
  // expected-error @+1 {{'nn.relu_grad' op expects 'output_grad' 'tensor<3x2xf32>' to be shaped like 'input' 'tensor<2x3xf32>'}}
  %0 = nn.relu_grad %x, %dy : tensor<2x3xf32>, tensor<3x2xf32>
  return
}

// -----

func.func @f(%l: tensor<4xi32>) {
  // expected-error @+1 {{'nn.one_hot' op expects the result 'tensor<5x10xf32>' to be shaped like 'labels' 'tensor<4xi32>' plus a class axis}}
  %0 = nn.one_hot %l : tensor<4xi32> -> tensor<5x10xf32>
  return
}

// -----

func.func @f(%dy: tensor<2x4x4x4xf32>, %k: tensor<3x3x3x4xf32>) {
  // expected-error @+1 {{'nn.conv2d_backprop_input' op expects the output gradient 'tensor<2x4x4x4xf32>' to have the shape of conv2d('tensor<2x8x8x3xf32>', 'tensor<3x3x3x4xf32>')}}
  %0 = nn.conv2d_backprop_input %dy, %k : tensor<2x4x4x4xf32>, tensor<3x3x3x4xf32> -> tensor<2x8x8x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x3xf32>, %dy: tensor<2x6x6x4xf32>) {
  // expected-error @+1 {{'nn.conv2d_backprop_filter' op expects the input 'tensor<2x8x8x3xf32>' to have the filter's 2 input channels}}
  %0 = nn.conv2d_backprop_filter %x, %dy : tensor<2x8x8x3xf32>, tensor<2x6x6x4xf32> -> tensor<3x3x2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8x3xf32>, %dy: tensor<2x3x3x3xf32>) {
  // expected-error @+1 {{'nn.max_pool2d_grad' op expects 'output_grad' 'tensor<2x3x3x3xf32>' to have the shape of the pooling's output}}
  %0 = nn.max_pool2d_grad %x, %dy : tensor<2x8x8x3xf32>, tensor<2x3x3x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x5x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<16xf32>, %dy: tensor<2x5x4xf32>) {
  // expected-error @+1 {{'nn.lstm_grad' op expects 'output_grad' 'tensor<2x5x4xf32>' to have the shape of the layer's result}}
  %0:4 = nn.lstm_grad %x, %k, %r, %b, %dy : tensor<2x5x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<2x5x4xf32>
  return
}

// -----

func.func @f(%p: tensor<8xf32>, %g: tensor<7xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{'nn.sgd_update' op expects 'grad' 'tensor<7xf32>' to be shaped like 'param' 'tensor<8xf32>'}}
  %0 = nn.sgd_update %p, %g, %lr : tensor<8xf32>, tensor<7xf32>, tensor<f32>
  return
}

// -----

func.func @f(%p: tensor<8xf32>, %lr: tensor<1xf32>) {
  // expected-error @+1 {{'nn.adam_update' op expects 'learning_rate' to have rank 0, but got 'tensor<1xf32>'}}
  %0:3 = nn.adam_update %p, %p, %lr, %lr, %p, %p : tensor<8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

//===----------------------------------------------------------------------===//
// Limits (NNLimits.h, docs/Limits.md)
//===----------------------------------------------------------------------===//

// -----

// expected-note @+1 {{declared here}}
func.func private @f(%x: tensor<2x2xf32>) -> tensor<2x2xf32>
// expected-error @+1 {{'nn.train_config' op expects the forward function @f to have a body, but it is a declaration}}
nn.train_config @f {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}

// -----

// expected-error @+1 {{'nn.parameter' op attribute 'type' failed to satisfy constraint: type attribute of statically shaped tensor of f32 or f64 values (rank at most 8, no dimension of size 0, at most 2^40 elements)}}
nn.parameter @k : tensor<1152921504606846975xf32> init<zeros>

// -----

// expected-error @+1 {{failed to satisfy constraint}}
nn.parameter @k : tensor<0x3xf32> init<zeros>

// -----

// expected-error @+1 {{failed to satisfy constraint}}
nn.parameter @k : tensor<1x1x1x1x1x1x1x1x1xf32> init<zeros>

// -----

func.func @zero(%x: tensor<2x0xf32>, %k: tensor<0x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.dense' op expects 'input' within nncc's tensor limits, but 'tensor<2x0xf32>' is not: it has a dimension of size 0}}
  %0 = nn.dense %x, %k : tensor<2x0xf32>, tensor<0x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// 4 x 2^62 elements: the element count would wrap to INT64_MIN.
func.func @wrap(%x: tensor<4x3xf32>, %k: tensor<3x4611686018427387904xf32>) {
  // expected-error @+1 {{'nn.dense' op expects 'kernel' within nncc's tensor limits, but 'tensor<3x4611686018427387904xf32>' is not: it has more than 2^40 elements}}
  %0 = nn.dense %x, %k : tensor<4x3xf32>, tensor<3x4611686018427387904xf32>
  return
}

// -----

// Each operand fits; the result would have 2^41 elements.
func.func @result(%x: tensor<4x2xf32>, %k: tensor<2x549755813888xf32>) {
  // expected-error @+1 {{result #0 must be statically shaped tensor of f32 or f64 values (rank at most 8, no dimension of size 0, at most 2^40 elements)}}
  %0 = nn.dense %x, %k : tensor<4x2xf32>, tensor<2x549755813888xf32> -> tensor<4x549755813888xf32>
  return
}

// -----

// A dilation of 2^63 - 1 on a 3x3 kernel once wrapped to an extent of -1
// and a 10x10 output.
func.func @dilation(%x: tensor<1x8x8x1xf32>, %k: tensor<3x3x1x1xf32>) {
  // expected-error @+1 {{'nn.conv2d' op expects 'dilation' to be positive and at most 2^40, but got 9223372036854775807}}
  %0 = nn.conv2d %x, %k {dilation = array<i64: 9223372036854775807, 1>} : tensor<1x8x8x1xf32>, tensor<3x3x1x1xf32>
  return
}

// -----

func.func @span(%x: tensor<1x8x8x1xf32>, %k: tensor<3x3x1x1xf32>) {
  // expected-error @+1 {{'nn.conv2d' op filter window 3x3 dilated by 1099511627776x1 spans more than 2^40 elements}}
  %0 = nn.conv2d %x, %k {dilation = array<i64: 1099511627776, 1>, padding = #nn.padding<same>} : tensor<1x8x8x1xf32>, tensor<3x3x1x1xf32>
  return
}

// -----

// The gradient ops check the convolution's attributes as nn.conv2d does: a
// zero stride once divided by zero.
func.func @grad_stride(%k: tensor<3x3x1x1xf32>, %dy: tensor<1x6x6x1xf32>) {
  // expected-error @+1 {{'nn.conv2d_backprop_input' op expects 'strides' to be positive and at most 2^40, but got 0}}
  %0 = nn.conv2d_backprop_input %dy, %k {strides = array<i64: 0, 1>} : tensor<1x6x6x1xf32>, tensor<3x3x1x1xf32> -> tensor<1x8x8x1xf32>
  return
}

// -----

func.func @grad_dilation_count(%x: tensor<1x8x8x1xf32>, %dy: tensor<1x6x6x1xf32>) {
  // expected-error @+1 {{'nn.conv2d_backprop_filter' op expects 'dilation' to have 2 values, but got 3}}
  %0 = nn.conv2d_backprop_filter %x, %dy {dilation = array<i64: 1, 1, 1>} : tensor<1x8x8x1xf32>, tensor<1x6x6x1xf32> -> tensor<3x3x1x1xf32>
  return
}

// -----

func.func @grad_span(%k: tensor<3x3x1x1xf32>, %dy: tensor<1x8x8x1xf32>) {
  // expected-error @+1 {{'nn.conv2d_backprop_input' op filter window 3x3 dilated by 1099511627776x1 spans more than 2^40 elements}}
  %0 = nn.conv2d_backprop_input %dy, %k {dilation = array<i64: 1099511627776, 1>, padding = #nn.padding<same>} : tensor<1x8x8x1xf32>, tensor<3x3x1x1xf32> -> tensor<1x8x8x1xf32>
  return
}

// -----

func.func @leaky_relu_negative_slope(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.leaky_relu' op expects a finite, non-negative negative_slope (as Keras), but got -1.000000e-01}}
  %0 = nn.leaky_relu %x {negative_slope = -0.1 : f64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @prelu_alpha_grows_input(%x: tensor<2x3xf32>, %a: tensor<4x2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.prelu' op expects 'alpha' 'tensor<4x2x3xf32>' to broadcast into 'input' 'tensor<2x3xf32>' (Keras's alpha is input.shape[1:] with 1 on the shared axes)}}
  %0 = nn.prelu %x, %a : tensor<2x3xf32>, tensor<4x2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @prelu_alpha_mismatch(%x: tensor<2x3xf32>, %a: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.prelu' op expects 'alpha' 'tensor<2xf32>' to broadcast into 'input' 'tensor<2x3xf32>'}}
  %0 = nn.prelu %x, %a : tensor<2x3xf32>, tensor<2xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @prelu_grad_shape(%x: tensor<2x3xf32>, %a: tensor<3xf32>, %dy: tensor<3x2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.prelu_grad' op expects 'output_grad' 'tensor<3x2xf32>' to be shaped like 'input' 'tensor<2x3xf32>'}}
  %0 = nn.prelu_grad %x, %a, %dy : tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @maximum_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.maximum' op cannot broadcast 'lhs' 'tensor<2x3xf32>' with 'rhs' 'tensor<2xf32>'}}
  %0 = nn.maximum %a, %b : tensor<2x3xf32>, tensor<2xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @maximum_grad_shape(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %dy: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nn.maximum_grad' op expects 'output_grad' 'tensor<3xf32>' to be shaped like 'lhs' broadcast with 'rhs'}}
  %0 = nn.maximum_grad %a, %b, %dy : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @average_one_input(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.average' op expects two or more inputs, but got 1}}
  %0 = nn.average %a : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @average_shapes(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.average' op expects 'inputs[2]' 'tensor<3xf32>' to be shaped like 'inputs[0]' 'tensor<2x3xf32>'}}
  %0 = nn.average %a, %b, %c : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @activation_grad_shape(%x: tensor<2x3xf32>, %dy: tensor<3x2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.activation_grad' op expects 'output_grad' 'tensor<3x2xf32>' to be shaped like 'input' 'tensor<2x3xf32>'}}
  %0 = nn.activation_grad %x, %dy {activation = #nn.activation<silu>} : tensor<2x3xf32>, tensor<3x2xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @activation_unknown(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected ::mlir::nn::Activation to be one of: leaky_relu, elu, selu, gelu, gelu_tanh, silu, softplus, softsign, hard_sigmoid, hard_silu, relu6}}
  // expected-error @+1 {{failed to parse NN_ActivationAttr parameter 'value' which is to be a `::mlir::nn::Activation`}}
  %0 = nn.activation_grad %x, %x {activation = #nn.activation<swishy>} : tensor<2x3xf32>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concatenate_one_input(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.concatenate' op expects two or more inputs, but got 1}}
  %0 = nn.concatenate %a : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concatenate_axis(%a: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'nn.concatenate' op axis 2 is out of range for 'inputs[0]' 'tensor<2x3xf32>'}}
  %0 = nn.concatenate %a, %a {axis = 2 : i64} : tensor<2x3xf32>, tensor<2x3xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concatenate_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'nn.concatenate' op expects 'inputs[1]' 'tensor<3x3xf32>' to match 'inputs[0]' 'tensor<2x3xf32>' on every axis but 1}}
  %0 = nn.concatenate %a, %b : tensor<2x3xf32>, tensor<3x3xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @slice_outside(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.slice' op expects the box at offset 3 of size 3 on axis 1 to lie inside 'input' 'tensor<4x5xf32>'}}
  %0 = nn.slice %x {offsets = array<i64: 0, 3>, sizes = array<i64: 2, 3>} : tensor<4x5xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @slice_rank(%x: tensor<4x5xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nn.slice' op expects 'offsets' to have one value per axis of 'input' 'tensor<4x5xf32>', but got 1}}
  %0 = nn.slice %x {offsets = array<i64: 0>, sizes = array<i64: 2>} : tensor<4x5xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @slice_empty(%x: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'nn.slice' op expects 'sizes' values in [1, 2^40], but got 0}}
  %0 = nn.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 0>} : tensor<4x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @pad_negative(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'nn.pad' op expects 'low' values in [0, 2^40], but got -1}}
  %0 = nn.pad %x {low = array<i64: 0, -1>, high = array<i64: 0, 1>} : tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @pad_huge(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'nn.pad' op expects 'high' values in [0, 2^40], but got 9223372036854775807}}
  %0 = nn.pad %x {low = array<i64: 0, 0>, high = array<i64: 0, 9223372036854775807>} : tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @global_pool_rank(%x: tensor<4x5x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'nn.global_avg_pool2d' op expects 'input' to be a rank-4 NHWC tensor}}
  %0 = nn.global_avg_pool2d %x : tensor<4x5x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @transpose_repeats_axis(%x: tensor<2x3x4xf32>) -> tensor<2x3x3xf32> {
  // expected-error @+1 {{'nn.transpose' op expects 'permutation' to be a permutation of the 3 axes of 'input' 'tensor<2x3x4xf32>'}}
  %0 = nn.transpose %x {permutation = array<i64: 0, 1, 1>} : tensor<2x3x4xf32>
  return %0 : tensor<2x3x3xf32>
}

// -----

func.func @transpose_short(%x: tensor<2x3x4xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nn.transpose' op expects 'permutation' to be a permutation of the 3 axes}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3x4xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @repeat_vector_zero(%x: tensor<2x3xf32>) -> tensor<2x1x3xf32> {
  // expected-error @+1 {{'nn.repeat_vector' op expects 'n' in [1, 2^40], but got 0}}
  %0 = nn.repeat_vector %x {n = 0 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x1x3xf32>
}

// -----

func.func @upsampling_size(%x: tensor<2x3x3x1xf32>) -> tensor<2x3x3x1xf32> {
  // expected-error @+1 {{'nn.upsampling2d' op expects 'size' to be positive and at most 2^40, but got 0}}
  %0 = nn.upsampling2d %x {size = array<i64: 0, 2>} : tensor<2x3x3x1xf32>
  return %0 : tensor<2x3x3x1xf32>
}
