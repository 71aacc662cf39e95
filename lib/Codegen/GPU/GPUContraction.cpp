//===- GPUContraction.cpp - shared-memory tiled contraction kernels -------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Builds the body of a tiled contraction kernel (GPUContraction.h): each
// block's output tile in private memory, the operand tiles staged through
// workgroup memory between barriers, and every sum still taken in the op's
// order, so the results equal one thread per output.
//
// The linear thread or tile index is split into loop indices by hand
// (unsigned div/rem by constants), not by affine::delinearizeIndex: its
// affine.delinearize_index lowers to signed floor divisions, several
// instructions more per level in every kernel, for indices known to be
// non-negative.
//
//===----------------------------------------------------------------------===//

#include "GPUContraction.h"

#include "LinalgPoint.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::nncc;

namespace {

/// Fewer blocks than this, or fewer terms per sum, and one thread per
/// output does as well.
constexpr int64_t kMinBlocks = 16;
constexpr int64_t kMinTerms = 32;

/// Whether the last index of `map` moves with one of `dims` (the operand's
/// contiguous dimension, for a row-major buffer).
bool innermostIn(AffineMap map, ArrayRef<unsigned> dims) {
  if (map.getNumResults() == 0)
    return false;
  AffineExpr last = map.getResults().back();
  return llvm::any_of(dims,
                      [&](unsigned d) { return last.isFunctionOfDim(d); });
}

/// Whether `op`'s body only computes: no memory, no `linalg.index`.
bool isPlainBody(linalg::LinalgOp op) {
  return llvm::all_of(op->getRegion(0).getOps(), [](Operation &nested) {
    return isMemoryEffectFree(&nested) && !isa<linalg::IndexOp>(nested);
  });
}

int64_t product(ArrayRef<unsigned> dims, ArrayRef<int64_t> sizes) {
  int64_t result = 1;
  for (unsigned d : dims)
    result *= sizes[d];
  return result;
}

/// Index arithmetic of the kernel.
struct KernelBuilder {
  OpBuilder &b;
  Location loc;
  const ContractionTiling &t;

  Value cst(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t y) {
    return arith::MulIOp::create(b, loc, x, cst(y));
  }
  Value div(Value x, int64_t y) {
    return arith::DivUIOp::create(b, loc, x, cst(y));
  }
  Value rem(Value x, int64_t y) {
    return arith::RemUIOp::create(b, loc, x, cst(y));
  }
  Value less(Value x, int64_t y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, cst(y));
  }
  Value both(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }

  /// Sets `into[d]` for `dims` from their row-major linear index.
  void delinearize(Value linear, ArrayRef<unsigned> dims,
                   SmallVectorImpl<Value> &into) {
    for (unsigned i = dims.size(); i-- > 0;) {
      int64_t size = t.loopSizes[dims[i]];
      into[dims[i]] = i == 0 ? linear : rem(linear, size);
      if (i != 0)
        linear = div(linear, size);
    }
  }

  /// Runs `body` when `cond`, at a fresh `scf.if`.
  void guarded(Value cond, function_ref<void()> body) {
    auto guard = scf::IfOp::create(b, loc, cond);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(&guard.getThenRegion().front());
    body();
  }
};

} // namespace

std::optional<ContractionTiling>
nncc::planContractionTiling(ArrayRef<linalg::LinalgOp> group) {
  ContractionTiling t;
  std::optional<unsigned> reducer;
  for (auto [i, member] : llvm::enumerate(group))
    if (linalg::LinalgOp(member).getNumReductionLoops() != 0) {
      if (reducer)
        return std::nullopt;
      reducer = i;
    }
  if (!reducer)
    return std::nullopt;
  t.reducer = *reducer;
  linalg::LinalgOp op = group[t.reducer];
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !isPlainBody(op))
    return std::nullopt;
  for (Value operand : op->getOperands()) {
    auto type = dyn_cast<MemRefType>(operand.getType());
    if (!type || !isa<FloatType>(type.getElementType()))
      return std::nullopt;
  }
  t.loopSizes = op.getStaticLoopRanges();
  if (llvm::any_of(t.loopSizes, ShapedType::isDynamic))
    return std::nullopt;
  AffineMap lhs = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap rhs = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<unsigned> parallel;
  for (auto [d, kind] : llvm::enumerate(op.getIteratorTypesArray())) {
    if (kind == utils::IteratorType::reduction) {
      t.kDims.push_back(d);
      continue;
    }
    parallel.push_back(d);
    bool inLhs = lhs.isFunctionOfDim(d), inRhs = rhs.isFunctionOfDim(d);
    (inLhs && !inRhs   ? t.mDims
     : inRhs && !inLhs ? t.nDims
                       : t.batchDims)
        .push_back(d);
  }
  // The output is written at its own point: each result one parallel loop
  // (in any order: a split reduction's partial sums lead with the split
  // loop; the group's other members then share the order, see canFuse).
  if (out.getNumResults() != parallel.size() || !out.isProjectedPermutation())
    return std::nullopt;
  if (t.mDims.empty() || t.nDims.empty())
    return std::nullopt;
  t.m = product(t.mDims, t.loopSizes);
  t.n = product(t.nDims, t.loopSizes);
  t.k = product(t.kDims, t.loopSizes);
  t.batch = product(t.batchDims, t.loopSizes);
  // Narrow outputs (a classifier's 10 columns, conv1's 9 weights per
  // filter): 16 columns (rows) a block.
  if (t.n < 48) {
    t.tileN = 16;
    t.colsPerThread = 1;
  }
  if (t.m < 48) {
    t.tileM = 16;
    t.rowsPerThread = 1;
  }
  t.lhsAlongM = innermostIn(lhs, t.mDims);
  t.rhsAlongN = innermostIn(rhs, t.nDims);
  if (t.k < kMinTerms || t.tilesM() * t.tilesN() * t.batch < kMinBlocks ||
      t.batch > 65535)
    return std::nullopt;
  return t;
}

SmallVector<Type> nncc::workgroupBuffers(ArrayRef<linalg::LinalgOp> group,
                                         const ContractionTiling &t) {
  linalg::LinalgOp op = group[t.reducer];
  auto space =
      gpu::AddressSpaceAttr::get(op.getContext(), gpu::AddressSpace::Workgroup);
  auto element = [&](unsigned input) {
    return cast<MemRefType>(op.getDpsInputs()[input].getType())
        .getElementType();
  };
  // One padding column: a column of a tile spans all banks.
  return {MemRefType::get({t.tileK, t.tileM + 1}, element(0),
                          MemRefLayoutAttrInterface(), space),
          MemRefType::get({t.tileK, t.tileN + 1}, element(1),
                          MemRefLayoutAttrInterface(), space)};
}

SmallVector<Type> nncc::privateBuffers(ArrayRef<linalg::LinalgOp> group,
                                       const ContractionTiling &t) {
  linalg::LinalgOp op = group[t.reducer];
  auto space =
      gpu::AddressSpaceAttr::get(op.getContext(), gpu::AddressSpace::Private);
  Type element =
      cast<MemRefType>(op.getDpsInits()[0].getType()).getElementType();
  return {MemRefType::get({t.rowsPerThread, t.colsPerThread}, element,
                          MemRefLayoutAttrInterface(), space)};
}

void nncc::emitTiledContraction(OpBuilder &b, gpu::LaunchOp launch,
                                ArrayRef<linalg::LinalgOp> group,
                                const ContractionTiling &t) {
  linalg::LinalgOp op = group[t.reducer];
  Location loc = op.getLoc();
  KernelBuilder k{b, loc, t};
  Block &body = launch.getBody().front();
  b.setInsertionPoint(body.getTerminator());
  Value lhsTile = launch.getWorkgroupAttributions()[0];
  Value rhsTile = launch.getWorkgroupAttributions()[1];
  Value sums = launch.getPrivateAttributions()[0];
  Value thread = launch.getThreadIds().x;
  Value block = launch.getBlockIds().x;
  Value m0 = k.mul(k.div(block, t.tilesN()), t.tileM);
  Value n0 = k.mul(k.rem(block, t.tilesN()), t.tileN);
  Value row = k.div(thread, t.threadsX), col = k.rem(thread, t.threadsX);
  SmallVector<Value> dims(op.getNumLoops());
  for (unsigned d : t.kDims)
    dims[d] = k.cst(0);
  k.delinearize(launch.getBlockIds().y, t.batchDims, dims);

  // The thread's outputs: (r, c) is M index m0 + row + r·threadsY and N
  // index n0 + col + c·threadsX, when inside the op.
  // `fn` gets the output's position in the sums, its parallel loop
  // indices (for the fused members) and all loop indices (reductions 0).
  auto forEachOutput =
      [&](function_ref<void(Value, Value, ValueRange, ArrayRef<Value>)> fn) {
        for (int64_t r = 0; r < t.rowsPerThread; ++r)
          for (int64_t c = 0; c < t.colsPerThread; ++c) {
            Value m = k.add(m0, k.add(row, k.cst(r * t.threadsY)));
            Value n = k.add(n0, k.add(col, k.cst(c * t.threadsX)));
            k.guarded(k.both(k.less(m, t.m), k.less(n, t.n)), [&] {
              SmallVector<Value> point = dims;
              k.delinearize(m, t.mDims, point);
              k.delinearize(n, t.nDims, point);
              SmallVector<Value> ivs;
              for (auto [d, kind] : llvm::enumerate(op.getIteratorTypesArray()))
                if (kind == utils::IteratorType::parallel)
                  ivs.push_back(point[d]);
              fn(k.cst(r), k.cst(c), ivs, point);
            });
          }
      };
  OpOperand *out = op.getDpsInitOperand(0);
  auto outIndices = [&](ArrayRef<Value> point) {
    return applyIndexingMap(b, loc, op.getMatchingIndexingMap(out), point);
  };
  // Prologue: the members before the reducer, then the sums' start.
  forEachOutput([&](Value r, Value c, ValueRange ivs, ArrayRef<Value> point) {
    for (linalg::LinalgOp member : group.take_front(t.reducer))
      emitLinalgPoint(b, member.getLoc(), member, ivs);
    Value start = memref::LoadOp::create(b, loc, out->get(), outIndices(point));
    memref::StoreOp::create(b, loc, start, sums, ValueRange{r, c});
  });

  // One operand's K x tileSize tile: element (kk, i) at [kk][i], zero
  // outside the op. Consecutive threads take consecutive i when
  // `alongTile` (the operand's contiguous index moves with i), else
  // consecutive kk, so that their global loads coalesce.
  auto loadTile = [&](Value kt, unsigned input, Value tile, Value base,
                      int64_t tileSize, int64_t extent,
                      ArrayRef<unsigned> tileDims, bool alongTile) {
    OpOperand *operand = op.getDpsInputOperand(input);
    Type element = cast<MemRefType>(operand->get().getType()).getElementType();
    int64_t count = tileSize * t.tileK / t.numThreads();
    for (int64_t e = 0; e < count; ++e) {
      Value idx = k.add(thread, k.cst(e * t.numThreads()));
      Value i = alongTile ? k.rem(idx, tileSize) : k.div(idx, t.tileK);
      Value kk = alongTile ? k.div(idx, tileSize) : k.rem(idx, t.tileK);
      Value at = k.add(base, i), term = k.add(kt, kk);
      Value inside = k.both(k.less(at, extent), k.less(term, t.k));
      auto load = scf::IfOp::create(
          b, loc, inside,
          [&](OpBuilder &nb, Location nl) {
            // `k` builds with `b`: move it into the then-block.
            OpBuilder::InsertionGuard g(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            // Loops the operand does not read (the other side's) at 0.
            SmallVector<Value> point = dims;
            k.delinearize(at, tileDims, point);
            k.delinearize(term, t.kDims, point);
            for (unsigned d = 0; d < point.size(); ++d)
              if (!point[d])
                point[d] = k.cst(0);
            Value v = memref::LoadOp::create(
                b, nl, operand->get(),
                applyIndexingMap(b, nl, op.getMatchingIndexingMap(operand),
                                 point));
            scf::YieldOp::create(b, nl, v);
          },
          [&](OpBuilder &nb, Location nl) {
            Value zero = arith::ConstantOp::create(nb, nl, element,
                                                   nb.getZeroAttr(element));
            scf::YieldOp::create(nb, nl, zero);
          });
      memref::StoreOp::create(b, loc, load.getResult(0), tile,
                              ValueRange{kk, i});
    }
  };

  Block &opBody = op->getRegion(0).front();
  auto step = scf::ForOp::create(b, loc, k.cst(0), k.cst(t.k), k.cst(t.tileK));
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(step.getBody());
    Value kt = step.getInductionVar();
    loadTile(kt, 0, lhsTile, m0, t.tileM, t.m, t.mDims, t.lhsAlongM);
    loadTile(kt, 1, rhsTile, n0, t.tileN, t.n, t.nDims, t.rhsAlongN);
    gpu::BarrierOp::create(b, loc);
    Value terms = arith::MinSIOp::create(
        b, loc, k.cst(t.tileK), arith::SubIOp::create(b, loc, k.cst(t.k), kt));
    auto inner = scf::ForOp::create(b, loc, k.cst(0), terms, k.cst(1));
    {
      OpBuilder::InsertionGuard g2(b);
      b.setInsertionPointToStart(inner.getBody());
      Value kk = inner.getInductionVar();
      SmallVector<Value> lhsValues, rhsValues;
      for (int64_t r = 0; r < t.rowsPerThread; ++r)
        lhsValues.push_back(memref::LoadOp::create(
            b, loc, lhsTile,
            ValueRange{kk, k.add(row, k.cst(r * t.threadsY))}));
      for (int64_t c = 0; c < t.colsPerThread; ++c)
        rhsValues.push_back(memref::LoadOp::create(
            b, loc, rhsTile,
            ValueRange{kk, k.add(col, k.cst(c * t.threadsX))}));
      for (int64_t r = 0; r < t.rowsPerThread; ++r)
        for (int64_t c = 0; c < t.colsPerThread; ++c) {
          SmallVector<Value> index = {k.cst(r), k.cst(c)};
          IRMapping mapping;
          mapping.map(opBody.getArgument(0), lhsValues[r]);
          mapping.map(opBody.getArgument(1), rhsValues[c]);
          mapping.map(opBody.getArgument(2),
                      memref::LoadOp::create(b, loc, sums, index));
          for (Operation &nested : opBody.without_terminator())
            b.clone(nested, mapping);
          Value result =
              mapping.lookupOrDefault(opBody.getTerminator()->getOperand(0));
          memref::StoreOp::create(b, loc, result, sums, index);
        }
    }
    gpu::BarrierOp::create(b, loc);
  }

  // Epilogue: the sums, then the members after the reducer.
  forEachOutput([&](Value r, Value c, ValueRange ivs, ArrayRef<Value> point) {
    Value sum = memref::LoadOp::create(b, loc, sums, ValueRange{r, c});
    memref::StoreOp::create(b, loc, sum, out->get(), outIndices(point));
    for (linalg::LinalgOp member : group.drop_front(t.reducer + 1))
      emitLinalgPoint(b, member.getLoc(), member, ivs);
  });
}
