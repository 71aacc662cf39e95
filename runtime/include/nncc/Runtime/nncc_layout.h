/*===- nncc_layout.h - the memory layout of a model instance ------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The one definition of where a model instance keeps its tensors. The CPU
 * runtime places its single allocation with nncc_cpu_instance_layout
 * (Model.c), the CUDA runtime its device allocation with
 * nncc_cuda_instance_layout (cuda/CudaModel.c), and the compiler computes
 * NAME_INSTANCE_BYTES with the same functions (lib/Target/ModelInfo.cpp
 * links this file): the three cannot disagree.
 *
 * Sizes are checked: a layout whose bytes overflow int64_t is refused.
 */
/*===----------------------------------------------------------------------===*/

#ifndef NNCC_RUNTIME_NNCC_LAYOUT_H
#define NNCC_RUNTIME_NNCC_LAYOUT_H

#include "nncc/Runtime/nncc_cuda.h"
#include "nncc/Runtime/nncc_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  /* Every block of a CPU instance, and the host copies of a CUDA one. */
  NNCC_HOST_ALIGNMENT = 64,
  /* Every block of a CUDA instance's device allocation. */
  NNCC_DEVICE_ALIGNMENT = 256,
  /* The CPU instance's header (struct nncc_model, which Model.c checks
     fits), before the tensor pointer arrays. */
  NNCC_INSTANCE_HEADER_BYTES = 64,
};

/* The bytes of tensor `t`'s data, unpadded; -1 when they overflow. */
int64_t nncc_tensor_bytes(const nncc_tensor_desc *t);

/* Whether parameter `i` has a gradient buffer: the model trains and the
   parameter is trainable. */
int nncc_has_grad(const nncc_model_desc *desc, int32_t i);

/* Byte offsets into an instance's allocation; -1 where the layout has no
   such block. */
typedef struct nncc_instance_layout {
  int64_t tensor_pointers;             /* CPU: void *[num_tensors] */
  int64_t grad_pointers;               /* CPU: void *[num_params] */
  int64_t workspace;                   /* the compiled code's scratch memory */
  int64_t input, output, labels, loss; /* CUDA: the calls' staging buffers */
  int64_t backup;      /* CPU, check_numerics: a copy of the tensors' block */
  int64_t total_bytes; /* the allocation's size */
} nncc_instance_layout;

/* A CPU instance: header, tensor pointers, gradient pointers, tensors
   (parameters, then optimizer state), gradients, workspace and, for a
   training model with check_numerics, a backup of the tensors (each at the
   same distance from the backup's start as from the first tensor's); each
   block NNCC_HOST_ALIGNMENT-aligned. Writes the offset of every tensor into
   `tensor_offsets` (num_tensors entries) and of every gradient into
   `grad_offsets` (num_params entries, -1 for a parameter without one); either
   may be NULL. Returns NNCC_OK, or NNCC_ERR_INVALID_ARGUMENT for a NULL or
   invalid descriptor or sizes that overflow. */
int nncc_cpu_instance_layout(const nncc_model_desc *desc,
                             int64_t *tensor_offsets, int64_t *grad_offsets,
                             nncc_instance_layout *layout);

/* A CUDA instance's device allocation: tensors, gradients, workspace, input,
   output, labels, loss; each block NNCC_DEVICE_ALIGNMENT-aligned. Otherwise
   as nncc_cpu_instance_layout (no pointer arrays: those live on the host). */
int nncc_cuda_instance_layout(const nncc_cuda_model_desc *desc,
                              int64_t *tensor_offsets, int64_t *grad_offsets,
                              nncc_instance_layout *layout);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNCC_RUNTIME_NNCC_LAYOUT_H */
