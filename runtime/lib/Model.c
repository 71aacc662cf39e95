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

#include "nncc/Runtime/nncc_runtime.h"

#include <stdlib.h>
#include <string.h>

enum { NNCC_ALIGNMENT = 64 };

struct nncc_model {
  const nncc_model_desc *desc;
  void **tensors;
  void **grads;
  void *workspace;
  nncc_thread_pool *pool;
};

static int64_t align_up(int64_t bytes) {
  return (bytes + NNCC_ALIGNMENT - 1) / NNCC_ALIGNMENT * NNCC_ALIGNMENT;
}

static int64_t tensor_bytes(const nncc_tensor_desc *t) {
  return align_up(t->num_elements * (int64_t)nncc_dtype_size(t->dtype));
}

/* Whether parameter i has a gradient buffer. */
static int has_grad(const nncc_model_desc *desc, int32_t i) {
  return desc->compute_gradients && i < desc->num_params &&
         desc->tensors[i].trainable;
}

/* The layout of an instance: header, tensor pointers, gradient pointers,
   tensors, gradients, workspace; each aligned. */
static int64_t pointers_bytes(const nncc_model_desc *desc) {
  return align_up((int64_t)sizeof(struct nncc_model)) +
         align_up((int64_t)sizeof(void *) * desc->num_tensors) +
         align_up((int64_t)sizeof(void *) * desc->num_params);
}

static int64_t workspace_begin(const nncc_model_desc *desc) {
  int64_t offset = pointers_bytes(desc);
  for (int32_t i = 0; i < desc->num_tensors; ++i)
    offset += tensor_bytes(&desc->tensors[i]);
  for (int32_t i = 0; i < desc->num_params; ++i)
    if (has_grad(desc, i))
      offset += tensor_bytes(&desc->tensors[i]);
  return offset;
}

int64_t nncc_model_instance_bytes(const nncc_model_desc *desc) {
  return desc ? workspace_begin(desc) + align_up(desc->workspace_bytes) : 0;
}

nncc_model *nncc_model_create(const nncc_model_desc *desc, uint64_t seed) {
  if (!desc)
    return NULL;
  int64_t total = nncc_model_instance_bytes(desc);
  char *base = (char *)aligned_alloc(NNCC_ALIGNMENT, (size_t)total);
  if (!base)
    return NULL;
  memset(base, 0, (size_t)total);
  nncc_model *model = (nncc_model *)base;
  int64_t offset = align_up((int64_t)sizeof(struct nncc_model));
  model->desc = desc;
  model->tensors = (void **)(base + offset);
  offset += align_up((int64_t)sizeof(void *) * desc->num_tensors);
  model->grads = (void **)(base + offset);
  offset = pointers_bytes(desc);
  for (int32_t i = 0; i < desc->num_tensors; ++i) {
    const nncc_tensor_desc *t = &desc->tensors[i];
    model->tensors[i] = base + offset;
    offset += tensor_bytes(t);
    if (nncc_init_tensor(t, seed, i, model->tensors[i]) != NNCC_OK) {
      free(base);
      return NULL;
    }
  }
  for (int32_t i = 0; i < desc->num_params; ++i) {
    if (!has_grad(desc, i))
      continue;
    model->grads[i] = base + offset;
    offset += tensor_bytes(&desc->tensors[i]);
  }
  model->workspace = base + offset;
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
  if (!model || !param_desc(model->desc, i) || !has_grad(model->desc, i))
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
