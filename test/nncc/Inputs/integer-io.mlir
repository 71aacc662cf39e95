module @integer_io {
  func.func @forward(%x: tensor<2x4xi32>) -> tensor<2x4xi32> {
    return %x : tensor<2x4xi32>
  }
}
