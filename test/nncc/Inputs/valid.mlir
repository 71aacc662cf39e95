module @tiny {
  nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<4x3xf32>
    %0 = nn.dense %x, %w : tensor<2x4xf32>, tensor<4x3xf32>
    %1 = nn.softmax %0 : tensor<2x3xf32>
    return %1 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.sgd<learning_rate = 0.1>}
}
