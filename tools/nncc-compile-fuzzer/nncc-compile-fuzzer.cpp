//===- nncc-compile-fuzzer.cpp - libFuzzer target of the compiler ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One fuzz input is one model file. It goes the way `nncc model.mlir -o
// model.o` takes it (tools/nncc/nncc.cpp): the text limits, the parser and
// verifier, the model and training-step stages (whose failures are the
// user's, exit 1), the instance-size limit, then the rest of the CPU
// pipeline down to the LLVM dialect and the C header. The contract under
// test: any input either fails with diagnostics in the user's stages or
// compiles. A stage after those failing is an internal error (exit 2 in
// the driver): the target aborts, so libFuzzer records the input. Crashes,
// leaks and undefined behaviour are caught by the sanitizers.
//
// Built with libFuzzer by scripts/fuzz.sh compile SECONDS; without it
// (NNCC_FUZZ_REPLAY) by the normal build, linked with
// runtime/fuzz/FuzzReplayMain.c, to replay test/Fuzz/compile-corpus.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNLimits.h"
#include "nncc/Frontend/Input.h"
#include "nncc/Pipelines/InitAll.h"
#include "nncc/Pipelines/Pipelines.h"
#include "nncc/Support/Attributes.h"
#include "nncc/Target/CAPI.h"
#include "nncc/Target/ModelInfo.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace mlir;

namespace {

/// The driver's parser stack (tools/nncc/nncc.cpp): the parser and the
/// verifier recurse once per nesting level.
constexpr unsigned kStackBytes = 256u << 20;

/// An internal error: the input is a finding.
[[noreturn]] void internalError(const char *what) {
  std::fprintf(stderr, "nncc-compile-fuzzer: internal error: %s\n", what);
  std::abort();
}

LogicalResult runStage(ModuleOp module,
                       const std::function<void(OpPassManager &)> &build) {
  PassManager pm = PassManager::on<ModuleOp>(module.getContext());
  build(pm);
  return pm.run(module);
}

/// The driver's way through one model; false where it would exit 1.
bool compile(llvm::StringRef text) {
  if (nncc::findTextLimitViolation(text))
    return false;
  DialectRegistry registry;
  nncc::registerDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  // Diagnostics are expected (most inputs are wrong); keep them quiet.
  ScopedDiagnosticHandler quiet(&context,
                                [](Diagnostic &) { return success(); });
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.mlir"), llvm::SMLoc());
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!module || failed(runStage(*module, nncc::buildNNModelPipeline)))
    return false;
  FailureOr<nncc::ModelInfo> info = nncc::collectModelInfo(*module, "");
  if (failed(info))
    return false;
  int64_t bytes = info->getInstanceBytes();
  if (bytes < 0 || bytes > nn::kMaxInstanceBytes)
    return false;
  if (failed(runStage(*module, nncc::buildNNTrainingStepPipeline)))
    return false;
  // From here on a failure is nncc's fault.
  if (failed(runStage(*module, nncc::buildNNToLinalgPipeline)))
    internalError("nn to linalg failed");
  if (failed(runStage(*module, [](OpPassManager &pm) {
        nncc::buildLinalgToLLVMPipeline(pm, nncc::CPUPipelineOptions());
      })))
    internalError("linalg to LLVM failed");
  info->workspaceBytes = nncc::getMaxWorkspaceBytes(*module);
  bytes = info->getInstanceBytes();
  if (bytes < 0 || bytes > nn::kMaxInstanceBytes)
    return false;
  if (nncc::emitHeader(*info).empty())
    internalError("empty header");
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // The driver's input limit; larger inputs only slow the fuzzer down.
  if (size > nncc::kMaxInputBytes)
    return -1;
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::CrashRecoveryContext context;
  // Not Enable()d: a crash stays a crash, on a thread with the driver's
  // stack.
  if (!context.RunSafelyOnThread([&] { compile(text); }, kStackBytes))
    internalError("the compile thread failed");
  return 0;
}

/// The seed input for scripts/fuzz.sh (FuzzReplayMain.c --write-seed): a
/// small training model that compiles.
extern "C" int nncc_fuzz_write_seed(const char *path) {
  static const char kSeed[] = R"(module @seed {
  nn.parameter @k : tensor<3x2xf32> init<glorot_uniform>
  nn.parameter @b : tensor<2xf32> init<zeros>
  func.func @forward(%x: tensor<5x3xf32>) -> tensor<5x2xf32> {
    %k = nn.parameter_read @k : tensor<3x2xf32>
    %b = nn.parameter_read @b : tensor<2xf32>
    %0 = nn.dense %x, %k, %b : tensor<5x3xf32>, tensor<3x2xf32>, tensor<2xf32>
    %1 = nn.softmax %0 : tensor<5x2xf32>
    return %1 : tensor<5x2xf32>
  }
  nn.train_config @forward {loss = #nn.loss<sparse_categorical_crossentropy>, optimizer = #nn.adam<>}
}
)";
  FILE *file = std::fopen(path, "wb");
  if (!file)
    return 1;
  bool ok = std::fwrite(kSeed, 1, sizeof kSeed - 1, file) == sizeof kSeed - 1;
  return std::fclose(file) == 0 && ok ? 0 : 1;
}
