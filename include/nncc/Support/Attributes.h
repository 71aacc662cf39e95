//===- Attributes.h - how nncc's passes talk to each other ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one owner of the attributes and symbol names through which nncc's
// layers hand information down the pipeline: which functions are entry
// points (nn-create-entry-points -> every codegen pass -> the driver and the
// C API), the arguments codegen appends to them (workspace, thread pool,
// CUDA context), what a loop promises about its iterations (the lowering
// and nncc-vectorize -> nncc-parallelize and nncc-map-to-gpu), and the
// symbols the generated code shares with the runtime and the C API
// emitter. No other file spells these names: it uses the accessors below.
// (Names that stay inside one layer keep their owner there: the nn passes'
// `nn.wrt` and `nncc_loss` in Dialect/NN/Transforms/Passes.h, the runtime's
// C functions that only the C API emitter calls in CAPIEmitter.cpp.)
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_SUPPORT_ATTRIBUTES_H
#define NNCC_SUPPORT_ATTRIBUTES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace mlir::nncc {

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// The functions the C API calls, made by nn-create-entry-points.
enum class EntryPoint { Predict, ComputeGradients, ApplyGradients };

/// The symbol of `entry` (`nncc_predict`, ...), the same in the func, LLVM
/// dialect and LLVM IR.
StringRef getEntryPointName(EntryPoint entry);

/// Whether `op` (a func.func or llvm.func) is an entry point.
bool isEntryPoint(Operation *op);
/// Marks `op` as an entry point.
void setEntryPoint(Operation *op);
/// The entry points of `module` that have a body, in module order.
SmallVector<func::FuncOp> getEntryPoints(ModuleOp module);

/// The runtime's two tables of pointers, through which an entry point is
/// handed the model's tensors (runtime/include/nncc/Runtime/nncc_runtime.h):
/// `tensors`, the parameters in declaration order then the optimizer state,
/// and `grads`, indexed like the parameters (the trainable ones' gradients).
/// nn-create-entry-points gives each tensor a memref argument that names its
/// slot; nncc-pack-entry-arguments replaces those arguments by the tables.
enum class PointerTable { Tensors, Gradients };

/// The attributes of an entry point argument that carries slot `slot` of
/// `table`, the tensor `name` (the name is for readers of the IR).
DictionaryAttr getTableSlotAttrs(MLIRContext *ctx, PointerTable table,
                                 int64_t slot, StringRef name);
/// The table and slot that argument `index` of `func` carries, if any.
std::optional<std::pair<PointerTable, int64_t>> getTableSlot(func::FuncOp func,
                                                             unsigned index);
/// The name of the tensor that argument `index` of `func` carries, or "".
StringRef getTableSlotName(func::FuncOp func, unsigned index);
/// The tables the runtime passes to entry point `func`, in order: its
/// leading arguments after nncc-pack-entry-arguments (predict: tensors; the
/// training entry points: tensors, grads).
SmallVector<PointerTable> getPointerTables(func::FuncOp func);

/// The arguments codegen appends to an entry point, each marked by a unit
/// argument attribute.
enum class EntryPointArgument {
  /// `memref<Nxi8>`: the planned workspace (nncc-plan-workspace).
  Workspace,
  /// `!llvm.ptr`: the instance's thread pool (nncc-parallelize).
  ThreadPool,
  /// `!llvm.ptr`: the instance's CUDA context (nncc-lower-gpu-launches).
  CudaContext,
};

/// Appends an argument of `type` marked as `kind` to `func`; returns it.
FailureOr<BlockArgument> appendEntryPointArgument(func::FuncOp func, Type type,
                                                  EntryPointArgument kind);

/// Records on `op` that the function needs `bytes` of workspace.
void setWorkspaceBytes(Operation *op, int64_t bytes);
/// The workspace `op` needs, if planned.
std::optional<int64_t> getWorkspaceBytes(Operation *op);
/// The largest workspace of any function in `module` (0 if none): one
/// instance's workspace serves every entry point in turn.
int64_t getMaxWorkspaceBytes(ModuleOp module);

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

/// Marks an `scf.for` whose iterations are independent (each writes its own
/// elements): nncc-parallelize and nncc-map-to-gpu may run them in parallel.
void setParallelLoop(Operation *loop);
bool isParallelLoop(Operation *loop);

/// Marks an `scf.for` whose body is one `scf.parallel` (constants aside)
/// whose iteration i, at every step of the `scf.for`, touches only what
/// iteration i touches at the other steps (a tile accumulating a long
/// reduction one step at a time): nncc-parallelize may run the `scf.for`
/// inside each thread's share of the `scf.parallel`, one dispatch in all.
void setPerIterationSteps(Operation *loop);
bool hasPerIterationSteps(Operation *loop);

//===----------------------------------------------------------------------===//
// Symbols shared with the runtime
//===----------------------------------------------------------------------===//

/// `void nncc_parallel_for(pool, body, ctx, iterations)`: the CPU
/// runtime's thread-pool dispatch (runtime/lib/ThreadPool.c).
StringRef getParallelForFunctionName();

/// `nncc_cuda_launch(ctx, kernel, gx, gy, gz, bx, by, bz, smem, args)`:
/// the CUDA runtime's kernel launch (runtime/lib/cuda/CudaModel.c).
StringRef getCudaLaunchFunctionName();

/// The module every kernel is outlined into.
StringRef getKernelModuleName();

/// The globals through which host code hands the kernels to the CUDA
/// runtime: the PTX, the kernel names NUL-separated, and their count.
StringRef getCudaPTXGlobalName();
StringRef getCudaKernelNamesGlobalName();
StringRef getCudaNumKernelsGlobalName();

} // namespace mlir::nncc

#endif // NNCC_SUPPORT_ATTRIBUTES_H
