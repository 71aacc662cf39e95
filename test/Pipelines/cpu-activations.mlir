// RUN: nncc-opt %s --nncc-cpu-pipeline --mlir-print-ir-after=nncc-polynomial-math -o /dev/null 2>&1 | FileCheck %s

// Keras's activations on the CPU: a gelu after a dense runs in the dense's
// tile (the erf polynomial on the accumulators, before the one store), no
// math.erf or libm call is left, and prelu, its gradient and gelu's
// derivative are vector code too: no scalar fallback.
// CHECK-LABEL: func.func @nncc_predict
// CHECK:         scf.parallel
// CHECK:           %[[ACC:.*]]:8 = scf.for {{.*}} -> (vector<16xf32>,
// CHECK-NOT:       vector.store
// CHECK:           arith.mulf %[[ACC]]#0, %{{.*}} : vector<16xf32>
// CHECK:           math.fma {{.*}} : vector<16xf32>
// CHECK:           vector.store
// The prelu: x > 0 ? x : alpha · x, 16 lanes.
// CHECK:         scf.parallel
// CHECK:           arith.cmpf ogt, %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK:           arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK:         return
// CHECK-LABEL: func.func @nncc_compute_gradients
// CHECK-NOT:     math.erf
// CHECK:         arith.select {{.*}} : vector<16xi1>, vector<16xf32>
// CHECK:         math.fma {{.*}} : vector<16xf32>
// CHECK-NOT:     math.erf
module @acts {
  nn.parameter @k : tensor<64x48xf32> init<glorot_uniform>
  nn.parameter @b : tensor<48xf32> init<zeros>
  nn.parameter @alpha : tensor<48xf32> init<zeros>
  func.func @forward(%x: tensor<32x64xf32>) -> tensor<32x48xf32> {
    %k = nn.parameter_read @k : tensor<64x48xf32>
    %b = nn.parameter_read @b : tensor<48xf32>
    %a = nn.parameter_read @alpha : tensor<48xf32>
    %0 = nn.dense %x, %k, %b : tensor<32x64xf32>, tensor<64x48xf32>, tensor<48xf32>
    %1 = nn.gelu %0 : tensor<32x48xf32>
    %2 = nn.prelu %1, %a : tensor<32x48xf32>, tensor<48xf32>
    return %2 : tensor<32x48xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<>}
}
