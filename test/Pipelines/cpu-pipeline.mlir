// RUN: nncc-opt %s --nncc-cpu-pipeline | FileCheck %s

// The whole CPU pipeline ends in the LLVM dialect: one entry point taking
// plain pointers (the runtime's table of the parameters, input, output,
// workspace, thread pool), no allocation, no call into any runtime library.
// CHECK-LABEL: module @tiny
// CHECK:         llvm.func @nncc_predict(%{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr {nncc.workspace}, %{{[^:]*}}: !llvm.ptr {nncc.thread_pool})
// CHECK-SAME:      nncc.entry_point
// CHECK-SAME:      nncc.workspace_bytes = {{[0-9]+}} : i64
// CHECK-NOT:     llvm.call
// CHECK-NOT:     malloc
module @tiny {
  nn.parameter @w : tensor<4x3xf32> init<glorot_uniform>
  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
    %w = nn.parameter_read @w : tensor<4x3xf32>
    %0 = nn.dense %x, %w : tensor<2x4xf32>, tensor<4x3xf32>
    %1 = nn.softmax %0 : tensor<2x3xf32>
    return %1 : tensor<2x3xf32>
  }
}
