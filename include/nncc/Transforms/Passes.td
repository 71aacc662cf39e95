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

def NNCCVectorizePass : Pass<"nncc-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops on buffers into vector-wide tiles and vectorize them";
  let description = [{
    For every `linalg.generic` on buffers with static loop ranges whose
    output's last dimension is a parallel loop `v` that every operand
    indexes, if at all, in its last, unit-stride dimension, tiles the op's
    parallel loops with one `scf.parallel` (every tile of size 1 but a tile
    of `width` elements along `v`: the widest of `width`, `width`/2, ... 4
    that divides `v`'s range, so that tiles are static and need no mask).
    Each tile is then vectorized lane by lane: a convolution becomes, per
    output pixel and group of `width` output channels, a loop over the
    window that multiplies a broadcast input element by a vector of kernel
    values. The body's values that are the same in every lane (constants,
    values from outside, `linalg.index` of a loop other than `v`, and what
    is computed from those alone) stay scalars, broadcast where a vector op
    uses them: the max-pool gradient compares its window position with the
    argmax this way. Ops that do not
    qualify (a reduction along the contiguous dimension, a range no width
    divides, an index along `v`) are left for
    `convert-linalg-to-parallel-loops`.

    Ops with reductions also unroll other parallel output loops
    (independent accumulators hide the FMA latency, and operands that do not
    depend on an unrolled loop are loaded once for all its copies). The
    loops unrolled are those that the most vector operands do not depend
    on: by the largest power of two up to 8 that divides one of their
    ranges, or, if that gives fewer than 4 rows, two of them whole (a
    weight gradient's 3x3 window positions: 9 rows). Elementwise ops
    unroll (whole, up to 8 rows) only loops that no vector operand depends
    on: the max-pool gradient's window positions share every load and the
    argmax. Where the vector
    loop's range allows, tiles take 2 vectors along it (at most 18
    accumulators with 16-lane vectors, 16 with narrower ones; each
    broadcast element feeds two FMAs); the
    reduction loops then run inside each tile as `scf.for` loops carrying
    the accumulators in registers. A long reduction (1024 terms or more,
    such as a convolution's weight gradient over batch and pixels) walks its
    outer loop outside the tiles, one step at a time, so that all tiles
    reuse one image's operands from the cache; a long reduction in one loop
    (an LSTM's weight gradient over batch x time) steps in chunks of its
    largest divisor from 64 to 256. Each output element still accumulates
    in the order of the op's loops.

    Reduction blocking: when one tile would read more than 32 KiB of
    operands that no parallel loop indexes (a convolution kernel: each tile
    needs all of it) and the first reduction loop is short (a window row),
    that loop steps between the parallel tile loops and the last of them:
    the tiles of one output row then reuse one block of the kernel from L1.
    Each output still sums in the op's order; its accumulators are stored
    and reloaded between the blocks.

    Transposes (one input, one output, the body yields the input; a
    weight's transposed copy for an input gradient, named `linalg.transpose`
    ops generalized first) whose two contiguous dimensions differ run in
    `width` x `width` tiles: `width` vector rows loaded along the input's
    contiguous dimension, a `vector.transpose` in registers, `width` vector
    rows stored along the output's.

    Prologue fusion: when the last op before one with reductions that
    writes its output (ops between may only be pure, or linalg ops on
    buffers independent of that output) writes every element of it, or of
    an equal view, without reading it (a `linalg.fill`, or a bias
    broadcast: an elementwise generic with the identity output map), the
    tiles start their accumulators from the values it would have written
    and the op is erased: one pass less over the output, and the same
    values. With an outer or blocked reduction step, only the first step
    starts from them (an `scf.if`); later steps reload the accumulators.

    Epilogue fusion: when the op right after one with reductions (pure ops
    between) is an elementwise `linalg.generic` that reads the first op's
    output with the identity map (the activation after a convolution or a
    dense layer, whose bias already initializes the accumulators), its body
    runs lane-wise on each tile's final accumulators and its result is
    stored straight into its own output; the producer's result is stored
    only if something else reads that buffer. The consumer's other operands
    are loaded per tile, and fusion is refused when its output could
    overlap a buffer the producer still reads. The values are those of the
    two ops run one after the other, bitwise.

    Vectorizing in MLIR, rather than leaving it to LLVM's loop vectorizer,
    does not depend on LLVM proving that the planned buffers of one
    workspace do not alias. The order of every floating-point reduction is
    that of the loops (fixed at compile time), so results are bitwise
    reproducible.

    Before (a bias-free matmul, iteration space (m, k, n)):

    ```mlir
    linalg.generic {iterator_types = ["parallel", "reduction", "parallel"]}
        ins(%a, %b : memref<8x4xf32>, memref<4x32xf32>)
        outs(%c : memref<8x32xf32>) ...
    ```

    After (`width` = 16; 8 rows of C unrolled, each with its accumulator;
    shown with one vector per row, the pass takes two when `n` allows):

    ```mlir
    scf.parallel (%n) = (%c0) to (%c32) step (%c16) {
      %c0v = vector.load %c_tile[%c0, %c0] : memref<8x16xf32, ...>, vector<16xf32>
      ...                                   // 8 accumulators
      %r:8 = scf.for %k = %c0 to %c4 step %c1 iter_args(%acc0 = %c0v, ...) {
        %b = vector.load %b_tile[%k, %c0] : memref<4x16xf32, ...>, vector<16xf32>
        %a0 = memref.load %a[%c0, %k] : memref<8x4xf32>
        %s0 = vector.broadcast %a0 : f32 to vector<16xf32>
        %p0 = arith.mulf %s0, %b : vector<16xf32>  // + addf: an FMA in LLVM
        %n0 = arith.addf %acc0, %p0 : vector<16xf32>
        ...                                 // rows 1..7 reuse %b
        scf.yield %n0, ... : vector<16xf32>, ...
      }
      vector.store %r#0, %c_tile[%c0, %c0] : memref<8x16xf32, ...>, vector<16xf32>
      ...
    }
    ```
  }];
  let options = [
    Option<"width", "width", "int64_t", /*default=*/"16",
           "Elements per vector (16 floats fill an AVX-512 register)">,
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "Run an elementwise consumer on the accumulators of its producer's tiles">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def NNCCPolynomialMathPass : Pass<"nncc-polynomial-math", "::mlir::func::FuncOp"> {
  let summary = "Expand f32 exp, expm1, log, log1p and tanh into polynomial approximations";
  let description = [{
    Replaces `math.exp`, `math.expm1`, `math.log`, `math.log1p` and
    `math.tanh` on `f32` scalars and vectors by MLIR's polynomial
    approximations (range reduction, a minimax polynomial, exponent
    reconstruction; a few ulp from the correctly rounded result). On
    vectors they stay vector code, where libm would be called once per
    lane; the generated code no longer depends on libm's version for these
    functions, so results are the same on every machine.

    ```mlir
    %y = math.tanh %x : vector<16xf32>
    ```

    becomes a branch-free sequence of `arith` ops (clamps, `math.fma`,
    `arith.select`) on `vector<16xf32>`.
  }];
  let options = [
    Option<"expandAll", "expand-all", "bool", /*default=*/"false",
           "Also expand powf (into exp and log) and rsqrt (into a division "
           "by sqrt), so that no math library call is left: the CUDA target "
           "links none into its kernels">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def NNCCParallelizePass : Pass<"nncc-parallelize", "::mlir::ModuleOp"> {
  let summary = "Run the outermost parallel loops on the instance's thread pool";
  let description = [{
    Gives every function marked `nncc.entry_point` a new last argument, the
    model instance's thread pool (`!llvm.ptr {nncc.thread_pool}`), and
    outlines each outermost `scf.parallel` of it with constant bounds into a
    private function `void NAME_parallel_K(ctx, begin, end)` that runs
    iterations [begin, end) of the loop's dimensions linearized in row-major
    order. The loop becomes a call of the runtime's
    `nncc_parallel_for(pool, body, ctx, iterations)`, which gives each
    thread one contiguous share. The values the loop uses from above
    (buffers as memref descriptors, indices, scalars) are stored into a
    struct in the caller's frame; constants are rematerialized in the body.

    Each iteration of a parallel loop writes its own output elements and
    computes them in a fixed order, so results are bitwise the same for any
    number of threads. Loops whose estimated work (operations executed,
    weighted by the trip counts of the loops around them) is below
    `min-work` are not worth a dispatch and stay on the calling thread, as
    do loops with a single iteration or non-constant bounds; the remaining
    `scf.parallel` ops lower to sequential loops.

    An `scf.for` marked `nncc.per_iteration_steps` whose body is one such
    `scf.parallel` (nncc-vectorize's step loop of a long reduction: each
    tile accumulates its own outputs one image at a time) is outlined with
    it: the body function runs the steps around its share of iterations,
    so the loop costs one dispatch instead of one per step, and each
    iteration still takes the steps in order.

    Before:
    ```mlir
    func.func @f(%a: memref<64x64xf32>) attributes {nncc.entry_point} {
      scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
        ... %a ...
      }
    }
    ```
    After:
    ```mlir
    func.func @f(%a: memref<64x64xf32>, %pool: !llvm.ptr {nncc.thread_pool})
        attributes {nncc.entry_point} {
      %ctx = llvm.alloca %c1_i64 x !llvm.struct<(struct<(ptr, ptr, i64, ...)>)>
      %d = builtin.unrealized_conversion_cast %a : memref<64x64xf32> to !llvm.struct<...>
      llvm.store %d, ...
      %body = func.constant @f_parallel_0 : (!llvm.ptr, i64, i64) -> ()
      call @nncc_parallel_for(%pool, %body, %ctx, %c64_i64) : ...
    }
    func.func private @f_parallel_0(%ctx: !llvm.ptr, %begin: i64, %end: i64) {
      ... load %a's descriptor from %ctx ...
      scf.for %i = %begin' to %end' step %c1 { ... }
    }
    ```
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

def NNCCFuseRecurrentCellsPass
    : Pass<"nncc-fuse-recurrent-cells", "::mlir::ModuleOp"> {
  let summary = "Shape each RNN step on buffers into one GPU kernel";
  let description = [{
    On the functions marked `nncc.entry_point`, an RNN step in a time loop
    is the copy of its input projection into `z` ([b, G·u]), the recurrent
    product `linalg.matmul ins(h, R) outs(z)`, then a cell `linalg.generic`
    over [b, u] that reads the G gate slices `z[:, g·u : (g+1)·u]`.
    `nncc-map-to-gpu` fuses ops with the same parallel domain, so the step
    is rewritten onto the cell's domain:

    - the product becomes one `linalg.generic` over (b, j, k) with G
      outputs, `z_g[b, j] += h[b, k] · R[k, g·u + j]` (k in order: each sum
      is the matmul's, bitwise);
    - the copy into `z` becomes G copies of gate slices; the cell reads the
      same slice values the product writes;
    - when the cell overwrites `h` in place (a step that keeps no history,
      `h` a buffer allocated outside the loop), `h` is double-buffered:
      step n reads `h` and writes a second buffer when n is even, the other
      way round when odd; after an odd number of steps the second buffer is
      copied back. A step that writes `h[:, t + 1]` of a history while
      reading `h[:, t]` needs nothing (those slices are disjoint).

    Then copies, product, cell and the copies of its results into the
    layer's history run as one kernel of b·u threads per step. Other code
    is left alone; a step this pass cannot shape is still correct, as two
    kernels.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNCCParallelizeBatchRowsPass
    : Pass<"nncc-parallelize-batch-rows", "::mlir::ModuleOp"> {
  let summary = "Run row-local time loops once per chunk of batch rows, "
                "the chunks in parallel";
  let description = [{
    On the functions marked `nncc.entry_point`, a top-level `scf.for`
    without results (an RNN's time loop, forward or backward) is row-local
    when every step reads and writes row b of its buffers only for row b:
    its memory work is linalg ops whose outputs' first index is a parallel
    loop that every other operand either indexes first and only there (a
    row buffer: an allocation, argument or workspace view of B rows, or a
    slice keeping all of them, such as `history[:, t, :]`) or does not
    index at all (the recurrent kernel, which nothing in the loop writes),
    and `memref.copy` between row buffers; the rest is index arithmetic,
    views and allocations.

    Such a loop moves into an `scf.parallel` over B / `rows` chunks, and
    each op of its body is restricted to its chunk's rows (a tile of the
    batch loop; copies of row slices). `nncc-parallelize` then dispatches
    the whole time loop once, each thread running its chunks' steps in
    order, instead of joining after every op of every step. Each row is
    computed exactly as before (the same ops, the same order of every
    sum), so results are bitwise unchanged and independent of the thread
    count. Loops with fewer than two chunks are left alone.
  }];
  let options = [
    Option<"rowsPerChunk", "rows", "int64_t", /*default=*/"4",
           "Batch rows per chunk (4: the tiles still share loads over 4 "
           "rows, and a batch of 32 gives 8 threads work)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def NNCCMapToGPUPass : Pass<"nncc-map-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Run every memory access of the entry points in GPU kernels";
  let description = [{
    The CUDA target's mapping of buffer-level code to `gpu.launch` ops, on
    the functions marked `nncc.entry_point`. Every launch names its kernel
    `@nncc_kernels::@FUNC_kN`, so `gpu-kernel-outlining` puts all kernels
    of the model into one module.

    - A linalg op becomes one kernel with one thread per point of its
      parallel iteration space, in blocks of `block-size` threads:
      `id = blockIdx.x * blockDim.x + threadIdx.x`, guarded by `id < total`
      and split row-major into the parallel loop indices. Each thread loads
      its outputs once, runs the reduction dimensions itself, in order, with
      the outputs carried in registers (`scf.for` iteration arguments), and
      stores them once: results are deterministic without atomics. A linalg
      op without parallel dimensions (a full reduction) runs on one thread
      the same way.
    - Fusion: the linalg ops right after one (host code between moves in
      front) join its kernel when they have the same parallel domain, read
      its outputs only at the same point and write nothing it reads or
      writes elsewhere (distinct allocations or arguments; the pass runs
      before `nncc-plan-workspace`, which then keeps the buffers of one
      kernel apart). So a bias broadcast, the convolution that sums onto
      it and the ReLU after it are one kernel, the bias being the sums'
      initial value.
    - Contractions are tiled through shared memory: when the group's one
      reducing op sums a product of two buffers (matmul, a convolution or
      its gradients) with at least 32 terms a sum and 16 blocks of tiles,
      it is an implicit GEMM (rows: the parallel loops only the first
      operand reads; columns: those only the second reads; loops both or
      neither read: `blockIdx.y`). A block of 256 threads computes a
      64 x 64 tile (64 x 16 for fewer than 48 columns), each thread 4 x 4
      (4 x 1) outputs in private memory; K runs 16 terms at a time: both
      operand tiles loaded into workgroup memory (padded a column against
      bank conflicts), a barrier, each thread's sums updated, a barrier.
      Each sum still takes its terms in the op's order, from the value the
      ops fused before it left, and the ops fused after it run on the
      stored sums.
    - `memref.copy` becomes `linalg.copy`, and maps as above.
    - `scf.parallel` loops, and bands of `scf.for` loops marked
      `nncc.parallel` (the max-pool gradient's scatter), map like the
      parallel dimensions of a linalg op.
    - An `scf.for` that holds any of the above (an RNN's time loop) stays
      on the host; its body is mapped the same way.
    - Any other run of consecutive operations that read or write memory
      becomes one kernel of one thread.

    Index arithmetic, views and allocations stay on the host. Inputs of
    `linalg.generic` ops read from 0-d constant splat `memref.global`s are
    folded into the op's body first, since host globals are not on the
    device.

    ```mlir
    linalg.generic {iterator_types = ["parallel"]}
        ins(%a : memref<1000xf32>) outs(%b : memref<1000xf32>) { ... }
    ```
    becomes
    ```mlir
    gpu.launch blocks(%bx, ...) in (%c4, %c1, %c1)
               threads(%tx, ...) in (%c256, %c1, %c1)
               module(@nncc_kernels) function(@f_k0) {
      %id = ... %bx * 256 + %tx
      scf.if (%id < 1000) { ... memref.load %a[%id] ... }
      gpu.terminator
    }
    ```
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block of the kernels of parallel loops">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def NNCCGPULaunchesToLoopsPass : Pass<"nncc-gpu-launches-to-loops"> {
  let summary = "Run gpu.launch bodies as sequential host loops (testing)";
  let description = [{
    Replaces each `gpu.launch` by loops over its grid (z, y, x) and its
    blocks (z, y, x) that run the body on the host, block and thread ids
    being the loop indices. Between barriers (`gpu.barrier`), every thread
    of a block runs before any goes on: each such phase has its own loops
    over the threads, and an `scf.for` holding barriers (the same for all
    threads) stays a loop around its phases. A pure value one phase
    computes and a later one uses is recomputed there; anything else
    crossing a barrier is rejected. Shared-memory attributions become one
    host buffer, private ones a slice per thread of one host buffer.
    Launches with async tokens, dynamic shared memory or other GPU
    operations in their body (shuffles) are rejected.

    This lets the CUDA target's mapping (`nncc-map-to-gpu`: the parallel
    dimensions split from the thread id, the guards, the one-thread kernels,
    the host loops around kernels) run on a CPU, so that the numerical tests
    check it on machines without a GPU (`nncc --target=cuda
    --emulate-gpu`). Only the PTX code generation and the driver calls are
    left to the GPU check.

    With `reverse`, blocks and threads run last to first. A kernel whose
    threads race (one reads what another writes) gives other results in
    the two orders; race-free kernels give bitwise the same.
  }];
  let options = [
    Option<"reverse", "reverse", "bool", /*default=*/"false",
           "Run blocks and threads in decreasing order">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def NNCCLibdeviceToIntrinsicsPass : Pass<"nncc-libdevice-to-intrinsics"> {
  let summary = "Replace libdevice calls that are one PTX instruction by LLVM intrinsics";
  let description = [{
    `convert-gpu-to-nvvm` lowers math operations to calls of CUDA's
    libdevice, which nncc does not link (the CUDA target needs no toolkit).
    This pass replaces the calls of `__nv_{fabs,floor,ceil,sqrt,trunc,rint,
    round,copysign,fmin,fmax,fma}` (f32 and f64) by the LLVM intrinsic the
    NVPTX backend lowers to the matching instruction: same IEEE results
    (`sqrt.rn`, `cvt.rmi`, ...). Other libdevice calls stay and make
    `nncc-lower-gpu-launches` report the function; the transcendental
    functions are expanded by `nncc-polynomial-math` before the kernels are
    outlined.

    ```mlir
    %r = llvm.call @__nv_sqrtf(%x) : (f32) -> f32
    ```
    becomes
    ```mlir
    %r = llvm.intr.sqrt(%x) : (f32) -> f32
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def NNCCSplitReductionsPass : Pass<"nncc-split-reductions", "::mlir::ModuleOp"> {
  let summary = "Split long sums with few outputs into partial sums";
  let description = [{
    On the functions marked `nncc.entry_point`, a linalg op on buffers that
    sums (`out = out + x`, one output) over at least `min-reduction`
    elements into fewer than `min-threads` outputs (a bias gradient, the
    weight gradient of a convolution with one input channel, a loss total)
    would give the GPU few threads, each with a long loop, and the CPU's
    thread pool too few vector tiles. Its outermost reduction dimension of
    2 to 256 iterations (the batch), C of them, becomes parallel:

    ```
    partial = alloc C x shape(out);  fill(0, partial)
    partial[c, ...] += x             (the op, c parallel)
    out[...] += partial[c, ...]      (c a reduction, in order)
    ```

    C times the threads, a short final sum; the additions happen in an
    order fixed at compile time, so results are deterministic (they differ
    from the unsplit sum's by rounding only). Named ops are generalized to
    see their body; other reductions (max, products) are left alone.

    With `chunk-long-dims`, a sum whose reduction dimensions are all longer
    than 256 (a dense layer's 1600 inputs) is split too: its outermost one,
    of S iterations, when every operand indexes it by itself, becomes C
    chunks of S / C (operands viewed through `memref.expand_shape`), C the
    largest divisor of S up to 256 that leaves chunks of 32 or more; the
    chunks are then the partial sums' dimension as above.
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

def NNCCSerializePTXPass : Pass<"nncc-serialize-ptx", "::mlir::ModuleOp"> {
  let summary = "Compile the kernel modules to PTX in process";
  let description = [{
    Translates each `gpu.module` (already in the LLVM and NVVM dialects) to
    LLVM IR, runs LLVM's O3 pipeline for the NVPTX target and emits PTX for
    `gpu-arch` with the PTX ISA `ptx-version`, replacing the module by a
    `gpu.binary` of the same name holding the PTX (format `assembly`).

    Upstream's `gpu-module-to-binary{format=isa}` does the same but also
    looks for a CUDA toolkit to link libdevice from, and reports an error
    where none is installed; this pass never looks: nncc needs no toolkit
    and the PTX is the same on every machine. The kernels call no library
    function (see `nncc-libdevice-to-intrinsics`).
  }];
  let options = [
    Option<"gpuArch", "gpu-arch", "std::string", /*default=*/"\"sm_80\"",
           "The GPU architecture (sm_NN)">,
    Option<"ptxVersion", "ptx-version", "std::string", /*default=*/"\"ptx80\"",
           "The PTX ISA version, as an NVPTX feature (ptx80: CUDA 12.0 "
           "drivers, sm_90 and older)">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

def NNCCLowerGPULaunchesPass
    : Pass<"nncc-lower-gpu-launches", "::mlir::ModuleOp"> {
  let summary = "Lower kernel launches to calls of the CUDA runtime";
  let description = [{
    The host side of the CUDA target, after `nncc-serialize-ptx` has
    serialized the kernel module `@nncc_kernels` to PTX.

    - The PTX becomes the constant string `nncc_cuda_ptx`; the names of the
      launched kernels the NUL-separated string `nncc_cuda_kernel_names`,
      their count the i32 `nncc_cuda_num_kernels`. A kernel's index is its
      position in that list. PTX that declares an external function
      (`.extern .func`, e.g. a libdevice call) is an error: nncc links no
      library into the kernels.
    - Every function marked `nncc.entry_point` gets a new last argument,
      the instance's CUDA context (`!llvm.ptr {nncc.cuda_context}`).
    - Each `gpu.launch_func` becomes
      `nncc_cuda_launch(ctx, kernel, gx, gy, gz, bx, by, bz, smem, args)`
      where `args` is the `void **` array of `cuLaunchKernel`: a pointer to
      each kernel parameter, a memref passed as its descriptor's allocated
      and aligned pointers, offset, sizes and strides (the parameters
      `convert-gpu-to-nvvm` gives the kernel), an index as an i64, and a
      null after the last (cuLaunchKernel ignores it; a test driver checks
      the count with it). The parameter slots live in the entry block,
      shared by the function's launches.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // NNCC_TRANSFORMS_PASSES_TD
