// A batch-normalized classifier with sparse labels, SGD with momentum:
// moving statistics (written by compute_gradients), velocities and the
// iteration count (written by apply_gradients). Batch 5, 3 classes.
module @checks_bn {
  nn.parameter @k : tensor<7x3xf32> init<glorot_uniform>
  nn.parameter @gamma : tensor<3xf32> init<ones>
  nn.parameter @beta : tensor<3xf32> init<zeros>
  nn.parameter @bn.mean : tensor<3xf32> init<zeros> non_trainable
  nn.parameter @bn.var : tensor<3xf32> init<ones> non_trainable
  func.func @forward(%x: tensor<5x7xf32>) -> tensor<5x3xf32> {
    %k = nn.parameter_read @k : tensor<7x3xf32>
    %g = nn.parameter_read @gamma : tensor<3xf32>
    %b = nn.parameter_read @beta : tensor<3xf32>
    %m = nn.parameter_read @bn.mean : tensor<3xf32>
    %v = nn.parameter_read @bn.var : tensor<3xf32>
    %0 = nn.dense %x, %k : tensor<5x7xf32>, tensor<7x3xf32>
    %1 = nn.batch_norm %0, %g, %b, %m, %v : tensor<5x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
    %2 = nn.softmax %1 : tensor<5x3xf32>
    return %2 : tensor<5x3xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.sgd<momentum = 0.5>}
}
