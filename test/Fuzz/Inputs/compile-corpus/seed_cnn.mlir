// The seed CNN, as Keras writes it:
//
//   model = keras.Sequential([
//       keras.Input(shape=(28, 28, 1)),
//       layers.Conv2D(32, (3, 3), activation="relu"),
//       layers.MaxPooling2D((2, 2)),
//       layers.Conv2D(64, (3, 3), activation="relu"),
//       layers.MaxPooling2D((2, 2)),
//       layers.Flatten(),
//       layers.Dense(64, activation="relu"),
//       layers.Dense(10, activation="softmax")])
//   model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
//
// with batch 32. Layer result types are inferred; the parameters use Keras's
// default initializers. `nncc-opt` prints this file back unchanged (less
// these comments).
module @seed_cnn {
  nn.parameter @conv1.kernel : tensor<3x3x1x32xf32> init<glorot_uniform>
  nn.parameter @conv1.bias : tensor<32xf32> init<zeros>
  nn.parameter @conv2.kernel : tensor<3x3x32x64xf32> init<glorot_uniform>
  nn.parameter @conv2.bias : tensor<64xf32> init<zeros>
  nn.parameter @dense1.kernel : tensor<1600x64xf32> init<glorot_uniform>
  nn.parameter @dense1.bias : tensor<64xf32> init<zeros>
  nn.parameter @dense2.kernel : tensor<64x10xf32> init<glorot_uniform>
  nn.parameter @dense2.bias : tensor<10xf32> init<zeros>
  func.func @forward(%arg0: tensor<32x28x28x1xf32>) -> tensor<32x10xf32> {
    %conv1.kernel = nn.parameter_read @conv1.kernel : tensor<3x3x1x32xf32>
    %conv1.bias = nn.parameter_read @conv1.bias : tensor<32xf32>
    %0 = nn.conv2d %arg0, %conv1.kernel, %conv1.bias : tensor<32x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>
    %1 = nn.relu %0 : tensor<32x26x26x32xf32>
    %2 = nn.max_pool2d %1 : tensor<32x26x26x32xf32>
    %conv2.kernel = nn.parameter_read @conv2.kernel : tensor<3x3x32x64xf32>
    %conv2.bias = nn.parameter_read @conv2.bias : tensor<64xf32>
    %3 = nn.conv2d %2, %conv2.kernel, %conv2.bias : tensor<32x13x13x32xf32>, tensor<3x3x32x64xf32>, tensor<64xf32>
    %4 = nn.relu %3 : tensor<32x11x11x64xf32>
    %5 = nn.max_pool2d %4 : tensor<32x11x11x64xf32>
    %6 = nn.flatten %5 : tensor<32x5x5x64xf32>
    %dense1.kernel = nn.parameter_read @dense1.kernel : tensor<1600x64xf32>
    %dense1.bias = nn.parameter_read @dense1.bias : tensor<64xf32>
    %7 = nn.dense %6, %dense1.kernel, %dense1.bias : tensor<32x1600xf32>, tensor<1600x64xf32>, tensor<64xf32>
    %8 = nn.relu %7 : tensor<32x64xf32>
    %dense2.kernel = nn.parameter_read @dense2.kernel : tensor<64x10xf32>
    %dense2.bias = nn.parameter_read @dense2.bias : tensor<10xf32>
    %9 = nn.dense %8, %dense2.kernel, %dense2.bias : tensor<32x64xf32>, tensor<64x10xf32>, tensor<10xf32>
    %10 = nn.softmax %9 : tensor<32x10xf32>
    return %10 : tensor<32x10xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}
}
