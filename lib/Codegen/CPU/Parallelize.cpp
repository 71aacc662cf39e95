//===- Parallelize.cpp - parallel loops onto the runtime's thread pool ----===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Outlines each outermost `scf.parallel` of an entry point that is worth a
// dispatch into a function over a range of its (linearized) iterations, and
// calls the runtime's `nncc_parallel_for` with it (see the pass
// description). The values the loop uses from above travel in a struct on
// the caller's stack, in their LLVM types: a memref as its descriptor.
//
// Trip counts come from MLIR's constantTripCount, for constant bounds. The
// body splits its linear iteration into loop indices with unsigned div/rem
// by constants, not affine::delinearizeIndex, whose
// affine.delinearize_index lowers to signed floor divisions (more
// instructions per level) for an index known to be non-negative.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/CPU/Passes.h"

#include "nncc/Codegen/Common/LoopUtils.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCPARALLELIZEPASS
#include "nncc/Codegen/CPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// The trip count of a loop dimension whose bounds and step are all
/// constants (MLIR's constantTripCount, told to derive nothing from
/// non-constant bounds: those loops count as unknown).
std::optional<int64_t> tripCount(OpFoldResult lower, OpFoldResult upper,
                                 OpFoldResult step) {
  if (!getConstantIntValue(lower) || !getConstantIntValue(upper) ||
      !getConstantIntValue(step))
    return std::nullopt;
  std::optional<APInt> count =
      constantTripCount(lower, upper, step, /*isSigned=*/true,
                        [](Value, Value, bool) -> std::optional<llvm::APSInt> {
                          return std::nullopt;
                        });
  if (!count)
    return std::nullopt;
  return count->getZExtValue();
}

std::optional<int64_t> tripCount(scf::ParallelOp loop, unsigned d) {
  return tripCount(loop.getLowerBound()[d], loop.getUpperBound()[d],
                   loop.getStep()[d]);
}

/// Iterations of `op` if it is a loop with constant bounds, else 1.
int64_t iterationsOf(Operation *op) {
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return tripCount(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())
        .value_or(1);
  if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
    int64_t total = 1;
    for (unsigned d = 0; d < loop.getNumLoops(); ++d)
      total *= tripCount(loop, d).value_or(1);
    return total;
  }
  return 1;
}

/// Operations `loop` executes in all (each nested operation weighted by the
/// iterations of the loops around it): the cost model for a dispatch.
int64_t estimateWork(scf::ParallelOp loop) {
  int64_t total = 0;
  loop.getBody()->walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::IsTerminator>() ||
        op->hasTrait<OpTrait::ConstantLike>() || op->getNumRegions() != 0)
      return;
    int64_t weight = 1;
    for (Operation *parent = op->getParentOp(); parent != loop;
         parent = parent->getParentOp())
      weight = std::min<int64_t>(weight * iterationsOf(parent), 1ll << 40);
    total = std::min<int64_t>(total + weight, 1ll << 40);
  });
  return total * iterationsOf(loop);
}

struct NNCCParallelizePass
    : nncc::impl::NNCCParallelizePassBase<NNCCParallelizePass> {
  using Base::Base;

  void runOnOperation() override {
    for (func::FuncOp func : nncc::getEntryPoints(getOperation()))
      if (failed(parallelize(func)))
        return signalPassFailure();
  }

  LogicalResult parallelize(func::FuncOp func) {
    MLIRContext *ctx = &getContext();
    // The thread pool becomes the last argument.
    FailureOr<BlockArgument> pool =
        nncc::appendEntryPointArgument(func, LLVM::LLVMPointerType::get(ctx),
                                       nncc::EntryPointArgument::ThreadPool);
    if (failed(pool))
      return failure();

    // Loops marked parallel by their producer become scf.parallel.
    SmallVector<scf::ForOp> marked;
    func.walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (nncc::isParallelLoop(loop))
        marked.push_back(loop);
    });
    IRRewriter rewriter(ctx);
    DenseSet<Operation *> converted;
    for (scf::ForOp loop : marked) {
      if (converted.contains(loop))
        continue;
      SmallVector<scf::ForOp> band = nncc::getPerfectBand(
          loop, [](scf::ForOp inner) { return nncc::isParallelLoop(inner); });
      for (scf::ForOp inner : band)
        converted.insert(inner);
      if (!band.empty())
        nncc::convertToParallel(rewriter, band);
    }

    SmallVector<scf::ParallelOp> outermost;
    func.walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>())
        outermost.push_back(loop);
    });
    unsigned counter = 0;
    for (scf::ParallelOp loop : outermost) {
      scf::ForOp steps = stepsAround(loop);
      if (estimateWork(loop) * (steps ? iterationsOf(steps) : 1) >= minWork)
        outline(loop, steps, func, *pool, counter);
    }
    return success();
  }

  /// The loop marked with per-iteration steps right around `loop`, if
  /// its body holds nothing else (constants aside).
  static scf::ForOp stepsAround(scf::ParallelOp loop) {
    auto steps = dyn_cast<scf::ForOp>(loop->getParentOp());
    if (!steps || !nncc::hasPerIterationSteps(steps) ||
        steps.getNumResults() != 0)
      return nullptr;
    for (Operation &op : steps.getBody()->without_terminator())
      if (&op != loop.getOperation() && !op.hasTrait<OpTrait::ConstantLike>())
        return nullptr;
    return steps;
  }

  /// The runtime's `nncc_parallel_for(pool, body, ctx, iterations)`.
  func::FuncOp getParallelFor(ModuleOp module, FunctionType bodyType) {
    if (auto fn = module.lookupSymbol<func::FuncOp>(
            nncc::getParallelForFunctionName()))
      return fn;
    MLIRContext *ctx = module.getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto type = FunctionType::get(
        ctx, {ptr, bodyType, ptr, IntegerType::get(ctx, 64)}, {});
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto fn = func::FuncOp::create(b, module.getLoc(),
                                   nncc::getParallelForFunctionName(), type);
    fn.setPrivate();
    return fn;
  }

  /// Replaces `loop` by a call of nncc_parallel_for with an outlined body;
  /// leaves it alone (it runs on the calling thread) when its bounds are not
  /// constant, it has a single iteration, or a value it uses has no LLVM
  /// type to travel in. With `stepLoop` (stepsAround), the call replaces
  /// that loop, which then runs around each thread's share of iterations.
  void outline(scf::ParallelOp loop, scf::ForOp stepLoop, func::FuncOp parent,
               Value pool, unsigned &counter) {
    if (loop.getNumResults() != 0)
      return;
    unsigned rank = loop.getNumLoops();
    SmallVector<int64_t> counts, lowers, steps;
    int64_t iterations = 1;
    for (unsigned d = 0; d < rank; ++d) {
      std::optional<int64_t> count = tripCount(loop, d);
      if (!count)
        return;
      counts.push_back(*count);
      lowers.push_back(*getConstantIntValue(loop.getLowerBound()[d]));
      steps.push_back(*getConstantIntValue(loop.getStep()[d]));
      iterations *= *count;
    }
    if (iterations < 2)
      return;

    // Constants are rematerialized in the body; the other values from above
    // travel in the context struct.
    MLIRContext *ctx = &getContext();
    LLVMTypeConverter converter(ctx);
    llvm::SetVector<Value> above;
    Operation *replaced = loop;
    if (stepLoop) {
      replaced = stepLoop;
      getUsedValuesDefinedAbove(stepLoop.getRegion(), above);
      for (Value bound : {stepLoop.getLowerBound(), stepLoop.getUpperBound(),
                          stepLoop.getStep()})
        above.insert(bound);
    } else {
      getUsedValuesDefinedAbove(loop.getRegion(), above);
    }
    SmallVector<Value> captures, constants;
    SmallVector<Type> fieldTypes;
    for (Value value : above) {
      Operation *def = value.getDefiningOp();
      if (def && def->hasTrait<OpTrait::ConstantLike>() &&
          def->getNumOperands() == 0) {
        constants.push_back(value);
        continue;
      }
      Type field = converter.convertType(value.getType());
      if (!field || !LLVM::isCompatibleType(field))
        return;
      captures.push_back(value);
      fieldTypes.push_back(field);
    }
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    auto structType = LLVM::LLVMStructType::getLiteral(ctx, fieldTypes);
    auto bodyType = FunctionType::get(ctx, {ptr, i64, i64}, {});
    Location loc = loop.getLoc();
    auto module = parent->getParentOfType<ModuleOp>();
    func::FuncOp parallelFor = getParallelFor(module, bodyType);

    // The body: void name(ctx, begin, end).
    OpBuilder b(parent);
    b.setInsertionPointAfter(parent);
    std::string name =
        (parent.getSymName() + "_parallel_" + Twine(counter++)).str();
    auto body = func::FuncOp::create(b, loc, name, bodyType);
    body.setPrivate();
    Block *entry = body.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping mapping;
    for (Value value : constants)
      mapping.map(value, b.clone(*value.getDefiningOp())->getResult(0));
    for (auto [i, value] : llvm::enumerate(captures)) {
      Value field = LLVM::GEPOp::create(
          b, loc, ptr, structType, entry->getArgument(0),
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
      Value loaded = LLVM::LoadOp::create(b, loc, fieldTypes[i], field);
      if (fieldTypes[i] != value.getType())
        loaded =
            UnrealizedConversionCastOp::create(b, loc, value.getType(), loaded)
                .getResult(0);
      mapping.map(value, loaded);
    }
    Type index = b.getIndexType();
    Value begin =
        arith::IndexCastOp::create(b, loc, index, entry->getArgument(1));
    Value end =
        arith::IndexCastOp::create(b, loc, index, entry->getArgument(2));
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    if (stepLoop) {
      auto inner = scf::ForOp::create(
          b, loc, mapping.lookupOrDefault(stepLoop.getLowerBound()),
          mapping.lookupOrDefault(stepLoop.getUpperBound()),
          mapping.lookupOrDefault(stepLoop.getStep()));
      mapping.map(stepLoop.getInductionVar(), inner.getInductionVar());
      func::ReturnOp::create(b, loc);
      b.setInsertionPointToStart(inner.getBody());
      for (Operation &op : stepLoop.getBody()->without_terminator())
        if (&op != loop.getOperation())
          b.clone(op, mapping);
    }
    auto linear = scf::ForOp::create(b, loc, begin, end, one);
    if (!stepLoop)
      func::ReturnOp::create(b, loc);
    // Iteration `i` is (i_0, ..., i_{rank-1}) in row-major order of the
    // loop's dimensions; each maps to lower + i_d * step.
    b.setInsertionPointToStart(linear.getBody());
    Value rest = linear.getInductionVar();
    SmallVector<Value> ivs(rank);
    for (int d = rank - 1; d >= 0; --d) {
      Value count = arith::ConstantIndexOp::create(b, loc, counts[d]);
      Value i = d == 0 ? rest : arith::RemUIOp::create(b, loc, rest, count);
      if (d != 0)
        rest = arith::DivUIOp::create(b, loc, rest, count);
      Value scaled = arith::MulIOp::create(
          b, loc, i, arith::ConstantIndexOp::create(b, loc, steps[d]));
      ivs[d] = arith::AddIOp::create(
          b, loc, scaled, arith::ConstantIndexOp::create(b, loc, lowers[d]));
    }
    mapping.map(loop.getInductionVars(), ivs);
    for (Operation &op : loop.getBody()->without_terminator())
      b.clone(op, mapping);

    // The call: the context struct lives in the caller's frame.
    b.setInsertionPointToStart(&parent.getBody().front());
    Value oneI64 = LLVM::ConstantOp::create(b, loc, i64, 1);
    Value context =
        LLVM::AllocaOp::create(b, loc, ptr, structType, oneI64, /*align=*/64);
    b.setInsertionPoint(replaced);
    for (auto [i, value] : llvm::enumerate(captures)) {
      Value stored = value;
      if (fieldTypes[i] != value.getType())
        stored =
            UnrealizedConversionCastOp::create(b, loc, fieldTypes[i], value)
                .getResult(0);
      Value field = LLVM::GEPOp::create(
          b, loc, ptr, structType, context,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
      LLVM::StoreOp::create(b, loc, stored, field);
    }
    Value function = func::ConstantOp::create(b, loc, bodyType, name);
    Value count = arith::ConstantIntOp::create(b, loc, iterations, 64);
    func::CallOp::create(b, loc, parallelFor,
                         ValueRange{pool, function, context, count});
    replaced->erase();
  }
};

} // namespace
