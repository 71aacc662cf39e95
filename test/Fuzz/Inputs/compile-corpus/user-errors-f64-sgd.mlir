module @f64_sgd {
  nn.parameter @k : tensor<4x3xf64> init<glorot_uniform>
  func.func @forward(%x: tensor<2x4xf64>) -> tensor<2x3xf64> {
    %k = nn.parameter_read @k : tensor<4x3xf64>
    %0 = nn.dense %x, %k : tensor<2x4xf64>, tensor<4x3xf64>
    %1 = nn.relu %0 : tensor<2x3xf64>
    return %1 : tensor<2x3xf64>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
