// RUN: nncc-opt %s --nncc-share-scalar-operands | FileCheck %s

#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>

// Two updates read the learning rate %lr: it leaves both ops' operands and
// is extracted once, right after its definition; the bodies use the
// scalar. The other operands and the arithmetic stay as they were.
// CHECK-LABEL: func.func @shared
// CHECK-SAME:    (%[[LRM:[^:]*]]: memref<f32>, %[[P:[^:]*]]: tensor<8xf32>, %[[Q:[^:]*]]: tensor<5xf32>)
// CHECK:         %[[LR:.*]] = bufferization.to_tensor %[[LRM]]
// CHECK-NEXT:    %[[S:.*]] = tensor.extract %[[LR]][] : tensor<f32>
// CHECK:         linalg.generic {{.*}} ins(%[[P]] : tensor<8xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[M:.*]] = arith.mulf %[[X]], %[[S]] : f32
// CHECK-NEXT:      arith.subf %[[X]], %[[M]] : f32
// CHECK:         linalg.generic {{.*}} ins(%[[Q]] : tensor<5xf32>)
// CHECK:           arith.mulf %{{.*}}, %[[S]] : f32
// CHECK-NOT:     tensor.extract
func.func @shared(%lrm: memref<f32>, %p: tensor<8xf32>, %q: tensor<5xf32>) -> (tensor<8xf32>, tensor<5xf32>) {
  %lr = bufferization.to_tensor %lrm restrict : memref<f32> to tensor<f32>
  %e8 = tensor.empty() : tensor<8xf32>
  %a = linalg.generic {indexing_maps = [#id, #scalar, #id], iterator_types = ["parallel"]}
      ins(%p, %lr : tensor<8xf32>, tensor<f32>) outs(%e8 : tensor<8xf32>) {
  ^bb0(%x: f32, %r: f32, %o: f32):
    %m = arith.mulf %x, %r : f32
    %s = arith.subf %x, %m : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  %e5 = tensor.empty() : tensor<5xf32>
  %b = linalg.generic {indexing_maps = [#id, #scalar, #id], iterator_types = ["parallel"]}
      ins(%q, %lr : tensor<5xf32>, tensor<f32>) outs(%e5 : tensor<5xf32>) {
  ^bb0(%x: f32, %r: f32, %o: f32):
    %m = arith.mulf %x, %r : f32
    linalg.yield %m : f32
  } -> tensor<5xf32>
  return %a, %b : tensor<8xf32>, tensor<5xf32>
}

// A 0-d tensor that is a block argument is extracted at the start of its
// block; inputs read per element stay operands.
// CHECK-LABEL: func.func @argument
// CHECK-SAME:    (%[[T:[^:]*]]: tensor<f32>, %[[P:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[S:.*]] = tensor.extract %[[T]][] : tensor<f32>
// CHECK:         linalg.generic {{.*}} ins(%[[P]] : tensor<4xf32>)
// CHECK:           arith.addf %{{.*}}, %[[S]]
// CHECK:         linalg.generic {{.*}} ins(%[[P]] : tensor<4xf32>)
// CHECK:           arith.mulf %{{.*}}, %[[S]]
func.func @argument(%t: tensor<f32>, %p: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %a = linalg.generic {indexing_maps = [#id, #scalar, #id], iterator_types = ["parallel"]}
      ins(%p, %t : tensor<4xf32>, tensor<f32>) outs(%e : tensor<4xf32>) {
  ^bb0(%x: f32, %r: f32, %o: f32):
    %s = arith.addf %x, %r : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %b = linalg.generic {indexing_maps = [#id, #scalar, #id], iterator_types = ["parallel"]}
      ins(%p, %t : tensor<4xf32>, tensor<f32>) outs(%e : tensor<4xf32>) {
  ^bb0(%x: f32, %r: f32, %o: f32):
    %s = arith.mulf %x, %r : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// One splat constant written into two destinations (zero gradients):
// each write gets its own fill, and the constant goes.
// CHECK-LABEL: func.func @splat_writes
// CHECK-SAME:    (%[[A:[^:]*]]: memref<3xf32>, %[[B:[^:]*]]: memref<3xf32>)
// CHECK-NOT:     dense<
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<3xf32>
// CHECK:         %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<3xf32>) -> tensor<3xf32>
// CHECK:         bufferization.materialize_in_destination %[[F]] in restrict writable %[[A]]
// CHECK:         %[[F2:.*]] = linalg.fill
// CHECK:         bufferization.materialize_in_destination %[[F2]] in restrict writable %[[B]]
func.func @splat_writes(%a: memref<3xf32>, %b: memref<3xf32>) {
  %zero = arith.constant dense<0.0> : tensor<3xf32>
  bufferization.materialize_in_destination %zero in restrict writable %a : (tensor<3xf32>, memref<3xf32>) -> ()
  bufferization.materialize_in_destination %zero in restrict writable %b : (tensor<3xf32>, memref<3xf32>) -> ()
  return
}

// A constant that is not a splat stays a constant.
// CHECK-LABEL: func.func @dense_write
// CHECK:         arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NOT:     linalg.fill
func.func @dense_write(%a: memref<2xf32>) {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  bufferization.materialize_in_destination %c in restrict writable %a : (tensor<2xf32>, memref<2xf32>) -> ()
  return
}
