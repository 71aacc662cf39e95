module @ckpt {
  nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
  nn.parameter @b : tensor<3xf32> init<uniform(-1.0, 1.0)>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<4x3xf32>
    %b = nn.parameter_read @b : tensor<3xf32>
    %0 = nn.dense %x, %w, %b : tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
}
