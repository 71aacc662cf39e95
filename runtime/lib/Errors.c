/*===- Errors.c - nncc runtime status strings -----------------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Human-readable descriptions of the runtime's status codes, the CUDA
 * target's included.
 */
/*===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_runtime.h"

const char *nncc_status_string(int status) {
  switch (status) {
  case NNCC_OK:
    return "success";
  case NNCC_ERR_INVALID_ARGUMENT:
    return "invalid argument";
  case NNCC_ERR_OUT_OF_MEMORY:
    return "out of memory";
  case NNCC_ERR_IO:
    return "cannot open, read, write or rename the file";
  case NNCC_ERR_NOT_A_CHECKPOINT:
    return "not an nncc checkpoint";
  case NNCC_ERR_VERSION:
    return "unsupported checkpoint format version";
  case NNCC_ERR_WRONG_MODEL:
    return "checkpoint belongs to another model (name or tensor list differs)";
  case NNCC_ERR_WRONG_SHAPE:
    return "checkpoint tensor has another dtype or shape";
  case NNCC_ERR_CHECKSUM:
    return "checkpoint is corrupt (checksum mismatch or malformed contents)";
  case NNCC_ERR_TRUNCATED:
    return "checkpoint is truncated";
  case NNCC_ERR_NO_CUDA_DRIVER:
    return "no CUDA driver found";
  case NNCC_ERR_NO_CUDA_DEVICE:
    return "no CUDA device";
  case NNCC_ERR_CUDA:
    return "CUDA driver error";
  case NNCC_ERR_BAD_LABEL:
    return "a class label is outside [0, number of classes)";
  case NNCC_ERR_NON_FINITE:
    return "a loss, gradient or updated tensor is not finite (NaN or "
           "infinity); the model is unchanged";
  default:
    return "unknown error";
  }
}
