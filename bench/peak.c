/*===- peak.c - the machine's FMA peak ----------------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The machine's single-precision FMA peak.
 *
 *   cc -O2 -ffp-contract=fast -march=native bench/peak.c -lpthread -o peak
 *   ./peak THREADS
 *
 * Each thread runs 12 independent chains of 512-bit fused multiply-adds (on
 * machines without AVX-512 the compiler splits them into narrower ones),
 * enough to hide the FMA latency on two ports. Prints `gflops=<G>`.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef float v16 __attribute__((vector_size(64)));
enum { kChains = 12, kIters = 20000000 };

static void *run(void *arg) {
  v16 acc[kChains]; /* unrolled by hand below: kept in registers */
  v16 a = {0}, b = {0};
  for (int l = 0; l < 16; ++l) {
    a[l] = 0.999999f;
    b[l] = 1e-7f;
  }
  for (int c = 0; c < kChains; ++c)
    acc[c] = a * (float)c;
  v16 c0 = acc[0], c1 = acc[1], c2 = acc[2], c3 = acc[3], c4 = acc[4],
      c5 = acc[5], c6 = acc[6], c7 = acc[7], c8 = acc[8], c9 = acc[9],
      c10 = acc[10], c11 = acc[11];
  for (long i = 0; i < kIters; ++i) {
    c0 = c0 * a + b;
    c1 = c1 * a + b;
    c2 = c2 * a + b;
    c3 = c3 * a + b;
    c4 = c4 * a + b;
    c5 = c5 * a + b;
    c6 = c6 * a + b;
    c7 = c7 * a + b;
    c8 = c8 * a + b;
    c9 = c9 * a + b;
    c10 = c10 * a + b;
    c11 = c11 * a + b;
    __asm__ volatile("" : "+v"(c0), "+v"(c1), "+v"(c2), "+v"(c3));
  }
  acc[0] = c0, acc[1] = c1, acc[2] = c2, acc[3] = c3, acc[4] = c4;
  acc[5] = c5, acc[6] = c6, acc[7] = c7, acc[8] = c8, acc[9] = c9;
  acc[10] = c10, acc[11] = c11;
  float sum = 0;
  for (int c = 0; c < kChains; ++c)
    for (int l = 0; l < 16; ++l)
      sum += acc[c][l];
  *(float *)arg = sum;
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  if (threads < 1 || threads > 256)
    return 2;
  pthread_t ids[256];
  float sums[256];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int t = 0; t < threads; ++t)
    pthread_create(&ids[t], NULL, run, &sums[t]);
  for (int t = 0; t < threads; ++t)
    pthread_join(ids[t], NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) +
                   1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  double flops = 2.0 * 16 * kChains * (double)kIters * threads;
  printf("gflops=%.1f check=%g\n", flops / seconds * 1e-9, (double)sums[0]);
  return 0;
}
