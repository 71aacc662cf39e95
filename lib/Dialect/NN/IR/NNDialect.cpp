//===- NNDialect.cpp - nn dialect -------------------------------*- C++ -*-===//
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

#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace mlir::nn;

#include "nncc/Dialect/NN/IR/NNOpsDialect.cpp.inc"

namespace {
/// nn ops are free of control flow and of references to their region: any
/// of them may be inlined (the training step calls its gradient function).
struct NNInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nncc/Dialect/NN/IR/NNOps.cpp.inc"
      >();
  registerAttributes();
  addInterfaces<NNInlinerInterface>();
}
