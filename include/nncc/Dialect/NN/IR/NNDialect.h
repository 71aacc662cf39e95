//===- NNDialect.h - nn dialect ---------------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Declares the nn dialect class.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNDIALECT_H
#define NNCC_DIALECT_NN_IR_NNDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"

#include "nncc/Dialect/NN/IR/NNOpsDialect.h.inc"

#endif // NNCC_DIALECT_NN_IR_NNDIALECT_H
