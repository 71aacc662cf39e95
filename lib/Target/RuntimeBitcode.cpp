//===- RuntimeBitcode.cpp - the embedded runtime bitcode --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// runtime/lib/*.c compiled to one LLVM bitcode file at build time
// (runtime/CMakeLists.txt) and kept here as bytes.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/ObjectEmitter.h"

static const unsigned char runtimeBitcode[] = {
#include "RuntimeBitcode.inc"
};

llvm::StringRef mlir::nncc::getRuntimeBitcode() {
  return llvm::StringRef(reinterpret_cast<const char *>(runtimeBitcode),
                         sizeof(runtimeBitcode));
}
