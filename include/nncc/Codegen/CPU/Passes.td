//===- Passes.td - CPU codegen passes ----------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The CPU target's codegen passes (IREE's Codegen/LLVMCPU), in pipeline
// order: shared scalar reads, copies, RNN time loops, loop order, tiles
// and vectors, threads.
// The heuristics behind them are in docs/CPUCodegen.md.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_CPU_PASSES_TD
#define NNCC_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

def NNCCShareScalarOperandsPass : Pass<"nncc-share-scalar-operands", "::mlir::ModuleOp"> {
  let summary = "Read each 0-d tensor once, as a scalar the linalg ops capture";
  let description = [{
    On linalg on tensors, before bufferization: every `linalg.generic`
    input read at the same element by all iterations (a 0-d tensor, or
    constant indices) leaves the op's operands; its body uses the element,
    extracted before the op (MLIR's linalg-inline-scalar-operands
    patterns). Then each 0-d tensor is extracted once, right after it is
    defined, and that scalar serves every op that read it.

    An optimizer step reads the learning rate and the step count in the
    update of every parameter; as tensors, each of those N reads was a use
    that one-shot bufferization's analysis (and empty-tensor elimination's)
    compared with every other, N^2 in all: with 3,000 parameters, 28 of
    the 42 s of the compile. As one scalar each, the analysis sees one use.
    The arithmetic is unchanged. (CPU only: on the GPU the host would read
    scalars that kernels compute.)

    Likewise a splat constant written into a destination
    (`bufferization.materialize_in_destination`: the zero gradient of every
    parameter the loss does not depend on, one constant after
    canonicalization) becomes a `linalg.fill` of a `tensor.empty` per
    write, which empty-tensor elimination turns into a fill of the
    destination itself: no shared tensor, and no copy from a constant.

    ```mlir
    %a = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, ...]}
        ins(%p, %lr : tensor<8xf32>, tensor<f32>) outs(%e : tensor<8xf32>) {
    ^bb0(%x: f32, %r: f32, %o: f32): ... %r ...
    }
    %b = linalg.generic ... ins(%q, %lr : tensor<4xf32>, tensor<f32>) ...
    ```
    becomes
    ```mlir
    %r = tensor.extract %lr[] : tensor<f32>      // right after %lr
    %a = linalg.generic ... ins(%p : tensor<8xf32>) ... { ... %r ... }
    %b = linalg.generic ... ins(%q : tensor<4xf32>) ... { ... %r ... }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

def NNCCLowerCopiesPass : Pass<"nncc-lower-copies"> {
  let summary = "Turn strided memref.copy into linalg.copy";
  let description = [{
    Rewrites each `memref.copy` whose source or target is not a statically
    shaped, contiguous row-major buffer as a `linalg.copy` of the same
    operands, which later passes turn into loops. Contiguous copies stay:
    they become `llvm.memcpy`. No copy is left that lowers to a call of
    MLIR's runtime function `memrefCopy`.

    ```mlir
    memref.copy %a, %b : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32>
    ```
    becomes
    ```mlir
    linalg.copy ins(%a : memref<4x4xf32, strided<[8, 1]>>) outs(%b : memref<4x4xf32>)
    ```

    Why: docs/CPUCodegen.md.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NNCCParallelizeBatchRowsPass
    : Pass<"nncc-parallelize-batch-rows", "::mlir::ModuleOp"> {
  let summary = "Run row-local time loops once per chunk of batch rows, "
                "the chunks in parallel";
  let description = [{
    On the functions marked `nncc.entry_point`: a top-level `scf.for`
    without results (an RNN's time loop) whose steps are row-local, every
    op reading and writing row b of its buffers only for row b: linalg ops
    whose outputs' first index is a parallel batch loop that every other
    operand indexes first and only there (a row buffer, or a view of one
    keeping all its rows) or not at all (a weight nothing in the loop
    writes), and `memref.copy` between row buffers; the rest index
    arithmetic, views and allocations. With a batch of B rows, B a multiple
    of `rows` and B / `rows` at least 2, the loop moves into an
    `scf.parallel` over the B / `rows` chunks, each op of its body
    restricted to its chunk's rows. Other loops are left alone.

    Each row is computed by the same ops in the same order (every sum keeps
    its order): results are bitwise unchanged and independent of the
    thread count.

    ```mlir
    scf.for %t = %c0 to %c3 step %c1 {
      linalg.matmul ins(%h, %r : memref<32x16xf32>, memref<16x64xf32>) outs(%z : memref<32x64xf32>)
      ...
    }
    ```
    becomes (`rows` = 4: 8 chunks)
    ```mlir
    scf.parallel (%c) = (%c0) to (%c8) step (%c1) {
      scf.for %t = %c0 to %c3 step %c1 {
        %first = arith.muli %c, %c4 : index
        %hrows = memref.subview %h[%first, 0] [4, 16] [1, 1] : ...
        %zrows = memref.subview %z[%first, 0] [4, 64] [1, 1] : ...
        %rall = memref.subview %r[0, 0] [16, 64] [1, 1] : ...
        linalg.matmul ins(%hrows, %rall : ...) outs(%zrows : ...)
        ...
      }
      scf.reduce
    }
    ```

    The chunk size and why the loop is restructured: docs/CPUCodegen.md.
  }];
  let options = [
    Option<"rowsPerChunk", "rows", "int64_t", /*default=*/"4",
           "Batch rows per chunk">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

//===----------------------------------------------------------------------===//
// Tiles and vectors
//===----------------------------------------------------------------------===//

def NNCCLoopOrderPass : Pass<"nncc-loop-order"> {
  let summary = "Order linalg loops so the innermost one walks memory contiguously";
  let description = [{
    Generalizes every named linalg op. Where the innermost loop of a
    `linalg.generic` is a reduction and a parallel loop is the last index
    of both the output and some input, that loop moves innermost; the
    other loops keep their order, so each sum keeps its order. Matmul's
    (m, n, k) becomes (m, k, n); a convolution's output-channel loop goes
    innermost. Ops whose output and inputs share no last index (a
    reduction along the contiguous dimension of its input: softmax over
    rows) keep their order.

    ```mlir
    linalg.matmul ins(%a, %b : tensor<8x4xf32>, tensor<4x16xf32>) ...
    ```
    becomes (iteration space (m, k, n))
    ```mlir
    linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>,
                                     affine_map<(d0, d1, d2) -> (d1, d2)>,
                                     affine_map<(d0, d1, d2) -> (d0, d2)>],
                    iterator_types = ["parallel", "reduction", "parallel"]} ...
    ```

    Why: docs/CPUCodegen.md.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NNCCVectorizePass : Pass<"nncc-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops on buffers into vector-wide tiles and vectorize them";
  let description = [{
    Matches each `linalg.generic` on buffers with static loop ranges whose
    output's last index is a parallel loop `v` that every output indexes
    and every operand indexes, if at all, by itself in its last, unit-stride
    dimension, and whose `v` range some width from `width` down to 4
    (halving) divides; one whose range none divides but exceeds one of them
    is first split at the largest multiple of the widest such width
    (`linalg::splitOp`), the remainder left scalar. It is tiled into one
    `scf.parallel` of tiles, each a
    vector (or two) wide along `v` and one or a few rows along other
    parallel loops; a tile whose body is lane-wise becomes vector code: the
    outputs loaded once into accumulators, the reduction loops `scf.for`
    loops carrying them in registers, the accumulators stored once. Values
    that are the same in every lane stay scalars, broadcast where used.
    With `fuse-epilogues`, a fill or bias broadcast right before an op with
    reductions starts its accumulators (and is erased), and an elementwise
    op right after it runs on the final accumulators (and is erased). A
    long reduction's outer loop may step outside the tiles, as an `scf.for`
    marked `nncc.per_iteration_steps` around the `scf.parallel`. Transposes
    run in `width` x `width` register tiles. Other ops are left to
    `convert-linalg-to-parallel-loops`.

    Each output element accumulates in the order of the op's loops, so
    results are bitwise reproducible; fused ops give the values of the ops
    run one after the other, bitwise. Tiles are static: no masks.

    ```mlir
    linalg.generic {iterator_types = ["parallel", "reduction", "parallel"]}
        ins(%a, %b : memref<8x4xf32>, memref<4x32xf32>)
        outs(%c : memref<8x32xf32>) ...
    ```
    becomes (`width` = 16, 8 rows of C unrolled; shown with one vector per
    row, the pass takes two here)
    ```mlir
    scf.parallel (%n) = (%c0) to (%c32) step (%c16) {
      %c0v = vector.load %c_tile[%c0, %c0] : memref<8x16xf32, ...>, vector<16xf32>
      ...                                   // 8 accumulators
      %r:8 = scf.for %k = %c0 to %c4 step %c1 iter_args(%acc0 = %c0v, ...) {
        %b = vector.load %b_tile[%k, %c0] : memref<4x16xf32, ...>, vector<16xf32>
        %a0 = memref.load %a[%c0, %k] : memref<8x4xf32>
        %s0 = vector.broadcast %a0 : f32 to vector<16xf32>
        %p0 = arith.mulf %s0, %b : vector<16xf32>
        %n0 = arith.addf %acc0, %p0 : vector<16xf32>
        ...                                 // rows 1..7 reuse %b
        scf.yield %n0, ... : vector<16xf32>, ...
      }
      vector.store %r#0, %c_tile[%c0, %c0] : memref<8x16xf32, ...>, vector<16xf32>
      ...
    }
    ```

    With `print-plans`, each `linalg.generic` (named transposes generalized)
    only gets a remark with its plan, `plan: none`, `plan: fused` (into
    another op's tiles), `plan: transpose width=16 load=d0 store=d1` or
    `plan: vector=d2 width=16 vectors=2 rows=[d0:8] reduction=inner
    block=none prologue=fill epilogue=none body=vector`; nothing else
    changes, so tests can check the heuristics alone.

    Widths, unroll rules, register and cache budgets, the long-reduction
    steps, blocking and the fusion conditions: docs/CPUCodegen.md.
  }];
  let options = [
    Option<"width", "width", "int64_t", /*default=*/"16",
           "Elements per vector (16 floats fill an AVX-512 register)">,
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "Start the tiles' accumulators from a fill or bias broadcast before the "
           "op, and run an elementwise consumer on them after it">,
    Option<"printPlans", "print-plans", "bool", /*default=*/"false",
           "Rewrite nothing (but generalize named transposes): report each "
           "linalg.generic's plan as a remark, on one line">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

def NNCCParallelizePass : Pass<"nncc-parallelize", "::mlir::ModuleOp"> {
  let summary = "Run the outermost parallel loops on the instance's thread pool";
  let description = [{
    Gives every function marked `nncc.entry_point` a new last argument, the
    model instance's thread pool (`!llvm.ptr {nncc.thread_pool}`), and
    turns bands of `scf.for` loops marked `nncc.parallel` into
    `scf.parallel`. Each outermost `scf.parallel` with constant bounds,
    more than one iteration and an estimated work of at least `min-work`
    is outlined into a private function `NAME_parallel_K(ctx, begin, end)`
    that runs iterations [begin, end) of its dimensions linearized in
    row-major order, and replaced by a call of the runtime's
    `nncc_parallel_for(pool, body, ctx, iterations)`. The values it uses
    from above travel in a struct in the caller's frame (a memref as its
    descriptor); constants are rematerialized in the body. An `scf.for`
    marked `nncc.per_iteration_steps` around it (nothing else in its body)
    is outlined with it, each share taking the steps in order. Other loops
    stay on the calling thread and lower to sequential loops.

    Each iteration writes its own outputs in a fixed order: results are
    bitwise the same for any number of threads.

    ```mlir
    func.func @f(%a: memref<64x64xf32>) attributes {nncc.entry_point} {
      scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
        ... %a ...
      }
    }
    ```
    becomes
    ```mlir
    func.func @f(%a: memref<64x64xf32>, %pool: !llvm.ptr {nncc.thread_pool})
        attributes {nncc.entry_point} {
      %ctx = llvm.alloca %c1_i64 x !llvm.struct<(struct<(ptr, ptr, i64, ...)>)>
      ... store %a's descriptor into %ctx ...
      %body = func.constant @f_parallel_0 : (!llvm.ptr, i64, i64) -> ()
      call @nncc_parallel_for(%pool, %body, %ctx, %c64_i64) : ...
    }
    func.func private @f_parallel_0(%ctx: !llvm.ptr, %begin: i64, %end: i64) {
      ... load %a's descriptor from %ctx ...
      scf.for %i = %begin' to %end' step %c1 { ... }
    }
    ```

    The work estimate and the step loops: docs/CPUCodegen.md.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"16384",
           "Estimated operations below which a loop stays on the calling thread">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // NNCC_CODEGEN_CPU_PASSES_TD
