// RUN: nncc-opt %s --nn-create-entry-points --split-input-file --verify-diagnostics | FileCheck %s

// Parameters become the first arguments, in declaration order; the input
// and the output follow. Model-level ops are gone.
// CHECK-LABEL: module @model
// CHECK-NOT:     nn.parameter @
// CHECK:         func.func @nncc_predict(%[[W:[^:]*]]: memref<4x3xf32> {nncc.name = "w", nncc.tensor = 0 : i64}, %[[B:[^:]*]]: memref<3xf32> {nncc.name = "b", nncc.tensor = 1 : i64}, %[[X:[^:]*]]: memref<2x4xf32>, %[[OUT:[^:]*]]: memref<2x3xf32>) attributes {nncc.entry_point}
// CHECK-DAG:     %[[WT:.*]] = bufferization.to_tensor %[[W]] restrict : memref<4x3xf32> to tensor<4x3xf32>
// CHECK-DAG:     %[[BT:.*]] = bufferization.to_tensor %[[B]] restrict : memref<3xf32> to tensor<3xf32>
// CHECK-DAG:     %[[XT:.*]] = bufferization.to_tensor %[[X]] restrict : memref<2x4xf32> to tensor<2x4xf32>
// CHECK:         %[[Y:.*]] = nn.dense %[[XT]], %[[WT]], %[[BT]]
// CHECK:         %[[P:.*]] = nn.softmax %[[Y]]
// CHECK:         bufferization.materialize_in_destination %[[P]] in restrict writable %[[OUT]]
// CHECK-NEXT:    return
// CHECK-NOT:     func.func @forward
module @model {
  nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
  nn.parameter @b : tensor<3xf32> init<zeros>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<4x3xf32>
    %b = nn.parameter_read @b : tensor<3xf32>
    %0 = nn.dense %x, %w, %b : tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>
    %1 = nn.softmax %0 : tensor<2x3xf32>
    return %1 : tensor<2x3xf32>
  }
}

// -----

// Without nn.train_config, the only public function is the forward one.
// CHECK-LABEL: module @no_config
// CHECK:         func.func @nncc_predict(%{{[^:]*}}: memref<8xf32>, %{{[^:]*}}: memref<8xf32>)
// CHECK:         nn.relu
// CHECK-NOT:     func.func @net
module @no_config {
  func.func @net(%x: tensor<8xf32>) -> tensor<8xf32> {
    %0 = nn.relu %x : tensor<8xf32>
    return %0 : tensor<8xf32>
  }
}

// -----

// expected-error @+1 {{cannot tell the model's forward function: the module has 2 public functions and no nn.train_config}}
module {
  // expected-note @+1 {{candidate @a}}
  func.func @a(%x: tensor<8xf32>) -> tensor<8xf32> { return %x : tensor<8xf32> }
  // expected-note @+1 {{candidate @b}}
  func.func @b(%x: tensor<8xf32>) -> tensor<8xf32> { return %x : tensor<8xf32> }
}

// -----

// expected-error @+1 {{'func.func' op the forward function must take one statically shaped tensor and return one, but its type is '(tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>'}}
func.func @two_inputs(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

// -----

module {
  nn.parameter @w : tensor<8xf32> init<zeros>
  func.func @forward(%x: tensor<8xf32>) -> tensor<8xf32> {
    // expected-error @+1 {{'nn.parameter_write' op the forward function must not write parameters}}
    nn.parameter_write @w, %x : tensor<8xf32>
    return %x : tensor<8xf32>
  }
}

// -----

// A training configuration needs the loss gradient built first.
module @untrained {
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %0 = nn.softmax %x : tensor<2x3xf32>
    return %0 : tensor<2x3xf32>
  }
  // expected-error @+1 {{'nn.train_config' op has no gradient function: run nn-build-loss and nn-autodiff first}}
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}
}
