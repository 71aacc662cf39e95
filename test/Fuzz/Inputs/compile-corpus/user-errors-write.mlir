module @write {
  nn.parameter @k : tensor<3xf32> init<ones>
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %k = nn.parameter_read @k : tensor<3xf32>
    %0 = nn.mul %x, %k : tensor<2x3xf32>, tensor<3xf32>
    nn.parameter_write @k, %k : tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
