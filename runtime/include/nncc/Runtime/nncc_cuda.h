/*===- nncc_cuda.h - nncc's CUDA runtime library API --------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * libnncc_cuda.a: what an object compiled with `nncc --target=cuda` links
 * against. It loads the CUDA driver (libcuda.so.1) with dlopen on first use
 * and talks to it through the driver API alone: nothing of the CUDA toolkit
 * (runtime, cuBLAS, cuDNN, headers) is needed to build or run a program.
 *
 *   cc app.c model.o libnncc_cuda.a -lm
 *
 * A model instance keeps its parameters, optimizer state, gradients and the
 * compiled code's workspace in one device allocation, plus host copies of the
 * tensors for the API functions that hand out host pointers. The generated
 * NAME_* functions forward to the functions below with the model's
 * descriptor (struct nncc_cuda_model_desc), which adds the kernels' PTX to
 * the CPU descriptor. Calls on one instance are serialized on one CUDA
 * stream and return when the device work is done. The kernels of each kind
 * of host-pointer call run as a CUDA graph captured at its first call
 * (NNCC_CUDA_GRAPHS=0: kernel by kernel).
 */
/*===----------------------------------------------------------------------===*/

#ifndef NNCC_RUNTIME_NNCC_CUDA_H
#define NNCC_RUNTIME_NNCC_CUDA_H

#include "nncc/Runtime/nncc_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The CPU descriptor plus the device code and the I/O sizes the host copies
   need. Built by the compiler; mirrors lib/Target/CAPIEmitter.cpp. */
typedef struct nncc_cuda_model_desc {
  nncc_model_desc model;
  const char *ptx;          /* NUL-terminated PTX of every kernel */
  const char *kernel_names; /* num_kernels NUL-terminated names, in a row */
  int32_t num_kernels;      /* kernel k is the k-th name */
  int64_t input_bytes, output_bytes, labels_bytes, loss_bytes;
} nncc_cuda_model_desc;

/* What the compiled entry points get as their last argument. */
typedef struct nncc_cuda_context nncc_cuda_context;

/* Launches kernel `kernel` of the instance on its stream (called by the
   compiled code; `params` is cuLaunchKernel's array of pointers to the
   kernel's arguments). The first failure is kept in the context and
   reported by the API call that ran the entry point; later launches of that
   call are skipped. An empty grid launches nothing. */
void nncc_cuda_launch(nncc_cuda_context *ctx, int32_t kernel, int32_t grid_x,
                      int32_t grid_y, int32_t grid_z, int32_t block_x,
                      int32_t block_y, int32_t block_z, int32_t shared_bytes,
                      void **params);

/* Why the last failed call of this thread failed, in words: the status
   string, plus the driver's error name and the failing driver call when
   there is one (e.g. "CUDA driver error: cuModuleLoadDataEx:
   CUDA_ERROR_INVALID_PTX ..."). "" when nothing failed yet. */
const char *nncc_cuda_last_error(void);

/* NNCC_OK, or why the last nncc_cuda_model_create of this thread returned
   NULL: NNCC_ERR_NO_CUDA_DRIVER, NNCC_ERR_NO_CUDA_DEVICE, NNCC_ERR_CUDA,
   NNCC_ERR_OUT_OF_MEMORY or NNCC_ERR_INVALID_ARGUMENT. */
int nncc_cuda_create_status(void);

/* The API of nncc_runtime.h's model instances, on the GPU. Differences:
 *  - create fails (NULL, see nncc_cuda_create_status) without a driver or a
 *    device, or when the PTX does not load; the device is the first one, or
 *    the one NNCC_CUDA_DEVICE (a number) names.
 *  - param_data and grad_data copy the tensor from the device and return a
 *    host copy, valid until the next call on the instance; what the caller
 *    writes into it is copied back to the device at that next call.
 *  - instance_bytes is the device allocation; set_num_threads only checks
 *    its argument (the host side runs on the calling thread).
 *  - the _device variants take device pointers (CUdeviceptr values cast to
 *    pointers) for input, output, labels and loss and copy nothing to or
 *    from the host. With CUDA graphs they replay the call's graph, like the
 *    host-pointer calls, between device-to-device copies into and out of
 *    the instance's staging buffers; without, they launch the kernels on
 *    the caller's buffers directly. */
int64_t nncc_cuda_model_instance_bytes(const nncc_cuda_model_desc *desc);
nncc_model *nncc_cuda_model_create(const nncc_cuda_model_desc *desc,
                                   uint64_t seed);
void nncc_cuda_model_destroy(nncc_model *model);
int nncc_cuda_model_predict(nncc_model *model, const void *input, void *output);
int nncc_cuda_model_predict_device(nncc_model *model, const void *input,
                                   void *output);
int nncc_cuda_model_save(nncc_model *model, const char *path);
int nncc_cuda_model_load(nncc_model *model, const char *path);
void *nncc_cuda_model_param_data(nncc_model *model, int32_t i);
int nncc_cuda_model_set_num_threads(nncc_model *model, int32_t num_threads);
int32_t nncc_cuda_model_num_threads(const nncc_model *model);
int nncc_cuda_model_train_step(nncc_model *model, const void *input,
                               const void *labels, void *loss);
int nncc_cuda_model_train_step_device(nncc_model *model, const void *input,
                                      const void *labels, void *loss);
int nncc_cuda_model_compute_gradients(nncc_model *model, const void *input,
                                      const void *labels, void *loss);
int nncc_cuda_model_apply_gradients(nncc_model *model);
void *nncc_cuda_model_grad_data(nncc_model *model, int32_t i);
int nncc_cuda_model_set_learning_rate(nncc_model *model, double learning_rate);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNCC_RUNTIME_NNCC_CUDA_H */
