// RUN: nncc-opt %s --split-input-file --nncc-cpu-pipeline --mlir-print-ir-after=nncc-polynomial-math -o /dev/null 2>&1 | FileCheck %s

// Concatenation, padding and the global pools on the CPU are vector code:
// the convolution writes its tiles straight into the interior of the
// zero-padded buffer (offset 208 = 1 row of 12 + 1 column, times 16
// channels), the global max pool keeps 8 images' channel vectors in
// registers over the 12 x 12 window, and the concatenation copies 16 lanes
// at a time into the [8, 32] result.
// CHECK-LABEL: func.func @nncc_predict
// CHECK:         vector.store %{{.*}} : memref<1x1x1x16xf32, strided<[2304, 192, 16, 1], offset: ?>>, vector<16xf32>
// CHECK:         vector.store %{{.*}} : memref<8x10x10x16xf32, strided<[2304, 192, 16, 1], offset: 208>>, vector<16xf32>
// CHECK:         scf.for %{{.*}} = %c0 to %c12 step %c1 iter_args({{.*}}) -> (vector<16xf32>,
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK:         vector.store %{{.*}} : memref<1x16xf32, strided<[32, 1], offset: ?>>, vector<16xf32>
// CHECK-NOT:     memref.store
// CHECK:         return
module @merge {
  nn.parameter @k : tensor<3x3x3x16xf32> init<glorot_uniform>
  func.func @forward(%x: tensor<8x12x12x3xf32>) -> tensor<8x32xf32> {
    %k = nn.parameter_read @k : tensor<3x3x3x16xf32>
    %0 = nn.conv2d %x, %k : tensor<8x12x12x3xf32>, tensor<3x3x3x16xf32>
    %1 = nn.pad %0 {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>} : tensor<8x10x10x16xf32>
    %2 = nn.global_max_pool2d %1 : tensor<8x12x12x16xf32>
    %3 = nn.global_avg_pool2d %1 : tensor<8x12x12x16xf32>
    %4 = nn.concatenate %2, %3 : tensor<8x16xf32>, tensor<8x16xf32>
    return %4 : tensor<8x32xf32>
  }
}

// -----

// Nearest upsampling: one 16-lane copy per output pixel, read from the
// pixel floordiv 2.
// CHECK-LABEL: func.func @nncc_predict
// CHECK:         scf.parallel ({{.*}}) = (%c0, %c0, %c0, %c0) to (%c8, %c14, %c14, %c16) step (%c1, %c1, %c1, %c16)
// CHECK:           affine.apply affine_map<(d0) -> (d0 floordiv 2)>
// CHECK:           vector.load {{.*}} : memref<1x1x1x16xf32, strided<[784, 112, 16, 1], offset: ?>>, vector<16xf32>
// CHECK:           vector.store {{.*}} : memref<1x1x1x16xf32, strided<[3136, 224, 16, 1], offset: ?>>, vector<16xf32>
module @up {
  func.func @forward(%x: tensor<8x7x7x16xf32>) -> tensor<8x14x14x16xf32> {
    %0 = nn.upsampling2d %x : tensor<8x7x7x16xf32>
    return %0 : tensor<8x14x14x16xf32>
  }
}
