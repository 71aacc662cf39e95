//===- LinalgPoint.h - one output point of a linalg op as loops -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The computation of one point of a linalg op's parallel iteration space as
// scalar loads, `scf.for` loops over its reductions and stores: what each GPU
// thread runs in nncc-map-to-gpu's untiled kernels.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_CODEGEN_GPU_LINALGPOINT_H
#define NNCC_LIB_CODEGEN_GPU_LINALGPOINT_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

namespace mlir::nncc {

/// Emits at `b`'s insertion point the computation of the outputs of `op`
/// (on buffers) at one point of its parallel dimensions, `parallelIvs` (in
/// the order of the op's loops): the outputs are loaded once, carried
/// through `scf.for` loops over the reduction dimensions (in order) as
/// iteration arguments, and stored once. The reductions therefore run in
/// registers and in the op's order, whatever runs the points in parallel.
void emitLinalgPoint(OpBuilder &b, Location loc, linalg::LinalgOp op,
                     ValueRange parallelIvs);

/// The indices `map` gives for the loop indices `dims` (an `affine.apply`
/// per result that is not a plain dimension).
SmallVector<Value> applyIndexingMap(OpBuilder &b, Location loc, AffineMap map,
                                    ArrayRef<Value> dims);

} // namespace mlir::nncc

#endif // NNCC_LIB_CODEGEN_GPU_LINALGPOINT_H
