//===- nncc.cpp - the nncc compiler driver ----------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `nncc model.mlir -o model.o` compiles an nn model into an object file and
// writes its C header beside it. The driver only assembles the pipelines
// (lib/Pipelines) and the target steps (lib/Target) and writes files:
//
//   parse + verify -> model checks -> nn-to-linalg -> linalg-to-LLVM
//   -> LLVM IR -> + runtime -> + C API -> optimize -> object / assembly
//
// --emit stops after any stage. Diagnostics are clang-style. Exit codes:
// 0 success, 1 a user error (bad input, bad options, unwritable output),
// 2 an internal error. Output files are written to temporaries beside them
// and renamed over their paths only once everything has succeeded, so a
// failed run leaves no file behind and every earlier file as it was.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNLimits.h"
#include "nncc/Frontend/Input.h"
#include "nncc/Pipelines/InitAll.h"
#include "nncc/Pipelines/Pipelines.h"
#include "nncc/Support/Attributes.h"
#include "nncc/Target/CAPI.h"
#include "nncc/Target/ModelInfo.h"
#include "nncc/Target/ObjectEmitter.h"
#include "nncc/Target/SplitFunctions.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <fmt/core.h>

#include <cstdlib>
#include <functional>
#include <limits>
#include <optional>
#include <string>

using namespace mlir;
namespace cl = llvm::cl;

namespace {

/// Exit codes of the driver.
enum ExitCode : int { Success = 0, UserError = 1, InternalError = 2 };

enum class EmitKind { MLIR, Linalg, LoweredMLIR, LLVM, Asm, PTX, Obj, Header };

cl::OptionCategory nnccCategory("nncc options");

cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<model.mlir>"),
                                   cl::init("-"), cl::cat(nnccCategory));

cl::opt<std::string> outputFilename(
    "o",
    cl::desc("Output file ('-' for standard output; default: the input's "
             "name with .o for objects, standard output otherwise)"),
    cl::value_desc("file"), cl::cat(nnccCategory));

cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to write"), cl::init(EmitKind::Obj),
    cl::values(clEnumValN(EmitKind::MLIR, "mlir", "the verified nn model"),
               clEnumValN(EmitKind::Linalg, "linalg",
                          "the model lowered to linalg on tensors"),
               clEnumValN(EmitKind::LoweredMLIR, "llvm-mlir",
                          "the LLVM dialect module the pass pipeline ends "
                          "with (what --print-pipeline's pipeline gives in "
                          "nncc-opt)"),
               clEnumValN(EmitKind::LLVM, "llvm",
                          "optimized LLVM IR, runtime and C API included"),
               clEnumValN(EmitKind::Asm, "asm", "assembly"),
               clEnumValN(EmitKind::PTX, "ptx",
                          "the PTX of the kernels (--target=cuda)"),
               clEnumValN(EmitKind::Obj, "obj",
                          "an object file, and its C header (default)"),
               clEnumValN(EmitKind::Header, "header", "the C header only")),
    cl::cat(nnccCategory));

cl::opt<std::string> headerFilename(
    "header",
    cl::desc("Where --emit=obj writes the C header (default: the object's "
             "name with .h)"),
    cl::value_desc("file"), cl::cat(nnccCategory));

cl::opt<std::string>
    modelName("name",
              cl::desc("Name of the model: the prefix of the C API "
                       "(default: the module's symbol name)"),
              cl::value_desc("NAME"), cl::cat(nnccCategory));

cl::opt<nncc::TargetKind>
    target("target", cl::desc("What the object runs on"),
           cl::init(nncc::TargetKind::CPU),
           cl::values(clEnumValN(nncc::TargetKind::CPU, "cpu",
                                 "this host's CPU (default)"),
                      clEnumValN(nncc::TargetKind::CUDA, "cuda",
                                 "an NVIDIA GPU: PTX in the object, launched "
                                 "through the CUDA driver by libnncc_cuda.a")),
           cl::cat(nnccCategory));

cl::opt<std::string>
    gpuArch("gpu-arch",
            cl::desc("GPU architecture of the PTX for --target=cuda: sm_70, "
                     "sm_75, sm_80 (default), sm_86, sm_89 or sm_90"),
            cl::value_desc("sm_NN"), cl::init("sm_80"), cl::cat(nnccCategory));

cl::opt<bool> emulateGPU(
    "emulate-gpu",
    cl::desc("With --target=cuda: run the kernels as host loops in a CPU "
             "object (tests the GPU mapping on machines without a GPU)"),
    cl::Hidden, cl::cat(nnccCategory));

cl::opt<bool> emulateGPUReverse(
    "emulate-gpu-reverse",
    cl::desc("With --emulate-gpu: run blocks and threads last to first (a "
             "race between threads shows as other results)"),
    cl::Hidden, cl::cat(nnccCategory));

cl::opt<int64_t> gpuUnroll(
    "gpu-unroll",
    cl::desc("With --target=cuda: unroll factor of the kernels' innermost "
             "loops (nncc-unroll-kernel-loops; 1 turns it off)"),
    cl::init(8), cl::Hidden, cl::cat(nnccCategory));

cl::opt<bool> checkNumerics(
    "check-numerics",
    cl::desc("Training calls return 14 (NNCC_ERR_NON_FINITE) and leave the "
             "model as it was when a loss, gradient or updated tensor is "
             "NaN or infinite (CPU target)"),
    cl::cat(nnccCategory));

cl::opt<std::string> runtimeBitcode(
    "runtime-bitcode",
    cl::desc("Link this runtime bitcode instead of the embedded one "
             "(scripts/sanitize.sh: the runtime built with sanitizers)"),
    cl::value_desc("file.bc"), cl::Hidden, cl::cat(nnccCategory));

cl::opt<int64_t> splitAbove(
    "split-functions-above",
    cl::desc("Split functions of more LLVM instructions than this into "
             "pieces of a quarter of it (default 8000; tests split small "
             "models)"),
    cl::value_desc("N"), cl::init(nncc::SplitOptions().maxInstructions),
    cl::Hidden, cl::cat(nnccCategory));

cl::opt<std::string> targetCPU("mcpu",
                               cl::desc("Target CPU (default: this host's)"),
                               cl::value_desc("cpu"), cl::cat(nnccCategory));

cl::opt<std::string>
    targetTriple("mtriple", cl::desc("Target triple (default: this host's)"),
                 cl::value_desc("triple"), cl::cat(nnccCategory));

cl::opt<unsigned> optLevel("O", cl::desc("Optimization level 0-3 (default 2)"),
                           cl::Prefix, cl::init(2), cl::cat(nnccCategory));

cl::opt<bool>
    printPipeline("print-pipeline",
                  cl::desc("Print the MLIR pass pipeline to standard error"),
                  cl::cat(nnccCategory));

cl::opt<bool> mlirTiming("mlir-timing",
                         cl::desc("Report the time each pass takes"),
                         cl::cat(nnccCategory));

template <typename... Args>
void reportError(fmt::format_string<Args...> format, Args &&...args) {
  fmt::print(stderr, "nncc: error: {}\n",
             fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
void reportInternalError(fmt::format_string<Args...> format, Args &&...args) {
  fmt::print(stderr, "nncc: internal error: {}\n",
             fmt::format(format, std::forward<Args>(args)...));
}

/// The stack of the thread that compiles.
constexpr unsigned kStackBytes = 256u << 20;

/// A file to write once everything has succeeded.
struct Output {
  std::string path;
  std::string contents;
};

/// Parses and verifies the model. Diagnostics go to stderr with locations.
OwningOpRef<ModuleOp> loadModel(MLIRContext &context,
                                llvm::SourceMgr &sourceMgr) {
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      nncc::readInputFile(inputFilename, errorMessage);
  if (!input) {
    reportError("cannot read '{}': {}", inputFilename.getValue(), errorMessage);
    return nullptr;
  }
  StringRef text = input->getBuffer();
  unsigned id = sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  if (std::optional<nncc::TextLimitViolation> violation =
          nncc::findTextLimitViolation(text)) {
    // Without the offending line: it may be megabytes long.
    auto [line, column] = sourceMgr.getLineAndColumn(
        llvm::SMLoc::getFromPointer(text.data() + violation->offset), id);
    fmt::print(stderr, "{}:{}:{}: error: {} (docs/Limits.md)\n",
               inputFilename.getValue(), line, column, violation->message);
    return nullptr;
  }
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  return parseSourceFile<ModuleOp>(sourceMgr, config);
}

std::string print(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os);
  os << '\n';
  return text;
}

/// A stage of the pass pipeline (lib/Pipelines): the driver runs them one
/// after another, reading the model's tensors after the first and stopping
/// where --emit asks.
using Stage = std::function<void(OpPassManager &)>;

/// The stages --emit needs, in order. Together they are the whole pipeline
/// of the target (buildCPUPipeline, buildCUDAPipeline; replay.test checks
/// that both give the same module).
SmallVector<Stage> getStages() {
  if (emitKind == EmitKind::MLIR)
    return {};
  SmallVector<Stage> stages = {nncc::buildNNModelPipeline,
                               nncc::buildNNTrainingStepPipeline,
                               nncc::buildNNToLinalgPipeline};
  if (emitKind == EmitKind::Linalg)
    return stages;
  if (target == nncc::TargetKind::CUDA) {
    stages.push_back([](OpPassManager &pm) {
      nncc::CUDAPipelineOptions options;
      options.gpuArch = gpuArch;
      options.emulate = emulateGPU;
      options.emulateReverse = emulateGPUReverse;
      options.unrollFactor = gpuUnroll;
      nncc::buildLinalgToCUDAPipeline(pm, options);
    });
  } else {
    stages.push_back([](OpPassManager &pm) {
      nncc::buildLinalgToLLVMPipeline(pm, nncc::CPUPipelineOptions());
    });
  }
  return stages;
}

/// --print-pipeline: the stages as one textual pipeline, which
/// `nncc-opt --pass-pipeline=...` replays.
void printStages(MLIRContext &context, ArrayRef<Stage> stages) {
  PassManager pm = PassManager::on<ModuleOp>(&context);
  for (const Stage &stage : stages)
    stage(pm);
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  fmt::print(stderr, "{}\n", text);
}

/// Runs `stage` over `module`; honours --mlir-timing.
LogicalResult runPipeline(ModuleOp module, const Stage &stage) {
  PassManager pm = PassManager::on<ModuleOp>(module.getContext());
  stage(pm);
  DefaultTimingManager timing;
  TimingScope scope;
  if (mlirTiming) {
    timing.setEnabled(true);
    scope = timing.getRootScope();
    pm.enableTiming(scope);
  }
  return pm.run(module);
}

/// The default output path: the input's name with `extension`, or '-'.
std::string defaultOutput(StringRef extension) {
  if (outputFilename.getNumOccurrences())
    return outputFilename;
  if (emitKind != EmitKind::Obj || inputFilename == "-")
    return "-";
  llvm::SmallString<128> path(llvm::sys::path::filename(inputFilename));
  llvm::sys::path::replace_extension(path, extension);
  return std::string(path);
}

/// LLVM dialect -> LLVM IR with runtime and C API -> optimized.
std::unique_ptr<llvm::Module> buildLLVMModule(ModuleOp module,
                                              nncc::ModelInfo &info,
                                              llvm::LLVMContext &llvmContext,
                                              llvm::TargetMachine &machine) {
  StringRef predict = nncc::getEntryPointName(nncc::EntryPoint::Predict);
  if (!module.lookupSymbol<LLVM::LLVMFuncOp>(predict)) {
    reportInternalError("the pipeline produced no {}", predict.str());
    return nullptr;
  }

  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, info.name);
  if (!llvmModule) {
    reportInternalError("cannot translate the model to LLVM IR");
    return nullptr;
  }
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  nncc::fuseMultiplyAdds(*llvmModule, machine);
  // Before the runtime and the C API join: only the model's functions grow
  // with the model.
  nncc::SplitOptions split;
  split.maxInstructions = std::max<int64_t>(splitAbove, 1);
  split.pieceInstructions = std::max<int64_t>(split.maxInstructions / 4, 1);
  nncc::splitLargeFunctions(*llvmModule, split);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> runtime;
  if (!runtimeBitcode.empty()) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
        llvm::MemoryBuffer::getFile(runtimeBitcode);
    if (!file) {
      reportError("cannot read '{}': {}", runtimeBitcode.getValue(),
                  file.getError().message());
      return nullptr;
    }
    runtime = std::move(*file);
  }
  if (failed(nncc::linkRuntime(*llvmModule, error,
                               runtime ? runtime->getBuffer() : "")) ||
      failed(nncc::emitCAPI(*llvmModule, info, error))) {
    reportInternalError("{}", error);
    return nullptr;
  }
  if (llvm::verifyModule(*llvmModule, &llvm::errs())) {
    reportInternalError("the generated LLVM IR does not verify");
    return nullptr;
  }
  nncc::optimizeModule(*llvmModule, machine, optLevel);
  return llvmModule;
}

/// Fails, saying how many bytes it would need, when the instance of `info`
/// is larger than nncc's limit (docs/Limits.md).
LogicalResult checkInstanceBytes(const nncc::ModelInfo &info) {
  int64_t bytes = info.getInstanceBytes();
  if (bytes >= 0 && bytes <= nn::kMaxInstanceBytes)
    return success();
  std::string need = bytes < 0
                         ? fmt::format("more than {} bytes",
                                       std::numeric_limits<int64_t>::max())
                         : fmt::format("{} bytes", bytes);
  reportError("the model's instance would need {} (parameters, optimizer "
              "state, gradients and workspace), more than nncc's limit of "
              "{} bytes (1 TiB)",
              need, nn::kMaxInstanceBytes);
  return failure();
}

/// Compiles the verified `module` into what --emit asks for.
std::optional<ExitCode> compile(ModuleOp module,
                                SmallVectorImpl<Output> &outputs) {
  SmallVector<Stage> stages = getStages();
  if (printPipeline && !stages.empty())
    printStages(*module.getContext(), stages);
  if (emitKind == EmitKind::MLIR) {
    outputs.push_back({defaultOutput(".mlir"), print(module)});
    return Success;
  }
  // Model-level checks are the user's business: exit 1. The first stage
  // completes the model instance (its optimizer state).
  if (failed(runPipeline(module, stages.front())))
    return UserError;
  FailureOr<nncc::ModelInfo> info = nncc::collectModelInfo(module, modelName);
  if (failed(info))
    return UserError;
  if (checkNumerics && target == nncc::TargetKind::CUDA && !emulateGPU) {
    reportError("--check-numerics is not supported with --target=cuda: the "
                "CUDA runtime has no backup of the model to restore; check "
                "numerics on the CPU target");
    return UserError;
  }
  info->checkNumerics = checkNumerics && info->hasTraining;
  if (target == nncc::TargetKind::CUDA && !emulateGPU &&
      failed(nncc::verifyCUDASupport(module, *info)))
    return UserError;
  // Parameters and optimizer state alone may be too large: say so before
  // compiling anything.
  if (failed(checkInstanceBytes(*info)))
    return UserError;
  // The training step: what cannot be trained is the model's problem too.
  if (failed(runPipeline(module, stages[1])))
    return UserError;

  // From here on a failure is nncc's fault.
  for (const Stage &stage : ArrayRef(stages).drop_front(2))
    if (failed(runPipeline(module, stage)))
      return InternalError;
  if (emitKind == EmitKind::Linalg || emitKind == EmitKind::LoweredMLIR) {
    outputs.push_back({defaultOutput(".mlir"), print(module)});
    return Success;
  }
  // An emulated GPU object is a CPU object with the CPU runtime.
  info->target = emulateGPU ? nncc::TargetKind::CPU : target.getValue();
  // The instance's workspace serves every entry point in turn.
  info->workspaceBytes = nncc::getMaxWorkspaceBytes(module);
  if (failed(checkInstanceBytes(*info)))
    return UserError;
  if (emitKind == EmitKind::PTX) {
    auto ptx =
        module.lookupSymbol<LLVM::GlobalOp>(nncc::getCudaPTXGlobalName());
    auto text =
        ptx ? dyn_cast_or_null<StringAttr>(ptx.getValueOrNull()) : StringAttr();
    if (!text) {
      reportInternalError("the pipeline produced no PTX");
      return InternalError;
    }
    outputs.push_back(
        {defaultOutput(".ptx"), text.getValue().rtrim('\0').str()});
    return Success;
  }

  std::string error;
  nncc::ObjectOptions objectOptions{targetTriple, targetCPU, optLevel};
  std::unique_ptr<llvm::TargetMachine> machine =
      nncc::createTargetMachine(objectOptions, error);
  if (!machine) {
    reportError("{}", error);
    return UserError;
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      buildLLVMModule(module, *info, llvmContext, *machine);
  if (!llvmModule)
    return InternalError;

  switch (emitKind) {
  case EmitKind::LLVM: {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    outputs.push_back({defaultOutput(".ll"), text});
    break;
  }
  case EmitKind::Asm:
    outputs.push_back({defaultOutput(".s"),
                       nncc::emitMachineCode(*llvmModule, *machine, true)});
    break;
  case EmitKind::Header:
    outputs.push_back({defaultOutput(".h"), nncc::emitHeader(*info)});
    break;
  case EmitKind::Obj: {
    std::string object = nncc::emitMachineCode(*llvmModule, *machine, false);
    std::string objectPath = defaultOutput(".o");
    std::string headerPath = headerFilename;
    if (headerPath.empty() && objectPath != "-") {
      llvm::SmallString<128> path(objectPath);
      llvm::sys::path::replace_extension(path, ".h");
      headerPath = std::string(path);
    }
    outputs.push_back({objectPath, std::move(object)});
    if (!headerPath.empty())
      outputs.push_back({headerPath, nncc::emitHeader(*info)});
    break;
  }
  case EmitKind::MLIR:
  case EmitKind::Linalg:
  case EmitKind::LoweredMLIR:
  case EmitKind::PTX:
    llvm_unreachable("handled above");
  }
  return Success;
}

/// Writes every output to a temporary file beside it, then renames them all
/// over their paths: a failure before the renames leaves every earlier file
/// as it was (a rename within one directory failing after another succeeded
/// is the one case that cannot be undone). Standard output ('-') is written
/// last, directly.
ExitCode writeOutputs(ArrayRef<Output> outputs) {
  // Two outputs to one file would lose one of them.
  auto absolute = [](StringRef path) {
    llvm::SmallString<256> full(path);
    llvm::sys::fs::make_absolute(full);
    llvm::sys::path::remove_dots(full, /*remove_dot_dot=*/true);
    return full;
  };
  for (auto [i, a] : llvm::enumerate(outputs))
    for (const Output &b : outputs.drop_front(i + 1)) {
      if (a.path == "-" || b.path == "-")
        continue;
      bool same = absolute(a.path) == absolute(b.path);
      if (!same)
        llvm::sys::fs::equivalent(a.path, b.path, same);
      if (same) {
        reportError("two outputs would be written to '{}' (the object and "
                    "its header need two files)",
                    b.path);
        return UserError;
      }
    }
  SmallVector<llvm::sys::fs::TempFile> temporaries;
  auto discard = [&] {
    for (llvm::sys::fs::TempFile &file : temporaries)
      llvm::consumeError(file.discard());
  };
  for (const Output &output : outputs) {
    if (output.path == "-")
      continue;
    llvm::Expected<llvm::sys::fs::TempFile> file =
        llvm::sys::fs::TempFile::create(output.path + ".tmp-%%%%%%%%");
    if (!file) {
      reportError("cannot write '{}': {}", output.path,
                  llvm::toString(file.takeError()));
      discard();
      return UserError;
    }
    temporaries.push_back(std::move(*file));
    llvm::raw_fd_ostream os(temporaries.back().FD, /*shouldClose=*/false);
    os << output.contents;
    os.flush();
    if (os.has_error()) {
      reportError("cannot write '{}': {}", output.path, os.error().message());
      os.clear_error();
      discard();
      return UserError;
    }
  }
  unsigned next = 0;
  for (const Output &output : outputs) {
    if (output.path == "-")
      continue;
    if (llvm::Error error = temporaries[next++].keep(output.path)) {
      reportError("cannot write '{}': {}", output.path,
                  llvm::toString(std::move(error)));
      discard();
      return UserError;
    }
  }
  for (const Output &output : outputs)
    if (output.path == "-")
      llvm::outs() << output.contents;
  llvm::outs().flush();
  return Success;
}

ExitCode run() {
  DialectRegistry registry;
  nncc::registerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // A diagnostic points at the user's source; the generic form of the
  // operation it concerns would only bury it.
  context.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = loadModel(context, sourceMgr);
  if (!module)
    return UserError;

  SmallVector<Output> outputs;
  std::optional<ExitCode> status = compile(*module, outputs);
  if (!status || *status != Success)
    return status.value_or(InternalError);
  return writeOutputs(outputs);
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
  if (optLevel > 3) {
    reportError("-O{} is not an optimization level (0 to 3)",
                optLevel.getValue());
    return UserError;
  }
  if (!llvm::is_contained(
          {"sm_70", "sm_75", "sm_80", "sm_86", "sm_89", "sm_90"},
          gpuArch.getValue())) {
    reportError("--gpu-arch={} is not a supported GPU architecture (expected "
                "sm_70, sm_75, sm_80, sm_86, sm_89 or sm_90)",
                gpuArch.getValue());
    return UserError;
  }
  // Checked before compiling: an object must be able to link the runtime.
  bool emitsObjectCode =
      emitKind == EmitKind::LLVM || emitKind == EmitKind::Asm ||
      emitKind == EmitKind::Obj || emitKind == EmitKind::Header;
  if (std::string error; emitsObjectCode && failed(nncc::verifyTargetTriple(
                                                targetTriple, error))) {
    reportError("{}{}",
                targetTriple.empty() ? "this host: " : "--mtriple: ", error);
    return UserError;
  }
  if (std::string error;
      emitsObjectCode &&
      failed(nncc::verifyTargetCPU(targetTriple, targetCPU, error))) {
    reportError("--mcpu: {}", error);
    return UserError;
  }
  if (emulateGPUReverse && !emulateGPU) {
    reportError("--emulate-gpu-reverse needs --emulate-gpu");
    return UserError;
  }
  if (emulateGPU &&
      (target != nncc::TargetKind::CUDA || emitKind == EmitKind::PTX)) {
    reportError("--emulate-gpu needs --target=cuda and makes no PTX");
    return UserError;
  }
  if (emitKind == EmitKind::PTX && target != nncc::TargetKind::CUDA) {
    reportError("--emit=ptx needs --target=cuda");
    return UserError;
  }

  // A crash is nncc's fault, never the user's: report it as an internal
  // error. No output file exists yet at that point.
  int exitCode = InternalError;
  llvm::CrashRecoveryContext::Enable();
  llvm::CrashRecoveryContext crashRecovery;
  // On a thread with a large stack: the parser and the verifier recurse
  // once per nesting level (findTextLimitViolation bounds the levels).
  if (!crashRecovery.RunSafelyOnThread([&] { exitCode = run(); },
                                       kStackBytes)) {
    fmt::print(stderr, "nncc: internal error: crashed while compiling '{}'\n",
               inputFilename.getValue());
    return InternalError;
  }
  return exitCode;
}
