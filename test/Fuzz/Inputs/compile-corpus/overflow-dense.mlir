module @dense {
  nn.parameter @k : tensor<4x4611686018427387904xf32> init<zeros>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4611686018427387904xf32> {
    %k = nn.parameter_read @k : tensor<4x4611686018427387904xf32>
    %0 = nn.dense %x, %k : tensor<2x4xf32>, tensor<4x4611686018427387904xf32>
    return %0 : tensor<2x4611686018427387904xf32>
  }
}
