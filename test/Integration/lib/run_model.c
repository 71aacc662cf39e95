/*===- run_model.c - predict against the oracle -------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Runs a compiled model on data files and compares its output
 * with the oracle's.
 *
 * Built once per model against its generated header:
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h run_model.c name.o -lm
 * Usage: run_model PARAMS INPUT EXPECTED RTOL ATOL
 *   PARAMS   every parameter, in declaration order, as raw values
 *   INPUT    one batch of input; EXPECTED one batch of output
 * Passes when |out - expected| <= ATOL + RTOL * |expected| everywhere.
 * Prints the largest errors and "ok" or "mismatch"; exits 0 only on ok.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model_api.h"

static int read_all(const char *path, void *data, size_t bytes) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 0;
  }
  size_t got = fread(data, 1, bytes, f);
  int extra = fgetc(f) != EOF;
  fclose(f);
  if (got != bytes || extra) {
    fprintf(stderr, "%s: expected %zu bytes\n", path, bytes);
    return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s PARAMS INPUT EXPECTED RTOL ATOL\n", argv[0]);
    return 2;
  }
  double rtol = atof(argv[4]), atol = atof(argv[5]);
  MODEL *model = API(create)(42);
  if (!model) {
    fprintf(stderr, "create failed\n");
    return 1;
  }
  if (API(instance_bytes)() != SIZE(INSTANCE_BYTES)) {
    fprintf(stderr, "instance bytes: runtime %lld, header %lld\n",
            (long long)API(instance_bytes)(), (long long)SIZE(INSTANCE_BYTES));
    return 1;
  }

  /* The parameters, back to back in declaration order. */
  size_t total = 0;
  for (int i = 0; i < API(num_params)(); ++i)
    total += param_count(i);
  real *params = malloc(sizeof(real) * (total ? total : 1));
  if (!read_all(argv[1], params, sizeof(real) * total))
    return 1;
  size_t offset = 0;
  for (int i = 0; i < API(num_params)(); ++i) {
    size_t n = param_count(i);
    real *dst = API(param_data)(model, i);
    for (size_t k = 0; k < n; ++k)
      dst[k] = params[offset + k];
    offset += n;
  }

  real *input = malloc(sizeof(real) * SIZE(INPUT_SIZE));
  real *expected = malloc(sizeof(real) * SIZE(OUTPUT_SIZE));
  real *output = malloc(sizeof(real) * SIZE(OUTPUT_SIZE));
  if (!read_all(argv[2], input, sizeof(real) * SIZE(INPUT_SIZE)) ||
      !read_all(argv[3], expected, sizeof(real) * SIZE(OUTPUT_SIZE)))
    return 1;
  int status = API(predict)(model, input, output);
  if (status) {
    fprintf(stderr, "predict: %s\n", API(strerror)(status));
    return 1;
  }

  double max_abs = 0, max_rel = 0;
  long bad = 0, first_bad = -1;
  for (long i = 0; i < SIZE(OUTPUT_SIZE); ++i) {
    double e = expected[i], o = output[i];
    double diff = fabs(o - e);
    if (!(diff <= atol + rtol * fabs(e))) {
      if (first_bad < 0)
        first_bad = i;
      ++bad;
    }
    if (diff > max_abs)
      max_abs = diff;
    if (fabs(e) > atol && diff / fabs(e) > max_rel)
      max_rel = diff / fabs(e);
  }
  printf("max abs error %.3g, max rel error %.3g\n", max_abs, max_rel);
  if (bad) {
    printf("mismatch: %ld of %ld values, first at %ld: got %.9g, expected "
           "%.9g\n",
           bad, (long)SIZE(OUTPUT_SIZE), first_bad, (double)output[first_bad],
           (double)expected[first_bad]);
    return 1;
  }
  printf("ok\n");
  API(destroy)(model);
  free(params);
  free(input);
  free(expected);
  free(output);
  return 0;
}
