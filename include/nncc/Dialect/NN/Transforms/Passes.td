//===- Passes.td - nn dialect passes -----------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Passes that transform nn models.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_TRANSFORMS_PASSES_TD
#define NNCC_DIALECT_NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNCreateEntryPointsPass
    : Pass<"nn-create-entry-points", "::mlir::ModuleOp"> {
  let summary = "Turn a model into functions over explicit parameter buffers";
  let description = [{
    Creates the entry points the generated C API calls, and removes the
    model-level ops (parameter declarations, the forward function, the
    training configuration):

    * `@<model>_predict(%param0, ..., %paramN, %input, %output)`: every
      argument is a memref; parameters come first in declaration order.
      The body is the forward function's, with each `nn.parameter_read`
      replaced by the parameter's buffer (`bufferization.to_tensor ...
      restrict`) and the result written into `%output`
      (`bufferization.materialize_in_destination`).

    With `nn.train_config` (after `nn-add-optimizer-state`, `nn-build-loss`
    and `nn-autodiff`), also:

    * `@nncc_compute_gradients(%tensors..., %input, %labels, %loss,
      %grads...)`: the loss and one gradient per trainable parameter, into
      the given buffers; batch normalization's moving statistics are
      updated;
    * `@nncc_apply_gradients(%tensors..., %grads...)`: one optimizer step
      from the gradient buffers (parameters and optimizer state updated in
      place).

    A training step is the two in sequence (the runtime calls both).

    `%tensors` are the parameters in declaration order followed by the
    optimizer state. Each tensor's argument records its slot in the
    runtime's pointer tables and its name: `{nncc.name = "w", nncc.tensor
    = 0 : i64}` (slot 0 of `tensors`), and for a gradient `{nncc.gradient
    = p : i64}` (slot p of `grads`, numbered like the parameters);
    nncc-pack-entry-arguments replaces these arguments by the tables.
    Entry points carry the unit attribute
    `nncc.entry_point`; later passes
    (workspace planning, the LLVM lowering) key on it. The forward function
    is the one `nn.train_config` names, or else the module's only public
    `func.func`.

    Before:

    ```mlir
    module @m {
      nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
      func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
        %w = nn.parameter_read @w : tensor<4x3xf32>
        %y = nn.dense %x, %w : tensor<2x4xf32>, tensor<4x3xf32>
        return %y : tensor<2x3xf32>
      }
    }
    ```

    After:

    ```mlir
    module @m {
      func.func @m_predict(%w: memref<4x3xf32>, %x: memref<2x4xf32>,
                           %out: memref<2x3xf32>) attributes {nncc.entry_point} {
        %0 = bufferization.to_tensor %w restrict : memref<4x3xf32> to tensor<4x3xf32>
        %1 = bufferization.to_tensor %x restrict : memref<2x4xf32> to tensor<2x4xf32>
        %y = nn.dense %1, %0 : tensor<2x4xf32>, tensor<4x3xf32>
        bufferization.materialize_in_destination %y in restrict writable %out
            : (tensor<2x3xf32>, memref<2x3xf32>) -> ()
        return
      }
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNAddOptimizerStatePass
    : Pass<"nn-add-optimizer-state", "::mlir::ModuleOp"> {
  let summary = "Declare the optimizer's state as parameters of the model";
  let description = [{
    For a model with `nn.train_config`, declares the state its optimizer
    keeps, as `nn.parameter ... non_trainable optimizer_state`, so that it
    lives in the model instance and in checkpoints (training resumes
    exactly):

    * Adam: `@<p>.m` and `@<p>.v` (zeros) for every trainable `@<p>`;
    * SGD with momentum: `@<p>.velocity` (zeros);
    * always `@optimizer.iterations` (the number of updates so far) and
      `@optimizer.learning_rate` (the configured rate; the C API can change
      it), both 0-d.

    Does nothing for models without training configuration, or when the
    state is already declared.
  }];
}

def NNBuildLossPass : Pass<"nn-build-loss", "::mlir::ModuleOp"> {
  let summary = "Build the training loss function from the forward function";
  let description = [{
    From the forward function and `nn.train_config`, builds

    ```mlir
    func.func private @nncc_loss(%params..., %input, %labels)
        -> (tensor<f32>, %new_moving_statistics...)
        attributes {nn.wrt = array<i64: trainable params>,
                    nn.state_updates = [@moving_stats...]}
    ```

    where every `nn.parameter_read` becomes the corresponding argument (all
    parameters, in declaration order), `nn.batch_norm` becomes
    `nn.batch_norm_training` whose updated moving statistics are extra
    results (named in `nn.state_updates`), and the loss is applied to the
    output. A cross-entropy loss on probabilities (no `from_logits`) is
    applied to the logits of the final `nn.softmax`: the fused, stable form.
    `nn-autodiff` then differentiates it.
  }];
}

def NNAutodiffPass : Pass<"nn-autodiff", "::mlir::ModuleOp"> {
  let summary = "Reverse-mode automatic differentiation of nn functions";
  let description = [{
    For every function with `nn.wrt = array<i64: ...>` whose first result is
    a scalar (0-d) loss, creates `@<name>_grad` with the same arguments,
    returning the original results followed by the gradient of the loss with
    respect to each argument listed in `nn.wrt`.

    The forward ops are kept; the reverse sweep visits them in reverse order
    and asks each for its vector-Jacobian product through
    `DifferentiableOpInterface` (rules per op family in
    lib/Dialect/NN/IR/Gradients/). Gradients of values used several times
    are summed. The seed is `dL/dL = 1`. Recurrent layers are differentiated
    by their `*_grad` ops, which lower to a reverse loop over saved states.

    Example: for `@f(%w, %x) -> tensor<f32>` with `nn.wrt = array<i64: 0>`,
    `@f_grad(%w, %x) -> (tensor<f32>, tensor<...>)` returns the loss and
    `dL/dw`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def NNSimplifyGradientsPass : Pass<"nn-simplify-gradients", "::mlir::ModuleOp"> {
  let summary = "Cheaper, bitwise-equal forms of the reverse sweep";
  let description = [{
    Runs after `nn-autodiff`. One rewrite so far: the ReLU mask of a ReLU
    followed by max pooling moves to the pooled side of the pooling
    gradient,

    ```mlir
    %g = nn.max_pool2d_grad %r, %dy ...
    %dx = nn.relu_grad %x, %g          // %r = nn.relu %x, %p = nn.max_pool2d %r
    ```
    becomes
    ```mlir
    %m = nn.relu_grad %p, %dy          // a quarter of the elements (2x2)
    %dx = nn.max_pool2d_grad %r, %m ...
    ```

    Exact: the pooling gradient puts each window's gradient on its maximum
    p, where `relu(x)[p]` is the pooled value, so `x[p] > 0` exactly when
    the pooled value is; everywhere else both forms give zero. The
    full-size masking pass over the activation's gradient goes away. (Not
    for NaN activations: a NaN in a window makes the pooled value NaN and
    the masked gradient 0, where the gradient's own arg-max skips the NaN.
    Such a step's gradients are garbage either way.)
  }];
}

#endif // NNCC_DIALECT_NN_TRANSFORMS_PASSES_TD
