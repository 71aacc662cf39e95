// RUN: nncc-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// Each activation of Activations.cpp is one parallel linalg.generic whose
// body is f (or dy · f'), branch-free.

// gelu(x) = x/2 · (1 + erf(x/√2)); its derivative Φ(x) + x·φ(x).
// CHECK-LABEL: func.func @gelu
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%{{.*}} : tensor<4x8xf32>)
// CHECK:           arith.constant 0.707106769 : f32
// CHECK:           math.erf
// CHECK:           arith.mulf
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK:           math.erf
// CHECK:           arith.constant 0.398942292 : f32
// CHECK:           math.exp
func.func @gelu(%x: tensor<4x8xf32>, %dy: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.gelu %x : tensor<4x8xf32>
  %1 = nn.activation_grad %x, %dy {activation = #nn.activation<gelu>} : tensor<4x8xf32>, tensor<4x8xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// leaky_relu and elu: a select on x > 0 with the parameter as a constant.
// CHECK-LABEL: func.func @leaky_relu_elu
// CHECK:         linalg.generic
// CHECK:           arith.cmpf ogt
// CHECK:           arith.constant 5.000000e-02 : f64
// CHECK:           arith.select
// CHECK:         linalg.generic
// CHECK:           arith.cmpf ogt
// CHECK:           arith.constant 0.69999999999999996 : f64
// CHECK:           math.expm1
// CHECK:           arith.select
func.func @leaky_relu_elu(%x: tensor<6xf64>) -> tensor<6xf64> {
  %0 = nn.leaky_relu %x {negative_slope = 0.05 : f64} : tensor<6xf64>
  %1 = nn.elu %0 {alpha = 0.7 : f64} : tensor<6xf64>
  return %1 : tensor<6xf64>
}

// -----

// softplus in its stable form max(x, 0) + log1p(exp(−|x|)).
// CHECK-LABEL: func.func @softplus
// CHECK:         linalg.generic
// CHECK:           math.absf
// CHECK-NEXT:      arith.negf
// CHECK-NEXT:      math.exp
// CHECK-NEXT:      math.log1p
// CHECK:           arith.maximumf
// CHECK-NEXT:      arith.addf
func.func @softplus(%x: tensor<6xf32>) -> tensor<6xf32> {
  %0 = nn.softplus %x : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// hard_silu' = x < −3 ? 0 : x > 3 ? dy : dy · (x/3 + 1/2); relu6's is
// dy on 0 < x < 6.
// CHECK-LABEL: func.func @piecewise_grads
// CHECK:         linalg.generic
// CHECK:           arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK:           arith.select
// CHECK:           arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK:           arith.select
// CHECK:         linalg.generic
// CHECK:           arith.cmpf ogt
// CHECK:           arith.constant 6.000000e+00 : f32
// CHECK:           arith.cmpf olt
// CHECK:           arith.andi
// CHECK:           arith.select
func.func @piecewise_grads(%x: tensor<4x8xf32>, %dy: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.activation_grad %x, %dy {activation = #nn.activation<hard_silu>} : tensor<4x8xf32>, tensor<4x8xf32>
  %1 = nn.activation_grad %x, %dy {activation = #nn.activation<relu6>} : tensor<4x8xf32>, tensor<4x8xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// prelu and its gradient read alpha through a broadcast map.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @prelu
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]
// CHECK:           arith.cmpf ogt
// CHECK:           arith.mulf
// CHECK:           arith.select
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]], #[[ID]]]
func.func @prelu(%x: tensor<4x8xf32>, %a: tensor<8xf32>, %dy: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.prelu %x, %a : tensor<4x8xf32>, tensor<8xf32>
  %1 = nn.prelu_grad %x, %a, %dy : tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// The extrema propagate NaN (maximumf / minimumf); their gradients select
// dy where lhs wins, ties included; average sums left to right, then
// divides.
// CHECK-LABEL: func.func @merges
// CHECK:         arith.maximumf
// CHECK:         arith.minimumf
// CHECK:         arith.cmpf oge
// CHECK:         arith.select
// CHECK:         arith.cmpf ole
// CHECK:         arith.select
// CHECK:         linalg.generic
// CHECK:           %[[S0:.*]] = arith.addf %{{.*}}, %{{.*}} : f32
// CHECK:           %[[S1:.*]] = arith.addf %[[S0]], %{{.*}} : f32
// CHECK:           arith.constant 3.000000e+00 : f32
// CHECK:           arith.divf %[[S1]]
func.func @merges(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %dy: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.maximum %a, %b : tensor<4x8xf32>, tensor<8xf32>
  %1 = nn.minimum %b, %a : tensor<8xf32>, tensor<4x8xf32>
  %2 = nn.maximum_grad %a, %b, %dy : tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>
  %3 = nn.minimum_grad %a, %b, %dy : tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>
  %4 = nn.average %a, %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  return %0, %1, %2, %3, %4 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}
