module @scalar {
  nn.parameter @s : tensor<1xf32> init<ones>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %s = nn.parameter_read @s : tensor<1xf32>
    %0 = nn.mul %x, %s : tensor<2x4xf32>, tensor<1xf32>
    return %0 : tensor<2x4xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
