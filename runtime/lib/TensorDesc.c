/*===- TensorDesc.c - nncc tensor descriptor checks -----------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Validation of nncc_tensor_desc shared by the initializers and the
 * checkpoint code: dtype, rank, shape and element count must agree before
 * any buffer is sized from them.
 */
/*===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_runtime.h"

size_t nncc_dtype_size(int32_t dtype) {
  switch (dtype) {
  case NNCC_F32:
    return 4;
  case NNCC_F64:
    return 8;
  default:
    return 0;
  }
}

int nncc_tensor_desc_check(const nncc_tensor_desc *desc) {
  if (!desc || !desc->name || nncc_dtype_size(desc->dtype) == 0 ||
      desc->rank < 0 || desc->rank > NNCC_MAX_RANK ||
      (desc->rank > 0 && !desc->shape))
    return NNCC_ERR_INVALID_ARGUMENT;
  /* The product of the dimensions; the byte size must fit in int64_t. */
  int64_t maxElements = INT64_MAX / (int64_t)sizeof(double);
  int64_t count = 1;
  for (int32_t i = 0; i < desc->rank; ++i) {
    int64_t dim = desc->shape[i];
    if (dim < 0 || (dim > 0 && count > maxElements / dim))
      return NNCC_ERR_INVALID_ARGUMENT;
    count *= dim;
  }
  return count == desc->num_elements ? NNCC_OK : NNCC_ERR_INVALID_ARGUMENT;
}
