// RUN: nncc-opt %s --nn-build-loss --split-input-file --verify-diagnostics | FileCheck %s

// Parameters become arguments (in declaration order), then the input and
// the labels; the loss applies to the logits of the final softmax; batch
// normalization trains and returns its moving statistics, which
// nn.state_updates names.
// CHECK-LABEL: func.func private @nncc_loss
// CHECK-SAME:    (%[[K:[^:]*]]: tensor<4x3xf32>, %[[G:[^:]*]]: tensor<3xf32>, %[[B:[^:]*]]: tensor<3xf32>, %[[M:[^:]*]]: tensor<3xf32>, %[[V:[^:]*]]: tensor<3xf32>, %[[X:[^:]*]]: tensor<2x4xf32>, %[[L:[^:]*]]: tensor<2xi32>)
// CHECK-SAME:    -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
// CHECK-SAME:    nn.state_updates = [@bn.mean, @bn.var]
// CHECK-SAME:    nn.wrt = array<i64: 0, 1, 2>
// CHECK:         %[[D:.*]] = nn.dense %[[X]], %[[K]]
// CHECK:         %[[Y:.*]], %[[NM:.*]], %[[NV:.*]] = nn.batch_norm_training %[[D]], %[[G]], %[[B]], %[[M]], %[[V]]
// CHECK:         %[[LOSS:.*]] = nn.sparse_softmax_cross_entropy %[[Y]], %[[L]]
// CHECK:         return %[[LOSS]], %[[NM]], %[[NV]]
module @bn {
  nn.parameter @k : tensor<4x3xf32> init<glorot_uniform>
  nn.parameter @gamma : tensor<3xf32> init<ones>
  nn.parameter @beta : tensor<3xf32> init<zeros>
  nn.parameter @bn.mean : tensor<3xf32> init<zeros> non_trainable
  nn.parameter @bn.var : tensor<3xf32> init<ones> non_trainable
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %k = nn.parameter_read @k : tensor<4x3xf32>
    %g = nn.parameter_read @gamma : tensor<3xf32>
    %b = nn.parameter_read @beta : tensor<3xf32>
    %m = nn.parameter_read @bn.mean : tensor<3xf32>
    %v = nn.parameter_read @bn.var : tensor<3xf32>
    %0 = nn.dense %x, %k : tensor<2x4xf32>, tensor<4x3xf32>
    %1 = nn.batch_norm %0, %g, %b, %m, %v : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
    %2 = nn.softmax %1 : tensor<2x3xf32>
    return %2 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}
}

// -----

// Categorical cross-entropy with from_logits: no softmax to look through;
// float targets shaped like the output.
// CHECK-LABEL: func.func private @nncc_loss
// CHECK-SAME:    %{{[^:]*}}: tensor<2x3xf32>, %[[T:[^:]*]]: tensor<2x3xf32>) -> tensor<f32>
// CHECK:         nn.softmax_cross_entropy %{{.*}}, %[[T]]
module @logits {
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %0 = nn.tanh %x : tensor<2x3xf32>
    return %0 : tensor<2x3xf32>
  }
  nn.train_config @forward {from_logits, loss = #nn.loss<categorical_crossentropy>, optimizer = #nn.sgd<>}
}

// -----

// Mean squared error on the output itself.
// CHECK-LABEL: func.func private @nncc_loss
// CHECK:         nn.mean_squared_error
module @regression {
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %0 = nn.sigmoid %x : tensor<2x3xf32>
    return %0 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}

// -----

module @probabilities {
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %0 = nn.sigmoid %x : tensor<2x3xf32>
    return %0 : tensor<2x3xf32>
  }
  // expected-error @+1 {{'nn.train_config' op trains a cross-entropy on probabilities only when the forward function ends in nn.softmax over the last axis; end it so, or set from_logits if it returns logits}}
  nn.train_config @forward {loss = #nn.loss<categorical_crossentropy>, optimizer = #nn.sgd<>}
}

// -----

module @unread_statistics {
  nn.parameter @g : tensor<3xf32> init<ones>
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %g = nn.parameter_read @g : tensor<3xf32>
    // expected-error @+1 {{'nn.batch_norm' op needs its moving statistics read from non-trainable parameters to be trained}}
    %0 = nn.batch_norm %x, %g, %g, %g, %g : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
    return %0 : tensor<2x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
