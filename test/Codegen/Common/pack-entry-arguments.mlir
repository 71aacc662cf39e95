// RUN: nncc-opt %s --nncc-pack-entry-arguments --split-input-file --verify-diagnostics | FileCheck %s
// The lowered module: the views fold into the loaded pointers.
// RUN: nncc-opt %s --nncc-pack-entry-arguments --finalize-memref-to-llvm --convert-func-to-llvm=use-bare-ptr-memref-call-conv --reconcile-unrealized-casts --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=LLVM

// predict gets the tensors table in front; each tensor is loaded from its
// slot once, at the start, and viewed as the memref it was; the input and
// output keep their order.
// CHECK-LABEL: func.func @nncc_predict
// CHECK-SAME:    (%[[T:[^:]*]]: !llvm.ptr, %[[X:[^:]*]]: memref<2x4xf32>, %[[Y:[^:]*]]: memref<2x3xf32>)
// CHECK:         %[[A1:.*]] = llvm.getelementptr %[[T]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[P1:.*]] = llvm.load %[[A1]] invariant {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// CHECK:         llvm.insertvalue %[[P1]], %{{.*}}[0]
// CHECK:         llvm.insertvalue %[[P1]], %{{.*}}[1]
// CHECK:         %[[B:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<3xf32>
// CHECK:         %[[A0:.*]] = llvm.getelementptr %[[T]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[W:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<4x3xf32>
// CHECK:         memref.copy %[[W]], %{{.*}}
// CHECK:         memref.copy %[[B]], %{{.*}}
// CHECK:         memref.copy %[[X]], %{{.*}}
// LLVM-LABEL: llvm.func @nncc_predict
// LLVM-SAME:    (%[[T:[^:]*]]: !llvm.ptr, %{{[^:]*}}: !llvm.ptr, %{{[^:]*}}: !llvm.ptr)
// LLVM-NOT:     unrealized_conversion_cast
func.func @nncc_predict(%b: memref<3xf32> {nncc.name = "b", nncc.tensor = 1 : i64},
                        %w: memref<4x3xf32> {nncc.name = "w", nncc.tensor = 0 : i64},
                        %x: memref<2x4xf32>, %y: memref<2x3xf32>)
    attributes {nncc.entry_point} {
  %sw = memref.alloc() : memref<4x3xf32>
  %sb = memref.alloc() : memref<3xf32>
  %sx = memref.alloc() : memref<2x4xf32>
  memref.copy %w, %sw : memref<4x3xf32> to memref<4x3xf32>
  memref.copy %b, %sb : memref<3xf32> to memref<3xf32>
  memref.copy %x, %sx : memref<2x4xf32> to memref<2x4xf32>
  return
}

// -----

// The training entry points get tensors and grads; a gradient's slot is
// its parameter's. An argument without a slot (the workspace) stays.
// CHECK-LABEL: func.func @nncc_apply_gradients
// CHECK-SAME:    (%[[T:[^:]*]]: !llvm.ptr, %[[G:[^:]*]]: !llvm.ptr, %[[WS:[^:]*]]: memref<64xi8> {nncc.workspace})
// CHECK:         llvm.getelementptr %[[T]][0]
// CHECK:         llvm.getelementptr %[[G]][2]
// CHECK:         memref.copy
func.func @nncc_apply_gradients(%p: memref<4xf32> {nncc.name = "p", nncc.tensor = 0 : i64},
                                %g: memref<4xf32> {nncc.gradient = 2 : i64, nncc.name = "p"},
                                %ws: memref<64xi8> {nncc.workspace})
    attributes {nncc.entry_point} {
  memref.copy %g, %p : memref<4xf32> to memref<4xf32>
  return
}

// -----

// A function that is no entry point is left alone.
// CHECK-LABEL: func.func @helper
// CHECK-SAME:    (%{{[^:]*}}: memref<4xf32> {nncc.name = "p", nncc.tensor = 0 : i64})
func.func @helper(%p: memref<4xf32> {nncc.name = "p", nncc.tensor = 0 : i64}) {
  return
}

// -----

// expected-error @below {{argument 0 carries a table slot but is not a static, identity-layout memref: 'memref<?xf32>'}}
func.func @nncc_predict(%p: memref<?xf32> {nncc.name = "p", nncc.tensor = 0 : i64})
    attributes {nncc.entry_point} {
  return
}

// -----

// expected-error @below {{argument 0 carries a slot of a table the runtime does not pass to this entry point}}
func.func @nncc_predict(%g: memref<4xf32> {nncc.gradient = 0 : i64, nncc.name = "p"})
    attributes {nncc.entry_point} {
  return
}
