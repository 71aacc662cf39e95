module @zero {
  nn.parameter @k : tensor<1x3xf32> init<zeros>
  nn.parameter @b : tensor<3xf32> init<zeros>
  func.func @forward(%x: tensor<2x0xf32>) -> tensor<2x3xf32> {
    %k = nn.parameter_read @k : tensor<1x3xf32>
    %b = nn.parameter_read @b : tensor<3xf32>
    %0 = nn.dense %x, %k, %b : tensor<2x0xf32>, tensor<1x3xf32>, tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
}
