//===- Passes.td - GPU codegen passes ----------------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The CUDA target's codegen passes (IREE's Codegen/LLVMGPU), in pipeline
// order: kernels from buffers, their emulation on the host (tests), the
// device code's last fix-ups, the host's launches. PTX is serialized by
// nncc-serialize-ptx (Target). The heuristics are in docs/GPUCodegen.md.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CODEGEN_GPU_PASSES_TD
#define NNCC_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

def NNCCFuseRecurrentCellsPass
    : Pass<"nncc-fuse-recurrent-cells", "::mlir::ModuleOp"> {
  let summary = "Shape each RNN step on buffers into one GPU kernel";
  let description = [{
    On the functions marked `nncc.entry_point`: an RNN step in a time loop,
    `linalg.matmul ins(h, R) outs(z)` (default maps, static shapes, one
    float type; z [b, G·u] an argument or allocation, written before it at
    most by one copy or fill of all of it), followed by a cell
    `linalg.generic` over [b, u] that reads the G gate slices
    `z[:, g·u : (g+1)·u]` with identity maps, z being read through those
    slices only. The step is
    rewritten onto the cell's domain: the product becomes one
    `linalg.generic` over (b, j, k) with G outputs, `z_g[b, j] += h[b, k] ·
    R[k, g·u + j]`; the copy or fill becomes one per gate slice; when the
    cell overwrites `h` in place, `h` is double-buffered (even steps read
    `h` and write a second buffer, odd steps the other way round; after an
    odd number of steps the second buffer is copied back).

    k runs in order, so each sum is the matmul's, bitwise. A step that
    does not match, or whose `h` cannot be double-buffered, is left as it
    is: still correct, as two kernels.

    ```mlir
    scf.for %t = %c0 to %c4 step %c1 {
      memref.copy %x, %z : memref<8x32xf32, strided<[128, 1], offset: ?>> to memref<8x32xf32>
      linalg.matmul ins(%h, %r : memref<8x16xf32>, memref<16x32xf32>) outs(%z : memref<8x32xf32>)
      %z0 = memref.subview %z[0, 0] [8, 16] [1, 1] : ...
      %z1 = memref.subview %z[0, 16] [8, 16] [1, 1] : ...
      linalg.generic ... ins(%z0, %z1 : ...) outs(%h, %c : memref<8x16xf32>, memref<8x16xf32>) { ... }
    }
    ```
    becomes
    ```mlir
    %h2 = memref.alloc() {alignment = 64 : i64} : memref<8x16xf32>
    scf.for %t = %c0 to %c4 step %c1 {
      ...                                   // %even: step %t is even
      %cur = arith.select %even, %h, %h2 : memref<8x16xf32>
      %next = arith.select %even, %h2, %h : memref<8x16xf32>
      linalg.copy ins(...) outs(%z0 : ...)
      linalg.copy ins(...) outs(%z1 : ...)
      %r0 = memref.subview %r[0, 0] [16, 16] [1, 1] : ...
      %r1 = memref.subview %r[0, 16] [16, 16] [1, 1] : ...
      linalg.generic {iterator_types = ["parallel", "parallel", "reduction"]}
          ins(%cur, %r0, %r1 : ...) outs(%z0, %z1 : ...) { ... }
      linalg.generic ... ins(%z0, %z1 : ...) outs(%next, %c : ...) { ... }
    }
    ```

    Why, and what the kernel then looks like: docs/GPUCodegen.md.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NNCCMapToGPUPass : Pass<"nncc-map-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Run every memory access of the entry points in GPU kernels";
  let description = [{
    On the functions marked `nncc.entry_point`, every operation that reads
    or writes memory ends up in a `gpu.launch` named
    `@nncc_kernels::@FUNC_kN` (so `gpu-kernel-outlining` puts all kernels of
    the model into one module):

    - a linalg op (`memref.copy` becomes `linalg.copy` first): one thread
      per point of its parallel iteration space, in blocks of `block-size`
      threads, or one thread if it has no parallel dimension; each thread
      runs the reduction dimensions itself, in order, on its outputs held in
      registers. The linalg ops right after it that have the same parallel
      domain, read its outputs only at the same point and write nothing it
      touches elsewhere join its kernel. A contraction with enough work runs
      as an implicit GEMM in shared-memory tiles instead;
    - `scf.parallel` loops and bands of `scf.for` loops marked
      `nncc.parallel`: the same, one thread per iteration;
    - an `scf.for` holding any of these (an RNN's time loop) stays on the
      host, its body mapped the same way;
    - any other run of consecutive operations that touch memory: one kernel
      of one thread.

    Index arithmetic, views and allocations stay on the host. Inputs read
    from 0-d constant splat `memref.global`s are folded into the bodies;
    any other constant global a kernel reads (a table of divisors, say) is
    read inside its `gpu.launch` (with the views on it), so that
    `gpu-kernel-outlining` copies it into the kernel module, device memory
    that loading the PTX initializes: a host global's address is not valid
    on the device.
    Every sum takes its terms in the op's order, from the value the ops
    fused before it left, without atomics: results are deterministic.

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

    The fusion rules, the tiling conditions and tile sizes (64 x 64, 4 x 4
    a thread, K 16 at a time): docs/GPUCodegen.md.
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

//===----------------------------------------------------------------------===//
// Emulation (--emulate-gpu)
//===----------------------------------------------------------------------===//

def NNCCGPULaunchesToLoopsPass : Pass<"nncc-gpu-launches-to-loops"> {
  let summary = "Run gpu.launch bodies as sequential host loops (testing)";
  let description = [{
    Replaces each `gpu.launch` by host loops over its grid (z, y, x) and
    its blocks (z, y, x), block and thread ids being the loop indices.
    Between barriers, every thread of a block runs before any goes on: each
    phase has its own thread loops, and an `scf.for` holding barriers (with
    the same bounds for all threads) stays a loop around its phases. A pure
    value a phase computes and a later one uses is recomputed there;
    anything else crossing a barrier is an error. Shared memory becomes one
    host buffer, private memory one slice per thread of a host buffer.
    Launches with async tokens, dynamic shared memory or other GPU
    operations in their body (shuffles) are rejected. With `reverse`,
    blocks and threads run last to first.

    Race-free kernels give bitwise the same results in both orders; a
    kernel whose threads race (one reads what another writes) gives other
    results.

    ```mlir
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c4, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
      ...
      gpu.terminator
    }
    ```
    becomes
    ```mlir
    scf.for %bz = %c0 to %c1 step %c1 {
      scf.for %by = %c0 to %c1 step %c1 {
        scf.for %bx = %c0 to %c4 step %c1 {
          scf.for %tz = %c0 to %c1 step %c1 {
            scf.for %ty = %c0 to %c1 step %c1 {
              scf.for %tx = %c0 to %c256 step %c1 {
                ...
    ```

    What it is for (--emulate-gpu): docs/GPUCodegen.md.
  }];
  let options = [
    Option<"reverse", "reverse", "bool", /*default=*/"false",
           "Run blocks and threads in decreasing order">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

//===----------------------------------------------------------------------===//
// Device code
//===----------------------------------------------------------------------===//

def NNCCUnrollKernelLoopsPass
    : Pass<"nncc-unroll-kernel-loops", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Unroll the kernels' innermost loops so that their loads "
                "are in flight together";
  let description = [{
    A GPU issues a thread's instructions in order: in a loop whose
    iterations each load and then add what they loaded (a thread's sum over
    a reduction dimension), every iteration waits a whole memory latency
    before the next one's loads issue. Unrolling the innermost `scf.for`
    loops of every kernel by `factor` lets the compiler issue the loads of
    `factor` iterations before the first use, so a thread waits once per
    `factor` terms (an RNN step's gate sums over 64 terms: 8 round trips
    instead of 32).

    Only innermost loops with static bounds, without barriers, whose body
    times the factor is at least `min-ops` and at most `max-ops`
    operations are unrolled. Smaller loops are left to LLVM's own unroller,
    which unrolls them as far (NVPTX's partial-unroll budget is about 75
    instructions) and fully unrolls a short loop around them, which it no
    longer does once the inner loop is unrolled here (measured on an H200:
    the seed CNN's weight-gradient sums ran 2.2x slower). A trip
    count below the factor unrolls fully, one that the factor does not
    divide keeps a remainder loop. The iterations stay in their order and
    every sum takes its terms in the same order: results are bitwise the
    same.

    ```mlir
    scf.for %k = %c0 to %c64 step %c1 iter_args(%acc = %init) -> (f32) {
      %w = memref.load %W[%k, %j] ...  %x = memref.load %X[%b, %k] ...
      %p = arith.mulf %w, %x : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    ```
    becomes a loop of 8 steps, each with eight loads and eight sums in
    order.
  }];
  let options = [
    Option<"factor", "factor", "int64_t", /*default=*/"8",
           "Iterations per unrolled step">,
    Option<"minOps", "min-ops", "int64_t", /*default=*/"64",
           "Fewest operations of an unrolled loop body (smaller loops are "
           "LLVM's to unroll)">,
    Option<"maxOps", "max-ops", "int64_t", /*default=*/"512",
           "Most operations of an unrolled loop body">,
  ];
}

def NNCCConvertGPUToNVVMPass
    : Pass<"nncc-convert-gpu-to-nvvm", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Lower the kernel module to the LLVM and NVVM dialects, "
                "without libdevice";
  let description = [{
    Converts a `gpu.module` (kernels outlined, scf already lowered to cf)
    into the LLVM and NVVM dialects in one conversion: upstream's
    GPU-to-NVVM patterns for the GPU ops (`gpu.func` to a kernel
    `llvm.func`, thread and block ids to NVVM registers, barriers, shared
    and private memory), and the LLVM lowerings of arith, math, memref, cf,
    func, index and ub. Unlike upstream's `convert-gpu-to-nvvm`, which turns
    math operations into calls of CUDA's libdevice (`__nv_sqrtf`, ...),
    math becomes LLVM intrinsics that the NVPTX backend emits as single
    IEEE instructions (`sqrt.rn`, `abs`, `cvt.rmi`, `fma.rn`): the kernels
    call no library, so the PTX needs no CUDA toolkit to link. A math op
    without such an intrinsic (a transcendental function that
    `nncc-polynomial-math{expand-all}` did not expand) stays illegal and
    fails the conversion at its location.

    ```mlir
    gpu.func @k(%x: f32) kernel { %r = math.sqrt %x : f32 ... }
    ```
    becomes
    ```mlir
    llvm.func @k(%x: f32) attributes {nvvm.kernel} {
      %r = llvm.intr.sqrt(%x) : (f32) -> f32 ...
    }
    ```

    Why no libdevice: docs/GPUCodegen.md.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

//===----------------------------------------------------------------------===//
// Host code
//===----------------------------------------------------------------------===//

def NNCCLowerGPULaunchesPass
    : Pass<"nncc-lower-gpu-launches", "::mlir::ModuleOp"> {
  let summary = "Lower kernel launches to calls of the CUDA runtime";
  let description = [{
    The host side of the CUDA target, after `nncc-serialize-ptx`:

    - the PTX of `@nncc_kernels` becomes the constant string
      `nncc_cuda_ptx`, the launched kernels' names (in order of first
      launch: a kernel's index) the NUL-separated string
      `nncc_cuda_kernel_names`, their count the i32 `nncc_cuda_num_kernels`;
      PTX that declares an external function (`.extern .func`) is an error;
    - every function marked `nncc.entry_point` gets a new last argument,
      the instance's CUDA context (`!llvm.ptr {nncc.cuda_context}`);
    - each `gpu.launch_func` becomes `nncc_cuda_launch(ctx, kernel, gx, gy,
      gz, bx, by, bz, smem, args)`, `args` being `cuLaunchKernel`'s
      `void **` array: a pointer to each kernel parameter (a memref as its
      descriptor's allocated and aligned pointers, offset, sizes and
      strides, as `nncc-convert-gpu-to-nvvm` declares them; an index as an
      i64), then a null. The parameter slots live in the entry block,
      shared by the function's launches.

    ```mlir
    gpu.binary @nncc_kernels [#gpu.object<#nvvm.target, assembly = "...">]
    func.func @f(%x: memref<8x4xf32>, %n: index) attributes {nncc.entry_point} {
      gpu.launch_func @nncc_kernels::@f_k0 blocks in (%n, %c1, %c1) threads in (%c32, %c1, %c1) args(%n : index)
      ...
    ```
    becomes
    ```mlir
    llvm.mlir.global external constant @nncc_cuda_ptx("...\00")
    llvm.mlir.global external constant @nncc_cuda_kernel_names("f_k0\00\00")
    llvm.mlir.global external constant @nncc_cuda_num_kernels(1 : i32)
    func.func @f(%x: memref<8x4xf32>, %n: index, %ctx: !llvm.ptr {nncc.cuda_context})
        attributes {nncc.entry_point} {
      ... the parameter slots and the pointer array %ptrs ...
      %k0 = arith.constant 0 : i32
      call @nncc_cuda_launch(%ctx, %k0, ..., %ptrs) : ...
      ...
    ```

    The runtime's side: docs/GPUCodegen.md.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // NNCC_CODEGEN_GPU_PASSES_TD
