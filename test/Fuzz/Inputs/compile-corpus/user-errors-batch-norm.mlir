module @bn_model {
  nn.parameter @g : tensor<3xf32> init<ones>
  nn.parameter @b : tensor<3xf32> init<zeros>
  nn.parameter @m : tensor<3xf32> init<zeros>
  nn.parameter @v : tensor<3xf32> init<ones>
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %g = nn.parameter_read @g : tensor<3xf32>
    %b = nn.parameter_read @b : tensor<3xf32>
    %m = nn.parameter_read @m : tensor<3xf32>
    %v = nn.parameter_read @v : tensor<3xf32>
    %0 = nn.batch_norm %x, %g, %b, %m, %v : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
