/*===- Model.c - nncc model instances ------------------------------*- C -*-===*
 *
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Model instances behind the generated C API: one aligned allocation holds
 * the instance header, the tensor and gradient pointer arrays, every tensor
 * (parameters, then optimizer state), the gradients of the trainable
 * parameters and the compiled code's workspace. Creating draws the tensors
 * with their initializers; predict and the training entry points call the
 * compiled code and never allocate; save and load go through the
 * checkpoint format with every tensor, so training resumes exactly.
 *
 *===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_layout.h"
#include "nncc/Runtime/nncc_runtime.h"

#include <stdlib.h>
#include <string.h>

struct nncc_model {
  const nncc_model_desc *desc;
  void **tensors;
  void **grads;
  void *workspace;
  nncc_thread_pool *pool;
};

_Static_assert(sizeof(struct nncc_model) <= NNCC_INSTANCE_HEADER_BYTES,
               "the instance header of nncc_layout.h holds struct nncc_model");

/* Whether parameter i has a gradient buffer. */
int64_t nncc_model_instance_bytes(const nncc_model_desc *desc) {
  nncc_instance_layout layout;
  if (nncc_cpu_instance_layout(desc, NULL, NULL, &layout) != NNCC_OK)
    return 0;
  return layout.total_bytes;
}

nncc_model *nncc_model_create(const nncc_model_desc *desc, uint64_t seed) {
  nncc_instance_layout layout;
  if (nncc_cpu_instance_layout(desc, NULL, NULL, &layout) != NNCC_OK ||
      (uint64_t)layout.total_bytes > SIZE_MAX)
    return NULL;
  /* Every block's offset (nncc_layout.h), then the one allocation. */
  int64_t *offsets =
      (int64_t *)malloc(sizeof(int64_t) * ((size_t)desc->num_tensors +
                                           (size_t)desc->num_params + 1));
  char *base =
      (char *)aligned_alloc(NNCC_HOST_ALIGNMENT, (size_t)layout.total_bytes);
  if (!offsets || !base) {
    free(offsets);
    free(base);
    return NULL;
  }
  int64_t *grad_offsets = offsets + desc->num_tensors;
  nncc_cpu_instance_layout(desc, offsets, grad_offsets, &layout);
  memset(base, 0, (size_t)layout.total_bytes);
  nncc_model *model = (nncc_model *)base;
  model->desc = desc;
  model->tensors = (void **)(base + layout.tensor_pointers);
  model->grads = (void **)(base + layout.grad_pointers);
  model->workspace = base + layout.workspace;
  for (int32_t i = 0; i < desc->num_params; ++i)
    if (grad_offsets[i] >= 0)
      model->grads[i] = base + grad_offsets[i];
  for (int32_t i = 0; i < desc->num_tensors; ++i) {
    model->tensors[i] = base + offsets[i];
    if (nncc_init_tensor(&desc->tensors[i], seed, i, model->tensors[i]) !=
        NNCC_OK) {
      free(offsets);
      free(base);
      return NULL;
    }
  }
  free(offsets);
  model->pool = nncc_thread_pool_create(nncc_default_num_threads());
  if (!model->pool) {
    free(base);
    return NULL;
  }
  return model;
}

void nncc_model_destroy(nncc_model *model) {
  if (!model)
    return;
  nncc_thread_pool_destroy(model->pool);
  free(model);
}

int nncc_model_set_num_threads(nncc_model *model, int32_t num_threads) {
  if (!model || num_threads < 1 || num_threads > NNCC_MAX_THREADS)
    return NNCC_ERR_INVALID_ARGUMENT;
  if (num_threads == nncc_thread_pool_size(model->pool))
    return NNCC_OK;
  nncc_thread_pool *pool = nncc_thread_pool_create(num_threads);
  if (!pool)
    return NNCC_ERR_OUT_OF_MEMORY;
  nncc_thread_pool_destroy(model->pool);
  model->pool = pool;
  return NNCC_OK;
}

int32_t nncc_model_num_threads(const nncc_model *model) {
  return model ? nncc_thread_pool_size(model->pool) : 0;
}

int nncc_model_predict(nncc_model *model, const void *input, void *output) {
  if (!model || !input || !output)
    return NNCC_ERR_INVALID_ARGUMENT;
  model->desc->predict(model->tensors, input, output, model->workspace,
                       model->pool);
  return NNCC_OK;
}

int nncc_model_save(const nncc_model *model, const char *path) {
  if (!model || !path)
    return NNCC_ERR_INVALID_ARGUMENT;
  const nncc_model_desc *d = model->desc;
  return nncc_checkpoint_save(path, d->name, d->num_tensors, d->tensors,
                              (const void *const *)model->tensors);
}

int nncc_model_load(nncc_model *model, const char *path) {
  if (!model || !path)
    return NNCC_ERR_INVALID_ARGUMENT;
  const nncc_model_desc *d = model->desc;
  return nncc_checkpoint_load(path, d->name, d->num_tensors, d->tensors,
                              model->tensors);
}

/* Parameter i's descriptor, or NULL when i is out of range. */
static const nncc_tensor_desc *param_desc(const nncc_model_desc *desc,
                                          int32_t i) {
  if (!desc || i < 0 || i >= desc->num_params)
    return NULL;
  return &desc->tensors[i];
}

int32_t nncc_model_num_params(const nncc_model_desc *desc) {
  return desc ? desc->num_params : 0;
}

const char *nncc_model_param_name(const nncc_model_desc *desc, int32_t i) {
  const nncc_tensor_desc *p = param_desc(desc, i);
  return p ? p->name : NULL;
}

int32_t nncc_model_param_rank(const nncc_model_desc *desc, int32_t i) {
  const nncc_tensor_desc *p = param_desc(desc, i);
  return p ? p->rank : -1;
}

const int64_t *nncc_model_param_shape(const nncc_model_desc *desc, int32_t i) {
  const nncc_tensor_desc *p = param_desc(desc, i);
  return p ? p->shape : NULL;
}

void *nncc_model_param_data(nncc_model *model, int32_t i) {
  if (!model || !param_desc(model->desc, i))
    return NULL;
  return model->tensors[i];
}

int nncc_model_train_step(nncc_model *model, const void *input,
                          const void *labels, void *loss) {
  int status = nncc_model_compute_gradients(model, input, labels, loss);
  if (status != NNCC_OK)
    return status;
  return nncc_model_apply_gradients(model);
}

int nncc_model_compute_gradients(nncc_model *model, const void *input,
                                 const void *labels, void *loss) {
  if (!model || !model->desc->compute_gradients || !input || !labels || !loss)
    return NNCC_ERR_INVALID_ARGUMENT;
  model->desc->compute_gradients(model->tensors, model->grads, input, labels,
                                 loss, model->workspace, model->pool);
  return NNCC_OK;
}

int nncc_model_apply_gradients(nncc_model *model) {
  if (!model || !model->desc->apply_gradients)
    return NNCC_ERR_INVALID_ARGUMENT;
  model->desc->apply_gradients(model->tensors, model->grads, model->workspace,
                               model->pool);
  return NNCC_OK;
}

void *nncc_model_grad_data(nncc_model *model, int32_t i) {
  if (!model || !param_desc(model->desc, i) || !nncc_has_grad(model->desc, i))
    return NULL;
  return model->grads[i];
}

int nncc_model_set_learning_rate(nncc_model *model, double learning_rate) {
  if (!model || model->desc->learning_rate_index < 0 || !(learning_rate > 0.0))
    return NNCC_ERR_INVALID_ARGUMENT;
  int32_t i = model->desc->learning_rate_index;
  if (model->desc->tensors[i].dtype == NNCC_F64)
    *(double *)model->tensors[i] = learning_rate;
  else
    *(float *)model->tensors[i] = (float)learning_rate;
  return NNCC_OK;
}
