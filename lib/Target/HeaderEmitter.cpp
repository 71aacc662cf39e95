//===- HeaderEmitter.cpp - the C header of a compiled model -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Writes NAME.h: C99, usable from C++, every declaration documented, with
// the model's sizes as macros and its parameters listed in a comment.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/CAPI.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::nncc;

static std::string shapeString(ArrayRef<int64_t> shape) {
  return "[" +
         llvm::join(llvm::map_range(
                        shape, [](int64_t d) { return std::to_string(d); }),
                    ", ") +
         "]";
}

/// The training API of a model with nn.train_config.
static std::string trainingDeclarations(const ModelInfo &info) {
  std::string n = info.name;
  std::string upper = llvm::StringRef(n).upper();
  return llvm::formatv(
      R"(
/* Training. The loss, backward pass and optimizer update are compiled into
   this object; optimizer state lives in the instance and in checkpoints,
   so training resumes exactly from {0}_save/{0}_load. */
#define {1}_HAS_TRAINING 1
/* Labels: {2} */
#define {1}_LABEL_SPARSE {3}
/* Labels per batch: shape {4}. */
#define {1}_LABEL_SIZE {5}
typedef {6} {0}_label;
{7}
/* {8} */
#define {1}_CHECK_NUMERICS {9}

/* One optimizer step on one batch; `loss` receives the batch's mean loss
   (before the update). Equals {0}_compute_gradients then
   {0}_apply_gradients. */
int {0}_train_step({0} *m, const {0}_real *input, const {0}_label *labels,
                   {0}_real *loss);

/* The loss and the gradient of every trainable parameter (readable through
   {0}_grad_data), without updating parameters. Batch normalization's
   moving statistics are updated. */
int {0}_compute_gradients({0} *m, const {0}_real *input,
                          const {0}_label *labels, {0}_real *loss);

/* Parameter i's gradient from the last {0}_compute_gradients, same layout
   as {0}_param_data and writable (e.g. to all-reduce it); NULL for
   non-trainable parameters or i out of range. */
{0}_real *{0}_grad_data({0} *m, int i);

/* One optimizer step from the gradients in {0}_grad_data. */
int {0}_apply_gradients({0} *m);

/* Changes the learning rate (positive) for the following steps. */
int {0}_set_learning_rate({0} *m, float learning_rate);
)",
      n, upper,
      info.sparseLabels ? "int32 class indices, one per example."
                        : "floats shaped like the output (one-hot or "
                          "probabilities).",
      info.sparseLabels ? 1 : 0, shapeString(info.labelShape),
      info.getLabelSize(), info.sparseLabels ? "int32_t" : n + "_real",
      info.sparseLabels
          ? llvm::formatv("/* Classes: a label outside [0, {0}_NUM_CLASSES) "
                          "makes a training call\n   return 13 before "
                          "anything runs. */\n#define {0}_NUM_CLASSES {1}\n",
                          upper, info.numClasses)
                .str()
          : std::string(),
      info.checkNumerics
          ? "Compiled with --check-numerics: a training call whose loss, "
            "gradients\n   or updated tensors hold a NaN or an infinity "
            "returns 14 and leaves\n   every parameter and optimizer state "
            "as it was before the call."
          : "Compiled without --check-numerics: NaNs and infinities in "
            "training are\n   not detected.",
      info.checkNumerics ? 1 : 0);
}

/// The CUDA target's additions.
static std::string cudaDeclarations(const ModelInfo &info) {
  std::string n = info.name;
  std::string text = llvm::formatv(
      R"(
/* The CUDA target. */
#define {1}_TARGET_CUDA 1
/* Why the last {0}_create of this thread returned NULL, 0 if it did not:
   10 no CUDA driver found, 11 no CUDA device, 12 CUDA driver error (e.g.
   the driver cannot load the PTX), 2 out of (device) memory. */
int {0}_create_status(void);
/* The last failure of this thread in words, with the driver's error name
   and the failing call ("" when none). */
const char *{0}_last_error(void);
/* {0}_predict on device memory: `input` and `output` are device pointers
   (CUdeviceptr values) of {1}_INPUT_SIZE and {1}_OUTPUT_SIZE values;
   nothing is copied. */
int {0}_predict_device({0} *m, const {0}_real *input, {0}_real *output);
)",
      n, llvm::StringRef(n).upper());
  if (info.hasTraining)
    text += llvm::formatv(
        R"(/* {0}_train_step on device memory: input, labels and loss are device
   pointers; nothing is copied. */
int {0}_train_step_device({0} *m, const {0}_real *input,
                          const {0}_label *labels, {0}_real *loss);
)",
        n);
  return text;
}

std::string nncc::emitHeader(const ModelInfo &info) {
  std::string n = info.name;
  std::string upper = llvm::StringRef(n).upper();
  std::string guard = upper + "_H";
  std::string real = info.getScalarType().str();
  std::string text;
  llvm::raw_string_ostream os(text);

  bool cuda = info.target == TargetKind::CUDA;
  os << llvm::formatv(
      R"(/* {0}.h - generated by nncc from the model `{0}`. Do not edit.
 *
{12} *
 * Every `int` function returns 0 on success or a status code; {0}_strerror
 * describes it. Codes: 1 invalid argument (a NULL pointer), 2 out of
 * memory, 3 I/O error, 4 not a checkpoint, 5 other checkpoint version,
 * 6 checkpoint of another model, 7 checkpoint with other shapes, 8 corrupt
 * checkpoint (checksum), 9 truncated checkpoint{13}.
 *
{14} */
#ifndef {1}
#define {1}

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A model instance: parameters and the scratch memory of the compiled code,
   in one allocation made by {0}_create. Opaque. */
typedef struct {0} {0};

/* The element type of inputs, outputs and parameters. */
typedef {4} {0}_real;

/* The batch size the model was compiled for. */
#define {2}_BATCH {3}
/* Elements ({4}) in one batch of input: shape {5}. */
#define {2}_INPUT_SIZE {6}
/* Elements ({4}) in one batch of output: shape {7}. */
#define {2}_OUTPUT_SIZE {8}
/* Number of parameters. */
#define {2}_NUM_PARAMS {9}
/* Bytes of scratch memory the compiled code uses (inside the instance). */
#define {2}_WORKSPACE_BYTES {10}
/* Bytes one instance occupies: {15}. */
#define {2}_INSTANCE_BYTES {11}

)",
      n, guard, upper, info.getBatch(), real, shapeString(info.inputShape),
      info.getInputSize(), shapeString(info.outputShape), info.getOutputSize(),
      info.params.size(), info.workspaceBytes, info.getInstanceBytes(),
      cuda ? llvm::formatv(
                 " * Compiled for NVIDIA GPUs (PTX inside the object). Link "
                 "it with nncc's\n"
                 " * CUDA runtime: `cc app.c {0}.o libnncc_cuda.a -lm`. At "
                 "run time it needs\n"
                 " * the NVIDIA driver (libcuda.so.1, loaded on first use), "
                 "nothing else.\n",
                 n)
                 .str()
           : llvm::formatv(" * Link the object nncc wrote with this header: "
                           "`cc app.c {0}.o -lm`. The\n"
                           " * object needs only libc and libm.\n",
                           n)
                 .str(),
      std::string(cuda ? ", 10 no CUDA driver\n * found, 11 no CUDA device, "
                         "12 CUDA driver error"
                       : "") +
          (info.sparseLabels ? ", 13 class label out of\n * range" : "") +
          (info.checkNumerics ? ", 14 NaN or infinity in training (the "
                                "model is\n * unchanged)"
                              : ""),
      cuda ? " * An instance must not be used from two threads at once; "
             "separate\n"
             " * instances are independent. Parameters, optimizer state and "
             "scratch\n"
             " * memory live on the GPU; every call returns when the GPU's "
             "work is done.\n"
             " * Results are deterministic: no atomics.\n"
           : llvm::formatv(
                 " * An instance must not be used from two threads at once; "
                 "separate\n"
                 " * instances are independent. Each instance runs its work "
                 "on its own pool of\n"
                 " * POSIX threads: as many as the machine has cores, or "
                 "NNCC_NUM_THREADS from\n"
                 " * the environment at create time, or {0}_set_num_threads. "
                 "Results are\n"
                 " * bitwise the same for any number of threads.\n",
                 n)
                 .str(),
      cuda ? "the device allocation (parameters, optimizer\n   state, "
             "gradients, workspace, input/output staging)"
           : "parameters, workspace and bookkeeping");

  os << "/* Parameters, in this order (index: name shape, Keras layout):\n";
  for (auto [i, param] : llvm::enumerate(info.params))
    os << llvm::formatv(" *   {0}: {1} {2}{3}\n", i, param.name,
                        shapeString(param.shape),
                        param.trainable ? "" : " (non-trainable)");
  os << " */\n\n";

  os << llvm::formatv(
      R"(/* Creates an instance whose parameters are drawn by the model's
   initializers from `seed`: the same seed gives the same parameters on
   every machine. Returns NULL when memory runs out or threads cannot be
   started. */
{0} *{0}_create(uint64_t seed);

/* Frees an instance (NULL is allowed). */
void {0}_destroy({0} *m);

/* Runs the model on one batch: `input` holds {1}_INPUT_SIZE values,
   `output` receives {1}_OUTPUT_SIZE values, both row-major. Allocates
   nothing. */
int {0}_predict({0} *m, const {0}_real *input, {0}_real *output);

/* Writes all parameters to a checkpoint at `path` (through a temporary file
   renamed over `path`, so a crash never leaves half a checkpoint). */
int {0}_save(const {0} *m, const char *path);

/* Reads a checkpoint written by {0}_save. A file of another model, other
   shapes, a bad checksum or a truncated file is rejected with its own code
   and leaves the instance unchanged. */
int {0}_load({0} *m, const char *path);

/* The parameters, in the order listed above. */
int {0}_num_params(void);
/* Parameter i's name ("conv1.kernel"), or NULL when i is out of range. */
const char *{0}_param_name(int i);
/* Parameter i's rank, or -1 when i is out of range. */
int {0}_param_rank(int i);
/* Parameter i's shape ({0}_param_rank(i) entries), or NULL. */
const int64_t *{0}_param_shape(int i);
/* Parameter i's values, row-major in Keras layout and writable, or NULL.{6} */
{0}_real *{0}_param_data({0} *m, int i);

/* A description of a status code; never NULL. */
const char *{0}_strerror(int code);

/* {1}_INSTANCE_BYTES, as the runtime computes it. */
int64_t {0}_instance_bytes(void);

{7}
int {0}_set_num_threads({0} *m, int num_threads);
/* The number of threads the instance runs on. */
int {0}_num_threads(const {0} *m);

{4}{5}
#ifdef __cplusplus
}
#endif

#endif /* {3} */
)",
      n, upper, real, guard,
      info.hasTraining ? trainingDeclarations(info) : std::string(),
      cuda ? cudaDeclarations(info) : std::string(),
      cuda ? "\n   On the GPU: a host copy, valid until the next call on the "
             "instance;\n   what is written into it reaches the GPU at that "
             "call."
           : "",
      cuda ? "/* The GPU does the work: the host side runs on the calling "
             "thread, so this\n   only checks 1 <= num_threads <= 256. */"
           : "/* Runs the instance on `num_threads` threads in all (1 to 256; "
             "the calling\n   thread is one of them) from now on. Results do "
             "not change. */");
  return text;
}
