// Four unused parameters of 2^60 - 1 floats: each fits, the instance does
// not (its byte size would wrap around int64_t).
module @huge {
  nn.parameter @a : tensor<1152921504606846975xf32> init<zeros>
  nn.parameter @b : tensor<1152921504606846975xf32> init<zeros>
  nn.parameter @c : tensor<1152921504606846975xf32> init<zeros>
  nn.parameter @d : tensor<1152921504606846975xf32> init<zeros>
  nn.parameter @w : tensor<3xf32> init<zeros>
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<3xf32>
    %0 = nn.add %x, %w : tensor<2x3xf32>, tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
}
