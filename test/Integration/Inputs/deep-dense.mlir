// A deep, narrow classifier (compiled whole and split into pieces by
// split-functions.test): 400 inputs, 30 dense layers of 13 units with
// relu (13 is no multiple of the vector width), softmax over 10 classes,
// batch 5, Adam.
module @deep_dense {
  nn.parameter @in.kernel : tensor<400x13xf32> init<glorot_uniform>
  nn.parameter @in.bias : tensor<13xf32> init<zeros>
  nn.parameter @d0.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d0.bias : tensor<13xf32> init<zeros>
  nn.parameter @d1.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d1.bias : tensor<13xf32> init<zeros>
  nn.parameter @d2.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d2.bias : tensor<13xf32> init<zeros>
  nn.parameter @d3.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d3.bias : tensor<13xf32> init<zeros>
  nn.parameter @d4.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d4.bias : tensor<13xf32> init<zeros>
  nn.parameter @d5.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d5.bias : tensor<13xf32> init<zeros>
  nn.parameter @d6.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d6.bias : tensor<13xf32> init<zeros>
  nn.parameter @d7.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d7.bias : tensor<13xf32> init<zeros>
  nn.parameter @d8.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d8.bias : tensor<13xf32> init<zeros>
  nn.parameter @d9.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d9.bias : tensor<13xf32> init<zeros>
  nn.parameter @d10.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d10.bias : tensor<13xf32> init<zeros>
  nn.parameter @d11.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d11.bias : tensor<13xf32> init<zeros>
  nn.parameter @d12.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d12.bias : tensor<13xf32> init<zeros>
  nn.parameter @d13.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d13.bias : tensor<13xf32> init<zeros>
  nn.parameter @d14.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d14.bias : tensor<13xf32> init<zeros>
  nn.parameter @d15.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d15.bias : tensor<13xf32> init<zeros>
  nn.parameter @d16.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d16.bias : tensor<13xf32> init<zeros>
  nn.parameter @d17.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d17.bias : tensor<13xf32> init<zeros>
  nn.parameter @d18.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d18.bias : tensor<13xf32> init<zeros>
  nn.parameter @d19.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d19.bias : tensor<13xf32> init<zeros>
  nn.parameter @d20.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d20.bias : tensor<13xf32> init<zeros>
  nn.parameter @d21.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d21.bias : tensor<13xf32> init<zeros>
  nn.parameter @d22.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d22.bias : tensor<13xf32> init<zeros>
  nn.parameter @d23.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d23.bias : tensor<13xf32> init<zeros>
  nn.parameter @d24.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d24.bias : tensor<13xf32> init<zeros>
  nn.parameter @d25.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d25.bias : tensor<13xf32> init<zeros>
  nn.parameter @d26.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d26.bias : tensor<13xf32> init<zeros>
  nn.parameter @d27.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d27.bias : tensor<13xf32> init<zeros>
  nn.parameter @d28.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d28.bias : tensor<13xf32> init<zeros>
  nn.parameter @d29.kernel : tensor<13x13xf32> init<glorot_uniform>
  nn.parameter @d29.bias : tensor<13xf32> init<zeros>
  nn.parameter @out.kernel : tensor<13x10xf32> init<glorot_uniform>
  nn.parameter @out.bias : tensor<10xf32> init<zeros>
  func.func @forward(%x: tensor<5x400xf32>) -> tensor<5x10xf32> {
    %ik = nn.parameter_read @in.kernel : tensor<400x13xf32>
    %ib = nn.parameter_read @in.bias : tensor<13xf32>
    %y = nn.dense %x, %ik, %ib : tensor<5x400xf32>, tensor<400x13xf32>, tensor<13xf32>
    %h = nn.relu %y : tensor<5x13xf32>
    %k0 = nn.parameter_read @d0.kernel : tensor<13x13xf32>
    %b0 = nn.parameter_read @d0.bias : tensor<13xf32>
    %y0 = nn.dense %h, %k0, %b0 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h0 = nn.relu %y0 : tensor<5x13xf32>
    %k1 = nn.parameter_read @d1.kernel : tensor<13x13xf32>
    %b1 = nn.parameter_read @d1.bias : tensor<13xf32>
    %y1 = nn.dense %h0, %k1, %b1 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h1 = nn.relu %y1 : tensor<5x13xf32>
    %k2 = nn.parameter_read @d2.kernel : tensor<13x13xf32>
    %b2 = nn.parameter_read @d2.bias : tensor<13xf32>
    %y2 = nn.dense %h1, %k2, %b2 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h2 = nn.relu %y2 : tensor<5x13xf32>
    %k3 = nn.parameter_read @d3.kernel : tensor<13x13xf32>
    %b3 = nn.parameter_read @d3.bias : tensor<13xf32>
    %y3 = nn.dense %h2, %k3, %b3 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h3 = nn.relu %y3 : tensor<5x13xf32>
    %k4 = nn.parameter_read @d4.kernel : tensor<13x13xf32>
    %b4 = nn.parameter_read @d4.bias : tensor<13xf32>
    %y4 = nn.dense %h3, %k4, %b4 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h4 = nn.relu %y4 : tensor<5x13xf32>
    %k5 = nn.parameter_read @d5.kernel : tensor<13x13xf32>
    %b5 = nn.parameter_read @d5.bias : tensor<13xf32>
    %y5 = nn.dense %h4, %k5, %b5 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h5 = nn.relu %y5 : tensor<5x13xf32>
    %k6 = nn.parameter_read @d6.kernel : tensor<13x13xf32>
    %b6 = nn.parameter_read @d6.bias : tensor<13xf32>
    %y6 = nn.dense %h5, %k6, %b6 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h6 = nn.relu %y6 : tensor<5x13xf32>
    %k7 = nn.parameter_read @d7.kernel : tensor<13x13xf32>
    %b7 = nn.parameter_read @d7.bias : tensor<13xf32>
    %y7 = nn.dense %h6, %k7, %b7 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h7 = nn.relu %y7 : tensor<5x13xf32>
    %k8 = nn.parameter_read @d8.kernel : tensor<13x13xf32>
    %b8 = nn.parameter_read @d8.bias : tensor<13xf32>
    %y8 = nn.dense %h7, %k8, %b8 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h8 = nn.relu %y8 : tensor<5x13xf32>
    %k9 = nn.parameter_read @d9.kernel : tensor<13x13xf32>
    %b9 = nn.parameter_read @d9.bias : tensor<13xf32>
    %y9 = nn.dense %h8, %k9, %b9 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h9 = nn.relu %y9 : tensor<5x13xf32>
    %k10 = nn.parameter_read @d10.kernel : tensor<13x13xf32>
    %b10 = nn.parameter_read @d10.bias : tensor<13xf32>
    %y10 = nn.dense %h9, %k10, %b10 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h10 = nn.relu %y10 : tensor<5x13xf32>
    %k11 = nn.parameter_read @d11.kernel : tensor<13x13xf32>
    %b11 = nn.parameter_read @d11.bias : tensor<13xf32>
    %y11 = nn.dense %h10, %k11, %b11 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h11 = nn.relu %y11 : tensor<5x13xf32>
    %k12 = nn.parameter_read @d12.kernel : tensor<13x13xf32>
    %b12 = nn.parameter_read @d12.bias : tensor<13xf32>
    %y12 = nn.dense %h11, %k12, %b12 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h12 = nn.relu %y12 : tensor<5x13xf32>
    %k13 = nn.parameter_read @d13.kernel : tensor<13x13xf32>
    %b13 = nn.parameter_read @d13.bias : tensor<13xf32>
    %y13 = nn.dense %h12, %k13, %b13 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h13 = nn.relu %y13 : tensor<5x13xf32>
    %k14 = nn.parameter_read @d14.kernel : tensor<13x13xf32>
    %b14 = nn.parameter_read @d14.bias : tensor<13xf32>
    %y14 = nn.dense %h13, %k14, %b14 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h14 = nn.relu %y14 : tensor<5x13xf32>
    %k15 = nn.parameter_read @d15.kernel : tensor<13x13xf32>
    %b15 = nn.parameter_read @d15.bias : tensor<13xf32>
    %y15 = nn.dense %h14, %k15, %b15 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h15 = nn.relu %y15 : tensor<5x13xf32>
    %k16 = nn.parameter_read @d16.kernel : tensor<13x13xf32>
    %b16 = nn.parameter_read @d16.bias : tensor<13xf32>
    %y16 = nn.dense %h15, %k16, %b16 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h16 = nn.relu %y16 : tensor<5x13xf32>
    %k17 = nn.parameter_read @d17.kernel : tensor<13x13xf32>
    %b17 = nn.parameter_read @d17.bias : tensor<13xf32>
    %y17 = nn.dense %h16, %k17, %b17 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h17 = nn.relu %y17 : tensor<5x13xf32>
    %k18 = nn.parameter_read @d18.kernel : tensor<13x13xf32>
    %b18 = nn.parameter_read @d18.bias : tensor<13xf32>
    %y18 = nn.dense %h17, %k18, %b18 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h18 = nn.relu %y18 : tensor<5x13xf32>
    %k19 = nn.parameter_read @d19.kernel : tensor<13x13xf32>
    %b19 = nn.parameter_read @d19.bias : tensor<13xf32>
    %y19 = nn.dense %h18, %k19, %b19 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h19 = nn.relu %y19 : tensor<5x13xf32>
    %k20 = nn.parameter_read @d20.kernel : tensor<13x13xf32>
    %b20 = nn.parameter_read @d20.bias : tensor<13xf32>
    %y20 = nn.dense %h19, %k20, %b20 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h20 = nn.relu %y20 : tensor<5x13xf32>
    %k21 = nn.parameter_read @d21.kernel : tensor<13x13xf32>
    %b21 = nn.parameter_read @d21.bias : tensor<13xf32>
    %y21 = nn.dense %h20, %k21, %b21 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h21 = nn.relu %y21 : tensor<5x13xf32>
    %k22 = nn.parameter_read @d22.kernel : tensor<13x13xf32>
    %b22 = nn.parameter_read @d22.bias : tensor<13xf32>
    %y22 = nn.dense %h21, %k22, %b22 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h22 = nn.relu %y22 : tensor<5x13xf32>
    %k23 = nn.parameter_read @d23.kernel : tensor<13x13xf32>
    %b23 = nn.parameter_read @d23.bias : tensor<13xf32>
    %y23 = nn.dense %h22, %k23, %b23 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h23 = nn.relu %y23 : tensor<5x13xf32>
    %k24 = nn.parameter_read @d24.kernel : tensor<13x13xf32>
    %b24 = nn.parameter_read @d24.bias : tensor<13xf32>
    %y24 = nn.dense %h23, %k24, %b24 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h24 = nn.relu %y24 : tensor<5x13xf32>
    %k25 = nn.parameter_read @d25.kernel : tensor<13x13xf32>
    %b25 = nn.parameter_read @d25.bias : tensor<13xf32>
    %y25 = nn.dense %h24, %k25, %b25 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h25 = nn.relu %y25 : tensor<5x13xf32>
    %k26 = nn.parameter_read @d26.kernel : tensor<13x13xf32>
    %b26 = nn.parameter_read @d26.bias : tensor<13xf32>
    %y26 = nn.dense %h25, %k26, %b26 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h26 = nn.relu %y26 : tensor<5x13xf32>
    %k27 = nn.parameter_read @d27.kernel : tensor<13x13xf32>
    %b27 = nn.parameter_read @d27.bias : tensor<13xf32>
    %y27 = nn.dense %h26, %k27, %b27 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h27 = nn.relu %y27 : tensor<5x13xf32>
    %k28 = nn.parameter_read @d28.kernel : tensor<13x13xf32>
    %b28 = nn.parameter_read @d28.bias : tensor<13xf32>
    %y28 = nn.dense %h27, %k28, %b28 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h28 = nn.relu %y28 : tensor<5x13xf32>
    %k29 = nn.parameter_read @d29.kernel : tensor<13x13xf32>
    %b29 = nn.parameter_read @d29.bias : tensor<13xf32>
    %y29 = nn.dense %h28, %k29, %b29 : tensor<5x13xf32>, tensor<13x13xf32>, tensor<13xf32>
    %h29 = nn.relu %y29 : tensor<5x13xf32>
    %ok = nn.parameter_read @out.kernel : tensor<13x10xf32>
    %ob = nn.parameter_read @out.bias : tensor<10xf32>
    %z = nn.dense %h29, %ok, %ob : tensor<5x13xf32>, tensor<13x10xf32>, tensor<10xf32>
    %p = nn.softmax %z : tensor<5x10xf32>
    return %p : tensor<5x10xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}
}
