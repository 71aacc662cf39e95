//===- peak_cuda.cu - the GPU's copy bandwidth and FMA rate ---------------===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The two ceilings a GPU kernel is judged against, measured on the card as
// found (test/gpu-check/run.sh runs it; docs/CUDATarget.md reports it):
//
//   nvcc -O3 -arch=sm_90 bench/peak_cuda.cu -o peak_cuda && ./peak_cuda
//
// prints `copy_gbs=<device-to-device copy, bytes read + written per second>
// fma_gflops=<f32 FMA rate, 2 FLOP per FMA> f64_fma_gflops=<the same in f64>
// sms=<multiprocessors> clock_mhz=<SM clock>`. Each is the best of 10 timed
// launches (CUDA events) after a warm-up.
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>

#include <cuda_runtime.h>

#define CHECK(call)                                                            \
  do {                                                                         \
    cudaError_t error_ = (call);                                               \
    if (error_ != cudaSuccess) {                                               \
      std::fprintf(stderr, "%s: %s\n", #call, cudaGetErrorString(error_));     \
      std::exit(1);                                                            \
    }                                                                          \
  } while (0)

// 16-byte loads and stores, coalesced across the warp, grid-stride.
__global__ void copyKernel(const float4 *__restrict__ in,
                           float4 *__restrict__ out, size_t n) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
       i += (size_t)gridDim.x * blockDim.x)
    out[i] = in[i];
}

// kChains independent FMA chains per thread hide the FMA latency; the
// result is stored so that nothing is dead.
constexpr int kChains = 8;
template <typename T>
__global__ void fmaKernel(T *out, int iterations, T a, T b) {
  T acc[kChains];
#pragma unroll
  for (int c = 0; c < kChains; ++c)
    acc[c] = T(threadIdx.x + c);
#pragma unroll 4
  for (int i = 0; i < iterations; ++i) {
#pragma unroll
    for (int c = 0; c < kChains; ++c)
      acc[c] = acc[c] * a + b;
  }
  T sum = 0;
#pragma unroll
  for (int c = 0; c < kChains; ++c)
    sum += acc[c];
  out[blockIdx.x * blockDim.x + threadIdx.x] = sum;
}

// The best time of 10 launches of `launch`, in ms.
template <typename F>
static float bestMs(F launch) {
  cudaEvent_t start, stop;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  launch();
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  float best = 1e30f;
  for (int r = 0; r < 10; ++r) {
    CHECK(cudaEventRecord(start));
    launch();
    CHECK(cudaEventRecord(stop));
    CHECK(cudaEventSynchronize(stop));
    CHECK(cudaGetLastError());
    float ms;
    CHECK(cudaEventElapsedTime(&ms, start, stop));
    best = ms < best ? ms : best;
  }
  CHECK(cudaEventDestroy(start));
  CHECK(cudaEventDestroy(stop));
  return best;
}

template <typename T>
static double fmaGflops(int sms) {
  const int threads = 256, blocks = sms * 16, iterations = 1 << 14;
  T *out;
  CHECK(cudaMalloc(&out, sizeof(T) * threads * blocks));
  float ms = bestMs([&] {
    fmaKernel<T><<<blocks, threads>>>(out, iterations, T(0.999), T(0.001));
  });
  CHECK(cudaFree(out));
  double fmas = (double)threads * blocks * iterations * kChains;
  return 2 * fmas / (ms * 1e-3) * 1e-9;
}

int main() {
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  int clockKHz = 0;
  CHECK(cudaDeviceGetAttribute(&clockKHz, cudaDevAttrClockRate, 0));

  // 2 GiB in + 2 GiB out: far beyond the L2.
  const size_t bytes = size_t(2) << 30, n = bytes / sizeof(float4);
  float4 *in, *out;
  CHECK(cudaMalloc(&in, bytes));
  CHECK(cudaMalloc(&out, bytes));
  CHECK(cudaMemset(in, 1, bytes));
  float copyMs = bestMs(
      [&] { copyKernel<<<prop.multiProcessorCount * 8, 512>>>(in, out, n); });
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));

  std::printf("copy_gbs=%.0f fma_gflops=%.0f f64_fma_gflops=%.0f sms=%d "
              "clock_mhz=%d\n",
              2.0 * bytes / (copyMs * 1e-3) * 1e-9,
              fmaGflops<float>(prop.multiProcessorCount),
              fmaGflops<double>(prop.multiProcessorCount),
              prop.multiProcessorCount, clockKHz / 1000);
  return 0;
}
