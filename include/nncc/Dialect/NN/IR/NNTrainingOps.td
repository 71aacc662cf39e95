//===- NNTrainingOps.td - nn ops of the training step ------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The ops that generated backward passes and optimizer updates are made of:
// the primitives the vector-Jacobian products need (matmul with transposes,
// reductions, the gradients of windowed and recurrent layers) and the
// optimizer updates. Models rarely write them by hand, but they are ordinary
// nn ops: verified, printed, lowered to linalg like the layers.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNTRAININGOPS_TD
#define NNCC_DIALECT_NN_IR_NNTRAININGOPS_TD

//===----------------------------------------------------------------------===//
// Primitives
//===----------------------------------------------------------------------===//

def NN_ExpOp : NN_ActivationOp<"exp", "exp(x)"> {
  let summary = "Elementwise exponential";
}

def NN_RsqrtOp : NN_ActivationOp<"rsqrt", "1 / sqrt(x)"> {
  let summary = "Elementwise reciprocal square root";
}

def NN_MatMulOp : NN_LayerOp<"matmul",
    [SameOperandsAndResultElementType, NN_Differentiable],
    NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferMatMul(
        getOperationName(), loc, adaptor.getLhs(), adaptor.getRhs(),
        adaptor.getTransposeLhs(), adaptor.getTransposeRhs(), out);
  }
}]> {
  let summary = "Matrix product with optional transposes";
  let description = [{
    `op(lhs) · op(rhs)` for rank-2 operands, where `op` transposes its
    operand when `transpose_lhs` / `transpose_rhs` is set. The gradients of
    dense layers are made of it (`dx = dy · kᵀ`, `dk = xᵀ · dy`).

    Example:

    ```mlir
    %dk = nn.matmul %x, %dy {transpose_lhs} : tensor<32x64xf32>, tensor<32x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs,
                       UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs NN_FloatTensor:$result);
}

def NN_ReduceSumOp : NN_LayerOp<"reduce_sum",
    [SameOperandsAndResultElementType, NN_Differentiable],
    NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferReduceSum(
        getOperationName(), loc, adaptor.getInput(), adaptor.getAxes(),
        adaptor.getKeepDims(), out);
  }
}]> {
  let summary = "Sum over axes";
  let description = [{
    Sums `input` over `axes` (distinct, in range, increasing). Without
    `keep_dims` the reduced axes disappear; with it they stay with size 1,
    so that the result broadcasts against the input. Bias gradients and the
    sums that undo broadcasting are made of it.

    Example:

    ```mlir
    %db = nn.reduce_sum %dy {axes = array<i64: 0, 1, 2>} : tensor<32x26x26x32xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keep_dims);
  let results = (outs NN_FloatTensor:$result);
}

def NN_ReluGradOp : NN_LayerOp<"relu_grad", [SameOperandsAndResultElementType],
    NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferSameShapes(
        getOperationName(), loc, adaptor.getInput(), "input",
        adaptor.getOutputGrad(), "output_grad", out);
  }
}]> {
  let summary = "Gradient of relu: output_grad where input > 0, else 0";
  let description = [{
    Example:

    ```mlir
    %dx = nn.relu_grad %x, %dy : tensor<32x64xf32>, tensor<32x64xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$output_grad);
  let results = (outs NN_FloatTensor:$result);
}

class NN_ExtremumGradOp<string mnemonic, string op, string wins>
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType],
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferExtremumGrad(
        getOperationName(), loc, adaptor.getLhs(), adaptor.getRhs(),
        adaptor.getOutputGrad(), out);
  }
}]> {
  let summary = "Gradient of " # op # " reaching lhs, before unbroadcasting";
  let description = "`" # wins # " ? output_grad : 0`, with `lhs` and `rhs` "
    # "broadcast to `output_grad`'s shape (that of the `nn." # op # "` "
    # "result). `output_grad` minus it is what reaches `rhs`: a tie goes to "
    # "`lhs`, as in TensorFlow.\n\nExample:\n\n```mlir\n%dl = nn." # mnemonic
    # " %a, %b, %dy : tensor<32x10xf32>, tensor<10xf32>, tensor<32x10xf32>\n```";
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs,
                       NN_FloatTensor:$output_grad);
  let results = (outs NN_FloatTensor:$result);
}

def NN_MaximumGradOp : NN_ExtremumGradOp<"maximum_grad", "maximum", "lhs ≥ rhs">;
def NN_MinimumGradOp : NN_ExtremumGradOp<"minimum_grad", "minimum", "lhs ≤ rhs">;

def NN_OneHotOp : NN_Op<"one_hot", [Pure]> {
  let summary = "One-hot encoding of int32 class labels";
  let description = [{
    `result[..., c] = labels[...] == c ? 1 : 0`. The result type gives the
    number of classes (its last dimension) and the element type.

    Example:

    ```mlir
    %t = nn.one_hot %labels : tensor<32xi32> -> tensor<32x10xf32>
    ```
  }];
  let arguments = (ins NN_LabelTensor:$labels);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$labels attr-dict `:` type($labels) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Gradients of windowed layers
//===----------------------------------------------------------------------===//

class NN_ConvGradOp<string mnemonic, string summaryText, string what>
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultElementType]> {
  let summary = summaryText;
  let description = "The gradient of `nn.conv2d` with respect to its " # what
    # ", given the gradient of its output. The attributes are the "
    # "convolution's; the result type gives the " # what # "'s shape, "
    # "which the output shape alone does not determine.";
  let assemblyFormat = [{
    operands attr-dict `:` type(operands) `->` type($result)
  }];
  let hasVerifier = 1;
}

def NN_Conv2DBackpropInputOp : NN_ConvGradOp<"conv2d_backprop_input",
    "Gradient of conv2d with respect to its input", "input"> {
  let arguments = (ins
    NN_FloatTensor:$output_grad,
    NN_FloatTensor:$filter,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<NN_PaddingAttr, "::mlir::nn::Padding::valid">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation);
  let results = (outs NN_FloatTensor:$result);
}

def NN_Conv2DBackpropFilterOp : NN_ConvGradOp<"conv2d_backprop_filter",
    "Gradient of conv2d with respect to its filter", "filter"> {
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$output_grad,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<NN_PaddingAttr, "::mlir::nn::Padding::valid">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation);
  let results = (outs NN_FloatTensor:$result);
}

class NN_Pool2DGradOp<string mnemonic, string rule>
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType],
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferPool2DGrad(
        getOperationName(), loc, adaptor.getInput(), adaptor.getOutputGrad(),
        adaptor.getPoolSize(), adaptor.getStrides(), adaptor.getPadding(),
        out);
  }
}]> {
  let summary = "Gradient of a 2-D pooling with respect to its input";
  let description = "Given the pooling's input and the gradient of its "
    # "output, " # rule # " The attributes are the pooling's.";
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$output_grad,
    DefaultValuedAttr<DenseI64ArrayAttr, "{2, 2}">:$pool_size,
    OptionalAttr<DenseI64ArrayAttr>:$strides,
    DefaultValuedAttr<NN_PaddingAttr, "::mlir::nn::Padding::valid">:$padding);
  let results = (outs NN_FloatTensor:$result);
  let extraClassDeclaration = [{
    ::llvm::ArrayRef<int64_t> getEffectiveStrides() {
      return getStrides() ? *getStrides() : getPoolSize();
    }
  }];
}

def NN_MaxPool2DGradOp : NN_Pool2DGradOp<"max_pool2d_grad",
  "routes each window's gradient to the window's maximum (the first one in "
  # "row-major order on ties) and sums where windows overlap.">;
def NN_AvgPool2DGradOp : NN_Pool2DGradOp<"avg_pool2d_grad",
  "spreads each window's gradient evenly over the input elements it covers "
  # "(padding excluded) and sums where windows overlap.">;

//===----------------------------------------------------------------------===//
// Gradients of recurrent layers
//===----------------------------------------------------------------------===//

class NN_RecurrentGradOp<string mnemonic, string layer>
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType]> {
  let summary = "Gradient of " # layer # " through time";
  let description = "Backpropagation through time of `nn." # layer # "`: "
    # "the operands are the layer's followed by the gradient of its result "
    # "(`[batch, time, units]` with `return_sequences`, else "
    # "`[batch, units]`); the results are the gradients of the layer's "
    # "operands, in order. The lowering runs the forward loop once more, "
    # "saving every step's state, then a reverse loop over the saved states: "
    # "both are loops, never unrolled.";
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$kernel,
    NN_FloatTensor:$recurrent_kernel,
    NN_FloatTensor:$bias,
    Variadic<NN_FloatTensor>:$initial_state,
    NN_FloatTensor:$output_grad,
    UnitAttr:$return_sequences);
  let results = (outs
    NN_FloatTensor:$input_grad,
    NN_FloatTensor:$kernel_grad,
    NN_FloatTensor:$recurrent_kernel_grad,
    NN_FloatTensor:$bias_grad,
    Variadic<NN_FloatTensor>:$initial_state_grad);
}

def NN_SimpleRNNGradOp : NN_RecurrentGradOp<"simple_rnn_grad", "simple_rnn">;
def NN_LSTMGradOp : NN_RecurrentGradOp<"lstm_grad", "lstm">;
def NN_GRUGradOp : NN_RecurrentGradOp<"gru_grad", "gru">;

//===----------------------------------------------------------------------===//
// Optimizer updates
//===----------------------------------------------------------------------===//

def NN_SGDUpdateOp : NN_LayerOp<"sgd_update", [SameOperandsElementType]> {
  let summary = "One SGD step for one parameter (Keras semantics)";
  let description = [{
    With `g = grad + weight_decay · param`: without `velocity`,
    `param − lr · g`. With it (momentum), `v' = momentum · v − lr · g` and
    `param + v'`, or with `nesterov`, `param + momentum · v' − lr · g`;
    the second result is `v'`. `learning_rate` is a 0-d tensor, so that it
    can change at run time.

    Example:

    ```mlir
    %p2, %v2 = nn.sgd_update %p, %g, %lr, %v {momentum = 9.000000e-01 : f64}
        : tensor<64xf32>, tensor<64xf32>, tensor<f32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins
    NN_FloatTensor:$param,
    NN_FloatTensor:$grad,
    NN_FloatTensor:$learning_rate,
    Optional<NN_FloatTensor>:$velocity,
    DefaultValuedAttr<F64Attr, "0.0">:$momentum,
    UnitAttr:$nesterov,
    DefaultValuedAttr<F64Attr, "0.0">:$weight_decay);
  let results = (outs NN_FloatTensor:$new_param,
                      Optional<NN_FloatTensor>:$new_velocity);
}

def NN_AdamUpdateOp : NN_LayerOp<"adam_update", [SameOperandsElementType]> {
  let summary = "One Adam step for one parameter (Keras semantics)";
  let description = [{
    With `g = grad + weight_decay · param` and `t` the step number (1 for
    the first update): `m' = β1 m + (1 − β1) g`, `v' = β2 v + (1 − β2) g²`,
    `param − lr · sqrt(1 − β2^t) / (1 − β1^t) · m' / (sqrt(v') + ε)`.
    Results: the new parameter, `m'`, `v'`. `learning_rate` and `step` are
    0-d tensors.

    Example:

    ```mlir
    %p2, %m2, %v2 = nn.adam_update %p, %g, %lr, %t, %m, %v
        : tensor<64xf32>, tensor<64xf32>, tensor<f32>, tensor<f32>, tensor<64xf32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins
    NN_FloatTensor:$param,
    NN_FloatTensor:$grad,
    NN_FloatTensor:$learning_rate,
    NN_FloatTensor:$step,
    NN_FloatTensor:$m,
    NN_FloatTensor:$v,
    DefaultValuedAttr<F64Attr, "0.9">:$beta_1,
    DefaultValuedAttr<F64Attr, "0.999">:$beta_2,
    DefaultValuedAttr<F64Attr, "1.0e-7">:$epsilon,
    DefaultValuedAttr<F64Attr, "0.0">:$weight_decay);
  let results = (outs NN_FloatTensor:$new_param, NN_FloatTensor:$new_m,
                      NN_FloatTensor:$new_v);
}

#endif // NNCC_DIALECT_NN_IR_NNTRAININGOPS_TD
