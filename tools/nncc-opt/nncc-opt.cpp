//===- nncc-opt.cpp - nncc's optimizer driver -------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// MlirOptMain with the nn dialect, nncc's passes and pipelines, and the
// upstream dialects and passes nncc uses, listed explicitly in
// lib/Pipelines/InitAll.cpp (no registerAll*).
//
//===----------------------------------------------------------------------===//

#include "nncc/Pipelines/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::nncc::registerDialects(registry);
  mlir::nncc::registerPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nncc optimizer driver\n", registry));
}
