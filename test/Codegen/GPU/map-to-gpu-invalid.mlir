// RUN: nncc-opt %s --nncc-map-to-gpu --split-input-file --verify-diagnostics

// A scalar read from memory in front of a kernel would have to come back
// from the device to be passed to it: rejected.
func.func @scalar_to_kernel(%x: memref<4xf32>, %s: memref<f32>) attributes {nncc.entry_point} {
  // expected-note @below {{computed here}}
  %v = memref.load %s[] : memref<f32>
  // expected-error @below {{uses a value computed on the GPU in host code}}
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%x : memref<4xf32>) {
  ^bb0(%out: f32):
    linalg.yield %v : f32
  }
  return
}

// -----

// A loop around kernels cannot carry values.
func.func @loop_with_results(%x: memref<4xf32>) -> f32 attributes {nncc.entry_point} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @below {{'scf.for' op with results cannot hold GPU kernels}}
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> f32 {
    linalg.fill ins(%acc : f32) outs(%x : memref<4xf32>)
    scf.yield %acc : f32
  }
  return %r : f32
}

// -----

// A mutable global has no device copy that would stay in step with the
// host's.
memref.global "private" @state : memref<4xf32> = dense<0.0>
func.func @mutable_global(%x: memref<4xf32>) attributes {nncc.entry_point} {
  // expected-error @below {{'memref.get_global' op is read on the GPU, but only constant globals are copied to the device}}
  %g = memref.get_global @state : memref<4xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%g : memref<4xf32>) outs(%x : memref<4xf32>) {
  ^bb0(%a: f32, %out: f32):
    linalg.yield %a : f32
  }
  return
}
