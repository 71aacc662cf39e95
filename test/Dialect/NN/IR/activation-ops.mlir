// RUN: nncc-opt %s | FileCheck %s
// RUN: nncc-opt %s | nncc-opt | FileCheck %s
// RUN: nncc-opt %s --mlir-print-op-generic | nncc-opt | FileCheck %s

// The activations of NNActivationOps.td, prelu, the extrema and average,
// and their gradient ops, printed and parsed back. Result types are
// inferred; attributes at their default value are not printed.

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  // CHECK: nn.leaky_relu %{{.*}} : tensor<4x10xf32>{{$}}
  %0 = nn.leaky_relu %x {negative_slope = 0.3 : f64} : tensor<4x10xf32>
  // CHECK: nn.leaky_relu %{{.*}} {negative_slope = 2.000000e-01 : f64} : tensor<4x10xf32>{{$}}
  %1 = nn.leaky_relu %0 {negative_slope = 0.2 : f64} : tensor<4x10xf32>
  // CHECK: nn.elu %{{.*}} : tensor<4x10xf32>{{$}}
  %2 = nn.elu %1 : tensor<4x10xf32>
  // CHECK: nn.elu %{{.*}} {alpha = 5.000000e-01 : f64} : tensor<4x10xf32>{{$}}
  %3 = nn.elu %2 {alpha = 0.5 : f64} : tensor<4x10xf32>
  // CHECK: nn.selu %{{.*}} : tensor<4x10xf32>{{$}}
  %4 = nn.selu %3 : tensor<4x10xf32>
  // CHECK: nn.gelu %{{.*}} : tensor<4x10xf32>{{$}}
  %5 = nn.gelu %4 : tensor<4x10xf32>
  // CHECK: nn.gelu %{{.*}} {approximate} : tensor<4x10xf32>{{$}}
  %6 = nn.gelu %5 {approximate} : tensor<4x10xf32>
  // CHECK: nn.silu %{{.*}} : tensor<4x10xf32>{{$}}
  %7 = nn.silu %6 : tensor<4x10xf32>
  // CHECK: nn.softplus %{{.*}} : tensor<4x10xf32>{{$}}
  %8 = nn.softplus %7 : tensor<4x10xf32>
  // CHECK: nn.softsign %{{.*}} : tensor<4x10xf32>{{$}}
  %9 = nn.softsign %8 : tensor<4x10xf32>
  // CHECK: nn.hard_sigmoid %{{.*}} : tensor<4x10xf32>{{$}}
  %10 = nn.hard_sigmoid %9 : tensor<4x10xf32>
  // CHECK: nn.hard_silu %{{.*}} : tensor<4x10xf32>{{$}}
  %11 = nn.hard_silu %10 : tensor<4x10xf32>
  // CHECK: nn.relu6 %{{.*}} : tensor<4x10xf32>{{$}}
  %12 = nn.relu6 %11 : tensor<4x10xf32>
  return %12 : tensor<4x10xf32>
}

// CHECK-LABEL: func.func @prelu_and_merges
func.func @prelu_and_merges(%x: tensor<2x5x5x3xf64>, %alpha: tensor<1x1x3xf64>,
                            %v: tensor<3xf64>) -> tensor<2x5x5x3xf64> {
  // CHECK: nn.prelu %{{.*}}, %{{.*}} : tensor<2x5x5x3xf64>, tensor<1x1x3xf64>{{$}}
  %0 = nn.prelu %x, %alpha : tensor<2x5x5x3xf64>, tensor<1x1x3xf64>
  // CHECK: nn.maximum %{{.*}}, %{{.*}} : tensor<2x5x5x3xf64>, tensor<3xf64>{{$}}
  %1 = nn.maximum %0, %v : tensor<2x5x5x3xf64>, tensor<3xf64>
  // CHECK: nn.minimum %{{.*}}, %{{.*}} : tensor<3xf64>, tensor<2x5x5x3xf64>{{$}}
  %2 = nn.minimum %v, %1 : tensor<3xf64>, tensor<2x5x5x3xf64>
  // CHECK: nn.average %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x5x5x3xf64>, tensor<2x5x5x3xf64>, tensor<2x5x5x3xf64>{{$}}
  %3 = nn.average %0, %1, %2 : tensor<2x5x5x3xf64>, tensor<2x5x5x3xf64>, tensor<2x5x5x3xf64>
  return %3 : tensor<2x5x5x3xf64>
}

// CHECK-LABEL: func.func @gradient_ops
func.func @gradient_ops(%x: tensor<4x3xf32>, %dy: tensor<4x3xf32>,
                        %a: tensor<3xf32>) -> tensor<4x3xf32> {
  // CHECK: nn.activation_grad %{{.*}}, %{{.*}} {activation = #nn.activation<gelu_tanh>} : tensor<4x3xf32>, tensor<4x3xf32>{{$}}
  %0 = nn.activation_grad %x, %dy {activation = #nn.activation<gelu_tanh>} : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.activation_grad %{{.*}}, %{{.*}} {activation = #nn.activation<elu>, parameter = 5.000000e-01 : f64} : tensor<4x3xf32>, tensor<4x3xf32>{{$}}
  %1 = nn.activation_grad %x, %0 {activation = #nn.activation<elu>, parameter = 0.5 : f64} : tensor<4x3xf32>, tensor<4x3xf32>
  // CHECK: nn.prelu_grad %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>, tensor<4x3xf32>{{$}}
  %2 = nn.prelu_grad %x, %a, %1 : tensor<4x3xf32>, tensor<3xf32>, tensor<4x3xf32>
  // CHECK: nn.maximum_grad %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>, tensor<4x3xf32>{{$}}
  %3 = nn.maximum_grad %x, %a, %2 : tensor<4x3xf32>, tensor<3xf32>, tensor<4x3xf32>
  // CHECK: nn.minimum_grad %{{.*}}, %{{.*}}, %{{.*}} : tensor<3xf32>, tensor<4x3xf32>, tensor<4x3xf32>{{$}}
  %4 = nn.minimum_grad %a, %x, %3 : tensor<3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
  return %4 : tensor<4x3xf32>
}
