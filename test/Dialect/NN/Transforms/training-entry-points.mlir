// RUN: nncc-opt %s --split-input-file --nn-add-optimizer-state --nn-build-loss --nn-autodiff --nn-create-entry-points | FileCheck %s

// The training entry points over the model's buffers: parameters, then the
// optimizer state (Adam's moments, iterations, learning rate). Each
// tensor's argument names its slot in the runtime's tensors table, each
// gradient's its slot in the grads table.

// compute_gradients: loss and the gradient of the trainable parameter.
// CHECK-LABEL: func.func @nncc_compute_gradients
// CHECK-SAME:    (%[[W:[^:]*]]: memref<4x3xf32> {nncc.name = "w", nncc.tensor = 0 : i64}, %{{[^:]*}}: memref<4x3xf32> {nncc.name = "w.m", nncc.tensor = 1 : i64}, %{{[^:]*}}: memref<4x3xf32> {nncc.name = "w.v", nncc.tensor = 2 : i64}, %{{[^:]*}}: memref<f32> {nncc.name = "optimizer.iterations", nncc.tensor = 3 : i64}, %{{[^:]*}}: memref<f32> {nncc.name = "optimizer.learning_rate", nncc.tensor = 4 : i64}, %[[X:[^:]*]]: memref<2x4xf32>, %[[Y:[^:]*]]: memref<2xi32>, %[[LOSS:[^:]*]]: memref<f32>, %[[DW:[^:]*]]: memref<4x3xf32> {nncc.gradient = 0 : i64, nncc.name = "w"})
// CHECK:         %[[R:.*]]:2 = call @nncc_loss_grad
// CHECK:         bufferization.materialize_in_destination %[[R]]#0 in restrict writable %[[LOSS]]
// CHECK:         bufferization.materialize_in_destination %[[R]]#1 in restrict writable %[[DW]]

// apply_gradients: one Adam step, step count t = iterations + 1.
// CHECK-LABEL: func.func @nncc_apply_gradients
// CHECK-SAME:    (%[[W:[^:]*]]: memref<4x3xf32> {nncc.name = "w", nncc.tensor = 0 : i64}, %[[M:[^:]*]]: memref<4x3xf32> {nncc.name = "w.m", nncc.tensor = 1 : i64}, %[[V:[^:]*]]: memref<4x3xf32> {nncc.name = "w.v", nncc.tensor = 2 : i64}, %[[IT:[^:]*]]: memref<f32> {nncc.name = "optimizer.iterations", nncc.tensor = 3 : i64}, %[[LR:[^:]*]]: memref<f32> {nncc.name = "optimizer.learning_rate", nncc.tensor = 4 : i64}, %[[DW:[^:]*]]: memref<4x3xf32> {nncc.gradient = 0 : i64, nncc.name = "w"})
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

// -----

// A non-trainable parameter between trainable ones: it has a tensor slot
// but no gradient, and the gradients keep their parameters' slot numbers
// (k 0, b 2), not their own positions.
// CHECK-LABEL: func.func @nncc_compute_gradients
// CHECK-SAME:    {nncc.name = "k", nncc.tensor = 0 : i64}, %{{[^:]*}}: memref<3xf32> {nncc.name = "s", nncc.tensor = 1 : i64}, %{{[^:]*}}: memref<3xf32> {nncc.name = "b", nncc.tensor = 2 : i64}
// CHECK-SAME:    %{{[^:]*}}: memref<4x3xf32> {nncc.gradient = 0 : i64, nncc.name = "k"}, %{{[^:]*}}: memref<3xf32> {nncc.gradient = 2 : i64, nncc.name = "b"})
// CHECK-LABEL: func.func @nncc_apply_gradients
// CHECK-SAME:    %{{[^:]*}}: memref<4x3xf32> {nncc.gradient = 0 : i64, nncc.name = "k"}, %{{[^:]*}}: memref<3xf32> {nncc.gradient = 2 : i64, nncc.name = "b"})
module @frozen {
  nn.parameter @k : tensor<4x3xf32> init<glorot_uniform>
  nn.parameter @s : tensor<3xf32> init<ones> non_trainable
  nn.parameter @b : tensor<3xf32> init<zeros>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %k = nn.parameter_read @k : tensor<4x3xf32>
    %s = nn.parameter_read @s : tensor<3xf32>
    %b = nn.parameter_read @b : tensor<3xf32>
    %0 = nn.dense %x, %k, %b : tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>
    %1 = nn.mul %0, %s : tensor<2x3xf32>, tensor<3xf32>
    return %1 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
