//===- NNAttrs.h - nn dialect attributes ------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Enums (padding, initializer kinds, losses) and attributes (initializers,
// optimizers) of the nn dialect.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNATTRS_H
#define NNCC_DIALECT_NN_IR_NNATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "nncc/Dialect/NN/IR/NNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "nncc/Dialect/NN/IR/NNAttrs.h.inc"

#endif // NNCC_DIALECT_NN_IR_NNATTRS_H
