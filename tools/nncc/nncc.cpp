//===- nncc.cpp - the nncc compiler driver --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `nncc model.mlir -o out`: reads an nn model, verifies it and writes what
// --emit asks for. Diagnostics are clang-style (`model.mlir:12:8: error:`).
// Exit codes: 0 success, 1 a user error (bad input, bad options, unwritable
// output), 2 an internal error. Output is written only once everything has
// succeeded, so a failed run leaves no output file behind.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/core.h>

#include <cstdlib>
#include <optional>
#include <string>

using namespace mlir;
namespace cl = llvm::cl;

namespace {

/// Exit codes of the driver.
enum ExitCode : int { Success = 0, UserError = 1, InternalError = 2 };

enum class EmitKind { MLIR };

cl::OptionCategory nnccCategory("nncc options");

cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<model.mlir>"),
                                   cl::init("-"), cl::cat(nnccCategory));

cl::opt<std::string>
    outputFilename("o", cl::desc("Output file ('-' for standard output)"),
                   cl::value_desc("file"), cl::init("-"),
                   cl::cat(nnccCategory));

cl::opt<EmitKind>
    emitKind("emit", cl::desc("What to write"), cl::init(EmitKind::MLIR),
             cl::values(clEnumValN(EmitKind::MLIR, "mlir",
                                   "the verified nn model, as MLIR text")),
             cl::cat(nnccCategory));

template <typename... Args>
void reportError(fmt::format_string<Args...> format, Args &&...args) {
  fmt::print(stderr, "nncc: error: {}\n",
             fmt::format(format, std::forward<Args>(args)...));
}

/// Parses and verifies the model. Diagnostics go to stderr with locations.
OwningOpRef<ModuleOp> loadModel(MLIRContext &context,
                                llvm::SourceMgr &sourceMgr) {
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &errorMessage);
  if (!input) {
    reportError("cannot open '{}': {}", inputFilename.getValue(), errorMessage);
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  return parseSourceFile<ModuleOp>(sourceMgr, config);
}

/// Renders what --emit asks for.
std::optional<std::string> emit(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  switch (emitKind) {
  case EmitKind::MLIR:
    module.print(os);
    os << '\n';
    break;
  }
  return text;
}

/// Writes `contents` to the output file, creating it only now.
ExitCode writeOutput(StringRef contents) {
  std::string errorMessage;
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    reportError("cannot write '{}': {}", outputFilename.getValue(),
                errorMessage);
    return UserError;
  }
  output->os() << contents;
  output->os().flush();
  if (output->os().has_error()) {
    reportError("cannot write '{}': {}", outputFilename.getValue(),
                output->os().error().message());
    output->os().clear_error();
    return UserError;
  }
  output->keep();
  return Success;
}

ExitCode run() {
  DialectRegistry registry;
  registry.insert<nn::NNDialect, func::FuncDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = loadModel(context, sourceMgr);
  if (!module)
    return UserError;

  std::optional<std::string> contents = emit(*module);
  if (!contents)
    return UserError;
  return writeOutput(*contents);
}

void printVersion(llvm::raw_ostream &os) {
  os << fmt::format("nncc {} (LLVM {})\n", NNCC_VERSION, LLVM_VERSION_STRING);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::install_fatal_error_handler(
      [](void *, const char *reason, bool) {
        fmt::print(stderr, "nncc: internal error: {}\n", reason);
        std::_Exit(InternalError);
      },
      nullptr);
  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions(nnccCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "nncc: compiles an nn model into an object file and a C header\n");

  // A crash is nncc's fault, never the user's: report it as an internal
  // error. No output file exists yet at that point.
  int exitCode = InternalError;
  llvm::CrashRecoveryContext::Enable();
  llvm::CrashRecoveryContext crashRecovery;
  if (!crashRecovery.RunSafely([&] { exitCode = run(); })) {
    fmt::print(stderr, "nncc: internal error: crashed while compiling '{}'\n",
               inputFilename.getValue());
    return InternalError;
  }
  return exitCode;
}
