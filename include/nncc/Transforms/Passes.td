//===- Passes.td - nncc transformation passes --------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Passes over upstream dialects (linalg, memref) that nncc's pipelines use.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TRANSFORMS_PASSES_TD
#define NNCC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNCCPlanWorkspacePass : Pass<"nncc-plan-workspace", "::mlir::ModuleOp"> {
  let summary = "Place every buffer of an entry point in one planned workspace";
  let description = [{
    Runs after bufferization on the functions marked `nncc.entry_point`.
    Every `memref.alloc` (statically shaped) becomes a `memref.view` into a
    new last argument, the workspace `memref<Nxi8>`, at an offset chosen at
    compile time. Buffers whose lifetimes do not overlap share memory: a
    buffer lives from its allocation to the last use of any alias of it (a
    view, a loop iter_arg, a loop result), measured on the function's
    top-level operations, so a buffer used inside a loop lives for the whole
    loop. Offsets are 64-byte aligned; buffers are placed largest first at
    the lowest offset where they fit.

    The function gets `nncc.workspace_bytes = N : i64`, which the generated
    C API allocates once per model instance: calls never allocate.

    Before:

    ```mlir
    func.func @f(%in: memref<4xf32>) attributes {nncc.entry_point} {
      %a = memref.alloc() : memref<16xf32>
      ...
    }
    ```

    After:

    ```mlir
    func.func @f(%in: memref<4xf32>, %ws: memref<64xi8> {nncc.workspace})
        attributes {nncc.entry_point, nncc.workspace_bytes = 64 : i64} {
      %c0 = arith.constant 0 : index
      %a = memref.view %ws[%c0][] : memref<64xi8> to memref<16xf32>
      ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNCCLowerCopiesPass : Pass<"nncc-lower-copies"> {
  let summary = "Turn strided memref.copy into linalg.copy";
  let description = [{
    The LLVM lowering turns a `memref.copy` between buffers that are not
    both contiguous into a call to `memrefCopy`, a function of MLIR's
    runner library. Generated objects link against libc and libm only, so
    this pass rewrites such copies as `linalg.copy`, which becomes loops.
    Contiguous copies stay: they become `llvm.memcpy`.

    Before:

    ```mlir
    memref.copy %a, %b : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32>
    ```

    After:

    ```mlir
    linalg.copy ins(%a : memref<4x4xf32, strided<[8, 1]>>) outs(%b : memref<4x4xf32>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NNCCLoopOrderPass : Pass<"nncc-loop-order"> {
  let summary = "Order linalg loops so the innermost one walks memory contiguously";
  let description = [{
    Generalizes named structured ops and, where the innermost loop of a
    linalg op is a reduction, moves innermost the parallel loop that indexes
    the last (contiguous) dimension of the output and of an input: matmul's
    (m, n, k) becomes (m, k, n), a convolution's output-channel loop goes
    innermost. Loads and stores of the innermost loop are then unit-stride
    and the LLVM loop vectorizer turns them into vector code. A reduction
    over the contiguous dimension of its input (softmax over rows) is left
    alone.

    Before:

    ```mlir
    linalg.matmul ins(%a, %b : tensor<8x4xf32>, tensor<4x16xf32>) ...
    ```

    After (iteration space (m, k, n)):

    ```mlir
    linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>,
                                     affine_map<(d0, d1, d2) -> (d1, d2)>,
                                     affine_map<(d0, d1, d2) -> (d0, d2)>],
                    iterator_types = ["parallel", "reduction", "parallel"]} ...
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // NNCC_TRANSFORMS_PASSES_TD
