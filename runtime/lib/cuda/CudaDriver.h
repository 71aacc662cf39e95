/*===- CudaDriver.h - the CUDA driver API, loaded at run time -----*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The few driver API entry points libnncc_cuda uses, declared here (no
 * cuda.h: building needs no toolkit) and looked up with dlsym in
 * libcuda.so.1. The types and ABI are those of the driver API since CUDA
 * 3.2 (the `_v2` entry points, 64-bit device pointers).
 */
/*===----------------------------------------------------------------------===*/

#ifndef NNCC_RUNTIME_CUDA_CUDADRIVER_H
#define NNCC_RUNTIME_CUDA_CUDADRIVER_H

#include <stddef.h>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef struct CUgraph_st *CUgraph;
typedef struct CUgraphExec_st *CUgraphExec;

enum {
  NNCC_CUDA_SUCCESS = 0,
  NNCC_CUDA_ERROR_STUB_LIBRARY = 34,
  NNCC_CUDA_ERROR_NO_DEVICE = 100,
  NNCC_CUDA_JIT_ERROR_LOG_BUFFER = 5,
  NNCC_CUDA_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  NNCC_CUDA_STREAM_NON_BLOCKING = 1,
  NNCC_CUDA_STREAM_CAPTURE_MODE_THREAD_LOCAL = 1
};

/* The driver's functions; all set once nncc_cuda_driver() succeeded. */
typedef struct nncc_cuda_driver {
  CUresult (*Init)(unsigned flags);
  CUresult (*DeviceGetCount)(int *count);
  CUresult (*DeviceGet)(CUdevice *device, int ordinal);
  CUresult (*DevicePrimaryCtxRetain)(CUcontext *ctx, CUdevice device);
  CUresult (*DevicePrimaryCtxRelease)(CUdevice device);
  CUresult (*CtxSetCurrent)(CUcontext ctx);
  CUresult (*ModuleLoadDataEx)(CUmodule *module, const void *image,
                               unsigned num_options, int *options,
                               void **values);
  CUresult (*ModuleUnload)(CUmodule module);
  CUresult (*ModuleGetFunction)(CUfunction *fn, CUmodule module,
                                const char *name);
  CUresult (*LaunchKernel)(CUfunction fn, unsigned gx, unsigned gy, unsigned gz,
                           unsigned bx, unsigned by, unsigned bz,
                           unsigned shared_bytes, CUstream stream,
                           void **params, void **extra);
  CUresult (*MemAlloc)(CUdeviceptr *ptr, size_t bytes);
  CUresult (*MemFree)(CUdeviceptr ptr);
  CUresult (*MemcpyHtoDAsync)(CUdeviceptr dst, const void *src, size_t bytes,
                              CUstream stream);
  CUresult (*MemcpyDtoHAsync)(void *dst, CUdeviceptr src, size_t bytes,
                              CUstream stream);
  CUresult (*MemcpyDtoDAsync)(CUdeviceptr dst, CUdeviceptr src, size_t bytes,
                              CUstream stream);
  CUresult (*MemsetD8Async)(CUdeviceptr dst, unsigned char value, size_t n,
                            CUstream stream);
  CUresult (*StreamCreate)(CUstream *stream, unsigned flags);
  CUresult (*StreamDestroy)(CUstream stream);
  CUresult (*StreamSynchronize)(CUstream stream);
  CUresult (*GetErrorName)(CUresult error, const char **name);
  CUresult (*GetErrorString)(CUresult error, const char **text);
  /* CUDA graphs (CUDA 11.4 drivers and later); all NULL when the driver
     lacks one of them: calls then launch their kernels one by one. */
  CUresult (*StreamBeginCapture)(CUstream stream, int mode);
  CUresult (*StreamEndCapture)(CUstream stream, CUgraph *graph);
  CUresult (*GraphInstantiateWithFlags)(CUgraphExec *exec, CUgraph graph,
                                        unsigned long long flags);
  CUresult (*GraphLaunch)(CUgraphExec exec, CUstream stream);
  CUresult (*GraphExecDestroy)(CUgraphExec exec);
  CUresult (*GraphDestroy)(CUgraph graph);
} nncc_cuda_driver;

/* The driver, loaded and initialized (cuInit) on the first call; NULL with
   *status set to NNCC_ERR_NO_CUDA_DRIVER (no libcuda.so.1, or it lacks a
   function), NNCC_ERR_NO_CUDA_DEVICE (cuInit says there is none) or
   NNCC_ERR_CUDA. Thread-safe; the result of the first call is kept. */
const nncc_cuda_driver *nncc_cuda_driver_get(int *status);

/* Records why the current call fails, for nncc_cuda_last_error(): the
   status string, then `what` and the driver's error name and text when
   `result` is not CUDA_SUCCESS (driver may be NULL). Returns `status`. */
int nncc_cuda_fail(int status, const nncc_cuda_driver *driver, const char *what,
                   CUresult result);

#endif /* NNCC_RUNTIME_CUDA_CUDADRIVER_H */
