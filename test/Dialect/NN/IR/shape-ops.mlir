// RUN: nncc-opt %s | FileCheck %s
// RUN: nncc-opt %s | nncc-opt | FileCheck %s
// RUN: nncc-opt %s --mlir-print-op-generic | nncc-opt | FileCheck %s

// The data-movement ops of NNShapeOps.td and the global pools, printed and
// parsed back with their inferred result types.

// CHECK-LABEL: func.func @shape_ops
func.func @shape_ops(%a: tensor<2x5x5x3xf32>, %b: tensor<2x5x5x4xf32>) -> tensor<2x4x7x7xf32> {
  // CHECK: %[[C:.*]] = nn.concatenate %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x5x5x3xf32>, tensor<2x5x5x4xf32>, tensor<2x5x5x3xf32>{{$}}
  %0 = nn.concatenate %a, %b, %a : tensor<2x5x5x3xf32>, tensor<2x5x5x4xf32>, tensor<2x5x5x3xf32>
  // CHECK: nn.concatenate %[[C]], %[[C]] {axis = 0 : i64} : tensor<2x5x5x10xf32>, tensor<2x5x5x10xf32>{{$}}
  %1 = nn.concatenate %0, %0 {axis = 0 : i64} : tensor<2x5x5x10xf32>, tensor<2x5x5x10xf32>
  // CHECK: nn.slice %{{.*}} {offsets = array<i64: 1, 0, 1, 2>, sizes = array<i64: 2, 5, 3, 4>} : tensor<4x5x5x10xf32>{{$}}
  %2 = nn.slice %1 {offsets = array<i64: 1, 0, 1, 2>, sizes = array<i64: 2, 5, 3, 4>} : tensor<4x5x5x10xf32>
  // CHECK: nn.pad %{{.*}} {high = array<i64: 0, 1, 1, 0>, low = array<i64: 0, 1, 3, 0>} : tensor<2x5x3x4xf32>{{$}}
  %3 = nn.pad %2 {low = array<i64: 0, 1, 3, 0>, high = array<i64: 0, 1, 1, 0>} : tensor<2x5x3x4xf32>
  %4 = nn.reshape %3 : tensor<2x7x7x4xf32> -> tensor<2x4x7x7xf32>
  return %4 : tensor<2x4x7x7xf32>
}

// CHECK-LABEL: func.func @global_pools
func.func @global_pools(%x: tensor<2x5x7x3xf64>) -> (tensor<2x3xf64>, tensor<2x1x1x3xf64>) {
  // CHECK: nn.global_max_pool2d %{{.*}} : tensor<2x5x7x3xf64>{{$}}
  %0 = nn.global_max_pool2d %x : tensor<2x5x7x3xf64>
  // CHECK: nn.global_avg_pool2d %{{.*}} {keepdims} : tensor<2x5x7x3xf64>{{$}}
  %1 = nn.global_avg_pool2d %x {keepdims} : tensor<2x5x7x3xf64>
  return %0, %1 : tensor<2x3xf64>, tensor<2x1x1x3xf64>
}

// CHECK-LABEL: func.func @copies
func.func @copies(%x: tensor<2x5x7xf32>, %v: tensor<2x3xf32>, %i: tensor<2x3x4x5xf32>)
    -> (tensor<2x7x5xf32>, tensor<2x4x3xf32>, tensor<2x6x8x5xf32>, tensor<2x9x8x5xf32>) {
  // CHECK: nn.transpose %{{.*}} {permutation = array<i64: 0, 2, 1>} : tensor<2x5x7xf32>{{$}}
  %0 = nn.transpose %x {permutation = array<i64: 0, 2, 1>} : tensor<2x5x7xf32>
  // CHECK: nn.repeat_vector %{{.*}} {n = 4 : i64} : tensor<2x3xf32>{{$}}
  %1 = nn.repeat_vector %v {n = 4 : i64} : tensor<2x3xf32>
  // CHECK: nn.upsampling2d %{{.*}} : tensor<2x3x4x5xf32>{{$}}
  %2 = nn.upsampling2d %i {size = array<i64: 2, 2>} : tensor<2x3x4x5xf32>
  // CHECK: nn.upsampling2d %{{.*}} {size = array<i64: 3, 2>} : tensor<2x3x4x5xf32>{{$}}
  %3 = nn.upsampling2d %i {size = array<i64: 3, 2>} : tensor<2x3x4x5xf32>
  return %0, %1, %2, %3 : tensor<2x7x5xf32>, tensor<2x4x3xf32>, tensor<2x6x8x5xf32>, tensor<2x9x8x5xf32>
}
