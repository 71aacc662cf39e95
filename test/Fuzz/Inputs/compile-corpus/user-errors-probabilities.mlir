module @probabilities {
  nn.parameter @k : tensor<4x3xf32> init<glorot_uniform>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %k = nn.parameter_read @k : tensor<4x3xf32>
    %0 = nn.dense %x, %k : tensor<2x4xf32>, tensor<4x3xf32>
    %1 = nn.sigmoid %0 : tensor<2x3xf32>
    return %1 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.sgd<>}
}
