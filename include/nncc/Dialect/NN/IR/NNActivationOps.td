//===- NNActivationOps.td - nn activations beyond relu -----*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Keras's activations (keras.activations, Keras 3 semantics and defaults)
// and PReLU. Each activation of this file names its `Activation` kind: its
// VJP is `nn.activation_grad` of that kind, and the forward and derivative
// formulas live side by side in lib/Conversion/NNToLinalg/Activations.cpp.
// Keras's `exponential` is `nn.exp`; `linear` is the identity (no op).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNACTIVATIONOPS_TD
#define NNCC_DIALECT_NN_IR_NNACTIVATIONOPS_TD

// An elementwise activation differentiated by nn.activation_grad. `kind` is
// a C++ expression of the op's Activation (it may read attributes), `param`
// one of its double parameter (the slope of leaky_relu, elu's alpha).
class NN_KindActivationOp<string mnemonic, string formula, string kind,
                          dag attrs = (ins), string param = "0.0",
                          string example = "">
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType,
                            NN_Differentiable],
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferSameShape(getOperationName(), loc,
                                              adaptor.getInput(), out);
  }
  ::llvm::LogicalResult $cppClass::buildVJP(
      ::mlir::OpBuilder &b, ::llvm::ArrayRef<::mlir::Value> resultGrads,
      ::llvm::SmallVectorImpl<::mlir::Value> &operandGrads) {
    return ::mlir::nn::detail::buildActivationVJP(
        b, getLoc(), getInput(), getActivation(), getActivationParameter(),
        resultGrads[0], operandGrads);
  }
}]> {
  let arguments = !con((ins NN_FloatTensor:$input), attrs);
  let results = (outs NN_FloatTensor:$result);
  let description = "Elementwise `" # formula # "`.\n\nExample:\n\n```mlir\n"
    # "%y = nn." # mnemonic # example # " %x : tensor<32x64xf32>\n```";
  let extraClassDeclaration = [{
    /// The activation this op computes and its parameter, as
    /// nn.activation_grad and the lowering take them.
    ::mlir::nn::Activation getActivation() { return }] # kind # [{; }
    double getActivationParameter() { return }] # param # [{; }
  }];
}

def NN_LeakyReluOp : NN_KindActivationOp<"leaky_relu",
    "x ≥ 0 ? x : negative_slope · x",
    "::mlir::nn::Activation::leaky_relu",
    (ins DefaultValuedAttr<F64Attr, "0.3">:$negative_slope),
    "getNegativeSlope().convertToDouble()",
    " {negative_slope = 2.000000e-01 : f64}"> {
  let summary = "Leaky rectified linear unit (Keras LeakyReLU)";
  let hasVerifier = 1;
}

def NN_EluOp : NN_KindActivationOp<"elu", "x > 0 ? x : alpha · (exp(x) − 1)",
    "::mlir::nn::Activation::elu",
    (ins DefaultValuedAttr<F64Attr, "1.0">:$alpha),
    "getAlpha().convertToDouble()"> {
  let summary = "Exponential linear unit (Keras ELU, alpha defaults to 1)";
}

def NN_SeluOp : NN_KindActivationOp<"selu",
    "λ · (x > 0 ? x : α · (exp(x) − 1)), α = 1.6732632423543772, "
    # "λ = 1.0507009873554805", "::mlir::nn::Activation::selu"> {
  let summary = "Scaled exponential linear unit";
}

def NN_GeluOp : NN_KindActivationOp<"gelu",
    "x · Φ(x) = x/2 · (1 + erf(x/√2)); with `approximate`, "
    # "x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))",
    "getApproximate() ? ::mlir::nn::Activation::gelu_tanh : "
    # "::mlir::nn::Activation::gelu",
    (ins UnitAttr:$approximate), "0.0", " {approximate}"> {
  let summary = "Gaussian error linear unit (exact, or the tanh approximation)";
}

def NN_SiluOp : NN_KindActivationOp<"silu", "x · sigmoid(x)",
    "::mlir::nn::Activation::silu"> {
  let summary = "Sigmoid linear unit (Keras swish / silu)";
}

def NN_SoftplusOp : NN_KindActivationOp<"softplus",
    "log(1 + exp(x)), computed as max(x, 0) + log1p(exp(−|x|))",
    "::mlir::nn::Activation::softplus"> {
  let summary = "Softplus";
}

def NN_SoftsignOp : NN_KindActivationOp<"softsign", "x / (1 + |x|)",
    "::mlir::nn::Activation::softsign"> {
  let summary = "Softsign";
}

def NN_HardSigmoidOp : NN_KindActivationOp<"hard_sigmoid",
    "clamp(x / 6 + 1/2, 0, 1) (Keras 3's definition; tf.keras 2 used "
    # "0.2 x + 0.5)", "::mlir::nn::Activation::hard_sigmoid"> {
  let summary = "Piecewise-linear sigmoid";
}

def NN_HardSiluOp : NN_KindActivationOp<"hard_silu", "x · hard_sigmoid(x)",
    "::mlir::nn::Activation::hard_silu"> {
  let summary = "Hard sigmoid linear unit (Keras hard_swish / hard_silu)";
}

def NN_Relu6Op : NN_KindActivationOp<"relu6", "min(max(x, 0), 6)",
    "::mlir::nn::Activation::relu6"> {
  let summary = "Rectified linear unit capped at 6";
}

def NN_ActivationGradOp : NN_LayerOp<"activation_grad",
    [SameOperandsAndResultElementType], NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferSameShapes(
        getOperationName(), loc, adaptor.getInput(), "input",
        adaptor.getOutputGrad(), "output_grad", out);
  }
}]> {
  let summary = "Gradient of an activation: output_grad · f'(input)";
  let description = [{
    `activation` names `f`, `parameter` is its parameter (the slope of
    leaky_relu, elu's alpha; ignored by the others). At a kink the
    derivative is the one of the side that does not contain it, as
    TensorFlow's relu and relu6 gradients are: leaky_relu and elu take the
    negative side's at 0, relu6 and hard_sigmoid are 0 at both ends.

    Example:

    ```mlir
    %dx = nn.activation_grad %x, %dy {activation = #nn.activation<elu>, parameter = 1.000000e+00 : f64}
        : tensor<32x64xf32>, tensor<32x64xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$output_grad,
                       NN_ActivationAttr:$activation,
                       DefaultValuedAttr<F64Attr, "0.0">:$parameter);
  let results = (outs NN_FloatTensor:$result);
}

def NN_PReluOp : NN_LayerOp<"prelu", [SameOperandsAndResultElementType,
                                       NN_Differentiable]> {
  let summary = "Parametric rectified linear unit (Keras PReLU)";
  let description = [{
    `x ≥ 0 ? x : alpha · x` with `alpha` (trainable, Keras initializes it
    to zeros) broadcast against `x` as numpy does: Keras's `alpha` is
    `input.shape[1:]` with a 1 on each of its `shared_axes`. Broadcasting
    must not change `x`'s shape.

    Example:

    ```mlir
    %y = nn.prelu %x, %alpha : tensor<32x28x28x16xf32>, tensor<1x1x16xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$alpha);
  let results = (outs NN_FloatTensor:$result);
}

def NN_PReluGradOp : NN_LayerOp<"prelu_grad",
                                [SameOperandsAndResultElementType]> {
  let summary = "Gradient of prelu with respect to its input";
  let description = [{
    `input > 0 ? output_grad : alpha · output_grad`, `alpha` broadcast as in
    `nn.prelu`; the result is shaped like `input`.

    Example:

    ```mlir
    %dx = nn.prelu_grad %x, %alpha, %dy
        : tensor<32x16xf32>, tensor<16xf32>, tensor<32x16xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$alpha,
                       NN_FloatTensor:$output_grad);
  let results = (outs NN_FloatTensor:$result);
}

#endif // NNCC_DIALECT_NN_IR_NNACTIVATIONOPS_TD
