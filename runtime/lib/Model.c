/*===- Model.c - nncc model instances -------------------------------------===*
 *
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Model instances behind the generated C API: one aligned allocation holds
 * the instance header, the parameter pointers, the parameters and the
 * compiled code's workspace. Creating draws the parameters with their
 * initializers; predict calls the compiled forward pass and never
 * allocates; save and load go through the checkpoint format.
 *
 *===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_runtime.h"

#include <stdlib.h>
#include <string.h>

enum { NNCC_ALIGNMENT = 64 };

struct nncc_model {
  const nncc_model_desc *desc;
  void **params;
  void *workspace;
};

static int64_t align_up(int64_t bytes) {
  return (bytes + NNCC_ALIGNMENT - 1) / NNCC_ALIGNMENT * NNCC_ALIGNMENT;
}

/* The layout of an instance: header, pointer array, then each parameter,
   then the workspace, each aligned. */
static int64_t params_begin(const nncc_model_desc *desc) {
  return align_up((int64_t)sizeof(struct nncc_model)) +
         align_up((int64_t)sizeof(void *) * desc->num_params);
}

static int64_t param_bytes(const nncc_tensor_desc *p) {
  return align_up(p->num_elements * (int64_t)nncc_dtype_size(p->dtype));
}

static int64_t workspace_begin(const nncc_model_desc *desc) {
  int64_t offset = params_begin(desc);
  for (int32_t i = 0; i < desc->num_params; ++i)
    offset += param_bytes(&desc->params[i]);
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
  model->desc = desc;
  model->params = (void **)(base + align_up((int64_t)sizeof(nncc_model)));
  model->workspace = base + workspace_begin(desc);
  int64_t offset = params_begin(desc);
  for (int32_t i = 0; i < desc->num_params; ++i) {
    const nncc_tensor_desc *p = &desc->params[i];
    model->params[i] = base + offset;
    offset += param_bytes(p);
    if (nncc_init_tensor(p, seed, i, model->params[i]) != NNCC_OK) {
      free(base);
      return NULL;
    }
  }
  return model;
}

void nncc_model_destroy(nncc_model *model) { free(model); }

int nncc_model_predict(nncc_model *model, const void *input, void *output) {
  if (!model || !input || !output)
    return NNCC_ERR_INVALID_ARGUMENT;
  model->desc->predict(model->params, input, output, model->workspace);
  return NNCC_OK;
}

int nncc_model_save(const nncc_model *model, const char *path) {
  if (!model || !path)
    return NNCC_ERR_INVALID_ARGUMENT;
  const nncc_model_desc *d = model->desc;
  return nncc_checkpoint_save(path, d->name, d->num_params, d->params,
                              (const void *const *)model->params);
}

int nncc_model_load(nncc_model *model, const char *path) {
  if (!model || !path)
    return NNCC_ERR_INVALID_ARGUMENT;
  const nncc_model_desc *d = model->desc;
  return nncc_checkpoint_load(path, d->name, d->num_params, d->params,
                              model->params);
}

/* Parameter i's descriptor, or NULL when i is out of range. */
static const nncc_tensor_desc *param_desc(const nncc_model_desc *desc,
                                          int32_t i) {
  if (!desc || i < 0 || i >= desc->num_params)
    return NULL;
  return &desc->params[i];
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

const int64_t *nncc_model_param_shape(const nncc_model_desc *desc,
                                      int32_t i) {
  const nncc_tensor_desc *p = param_desc(desc, i);
  return p ? p->shape : NULL;
}

void *nncc_model_param_data(nncc_model *model, int32_t i) {
  if (!model || i < 0 || i >= model->desc->num_params)
    return NULL;
  return model->params[i];
}
