//===- NNOps.h - nn dialect operations --------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declares the operations of the nn dialect.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNOPS_H
#define NNCC_DIALECT_NN_IR_NNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "nncc/Dialect/NN/IR/NNAttrs.h"
#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Dialect/NN/IR/NNLimits.h"

#include "nncc/Dialect/NN/IR/NNInterfaces.h.inc"

namespace mlir::nn {

/// The side-effect resource of model parameters.
struct ParameterResource
    : public SideEffects::Resource::Base<ParameterResource> {
  StringRef getName() final { return "nn.parameter"; }
};

namespace detail {

/// Parses `%a, %b {attrs} : type, type [-> type]`: the assembly shared by
/// all layers. Without `->`, the result types are inferred with
/// `OpTy::inferReturnTypes`.
ParseResult parseLayerOperands(OpAsmParser &parser, OperationState &result,
                               bool &hasResultTypes);

/// Prints what parseLayerOp reads, leaving out `elidedAttrs` and writing the
/// result types only when they differ from the inferred ones.
void printLayerOp(Operation *op, OpAsmPrinter &printer,
                  ArrayRef<StringRef> elidedAttrs);

/// Prints a layer, leaving out attributes that hold their default value.
template <typename OpTy>
void printLayerOp(OpTy op, OpAsmPrinter &printer) {
  typename OpTy::Properties defaults;
  OpTy::populateDefaultProperties(op->getName(), defaults);
  SmallVector<StringRef> elided;
  if (auto dict = dyn_cast_or_null<DictionaryAttr>(
          OpTy::getPropertiesAsAttr(op->getContext(), defaults)))
    for (NamedAttribute attr : op->getAttrs())
      if (dict.get(attr.getName()) == attr.getValue())
        elided.push_back(attr.getName().strref());
  printLayerOp(op.getOperation(), printer, elided);
}

/// Shape inference shared by op families (defined in NNLayers.cpp and used
/// by the families' ODS definitions). Each reports errors at `loc`.
LogicalResult inferSameShape(StringRef opName, std::optional<Location> loc,
                             Value input,
                             SmallVectorImpl<ShapedTypeComponents> &out);
LogicalResult inferSoftmax(StringRef opName, std::optional<Location> loc,
                           Value input, int64_t axis,
                           SmallVectorImpl<ShapedTypeComponents> &out);
LogicalResult inferBroadcast(StringRef opName, std::optional<Location> loc,
                             Value lhs, Value rhs,
                             SmallVectorImpl<ShapedTypeComponents> &out);
LogicalResult inferPool2D(StringRef opName, std::optional<Location> loc,
                          Value input, ArrayRef<int64_t> poolSize,
                          std::optional<ArrayRef<int64_t>> strides,
                          Padding padding,
                          SmallVectorImpl<ShapedTypeComponents> &out);
LogicalResult inferGlobalPool2D(StringRef opName, std::optional<Location> loc,
                                Value input, bool keepdims,
                                SmallVectorImpl<ShapedTypeComponents> &out);
LogicalResult inferMatMul(StringRef opName, std::optional<Location> loc,
                          Value lhs, Value rhs, bool transposeLhs,
                          bool transposeRhs,
                          SmallVectorImpl<ShapedTypeComponents> &out);
LogicalResult inferReduceSum(StringRef opName, std::optional<Location> loc,
                             Value input, ArrayRef<int64_t> axes, bool keepDims,
                             SmallVectorImpl<ShapedTypeComponents> &out);
/// Two operands of one shape; the result has it too.
LogicalResult inferSameShapes(StringRef opName, std::optional<Location> loc,
                              Value first, StringRef firstName, Value second,
                              StringRef secondName,
                              SmallVectorImpl<ShapedTypeComponents> &out);
/// Two or more operands of one type; the result has it too (average).
LogicalResult
inferSameShapeOperands(StringRef opName, std::optional<Location> loc,
                       ValueRange inputs,
                       SmallVectorImpl<ShapedTypeComponents> &out);
/// maximum_grad / minimum_grad: lhs and rhs broadcast to output_grad's shape.
LogicalResult inferExtremumGrad(StringRef opName, std::optional<Location> loc,
                                Value lhs, Value rhs, Value outputGrad,
                                SmallVectorImpl<ShapedTypeComponents> &out);
LogicalResult inferPool2DGrad(StringRef opName, std::optional<Location> loc,
                              Value input, Value outputGrad,
                              ArrayRef<int64_t> poolSize,
                              std::optional<ArrayRef<int64_t>> strides,
                              Padding padding,
                              SmallVectorImpl<ShapedTypeComponents> &out);

/// The VJP of an activation differentiated by nn.activation_grad:
/// `operandGrads` gets `activation_grad(input, resultGrad)` of `activation`
/// with `parameter` (Gradients/Elementwise.cpp).
LogicalResult buildActivationVJP(OpBuilder &b, Location loc, Value input,
                                 Activation activation, double parameter,
                                 Value resultGrad,
                                 SmallVectorImpl<Value> &operandGrads);

template <typename OpTy>
ParseResult parseLayerOp(OpAsmParser &parser, OperationState &result) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  bool hasResultTypes = false;
  if (parseLayerOperands(parser, result, hasResultTypes))
    return failure();
  if (hasResultTypes)
    return success();
  auto emitError = [&]() {
    return parser.emitError(loc)
           << "'" << result.name.getStringRef() << "' op ";
  };
  if (failed(
          OpTy::verifyInherentAttrs(result.name, result.attributes, emitError)))
    return failure();
  MLIRContext *ctx = parser.getContext();
  DictionaryAttr attrs = result.attributes.getDictionary(ctx);
  typename OpTy::Properties properties;
  if (failed(OpTy::setPropertiesFromAttr(properties, attrs, emitError)))
    return failure();
  OpTy::populateDefaultProperties(result.name, properties);
  SmallVector<Type> inferred;
  if (failed(OpTy::inferReturnTypes(ctx, result.location, result.operands,
                                    attrs, OpaqueProperties(&properties),
                                    result.regions, inferred)))
    return failure();
  result.addTypes(inferred);
  return success();
}

} // namespace detail
} // namespace mlir::nn

#define GET_OP_CLASSES
#include "nncc/Dialect/NN/IR/NNOps.h.inc"

#endif // NNCC_DIALECT_NN_IR_NNOPS_H
