//===- Recurrent.cpp - nn recurrent layers to linalg + scf ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// simple_rnn, lstm and gru become:
//
//   xk = x · kernel + bias          one matmul over all timesteps [b·t, G·u]
//   scf.for t in [0, T) iter_args(h, c, sequence):
//     z  = xk[:, t] + h · recurrent  one matmul per step
//     h, c = cell(z, ...)            one fused linalg.generic per step
//     sequence[:, t] = h             (return_sequences only)
//
// The time loop stays a loop: never unrolled.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "RecurrentUtils.h"
#include "Utils.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::nncc;
using namespace mlir::nncc::detail;
using namespace mlir::nncc::detail::rnn;

namespace {

/// A parallel generic over [b, u] that reads `inputs` and overwrites the
/// carried `states` in place (their buffers are the loop's iter_args, so
/// each step updates the same memory). `body` receives the input scalars
/// followed by the old state scalars and returns the new state scalars.
SmallVector<Value> cellUpdate(
    OpBuilder &b, Location loc, ValueRange inputs, ValueRange states,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body) {
  AffineMap identity = b.getMultiDimIdentityMap(2);
  SmallVector<AffineMap> inputMaps(inputs.size(), identity);
  SmallVector<AffineMap> outputMaps(states.size(), identity);
  return createGeneric(
      b, loc, inputs, inputMaps, states, outputMaps,
      {utils::IteratorType::parallel, utils::IteratorType::parallel}, body);
}

/// One timestep: given z-inputs and the carried states, returns the new
/// states (hidden state first).
using StepFn = function_ref<SmallVector<Value>(OpBuilder &, Location,
                                               Value xStep, ValueRange states)>;

/// Builds the time loop around `step` and replaces `op` by its result.
template <typename OpTy>
void buildTimeLoop(ConversionPatternRewriter &rewriter, OpTy op,
                   const RecurrentShape &s, ValueRange initialState,
                   unsigned numStates, Value projected, StepFn step) {
  Location loc = op.getLoc();
  bool sequences = op.getReturnSequences();
  SmallVector<Value> carried;
  for (unsigned i = 0; i < numStates; ++i)
    carried.push_back(initialState.empty()
                          ? createFilled(rewriter, loc, s.state(), 0.0)
                          : initialState[i]);
  if (sequences)
    carried.push_back(tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{s.batch, s.time, s.units}, s.element));

  Value lower = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value upper = arith::ConstantIndexOp::create(rewriter, loc, s.time);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto loop = scf::ForOp::create(
      rewriter, loc, lower, upper, one, carried,
      [&](OpBuilder &b, Location l, Value t, ValueRange args) {
        Value xStep = sliceStep(b, l, projected, t);
        SmallVector<Value> next = step(b, l, xStep, args.take_front(numStates));
        if (sequences)
          next.push_back(insertStep(b, l, next.front(), args.back(), t));
        scf::YieldOp::create(b, l, next);
      });
  rewriter.replaceOp(op, sequences ? loop.getResults().back()
                                   : loop.getResults().front());
}

template <typename OpTy>
RecurrentShape getShape(OpTy op, int64_t gates) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto kernelType = cast<RankedTensorType>(op.getKernel().getType());
  return {inputType.getDimSize(0),
          inputType.getDimSize(1),
          inputType.getDimSize(2),
          kernelType.getDimSize(1) / gates,
          gates,
          inputType.getElementType()};
}

/// h_t = tanh(x_t · kernel + h_{t−1} · recurrent + bias)
struct SimpleRNNPattern : OpConversionPattern<nn::SimpleRNNOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::SimpleRNNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RecurrentShape s = getShape(op, 1);
    Value projected =
        projectInputs(rewriter, op.getLoc(), s, adaptor.getInput(),
                      adaptor.getKernel(), adaptor.getBias());
    Value recurrent = adaptor.getRecurrentKernel();
    buildTimeLoop(
        rewriter, op, s, adaptor.getInitialState(), 1, projected,
        [&](OpBuilder &b, Location l, Value xStep, ValueRange states) {
          Value z = recurrentProduct(b, l, s, states[0], recurrent, xStep);
          return cellUpdate(
              b, l, z, states, [](OpBuilder &nb, Location nl, ValueRange x) {
                return SmallVector<Value>{math::TanhOp::create(nb, nl, x[0])};
              });
        });
    return success();
  }
};

/// Keras LSTM, gates i, f, c, o of z = x_t · kernel + h · recurrent + bias:
/// c_t = σ(z_f) c_{t−1} + σ(z_i) tanh(z_c), h_t = σ(z_o) tanh(c_t).
struct LSTMPattern : OpConversionPattern<nn::LSTMOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::LSTMOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RecurrentShape s = getShape(op, 4);
    Value projected =
        projectInputs(rewriter, op.getLoc(), s, adaptor.getInput(),
                      adaptor.getKernel(), adaptor.getBias());
    Value recurrent = adaptor.getRecurrentKernel();
    buildTimeLoop(
        rewriter, op, s, adaptor.getInitialState(), 2, projected,
        [&](OpBuilder &b, Location l, Value xStep, ValueRange states) {
          Value z = recurrentProduct(b, l, s, states[0], recurrent, xStep);
          // x: z_i, z_f, z_c, z_o, then h_{t-1} (unused) and c_{t-1}.
          return cellUpdate(
              b, l, sliceGates(b, l, s, z), states,
              [](OpBuilder &nb, Location nl, ValueRange x) {
                Value in = createSigmoid(nb, nl, x[0]);
                Value forget = createSigmoid(nb, nl, x[1]);
                Value candidate = math::TanhOp::create(nb, nl, x[2]);
                Value out = createSigmoid(nb, nl, x[3]);
                Value kept = arith::MulFOp::create(nb, nl, forget, x[5]);
                Value added = arith::MulFOp::create(nb, nl, in, candidate);
                Value c = arith::AddFOp::create(nb, nl, kept, added);
                Value h = arith::MulFOp::create(
                    nb, nl, out, math::TanhOp::create(nb, nl, c));
                return SmallVector<Value>{h, c};
              });
        });
    return success();
  }
};

/// Keras GRU with reset_after, gates z, r, h; x = x_t · kernel + b_in and
/// r_h = h · recurrent + b_rec: z = σ(x_z + r_z), r = σ(x_r + r_r),
/// ĥ = tanh(x_h + r ⊙ r_h), h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ.
struct GRUPattern : OpConversionPattern<nn::GRUOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::GRUOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RecurrentShape s = getShape(op, 3);
    Location loc = op.getLoc();
    auto biasRowType = s.type({s.gates * s.units});
    auto biasRow = [&](int64_t row) -> Value {
      SmallVector<OpFoldResult> offsets = {rewriter.getIndexAttr(row),
                                           rewriter.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes = {
          rewriter.getIndexAttr(1), rewriter.getIndexAttr(s.gates * s.units)};
      SmallVector<OpFoldResult> strides(2, rewriter.getIndexAttr(1));
      return tensor::ExtractSliceOp::create(rewriter, loc, biasRowType,
                                            adaptor.getBias(), offsets, sizes,
                                            strides);
    };
    Value projected = projectInputs(rewriter, loc, s, adaptor.getInput(),
                                    adaptor.getKernel(), biasRow(0));
    Value recurrentBias =
        broadcastLastAxis(rewriter, loc, biasRow(1), s.step());
    Value recurrent = adaptor.getRecurrentKernel();
    buildTimeLoop(
        rewriter, op, s, adaptor.getInitialState(), 1, projected,
        [&](OpBuilder &b, Location l, Value xStep, ValueRange states) {
          Value rec =
              recurrentProduct(b, l, s, states[0], recurrent, recurrentBias);
          // x: x_z, x_r, x_h, r_z, r_r, r_h, then h_{t-1}.
          SmallVector<Value> inputs = sliceGates(b, l, s, xStep);
          llvm::append_range(inputs, sliceGates(b, l, s, rec));
          return cellUpdate(
              b, l, inputs, states,
              [](OpBuilder &nb, Location nl, ValueRange x) {
                Value update = createSigmoid(
                    nb, nl, arith::AddFOp::create(nb, nl, x[0], x[3]));
                Value reset = createSigmoid(
                    nb, nl, arith::AddFOp::create(nb, nl, x[1], x[4]));
                Value gated = arith::MulFOp::create(nb, nl, reset, x[5]);
                Value candidate = math::TanhOp::create(
                    nb, nl, arith::AddFOp::create(nb, nl, x[2], gated));
                // h = z·h_prev + (1 − z)·ĥ = ĥ + z·(h_prev − ĥ)
                Value delta = arith::SubFOp::create(nb, nl, x[6], candidate);
                Value h = arith::AddFOp::create(
                    nb, nl, candidate,
                    arith::MulFOp::create(nb, nl, update, delta));
                return SmallVector<Value>{h};
              });
        });
    return success();
  }
};

} // namespace

void nncc::detail::populateRecurrentPatterns(RewritePatternSet &patterns) {
  patterns.add<SimpleRNNPattern, LSTMPattern, GRUPattern>(
      patterns.getContext());
}
