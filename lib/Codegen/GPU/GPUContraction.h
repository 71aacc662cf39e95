//===- GPUContraction.h - shared-memory tiled contraction kernels ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Internal to nncc-map-to-gpu (MapToGPU.cpp): the kernel of a linalg op that
// sums products of two operands (matmul, convolution and its gradients,
// as implicit GEMMs), tiled through shared memory.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_TRANSFORMS_GPUCONTRACTION_H
#define NNCC_LIB_TRANSFORMS_GPUCONTRACTION_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace mlir::nncc {

/// How a contraction's loops become an implicit GEMM and its tiles.
/// Parallel loops only the left operand reads are M, only the right one N,
/// both or neither: batch; reduction loops are K. Each linearized row-major
/// in loop order.
struct ContractionTiling {
  /// The position in the fused group of the member that reduces.
  unsigned reducer = 0;
  SmallVector<unsigned> mDims, nDims, batchDims, kDims;
  SmallVector<int64_t> loopSizes;
  int64_t m = 1, n = 1, k = 1, batch = 1;
  /// A block computes tileM x tileN outputs, tileK terms at a time; its
  /// threads form threadsY rows by threadsX columns, each thread owning
  /// rowsPerThread x colsPerThread outputs, threadsY and threadsX apart.
  int64_t tileM = 64, tileN = 64, tileK = 16;
  // 16 rows (columns) a block, one a thread, when there are fewer than 48.
  int64_t threadsX = 16, threadsY = 16, rowsPerThread = 4, colsPerThread = 4;
  /// Whether consecutive threads load consecutive M (N) indices of a tile
  /// (the operand's innermost index is an M (N) loop), else consecutive K.
  bool lhsAlongM = false, rhsAlongN = true;

  int64_t tilesM() const { return (m + tileM - 1) / tileM; }
  int64_t tilesN() const { return (n + tileN - 1) / tileN; }
  int64_t numThreads() const { return threadsX * threadsY; }
};

/// The tiling of `group` (a linalg op and the elementwise ops fused before
/// and after it, one parallel domain) when exactly one member reduces, over
/// two buffer operands, with a pure body, and the tiles give enough blocks
/// and terms to pay off.
std::optional<ContractionTiling>
planContractionTiling(ArrayRef<linalg::LinalgOp> group);

/// The shared-memory and per-thread buffers `launch` needs, in the order
/// emitTiledContraction uses them: workgroup (left tile, right tile), then
/// private (the thread's sums).
SmallVector<Type> workgroupBuffers(ArrayRef<linalg::LinalgOp> group,
                                   const ContractionTiling &tiling);
SmallVector<Type> privateBuffers(ArrayRef<linalg::LinalgOp> group,
                                 const ContractionTiling &tiling);

/// Fills `launch` (tilesM·tilesN x batch blocks of numThreads threads, with
/// the buffers above) with the group's kernel: each thread runs the members
/// before the reducer at its outputs and loads them into its sums; the
/// block walks K a tile at a time (both operand tiles loaded into shared
/// memory, a barrier, each thread's sums updated in K order, a barrier);
/// then each thread stores its sums and runs the members after the reducer.
/// Every sum takes its terms in the op's order, as one thread per output
/// would.
void emitTiledContraction(OpBuilder &b, gpu::LaunchOp launch,
                          ArrayRef<linalg::LinalgOp> group,
                          const ContractionTiling &tiling);

} // namespace mlir::nncc

#endif // NNCC_LIB_TRANSFORMS_GPUCONTRACTION_H
