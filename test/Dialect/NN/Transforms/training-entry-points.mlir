// RUN: nncc-opt %s --nn-add-optimizer-state --nn-build-loss --nn-autodiff --nn-create-entry-points | FileCheck %s

// The training entry points over the model's buffers: parameters, then the
// optimizer state (Adam's moments, iterations, learning rate).

// compute_gradients: loss and the gradient of the trainable parameter.
// CHECK-LABEL: func.func @nncc_compute_gradients
// CHECK-SAME:    (%[[W:[^:]*]]: memref<4x3xf32>, %{{[^:]*}}: memref<4x3xf32>, %{{[^:]*}}: memref<4x3xf32>, %{{[^:]*}}: memref<f32>, %{{[^:]*}}: memref<f32>, %[[X:[^:]*]]: memref<2x4xf32>, %[[Y:[^:]*]]: memref<2xi32>, %[[LOSS:[^:]*]]: memref<f32>, %[[DW:[^:]*]]: memref<4x3xf32>)
// CHECK:         %[[R:.*]]:2 = call @nncc_loss_grad
// CHECK:         bufferization.materialize_in_destination %[[R]]#0 in restrict writable %[[LOSS]]
// CHECK:         bufferization.materialize_in_destination %[[R]]#1 in restrict writable %[[DW]]

// apply_gradients: one Adam step, step count t = iterations + 1.
// CHECK-LABEL: func.func @nncc_apply_gradients
// CHECK-SAME:    (%[[W:[^:]*]]: memref<4x3xf32>, %[[M:[^:]*]]: memref<4x3xf32>, %[[V:[^:]*]]: memref<4x3xf32>, %[[IT:[^:]*]]: memref<f32>, %[[LR:[^:]*]]: memref<f32>, %[[DW:[^:]*]]: memref<4x3xf32>)
// CHECK:         %[[T:.*]] = nn.add %{{.*}}, %{{.*}} : tensor<f32>, tensor<f32>
// CHECK:         %[[P:.*]], %[[NM:.*]], %[[NV:.*]] = nn.adam_update %{{.*}}, %{{.*}}, %{{.*}}, %[[T]], %{{.*}}, %{{.*}} :
// CHECK-DAG:     bufferization.materialize_in_destination %[[P]] in restrict writable %[[W]]
// CHECK-DAG:     bufferization.materialize_in_destination %[[NM]] in restrict writable %[[M]]
// CHECK-DAG:     bufferization.materialize_in_destination %[[NV]] in restrict writable %[[V]]
// CHECK-DAG:     bufferization.materialize_in_destination %[[T]] in restrict writable %[[IT]]
// CHECK-NOT:   func.func @nncc_train_step
module @tiny {
  nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<4x3xf32>
    %0 = nn.dense %x, %w : tensor<2x4xf32>, tensor<4x3xf32>
    %1 = nn.softmax %0 : tensor<2x3xf32>
    return %1 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}
}
