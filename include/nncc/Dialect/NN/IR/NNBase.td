//===- NNBase.td - nn dialect definition -------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The `nn` dialect: Keras-style neural-network layers, parameters, losses and
// the training configuration of a model. Shared type constraints and the op
// base classes live here.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNBASE_TD
#define NNCC_DIALECT_NN_IR_NNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "nncc/Dialect/NN/IR/NNInterfaces.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::mlir::nn";
  let summary = "Neural-network layers, parameters and training configuration.";
  let description = [{
    The `nn` dialect describes a neural network the way a Keras user thinks of
    it: layers applied to tensors, trainable parameters with initializers, a
    loss and an optimizer. nncc compiles an `nn` module ahead of time into an
    object file and a C header; it derives the backward pass and the
    optimizer update from the same module.

    Conventions follow Keras, because models come from there:

    * activations are NHWC (`[batch, height, width, channels]`) and
      sequences are batch-major (`[batch, time, features]`);
    * convolution kernels are HWCF (`[kh, kw, in_channels, filters]`), dense
      kernels are `[in, out]`;
    * recurrent layers use Keras's kernel/recurrent-kernel/bias layout and
      gate order (LSTM: i, f, c, o; GRU: z, r, h with `reset_after = true`).

    Every tensor is statically shaped; the batch size is part of the model.
    Elements are `f32`, or `f64` for gradient checks. Result types of layers
    are inferred from their operands and attributes, so a model does not need
    to spell them; when a result type is written it must match.

    A model module holds `nn.parameter` declarations, a forward function that
    reads them with `nn.parameter_read`, and optionally one
    `nn.train_config` naming the loss and optimizer. See docs/ModelFormat.md.
  }];
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let extraClassDeclaration = [{
  private:
    void registerAttributes();
  public:
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def NN_Float : AnyTypeOf<[F32, F64], "f32 or f64">;
// Every nn tensor keeps the limits of NNLimits.h: rank at most 8, no
// dimension of size 0, at most 2^40 elements.
def NN_WithinLimits : CPred<"::mlir::nn::isWithinLimits($_self)">;
def NN_FloatTensor : ConfinedType<StaticShapeTensorOf<[F32, F64]>,
    [NN_WithinLimits],
    "statically shaped tensor of f32 or f64 values (rank at most 8, no "
    "dimension of size 0, at most 2^40 elements)", "::mlir::RankedTensorType">;
def NN_LabelTensor : ConfinedType<StaticShapeTensorOf<[I32]>,
    [NN_WithinLimits],
    "statically shaped tensor of i32 values (rank at most 8, no dimension "
    "of size 0, at most 2^40 elements)", "::mlir::RankedTensorType">;

//===----------------------------------------------------------------------===//
// Op base classes
//===----------------------------------------------------------------------===//

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

// A layer: a pure op on statically shaped tensors whose result types are
// inferred (InferShapedTypeOpInterface). Its assembly is
//   `nn.op %a, %b {attrs} : type(%a), type(%b) [-> type(results)]`
// where the result types may be left out and are printed only when they
// differ from the inferred ones. Shape errors are reported by
// inferReturnTypeComponents, so the parser, the builders and the verifier give
// the same message. `inferDefinition` lets an op family define its
// inferReturnTypeComponents once, here, instead of once per op.
defvar NN_LayerAsmDefinition = [{
  ::mlir::ParseResult $cppClass::parse(::mlir::OpAsmParser &parser,
                                       ::mlir::OperationState &result) {
    return ::mlir::nn::detail::parseLayerOp<$cppClass>(parser, result);
  }
  void $cppClass::print(::mlir::OpAsmPrinter &printer) {
    ::mlir::nn::detail::printLayerOp(*this, printer);
  }
}];

class NN_LayerOp<string mnemonic, list<Trait> traits = [],
                 code inferDefinition = [{}]>
    : NN_Op<mnemonic, !listconcat(traits, [Pure, InferTensorTypeAdaptor])> {
  let hasCustomAssemblyFormat = 1;
  let extraClassDefinition = NN_LayerAsmDefinition # inferDefinition;
}

// An op with a vector-Jacobian product (lib/Dialect/NN/IR/Gradients/).
defvar NN_Differentiable = DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>;

// The signature of inferReturnTypeComponents, for family definitions.
defvar NN_InferSignature = [{
  ::llvm::LogicalResult $cppClass::inferReturnTypeComponents(
      ::mlir::MLIRContext *, ::std::optional<::mlir::Location> loc,
      Adaptor adaptor,
      ::llvm::SmallVectorImpl<::mlir::ShapedTypeComponents> &out)
}];

// An elementwise activation: one float tensor in, the same type out.
class NN_ActivationOp<string mnemonic, string formula, list<Trait> traits = []>
    : NN_LayerOp<mnemonic,
                 !listconcat(traits, [SameOperandsAndResultElementType,
                                      NN_Differentiable]),
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferSameShape(getOperationName(), loc,
                                              adaptor.getInput(), out);
  }
}]> {
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
  let description = "Elementwise `" # formula # "`.\n\nExample:\n\n```mlir\n"
    # "%y = nn." # mnemonic # " %x : tensor<32x64xf32>\n```";
}

// A numpy-broadcasting binary op.
class NN_BroadcastBinaryOp<string mnemonic, string formula,
                           list<Trait> traits = []>
    : NN_LayerOp<mnemonic,
                 !listconcat(traits, [SameOperandsAndResultElementType,
                                      NN_Differentiable]),
                 NN_InferSignature # [{ {
    return ::mlir::nn::detail::inferBroadcast(getOperationName(), loc,
                                              adaptor.getLhs(),
                                              adaptor.getRhs(), out);
  }
}]> {
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$result);
  let description = "Elementwise `" # formula # "` with numpy broadcasting: "
    # "shapes are aligned at the trailing dimension and a dimension of size 1 "
    # "stretches to the other operand's size.\n\nExample:\n\n```mlir\n"
    # "%y = nn." # mnemonic # " %a, %b : tensor<32x10xf32>, tensor<10xf32>\n```";
}

#endif // NNCC_DIALECT_NN_IR_NNBASE_TD
