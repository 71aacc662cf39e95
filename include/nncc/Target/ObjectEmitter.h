//===- ObjectEmitter.h - LLVM IR to object code, in-process -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// From the LLVM dialect to an object file without leaving the process:
// translation, linking the embedded runtime, LLVM's optimization pipeline
// and code generation by a TargetMachine (as upstream ModuleToObject does).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_OBJECTEMITTER_H
#define NNCC_TARGET_OBJECTEMITTER_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir::nncc {

struct ObjectOptions {
  std::string triple;    // empty: the host's
  std::string cpu;       // empty: the host CPU and its features
  unsigned optLevel = 2; // 0..3
};

/// Fails, setting `error`, unless objects for `triple` (empty: the host's)
/// can link the embedded runtime: its bitcode is compiled for one triple
/// (x86_64-pc-linux-gnu), and only triples of the same architecture, OS and
/// C library (x86_64, Linux, GNU; any vendor) share its ABI.
LogicalResult verifyTargetTriple(StringRef triple, std::string &error);

/// Fails, setting `error`, unless `cpu` (empty: the host's) names a CPU of
/// `triple` (empty: the host's).
LogicalResult verifyTargetCPU(StringRef triple, StringRef cpu,
                              std::string &error);

/// Creates the TargetMachine for `options`; sets `error` on failure.
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const ObjectOptions &options, std::string &error);

/// Turns each floating-point multiply whose only use is an add or subtract
/// into one llvm.fma with it, when `machine` has FMA instructions; every
/// other operation keeps its own rounding. The module carries no `contract`
/// flag, so LLVM fuses nothing itself: a fusion the backend decides per
/// code path differs between the clones LLVM makes of one loop (a
/// vectorized body and its scalar remainder), and results would then
/// depend on where the thread pool splits the loop. Run it on the model
/// before the runtime is linked: the runtime keeps its exact roundings (the
/// same seed gives the same parameters on every machine).
void fuseMultiplyAdds(llvm::Module &module, const llvm::TargetMachine &machine);

/// Links nncc's runtime into `module`: the embedded bitcode, or `bitcode`
/// when it is not empty (scripts/sanitize.sh links a sanitized build).
LogicalResult linkRuntime(llvm::Module &module, std::string &error,
                          StringRef bitcode = {});

/// Runs LLVM's default O-level pipeline for `machine` over `module`.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    unsigned optLevel);

/// Emits `module` as an object file (or assembly when `assembly`).
std::string emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                            bool assembly);

/// The embedded runtime bitcode.
StringRef getRuntimeBitcode();

} // namespace mlir::nncc

#endif // NNCC_TARGET_OBJECTEMITTER_H
