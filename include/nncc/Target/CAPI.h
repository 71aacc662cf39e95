//===- CAPI.h - the generated C API of a model ------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The C API of a compiled model: the header text, and the LLVM IR that
// implements it (a constant model descriptor plus NAME_* functions that
// forward to the runtime linked into the same module).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_CAPI_H
#define NNCC_TARGET_CAPI_H

#include "nncc/Target/ModelInfo.h"

#include <string>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::nncc {

/// The C99 header declaring NAME's API, documented.
std::string emitHeader(const ModelInfo &info);

/// Adds the model descriptor and the NAME_* functions to `module`, which
/// must already contain the compiled entry points and the runtime. Then
/// gives every other definition internal linkage, so that objects of
/// several models link into one program. Fails with `error` set when
/// something the API needs is missing.
LogicalResult emitCAPI(llvm::Module &module, const ModelInfo &info,
                       std::string &error);

} // namespace mlir::nncc

#endif // NNCC_TARGET_CAPI_H
