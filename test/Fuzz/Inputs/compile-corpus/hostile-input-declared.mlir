module @declared {
  func.func private @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32>
  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, optimizer = #nn.sgd<>}
}
