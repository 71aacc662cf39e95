//===- SplitReductions.cpp - long sums in two deterministic stages --------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A sum over many elements into few outputs (a bias gradient, the first
// convolution's weight gradient) gives the GPU too few threads, each with a
// long sequential loop, and the CPU's thread pool too few vector tiles.
// This pass makes the sum's outermost reduction
// dimension parallel (see the pass description): partial sums into a new
// buffer, then a short sum of the partials. The order of additions is fixed
// at compile time, so results stay deterministic without atomics.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/Common/Passes.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCSPLITREDUCTIONSPASS
#include "nncc/Codegen/Common/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// At most this many partial sums per output: the partial buffer stays
/// small (a dense layer's 1600 inputs are not split, unless chunked).
constexpr int64_t kMaxChunks = 256;
/// Chunks of a long dimension are at least this long.
constexpr int64_t kMinChunkLength = 32;

/// Whether `op`'s body only adds a value to its one output: out' = out + x
/// (the output's one use is the addition, so x cannot depend on it).
bool isSum(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1)
    return false;
  Block &body = op.getRegion().front();
  BlockArgument out = body.getArguments().back();
  if (!out.hasOneUse())
    return false;
  auto add = dyn_cast<arith::AddFOp>(*out.getUsers().begin());
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  return add && yield.getNumOperands() == 1 &&
         yield.getOperand(0) == add.getResult();
}

struct NNCCSplitReductionsPass
    : nncc::impl::NNCCSplitReductionsPassBase<NNCCSplitReductionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      auto func = op->getParentOfType<func::FuncOp>();
      if (func && nncc::isEntryPoint(func))
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates)
      split(op);
  }

  /// The reduction dimension to make parallel, if `op` is worth splitting;
  /// with `chunkLongDims`, a long one it can chunk (see chunkDim) when no
  /// dimension is short enough.
  std::optional<unsigned> splitDim(linalg::LinalgOp op, bool &chunk) {
    chunk = false;
    if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
        op.getNumReductionLoops() == 0)
      return std::nullopt;
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return std::nullopt;
    int64_t points = 1, reduction = 1;
    std::optional<unsigned> first;
    for (auto [d, kind] : llvm::enumerate(op.getIteratorTypesArray())) {
      if (kind == utils::IteratorType::parallel) {
        points *= ranges[d];
        continue;
      }
      reduction *= ranges[d];
      if (!first && ranges[d] > 1 && ranges[d] <= kMaxChunks)
        first = d;
    }
    if (points >= minThreads || reduction < minReduction)
      return std::nullopt;
    if (first)
      return first;
    for (auto [d, kind] : llvm::enumerate(op.getIteratorTypesArray()))
      if (chunkLongDims && kind == utils::IteratorType::reduction &&
          chunkCount(ranges[d]) && isPlainDim(op, d)) {
        chunk = true;
        return d;
      }
    return std::nullopt;
  }

  /// The number of chunks of a dimension of `size`: the largest divisor up
  /// to kMaxChunks that leaves kMinChunkLength or more a chunk.
  static std::optional<int64_t> chunkCount(int64_t size) {
    for (int64_t c = std::min(kMaxChunks, size / kMinChunkLength); c > 1; --c)
      if (size % c == 0)
        return c;
    return std::nullopt;
  }

  /// Whether every operand of `op` indexes loop `d` by itself (a plain
  /// dimension of its map) or not at all, and the body does not ask for
  /// loop indices.
  static bool isPlainDim(linalg::LinalgOp op, unsigned d) {
    if (!op->getRegion(0).getOps<linalg::IndexOp>().empty())
      return false;
    for (OpOperand &operand : op->getOpOperands()) {
      if (!isa<MemRefType>(operand.get().getType()))
        return false;
      for (AffineExpr e : op.getMatchingIndexingMap(&operand).getResults())
        if (e.isFunctionOfDim(d) && !isa<AffineDimExpr>(e))
          return false;
    }
    return true;
  }

  /// `op` (a generic) with loop `d` split into loops (c, r), d = c·(S/C) + r:
  /// the operands that index it viewed with that dimension expanded. Fails,
  /// leaving `op` as it is, when a layout cannot be expanded.
  FailureOr<linalg::GenericOp> chunkDim(IRRewriter &rewriter,
                                        linalg::GenericOp op, unsigned d) {
    int64_t size = op.getStaticLoopRanges()[d];
    int64_t chunks = *chunkCount(size);
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    SmallVector<Value> operands;
    SmallVector<
        std::optional<std::pair<MemRefType, SmallVector<ReassociationIndices>>>>
        expansions;
    SmallVector<AffineMap> maps;
    for (OpOperand &operand : op->getOpOperands()) {
      AffineMap map = op.getMatchingIndexingMap(&operand);
      Value value = operand.get();
      auto type = cast<MemRefType>(value.getType());
      SmallVector<AffineExpr> results;
      SmallVector<int64_t> shape;
      SmallVector<ReassociationIndices> groups;
      for (auto [i, e] : llvm::enumerate(map.getResults())) {
        groups.push_back({static_cast<int64_t>(shape.size())});
        // Loops after d move one up; d itself becomes (c, r).
        if (e.isFunctionOfDim(d)) {
          groups.back().push_back(shape.size() + 1);
          shape.append({chunks, size / chunks});
          results.append(
              {getAffineDimExpr(d, ctx), getAffineDimExpr(d + 1, ctx)});
          continue;
        }
        shape.push_back(type.getDimSize(i));
        results.push_back(e.shiftDims(op.getNumLoops(), 1, d + 1));
      }
      expansions.emplace_back();
      if (shape.size() != static_cast<size_t>(type.getRank())) {
        FailureOr<MemRefType> expanded =
            memref::ExpandShapeOp::computeExpandedType(type, shape, groups);
        if (failed(expanded))
          return failure();
        expansions.back() = std::make_pair(*expanded, groups);
      }
      operands.push_back(value);
      maps.push_back(AffineMap::get(op.getNumLoops() + 1, 0, results, ctx));
    }
    for (auto [value, expansion] : llvm::zip(operands, expansions))
      if (expansion)
        value = memref::ExpandShapeOp::create(rewriter, loc, expansion->first,
                                              value, expansion->second);
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    iterators.insert(iterators.begin() + d + 1, utils::IteratorType::reduction);
    unsigned inputs = op.getNumDpsInputs();
    auto chunked = linalg::GenericOp::create(
        rewriter, loc, TypeRange(), ArrayRef(operands).take_front(inputs),
        ArrayRef(operands).drop_front(inputs), maps, iterators);
    rewriter.inlineRegionBefore(op.getRegion(), chunked.getRegion(),
                                chunked.getRegion().end());
    rewriter.eraseOp(op);
    return chunked;
  }

  void split(linalg::LinalgOp named) {
    bool chunk;
    std::optional<unsigned> dim = splitDim(named, chunk);
    if (!dim)
      return;
    IRRewriter rewriter(named.getContext());
    rewriter.setInsertionPoint(named);
    auto op = dyn_cast<linalg::GenericOp>(named.getOperation());
    if (!op) {
      // As a generic op (equivalent), to see the body.
      FailureOr<linalg::GenericOp> generalized =
          linalg::generalizeNamedOp(rewriter, named);
      if (failed(generalized))
        return;
      op = *generalized;
    }
    if (!isSum(op))
      return;
    if (chunk) {
      FailureOr<linalg::GenericOp> chunked = chunkDim(rewriter, op, *dim);
      if (failed(chunked))
        return;
      op = *chunked;
    }
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    OpOperand *init = op.getDpsInitOperand(0);
    Value out = init->get();
    auto outType = cast<MemRefType>(out.getType());
    AffineMap outMap = op.getMatchingIndexingMap(init);
    int64_t chunks = op.getStaticLoopRanges()[*dim];

    // partial[c, ...] = sum over the other reduction dimensions, c = *dim.
    SmallVector<int64_t> partialShape = {chunks};
    llvm::append_range(partialShape, outType.getShape());
    auto partialType = MemRefType::get(partialShape, outType.getElementType());
    Value partial = memref::AllocOp::create(rewriter, loc, partialType);
    Value zero = arith::ConstantOp::create(
        rewriter, loc, rewriter.getZeroAttr(outType.getElementType()));
    linalg::FillOp::create(rewriter, loc, zero, partial);
    SmallVector<AffineExpr> partialResults = {getAffineDimExpr(*dim, ctx)};
    llvm::append_range(partialResults, outMap.getResults());
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    maps.back() = AffineMap::get(op.getNumLoops(), 0, partialResults, ctx);
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    iterators[*dim] = utils::IteratorType::parallel;
    auto partialSum =
        linalg::GenericOp::create(rewriter, loc, TypeRange(), op.getDpsInputs(),
                                  ValueRange{partial}, maps, iterators);
    rewriter.inlineRegionBefore(op.getRegion(), partialSum.getRegion(),
                                partialSum.getRegion().end());

    // out[...] += sum over c of partial[c, ...], in order.
    unsigned rank = outType.getRank();
    SmallVector<AffineExpr> read = {getAffineDimExpr(rank, ctx)};
    for (unsigned d = 0; d < rank; ++d)
      read.push_back(getAffineDimExpr(d, ctx));
    SmallVector<utils::IteratorType> finalIterators(
        rank, utils::IteratorType::parallel);
    finalIterators.push_back(utils::IteratorType::reduction);
    linalg::GenericOp::create(
        rewriter, loc, TypeRange(), ValueRange{partial}, ValueRange{out},
        {AffineMap::get(rank + 1, 0, read, ctx),
         AffineMap::get(rank + 1, 0, ArrayRef(read).drop_front(), ctx)},
        finalIterators, [&](OpBuilder &b, Location nested, ValueRange args) {
          Value sum = arith::AddFOp::create(b, nested, args[1], args[0]);
          linalg::YieldOp::create(b, nested, sum);
        });
    rewriter.eraseOp(op);
  }
};

} // namespace
