/*===- CudaModel.c - nncc model instances on a CUDA GPU -------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Model instances of the CUDA target. One device allocation holds every
 * tensor (parameters, then optimizer state), the gradients of the trainable
 * parameters, the compiled code's workspace and staging buffers for the
 * input, output, labels and loss; one host allocation holds the instance and
 * host copies of the tensors and gradients. The compiled entry points run on
 * the host and launch their kernels through nncc_cuda_launch on the
 * instance's stream; every API call ends with the stream synchronized.
 *
 * Host copies: created from the initializers and uploaded; downloaded when
 * the API hands one out (param_data, grad_data, save) and then marked dirty,
 * so that what the caller wrote goes back to the device at the next call.
 *
 * CUDA graphs: the kernels of predict, train_step, compute_gradients and
 * apply_gradients, on the staging buffers (which never move), are captured
 * into a graph at their first call and replayed after, one launch instead
 * of hundreds. The device-pointer variants replay the same graphs between
 * device-to-device copies into and out of the staging buffers.
 * NNCC_CUDA_GRAPHS=0, a driver without graphs or a failed capture fall
 * back to launching kernel by kernel (the device-pointer variants then on
 * the caller's buffers, copying nothing).
 */
/*===----------------------------------------------------------------------===*/

#include "CudaDriver.h"

#include "nncc/Runtime/nncc_cuda.h"
#include "nncc/Runtime/nncc_layout.h"

#include <stdlib.h>
#include <string.h>

struct nncc_cuda_context {
  const nncc_cuda_driver *cu;
  CUstream stream;
  CUfunction *functions;
  int32_t num_functions;
  int status; /* the first failed launch of the current call */
};

struct nncc_model {
  const nncc_cuda_model_desc *desc;
  nncc_cuda_context exec;
  CUdevice device;
  CUcontext context;
  CUmodule module;
  CUdeviceptr base;      /* the device allocation */
  void **device_tensors; /* device addresses, as the entry points take them */
  void **device_grads;
  void *workspace, *input, *output, *labels, *loss;
  void **host_tensors; /* host copies */
  void **host_grads;
  void *host_labels;    /* device labels, downloaded to be checked */
  unsigned char *dirty; /* tensors, then gradients: host copy newer */
  int use_graphs;
  CUgraphExec graphs[4]; /* by enum graph_kind, captured on first use */
};

enum graph_kind { PREDICT_GRAPH, TRAIN_GRAPH, COMPUTE_GRAPH, APPLY_GRAPH };

static int64_t align_to(int64_t bytes, int64_t alignment) {
  return (bytes + alignment - 1) / alignment * alignment;
}

/* The device allocation's size (nncc_layout.h); -1 for sizes that overflow. */
static int64_t device_bytes(const nncc_cuda_model_desc *desc) {
  nncc_instance_layout layout;
  if (nncc_cuda_instance_layout(desc, NULL, NULL, &layout) != NNCC_OK)
    return -1;
  return layout.total_bytes;
}

/* Points the instance's device addresses into its allocation at m->base,
   as nncc_cuda_instance_layout places them. */
static int place_on_device(nncc_model *m) {
  const nncc_model_desc *d = &m->desc->model;
  int64_t *offsets = (int64_t *)malloc(
      sizeof(int64_t) * ((size_t)d->num_tensors + (size_t)d->num_params + 1));
  if (!offsets)
    return NNCC_ERR_OUT_OF_MEMORY;
  int64_t *grad_offsets = offsets + d->num_tensors;
  nncc_instance_layout layout;
  nncc_cuda_instance_layout(m->desc, offsets, grad_offsets, &layout);
#define NNCC_AT(offset) ((void *)(uintptr_t)(m->base + (CUdeviceptr)(offset)))
  for (int32_t i = 0; i < d->num_tensors; ++i)
    m->device_tensors[i] = NNCC_AT(offsets[i]);
  for (int32_t i = 0; i < d->num_params; ++i)
    if (grad_offsets[i] >= 0)
      m->device_grads[i] = NNCC_AT(grad_offsets[i]);
  m->workspace = NNCC_AT(layout.workspace);
  m->input = NNCC_AT(layout.input);
  m->output = NNCC_AT(layout.output);
  m->labels = NNCC_AT(layout.labels);
  m->loss = NNCC_AT(layout.loss);
#undef NNCC_AT
  free(offsets);
  return NNCC_OK;
}

int64_t nncc_cuda_model_instance_bytes(const nncc_cuda_model_desc *desc) {
  int64_t bytes = device_bytes(desc);
  return bytes < 0 ? 0 : bytes;
}

/* Host layout: instance, pointer arrays, dirty flags, then the copies. */
static int64_t host_layout(const nncc_cuda_model_desc *desc,
                           nncc_model *model) {
  const nncc_model_desc *d = &desc->model;
  char *base = (char *)model;
  int64_t offset = align_to((int64_t)sizeof(nncc_model), NNCC_HOST_ALIGNMENT);
  int64_t pointers = (int64_t)sizeof(void *) * d->num_tensors;
  int64_t grads = (int64_t)sizeof(void *) * d->num_params;
#define NNCC_TAKE(slot, type, bytes)                                           \
  do {                                                                         \
    if (model)                                                                 \
      slot = (type)(base + offset);                                            \
    offset += align_to((bytes), NNCC_HOST_ALIGNMENT);                          \
  } while (0)
  NNCC_TAKE(model->device_tensors, void **, pointers);
  NNCC_TAKE(model->device_grads, void **, grads);
  NNCC_TAKE(model->host_tensors, void **, pointers);
  NNCC_TAKE(model->host_grads, void **, grads);
  NNCC_TAKE(model->dirty, unsigned char *, d->num_tensors + d->num_params);
  NNCC_TAKE(model->host_labels, void *, desc->labels_bytes);
  NNCC_TAKE(model->exec.functions, CUfunction *,
            (int64_t)sizeof(CUfunction) * desc->num_kernels);
  for (int32_t i = 0; i < d->num_tensors; ++i)
    NNCC_TAKE(model->host_tensors[i], void *,
              nncc_tensor_bytes(&d->tensors[i]));
  for (int32_t i = 0; i < d->num_params; ++i)
    if (nncc_has_grad(d, i))
      NNCC_TAKE(model->host_grads[i], void *,
                nncc_tensor_bytes(&d->tensors[i]));
#undef NNCC_TAKE
  return offset;
}

/* Runs a driver call; on failure records it and returns NNCC_ERR_CUDA. */
#define NNCC_CU(model, call, what)                                             \
  do {                                                                         \
    CUresult result_ = (call);                                                 \
    if (result_ != NNCC_CUDA_SUCCESS)                                          \
      return nncc_cuda_fail(NNCC_ERR_CUDA, (model)->exec.cu, (what), result_); \
  } while (0)

static CUdeviceptr device_address(const void *pointer) {
  return (CUdeviceptr)(uintptr_t)pointer;
}

/* Queues the copy of every dirty host tensor or gradient to the device. */
static int upload_dirty(nncc_model *m) {
  const nncc_model_desc *d = &m->desc->model;
  const nncc_cuda_driver *cu = m->exec.cu;
  for (int32_t i = 0; i < d->num_tensors + d->num_params; ++i) {
    if (!m->dirty[i])
      continue;
    int grad = i >= d->num_tensors;
    int32_t t = grad ? i - d->num_tensors : i;
    void *host = grad ? m->host_grads[t] : m->host_tensors[t];
    void *device = grad ? m->device_grads[t] : m->device_tensors[t];
    NNCC_CU(m,
            cu->MemcpyHtoDAsync(device_address(device), host,
                                (size_t)nncc_tensor_bytes(&d->tensors[t]),
                                m->exec.stream),
            "cuMemcpyHtoDAsync");
    m->dirty[i] = 0;
  }
  return NNCC_OK;
}

/* Makes the instance's context current and flushes the host copies. */
static int begin_call(nncc_model *m) {
  NNCC_CU(m, m->exec.cu->CtxSetCurrent(m->context), "cuCtxSetCurrent");
  m->exec.status = NNCC_OK;
  return upload_dirty(m);
}

/* Waits for the stream; the first failure of the call wins. */
static int end_call(nncc_model *m, int status) {
  CUresult result = m->exec.cu->StreamSynchronize(m->exec.stream);
  if (status != NNCC_OK)
    return status;
  if (m->exec.status != NNCC_OK)
    return m->exec.status;
  if (result != NNCC_CUDA_SUCCESS)
    return nncc_cuda_fail(NNCC_ERR_CUDA, m->exec.cu, "cuStreamSynchronize",
                          result);
  return NNCC_OK;
}

void nncc_cuda_launch(nncc_cuda_context *ctx, int32_t kernel, int32_t grid_x,
                      int32_t grid_y, int32_t grid_z, int32_t block_x,
                      int32_t block_y, int32_t block_z, int32_t shared_bytes,
                      void **params) {
  if (ctx->status != NNCC_OK)
    return;
  if (kernel < 0 || kernel >= ctx->num_functions) {
    ctx->status =
        nncc_cuda_fail(NNCC_ERR_CUDA, NULL, "launch of an unknown kernel", 0);
    return;
  }
  if (grid_x < 0 || grid_y < 0 || grid_z < 0 || block_x < 0 || block_y < 0 ||
      block_z < 0) {
    ctx->status = nncc_cuda_fail(NNCC_ERR_CUDA, NULL,
                                 "launch with a negative grid or block", 0);
    return;
  }
  if (!grid_x || !grid_y || !grid_z || !block_x || !block_y || !block_z)
    return; /* an empty loop */
  CUresult result = ctx->cu->LaunchKernel(
      ctx->functions[kernel], (unsigned)grid_x, (unsigned)grid_y,
      (unsigned)grid_z, (unsigned)block_x, (unsigned)block_y, (unsigned)block_z,
      (unsigned)shared_bytes, ctx->stream, params, NULL);
  if (result != NNCC_CUDA_SUCCESS)
    ctx->status =
        nncc_cuda_fail(NNCC_ERR_CUDA, ctx->cu, "cuLaunchKernel", result);
}

static _Thread_local int create_status = NNCC_OK;

int nncc_cuda_create_status(void) { return create_status; }

/* The device NNCC_CUDA_DEVICE names, else 0. */
static int device_ordinal(void) {
  const char *text = getenv("NNCC_CUDA_DEVICE");
  if (!text || !*text)
    return 0;
  char *end;
  long value = strtol(text, &end, 10);
  return *end || value < 0 || value > 1024 ? -1 : (int)value;
}

/* Everything after the host allocation; returns a status. */
static int create_on_device(nncc_model *m, uint64_t seed) {
  const nncc_cuda_model_desc *desc = m->desc;
  const nncc_model_desc *d = &desc->model;
  int status;
  m->exec.cu = nncc_cuda_driver_get(&status);
  if (!m->exec.cu)
    return status;
  const nncc_cuda_driver *cu = m->exec.cu;
  int count = 0;
  NNCC_CU(m, cu->DeviceGetCount(&count), "cuDeviceGetCount");
  int ordinal = device_ordinal();
  if (count <= 0)
    return nncc_cuda_fail(NNCC_ERR_NO_CUDA_DEVICE, NULL, NULL, 0);
  if (ordinal < 0 || ordinal >= count)
    return nncc_cuda_fail(NNCC_ERR_NO_CUDA_DEVICE, NULL,
                          "NNCC_CUDA_DEVICE names no device", 0);
  NNCC_CU(m, cu->DeviceGet(&m->device, ordinal), "cuDeviceGet");
  NNCC_CU(m, cu->DevicePrimaryCtxRetain(&m->context, m->device),
          "cuDevicePrimaryCtxRetain");
  NNCC_CU(m, cu->CtxSetCurrent(m->context), "cuCtxSetCurrent");
  NNCC_CU(m, cu->StreamCreate(&m->exec.stream, NNCC_CUDA_STREAM_NON_BLOCKING),
          "cuStreamCreate");

  char log[4096] = "";
  int options[2] = {NNCC_CUDA_JIT_ERROR_LOG_BUFFER,
                    NNCC_CUDA_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[2] = {log, (void *)(uintptr_t)sizeof log};
  /* A model without kernels has empty PTX: nothing to load. */
  CUresult loaded =
      desc->num_kernels == 0
          ? NNCC_CUDA_SUCCESS
          : cu->ModuleLoadDataEx(&m->module, desc->ptx, 2, options, values);
  if (loaded != NNCC_CUDA_SUCCESS) {
    m->module = NULL;
    log[sizeof log - 1] = '\0';
    return nncc_cuda_fail(NNCC_ERR_CUDA, cu, *log ? log : "cuModuleLoadDataEx",
                          loaded);
  }
  const char *name = desc->kernel_names;
  for (int32_t k = 0; k < desc->num_kernels; ++k) {
    NNCC_CU(m, cu->ModuleGetFunction(&m->exec.functions[k], m->module, name),
            name);
    name += strlen(name) + 1;
  }
  m->exec.num_functions = desc->num_kernels;
  const char *graphs = getenv("NNCC_CUDA_GRAPHS");
  m->use_graphs = cu->StreamBeginCapture && !(graphs && !strcmp(graphs, "0"));

  int64_t bytes = device_bytes(desc);
  if (bytes < 0)
    return nncc_cuda_fail(NNCC_ERR_INVALID_ARGUMENT, NULL,
                          "laying out the instance", 0);
  CUresult allocated = cu->MemAlloc(&m->base, (size_t)(bytes ? bytes : 1));
  if (allocated != NNCC_CUDA_SUCCESS) {
    m->base = 0;
    return nncc_cuda_fail(NNCC_ERR_OUT_OF_MEMORY, cu, "cuMemAlloc", allocated);
  }
  status = place_on_device(m);
  if (status != NNCC_OK)
    return nncc_cuda_fail(status, NULL, "laying out the instance", 0);
  /* Gradients and the rest start as zeros, as on the CPU. */
  NNCC_CU(m, cu->MemsetD8Async(m->base, 0, (size_t)bytes, m->exec.stream),
          "cuMemsetD8Async");
  /* The host's threads share a large orthogonal initialization (a NULL
     pool, when threads cannot start, runs it on this one). */
  nncc_thread_pool *pool = nncc_thread_pool_create(nncc_default_num_threads());
  for (int32_t i = 0; i < d->num_tensors; ++i) {
    status = nncc_init_tensor_parallel(&d->tensors[i], seed, i,
                                       m->host_tensors[i], pool);
    if (status != NNCC_OK) {
      nncc_thread_pool_destroy(pool);
      return nncc_cuda_fail(status, NULL, "initializing a parameter", 0);
    }
    m->dirty[i] = 1;
  }
  nncc_thread_pool_destroy(pool);
  status = upload_dirty(m);
  return end_call(m, status);
}

nncc_model *nncc_cuda_model_create(const nncc_cuda_model_desc *desc,
                                   uint64_t seed) {
  /* The checked device layout first: a descriptor it accepts (counts valid,
     no size overflows) also gives a host layout that fits in int64_t, which
     holds the same tensors less aligned plus pointer arrays. */
  if (!desc || device_bytes(desc) < 0 || desc->num_kernels < 0) {
    create_status = nncc_cuda_fail(NNCC_ERR_INVALID_ARGUMENT, NULL, NULL, 0);
    return NULL;
  }
  int64_t bytes = host_layout(desc, NULL);
  nncc_model *m = (nncc_model *)aligned_alloc(
      NNCC_HOST_ALIGNMENT, (size_t)align_to(bytes, NNCC_HOST_ALIGNMENT));
  if (!m) {
    create_status = nncc_cuda_fail(NNCC_ERR_OUT_OF_MEMORY, NULL, NULL, 0);
    return NULL;
  }
  memset(m, 0, (size_t)bytes);
  m->desc = desc;
  host_layout(desc, m);
  create_status = create_on_device(m, seed);
  if (create_status != NNCC_OK) {
    nncc_cuda_model_destroy(m);
    return NULL;
  }
  return m;
}

void nncc_cuda_model_destroy(nncc_model *m) {
  if (!m)
    return;
  const nncc_cuda_driver *cu = m->exec.cu;
  if (cu && m->context) {
    cu->CtxSetCurrent(m->context);
    if (m->exec.stream)
      cu->StreamSynchronize(m->exec.stream);
    for (int g = 0; g < 4; ++g)
      if (m->graphs[g])
        cu->GraphExecDestroy(m->graphs[g]);
    if (m->base)
      cu->MemFree(m->base);
    if (m->module)
      cu->ModuleUnload(m->module);
    if (m->exec.stream)
      cu->StreamDestroy(m->exec.stream);
    cu->DevicePrimaryCtxRelease(m->device);
  }
  free(m);
}

/* The compiled entry points take the CUDA context where the CPU's take the
   thread pool. */
static nncc_thread_pool *exec_of(nncc_model *m) {
  return (nncc_thread_pool *)(void *)&m->exec;
}

static int copy_in(nncc_model *m, void *device, const void *host,
                   int64_t bytes) {
  NNCC_CU(m,
          m->exec.cu->MemcpyHtoDAsync(device_address(device), host,
                                      (size_t)bytes, m->exec.stream),
          "cuMemcpyHtoDAsync");
  return NNCC_OK;
}

static int copy_device(nncc_model *m, void *to, const void *from,
                       int64_t bytes) {
  NNCC_CU(m,
          m->exec.cu->MemcpyDtoDAsync(device_address(to), device_address(from),
                                      (size_t)bytes, m->exec.stream),
          "cuMemcpyDtoDAsync");
  return NNCC_OK;
}

/* Into the staging buffer `stage` from the caller's `from`: host memory, or
   device memory when `device`. */
static int stage_in(nncc_model *m, void *stage, const void *from, int64_t bytes,
                    int device) {
  return device ? copy_device(m, stage, from, bytes)
                : copy_in(m, stage, from, bytes);
}

static int copy_out(nncc_model *m, void *host, const void *device,
                    int64_t bytes);

/* Out of the staging buffer `stage` into the caller's `to`. */
static int stage_out(nncc_model *m, void *to, const void *stage, int64_t bytes,
                     int device) {
  return device ? copy_device(m, to, stage, bytes)
                : copy_out(m, to, stage, bytes);
}

static int copy_out(nncc_model *m, void *host, const void *device,
                    int64_t bytes) {
  NNCC_CU(m,
          m->exec.cu->MemcpyDtoHAsync(host, device_address(device),
                                      (size_t)bytes, m->exec.stream),
          "cuMemcpyDtoHAsync");
  return NNCC_OK;
}

/* The kernels of one kind of call, on the staging buffers. */
static void record(nncc_model *m, enum graph_kind kind) {
  const nncc_model_desc *d = &m->desc->model;
  if (kind == PREDICT_GRAPH)
    d->predict(m->device_tensors, m->input, m->output, m->workspace,
               exec_of(m));
  if (kind == TRAIN_GRAPH || kind == COMPUTE_GRAPH)
    d->compute_gradients(m->device_tensors, m->device_grads, m->input,
                         m->labels, m->loss, m->workspace, exec_of(m));
  if (kind == TRAIN_GRAPH || kind == APPLY_GRAPH)
    d->apply_gradients(m->device_tensors, m->device_grads, m->workspace,
                       exec_of(m));
}

/* Runs the kernels of `kind`: replays its graph, capturing it first if
   needed; launches them one by one without graphs. */
static int run(nncc_model *m, enum graph_kind kind) {
  const nncc_cuda_driver *cu = m->exec.cu;
  if (m->use_graphs && !m->graphs[kind]) {
    CUresult result = cu->StreamBeginCapture(
        m->exec.stream, NNCC_CUDA_STREAM_CAPTURE_MODE_THREAD_LOCAL);
    if (result == NNCC_CUDA_SUCCESS) {
      record(m, kind);
      CUgraph graph = NULL;
      result = cu->StreamEndCapture(m->exec.stream, &graph);
      if (m->exec.status != NNCC_OK) {
        if (graph)
          cu->GraphDestroy(graph);
        return m->exec.status; /* a launch failed: no graph kept */
      }
      if (result == NNCC_CUDA_SUCCESS)
        result = cu->GraphInstantiateWithFlags(&m->graphs[kind], graph, 0);
      if (graph)
        cu->GraphDestroy(graph);
    }
    if (result != NNCC_CUDA_SUCCESS) {
      m->graphs[kind] = NULL;
      m->use_graphs = 0; /* this driver cannot: kernel by kernel from now */
    }
  }
  if (m->graphs[kind]) {
    NNCC_CU(m, cu->GraphLaunch(m->graphs[kind], m->exec.stream),
            "cuGraphLaunch");
    return NNCC_OK;
  }
  record(m, kind);
  return m->exec.status;
}

/* Whether a call with host (or, when `device`, device) I/O goes through
   the staging buffers: host I/O always, device I/O when graphs replay. */
static int staged(const nncc_model *m, int device) {
  return !device || m->use_graphs;
}

static int predict(nncc_model *m, const void *input, void *output, int device) {
  if (!m || !input || !output)
    return NNCC_ERR_INVALID_ARGUMENT;
  int status = begin_call(m);
  if (status != NNCC_OK || !staged(m, device)) {
    if (status == NNCC_OK)
      m->desc->model.predict(m->device_tensors, input, output, m->workspace,
                             exec_of(m));
    return end_call(m, status); /* a failed launch: end_call reports it */
  }
  status = stage_in(m, m->input, input, m->desc->input_bytes, device);
  if (status == NNCC_OK)
    status = run(m, PREDICT_GRAPH);
  if (status == NNCC_OK)
    status = stage_out(m, output, m->output, m->desc->output_bytes, device);
  return end_call(m, status);
}

int nncc_cuda_model_predict(nncc_model *m, const void *input, void *output) {
  return predict(m, input, output, 0);
}

int nncc_cuda_model_predict_device(nncc_model *m, const void *input,
                                   void *output) {
  return predict(m, input, output, 1);
}

/* nncc_check_labels on the caller's labels: host memory, or device memory
   (when `device`), downloaded into the instance's host copy first. */
static int check_labels(nncc_model *m, const void *labels, int device) {
  const nncc_model_desc *d = &m->desc->model;
  if (d->num_classes <= 0)
    return NNCC_OK;
  if (device) {
    int status = copy_out(m, m->host_labels, labels, m->desc->labels_bytes);
    CUresult result = m->exec.cu->StreamSynchronize(m->exec.stream);
    if (status != NNCC_OK)
      return status;
    if (result != NNCC_CUDA_SUCCESS)
      return nncc_cuda_fail(NNCC_ERR_CUDA, m->exec.cu, "cuStreamSynchronize",
                            result);
    labels = m->host_labels;
  }
  return nncc_check_labels((const int32_t *)labels, d->label_count,
                           d->num_classes);
}

/* compute_gradients (and apply_gradients when `apply`), with host or
   device I/O; nothing runs for a bad label. */
static int train(nncc_model *m, const void *input, const void *labels,
                 void *loss, int apply, int device) {
  if (!m || !m->desc->model.compute_gradients || !input || !labels || !loss)
    return NNCC_ERR_INVALID_ARGUMENT;
  const nncc_cuda_model_desc *desc = m->desc;
  int status = begin_call(m);
  if (status == NNCC_OK)
    status = check_labels(m, labels, device);
  if (status != NNCC_OK || !staged(m, device)) {
    if (status == NNCC_OK) {
      desc->model.compute_gradients(m->device_tensors, m->device_grads, input,
                                    labels, loss, m->workspace, exec_of(m));
      if (apply)
        desc->model.apply_gradients(m->device_tensors, m->device_grads,
                                    m->workspace, exec_of(m));
    }
    return end_call(m, status);
  }
  status = stage_in(m, m->input, input, desc->input_bytes, device);
  if (status == NNCC_OK)
    status = stage_in(m, m->labels, labels, desc->labels_bytes, device);
  if (status == NNCC_OK)
    status = run(m, apply ? TRAIN_GRAPH : COMPUTE_GRAPH);
  if (status == NNCC_OK)
    status = stage_out(m, loss, m->loss, desc->loss_bytes, device);
  return end_call(m, status);
}

int nncc_cuda_model_train_step(nncc_model *m, const void *input,
                               const void *labels, void *loss) {
  return train(m, input, labels, loss, 1, 0);
}

int nncc_cuda_model_train_step_device(nncc_model *m, const void *input,
                                      const void *labels, void *loss) {
  return train(m, input, labels, loss, 1, 1);
}

int nncc_cuda_model_compute_gradients(nncc_model *m, const void *input,
                                      const void *labels, void *loss) {
  return train(m, input, labels, loss, 0, 0);
}

int nncc_cuda_model_apply_gradients(nncc_model *m) {
  if (!m || !m->desc->model.apply_gradients)
    return NNCC_ERR_INVALID_ARGUMENT;
  int status = begin_call(m);
  if (status == NNCC_OK)
    status = run(m, APPLY_GRAPH);
  return end_call(m, status);
}

/* Downloads tensor `i` (or gradient `i`) into its host copy and marks the
   copy dirty: the caller may write it. */
static void *host_copy(nncc_model *m, int32_t i, int grad) {
  const nncc_model_desc *d = &m->desc->model;
  void *host = grad ? m->host_grads[i] : m->host_tensors[i];
  void *device = grad ? m->device_grads[i] : m->device_tensors[i];
  int status = begin_call(m);
  if (status == NNCC_OK)
    status = copy_out(m, host, device, nncc_tensor_bytes(&d->tensors[i]));
  if (end_call(m, status) != NNCC_OK)
    return NULL;
  m->dirty[grad ? d->num_tensors + i : i] = 1;
  return host;
}

void *nncc_cuda_model_param_data(nncc_model *m, int32_t i) {
  if (!m || i < 0 || i >= m->desc->model.num_params)
    return NULL;
  return host_copy(m, i, 0);
}

void *nncc_cuda_model_grad_data(nncc_model *m, int32_t i) {
  if (!m || i < 0 || i >= m->desc->model.num_params ||
      !nncc_has_grad(&m->desc->model, i))
    return NULL;
  return host_copy(m, i, 1);
}

int nncc_cuda_model_save(nncc_model *m, const char *path) {
  if (!m || !path)
    return NNCC_ERR_INVALID_ARGUMENT;
  const nncc_model_desc *d = &m->desc->model;
  int status = begin_call(m);
  for (int32_t i = 0; status == NNCC_OK && i < d->num_tensors; ++i)
    status = copy_out(m, m->host_tensors[i], m->device_tensors[i],
                      nncc_tensor_bytes(&d->tensors[i]));
  status = end_call(m, status);
  if (status != NNCC_OK)
    return status;
  return nncc_checkpoint_save(path, d->name, d->num_tensors, d->tensors,
                              (const void *const *)m->host_tensors);
}

int nncc_cuda_model_load(nncc_model *m, const char *path) {
  if (!m || !path)
    return NNCC_ERR_INVALID_ARGUMENT;
  const nncc_model_desc *d = &m->desc->model;
  /* Pending edits of the host copies go first: a failed load leaves the
     copies untouched, and the device must agree with them. */
  int status = end_call(m, begin_call(m));
  if (status != NNCC_OK)
    return status;
  status = nncc_checkpoint_load(path, d->name, d->num_tensors, d->tensors,
                                m->host_tensors);
  if (status != NNCC_OK)
    return status;
  for (int32_t i = 0; i < d->num_tensors; ++i)
    m->dirty[i] = 1;
  return end_call(m, begin_call(m));
}

int nncc_cuda_model_set_num_threads(nncc_model *m, int32_t num_threads) {
  if (!m || num_threads < 1 || num_threads > NNCC_MAX_THREADS)
    return NNCC_ERR_INVALID_ARGUMENT;
  return NNCC_OK;
}

int32_t nncc_cuda_model_num_threads(const nncc_model *m) { return m ? 1 : 0; }

int nncc_cuda_model_set_learning_rate(nncc_model *m, double learning_rate) {
  if (!m || m->desc->model.learning_rate_index < 0 || !(learning_rate > 0.0))
    return NNCC_ERR_INVALID_ARGUMENT;
  int32_t i = m->desc->model.learning_rate_index;
  /* Current values first: the rate shares nothing with other tensors, but
     a pending edit of its host copy must not be lost either. */
  if (!host_copy(m, i, 0))
    return NNCC_ERR_CUDA;
  if (m->desc->model.tensors[i].dtype == NNCC_F64)
    *(double *)m->host_tensors[i] = learning_rate;
  else
    *(float *)m->host_tensors[i] = (float)learning_rate;
  return end_call(m, begin_call(m));
}
