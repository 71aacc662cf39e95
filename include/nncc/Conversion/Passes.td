//===- Passes.td - nncc conversion passes ------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Conversions from the nn dialect to upstream dialects.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CONVERSION_PASSES_TD
#define NNCC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalgPass : Pass<"convert-nn-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower nn layers and losses to linalg on tensors";
  let description = [{
    Rewrites every nn layer and loss into destination-passing linalg on
    tensors: upstream named ops where they exist (`linalg.matmul`,
    `linalg.conv_2d_nhwc_hwcf`, `linalg.pooling_nhwc_max/sum`) and
    `linalg.generic` otherwise, so that later elementwise fusion applies.
    `same` padding becomes `tensor.pad`; recurrent layers become an
    `scf.for` over timesteps (never unrolled) whose body is one matmul and
    one fused cell update, after a single matmul over all timesteps for the
    input projection.

    Parameter declarations, reads and writes and the training configuration
    are left alone: they describe model state, which a later pass maps to
    memory.

    Before:

    ```mlir
    %y = nn.relu %x : tensor<4x8xf32>
    ```

    After:

    ```mlir
    %e = tensor.empty() : tensor<4x8xf32>
    %y = linalg.generic {...} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.maximumf %in, %cst : f32
      linalg.yield %0 : f32
    } -> tensor<4x8xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // NNCC_CONVERSION_PASSES_TD
