//===- NNOps.cpp - nn dialect operations ------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The model-level operations (parameters, the training configuration,
// reshape) and the assembly shared by all layers. The layers' shape
// inference lives beside this file, one file per op family.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::nn;

//===----------------------------------------------------------------------===//
// Layer assembly: `%a, %b {attrs} : type, type [-> type]`
//===----------------------------------------------------------------------===//

ParseResult nn::detail::parseLayerOperands(OpAsmParser &parser,
                                           OperationState &result,
                                           bool &hasResultTypes) {
  SmallVector<OpAsmParser::UnresolvedOperand> operands;
  SmallVector<Type> operandTypes;
  llvm::SMLoc operandsLoc = parser.getCurrentLocation();
  if (parser.parseOperandList(operands) ||
      parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseColonTypeList(operandTypes) ||
      parser.resolveOperands(operands, operandTypes, operandsLoc,
                             result.operands))
    return failure();
  SmallVector<Type> resultTypes;
  if (parser.parseOptionalArrowTypeList(resultTypes))
    return failure();
  hasResultTypes = !resultTypes.empty();
  result.addTypes(resultTypes);
  return success();
}

void nn::detail::printLayerOp(Operation *op, OpAsmPrinter &printer,
                              ArrayRef<StringRef> elidedAttrs) {
  printer << ' ';
  printer.printOperands(op->getOperands());
  printer.printOptionalAttrDict(op->getAttrs(), elidedAttrs);
  printer << " : ";
  llvm::interleaveComma(op->getOperandTypes(), printer);
  SmallVector<Type> inferred;
  auto iface = cast<InferTypeOpInterface>(op);
  if (failed(iface.inferReturnTypes(
          op->getContext(), /*location=*/std::nullopt, op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), inferred)) ||
      TypeRange(inferred) != op->getResultTypes())
    printer.printArrowTypeList(op->getResultTypes());
}

//===----------------------------------------------------------------------===//
// ParameterOp
//===----------------------------------------------------------------------===//

LogicalResult ParameterOp::verify() {
  RankedTensorType type = getTensorType();
  InitializerAttr init = getInitializer();
  StringRef kind = stringifyInitKind(init.getKind());
  if (init.getKind() == InitKind::orthogonal && type.getRank() < 2)
    return emitOpError("initializer '")
           << kind << "' needs a parameter of rank 2 or more, but @"
           << getSymName() << " is " << type;
  if (init.getKind() == InitKind::unit_forget_bias &&
      (type.getRank() != 1 || type.getDimSize(0) % 4 != 0))
    return emitOpError("initializer '")
           << kind << "' is for LSTM biases [4 x units], but @" << getSymName()
           << " is " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// ParameterReadOp / ParameterWriteOp
//===----------------------------------------------------------------------===//

/// Finds the parameter `name` refers to and checks it has type `type`.
static LogicalResult verifyParameterUse(Operation *user,
                                        SymbolTableCollection &symbolTable,
                                        FlatSymbolRefAttr name, Type type) {
  auto param =
      symbolTable.lookupNearestSymbolFrom<ParameterOp>(user, name.getAttr());
  if (!param)
    return user->emitOpError("'")
           << name.getValue() << "' does not name an nn.parameter";
  if (param.getType() != type) {
    InFlightDiagnostic diag = user->emitOpError("uses @")
                              << name.getValue() << " as " << type
                              << ", but it is declared as " << param.getType();
    diag.attachNote(param.getLoc())
        << "@" << name.getValue() << " is declared here";
    return diag;
  }
  return success();
}

void ParameterReadOp::getAsmResultNames(
    function_ref<void(Value, StringRef)> setNameFn) {
  setNameFn(getResult(), getParameter());
}

LogicalResult
ParameterReadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyParameterUse(*this, symbolTable, getParameterAttr(), getType());
}

LogicalResult
ParameterWriteOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyParameterUse(*this, symbolTable, getParameterAttr(),
                            getValue().getType());
}

//===----------------------------------------------------------------------===//
// TrainConfigOp
//===----------------------------------------------------------------------===//

LogicalResult
TrainConfigOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  for (auto other :
       (*this)->getParentOp()->getRegion(0).getOps<TrainConfigOp>())
    if (other != *this && other->isBeforeInBlock(*this)) {
      InFlightDiagnostic diag =
          emitOpError("is the second nn.train_config of this module; a model "
                      "is trained one way");
      diag.attachNote(other.getLoc()) << "the first one is here";
      return diag;
    }
  auto func = symbolTable.lookupNearestSymbolFrom<func::FuncOp>(
      *this, getForwardAttr());
  if (!func)
    return emitOpError("'")
           << getForward() << "' does not name a func.func in this module";
  if (func.isExternal()) {
    InFlightDiagnostic diag = emitOpError("expects the forward function @")
                              << getForward()
                              << " to have a body, but it is a declaration";
    diag.attachNote(func.getLoc()) << "declared here";
    return diag;
  }
  FunctionType type = func.getFunctionType();
  if (type.getNumInputs() != 1 || type.getNumResults() != 1)
    return emitOpError("expects the forward function @")
           << getForward() << " to take one input and return one output, but "
           << "its type is " << type;
  auto output = dyn_cast<RankedTensorType>(type.getResult(0));
  if (!output || !output.hasStaticShape())
    return emitOpError("expects the forward function's output to be a "
                       "statically shaped tensor, but got ")
           << type.getResult(0);
  if (getLoss() != Loss::mean_squared_error && output.getRank() < 2)
    return emitOpError("loss '")
           << stringifyLoss(getLoss())
           << "' needs an output of shape [batch, ..., classes], but @"
           << getForward() << " returns " << output;
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape 'input' ")
           << in << " (" << in.getNumElements() << " elements) to " << out
           << " (" << out.getNumElements() << " elements)";
  return success();
}

#define GET_OP_CLASSES
#include "nncc/Dialect/NN/IR/NNOps.cpp.inc"
