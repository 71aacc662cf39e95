// RUN: nncc-opt %s --nn-add-optimizer-state --split-input-file | FileCheck %s

// Adam: two moments per trainable parameter (none for the non-trainable
// moving mean), the iteration count and the learning rate, all declared
// before the training configuration.
// CHECK-LABEL: module @adam
// CHECK:       nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
// CHECK:       nn.parameter @bn.mean : tensor<3xf32> init<zeros> non_trainable
// CHECK:       nn.parameter @w.m : tensor<4x3xf32> init<zeros> non_trainable optimizer_state
// CHECK-NEXT:  nn.parameter @w.v : tensor<4x3xf32> init<zeros> non_trainable optimizer_state
// CHECK-NEXT:  nn.parameter @optimizer.iterations : tensor<f32> init<zeros> non_trainable optimizer_state
// CHECK-NEXT:  nn.parameter @optimizer.learning_rate : tensor<f32> init<constant(2.000000e-03)> non_trainable optimizer_state
// CHECK-NEXT:  nn.train_config
module @adam {
  nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
  nn.parameter @bn.mean : tensor<3xf32> init<zeros> non_trainable
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<4x3xf32>
    %0 = nn.dense %x, %w : tensor<2x4xf32>, tensor<4x3xf32>
    return %0 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.adam<learning_rate = 2.0e-3>}
}

// -----

// SGD with momentum keeps a velocity; plain SGD keeps none.
// CHECK-LABEL: module @momentum
// CHECK:       nn.parameter @w.velocity : tensor<4xf64> init<zeros> non_trainable optimizer_state
// CHECK:       nn.parameter @optimizer.iterations : tensor<f64>
module @momentum {
  nn.parameter @w : tensor<4xf64> init<zeros>
  func.func @forward(%x: tensor<2x4xf64>) -> tensor<2x4xf64> {
    %w = nn.parameter_read @w : tensor<4xf64>
    %0 = nn.mul %x, %w : tensor<2x4xf64>, tensor<4xf64>
    return %0 : tensor<2x4xf64>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<momentum = 0.5>}
}

// -----

// CHECK-LABEL: module @plain
// CHECK-NOT:   velocity
// CHECK:       nn.parameter @optimizer.learning_rate : tensor<f32> init<constant(1.000000e-02)>
module @plain {
  nn.parameter @w : tensor<4xf32> init<zeros>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %w = nn.parameter_read @w : tensor<4xf32>
    %0 = nn.mul %x, %w : tensor<2x4xf32>, tensor<4xf32>
    return %0 : tensor<2x4xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}

// -----

// Idempotent, and nothing without a training configuration.
// RUN: nncc-opt %s --nn-add-optimizer-state --nn-add-optimizer-state --split-input-file | FileCheck %s --check-prefix=TWICE
// TWICE-LABEL: module @adam
// TWICE-COUNT-1: @w.m
// CHECK-LABEL: module @inference
// CHECK-NOT:   optimizer_state
module @inference {
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %0 = nn.relu %x : tensor<2x4xf32>
    return %0 : tensor<2x4xf32>
  }
}
