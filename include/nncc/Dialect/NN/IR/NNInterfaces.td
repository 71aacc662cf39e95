//===- NNInterfaces.td - nn dialect interfaces -------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The interface through which nn ops give their vector-Jacobian products to
// the reverse-mode autodiff pass (the Enzyme model: rules per op family,
// one generic sweep).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNINTERFACES_TD
#define NNCC_DIALECT_NN_IR_NNINTERFACES_TD

include "mlir/IR/OpBase.td"

def NN_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::nn";
  let description = [{
    An op whose vector-Jacobian product (VJP) nncc knows. Given the
    gradients of a scalar loss with respect to the op's results, the op
    builds nn ops computing the gradients with respect to its operands. The
    `nn-autodiff` pass calls it for every op of the forward computation, in
    reverse order, and sums the contributions of values used more than
    once.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the VJP at `builder`'s insertion point. `resultGrads` has one
        entry per result: the gradient of the loss with respect to it, or a
        null value when the loss does not depend on that result.
        `operandGrads` is filled with one entry per operand: its gradient,
        or a null value for operands that have none (integer labels,
        operands the loss does not depend on). Returns failure, with a
        diagnostic, when the gradient cannot be built.
      }],
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ArrayRef<::mlir::Value>":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>,
  ];
}

#endif // NNCC_DIALECT_NN_IR_NNINTERFACES_TD
