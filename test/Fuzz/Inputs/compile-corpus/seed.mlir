module @seed {
  nn.parameter @k : tensor<3x2xf32> init<glorot_uniform>
  nn.parameter @b : tensor<2xf32> init<zeros>
  func.func @forward(%x: tensor<5x3xf32>) -> tensor<5x2xf32> {
    %k = nn.parameter_read @k : tensor<3x2xf32>
    %b = nn.parameter_read @b : tensor<2xf32>
    %0 = nn.dense %x, %k, %b : tensor<5x3xf32>, tensor<3x2xf32>, tensor<2xf32>
    %1 = nn.softmax %0 : tensor<5x2xf32>
    return %1 : tensor<5x2xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}
}
