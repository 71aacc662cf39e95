module @wrong_channels {
  nn.parameter @conv1.kernel : tensor<3x3x1x32xf32> init<glorot_uniform>
  nn.parameter @conv2.kernel : tensor<3x3x16x64xf32> init<glorot_uniform>
  func.func @forward(%images: tensor<32x28x28x1xf32>) -> tensor<32x11x11x64xf32> {
    %k1 = nn.parameter_read @conv1.kernel : tensor<3x3x1x32xf32>
    %0 = nn.conv2d %images, %k1 : tensor<32x28x28x1xf32>, tensor<3x3x1x32xf32>
    %1 = nn.relu %0 : tensor<32x26x26x32xf32>
    %2 = nn.max_pool2d %1 : tensor<32x26x26x32xf32>
    %k2 = nn.parameter_read @conv2.kernel : tensor<3x3x16x64xf32>
    %3 = nn.conv2d %2, %k2 : tensor<32x13x13x32xf32>, tensor<3x3x16x64xf32>
    return %3 : tensor<32x11x11x64xf32>
  }
}
