//===- Utils.cpp - helpers for the nn to linalg patterns --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The builders the nn-to-linalg patterns share (Utils.h): constants, filled
// destinations, broadcasting elementwise ops, matmuls, reductions and NHWC
// padding.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;

Value nncc::detail::createFloatConstant(OpBuilder &b, Location loc, Type type,
                                        double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

Value nncc::detail::createSigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = createFloatConstant(b, loc, x.getType(), 1.0);
  Value exp = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, exp));
}

Value nncc::detail::createFilled(OpBuilder &b, Location loc,
                                 RankedTensorType type, double value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value scalar = createFloatConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, ValueRange{scalar}, ValueRange{empty})
      .getResult(0);
}

AffineMap nncc::detail::getBroadcastMap(MLIRContext *ctx,
                                        ArrayRef<int64_t> operandShape,
                                        ArrayRef<int64_t> resultShape) {
  int64_t offset = resultShape.size() - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    int64_t dim = offset + i;
    exprs.push_back(size == 1 && resultShape[dim] != 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(dim, ctx));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, ctx);
}

SmallVector<Value> nncc::detail::createGeneric(
    OpBuilder &b, Location loc, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps, ValueRange inits,
    ArrayRef<AffineMap> outputMaps, ArrayRef<utils::IteratorType> iterators,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body) {
  SmallVector<AffineMap> maps(inputMaps);
  llvm::append_range(maps, outputMaps);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange(inits), inputs, inits, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc,
                                body(nested, nestedLoc, args));
      });
  return generic.getResults();
}

Value nncc::detail::createElementwise(OpBuilder &b, Location loc,
                                      RankedTensorType resultType,
                                      ValueRange inputs, ScalarFn body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> inputMaps;
  for (Value input : inputs)
    inputMaps.push_back(
        getBroadcastMap(ctx, cast<RankedTensorType>(input.getType()).getShape(),
                        resultType.getShape()));
  AffineMap identity = b.getMultiDimIdentityMap(resultType.getRank());
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  return createGeneric(b, loc, inputs, inputMaps, init, identity, iterators,
                       [&](OpBuilder &nb, Location nl, ValueRange args) {
                         return SmallVector<Value>{
                             body(nb, nl, args.drop_back())};
                       })
      .front();
}

Value nncc::detail::broadcastLastAxis(OpBuilder &b, Location loc, Value vector,
                                      RankedTensorType type) {
  return createElementwise(
      b, loc, type, vector,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// Inserts a unit dimension at `axis` into `reduced`, giving `type`.
static Value insertUnitDim(OpBuilder &b, Location loc, Value reduced,
                           int64_t axis, RankedTensorType type) {
  int64_t reducedRank = type.getRank() - 1;
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < reducedRank; ++i)
    groups.push_back({i < axis ? i : i + 1});
  if (reducedRank > 0) {
    // The unit dimension joins the group next to it.
    ReassociationIndices &group = groups[axis > 0 ? axis - 1 : 0];
    if (axis > 0)
      group.push_back(axis);
    else
      group.insert(group.begin(), 0);
  }
  return tensor::ExpandShapeOp::create(b, loc, type, reduced, groups);
}

Value nncc::detail::createReduction(OpBuilder &b, Location loc, Value input,
                                    int64_t axis, double init,
                                    ScalarFn combine) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> reducedShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    iterators.push_back(d == axis ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
    if (d == axis)
      continue;
    reducedShape.push_back(type.getDimSize(d));
    outExprs.push_back(getAffineDimExpr(d, ctx));
  }
  AffineMap outMap = AffineMap::get(type.getRank(), 0, outExprs, ctx);
  Value filled = createFilled(
      b, loc, RankedTensorType::get(reducedShape, type.getElementType()), init);
  Value reduced =
      createGeneric(b, loc, input, b.getMultiDimIdentityMap(type.getRank()),
                    filled, outMap, iterators,
                    [&](OpBuilder &nb, Location nl, ValueRange args) {
                      return SmallVector<Value>{combine(nb, nl, args)};
                    })
          .front();
  SmallVector<int64_t> keptShape(type.getShape());
  keptShape[axis] = 1;
  return insertUnitDim(b, loc, reduced, axis,
                       RankedTensorType::get(keptShape, type.getElementType()));
}

Value nncc::detail::createTotal(OpBuilder &b, Location loc, ValueRange inputs,
                                ScalarFn element) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(inputs.front().getType());
  auto resultType = RankedTensorType::get({}, type.getElementType());
  SmallVector<AffineMap> inputMaps(inputs.size(),
                                   b.getMultiDimIdentityMap(type.getRank()));
  AffineMap outMap = AffineMap::get(type.getRank(), 0, {}, ctx);
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::reduction);
  Value filled = createFilled(b, loc, resultType, 0.0);
  return createGeneric(b, loc, inputs, inputMaps, filled, outMap, iterators,
                       [&](OpBuilder &nb, Location nl, ValueRange args) {
                         Value value = element(nb, nl, args.drop_back());
                         return SmallVector<Value>{
                             arith::AddFOp::create(nb, nl, value, args.back())};
                       })
      .front();
}

Value nncc::detail::padSpatial(OpBuilder &b, Location loc, Value input,
                               nn::AxisPadding height, nn::AxisPadding width,
                               double value) {
  if (height.before == 0 && height.after == 0 && width.before == 0 &&
      width.after == 0)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += height.before + height.after;
  shape[2] += width.before + width.after;
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> low = {
      b.getIndexAttr(0), b.getIndexAttr(height.before),
      b.getIndexAttr(width.before), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {
      b.getIndexAttr(0), b.getIndexAttr(height.after),
      b.getIndexAttr(width.after), b.getIndexAttr(0)};
  Value padValue = createFloatConstant(b, loc, type.getElementType(), value);
  return tensor::PadOp::create(b, loc, paddedType, input, low, high, padValue);
}

Value nncc::detail::reshapeTo(OpBuilder &b, Location loc, Value input,
                              RankedTensorType type) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == type)
    return input;
  auto flatType =
      RankedTensorType::get({type.getNumElements()}, type.getElementType());
  auto allDims = [](int64_t rank) {
    ReassociationIndices dims;
    for (int64_t d = 0; d < rank; ++d)
      dims.push_back(d);
    return SmallVector<ReassociationIndices>{dims};
  };
  // Through the rank-1 tensor of all elements: a rank-0 tensor expands to it
  // and collapses from it (no reassociation groups), any other rank
  // collapses to it and expands from it (one group of all dimensions).
  Value flat = input;
  if (inputType.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(b, loc, flatType, input,
                                         SmallVector<ReassociationIndices>{});
  else if (inputType.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, input,
                                           allDims(inputType.getRank()));
  if (type.getRank() == 1)
    return flat;
  if (type.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, flat,
                                           SmallVector<ReassociationIndices>{});
  return tensor::ExpandShapeOp::create(b, loc, type, flat,
                                       allDims(type.getRank()));
}

Value nncc::detail::collapseToMatrix(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() == 2)
    return input;
  ReassociationIndices leading;
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    leading.push_back(d);
  return tensor::CollapseShapeOp::create(
      b, loc, input,
      SmallVector<ReassociationIndices>{leading, {type.getRank() - 1}});
}

Value nncc::detail::createMatmul(OpBuilder &b, Location loc, Value lhs,
                                 Value rhs, bool transposeLhs,
                                 bool transposeRhs, Value init) {
  MLIRContext *ctx = b.getContext();
  // lhs · rhsᵀ would reduce along the contiguous dimension of both operands
  // (dot products), which vectorizes poorly; transposing rhs first (k·n
  // copies against m·n·k multiply-adds) makes it a matmul whose output
  // rows are computed a vector at a time (see nncc-vectorize).
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  if (transposeRhs && rhsType.hasStaticShape()) {
    Value empty = tensor::EmptyOp::create(
        b, loc, {rhsType.getDimSize(1), rhsType.getDimSize(0)},
        rhsType.getElementType());
    rhs =
        linalg::TransposeOp::create(b, loc, rhs, empty, ArrayRef<int64_t>{1, 0})
            .getResult()
            .front();
    transposeRhs = false;
  }
  AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
             k = getAffineDimExpr(2, ctx);
  auto map = [&](AffineExpr x, AffineExpr y) {
    return AffineMap::get(3, 0, {x, y}, ctx);
  };
  return createGeneric(
             b, loc, {lhs, rhs},
             {transposeLhs ? map(k, m) : map(m, k),
              transposeRhs ? map(n, k) : map(k, n)},
             init, map(m, n),
             {utils::IteratorType::parallel, utils::IteratorType::parallel,
              utils::IteratorType::reduction},
             [](OpBuilder &nb, Location l, ValueRange x) {
               Value product = arith::MulFOp::create(nb, l, x[0], x[1]);
               return SmallVector<Value>{
                   arith::AddFOp::create(nb, l, x[2], product)};
             })
      .front();
}
