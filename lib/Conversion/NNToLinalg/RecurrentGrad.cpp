//===- RecurrentGrad.cpp - backpropagation through time to linalg ---------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// simple_rnn_grad, lstm_grad and gru_grad:
//
//   forward loop t = 0..T−1 (as the layer), saving every hidden (and cell)
//     state and the gate activations;
//   reverse loop t = T−1..0 over the saved states: one fused generic gives
//     the gates' pre-activation gradients and the cell-state gradient, one
//     matmul carries the hidden-state gradient to t−1 (dh = dZ_t · Rᵀ);
//   then, over all timesteps at once: dK = xᵀ·dZ, dR = h_{t−1}ᵀ·dZ,
//     db = Σ dZ, dx = dZ·Kᵀ.
//
// Both loops are loops (never unrolled); the carried gradients are updated
// in place.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "RecurrentUtils.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;
using namespace mlir::nncc::detail::rnn;

namespace {

enum class Cell { SimpleRNN, LSTM, GRU };

/// Scalar arithmetic inside generic bodies.
struct Scalar {
  OpBuilder &b;
  Location loc;
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value one(Value like) {
    return createFloatConstant(b, loc, like.getType(), 1.0);
  }
  Value zero(Value like) {
    return createFloatConstant(b, loc, like.getType(), 0.0);
  }
  Value sigmoid(Value x) { return createSigmoid(b, loc, x); }
  Value tanh(Value x) { return math::TanhOp::create(b, loc, x); }
  /// σ'(·) from σ: y (1 − y)
  Value sigmoidSlope(Value y) { return mul(y, sub(one(y), y)); }
  /// tanh'(·) from tanh: 1 − y²
  Value tanhSlope(Value y) { return sub(one(y), mul(y, y)); }
};

/// A parallel generic over [b, u] reading `inputs` and writing `outs` (the
/// first `inPlace` of which are read as old values too).
SmallVector<Value> cellGeneric(
    OpBuilder &b, Location loc, ValueRange inputs, ValueRange outs,
    function_ref<SmallVector<Value>(Scalar &, ValueRange in, ValueRange old)>
        body) {
  AffineMap identity = b.getMultiDimIdentityMap(2);
  return createGeneric(
      b, loc, inputs, SmallVector<AffineMap>(inputs.size(), identity), outs,
      SmallVector<AffineMap>(outs.size(), identity),
      {utils::IteratorType::parallel, utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Scalar s{nb, l};
        return body(s, args.take_front(inputs.size()),
                    args.drop_front(inputs.size()));
      });
}

Value emptyLike(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

/// Σ over the rows of a matrix: [m, n] -> [n].
Value columnSums(OpBuilder &b, Location loc, Value matrix) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(matrix.getType());
  Value init = createFilled(
      b, loc,
      RankedTensorType::get({type.getDimSize(1)}, type.getElementType()), 0.0);
  return createGeneric(
             b, loc, matrix, b.getMultiDimIdentityMap(2), init,
             AffineMap::get(2, 0, getAffineDimExpr(1, ctx), ctx),
             {utils::IteratorType::reduction, utils::IteratorType::parallel},
             [](OpBuilder &nb, Location l, ValueRange x) {
               return SmallVector<Value>{
                   arith::AddFOp::create(nb, l, x[0], x[1])};
             })
      .front();
}

/// [b, t, n] as [b·t, n].
Value rowsOf(OpBuilder &b, Location loc, Value sequence) {
  return tensor::CollapseShapeOp::create(
      b, loc, sequence, SmallVector<ReassociationIndices>{{0, 1}, {2}});
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The lowering of one recurrent gradient op.
class BackpropThroughTime {
public:
  BackpropThroughTime(ConversionPatternRewriter &rewriter, Location loc,
                      Cell cell, ValueRange operands, bool sequences)
      : b(rewriter), loc(loc), cell(cell), sequences(sequences) {
    input = operands[0];
    kernel = operands[1];
    recurrent = operands[2];
    bias = operands[3];
    llvm::append_range(states, operands.drop_front(4).drop_back(1));
    outputGrad = operands.back();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto kernelType = cast<RankedTensorType>(kernel.getType());
    int64_t gates = cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1;
    s = {inputType.getDimSize(0),
         inputType.getDimSize(1),
         inputType.getDimSize(2),
         kernelType.getDimSize(1) / gates,
         gates,
         inputType.getElementType()};
  }

  SmallVector<Value> build();

private:
  Value initialState(unsigned i) {
    return states.empty() ? createFilled(b, loc, s.state(), 0.0) : states[i];
  }
  Value biasRow(int64_t row);
  void forward();
  void backward();
  SmallVector<Value> weightGradients();

  OpBuilder &b;
  Location loc;
  Cell cell;
  bool sequences;
  Value input, kernel, recurrent, bias, outputGrad;
  SmallVector<Value> states;
  RecurrentShape s;

  // Saved by the forward loop: hidden states [b, t+1, u] (h_{-1} first),
  // cell states (LSTM) and per-step activations [b, t, k·u].
  Value hidden, cellStates, saved;
  // Computed by the reverse loop: input-side and recurrent-side
  // pre-activation gradients [b, t, G·u] (the same tensor except for GRU),
  // and the gradients of the initial states.
  Value dInput, dRecurrent, dh0, dc0;
};

Value BackpropThroughTime::biasRow(int64_t row) {
  auto rowType = s.type({s.gates * s.units});
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(row), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                     b.getIndexAttr(s.gates * s.units)};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, rowType, bias, offsets, sizes,
                                        strides);
}

void BackpropThroughTime::forward() {
  int64_t b_ = s.batch, t_ = s.time, u = s.units;
  Value projected = projectInputs(b, loc, s, input, kernel,
                                  cell == Cell::GRU ? biasRow(0) : bias);
  Value recurrentBias = cell == Cell::GRU
                            ? broadcastLastAxis(b, loc, biasRow(1), s.step())
                            : Value();
  hidden = insertStep(b, loc, initialState(0),
                      createFilled(b, loc, s.type({b_, t_ + 1, u}), 0.0),
                      b.getIndexAttr(0));
  SmallVector<Value> carried = {hidden};
  if (cell == Cell::LSTM) {
    cellStates = insertStep(b, loc, initialState(1),
                            createFilled(b, loc, s.type({b_, t_ + 1, u}), 0.0),
                            b.getIndexAttr(0));
    carried.push_back(cellStates);
  }
  int64_t savedWidth = cell == Cell::SimpleRNN ? 0 : 4 * u;
  if (savedWidth)
    carried.push_back(createFilled(b, loc, s.type({b_, t_, savedWidth}), 0.0));

  auto loop = scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, t_),
      indexConstant(b, loc, 1), carried,
      [&](OpBuilder &nb, Location l, Value t, ValueRange args) {
        Value next = arith::AddIOp::create(nb, l, t, indexConstant(nb, l, 1));
        Value h = sliceStep(nb, l, args[0], t);
        Value x = sliceStep(nb, l, projected, t);
        SmallVector<Value> yields;
        if (cell == Cell::SimpleRNN) {
          Value z = recurrentProduct(nb, l, s, h, recurrent, x);
          Value hNew = cellGeneric(nb, l, z, emptyLike(nb, l, s.state()),
                                   [](Scalar &c, ValueRange in, ValueRange) {
                                     return SmallVector<Value>{c.tanh(in[0])};
                                   })[0];
          yields.push_back(insertStep(nb, l, hNew, args[0], next));
        } else if (cell == Cell::LSTM) {
          Value z = recurrentProduct(nb, l, s, h, recurrent, x);
          SmallVector<Value> in = sliceGates(nb, l, s, z);
          in.push_back(sliceStep(nb, l, args[1], t)); // c_{t-1}
          SmallVector<Value> outs(6, emptyLike(nb, l, s.state()));
          SmallVector<Value> r = cellGeneric(
              nb, l, in, outs, [](Scalar &c, ValueRange z, ValueRange) {
                Value i = c.sigmoid(z[0]), f = c.sigmoid(z[1]),
                      g = c.tanh(z[2]), o = c.sigmoid(z[3]);
                Value cNew = c.add(c.mul(f, z[4]), c.mul(i, g));
                return SmallVector<Value>{i, f,    g,
                                          o, cNew, c.mul(o, c.tanh(cNew))};
              });
          Value savedNew = args[2];
          for (int k = 0; k < 4; ++k)
            savedNew = insertStep(nb, l, r[k], savedNew, t, k * u);
          yields = {insertStep(nb, l, r[5], args[0], next),
                    insertStep(nb, l, r[4], args[1], next), savedNew};
        } else {
          Value rec = recurrentProduct(nb, l, s, h, recurrent, recurrentBias);
          SmallVector<Value> in = sliceGates(nb, l, s, x);
          llvm::append_range(in, sliceGates(nb, l, s, rec));
          in.push_back(h);
          SmallVector<Value> outs(4, emptyLike(nb, l, s.state()));
          SmallVector<Value> r = cellGeneric(
              nb, l, in, outs, [](Scalar &c, ValueRange v, ValueRange) {
                // v: x_z, x_r, x_h, r_z, r_r, r_h, h_{t-1}
                Value z = c.sigmoid(c.add(v[0], v[3]));
                Value r = c.sigmoid(c.add(v[1], v[4]));
                Value hh = c.tanh(c.add(v[2], c.mul(r, v[5])));
                return SmallVector<Value>{z, r, hh, v[5]};
              });
          // h = ĥ + z (h_prev − ĥ)
          Value hNew =
              cellGeneric(nb, l, {r[0], r[2], h}, emptyLike(nb, l, s.state()),
                          [](Scalar &c, ValueRange v, ValueRange) {
                            return SmallVector<Value>{
                                c.add(v[1], c.mul(v[0], c.sub(v[2], v[1])))};
                          })[0];
          Value savedNew = args[1];
          for (int k = 0; k < 4; ++k)
            savedNew = insertStep(nb, l, r[k], savedNew, t, k * u);
          yields = {insertStep(nb, l, hNew, args[0], next), savedNew};
        }
        scf::YieldOp::create(nb, l, yields);
      });
  hidden = loop.getResult(0);
  if (cell == Cell::LSTM) {
    cellStates = loop.getResult(1);
    saved = loop.getResult(2);
  } else if (cell == Cell::GRU) {
    saved = loop.getResult(1);
  }
}

void BackpropThroughTime::backward() {
  int64_t t_ = s.time, u = s.units;
  auto sequenceType = s.type({s.batch, t_, s.gates * u});
  // Without return_sequences the output gradient enters at the last step.
  SmallVector<Value> carried = {sequences ? createFilled(b, loc, s.state(), 0.0)
                                          : outputGrad};
  if (cell == Cell::LSTM)
    carried.push_back(createFilled(b, loc, s.state(), 0.0));
  carried.push_back(createFilled(b, loc, sequenceType, 0.0));
  if (cell == Cell::GRU)
    carried.push_back(createFilled(b, loc, sequenceType, 0.0));

  auto loop = scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, t_),
      indexConstant(b, loc, 1), carried,
      [&](OpBuilder &nb, Location l, Value step, ValueRange args) {
        // t = T − 1 − step
        Value t =
            arith::SubIOp::create(nb, l, indexConstant(nb, l, t_ - 1), step);
        Value next = arith::AddIOp::create(nb, l, t, indexConstant(nb, l, 1));
        SmallVector<Value> in;
        if (sequences)
          in.push_back(sliceStep(nb, l, outputGrad, t));
        unsigned offset = in.size(); // where the saved values start
        auto total = [&](Scalar &c, ValueRange v, Value dh) {
          return sequences ? c.add(dh, v[0]) : dh;
        };
        SmallVector<Value> yields;
        Value dz; // this step's recurrent-side gradients [b, G·u]
        if (cell == Cell::SimpleRNN) {
          in.push_back(sliceStep(nb, l, hidden, next)); // h_t
          SmallVector<Value> r = cellGeneric(
              nb, l, in, {args[0], emptyLike(nb, l, s.state())},
              [&](Scalar &c, ValueRange v, ValueRange old) {
                Value dh = total(c, v, old[0]);
                Value h = v[offset];
                return SmallVector<Value>{c.zero(h), c.mul(dh, c.tanhSlope(h))};
              });
          Value dZ = insertStep(nb, l, r[1], args[1], t);
          dz = sliceStep(nb, l, dZ, t);
          yields = {createMatmul(nb, l, dz, recurrent, false, true, r[0]), dZ};
        } else if (cell == Cell::LSTM) {
          for (int k = 0; k < 4; ++k)
            in.push_back(sliceStep(nb, l, saved, t, k * u, u)); // i f g o
          in.push_back(sliceStep(nb, l, cellStates, next));     // c_t
          in.push_back(sliceStep(nb, l, cellStates, t));        // c_{t-1}
          SmallVector<Value> outs = {args[0], args[1]};
          outs.append(4, emptyLike(nb, l, s.state()));
          SmallVector<Value> r = cellGeneric(
              nb, l, in, outs, [&](Scalar &c, ValueRange v, ValueRange old) {
                Value dh = total(c, v, old[0]);
                Value i = v[offset], f = v[offset + 1], g = v[offset + 2],
                      o = v[offset + 3], ct = v[offset + 4],
                      cPrev = v[offset + 5];
                Value tc = c.tanh(ct);
                Value dc = c.add(old[1], c.mul(c.mul(dh, o), c.tanhSlope(tc)));
                Value dzi = c.mul(c.mul(dc, g), c.sigmoidSlope(i));
                Value dzf = c.mul(c.mul(dc, cPrev), c.sigmoidSlope(f));
                Value dzg = c.mul(c.mul(dc, i), c.tanhSlope(g));
                Value dzo = c.mul(c.mul(dh, tc), c.sigmoidSlope(o));
                return SmallVector<Value>{c.zero(dh), c.mul(dc, f), dzi,
                                          dzf,        dzg,          dzo};
              });
          Value dZ = args[2];
          for (int k = 0; k < 4; ++k)
            dZ = insertStep(nb, l, r[2 + k], dZ, t, k * u);
          dz = sliceStep(nb, l, dZ, t);
          yields = {createMatmul(nb, l, dz, recurrent, false, true, r[0]), r[1],
                    dZ};
        } else {
          for (int k = 0; k < 4; ++k)
            in.push_back(sliceStep(nb, l, saved, t, k * u, u)); // z r ĥ r_h
          in.push_back(sliceStep(nb, l, hidden, t));            // h_{t-1}
          SmallVector<Value> outs = {args[0]};
          outs.append(4, emptyLike(nb, l, s.state()));
          SmallVector<Value> r = cellGeneric(
              nb, l, in, outs, [&](Scalar &c, ValueRange v, ValueRange old) {
                Value dh = total(c, v, old[0]);
                Value z = v[offset], rr = v[offset + 1], hh = v[offset + 2],
                      rh = v[offset + 3], hPrev = v[offset + 4];
                Value dzPre =
                    c.mul(c.mul(dh, c.sub(hPrev, hh)), c.sigmoidSlope(z));
                Value dhhPre =
                    c.mul(c.mul(dh, c.sub(c.one(z), z)), c.tanhSlope(hh));
                Value drPre = c.mul(c.mul(dhhPre, rh), c.sigmoidSlope(rr));
                return SmallVector<Value>{c.mul(dh, z), dzPre, drPre, dhhPre,
                                          c.mul(dhhPre, rr)};
              });
          Value dX = args[1], dRec = args[2];
          dX = insertStep(nb, l, r[1], dX, t, 0);
          dX = insertStep(nb, l, r[2], dX, t, u);
          dX = insertStep(nb, l, r[3], dX, t, 2 * u);
          dRec = insertStep(nb, l, r[1], dRec, t, 0);
          dRec = insertStep(nb, l, r[2], dRec, t, u);
          dRec = insertStep(nb, l, r[4], dRec, t, 2 * u);
          dz = sliceStep(nb, l, dRec, t);
          yields = {createMatmul(nb, l, dz, recurrent, false, true, r[0]), dX,
                    dRec};
        }
        scf::YieldOp::create(nb, l, yields);
      });
  dh0 = loop.getResult(0);
  if (cell == Cell::LSTM) {
    dc0 = loop.getResult(1);
    dInput = dRecurrent = loop.getResult(2);
  } else if (cell == Cell::GRU) {
    dInput = loop.getResult(1);
    dRecurrent = loop.getResult(2);
  } else {
    dInput = dRecurrent = loop.getResult(1);
  }
}

SmallVector<Value> BackpropThroughTime::weightGradients() {
  int64_t rows = s.batch * s.time, width = s.gates * s.units;
  Value x = rowsOf(b, loc, input);
  Value dZ = rowsOf(b, loc, dInput);
  Value dR = rowsOf(b, loc, dRecurrent);
  // h_{t-1} for t = 0..T-1: the saved states but the last.
  SmallVector<OpFoldResult> offsets(3, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = {
      b.getIndexAttr(s.batch), b.getIndexAttr(s.time), b.getIndexAttr(s.units)};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  Value previous =
      tensor::ExtractSliceOp::create(b, loc, s.type({s.batch, s.time, s.units}),
                                     hidden, offsets, sizes, strides);
  Value h = rowsOf(b, loc, previous);

  Value dx =
      createMatmul(b, loc, dZ, kernel, false, true,
                   createFilled(b, loc, s.type({rows, s.features}), 0.0));
  dx = tensor::ExpandShapeOp::create(
      b, loc, cast<RankedTensorType>(input.getType()), dx,
      SmallVector<ReassociationIndices>{{0, 1}, {2}});
  Value dK =
      createMatmul(b, loc, x, dZ, true, false,
                   createFilled(b, loc, s.type({s.features, width}), 0.0));
  Value dRk = createMatmul(b, loc, h, dR, true, false,
                           createFilled(b, loc, s.type({s.units, width}), 0.0));
  Value db = columnSums(b, loc, dZ);
  if (cell == Cell::GRU) {
    // [2, G·u]: the input bias's gradient, then the recurrent bias's.
    Value both = createFilled(b, loc, s.type({2, width}), 0.0);
    auto put = [&](Value row, int64_t at) {
      SmallVector<OpFoldResult> o = {b.getIndexAttr(at), b.getIndexAttr(0)};
      SmallVector<OpFoldResult> z = {b.getIndexAttr(1), b.getIndexAttr(width)};
      SmallVector<OpFoldResult> one(2, b.getIndexAttr(1));
      return tensor::InsertSliceOp::create(b, loc, row, both, o, z, one)
          .getResult();
    };
    both = put(db, 0);
    db = put(columnSums(b, loc, dR), 1);
  }
  SmallVector<Value> results = {dx, dK, dRk, db};
  if (!states.empty()) {
    results.push_back(dh0);
    if (cell == Cell::LSTM)
      results.push_back(dc0);
  }
  return results;
}

SmallVector<Value> BackpropThroughTime::build() {
  forward();
  backward();
  return weightGradients();
}

template <typename OpTy, Cell kind>
struct RecurrentGradPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    BackpropThroughTime bptt(rewriter, op.getLoc(), kind, adaptor.getOperands(),
                             op.getReturnSequences());
    rewriter.replaceOp(op, bptt.build());
    return success();
  }
};

} // namespace

void nncc::detail::populateRecurrentGradPatterns(RewritePatternSet &patterns) {
  patterns.add<RecurrentGradPattern<nn::SimpleRNNGradOp, Cell::SimpleRNN>,
               RecurrentGradPattern<nn::LSTMGradOp, Cell::LSTM>,
               RecurrentGradPattern<nn::GRUGradOp, Cell::GRU>>(
      patterns.getContext());
}
