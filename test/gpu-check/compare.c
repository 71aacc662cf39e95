/*===- compare.c - compares two raw arrays ------------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Compares two raw arrays of f32 or f64 values.
 *
 *   compare f32|f64 EXPECTED ACTUAL RTOL ATOL RMS
 *
 * Passes when |actual - expected| <= RTOL |expected| + ATOL + RMS *
 * rms(expected) everywhere (RMS gives entries near zero an absolute floor
 * relative to the array's scale). Prints the largest errors and "ok" or
 * "mismatch"; exits 0 only on ok.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double *load(const char *path, int f64, long *count) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  size_t size = f64 ? 8 : 4;
  *count = bytes / (long)size;
  unsigned char *raw = malloc(bytes ? (size_t)bytes : 1);
  double *values = malloc(sizeof(double) * (*count ? (size_t)*count : 1));
  if (fread(raw, 1, (size_t)bytes, f) != (size_t)bytes) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(1);
  }
  fclose(f);
  for (long i = 0; i < *count; ++i) {
    if (f64) {
      memcpy(&values[i], raw + 8 * i, 8);
    } else {
      float v;
      memcpy(&v, raw + 4 * i, 4);
      values[i] = v;
    }
  }
  free(raw);
  return values;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s f32|f64 EXPECTED ACTUAL RTOL ATOL RMS\n",
            argv[0]);
    return 2;
  }
  int f64 = !strcmp(argv[1], "f64");
  long n, m;
  double *expected = load(argv[2], f64, &n);
  double *actual = load(argv[3], f64, &m);
  if (n != m) {
    printf("mismatch: %ld values expected, %ld found\n", n, m);
    return 1;
  }
  double rtol = atof(argv[4]), atol = atof(argv[5]), rms = 0;
  for (long i = 0; i < n; ++i)
    rms += expected[i] * expected[i];
  rms = n ? sqrt(rms / (double)n) : 0;
  atol += atof(argv[6]) * rms;
  double max_abs = 0, max_rel = 0;
  long bad = 0, first = -1;
  for (long i = 0; i < n; ++i) {
    double diff = fabs(actual[i] - expected[i]);
    if (!(diff <= atol + rtol * fabs(expected[i]))) {
      if (first < 0)
        first = i;
      ++bad;
    }
    if (diff > max_abs || diff != diff)
      max_abs = diff;
    if (fabs(expected[i]) > atol && diff / fabs(expected[i]) > max_rel)
      max_rel = diff / fabs(expected[i]);
  }
  printf("%ld values, max abs error %.3g, max rel error %.3g", n, max_abs,
         max_rel);
  if (bad) {
    printf(": mismatch in %ld, first at %ld: %.9g, expected %.9g\n", bad, first,
           actual[first], expected[first]);
    return 1;
  }
  printf(": ok\n");
  return 0;
}
