/*===- nncc_bench.c - times one entry point -----------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Times one entry point of a compiled model.
 *
 *   cc -O2 -D_POSIX_C_SOURCE=200809L -DMODEL=m -DMODEL_UPPER=M -include m.h \
 *      bench/nncc_bench.c m.o -lm -o bench_m
 *   ./bench_m train|predict SECONDS THREADS
 *   ./bench_m create 0 THREADS
 *
 * Random inputs (and labels for `train`), three warm-up calls, then calls
 * until SECONDS have passed (at least 10). Prints one line
 * `ms=<median ms per call> p90_ms=<90th percentile> p99_ms=<99th>
 * calls=<n> maxrss_kb=<peak resident memory>`. `create` times one
 * NAME_create (initialization included, on THREADS threads: the instance's
 * pool, NNCC_NUM_THREADS) and prints `create_s=<seconds>`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#if !defined(MODEL) || !defined(MODEL_UPPER)
#error "compile with -DMODEL=name -DMODEL_UPPER=NAME -include name.h"
#endif
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define API(fn) CAT(MODEL, fn)
#define SIZE(x) CAT(MODEL_UPPER, x)

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static uint64_t state = 0x9E3779B97F4A7C15ull;
static float uniform(void) { /* xorshift64*, in [0, 1) */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return (float)((state * 2685821657736338717ull) >> 40) / 16777216.0f;
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[1], "train") && strcmp(argv[1], "predict") &&
                    strcmp(argv[1], "create"))) {
    fprintf(stderr, "usage: %s train|predict|create SECONDS THREADS\n",
            argv[0]);
    return 2;
  }
  if (!strcmp(argv[1], "create")) {
    if (setenv("NNCC_NUM_THREADS", argv[3], 1))
      return 2;
    double start = now();
    MODEL *m = API(_create)(1);
    double seconds = now() - start;
    if (!m)
      return 1;
    API(_destroy)(m);
    printf("create_s=%.3f\n", seconds);
    return 0;
  }
  int train = !strcmp(argv[1], "train");
  double seconds = atof(argv[2]);
  MODEL *m = API(_create)(1);
  if (m && API(_set_num_threads)(m, atoi(argv[3])) != 0)
    return 2;
  API(_real) *input = malloc(sizeof(API(_real)) * SIZE(_INPUT_SIZE));
  API(_real) *output = malloc(sizeof(API(_real)) * SIZE(_OUTPUT_SIZE));
  if (!m || !input || !output)
    return 1;
  for (long i = 0; i < SIZE(_INPUT_SIZE); ++i)
    input[i] = uniform();
#if SIZE(_HAS_TRAINING)
  API(_label) labels[SIZE(_LABEL_SIZE)];
#if SIZE(_LABEL_SPARSE)
  for (long i = 0; i < SIZE(_LABEL_SIZE); ++i)
    labels[i] = (API(_label))(uniform() * 10) % 10;
#else
  long classes = SIZE(_LABEL_SIZE) / SIZE(_BATCH);
  memset(labels, 0, sizeof labels);
  for (long b = 0; b < SIZE(_BATCH); ++b)
    labels[b * classes + (long)(uniform() * classes) % classes] = 1;
#endif
  API(_real) loss;
  /* A small rate keeps the parameters in range however long this runs. */
  API(_set_learning_rate)(m, 1e-5f);
#else
  if (train) {
    fprintf(stderr, "the model has no training entry points\n");
    return 2;
  }
#endif
  enum { kMax = 100000 };
  static double times[kMax];
  int calls = 0;
  double start = now();
  for (int i = -3; calls < kMax; ++i) {
    double t0 = now();
    int status;
#if SIZE(_HAS_TRAINING)
    if (train)
      status = API(_train_step)(m, input, labels, &loss);
    else
#endif
      status = API(_predict)(m, input, output);
    double t1 = now();
    if (status) {
      fprintf(stderr, "error: %s\n", API(_strerror)(status));
      return 1;
    }
    if (i < 0) {
      start = t1;
      continue;
    }
    times[calls++] = t1 - t0;
    if (calls >= 10 && t1 - start >= seconds)
      break;
  }
  qsort(times, (size_t)calls, sizeof(double), compare);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("ms=%.4f p90_ms=%.4f p99_ms=%.4f calls=%d maxrss_kb=%ld\n",
         1e3 * times[calls / 2], 1e3 * times[calls * 9 / 10],
         1e3 * times[calls * 99 / 100], calls, usage.ru_maxrss);
  API(_destroy)(m);
  free(input);
  free(output);
  return 0;
}
