//===- Passes.td - codegen passes of both targets ----------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Codegen passes both targets run on bufferized entry points, in pipeline
// order. The CPU and GPU pipelines (lib/Pipelines) interleave them with
// their own (Codegen/CPU, Codegen/GPU).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_COMMON_PASSES_TD
#define NNCC_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Before target mapping: reduction shapes
//===----------------------------------------------------------------------===//

def NNCCSplitReductionsPass : Pass<"nncc-split-reductions", "::mlir::ModuleOp"> {
  let summary = "Split long sums with few outputs into partial sums";
  let description = [{
    On the functions marked `nncc.entry_point`: a linalg op on buffers with
    static ranges whose body only adds to its one output (`out = out + x`;
    named ops are generalized to see it), summing at least `min-reduction`
    terms into fewer than `min-threads` outputs. Its outermost reduction
    dimension of 2 to 256 iterations, C of them, becomes parallel: C partial
    sums per output into a new zero-filled buffer, then `out[...] +=
    partial[c, ...]` over c in order. With `chunk-long-dims`, where no
    reduction dimension is that short, a long one is first split into C
    chunks (operands viewed through `memref.expand_shape`). Other reductions
    (max, products) and ops that do not match are left alone.

    The additions happen in an order fixed at compile time: results are
    deterministic and independent of the thread count, and differ from the
    unsplit sum's by rounding only.

    ```mlir
    linalg.generic {indexing_maps = [affine_map<(c, n, h, w) -> (n, h, w, c)>,
                                     affine_map<(c, n, h, w) -> (c)>],
                    iterator_types = ["parallel", "reduction", "reduction", "reduction"]}
        ins(%dy : memref<32x26x26x32xf32>) outs(%db : memref<32xf32>) { ... }
    ```
    becomes (the batch `n` split: 32 x 32 partial sums)
    ```mlir
    %p = memref.alloc() : memref<32x32xf32>
    linalg.fill ins(%zero : f32) outs(%p : memref<32x32xf32>)
    linalg.generic {iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
        ins(%dy : memref<32x26x26x32xf32>) outs(%p : memref<32x32xf32>) { ... }
    linalg.generic {iterator_types = ["parallel", "reduction"]}
        ins(%p : memref<32x32xf32>) outs(%db : memref<32xf32>) { ... }
    ```

    Thresholds, chunk sizes and the values each target sets:
    docs/CPUCodegen.md, docs/GPUCodegen.md.
  }];
  let options = [
    Option<"minThreads", "min-threads", "int64_t", /*default=*/"8192",
           "Ops with at least this many outputs are not split">,
    Option<"minReduction", "min-reduction", "int64_t", /*default=*/"1024",
           "Sums over fewer elements are not split">,
    Option<"chunkLongDims", "chunk-long-dims", "bool", /*default=*/"false",
           "Split a reduction dimension longer than 256 into chunks first">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

//===----------------------------------------------------------------------===//
// After target mapping: memory and math
//===----------------------------------------------------------------------===//

def NNCCPlanWorkspacePass : Pass<"nncc-plan-workspace", "::mlir::ModuleOp"> {
  let summary = "Place every buffer of an entry point in one planned workspace";
  let description = [{
    On the functions marked `nncc.entry_point`, after bufferization: every
    `memref.alloc` (static shape and identity layout, else an error) becomes
    a `memref.view` into a new last argument, the workspace `memref<Nxi8>
    {nncc.workspace}`, at an offset chosen at compile time; `memref.dealloc`
    ops go. Buffers whose lifetimes do not overlap may share bytes; those
    that are live together never do. The function gets
    `nncc.workspace_bytes = N : i64`, which the generated C API allocates
    once per model instance: calls never allocate. A buffer allocated in a
    loop body and yielded out of its iteration is an error.

    ```mlir
    func.func @f(%in: memref<4xf32>) attributes {nncc.entry_point} {
      %a = memref.alloc() : memref<16xf32>
      ...
    }
    ```
    becomes
    ```mlir
    func.func @f(%in: memref<4xf32>, %ws: memref<64xi8> {nncc.workspace})
        attributes {nncc.entry_point, nncc.workspace_bytes = 64 : i64} {
      %c0 = arith.constant 0 : index
      %a = memref.view %ws[%c0][] : memref<64xi8> to memref<16xf32>
      ...
    }
    ```

    Lifetimes, alignment and the placement order: docs/CPUCodegen.md.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNCCPolynomialMathPass : Pass<"nncc-polynomial-math", "::mlir::func::FuncOp"> {
  let summary = "Expand f32 erf, exp, expm1, log, log1p and tanh into polynomial approximations";
  let description = [{
    Replaces `math.erf`, `math.exp`, `math.expm1`, `math.log`,
    `math.log1p` and `math.tanh` on `f32` scalars and vectors by MLIR's polynomial
    approximations: branch-free `arith` and `math` ops on the same type, so
    vector code stays vector code and no libm call is left for these
    functions. With `expand-all`, `math.powf` and `math.rsqrt` are expanded
    too (into exp and log, and a division by sqrt). The results no longer
    depend on the machine's libm.

    ```mlir
    %y = math.tanh %x : vector<16xf32>
    ```
    becomes a sequence of `arith` ops (clamps, `math.fma`, `arith.select`)
    on `vector<16xf32>`.

    Accuracy, and where each target runs it: docs/CPUCodegen.md,
    docs/GPUCodegen.md.
  }];
  let options = [
    Option<"expandAll", "expand-all", "bool", /*default=*/"false",
           "Also expand powf (into exp and log) and rsqrt (into a division "
           "by sqrt), so that no math library call is left">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

//===----------------------------------------------------------------------===//
// Before the LLVM dialect: the runtime's calling convention
//===----------------------------------------------------------------------===//

def NNCCPackEntryArgumentsPass : Pass<"nncc-pack-entry-arguments", "::mlir::ModuleOp"> {
  let summary = "Hand an entry point the model's tensors through the runtime's pointer tables";
  let description = [{
    On the functions marked `nncc.entry_point`: the memref arguments that
    carry a slot of the runtime's tables (`{nncc.tensor = i}`,
    `{nncc.gradient = p}`, set by nn-create-entry-points) are replaced by
    the tables themselves, `!llvm.ptr` arguments in front: `tensors`, and
    for the training entry points `grads`. The function loads slot i of its
    table once, at its start, and views it as the memref the argument was
    (a static, identity-layout descriptor over the loaded pointer). The
    other arguments (input, output, loss, workspace, thread pool, CUDA
    context) keep their order behind the tables, so that the entry point
    has the runtime's calling convention
    `void (void *const *tensors, [void *const *grads,] ...)`.

    An entry point gets two arguments however many tensors the model has:
    with one per tensor, a model of N parameters trained with Adam had 4N
    arguments, and the conversion to the LLVM dialect took time quadratic
    in N.

    ```mlir
    func.func @nncc_predict(%w: memref<4x3xf32> {nncc.name = "w", nncc.tensor = 0 : i64},
                            %x: memref<2x4xf32>, %y: memref<2x3xf32>)
        attributes {nncc.entry_point} { ... %w ... }
    ```
    becomes
    ```mlir
    func.func @nncc_predict(%tensors: !llvm.ptr, %x: memref<2x4xf32>,
                            %y: memref<2x3xf32>) attributes {nncc.entry_point} {
      %slot = llvm.getelementptr %tensors[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
      %p = llvm.load %slot invariant : !llvm.ptr -> !llvm.ptr
      %d = ... the descriptor of memref<4x3xf32> over %p ...
      %w = builtin.unrealized_conversion_cast %d : !llvm.struct<...> to memref<4x3xf32>
      ... %w ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // NNCC_CODEGEN_COMMON_PASSES_TD
