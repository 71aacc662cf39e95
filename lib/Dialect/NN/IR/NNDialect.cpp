//===- NNDialect.cpp - nn dialect -----------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Registers the operations and attributes of the nn dialect.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace mlir;
using namespace mlir::nn;

#include "nncc/Dialect/NN/IR/NNOpsDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nncc/Dialect/NN/IR/NNOps.cpp.inc"
      >();
  registerAttributes();
}
