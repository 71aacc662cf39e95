// RUN: nncc-opt %s --nn-simplify-gradients --split-input-file | FileCheck %s

// The ReLU mask moves to the pooled side of the max-pooling gradient: it
// masks 32x13x13x32 values instead of 32x26x26x32, and the full-size
// masking pass goes away.
func.func @relu_pool(%x: tensor<32x26x26x32xf32>, %dy: tensor<32x13x13x32xf32>) -> (tensor<32x13x13x32xf32>, tensor<32x26x26x32xf32>) {
  %r = nn.relu %x : tensor<32x26x26x32xf32>
  %p = nn.max_pool2d %r : tensor<32x26x26x32xf32>
  %g = nn.max_pool2d_grad %r, %dy : tensor<32x26x26x32xf32>, tensor<32x13x13x32xf32>
  %dx = nn.relu_grad %x, %g : tensor<32x26x26x32xf32>, tensor<32x26x26x32xf32>
  return %p, %dx : tensor<32x13x13x32xf32>, tensor<32x26x26x32xf32>
}
// CHECK-LABEL: func.func @relu_pool(
// CHECK-SAME:      %[[X:.*]]: tensor<32x26x26x32xf32>, %[[DY:.*]]: tensor<32x13x13x32xf32>)
// CHECK:         %[[R:.*]] = nn.relu %[[X]]
// CHECK:         %[[P:.*]] = nn.max_pool2d %[[R]]
// CHECK:         %[[M:.*]] = nn.relu_grad %[[P]], %[[DY]] : tensor<32x13x13x32xf32>, tensor<32x13x13x32xf32>
// CHECK:         %[[DX:.*]] = nn.max_pool2d_grad %[[R]], %[[M]] : tensor<32x26x26x32xf32>, tensor<32x13x13x32xf32>
// CHECK-NOT:     nn.relu_grad
// CHECK:         return %[[P]], %[[DX]]

// -----

// Left alone: the mask is not of the pooled activation's input; the
// pooling differs from the gradient's (strides); no forward pooling.
func.func @keep(%x: tensor<8x8x8x4xf32>, %y: tensor<8x8x8x4xf32>, %dy: tensor<8x4x4x4xf32>, %dz: tensor<8x7x7x4xf32>) -> (tensor<8x8x8x4xf32>, tensor<8x8x8x4xf32>, tensor<8x4x4x4xf32>) {
  %r = nn.relu %x : tensor<8x8x8x4xf32>
  %p = nn.max_pool2d %r : tensor<8x8x8x4xf32>
  %g = nn.max_pool2d_grad %r, %dy : tensor<8x8x8x4xf32>, tensor<8x4x4x4xf32>
  %a = nn.relu_grad %y, %g : tensor<8x8x8x4xf32>, tensor<8x8x8x4xf32>
  %h = nn.max_pool2d_grad %r, %dz {strides = array<i64: 1, 1>} : tensor<8x8x8x4xf32>, tensor<8x7x7x4xf32>
  %b = nn.relu_grad %x, %h : tensor<8x8x8x4xf32>, tensor<8x8x8x4xf32>
  return %a, %b, %p : tensor<8x8x8x4xf32>, tensor<8x8x8x4xf32>, tensor<8x4x4x4xf32>
}
// CHECK-LABEL: func.func @keep(
// CHECK:         nn.max_pool2d_grad %{{.*}}, %{{.*}} : tensor<8x8x8x4xf32>, tensor<8x4x4x4xf32>
// CHECK-NEXT:    nn.relu_grad %{{.*}}, %{{.*}} : tensor<8x8x8x4xf32>, tensor<8x8x8x4xf32>
// CHECK-NEXT:    nn.max_pool2d_grad %{{.*}}, %{{.*}} {strides = array<i64: 1, 1>}
// CHECK-NEXT:    nn.relu_grad %{{.*}}, %{{.*}} : tensor<8x8x8x4xf32>, tensor<8x8x8x4xf32>
