//===- ModelInfo.h - what the C API needs to know of a model ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A plain description of a model, taken from its nn module before
// compilation: name, parameters, input and output shapes. The C header and
// the C API glue are generated from it.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_MODELINFO_H
#define NNCC_TARGET_MODELINFO_H

#include "nncc/Dialect/NN/IR/NNAttrs.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir::nncc {

struct TensorInfo {
  std::string name;
  SmallVector<int64_t> shape;
  bool isF64 = false;
  nn::InitKind init = nn::InitKind::zeros;
  SmallVector<double, 2> initArgs; // as written in the model
  bool trainable = true;
  /// Non-trainable state the training step's forward pass writes
  /// (nn.batch_norm's moving statistics, in a model that trains).
  bool stepUpdated = false;

  int64_t getNumElements() const;
  int64_t getElementBytes() const { return isF64 ? 8 : 4; }
};

/// What the object is compiled for.
enum class TargetKind { CPU, CUDA };

struct ModelInfo {
  std::string name; // a C identifier: the prefix of every API symbol
  TargetKind target = TargetKind::CPU;
  SmallVector<TensorInfo> params; // what the API lists
  SmallVector<TensorInfo> state;  // the optimizer's state, after params
  SmallVector<int64_t> inputShape, outputShape;
  bool isF64 = false;         // element type of input and output
  int64_t workspaceBytes = 0; // the largest of the entry points'

  // Training (nn.train_config).
  bool hasTraining = false;
  bool sparseLabels = false; // int32 class indices, else floats
  int64_t numClasses = 0;    // sparse labels lie in [0, numClasses)
  SmallVector<int64_t> labelShape;
  /// nncc --check-numerics: the training calls check that the loss,
  /// gradients and updated tensors are finite (runtime/lib/Model.c).
  bool checkNumerics = false;
  int learningRateIndex = -1; // in params followed by state

  int64_t getLabelSize() const;
  int getNumTensors() const { return params.size() + state.size(); }

  int64_t getBatch() const { return inputShape.front(); }
  int64_t getInputSize() const;
  int64_t getOutputSize() const;
  int64_t getScalarBytes() const { return isF64 ? 8 : 4; }
  /// Bytes of one batch of input and of output.
  int64_t getInputBytes() const { return getInputSize() * getScalarBytes(); }
  int64_t getOutputBytes() const { return getOutputSize() * getScalarBytes(); }
  /// Bytes of the loss a training step returns (0 without training).
  int64_t getLossBytes() const { return hasTraining ? getScalarBytes() : 0; }
  /// Bytes of one batch of labels (0 without training).
  int64_t getLabelBytes() const;
  /// Bytes of one instance: the CPU runtime's single allocation, or the
  /// CUDA runtime's device allocation, computed by the runtime's own layout
  /// functions (runtime/include/nncc/Runtime/nncc_layout.h); -1 when the
  /// sizes overflow.
  int64_t getInstanceBytes() const;
  /// The C type of inputs and outputs.
  StringRef getScalarType() const { return isF64 ? "double" : "float"; }
};

/// Collects the model description of `module` (verified nn). The name is
/// `name` if not empty, else the module's symbol name; it must be a C
/// identifier. Reports errors at the module.
FailureOr<ModelInfo> collectModelInfo(ModuleOp module, StringRef name);

/// Fails, with an error at the first operation concerned, when the PTX of
/// the CUDA target cannot compute `module`: its kernels evaluate exp, log,
/// tanh and pow by f32 polynomials only, so an f64 model may use no layer,
/// loss or optimizer that needs them (conv, dense, pooling, relu,
/// reshapes, batch normalization, mean squared error and SGD are fine).
LogicalResult verifyCUDASupport(ModuleOp module, const ModelInfo &info);

} // namespace mlir::nncc

#endif // NNCC_TARGET_MODELINFO_H
