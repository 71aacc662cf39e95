module @half {
  func.func @forward(%x: tensor<2x4xf16>) -> tensor<2x4xf16> {
    %0 = nn.relu %x : tensor<2x4xf16>
    return %0 : tensor<2x4xf16>
  }
}
