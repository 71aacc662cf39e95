//===- VectorizePlan.h - what nncc-vectorize does with each op --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Internal to nncc-vectorize (Vectorize.cpp). The plans: for each
// linalg.generic of a function, whether it becomes vector tiles (and their
// width, vectors, unrolled rows, reduction steps, blocking, fused prologue
// and epilogue), a transpose in register tiles, part of another op's tiles,
// or nothing. Planning only reads the IR; the rewriting in Vectorize.cpp
// and VectorizeTranspose.cpp does what the plans say. Each plan prints on
// one line (`print-plans`), for tests that check the heuristics alone.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_CODEGEN_CPU_VECTORIZEPLAN_H
#define NNCC_LIB_CODEGEN_CPU_VECTORIZEPLAN_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace mlir::nncc {

/// An elementwise op fused into the tiles of the op that produces its input
/// (conv2d/matmul + activation): it runs on the accumulators in registers
/// and stores its own result; the producer's result is stored too only if
/// something else reads it.
struct Epilogue {
  linalg::GenericOp op;
  /// The producer's output buffer, which `op` reads with the identity map.
  Value produced;
  bool storeProduced = true;
};

/// How one op is tiled: the loop that becomes the vector and its width.
struct TilePlan {
  unsigned vectorLoop = 0;
  int64_t width = 0;
  /// Up to two other parallel loops unrolled (none: one row): independent
  /// accumulators hide the FMA latency, and operands that do not depend on
  /// an unrolled loop are loaded once for all its copies. The tile has
  /// `rows()` rows, row r at digits r = ((d0)·factor1 + d1) of the loops.
  struct Unroll {
    unsigned loop;
    int64_t factor;
  };
  SmallVector<Unroll, 2> unrolls;
  int64_t rows() const {
    int64_t rows = 1;
    for (const Unroll &u : unrolls)
      rows *= u.factor;
    return rows;
  }
  std::optional<int64_t> unrollFactor(unsigned loop) const {
    for (const Unroll &u : unrolls)
      if (u.loop == loop)
        return u.factor;
    return std::nullopt;
  }
  /// Vectors per tile along the vector loop (1 or 2): with 8 rows, 16
  /// accumulators, and each broadcast element feeds two FMAs.
  int64_t vectors = 1;
  /// Whether the op has reduction loops (they run inside each tile, but for
  /// `outerReduction` and `blockedReduction`).
  bool reduces = false;
  /// A reduction loop walked outermost, one step per tile (none if unset):
  /// long reductions (a convolution's weight gradient sums over batch and
  /// pixels) then stream one image's operands through the cache for all
  /// tiles, instead of every tile streaming the whole batch.
  std::optional<unsigned> outerReduction;
  /// Iterations of `outerReduction` per step: 1, or a chunk of a long
  /// reduction that is the op's only one (an LSTM's weight gradient sums
  /// over batch x time in one loop): each step's chunk of the operands then
  /// stays in L2 for all tiles.
  int64_t outerStep = 1;
  /// A short first reduction loop (a window row) walked one step at a time
  /// between the parallel tile loops and the last of them, `groupLoop`
  /// (none if unset): the operands that no parallel loop indexes (a
  /// convolution kernel too big for L1) are then read one block at a time
  /// by a whole group of tiles, from L1, instead of every tile streaming
  /// all of them from L2. Each output still sums in the op's order.
  std::optional<unsigned> blockedReduction;
  unsigned groupLoop = 0;
  /// Whether the body runs lane-wise (isLaneWise): the tiles become vector
  /// code; otherwise they stay scalar linalg ops.
  bool laneWise = false;
  /// The fill or bias broadcast whose values start the accumulators (it is
  /// erased), if any.
  Operation *prologue = nullptr;
  /// The elementwise consumer run on the final accumulators (it is erased),
  /// if any.
  std::optional<Epilogue> epilogue;

  /// One line: `vector=d2 width=16 vectors=2 rows=[d0:8] reduction=inner
  /// block=none prologue=fill epilogue=none body=vector`
  /// (the format: the pass description, `print-plans`).
  void print(llvm::raw_ostream &os) const;
};

/// A transpose in `width` x `width` register tiles: `width` vectors loaded
/// along `loadLoop` (the input's contiguous dimension), transposed in
/// registers, stored along `storeLoop` (the output's).
struct TransposePlan {
  unsigned loadLoop;
  unsigned storeLoop;
  int64_t width;

  /// One line: `transpose width=16 load=d0 store=d1`.
  void print(llvm::raw_ostream &os) const;
};

/// What nncc-vectorize does with one linalg.generic.
struct OpPlan {
  enum class Kind {
    /// Left to convert-linalg-to-parallel-loops.
    None,
    /// Computed in the tiles of another op (its prologue or epilogue), and
    /// erased with it.
    Fused,
    /// Vector tiles (`tiles`).
    Tiles,
    /// Register-tile transpose (`transpose`).
    Transpose,
  };
  linalg::GenericOp op;
  Kind kind = Kind::None;
  std::optional<TilePlan> tiles;
  std::optional<TransposePlan> transpose;

  /// One line: `plan: none`, `plan: fused`, `plan: ` and the tile or
  /// transpose plan.
  void print(llvm::raw_ostream &os) const;
};

inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os,
                                     const OpPlan &plan) {
  plan.print(os);
  return os;
}

/// Whether the tile's body can run lane-wise on vectors: elementwise
/// arith/math ops and constants on scalars. With `vectorLoop`, also the
/// indices of the other loops (`linalg.index`, and the `affine.apply` that
/// tiling adds to them): the same in every lane.
bool isLaneWise(linalg::GenericOp tile,
                std::optional<unsigned> vectorLoop = std::nullopt);

/// The vector tiles of `op` alone (no prologue or epilogue), with vectors
/// of at most `maxWidth` lanes, if it qualifies.
std::optional<TilePlan> planTile(linalg::GenericOp op, int64_t maxWidth);

/// Where to split the vector loop of `op` when no width from `maxWidth`
/// down to 4 divides its range but `op` otherwise qualifies for vector
/// tiles: (the loop, the largest multiple of the widest width below the
/// range). The part before the split then tiles with that width; the
/// remainder, narrower than it, stays scalar.
std::optional<std::pair<unsigned, int64_t>> getVectorSplit(linalg::GenericOp op,
                                                           int64_t maxWidth);

/// The register tiles of `op` if it is a transpose on buffers (one input
/// and one output, both permutation maps with a unit-stride last dimension,
/// the body yields the input) whose contiguous dimensions differ and both
/// divide by `width`.
std::optional<TransposePlan> planTranspose(linalg::GenericOp op, int64_t width);

/// The plans of every linalg.generic in `func`, in walk order (the order
/// the rewriting follows; a prologue comes before its consumer, an
/// epilogue after its producer). With `fuseEpilogues`, fills and bias
/// broadcasts before ops with reductions and elementwise ops after them
/// are fused into their tiles.
SmallVector<OpPlan> planVectorization(func::FuncOp func, int64_t width,
                                      bool fuseEpilogues);

} // namespace mlir::nncc

#endif // NNCC_LIB_CODEGEN_CPU_VECTORIZEPLAN_H
