// A dense regression with float labels and plain SGD, batch 3: with inputs
// of 100, labels of 1000 and a learning rate of 1e35 the gradients are
// finite but the updated kernel overflows.
module @checks_mse {
  nn.parameter @k : tensor<5x2xf32> init<glorot_uniform>
  nn.parameter @b : tensor<2xf32> init<zeros>
  func.func @forward(%x: tensor<3x5xf32>) -> tensor<3x2xf32> {
    %k = nn.parameter_read @k : tensor<5x2xf32>
    %b = nn.parameter_read @b : tensor<2xf32>
    %0 = nn.dense %x, %k, %b : tensor<3x5xf32>, tensor<5x2xf32>, tensor<2xf32>
    return %0 : tensor<3x2xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
