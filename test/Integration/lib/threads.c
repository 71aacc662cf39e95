/*===- threads.c - results are bitwise the same on any thread count -------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Runs predict (and, for a training model, compute_gradients and one
 * train_step) at every thread count given, from the same parameters, input
 * and labels, and checks that every result is bitwise the result at the
 * first count.
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h threads.c name.o -lm
 *   threads PARAMS LABELS N1 N2 ...
 * PARAMS: every parameter, declaration order, raw; LABELS: the labels of a
 * training model, raw ('-' for a predict-only model). The input is fixed
 * data with no exact zeros. Prints a line for each thread count whose
 * results differ (how many, and the first) and exits 1, or one line saying
 * all are the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_api.h"

/* Fixed, sign-mixed input data with no exact zeros. */
static real value(long i) {
  return (real)(((i * 7919 + 13) % 2003) / 1001.0 - 1.0005);
}

static void *read_file(const char *path, size_t bytes) {
  void *data = malloc(bytes ? bytes : 1);
  FILE *f = fopen(path, "rb");
  if (!data || !f || fread(data, 1, bytes, f) != bytes) {
    fprintf(stderr, "cannot read %zu bytes from %s\n", bytes, path);
    exit(2);
  }
  fclose(f);
  return data;
}

/* The results of one thread count, concatenated. */
typedef struct {
  real *data;
  size_t count;
} Results;

static void append(Results *r, const real *data, size_t count) {
  r->data = realloc(r->data, (r->count + count) * sizeof(real));
  if (!r->data) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  memcpy(r->data + r->count, data, count * sizeof(real));
  r->count += count;
}

static void check(int status, const char *what) {
  if (status) {
    fprintf(stderr, "%s failed: %s\n", what, API(strerror)(status));
    exit(2);
  }
}

static Results run(int threads, const char *params, const char *labels) {
  Results r = {0, 0};
  MODEL *m = API(create)(7);
  if (!m) {
    fprintf(stderr, "create failed\n");
    exit(2);
  }
  check(API(set_num_threads)(m, threads), "set_num_threads");
  FILE *in = fopen(params, "rb");
  for (int i = 0; in && i < API(num_params)(); ++i)
    if (fread(API(param_data)(m, i), sizeof(real), param_count(i), in) !=
        param_count(i))
      in = (fclose(in), NULL);
  if (!in) {
    fprintf(stderr, "cannot read the parameters from %s\n", params);
    exit(2);
  }
  fclose(in);
  real *input = malloc(sizeof(real) * SIZE(INPUT_SIZE));
  real *output = malloc(sizeof(real) * SIZE(OUTPUT_SIZE));
  for (long i = 0; i < SIZE(INPUT_SIZE); ++i)
    input[i] = value(i);
  check(API(predict)(m, input, output), "predict");
  append(&r, output, SIZE(OUTPUT_SIZE));
#if SIZE(HAS_TRAINING)
  API(label) *y = read_file(labels, sizeof(API(label)) * SIZE(LABEL_SIZE));
  real loss;
  check(API(compute_gradients)(m, input, y, &loss), "compute_gradients");
  append(&r, &loss, 1);
  for (int i = 0; i < API(num_params)(); ++i)
    if (API(grad_data)(m, i))
      append(&r, API(grad_data)(m, i), param_count(i));
  check(API(train_step)(m, input, y, &loss), "train_step");
  append(&r, &loss, 1);
  for (int i = 0; i < API(num_params)(); ++i)
    append(&r, API(param_data)(m, i), param_count(i));
  free(y);
#else
  (void)labels;
#endif
  free(input);
  free(output);
  API(destroy)(m);
  return r;
}

int main(int argc, char **argv) {
  if (argc < 4)
    return 2;
  Results first = run(atoi(argv[3]), argv[1], argv[2]);
  int failed = 0;
  for (int a = 4; a < argc; ++a) {
    Results r = run(atoi(argv[a]), argv[1], argv[2]);
    size_t differ = 0, at = 0;
    size_t n = r.count < first.count ? r.count : first.count;
    for (size_t i = n; i-- > 0;)
      if (memcmp(&r.data[i], &first.data[i], sizeof(real)))
        ++differ, at = i;
    if (r.count != first.count || differ) {
      printf("%s threads: %zu of %zu results differ from %s threads", argv[a],
             differ, r.count, argv[3]);
      if (differ)
        printf(" (first at %zu: %.9g against %.9g)", at, (double)r.data[at],
               (double)first.data[at]);
      printf("\n");
      failed = 1;
    }
    free(r.data);
  }
  if (!failed) {
    printf("%zu results bitwise the same at", first.count);
    for (int a = 3; a < argc; ++a)
      printf(" %s", argv[a]);
    printf(" threads\n");
  }
  free(first.data);
  return failed;
}
