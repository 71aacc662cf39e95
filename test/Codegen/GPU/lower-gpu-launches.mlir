// RUN: nncc-opt %s --nncc-lower-gpu-launches --split-input-file --verify-diagnostics | FileCheck %s

// The PTX and the kernel names become globals; the entry point gets the
// CUDA context as its last argument; a launch becomes a call of
// nncc_cuda_launch with cuLaunchKernel's array of pointers to the kernel's
// parameters: a memref as (allocated, aligned, offset, sizes, strides), an
// index as i64. The parameter slots are allocated once, in the entry block.
module attributes {gpu.container_module} {
  gpu.binary @nncc_kernels [#gpu.object<#nvvm.target, assembly = ".version 8.0\0A.entry f_k0() {}\0A.entry f_k1() {}">]
  func.func @f(%x: memref<8x4xf32>, %n: index) attributes {nncc.entry_point} {
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    gpu.launch_func @nncc_kernels::@f_k1 blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1) args(%x : memref<8x4xf32>, %n : index)
    gpu.launch_func @nncc_kernels::@f_k0 blocks in (%n, %c1, %c1) threads in (%c32, %c1, %c1) args(%n : index)
    gpu.launch_func @nncc_kernels::@f_k1 blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1) args(%x : memref<8x4xf32>, %n : index)
    return
  }
}
// CHECK-NOT:   gpu.container_module
// CHECK-NOT:   gpu.binary
// CHECK-LABEL: func.func @f(
// CHECK-SAME:      %[[X:.*]]: memref<8x4xf32>, %[[N:.*]]: index, %[[CTX:.*]]: !llvm.ptr {nncc.cuda_context})
// CHECK:         %[[COUNT:.*]] = llvm.mlir.constant(8 : i64) : i64
// CHECK:         %[[SLOTS:.*]] = llvm.alloca %[[COUNT]] x i64 {alignment = 8 : i64}
// CHECK:         %[[COUNT1:.*]] = llvm.mlir.constant(9 : i64) : i64
// CHECK:         %[[PTRS:.*]] = llvm.alloca %[[COUNT1]] x !llvm.ptr {alignment = 8 : i64}
// CHECK:         %{{.*}}, %[[OFF:.*]], %[[SIZES:.*]]:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[X]]
// CHECK:         %[[ALIGNED:.*]] = memref.extract_aligned_pointer_as_index %[[X]]
// CHECK:         %[[P:.*]] = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr
// CHECK:         %[[S0:.*]] = llvm.getelementptr %[[SLOTS]][0] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK:         llvm.store %[[P]], %[[S0]] : !llvm.ptr, !llvm.ptr
// CHECK:         %[[E0:.*]] = llvm.getelementptr %[[PTRS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         llvm.store %[[S0]], %[[E0]] : !llvm.ptr, !llvm.ptr
// CHECK:         llvm.getelementptr %[[SLOTS]][7]
// CHECK:         %[[END:.*]] = llvm.getelementptr %[[PTRS]][8]
// CHECK:         %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.store %[[NULL]], %[[END]]
// CHECK:         %[[K1:.*]] = arith.constant 0 : i32
// CHECK:         call @nncc_cuda_launch(%[[CTX]], %[[K1]], {{.*}}, %[[PTRS]])
// CHECK:         %[[K0:.*]] = arith.constant 1 : i32
// CHECK:         call @nncc_cuda_launch(%[[CTX]], %[[K0]], {{.*}}, %[[PTRS]])
// CHECK:         arith.constant 0 : i32
// CHECK:         call @nncc_cuda_launch
// CHECK-NOT:     gpu.launch_func
// CHECK:       llvm.mlir.global external constant @nncc_cuda_ptx(".version 8.0\0A.entry f_k0() {}\0A.entry f_k1() {}\00")
// CHECK:       llvm.mlir.global external constant @nncc_cuda_kernel_names("f_k1\00f_k0\00\00")
// CHECK:       llvm.mlir.global external constant @nncc_cuda_num_kernels(2 : i32)
// CHECK:       func.func private @nncc_cuda_launch(!llvm.ptr, i32, i32, i32, i32, i32, i32, i32, i32, !llvm.ptr)

// -----

// PTX that calls a function it does not define (here libdevice's) would
// not load without a library nncc does not link: rejected.
module attributes {gpu.container_module} {
  // expected-error @below {{the PTX calls a function it does not define: .extern .func __nv_expf}}
  gpu.binary @nncc_kernels [#gpu.object<#nvvm.target, assembly = ".extern .func __nv_expf(.param .b32 x);">]
}

// -----

module attributes {gpu.container_module} {
  // expected-error @below {{expected PTX (format=isa)}}
  gpu.binary @nncc_kernels [#gpu.object<#nvvm.target, bin = "ELF">]
}
