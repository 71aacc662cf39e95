module @overflow {
  nn.parameter @a : tensor<1152921504606846975xf32> init<zeros>
  nn.parameter @b : tensor<1152921504606846975xf32> init<zeros>
  nn.parameter @c : tensor<1152921504606846975xf32> init<zeros>
  nn.parameter @d : tensor<1152921504606846975xf32> init<zeros>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %0 = nn.relu %x : tensor<2x4xf32>
    return %0 : tensor<2x4xf32>
  }
}
