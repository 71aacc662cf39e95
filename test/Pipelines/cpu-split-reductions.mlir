// RUN: nncc-opt %s --nncc-cpu-pipeline --mlir-print-ir-after=nncc-split-reductions -o /dev/null 2>&1 | FileCheck %s

// On the CPU, sums of at least 1024 terms into fewer than 1024 outputs are
// split over the batch (nncc-split-reductions, test/Codegen/Common/
// split-reductions.mlir): the loss total, the weight gradient of a
// convolution with one input channel (288 outputs) and the bias gradient
// (32 outputs) each become per-image partial sums, which the thread pool
// can share, then a short sum of the 16 partials in a fixed order.
// CHECK-LABEL: func.func @nncc_compute_gradients
// The loss: 16 partial totals, then the total.
// CHECK:         %[[LOSS:.*]] = memref.alloc() : memref<16xf32>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction", "reduction"]} {{.*}} outs(%[[LOSS]] : memref<16xf32>)
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[LOSS]] : memref<16xf32>) outs(%{{.*}} : memref<f32>)
// The kernel's gradient: partial[n, kh, kw, c, f].
// CHECK:         %[[DK:.*]] = memref.alloc() : memref<16x3x3x1x32xf32>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} {{.*}} outs(%[[DK]] : memref<16x3x3x1x32xf32>)
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[DK]] : memref<16x3x3x1x32xf32>) outs(%{{.*}} : memref<3x3x1x32xf32>)
// The bias gradient: partial[n, f].
// CHECK:         %[[DB:.*]] = memref.alloc() : memref<16x32xf32>
// CHECK:         linalg.generic {{.*}} outs(%[[DB]] : memref<16x32xf32>)
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[DB]] : memref<16x32xf32>) outs(%{{.*}} : memref<32xf32>)
module @conv1 {
  nn.parameter @k : tensor<3x3x1x32xf32> init<glorot_uniform>
  nn.parameter @b : tensor<32xf32> init<zeros>
  func.func @forward(%x: tensor<16x10x10x1xf32>) -> tensor<16x8x8x32xf32> {
    %k = nn.parameter_read @k : tensor<3x3x1x32xf32>
    %b = nn.parameter_read @b : tensor<32xf32>
    %0 = nn.conv2d %x, %k, %b : tensor<16x10x10x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>
    return %0 : tensor<16x8x8x32xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
