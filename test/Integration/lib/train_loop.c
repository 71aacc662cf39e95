/*===- train_loop.c - training on a learnable task ----------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Trains a compiled model on a synthetic, learnable task:
 * class c is an image (or sequence) whose rows c and c + 10 are bright,
 * plus deterministic noise.
 *
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h train_loop.c name.o -lm
 *   train_loop descend STEPS        prints the first and last loss; exits 0
 *                                   when the last is below half the first
 *   train_loop resume STEPS DIR     trains STEPS steps straight, and STEPS/2
 *                                   steps, save, load into a new instance,
 *                                   STEPS/2 more; exits 0 when every
 *                                   parameter is bitwise equal
 *   train_loop threads STEPS        trains STEPS steps and predicts on 1, 2,
 *                                   3 and 4 threads; exits 0 when losses,
 *                                   parameters and outputs are bitwise
 *                                   equal to the 1-thread run
 *   train_loop digest STEPS THREADS   trains STEPS steps on THREADS threads
 *                                   and prints a digest of the losses,
 *                                   parameters and output bytes (equal
 *                                   digests: bitwise equal runs, e.g. of
 *                                   two builds of one model)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_api.h"
typedef API(label) label;

enum { CLASSES = SIZE(OUTPUT_SIZE) / SIZE(BATCH) };

static real input[SIZE(INPUT_SIZE)];
static label labels[SIZE(LABEL_SIZE)];

/* Batch `step`: deterministic classes and noise. */
static void make_batch(int step) {
  int per_example = SIZE(INPUT_SIZE) / SIZE(BATCH);
  int width = (int)sqrt((double)per_example);
  memset(labels, 0, sizeof labels);
  for (int b = 0; b < SIZE(BATCH); ++b) {
    int c = (b * 7 + step * 3) % CLASSES;
    for (int i = 0; i < per_example; ++i) {
      int row = i / width;
      unsigned noise = (unsigned)(i * 2654435761u + b * 40503u + step);
      input[b * per_example + i] =
          (real)((row == c || row == c + 10 ? 0.9 : 0.0) +
                 0.1 * ((noise >> 8) % 1000) / 1000.0);
    }
#if SIZE(LABEL_SPARSE)
    labels[b] = c;
#else
    labels[b * CLASSES + c] = 1;
#endif
  }
}

static real step(MODEL *m, int s) {
  real loss;
  make_batch(s);
  int status = API(train_step)(m, input, labels, &loss);
  if (status) {
    fprintf(stderr, "train_step: %s\n", API(strerror)(status));
    exit(1);
  }
  return loss;
}

/* Trains `steps` steps from seed 7 on `threads` threads into `losses`, then
   predicts the first batch into `output`; returns the instance. */
static MODEL *run_on_threads(int threads, int steps, real *losses,
                             real *output) {
  MODEL *m = API(create)(7);
  if (!m || API(set_num_threads)(m, threads) || API(num_threads)(m) != threads)
    exit(1);
  for (int s = 0; s < steps; ++s)
    losses[s] = step(m, s);
  make_batch(0);
  if (API(predict)(m, input, output))
    exit(1);
  return m;
}

static real outputs[2][SIZE(OUTPUT_SIZE)];

static int threads_agree(int steps) {
  MODEL *fresh = API(create)(7);
  printf("default threads: %d\n", API(num_threads)(fresh));
  API(destroy)(fresh);
  real *losses[2] = {malloc(sizeof(real) * steps),
                     malloc(sizeof(real) * steps)};
  MODEL *reference = run_on_threads(1, steps, losses[0], outputs[0]);
  int all_same = 1;
  for (int threads = 2; threads <= 4; ++threads) {
    MODEL *m = run_on_threads(threads, steps, losses[1], outputs[1]);
    int same = !memcmp(losses[0], losses[1], sizeof(real) * steps) &&
               !memcmp(outputs[0], outputs[1], sizeof outputs[0]);
    for (int i = 0; i < API(num_params)(); ++i)
      same &= !memcmp(API(param_data)(reference, i), API(param_data)(m, i),
                      param_count(i) * sizeof(real));
    printf("%d threads: losses, parameters and outputs bitwise equal to 1 "
           "thread: %s\n",
           threads, same ? "yes" : "no");
    all_same &= same;
    API(destroy)(m);
  }
  /* Out-of-range thread counts are rejected and keep the pool. */
  int rejected = API(set_num_threads)(reference, 0) != 0 &&
                 API(set_num_threads)(reference, 100000) != 0 &&
                 API(num_threads)(reference) == 1;
  printf("bad thread counts rejected: %s\n", rejected ? "yes" : "no");
  API(destroy)(reference);
  free(losses[0]);
  free(losses[1]);
  return all_same && rejected;
}

/* FNV-1a over `bytes` bytes of `data`, continuing from `hash`. */
static unsigned long long fnv1a(unsigned long long hash, const void *data,
                                size_t bytes) {
  const unsigned char *p = data;
  for (size_t i = 0; i < bytes; ++i)
    hash = (hash ^ p[i]) * 1099511628211ull;
  return hash;
}

static int digest(int steps, int threads) {
  real *losses = malloc(sizeof(real) * steps);
  MODEL *m = run_on_threads(threads, steps, losses, outputs[0]);
  unsigned long long hash = 14695981039346656037ull;
  hash = fnv1a(hash, losses, sizeof(real) * steps);
  hash = fnv1a(hash, outputs[0], sizeof outputs[0]);
  for (int i = 0; i < API(num_params)(); ++i)
    hash = fnv1a(hash, API(param_data)(m, i), param_count(i) * sizeof(real));
  printf("last loss %.6g, digest %016llx\n", (double)losses[steps - 1], hash);
  API(destroy)(m);
  free(losses);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int steps = atoi(argv[2]);
  if (!strcmp(argv[1], "descend")) {
    MODEL *m = API(create)(3);
    real first = step(m, 0), last = first;
    for (int s = 1; s < steps; ++s)
      last = step(m, s);
    printf("first loss %.4f, last loss %.4f\n", (double)first, (double)last);
    API(destroy)(m);
    return !(last < first / 2);
  }
  if (!strcmp(argv[1], "resume") && argc == 4) {
    char path[4096];
    snprintf(path, sizeof path, "%s/resume.ckpt", argv[3]);
    MODEL *straight = API(create)(5);
    for (int s = 0; s < steps; ++s)
      step(straight, s);
    MODEL *first = API(create)(5);
    for (int s = 0; s < steps / 2; ++s)
      step(first, s);
    if (API(save)(first, path))
      return 1;
    API(destroy)(first);
    MODEL *resumed = API(create)(99); /* other initial parameters */
    int status = API(load)(resumed, path);
    if (status) {
      fprintf(stderr, "load: %s\n", API(strerror)(status));
      return 1;
    }
    for (int s = steps / 2; s < steps; ++s)
      step(resumed, s);
    int same = 1;
    for (int i = 0; i < API(num_params)(); ++i)
      same &= !memcmp(API(param_data)(straight, i), API(param_data)(resumed, i),
                      param_count(i) * sizeof(real));
    printf("resumed training is bitwise identical: %s\n", same ? "yes" : "no");
    API(destroy)(straight);
    API(destroy)(resumed);
    return !same;
  }
  if (!strcmp(argv[1], "threads"))
    return !threads_agree(steps);
  if (!strcmp(argv[1], "digest") && argc == 4 && steps > 0)
    return digest(steps, atoi(argv[3]));
  return 2;
}
