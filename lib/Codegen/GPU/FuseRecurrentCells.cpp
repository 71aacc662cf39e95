//===- FuseRecurrentCells.cpp - one GPU kernel per recurrent step ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Rewrites an RNN step on buffers (see the pass description) so that
// nncc-map-to-gpu fuses it into one kernel: the recurrent matmul becomes one
// product per gate over the cell's [batch, units] domain, the copy of the
// step's input projection is split the same way, and a hidden state the
// cell overwrites in place is double-buffered.
//
//===----------------------------------------------------------------------===//

#include "nncc/Codegen/GPU/Passes.h"

#include "nncc/Support/Attributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir::nncc {
#define GEN_PASS_DEF_NNCCFUSERECURRENTCELLSPASS
#include "nncc/Codegen/GPU/Passes.h.inc"
} // namespace mlir::nncc

using namespace mlir;

namespace {

/// A recurrent step found in a time loop's body.
struct Step {
  linalg::MatmulOp product; // z += h · recurrent, z: [b, G·u]
  linalg::GenericOp cell;   // [b, u], reads the G gate slices of z
  /// The cell's input operands that are gate slices, by gate.
  SmallVector<unsigned> gateOperands;
  /// The op that writes all of z before the product (a copy or fill), if
  /// any.
  Operation *init = nullptr;
  int64_t batch, units, gates;
};

/// The column offset of `value` when it is a [batch, units] unit-stride
/// slice of the [batch, G·u] buffer `z` at row 0.
std::optional<int64_t> gateColumn(Value value, Value z, int64_t batch,
                                  int64_t units) {
  auto slice = value.getDefiningOp<memref::SubViewOp>();
  if (!slice || slice.getSource() != z ||
      slice.getType().getShape() != ArrayRef<int64_t>{batch, units} ||
      !slice.hasUnitStride() ||
      getConstantIntValue(slice.getMixedOffsets()[0]) != 0)
    return std::nullopt;
  return getConstantIntValue(slice.getMixedOffsets()[1]);
}

/// The step around `product`, when the cell after it in the same block
/// reads exactly the G gate slices of its output and nothing else in
/// between touches that output.
std::optional<Step> matchStep(linalg::MatmulOp product) {
  if (!product.hasPureBufferSemantics() || product.getNumDpsInits() != 1)
    return std::nullopt;
  Value z = product.getDpsInits()[0];
  auto zType = cast<MemRefType>(z.getType());
  if (!zType.hasStaticShape() || zType.getRank() != 2 ||
      (!isa<BlockArgument>(z) && !z.getDefiningOp<memref::AllocOp>()))
    return std::nullopt;
  // The indexing maps of linalg.matmul are the default (no transposes);
  // one float type throughout (the per-gate body is mulf and addf), static
  // shapes.
  if (product.getIndexingMapsArray() !=
      linalg::MatmulOp::getDefaultIndexingMaps(product.getContext()))
    return std::nullopt;
  for (Value operand : product->getOperands()) {
    auto type = cast<MemRefType>(operand.getType());
    if (!type.hasStaticShape() ||
        type.getElementType() != zType.getElementType() ||
        !isa<FloatType>(type.getElementType()))
      return std::nullopt;
  }
  Step step{product, nullptr, {}, nullptr, zType.getDimSize(0), 0, 0};
  for (Operation *op = product->getNextNode(); op && !step.cell;
       op = op->getNextNode())
    if (auto generic = dyn_cast<linalg::GenericOp>(op);
        generic && llvm::is_contained(generic->getOperands(), z))
      return std::nullopt;
    else if (generic && generic.getNumLoops() == 2 &&
             generic.getNumParallelLoops() == 2 &&
             generic.hasPureBufferSemantics())
      for (Value input : generic.getDpsInputs())
        if (auto slice = input.getDefiningOp<memref::SubViewOp>();
            slice && slice.getSource() == z)
          step.cell = generic;
  if (!step.cell)
    return std::nullopt;
  SmallVector<int64_t> domain = step.cell.getStaticLoopRanges();
  if (domain[0] != step.batch || domain[1] <= 0 ||
      zType.getDimSize(1) % domain[1] != 0)
    return std::nullopt;
  step.units = domain[1];
  step.gates = zType.getDimSize(1) / step.units;
  step.gateOperands.assign(step.gates, ~0u);
  AffineMap identity =
      AffineMap::getMultiDimIdentityMap(2, product.getContext());
  for (OpOperand *input : step.cell.getDpsInputOperands()) {
    auto slice = input->get().getDefiningOp<memref::SubViewOp>();
    if (!slice || slice.getSource() != z)
      continue;
    std::optional<int64_t> column =
        gateColumn(input->get(), z, step.batch, step.units);
    if (!column || *column % step.units != 0 ||
        step.cell.getMatchingIndexingMap(input) != identity ||
        step.gateOperands[*column / step.units] != ~0u)
      return std::nullopt;
    step.gateOperands[*column / step.units] = input->getOperandNumber();
  }
  if (llvm::is_contained(step.gateOperands, ~0u))
    return std::nullopt;
  // z is written before the product (the step's input projection) and
  // read through the gate slices only.
  for (Operation *user : z.getUsers()) {
    if (user == product || user->getBlock() != product->getBlock())
      continue;
    if (auto slice = dyn_cast<memref::SubViewOp>(user)) {
      if (llvm::any_of(slice->getUsers(),
                       [&](Operation *use) { return use != step.cell; }))
        return std::nullopt;
      continue;
    }
    // A copy or fill of all of z, before the product.
    bool initializes =
        isa<memref::CopyOp>(user)
            ? cast<memref::CopyOp>(user).getTarget() == z
            : isa<linalg::CopyOp, linalg::FillOp>(user) &&
                  cast<linalg::LinalgOp>(user).getDpsInits()[0] == z;
    auto source = dyn_cast<MemRefType>(user->getOperand(0).getType());
    if (!initializes || step.init || !user->isBeforeInBlock(product) ||
        (source && !source.hasStaticShape()))
      return std::nullopt;
    step.init = user;
  }
  return step;
}

/// Gate `gate`'s [batch, units] column block of the 2-d `value`.
Value gateSlice(OpBuilder &b, Location loc, Value value, const Step &step,
                int64_t gate) {
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0),
                                       b.getIndexAttr(gate * step.units)};
  auto type = cast<MemRefType>(value.getType());
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(type.getDimSize(0)),
                                     b.getIndexAttr(step.units)};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return memref::SubViewOp::create(b, loc, value, offsets, sizes, strides);
}

/// The product as one generic over [b, u] (k innermost, in order, so each
/// sum is the matmul's): per gate g, z_g[b, j] += h[b, k] · R[k, g·u + j].
/// The cell then reads the same gate slices, and the copy (of the input
/// projection) or fill that initializes z is split per gate.
void splitByGate(OpBuilder &b, Step &step) {
  linalg::MatmulOp product = step.product;
  Location loc = product.getLoc();
  Value z = product.getDpsInits()[0];
  Value state = product.getDpsInputs()[0];
  Value recurrent = product.getDpsInputs()[1];
  b.setInsertionPoint(step.init ? step.init : product.getOperation());
  SmallVector<Value> zGates, rGates;
  for (int64_t g = 0; g < step.gates; ++g)
    zGates.push_back(gateSlice(b, loc, z, step, g));
  if (step.init) {
    for (int64_t g = 0; g < step.gates; ++g) {
      if (auto fill = dyn_cast<linalg::FillOp>(step.init)) {
        linalg::FillOp::create(b, loc, fill.getInputs()[0], zGates[g]);
        continue;
      }
      Value source = isa<memref::CopyOp>(step.init)
                         ? cast<memref::CopyOp>(step.init).getSource()
                         : cast<linalg::CopyOp>(step.init).getInputs()[0];
      linalg::CopyOp::create(b, loc, gateSlice(b, loc, source, step, g),
                             zGates[g]);
    }
    step.init->erase();
  }
  b.setInsertionPoint(product);
  for (int64_t g = 0; g < step.gates; ++g)
    rGates.push_back(gateSlice(b, loc, recurrent, step, g));

  MLIRContext *ctx = b.getContext();
  AffineExpr i, j, k;
  bindDims(ctx, i, j, k);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {i, k}, ctx)};
  maps.append(step.gates, AffineMap::get(3, 0, {k, j}, ctx));
  maps.append(step.gates, AffineMap::get(3, 0, {i, j}, ctx));
  SmallVector<Value> inputs = {state};
  llvm::append_range(inputs, rGates);
  linalg::GenericOp::create(
      b, loc, TypeRange(), inputs, zGates, maps,
      {utils::IteratorType::parallel, utils::IteratorType::parallel,
       utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        int64_t gates = step.gates;
        SmallVector<Value> sums;
        for (int64_t g = 0; g < gates; ++g)
          sums.push_back(arith::AddFOp::create(
              nb, nl, args[1 + gates + g],
              arith::MulFOp::create(nb, nl, args[0], args[1 + g])));
        linalg::YieldOp::create(nb, nl, sums);
      });
  for (int64_t g = 0; g < step.gates; ++g)
    step.cell->setOperand(step.gateOperands[g], zGates[g]);
  product.erase();
  step.product = nullptr;
}

/// When the cell overwrites the state the product reads, in place (h of a
/// step that keeps no history), the two would race in one kernel: the state
/// alternates between its buffer and a second one, read from one and
/// written to the other, and ends in its own buffer.
LogicalResult doubleBuffer(OpBuilder &b, scf::ForOp loop, Value state,
                           linalg::GenericOp cell) {
  if (!llvm::is_contained(cell.getDpsInits(), state))
    return success();
  auto alloc = state.getDefiningOp<memref::AllocOp>();
  // Constant bounds only (no value-bounds reasoning on the bounds).
  std::optional<APInt> trips;
  if (getConstantIntValue(loop.getLowerBound()) &&
      getConstantIntValue(loop.getUpperBound()) &&
      getConstantIntValue(loop.getStep()))
    trips = loop.getStaticTripCount();
  if (!alloc || loop->isAncestor(alloc) ||
      !alloc.getType().getLayout().isIdentity() ||
      !alloc.getType().hasStaticShape() ||
      !loop.getInductionVar().getType().isIndex() || !trips)
    return failure();
  // Every use must be of the buffer itself: a view of it (made anywhere)
  // would keep reading one of the two buffers.
  if (llvm::any_of(state.getUsers(), [](Operation *user) {
        return llvm::any_of(user->getResultTypes(), llvm::IsaPred<MemRefType>);
      }))
    return failure();
  Location loc = loop.getLoc();
  b.setInsertionPointAfter(alloc);
  auto other = memref::AllocOp::create(b, loc, alloc.getType(),
                                       alloc.getAlignmentAttr());

  // Step n = (iv - lb) / step: even steps read `state`, odd ones `other`.
  b.setInsertionPointToStart(loop.getBody());
  Value n = arith::DivUIOp::create(b, loc,
                                   arith::SubIOp::create(b, loc,
                                                         loop.getInductionVar(),
                                                         loop.getLowerBound()),
                                   loop.getStep());
  Value two = arith::ConstantIndexOp::create(b, loc, 2);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value even =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                            arith::RemUIOp::create(b, loc, n, two), zero);
  Value current = arith::SelectOp::create(b, loc, even, state, other);
  Value next = arith::SelectOp::create(b, loc, even, other, state);
  state.replaceUsesWithIf(next, [&](OpOperand &use) {
    Operation *user = loop.getBody()->findAncestorOpInBlock(*use.getOwner());
    if (!user || user == current.getDefiningOp() ||
        user == next.getDefiningOp())
      return false;
    if (user == cell)
      return cell.isDpsInit(&use);
    return cell->isBeforeInBlock(user);
  });
  state.replaceUsesWithIf(current, [&](OpOperand &use) {
    Operation *user = loop.getBody()->findAncestorOpInBlock(*use.getOwner());
    return user && user != current.getDefiningOp() &&
           user != next.getDefiningOp();
  });
  // A cell that reads the old state at its point (GRU's z·h_{t-1}) reads
  // it from `current` now: an extra input in place of the output's value.
  unsigned init =
      llvm::find(cell.getDpsInits(), next) - cell.getDpsInits().begin();
  BlockArgument old = cell.getRegionOutputArgs()[init];
  if (!old.use_empty()) {
    b.setInsertionPoint(cell);
    SmallVector<Value> inputs = cell.getDpsInputs();
    inputs.push_back(current);
    SmallVector<AffineMap> maps = cell.getIndexingMapsArray();
    maps.insert(maps.begin() + cell.getNumDpsInputs(),
                cell.getMatchingIndexingMap(cell.getDpsInitOperand(init)));
    auto rebuilt = linalg::GenericOp::create(b, cell.getLoc(), TypeRange(),
                                             inputs, cell.getDpsInits(), maps,
                                             cell.getIteratorTypesArray());
    rebuilt.getRegion().takeBody(cell.getRegion());
    BlockArgument read = rebuilt.getRegion().front().insertArgument(
        cell.getNumDpsInputs(), old.getType(), old.getLoc());
    old.replaceAllUsesWith(read);
    cell.erase();
  }
  // An odd number of steps ends in `other`.
  if (trips->getZExtValue() % 2 == 1) {
    b.setInsertionPointAfter(loop);
    linalg::CopyOp::create(b, loc, other.getResult(), state);
  }
  return success();
}

struct NNCCFuseRecurrentCellsPass
    : nncc::impl::NNCCFuseRecurrentCellsPassBase<NNCCFuseRecurrentCellsPass> {
  using Base::Base;

  void runOnOperation() override {
    for (func::FuncOp func : nncc::getEntryPoints(getOperation())) {
      SmallVector<std::pair<scf::ForOp, Step>> steps;
      func.walk([&](linalg::MatmulOp product) {
        auto loop = dyn_cast<scf::ForOp>(product->getParentOp());
        if (!loop)
          return;
        std::optional<Step> step = matchStep(product);
        // One product per cell (the rewrite may rebuild the cell).
        if (step && llvm::none_of(steps, [&](const auto &other) {
              return other.second.cell == step->cell;
            }))
          steps.push_back({loop, *step});
      });
      OpBuilder b(&getContext());
      for (auto &[loop, step] : steps) {
        Value state = step.product.getDpsInputs()[0];
        linalg::GenericOp cell = step.cell;
        splitByGate(b, step);
        // Otherwise the step stays correct, in two kernels.
        (void)doubleBuffer(b, loop, state, cell);
      }
    }
  }
};

} // namespace
