/*===- CudaDriver.c - loading the CUDA driver with dlopen -----------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * libcuda.so.1 is opened on first use, never linked: a program built with
 * libnncc_cuda.a starts on machines without a GPU and gets a clear status
 * from NAME_create there. NNCC_CUDA_DRIVER may name another library to load
 * (the tests use it to check the "no driver" path).
 */
/*===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "CudaDriver.h"

#include "nncc/Runtime/nncc_cuda.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static nncc_cuda_driver driver;
static int driver_status = NNCC_ERR_NO_CUDA_DRIVER;
static char driver_error[512];
static pthread_once_t driver_once = PTHREAD_ONCE_INIT;

static _Thread_local char last_error[1024];

const char *nncc_cuda_last_error(void) { return last_error; }

int nncc_cuda_fail(int status, const nncc_cuda_driver *cu, const char *what,
                   CUresult result) {
  const char *name = NULL, *text = NULL;
  if (cu && result != NNCC_CUDA_SUCCESS) {
    if (cu->GetErrorName(result, &name) != NNCC_CUDA_SUCCESS)
      name = NULL;
    if (cu->GetErrorString(result, &text) != NNCC_CUDA_SUCCESS)
      text = NULL;
  }
  if (what && result != NNCC_CUDA_SUCCESS)
    snprintf(last_error, sizeof last_error, "%s: %s: %s (%d): %s",
             nncc_status_string(status), what, name ? name : "CUDA error",
             result, text ? text : "");
  else if (what)
    snprintf(last_error, sizeof last_error, "%s: %s",
             nncc_status_string(status), what);
  else
    snprintf(last_error, sizeof last_error, "%s", nncc_status_string(status));
  return status;
}

/* dlsym into `slot`; false when missing. */
static int lookup(void *library, const char *name, void *slot) {
  void *symbol = dlsym(library, name);
  if (!symbol) {
    snprintf(driver_error, sizeof driver_error,
             "the CUDA driver lacks %s (too old?)", name);
    return 0;
  }
  *(void **)slot = symbol;
  return 1;
}

static void load_driver(void) {
  const char *path = getenv("NNCC_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    snprintf(driver_error, sizeof driver_error, "cannot load %s: %s", path,
             why ? why : "unknown reason");
    driver_status = NNCC_ERR_NO_CUDA_DRIVER;
    return;
  }
  nncc_cuda_driver d;
  int ok =
      lookup(library, "cuInit", &d.Init) &&
      lookup(library, "cuDeviceGetCount", &d.DeviceGetCount) &&
      lookup(library, "cuDeviceGet", &d.DeviceGet) &&
      lookup(library, "cuDevicePrimaryCtxRetain", &d.DevicePrimaryCtxRetain) &&
      lookup(library, "cuDevicePrimaryCtxRelease_v2",
             &d.DevicePrimaryCtxRelease) &&
      lookup(library, "cuCtxSetCurrent", &d.CtxSetCurrent) &&
      lookup(library, "cuModuleLoadDataEx", &d.ModuleLoadDataEx) &&
      lookup(library, "cuModuleUnload", &d.ModuleUnload) &&
      lookup(library, "cuModuleGetFunction", &d.ModuleGetFunction) &&
      lookup(library, "cuLaunchKernel", &d.LaunchKernel) &&
      lookup(library, "cuMemAlloc_v2", &d.MemAlloc) &&
      lookup(library, "cuMemFree_v2", &d.MemFree) &&
      lookup(library, "cuMemcpyHtoDAsync_v2", &d.MemcpyHtoDAsync) &&
      lookup(library, "cuMemcpyDtoHAsync_v2", &d.MemcpyDtoHAsync) &&
      lookup(library, "cuMemcpyDtoDAsync_v2", &d.MemcpyDtoDAsync) &&
      lookup(library, "cuMemsetD8Async", &d.MemsetD8Async) &&
      lookup(library, "cuStreamCreate", &d.StreamCreate) &&
      lookup(library, "cuStreamDestroy_v2", &d.StreamDestroy) &&
      lookup(library, "cuStreamSynchronize", &d.StreamSynchronize) &&
      lookup(library, "cuGetErrorName", &d.GetErrorName) &&
      lookup(library, "cuGetErrorString", &d.GetErrorString);
  if (!ok) {
    dlclose(library);
    driver_status = NNCC_ERR_NO_CUDA_DRIVER;
    return;
  }
  /* Optional: CUDA graphs. */
  *(void **)&d.StreamBeginCapture = dlsym(library, "cuStreamBeginCapture_v2");
  *(void **)&d.StreamEndCapture = dlsym(library, "cuStreamEndCapture");
  *(void **)&d.GraphInstantiateWithFlags =
      dlsym(library, "cuGraphInstantiateWithFlags");
  *(void **)&d.GraphLaunch = dlsym(library, "cuGraphLaunch");
  *(void **)&d.GraphExecDestroy = dlsym(library, "cuGraphExecDestroy");
  *(void **)&d.GraphDestroy = dlsym(library, "cuGraphDestroy");
  if (!d.StreamBeginCapture || !d.StreamEndCapture ||
      !d.GraphInstantiateWithFlags || !d.GraphLaunch || !d.GraphExecDestroy ||
      !d.GraphDestroy)
    d.StreamBeginCapture = NULL;
  CUresult result = d.Init(0);
  if (result != NNCC_CUDA_SUCCESS) {
    const char *name = NULL;
    if (d.GetErrorName(result, &name) != NNCC_CUDA_SUCCESS)
      name = NULL;
    snprintf(driver_error, sizeof driver_error, "cuInit: %s (%d)",
             name ? name
             : result == NNCC_CUDA_ERROR_STUB_LIBRARY
                 ? "CUDA_ERROR_STUB_LIBRARY"
                 : "CUDA error",
             result);
    /* The toolkit's stub library is no driver either. */
    driver_status =
        result == NNCC_CUDA_ERROR_NO_DEVICE      ? NNCC_ERR_NO_CUDA_DEVICE
        : result == NNCC_CUDA_ERROR_STUB_LIBRARY ? NNCC_ERR_NO_CUDA_DRIVER
                                                 : NNCC_ERR_CUDA;
    return;
  }
  driver = d;
  driver_status = NNCC_OK;
}

const nncc_cuda_driver *nncc_cuda_driver_get(int *status) {
  pthread_once(&driver_once, load_driver);
  *status = driver_status;
  if (driver_status != NNCC_OK) {
    nncc_cuda_fail(driver_status, NULL, driver_error, NNCC_CUDA_SUCCESS);
    return NULL;
  }
  return &driver;
}
