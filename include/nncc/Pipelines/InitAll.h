//===- InitAll.h - what nncc's tools register -------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The explicit lists of dialects, interfaces and passes that nncc and
// nncc-opt use: nncc's own and the upstream ones its pipelines need (no
// registerAll*).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_PIPELINES_INITALL_H
#define NNCC_PIPELINES_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::nncc {

/// Inserts every dialect nncc's pipelines produce or consume, with the
/// external interface models (bufferization, LLVM translation) they need.
void registerDialects(DialectRegistry &registry);

/// Registers nncc's passes and pipelines and the upstream passes they use,
/// for textual pipelines (nncc-opt, --print-pipeline).
void registerPasses();

} // namespace mlir::nncc

#endif // NNCC_PIPELINES_INITALL_H
