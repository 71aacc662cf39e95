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
 * The training calls check sparse labels before they run anything. A model
 * compiled with --check-numerics also backs up the tensors a call writes
 * (into the instance's backup block: the step-updated state for
 * compute_gradients, the trainable parameters and the optimizer state for
 * apply_gradients, both for a train step), checks the loss, the gradients
 * and the written tensors afterwards, and restores the backup when one is
 * not finite.
 *
 *===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_layout.h"
#include "nncc/Runtime/nncc_runtime.h"

#include <float.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct nncc_model {
  const nncc_model_desc *desc;
  void **tensors;
  void **grads;
  void *workspace;
  nncc_thread_pool *pool;
  ptrdiff_t backup_delta; /* tensor i's backup: tensors[i] + backup_delta */
};

_Static_assert(sizeof(struct nncc_model) <= NNCC_INSTANCE_HEADER_BYTES,
               "the instance header of nncc_layout.h holds struct nncc_model");

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
  if (layout.backup >= 0 && desc->num_tensors > 0)
    model->backup_delta = (ptrdiff_t)(layout.backup - offsets[0]);
  /* The pool first: a large orthogonal initialization runs on it. */
  model->pool = nncc_thread_pool_create(nncc_default_num_threads());
  if (!model->pool) {
    free(offsets);
    free(base);
    return NULL;
  }
  for (int32_t i = 0; i < desc->num_tensors; ++i) {
    model->tensors[i] = base + offsets[i];
    if (nncc_init_tensor_parallel(&desc->tensors[i], seed, i, model->tensors[i],
                                  model->pool) != NNCC_OK) {
      nncc_thread_pool_destroy(model->pool);
      free(offsets);
      free(base);
      return NULL;
    }
  }
  free(offsets);
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

/* The tensors a training call writes (nncc_runtime.h): the step-updated
   state (compute_gradients), the trainable parameters and the optimizer
   state (apply_gradients). */
enum { WRITES_STATE = 1, WRITES_UPDATE = 2 };
static int written_by(const nncc_model_desc *d, int32_t i, int calls) {
  if (i < d->num_params && d->tensors[i].step_updated)
    return calls & WRITES_STATE;
  return (calls & WRITES_UPDATE) && (i >= d->num_params || nncc_has_grad(d, i));
}

/* The checks' copies and scans run on the instance's pool, in blocks of
   PARALLEL_BLOCK_BYTES. */
enum { PARALLEL_BLOCK_BYTES = 64 * 1024 };

typedef struct {
  char *to;
  const char *from;
  int64_t bytes;
} copy_job;

static void copy_blocks(void *ctx, int64_t begin, int64_t end) {
  copy_job *job = (copy_job *)ctx;
  int64_t from = begin * PARALLEL_BLOCK_BYTES;
  int64_t to = end * PARALLEL_BLOCK_BYTES;
  if (to > job->bytes)
    to = job->bytes;
  memcpy(job->to + from, job->from + from, (size_t)(to - from));
}

static void parallel_copy(nncc_thread_pool *pool, void *to, const void *from,
                          int64_t bytes) {
  copy_job job = {(char *)to, (const char *)from, bytes};
  nncc_parallel_for(pool, copy_blocks, &job,
                    (bytes + PARALLEL_BLOCK_BYTES - 1) / PARALLEL_BLOCK_BYTES);
}

typedef struct {
  const char *data;
  int32_t dtype;
  int64_t count, per_block, element_bytes;
  _Atomic int found; /* a block holds a value that is not finite */
} scan_job;

static void scan_blocks(void *ctx, int64_t begin, int64_t end) {
  scan_job *job = (scan_job *)ctx;
  int64_t first = begin * job->per_block, last = end * job->per_block;
  if (last > job->count)
    last = job->count;
  if (!nncc_all_finite(job->data + first * job->element_bytes, job->dtype,
                       last - first))
    atomic_store(&job->found, 1);
}

static int parallel_all_finite(nncc_thread_pool *pool, const void *data,
                               int32_t dtype, int64_t count) {
  int64_t element = (int64_t)nncc_dtype_size(dtype);
  if (element == 0)
    return 0;
  scan_job job = {(const char *)data,
                  dtype,
                  count,
                  PARALLEL_BLOCK_BYTES / element,
                  element,
                  0};
  nncc_parallel_for(pool, scan_blocks, &job,
                    (count + job.per_block - 1) / job.per_block);
  return !atomic_load(&job.found);
}

/* Copies the tensors `calls` write into the backup, or back (`restore`):
   for apply_gradients the whole block of tensors at once (those it does
   not write are copied back unchanged). */
static void copy_backup(nncc_model *model, int calls, int restore) {
  const nncc_model_desc *d = model->desc;
  int whole = (calls & WRITES_UPDATE) != 0;
  for (int32_t i = 0; i < d->num_tensors; ++i) {
    if (!whole && !written_by(d, i, calls))
      continue;
    char *tensor = (char *)model->tensors[i];
    char *backup = tensor + model->backup_delta;
    int64_t bytes = nncc_tensor_bytes(&d->tensors[i]);
    if (whole) { /* from the first tensor to the end of the last */
      int32_t last = d->num_tensors - 1;
      bytes = (char *)model->tensors[last] - tensor +
              nncc_tensor_bytes(&d->tensors[last]);
    }
    parallel_copy(model->pool, restore ? tensor : backup,
                  restore ? backup : tensor, bytes);
    if (whole)
      return;
  }
}

/* Whether the tensors `calls` wrote are finite, and (WRITES_STATE: after
   compute_gradients) the loss and the gradients. */
static int finite_after(nncc_model *model, int calls, const void *loss) {
  const nncc_model_desc *d = model->desc;
  if ((calls & WRITES_STATE) && !nncc_all_finite(loss, d->scalar_dtype, 1))
    return 0;
  for (int32_t i = 0; i < d->num_tensors; ++i) {
    const nncc_tensor_desc *t = &d->tensors[i];
    if (written_by(d, i, calls) &&
        !parallel_all_finite(model->pool, model->tensors[i], t->dtype,
                             t->num_elements))
      return 0;
    if ((calls & WRITES_STATE) && nncc_has_grad(d, i) &&
        !parallel_all_finite(model->pool, model->grads[i], t->dtype,
                             t->num_elements))
      return 0;
  }
  return 1;
}

/* Runs compute_gradients (WRITES_STATE) and apply_gradients
   (WRITES_UPDATE) as `calls` says, checked as nncc_runtime.h describes. */
static int train(nncc_model *model, const void *input, const void *labels,
                 void *loss, int calls) {
  const nncc_model_desc *d = model->desc;
  if (calls & WRITES_STATE) {
    if (!input || !labels || !loss)
      return NNCC_ERR_INVALID_ARGUMENT;
    int status = nncc_check_labels((const int32_t *)labels, d->label_count,
                                   d->num_classes);
    if (status != NNCC_OK)
      return status;
  }
  if (d->check_numerics)
    copy_backup(model, calls, 0);
  if (calls & WRITES_STATE)
    d->compute_gradients(model->tensors, model->grads, input, labels, loss,
                         model->workspace, model->pool);
  int finite =
      !d->check_numerics || finite_after(model, calls & WRITES_STATE, loss);
  if (finite && (calls & WRITES_UPDATE)) {
    d->apply_gradients(model->tensors, model->grads, model->workspace,
                       model->pool);
    finite = !d->check_numerics || finite_after(model, WRITES_UPDATE, loss);
  }
  if (finite)
    return NNCC_OK;
  copy_backup(model, calls, 1);
  return NNCC_ERR_NON_FINITE;
}

int nncc_model_train_step(nncc_model *model, const void *input,
                          const void *labels, void *loss) {
  if (!model || !model->desc->compute_gradients)
    return NNCC_ERR_INVALID_ARGUMENT;
  return train(model, input, labels, loss, WRITES_STATE | WRITES_UPDATE);
}

int nncc_model_compute_gradients(nncc_model *model, const void *input,
                                 const void *labels, void *loss) {
  if (!model || !model->desc->compute_gradients)
    return NNCC_ERR_INVALID_ARGUMENT;
  return train(model, input, labels, loss, WRITES_STATE);
}

int nncc_model_apply_gradients(nncc_model *model) {
  if (!model || !model->desc->apply_gradients)
    return NNCC_ERR_INVALID_ARGUMENT;
  return train(model, NULL, NULL, NULL, WRITES_UPDATE);
}

void *nncc_model_grad_data(nncc_model *model, int32_t i) {
  if (!model || !param_desc(model->desc, i) || !nncc_has_grad(model->desc, i))
    return NULL;
  return model->grads[i];
}

int nncc_model_set_learning_rate(nncc_model *model, double learning_rate) {
  /* A positive finite rate (an infinite one would make every step's
     parameters infinite). */
  if (!model || model->desc->learning_rate_index < 0 ||
      !(learning_rate > 0.0 && learning_rate <= DBL_MAX))
    return NNCC_ERR_INVALID_ARGUMENT;
  int32_t i = model->desc->learning_rate_index;
  if (model->desc->tensors[i].dtype == NNCC_F64)
    *(double *)model->tensors[i] = learning_rate;
  else
    *(float *)model->tensors[i] = (float)learning_rate;
  return NNCC_OK;
}
