module @m {
  nn.parameter @"conv2d_1/kernel:0" : tensor<3x3x1x2xf32> init<glorot_uniform>
  nn.parameter @"onnx::Conv_12 weight.v2" : tensor<2xf32> init<zeros>
  func.func @forward(%x: tensor<1x5x5x1xf32>) -> tensor<1x3x3x2xf32> {
    %k = nn.parameter_read @"conv2d_1/kernel:0" : tensor<3x3x1x2xf32>
    %b = nn.parameter_read @"onnx::Conv_12 weight.v2" : tensor<2xf32>
    %0 = nn.conv2d %x, %k, %b : tensor<1x5x5x1xf32>, tensor<3x3x1x2xf32>, tensor<2xf32>
    return %0 : tensor<1x3x3x2xf32>
  }
}
