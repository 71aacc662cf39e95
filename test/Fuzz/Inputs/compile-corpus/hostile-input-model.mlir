module @model {
  nn.parameter @w : tensor<3xf32> init<ones>
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<3xf32>
    %0 = nn.mul %x, %w : tensor<2x3xf32>, tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
}
