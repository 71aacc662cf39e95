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
