/*===- fake_libcuda.c - a host stand-in for libcuda ---------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * A stand-in for libcuda.so.1 that runs on the host, for
 * testing libnncc_cuda.a on machines without a GPU (cuda-runtime.test).
 *
 * Device memory is host memory; copies are memcpy; the module load checks
 * that the image is PTX, and looking up a function fails for a name the PTX
 * does not define; kernel launches check their block against the kernel's
 * .maxntid, that they pass exactly one argument per parameter the PTX
 * declares (nncc ends the array with a null) and that every `.ptr`
 * parameter points into memory cuMemAlloc gave (else
 * CUDA_ERROR_ILLEGAL_ADDRESS, as a real GPU faults on a host address), and
 * are counted, not run (fake_cuda_launches); device-to-device copies are
 * counted too (fake_cuda_device_copies). Environment: FAKE_CUDA_DEVICES=N
 * (default 1), FAKE_CUDA_INIT=CODE (cuInit's result), FAKE_CUDA_FAIL_LAUNCH=1
 * (launches fail with CUDA_ERROR_LAUNCH_FAILED).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

long fake_cuda_launches = 0;
long fake_cuda_graph_launches = 0;
long fake_cuda_device_copies = 0;
long fake_cuda_bytes_in_use = 0;

enum {
  OK = 0,
  INVALID_VALUE = 1,
  OUT_OF_MEMORY = 2,
  NO_DEVICE = 100,
  ILLEGAL_STATE = 401,
  NOT_SUPPORTED = 801,
  INVALID_IMAGE = 200,
  NOT_FOUND = 500,
  ILLEGAL_ADDRESS = 700,
  LAUNCH_FAILED = 719
};

static int env_int(const char *name, int fallback) {
  const char *text = getenv(name);
  return text && *text ? atoi(text) : fallback;
}

CUresult cuInit(unsigned flags) {
  return flags ? INVALID_VALUE : env_int("FAKE_CUDA_INIT", OK);
}
CUresult cuDeviceGetCount(int *count) {
  *count = env_int("FAKE_CUDA_DEVICES", 1);
  return OK;
}
CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return ordinal >= 0 && ordinal < env_int("FAKE_CUDA_DEVICES", 1)
             ? OK
             : INVALID_VALUE;
}
static int context;
CUresult cuDevicePrimaryCtxRetain(void **ctx, int device) {
  (void)device;
  *ctx = &context;
  return OK;
}
CUresult cuDevicePrimaryCtxRelease_v2(int device) {
  return device >= 0 ? OK : INVALID_VALUE;
}
CUresult cuCtxSetCurrent(void *ctx) {
  return ctx == &context ? OK : INVALID_VALUE;
}

struct module {
  char *ptx;
};
CUresult cuModuleLoadDataEx(void **module, const void *image, unsigned n,
                            int *options, void **values) {
  (void)n, (void)options, (void)values;
  const char *ptx = image;
  if (!strstr(ptx, ".version") || !strstr(ptx, ".target sm_"))
    return INVALID_IMAGE;
  struct module *m = malloc(sizeof *m);
  m->ptx = strdup(ptx);
  *module = m;
  return OK;
}
CUresult cuModuleUnload(void *module) {
  struct module *m = module;
  free(m->ptx);
  free(m);
  return OK;
}
static int capturing;
static long captured;

/* What cuMemAlloc gave and cuMemFree has not taken back: the only memory
   a kernel may be pointed at. */
struct allocation {
  CUdeviceptr base;
  size_t bytes;
};
static struct allocation *allocations;
static int num_allocations;
static int allocated(CUdeviceptr address) {
  for (int i = 0; i < num_allocations; ++i)
    if (address >= allocations[i].base &&
        address <= allocations[i].base + allocations[i].bytes)
      return 1;
  return 0;
}

/* A kernel of a loaded module: its parameter count, which parameters are
   pointers (`.ptr`) and its .maxntid, read from the PTX. */
struct function {
  int params;
  unsigned char *pointer;
  unsigned max_threads;
};
CUresult cuModuleGetFunction(void **fn, void *module, const char *name) {
  struct module *m = module;
  size_t length = strlen(name);
  for (const char *at = strstr(m->ptx, ".entry "); at;
       at = strstr(at + 1, ".entry ")) {
    if (strncmp(at + 7, name, length) || at[7 + length] != '(')
      continue;
    struct function *f = calloc(1, sizeof *f);
    const char *end = strchr(at, ')');
    for (const char *p = strstr(at, ".param"); p && p < end;
         p = strstr(p + 1, ".param"))
      ++f->params;
    f->pointer = calloc((size_t)f->params + 1, 1);
    int i = 0;
    for (const char *p = strstr(at, ".param"); p && p < end;
         p = strstr(p + 1, ".param"), ++i) {
      const char *next = strpbrk(p, ",)");
      const char *ptr = strstr(p, ".ptr");
      f->pointer[i] = ptr && ptr < next;
    }
    const char *body = strchr(end, '{');
    const char *max = strstr(end, ".maxntid ");
    f->max_threads = max && max < body ? (unsigned)atoi(max + 9) : 1024;
    *fn = f; /* never freed: lives as long as the test */
    return OK;
  }
  return NOT_FOUND;
}
CUresult cuLaunchKernel(void *fn, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned shared,
                        void *stream, void **params, void **extra) {
  (void)shared, (void)stream, (void)extra;
  struct function *f = fn;
  if (!f || !params || !gx || !gy || !gz || !bx || !by || !bz ||
      bx * by * bz > f->max_threads)
    return INVALID_VALUE;
  /* nncc ends the argument pointers with a null: exactly one per PTX
     parameter. */
  for (int i = 0; i < f->params; ++i)
    if (!params[i])
      return INVALID_VALUE;
  if (params[f->params])
    return INVALID_VALUE;
  for (int i = 0; i < f->params; ++i)
    if (f->pointer[i] && !allocated(*(CUdeviceptr *)params[i]))
      return ILLEGAL_ADDRESS;
  if (env_int("FAKE_CUDA_FAIL_LAUNCH", 0))
    return LAUNCH_FAILED;
  if (capturing)
    ++captured;
  else
    ++fake_cuda_launches;
  return OK;
}

/* Graphs: a captured graph replays as its number of launches. */
CUresult cuStreamBeginCapture_v2(void *s, int mode) {
  (void)s, (void)mode;
  if (env_int("FAKE_CUDA_NO_GRAPHS", 0))
    return NOT_SUPPORTED;
  if (capturing)
    return ILLEGAL_STATE;
  capturing = 1;
  captured = 0;
  return OK;
}
CUresult cuStreamEndCapture(void *s, void **graph) {
  (void)s;
  if (!capturing)
    return ILLEGAL_STATE;
  capturing = 0;
  long *g = malloc(sizeof *g);
  *g = captured;
  *graph = g;
  return OK;
}
CUresult cuGraphInstantiateWithFlags(void **exec, void *graph,
                                     unsigned long long flags) {
  (void)flags;
  long *e = malloc(sizeof *e);
  *e = *(long *)graph;
  *exec = e;
  return OK;
}
CUresult cuGraphLaunch(void *exec, void *s) {
  (void)s;
  if (env_int("FAKE_CUDA_FAIL_LAUNCH", 0))
    return LAUNCH_FAILED;
  fake_cuda_launches += *(long *)exec;
  ++fake_cuda_graph_launches;
  return OK;
}
CUresult cuGraphExecDestroy(void *exec) {
  free(exec);
  return OK;
}
CUresult cuGraphDestroy(void *graph) {
  free(graph);
  return OK;
}
CUresult cuMemAlloc_v2(CUdeviceptr *ptr, size_t bytes) {
  void *p = aligned_alloc(256, (bytes + 255) / 256 * 256);
  struct allocation *grown =
      realloc(allocations, (size_t)(num_allocations + 1) * sizeof *grown);
  if (!p || !grown) {
    free(p);
    return OUT_OF_MEMORY;
  }
  allocations = grown;
  allocations[num_allocations++] =
      (struct allocation){(CUdeviceptr)(uintptr_t)p, bytes};
  fake_cuda_bytes_in_use += (long)bytes;
  *ptr = (CUdeviceptr)(uintptr_t)p;
  return OK;
}
CUresult cuMemFree_v2(CUdeviceptr ptr) {
  for (int i = 0; i < num_allocations; ++i)
    if (allocations[i].base == ptr) {
      allocations[i] = allocations[--num_allocations];
      free((void *)(uintptr_t)ptr);
      return OK;
    }
  return ptr ? INVALID_VALUE : OK;
}
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t bytes,
                              void *stream) {
  (void)stream;
  memcpy((void *)(uintptr_t)dst, src, bytes);
  return OK;
}
CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, size_t bytes,
                              void *stream) {
  (void)stream;
  memcpy(dst, (const void *)(uintptr_t)src, bytes);
  return OK;
}
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes,
                              void *stream) {
  (void)stream;
  ++fake_cuda_device_copies;
  memcpy((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, bytes);
  return OK;
}
CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char value, size_t n,
                         void *stream) {
  (void)stream;
  memset((void *)(uintptr_t)dst, value, n);
  return OK;
}
static int stream;
CUresult cuStreamCreate(void **s, unsigned flags) {
  (void)flags;
  *s = &stream;
  return OK;
}
CUresult cuStreamDestroy_v2(void *s) {
  return s == &stream ? OK : INVALID_VALUE;
}
CUresult cuStreamSynchronize(void *s) {
  return s == &stream ? OK : INVALID_VALUE;
}
CUresult cuGetErrorName(CUresult error, const char **name) {
  *name = error == LAUNCH_FAILED     ? "CUDA_ERROR_LAUNCH_FAILED"
          : error == ILLEGAL_ADDRESS ? "CUDA_ERROR_ILLEGAL_ADDRESS"
          : error == NOT_FOUND       ? "CUDA_ERROR_NOT_FOUND"
          : error == NO_DEVICE       ? "CUDA_ERROR_NO_DEVICE"
                                     : "CUDA_ERROR_FAKE";
  return OK;
}
CUresult cuGetErrorString(CUresult error, const char **text) {
  *text = error == LAUNCH_FAILED ? "unspecified launch failure" : "fake error";
  return OK;
}
