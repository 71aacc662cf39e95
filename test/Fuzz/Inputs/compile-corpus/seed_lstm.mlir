// The seed LSTM, as Keras writes it:
//
//   model = keras.Sequential([
//       keras.Input(shape=(28, 28)),          # an image read row by row
//       layers.LSTM(64, return_sequences=True),
//       layers.LSTM(64, return_sequences=True),
//       layers.LSTM(64),
//       layers.Dense(10, activation="softmax")])
//   model.compile(optimizer="adam", loss="categorical_crossentropy")
//
// with batch 32: 28 timesteps of 28 features. Kernels are [in, 4u] and
// recurrent kernels [u, 4u] with Keras's gate order i, f, c, o; biases start
// with the forget gate at 1 (unit_forget_bias). `nncc-opt` prints this file
// back unchanged (less these comments).
module @seed_lstm {
  nn.parameter @lstm1.kernel : tensor<28x256xf32> init<glorot_uniform>
  nn.parameter @lstm1.recurrent_kernel : tensor<64x256xf32> init<orthogonal>
  nn.parameter @lstm1.bias : tensor<256xf32> init<unit_forget_bias>
  nn.parameter @lstm2.kernel : tensor<64x256xf32> init<glorot_uniform>
  nn.parameter @lstm2.recurrent_kernel : tensor<64x256xf32> init<orthogonal>
  nn.parameter @lstm2.bias : tensor<256xf32> init<unit_forget_bias>
  nn.parameter @lstm3.kernel : tensor<64x256xf32> init<glorot_uniform>
  nn.parameter @lstm3.recurrent_kernel : tensor<64x256xf32> init<orthogonal>
  nn.parameter @lstm3.bias : tensor<256xf32> init<unit_forget_bias>
  nn.parameter @dense.kernel : tensor<64x10xf32> init<glorot_uniform>
  nn.parameter @dense.bias : tensor<10xf32> init<zeros>
  func.func @forward(%arg0: tensor<32x28x28xf32>) -> tensor<32x10xf32> {
    %lstm1.kernel = nn.parameter_read @lstm1.kernel : tensor<28x256xf32>
    %lstm1.recurrent_kernel = nn.parameter_read @lstm1.recurrent_kernel : tensor<64x256xf32>
    %lstm1.bias = nn.parameter_read @lstm1.bias : tensor<256xf32>
    %0 = nn.lstm %arg0, %lstm1.kernel, %lstm1.recurrent_kernel, %lstm1.bias {return_sequences} : tensor<32x28x28xf32>, tensor<28x256xf32>, tensor<64x256xf32>, tensor<256xf32>
    %lstm2.kernel = nn.parameter_read @lstm2.kernel : tensor<64x256xf32>
    %lstm2.recurrent_kernel = nn.parameter_read @lstm2.recurrent_kernel : tensor<64x256xf32>
    %lstm2.bias = nn.parameter_read @lstm2.bias : tensor<256xf32>
    %1 = nn.lstm %0, %lstm2.kernel, %lstm2.recurrent_kernel, %lstm2.bias {return_sequences} : tensor<32x28x64xf32>, tensor<64x256xf32>, tensor<64x256xf32>, tensor<256xf32>
    %lstm3.kernel = nn.parameter_read @lstm3.kernel : tensor<64x256xf32>
    %lstm3.recurrent_kernel = nn.parameter_read @lstm3.recurrent_kernel : tensor<64x256xf32>
    %lstm3.bias = nn.parameter_read @lstm3.bias : tensor<256xf32>
    %2 = nn.lstm %1, %lstm3.kernel, %lstm3.recurrent_kernel, %lstm3.bias : tensor<32x28x64xf32>, tensor<64x256xf32>, tensor<64x256xf32>, tensor<256xf32>
    %dense.kernel = nn.parameter_read @dense.kernel : tensor<64x10xf32>
    %dense.bias = nn.parameter_read @dense.bias : tensor<10xf32>
    %3 = nn.dense %2, %dense.kernel, %dense.bias : tensor<32x64xf32>, tensor<64x10xf32>, tensor<10xf32>
    %4 = nn.softmax %3 : tensor<32x10xf32>
    return %4 : tensor<32x10xf32>
  }
  nn.train_config @forward {loss = #nn.loss<categorical_crossentropy>, optimizer = #nn.adam<>}
}
