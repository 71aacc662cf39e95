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

    Entry points carry the unit attribute `nncc.entry_point`; later passes
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
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // NNCC_DIALECT_NN_TRANSFORMS_PASSES_TD
