// Two unused parameters of 2^38 floats (1 TiB each): each keeps the tensor
// limits, the instance is larger than nncc's limit of 2^40 bytes.
module @huge {
  nn.parameter @a : tensor<262144x1048576xf32> init<zeros>
  nn.parameter @b : tensor<262144x1048576xf32> init<zeros>
  nn.parameter @w : tensor<3xf32> init<zeros>
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<3xf32>
    %0 = nn.add %x, %w : tensor<2x3xf32>, tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
}
