//===- NNAttrs.td - nn dialect attributes ------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Enums and attributes of the nn dialect: padding modes, parameter
// initializers, losses and optimizers.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNATTRS_TD
#define NNCC_DIALECT_NN_IR_NNATTRS_TD

include "nncc/Dialect/NN/IR/NNBase.td"
include "mlir/IR/EnumAttr.td"

class NN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<NN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

// A floating-point attribute parameter with a default, written as an MLIR
// float literal. Stored as an f64 APFloat (hashable, compared bitwise).
class NN_F64Parameter<string default, string desc>
    : AttrOrTypeParameter<"::llvm::APFloat", desc> {
  let defaultValue = "::llvm::APFloat(" # default # ")";
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
      double value;
      if ($_parser.parseFloat(value))
        return ::mlir::failure();
      return ::llvm::APFloat(value);
    }() }];
  let printer = [{ $_printer << $_self.convertToDouble() }];
}

//===----------------------------------------------------------------------===//
// Padding
//===----------------------------------------------------------------------===//

def NN_Padding : I32EnumAttr<"Padding", "Keras padding mode", [
    I32EnumAttrCase<"valid", 0>,
    I32EnumAttrCase<"same", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::nn";
}

def NN_PaddingAttr : EnumAttr<NN_Dialect, NN_Padding, "padding"> {
  let summary = "Keras padding mode: `valid` (no padding) or `same`";
  let description = [{
    `valid` applies the window only where it fits inside the input.
    `same` pads so that the output spatial size is `ceil(input / stride)`,
    putting the extra row/column at the bottom/right, as Keras and
    TensorFlow do.
  }];
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def NN_Activation : I32EnumAttr<"Activation",
    "an elementwise activation differentiated by nn.activation_grad", [
    I32EnumAttrCase<"leaky_relu", 0>,
    I32EnumAttrCase<"elu", 1>,
    I32EnumAttrCase<"selu", 2>,
    I32EnumAttrCase<"gelu", 3>,
    I32EnumAttrCase<"gelu_tanh", 4>,
    I32EnumAttrCase<"silu", 5>,
    I32EnumAttrCase<"softplus", 6>,
    I32EnumAttrCase<"softsign", 7>,
    I32EnumAttrCase<"hard_sigmoid", 8>,
    I32EnumAttrCase<"hard_silu", 9>,
    I32EnumAttrCase<"relu6", 10>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::nn";
}

def NN_ActivationAttr : EnumAttr<NN_Dialect, NN_Activation, "activation"> {
  let summary = "An activation whose derivative nn.activation_grad computes";
  let description = [{
    Names the forward op (`nn.leaky_relu`, `nn.elu`, `nn.selu`, `nn.gelu`,
    `nn.silu`, `nn.softplus`, `nn.softsign`, `nn.hard_sigmoid`,
    `nn.hard_silu`, `nn.relu6`); `gelu_tanh` is `nn.gelu {approximate}`.
  }];
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Initializers
//===----------------------------------------------------------------------===//

def NN_InitKind : I32EnumAttr<"InitKind", "parameter initializer", [
    I32EnumAttrCase<"zeros", 0>,
    I32EnumAttrCase<"ones", 1>,
    I32EnumAttrCase<"constant", 2>,
    I32EnumAttrCase<"uniform", 3>,
    I32EnumAttrCase<"normal", 4>,
    I32EnumAttrCase<"glorot_uniform", 5>,
    I32EnumAttrCase<"glorot_normal", 6>,
    I32EnumAttrCase<"he_uniform", 7>,
    I32EnumAttrCase<"he_normal", 8>,
    I32EnumAttrCase<"orthogonal", 9>,
    I32EnumAttrCase<"unit_forget_bias", 10>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::nn";
}

def NN_InitializerAttr : NN_Attr<"Initializer", "init"> {
  let summary = "How a parameter is initialized (Keras initializers)";
  let description = [{
    Names a Keras initializer and its arguments:

    | initializer | arguments (defaults) | draws |
    |---|---|---|
    | `zeros`, `ones` | — | 0 or 1 |
    | `constant` | value (0) | value |
    | `uniform` | minval (-0.05), maxval (0.05) | U(minval, maxval) |
    | `normal` | mean (0), stddev (0.05) | N(mean, stddev) |
    | `glorot_uniform` | — | U(±sqrt(6 / (fan_in + fan_out))) |
    | `glorot_normal` | — | truncated N(0, sqrt(2 / (fan_in + fan_out))) |
    | `he_uniform` | — | U(±sqrt(6 / fan_in)) |
    | `he_normal` | — | truncated N(0, sqrt(2 / fan_in)) |
    | `orthogonal` | gain (1) | a random orthogonal matrix (rank ≥ 2) |
    | `unit_forget_bias` | — | LSTM bias `[4u]`: 1 for the forget gate, 0 elsewhere |

    Fans follow Keras: for a kernel of shape `[..., in, out]` the receptive
    field is the product of the leading dimensions, `fan_in = in × field`
    and `fan_out = out × field`. The model's seed (given to `NAME_create`)
    makes the draw reproducible.

    Examples: `#nn.init<glorot_uniform>`, `#nn.init<constant(1.0)>`,
    `#nn.init<uniform(-0.1, 0.1)>`.
  }];
  let parameters = (ins
    "::mlir::nn::InitKind":$kind,
    OptionalArrayRefParameter<"::llvm::APFloat", "initializer arguments">:$args);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Argument `i`, or its Keras default when it was not written.
    double getArg(unsigned i) const;
    /// The number of arguments this kind accepts.
    static unsigned getMaxArgs(::mlir::nn::InitKind kind);
  }];
}

//===----------------------------------------------------------------------===//
// Losses and optimizers
//===----------------------------------------------------------------------===//

def NN_Loss : I32EnumAttr<"Loss", "training loss", [
    I32EnumAttrCase<"sparse_categorical_crossentropy", 0>,
    I32EnumAttrCase<"categorical_crossentropy", 1>,
    I32EnumAttrCase<"mean_squared_error", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::nn";
}

def NN_LossAttr : EnumAttr<NN_Dialect, NN_Loss, "loss"> {
  let summary = "The loss a model is trained with (Keras names)";
  let description = [{
    * `sparse_categorical_crossentropy`: int32 class labels `[batch]`;
    * `categorical_crossentropy`: one-hot or probability targets shaped like
      the output;
    * `mean_squared_error`: float targets shaped like the output.

    All are averaged over the batch.
  }];
  let assemblyFormat = "`<` $value `>`";
}

def NN_SGDAttr : NN_Attr<"SGD", "sgd"> {
  let summary = "Stochastic gradient descent, with optional momentum";
  let description = [{
    Keras `SGD`: `v ← momentum·v − lr·g`, then `θ ← θ + v` (or, with
    `nesterov`, `θ ← θ + momentum·v − lr·g`). With momentum 0 this is
    `θ ← θ − lr·∇J(θ)`. `weight_decay` adds `weight_decay·θ` to each
    trainable parameter's gradient (L2 regularization).

    Example: `#nn.sgd<learning_rate = 1.000000e-02, momentum = 9.000000e-01>`
  }];
  let parameters = (ins
    NN_F64Parameter<"0.01", "learning rate">:$learning_rate,
    NN_F64Parameter<"0.0", "momentum">:$momentum,
    DefaultValuedParameter<"bool", "false", "Nesterov momentum">:$nesterov,
    NN_F64Parameter<"0.0", "L2 weight decay">:$weight_decay);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_AdamAttr : NN_Attr<"Adam", "adam"> {
  let summary = "The Adam optimizer";
  let description = [{
    Keras `Adam` with its defaults: learning rate 0.001, β1 0.9, β2 0.999,
    ε 1e-7. `weight_decay` adds `weight_decay·θ` to each trainable
    parameter's gradient (L2 regularization).

    Example: `#nn.adam<learning_rate = 1.000000e-03>`
  }];
  let parameters = (ins
    NN_F64Parameter<"0.001", "learning rate">:$learning_rate,
    NN_F64Parameter<"0.9", "first-moment decay">:$beta_1,
    NN_F64Parameter<"0.999", "second-moment decay">:$beta_2,
    NN_F64Parameter<"1.0e-7", "numerical-stability term">:$epsilon,
    NN_F64Parameter<"0.0", "L2 weight decay">:$weight_decay);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def NN_OptimizerAttr : AnyAttrOf<[NN_SGDAttr, NN_AdamAttr]>;

#endif // NNCC_DIALECT_NN_IR_NNATTRS_TD
