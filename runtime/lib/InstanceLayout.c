/*===- InstanceLayout.c - the memory layout of a model instance ---*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The layouts of nncc_layout.h. Both walk the instance's blocks in order,
 * each rounded up to the alignment; every addition and rounding is checked
 * for overflow, so a descriptor whose instance cannot be addressed is
 * refused instead of wrapping to a small size.
 */
/*===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_layout.h"

/* Places a block of `bytes` at *offset and moves *offset past it, rounded up
   to `alignment`; returns the block's offset, or -1 on overflow (and then
   leaves *offset at -1). */
static int64_t place(int64_t *offset, int64_t bytes, int64_t alignment) {
  int64_t at = *offset, end;
  if (at < 0 || bytes < 0 || __builtin_add_overflow(at, bytes, &end) ||
      __builtin_add_overflow(end, alignment - 1, &end)) {
    *offset = -1;
    return -1;
  }
  *offset = end / alignment * alignment;
  return at;
}

int64_t nncc_tensor_bytes(const nncc_tensor_desc *t) {
  int64_t bytes;
  int64_t element = (int64_t)nncc_dtype_size(t->dtype);
  if (t->num_elements < 0 ||
      __builtin_mul_overflow(t->num_elements, element, &bytes))
    return -1;
  return bytes;
}

int nncc_has_grad(const nncc_model_desc *desc, int32_t i) {
  return desc->compute_gradients && i < desc->num_params &&
         desc->tensors[i].trainable;
}

/* Places the tensors, then the gradients, from *offset. */
static void place_tensors(const nncc_model_desc *desc, int64_t *offset,
                          int64_t alignment, int64_t *tensor_offsets,
                          int64_t *grad_offsets) {
  for (int32_t i = 0; i < desc->num_tensors; ++i) {
    int64_t at = place(offset, nncc_tensor_bytes(&desc->tensors[i]), alignment);
    if (tensor_offsets)
      tensor_offsets[i] = at;
  }
  for (int32_t i = 0; i < desc->num_params; ++i) {
    int64_t at = -1;
    if (nncc_has_grad(desc, i))
      at = place(offset, nncc_tensor_bytes(&desc->tensors[i]), alignment);
    if (grad_offsets)
      grad_offsets[i] = at;
  }
}

static int valid(const nncc_model_desc *desc) {
  return desc && desc->num_params >= 0 && desc->num_tensors >= 0 &&
         desc->num_params <= desc->num_tensors && desc->workspace_bytes >= 0 &&
         (desc->num_tensors == 0 || desc->tensors);
}

int nncc_cpu_instance_layout(const nncc_model_desc *desc,
                             int64_t *tensor_offsets, int64_t *grad_offsets,
                             nncc_instance_layout *layout) {
  if (!valid(desc) || !layout)
    return NNCC_ERR_INVALID_ARGUMENT;
  const int64_t align = NNCC_HOST_ALIGNMENT;
  const int64_t pointer = (int64_t)sizeof(void *);
  int64_t offset = 0;
  place(&offset, NNCC_INSTANCE_HEADER_BYTES, align);
  layout->tensor_pointers = place(&offset, pointer * desc->num_tensors, align);
  layout->grad_pointers = place(&offset, pointer * desc->num_params, align);
  int64_t first = offset;
  place_tensors(desc, &offset, align, tensor_offsets, grad_offsets);
  layout->workspace = place(&offset, desc->workspace_bytes, align);
  layout->input = layout->output = layout->labels = layout->loss = -1;
  layout->backup = -1;
  if (desc->check_numerics && desc->compute_gradients) {
    /* The tensors' block, as place_tensors lays it out (gradients aside). */
    int64_t end = first;
    for (int32_t i = 0; i < desc->num_tensors; ++i)
      place(&end, nncc_tensor_bytes(&desc->tensors[i]), align);
    layout->backup = place(&offset, end < 0 ? -1 : end - first, align);
  }
  layout->total_bytes = offset;
  return offset < 0 ? NNCC_ERR_INVALID_ARGUMENT : NNCC_OK;
}

int nncc_cuda_instance_layout(const nncc_cuda_model_desc *desc,
                              int64_t *tensor_offsets, int64_t *grad_offsets,
                              nncc_instance_layout *layout) {
  if (!desc || !valid(&desc->model) || !layout)
    return NNCC_ERR_INVALID_ARGUMENT;
  const int64_t align = NNCC_DEVICE_ALIGNMENT;
  int64_t offset = 0;
  layout->tensor_pointers = layout->grad_pointers = -1;
  place_tensors(&desc->model, &offset, align, tensor_offsets, grad_offsets);
  layout->backup = -1; /* nncc refuses --check-numerics for CUDA */
  layout->workspace = place(&offset, desc->model.workspace_bytes, align);
  layout->input = place(&offset, desc->input_bytes, align);
  layout->output = place(&offset, desc->output_bytes, align);
  layout->labels = place(&offset, desc->labels_bytes, align);
  layout->loss = place(&offset, desc->loss_bytes, align);
  layout->total_bytes = offset;
  return offset < 0 ? NNCC_ERR_INVALID_ARGUMENT : NNCC_OK;
}
