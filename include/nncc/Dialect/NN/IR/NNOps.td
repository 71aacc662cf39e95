//===- NNOps.td - nn dialect operations --------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The operations of the nn dialect: parameters and the training
// configuration (the model), layers, and losses.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNOPS_TD
#define NNCC_DIALECT_NN_IR_NNOPS_TD

include "nncc/Dialect/NN/IR/NNBase.td"
include "nncc/Dialect/NN/IR/NNAttrs.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

/// The model's parameters, as one side-effect resource: reads and writes of
/// parameters are ordered against each other.
def NN_ParameterResource : Resource<"::mlir::nn::ParameterResource">;

//===----------------------------------------------------------------------===//
// Model: parameters and training configuration
//===----------------------------------------------------------------------===//

def NN_ParameterOp : NN_Op<"parameter", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "Declares a parameter of the model";
  let description = [{
    Declares a tensor the model owns: its name (the symbol, which is also the
    name the C API reports), its type and its initializer. Parameters are
    trainable unless marked `non_trainable` (batch normalization's moving
    statistics), in which case the optimizer never touches them.
    `optimizer_state` marks the slots the optimizer keeps (Adam's moments,
    momentum, the step count, the learning rate): `nn-add-optimizer-state`
    declares them; they live in the model instance and its checkpoints but
    are not among the parameters the C API lists.

    Example:

    ```mlir
    nn.parameter @conv1.kernel : tensor<3x3x1x32xf32> init<glorot_uniform>
    nn.parameter @bn.moving_mean : tensor<32xf32> init<zeros> non_trainable
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    TypeAttrOf<NN_FloatTensor>:$type,
    NN_InitializerAttr:$initializer,
    UnitAttr:$non_trainable,
    UnitAttr:$optimizer_state);
  let assemblyFormat = [{
    $sym_name `:` $type `init` `` $initializer (`non_trainable` $non_trainable^)?
    (`optimizer_state` $optimizer_state^)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
    bool isTrainable() { return !getNonTrainable(); }
  }];
}

def NN_ParameterReadOp : NN_Op<"parameter_read", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>,
    MemoryEffects<[MemRead<NN_ParameterResource>]>]> {
  let summary = "Reads the current value of a parameter";
  let description = [{
    Yields the current value of the `nn.parameter` named by `parameter`. The
    result type must be the parameter's type. The printer names the result
    after the parameter.

    Example:

    ```mlir
    %conv1.kernel = nn.parameter_read @conv1.kernel : tensor<3x3x1x32xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$parameter);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$parameter attr-dict `:` type($result)";
}

def NN_ParameterWriteOp : NN_Op<"parameter_write", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    MemoryEffects<[MemWrite<NN_ParameterResource>]>]> {
  let summary = "Replaces the value of a parameter";
  let description = [{
    Stores `value` as the new value of the `nn.parameter` named by
    `parameter`. Training steps use it for optimizer updates and for batch
    normalization's moving statistics; a forward function has no need of it.

    Example:

    ```mlir
    nn.parameter_write @bn.moving_mean, %mean : tensor<32xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$parameter, NN_FloatTensor:$value);
  let assemblyFormat = "$parameter `,` $value attr-dict `:` type($value)";
}

def NN_TrainConfigOp : NN_Op<"train_config", [
    HasParent<"::mlir::ModuleOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "How the model is trained: forward function, loss, optimizer";
  let description = [{
    The equivalent of Keras's `model.compile(loss=..., optimizer=...)`: names
    the forward function (one input, one output), the loss applied to its
    output and the optimizer. With it, `nncc model.mlir` needs no training
    flags. At most one per module.

    The loss sees the model's output as probabilities unless `from_logits`
    is set, as in Keras. When the forward function ends in `nn.softmax`,
    nncc trains through the fused, numerically stable softmax-cross-entropy.

    Example:

    ```mlir
    nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>,
                              optimizer = #nn.adam<learning_rate = 1.000000e-03>}
    ```
  }];
  let arguments = (ins
    FlatSymbolRefAttr:$forward,
    NN_LossAttr:$loss,
    NN_OptimizerAttr:$optimizer,
    UnitAttr:$from_logits);
  let assemblyFormat = "$forward attr-dict";
}

//===----------------------------------------------------------------------===//
// Convolution, pooling, dense
//===----------------------------------------------------------------------===//

def NN_Conv2DOp : NN_LayerOp<"conv2d", [SameOperandsAndResultElementType,
                                         NN_Differentiable]> {
  let summary = "2-D convolution (Keras Conv2D), NHWC input, HWCF kernel";
  let description = [{
    `result[n, y, x, f] = bias[f] + Σ filter[i, j, c, f] ·
    input[n, y·sh + i·dh − ph, x·sw + j·dw − pw, c]` with zero padding.
    `filter` is `[kh, kw, in_channels, filters]`, `bias` (optional) is
    `[filters]`. With `padding = valid` the output is
    `floor((in − ((k − 1)·d + 1)) / s) + 1`; with `same` it is `ceil(in / s)`.

    Example:

    ```mlir
    %y = nn.conv2d %x, %k, %b {padding = #nn.padding<same>, strides = array<i64: 2, 2>}
        : tensor<32x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>
    ```
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$filter,
    Optional<NN_FloatTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<NN_PaddingAttr, "::mlir::nn::Padding::valid">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation);
  let results = (outs NN_FloatTensor:$result);
}

class NN_Pool2DOp<string mnemonic, string what, string extra>
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType, NN_Differentiable],
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferPool2D(
        getOperationName(), loc, adaptor.getInput(), adaptor.getPoolSize(),
        adaptor.getStrides(), adaptor.getPadding(), out);
  }
}]> {
  let summary = "2-D " # what # " pooling over an NHWC tensor";
  let description = "Takes the " # what # " of each `pool_size` window of "
    # "every channel. `strides` defaults to `pool_size`, as in Keras. " # extra
    # "\n\nExample:\n\n```mlir\n%y = nn." # mnemonic
    # " %x {pool_size = array<i64: 2, 2>} : tensor<32x26x26x32xf32>\n```";
  let arguments = (ins
    NN_FloatTensor:$input,
    DefaultValuedAttr<DenseI64ArrayAttr, "{2, 2}">:$pool_size,
    OptionalAttr<DenseI64ArrayAttr>:$strides,
    DefaultValuedAttr<NN_PaddingAttr, "::mlir::nn::Padding::valid">:$padding);
  let results = (outs NN_FloatTensor:$result);
  let extraClassDeclaration = [{
    /// The strides in effect: `strides`, or `pool_size` when absent.
    ::llvm::ArrayRef<int64_t> getEffectiveStrides() {
      return getStrides() ? *getStrides() : getPoolSize();
    }
  }];
}

def NN_MaxPool2DOp : NN_Pool2DOp<"max_pool2d", "maximum",
  "Padded positions never win (they count as -infinity).">;
def NN_AvgPool2DOp : NN_Pool2DOp<"avg_pool2d", "average",
  "With `same` padding each window averages only the input elements it "
  # "covers (padding is not counted), as in Keras.">;

class NN_GlobalPool2DOp<string mnemonic, string what, string keras,
                        string extra>
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType, NN_Differentiable],
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferGlobalPool2D(
        getOperationName(), loc, adaptor.getInput(), adaptor.getKeepdims(),
        out);
  }
}]> {
  let summary = "The " # what # " of each channel over an NHWC image (Keras "
    # keras # ")";
  let description = "`[n, h, w, c]` to `[n, c]` (`[n, 1, 1, c]` with "
    # "`keepdims`): the " # what # " of the `h · w` positions of every "
    # "channel. " # extra # "\n\nExample:\n\n```mlir\n%y = nn." # mnemonic
    # " %x : tensor<32x7x7x64xf32>\n```";
  let arguments = (ins NN_FloatTensor:$input, UnitAttr:$keepdims);
  let results = (outs NN_FloatTensor:$result);
}

def NN_GlobalMaxPool2DOp : NN_GlobalPool2DOp<"global_max_pool2d", "maximum",
  "GlobalMaxPooling2D", "It is `nn.max_pool2d` with a window of the whole "
  # "image; its gradient goes to the first maximum in row-major order, as "
  # "max pooling's (TensorFlow's reduce_max would split it over ties).">;
def NN_GlobalAvgPool2DOp : NN_GlobalPool2DOp<"global_avg_pool2d", "mean",
  "GlobalAveragePooling2D", "It is `nn.avg_pool2d` with a window of the "
  # "whole image.">;

def NN_DenseOp : NN_LayerOp<"dense", [SameOperandsAndResultElementType,
                                       NN_Differentiable]> {
  let summary = "Fully connected layer (Keras Dense)";
  let description = [{
    `result = input · kernel + bias` over the last axis of `input`:
    `input` is `[..., in]`, `kernel` is `[in, out]`, `bias` (optional) is
    `[out]`, and the result is `[..., out]`.

    Example:

    ```mlir
    %y = nn.dense %x, %k, %b : tensor<32x1600xf32>, tensor<1600x64xf32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$kernel,
    Optional<NN_FloatTensor>:$bias);
  let results = (outs NN_FloatTensor:$result);
}

//===----------------------------------------------------------------------===//
// Activations and normalization
//===----------------------------------------------------------------------===//

def NN_ReluOp : NN_ActivationOp<"relu", "max(x, 0)"> {
  let summary = "Rectified linear unit";
}
def NN_SigmoidOp : NN_ActivationOp<"sigmoid", "1 / (1 + exp(-x))"> {
  let summary = "Logistic sigmoid";
}
def NN_TanhOp : NN_ActivationOp<"tanh", "tanh(x)"> {
  let summary = "Hyperbolic tangent";
}

class NN_SoftmaxLikeOp<string mnemonic, string formula>
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType, NN_Differentiable],
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferSoftmax(getOperationName(), loc,
                                            adaptor.getInput(),
                                            adaptor.getAxis(), out);
  }
}]> {
  let description = "`" # formula # "` along `axis` (default -1, the last "
    # "axis; negative values count from the end).\n\nExample:\n\n```mlir\n"
    # "%p = nn." # mnemonic # " %logits : tensor<32x10xf32>\n```";
  let arguments = (ins
    NN_FloatTensor:$input,
    DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs NN_FloatTensor:$result);
  let extraClassDeclaration = [{
    /// `axis` as a non-negative dimension index.
    int64_t getNormalizedAxis() {
      int64_t axis = getAxis();
      return axis < 0 ? axis + getInput().getType().getRank() : axis;
    }
  }];
}

def NN_SoftmaxOp : NN_SoftmaxLikeOp<"softmax",
    "exp(x_i - max x) / Σ_j exp(x_j - max x)"> {
  let summary = "Softmax along an axis";
}
def NN_LogSoftmaxOp : NN_SoftmaxLikeOp<"log_softmax",
    "x_i - max x - log Σ_j exp(x_j - max x)"> {
  let summary = "Log-softmax along an axis";
}

class NN_BatchNormBase<string mnemonic, list<Trait> traits = []>
    : NN_LayerOp<mnemonic,
                 !listconcat(traits, [SameOperandsElementType, NN_Differentiable])> {
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$gamma,
    NN_FloatTensor:$beta,
    NN_FloatTensor:$moving_mean,
    NN_FloatTensor:$moving_variance,
    DefaultValuedAttr<F64Attr, "1.0e-3">:$epsilon,
    DefaultValuedAttr<F64Attr, "0.99">:$momentum);
}

def NN_BatchNormOp : NN_BatchNormBase<"batch_norm"> {
  let summary = "Batch normalization over the last axis (Keras BatchNormalization)";
  let description = [{
    Normalizes each channel (the last axis) of `input`. As written in a
    model this is the inference behaviour:
    `gamma · (x − moving_mean) / sqrt(moving_variance + epsilon) + beta`.
    `gamma`, `beta` and the moving statistics are `[channels]`; the moving
    statistics are usually `non_trainable` parameters.

    When nncc builds the training step it replaces each `nn.batch_norm` by
    `nn.batch_norm_training`, which normalizes with the batch statistics and
    updates the moving statistics with `momentum`, as Keras does with
    `training=True`.

    Example:

    ```mlir
    %y = nn.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.000000e-03 : f64}
        : tensor<32x26x26x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>
    ```
  }];
  let results = (outs NN_FloatTensor:$result);
}

def NN_BatchNormTrainingOp : NN_BatchNormBase<"batch_norm_training"> {
  let summary = "Batch normalization with batch statistics (training behaviour)";
  let description = [{
    Computes the mean `μ` and the (biased) variance `σ²` of each channel over
    all other axes of `input`, returns
    `gamma · (x − μ) / sqrt(σ² + epsilon) + beta`, and the updated moving
    statistics `moving · momentum + batch · (1 − momentum)` (Keras's rule).

    Example:

    ```mlir
    %y, %mean, %var = nn.batch_norm_training %x, %gamma, %beta, %mean0, %var0
        : tensor<32x10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>, tensor<10xf32>
    ```
  }];
  let results = (outs
    NN_FloatTensor:$result,
    NN_FloatTensor:$new_moving_mean,
    NN_FloatTensor:$new_moving_variance);
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def NN_FlattenOp : NN_LayerOp<"flatten", [SameOperandsAndResultElementType,
                                           NN_Differentiable]> {
  let summary = "Flattens all but the batch axis (Keras Flatten)";
  let description = [{
    `[batch, d1, ..., dk]` becomes `[batch, d1·...·dk]`, in row-major order.

    Example:

    ```mlir
    %y = nn.flatten %x : tensor<32x5x5x64xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
}

def NN_ReshapeOp : NN_Op<"reshape", [Pure, SameOperandsAndResultElementType,
                                     NN_Differentiable]> {
  let summary = "Reinterprets a tensor with a new shape (row-major)";
  let description = [{
    The result type gives the new shape; the number of elements must not
    change. Unlike Keras's `Reshape`, the batch axis is part of the shape.

    Example:

    ```mlir
    %y = nn.reshape %x : tensor<32x784xf32> -> tensor<32x28x28x1xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Broadcasting arithmetic
//===----------------------------------------------------------------------===//

def NN_AddOp : NN_BroadcastBinaryOp<"add", "lhs + rhs", [Commutative]> {
  let summary = "Elementwise addition with broadcasting";
}
def NN_SubOp : NN_BroadcastBinaryOp<"sub", "lhs - rhs"> {
  let summary = "Elementwise subtraction with broadcasting";
}
def NN_MulOp : NN_BroadcastBinaryOp<"mul", "lhs * rhs", [Commutative]> {
  let summary = "Elementwise multiplication with broadcasting";
}
// Not Commutative: a tie sends the whole gradient to lhs (TensorFlow's
// rule, which Keras's Maximum and Minimum merges inherit).
def NN_MaximumOp : NN_BroadcastBinaryOp<"maximum", "max(lhs, rhs)"> {
  let summary = "Elementwise maximum with broadcasting (Keras Maximum)";
}
def NN_MinimumOp : NN_BroadcastBinaryOp<"minimum", "min(lhs, rhs)"> {
  let summary = "Elementwise minimum with broadcasting (Keras Minimum)";
}

def NN_AverageOp : NN_LayerOp<"average", [SameOperandsAndResultType,
                                           NN_Differentiable],
    NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferSameShapeOperands(getOperationName(), loc,
                                                      adaptor.getInputs(), out);
  }
}]> {
  let summary = "Mean of two or more tensors of one shape (Keras Average)";
  let description = [{
    `(inputs[0] + inputs[1] + … + inputs[n−1]) / n`, summed left to right
    as Keras's Average merge does. A Keras `Add`, `Multiply`, `Maximum` or
    `Minimum` of more than two inputs is the left-to-right chain of the
    binary ops.

    Example:

    ```mlir
    %y = nn.average %a, %b, %c : tensor<32x64xf32>, tensor<32x64xf32>, tensor<32x64xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_FloatTensor>:$inputs);
  let results = (outs NN_FloatTensor:$result);
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

class NN_RecurrentOp<string mnemonic, string layer, string biasShape,
                     string stateDesc, string cellDesc>
    : NN_LayerOp<mnemonic, [SameOperandsAndResultElementType, NN_Differentiable]> {
  let summary = "Recurrent layer (Keras " # layer # ")";
  let description = "Runs the " # layer # " cell over `input` "
    # "`[batch, time, features]`, batch-major, from t = 0. "
    # "`kernel` is `[features, G·units]`, `recurrent_kernel` is "
    # "`[units, G·units]` and `bias` is `" # biasShape # "`. "
    # stateDesc # " The result is the last hidden state `[batch, units]`, "
    # "or every hidden state `[batch, time, units]` with `return_sequences`. "
    # "The time loop is a real loop in the generated code, never unrolled."
    # "\n\n" # cellDesc;
  let arguments = (ins
    NN_FloatTensor:$input,
    NN_FloatTensor:$kernel,
    NN_FloatTensor:$recurrent_kernel,
    NN_FloatTensor:$bias,
    Variadic<NN_FloatTensor>:$initial_state,
    UnitAttr:$return_sequences);
  let results = (outs NN_FloatTensor:$result);
}

def NN_SimpleRNNOp : NN_RecurrentOp<"simple_rnn", "SimpleRNN", "[units]",
  "`initial_state` is empty (zeros) or `h0` `[batch, units]`.",
  [{G = 1: `h_t = tanh(x_t · kernel + h_{t−1} · recurrent_kernel + bias)`.

Example:

```mlir
%h = nn.simple_rnn %x, %k, %rk, %b : tensor<32x28x28xf32>, tensor<28x64xf32>, tensor<64x64xf32>, tensor<64xf32>
```}]>;

def NN_LSTMOp : NN_RecurrentOp<"lstm", "LSTM", "[4·units]",
  "`initial_state` is empty (zeros) or `h0, c0`, each `[batch, units]`.",
  [{G = 4, gates in Keras's order i, f, c, o:
`z = x_t · kernel + h_{t−1} · recurrent_kernel + bias`,
`i = σ(z_i)`, `f = σ(z_f)`, `g = tanh(z_c)`, `o = σ(z_o)`,
`c_t = f ⊙ c_{t−1} + i ⊙ g`, `h_t = o ⊙ tanh(c_t)` (σ the logistic sigmoid).

Example:

```mlir
%h = nn.lstm %x, %k, %rk, %b {return_sequences} : tensor<32x28x28xf32>, tensor<28x256xf32>, tensor<64x256xf32>, tensor<256xf32>
```}]>;

def NN_GRUOp : NN_RecurrentOp<"gru", "GRU", "[2, 3·units]",
  "`initial_state` is empty (zeros) or `h0` `[batch, units]`.",
  [{G = 3, gates in Keras's order z, r, h, with `reset_after = true`: row 0
of `bias` is the input bias `b`, row 1 the recurrent bias `rb`.
`x_z, x_r, x_h = x_t · kernel + b`, `h_z, h_r, h_h = h_{t−1} · recurrent_kernel + rb`,
`z = σ(x_z + h_z)`, `r = σ(x_r + h_r)`, `ĥ = tanh(x_h + r ⊙ h_h)`,
`h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ`.

Example:

```mlir
%h = nn.gru %x, %k, %rk, %b : tensor<32x28x28xf32>, tensor<28x192xf32>, tensor<64x192xf32>, tensor<2x192xf32>
```}]>;

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def NN_SparseSoftmaxCrossEntropyOp
    : NN_LayerOp<"sparse_softmax_cross_entropy", [NN_Differentiable]> {
  let summary = "Softmax cross-entropy against integer class labels";
  let description = [{
    `mean_b (log Σ_j exp(logits[b, j]) − logits[b, labels[b]])`: `logits` is
    `[..., classes]`, `labels` is int32 `[...]` with values in
    `[0, classes)`; the result is a scalar averaged over all leading
    positions (the batch).

    Example:

    ```mlir
    %loss = nn.sparse_softmax_cross_entropy %logits, %labels : tensor<32x10xf32>, tensor<32xi32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$logits, NN_LabelTensor:$labels);
  let results = (outs 0DTensorOf<[F32, F64]>:$loss);
}

def NN_SoftmaxCrossEntropyOp
    : NN_LayerOp<"softmax_cross_entropy", [SameOperandsElementType,
                                           NN_Differentiable]> {
  let summary = "Softmax cross-entropy against one-hot or probability targets";
  let description = [{
    `mean_b (−Σ_j targets[b, j] · log_softmax(logits)[b, j])`, with `targets`
    shaped like `logits` `[..., classes]`; the result is a scalar.

    Example:

    ```mlir
    %loss = nn.softmax_cross_entropy %logits, %targets : tensor<32x10xf32>, tensor<32x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$logits, NN_FloatTensor:$targets);
  let results = (outs 0DTensorOf<[F32, F64]>:$loss);
}

def NN_MeanSquaredErrorOp
    : NN_LayerOp<"mean_squared_error", [SameOperandsElementType,
                                        NN_Differentiable]> {
  let summary = "Mean squared error";
  let description = [{
    `mean((predictions − targets)²)` over all elements (Keras averages over
    the last axis, then over the batch: the same number).

    Example:

    ```mlir
    %loss = nn.mean_squared_error %y, %t : tensor<32x1xf32>, tensor<32x1xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$predictions, NN_FloatTensor:$targets);
  let results = (outs 0DTensorOf<[F32, F64]>:$loss);
}

include "nncc/Dialect/NN/IR/NNActivationOps.td"
include "nncc/Dialect/NN/IR/NNShapeOps.td"
include "nncc/Dialect/NN/IR/NNTrainingOps.td"

#endif // NNCC_DIALECT_NN_IR_NNOPS_TD
