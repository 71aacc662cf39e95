//===- NNAttrs.cpp - nn dialect attributes ----------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Parsing, printing and verification of the nn attributes: initializers
// (`#nn.init<uniform(-0.1, 0.1)>`) and optimizers.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNAttrs.h"
#include "nncc/Dialect/NN/IR/NNDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::nn;

#include "nncc/Dialect/NN/IR/NNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "nncc/Dialect/NN/IR/NNAttrs.cpp.inc"

void NNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "nncc/Dialect/NN/IR/NNAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// InitializerAttr
//===----------------------------------------------------------------------===//

namespace {
/// Keras's default arguments of each initializer kind.
ArrayRef<double> defaultArgs(InitKind kind) {
  static const double constant[] = {0.0};
  static const double uniform[] = {-0.05, 0.05};
  static const double normal[] = {0.0, 0.05};
  static const double orthogonal[] = {1.0};
  switch (kind) {
  case InitKind::constant:
    return constant;
  case InitKind::uniform:
    return uniform;
  case InitKind::normal:
    return normal;
  case InitKind::orthogonal:
    return orthogonal;
  default:
    return {};
  }
}

std::string allInitKinds() {
  SmallVector<StringRef> names;
  for (uint32_t i = 0; i <= getMaxEnumValForInitKind(); ++i)
    names.push_back(stringifyInitKind(static_cast<InitKind>(i)));
  return llvm::join(names, ", ");
}
} // namespace

unsigned InitializerAttr::getMaxArgs(InitKind kind) {
  return defaultArgs(kind).size();
}

double InitializerAttr::getArg(unsigned i) const {
  if (i < getArgs().size())
    return getArgs()[i].convertToDouble();
  return defaultArgs(getKind())[i];
}

LogicalResult
InitializerAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        InitKind kind, ArrayRef<APFloat> args) {
  unsigned maxArgs = getMaxArgs(kind);
  if (args.size() > maxArgs)
    return emitError() << "initializer '" << stringifyInitKind(kind)
                       << "' takes at most " << maxArgs << " argument"
                       << (maxArgs == 1 ? "" : "s") << ", but got "
                       << args.size();
  auto arg = [&](unsigned i) {
    return i < args.size() ? args[i].convertToDouble() : defaultArgs(kind)[i];
  };
  if (kind == InitKind::uniform && !(arg(0) < arg(1)))
    return emitError() << "initializer 'uniform' needs minval < maxval, but "
                          "got minval "
                       << arg(0) << " and maxval " << arg(1);
  if (kind == InitKind::normal && !(arg(1) > 0.0))
    return emitError()
           << "initializer 'normal' needs a positive stddev, but got "
           << arg(1);
  return success();
}

Attribute InitializerAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  llvm::SMLoc nameLoc = parser.getCurrentLocation();
  StringRef name;
  if (parser.parseKeyword(&name))
    return {};
  std::optional<InitKind> kind = symbolizeInitKind(name);
  if (!kind) {
    parser.emitError(nameLoc) << "unknown initializer '" << name
                              << "'; expected one of: " << allInitKinds();
    return {};
  }
  SmallVector<APFloat> args;
  if (succeeded(parser.parseOptionalLParen())) {
    if (parser.parseCommaSeparatedList([&]() {
          double value;
          if (parser.parseFloat(value))
            return failure();
          args.push_back(APFloat(value));
          return success();
        }) ||
        parser.parseRParen())
      return {};
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<InitializerAttr>(nameLoc, parser.getContext(), *kind,
                                            args);
}

void InitializerAttr::print(AsmPrinter &printer) const {
  printer << '<' << stringifyInitKind(getKind());
  if (!getArgs().empty()) {
    printer << '(';
    llvm::interleaveComma(getArgs(), printer, [&](const APFloat &v) {
      printer << v.convertToDouble();
    });
    printer << ')';
  }
  printer << '>';
}

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

static LogicalResult
verifyLearningRate(function_ref<InFlightDiagnostic()> emitError,
                   StringRef optimizer, const APFloat &learningRateValue,
                   const APFloat &weightDecayValue) {
  double learningRate = learningRateValue.convertToDouble();
  double weightDecay = weightDecayValue.convertToDouble();
  if (!(learningRate > 0.0))
    return emitError() << optimizer
                       << " needs a positive learning_rate, but got "
                       << learningRate;
  if (!(weightDecay >= 0.0))
    return emitError() << optimizer
                       << " needs a non-negative weight_decay, but got "
                       << weightDecay;
  return success();
}

LogicalResult SGDAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              APFloat learningRate, APFloat momentumValue,
                              bool nesterov, APFloat weightDecay) {
  if (failed(verifyLearningRate(emitError, "sgd", learningRate, weightDecay)))
    return failure();
  double momentum = momentumValue.convertToDouble();
  if (!(momentum >= 0.0 && momentum < 1.0))
    return emitError() << "sgd needs momentum in [0, 1), but got " << momentum;
  if (nesterov && momentum == 0.0)
    return emitError() << "sgd with nesterov needs a non-zero momentum";
  return success();
}

LogicalResult AdamAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               APFloat learningRate, APFloat beta1Value,
                               APFloat beta2Value, APFloat epsilonValue,
                               APFloat weightDecay) {
  if (failed(verifyLearningRate(emitError, "adam", learningRate, weightDecay)))
    return failure();
  double beta1 = beta1Value.convertToDouble();
  double beta2 = beta2Value.convertToDouble();
  double epsilon = epsilonValue.convertToDouble();
  if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0))
    return emitError() << "adam needs beta_1 and beta_2 in [0, 1), but got "
                       << beta1 << " and " << beta2;
  if (!(epsilon > 0.0))
    return emitError() << "adam needs a positive epsilon, but got " << epsilon;
  return success();
}
