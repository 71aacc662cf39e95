/*===- math_accuracy.c - accuracy of the kernels' math ------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The accuracy of the exp/log/tanh approximations the
 * CUDA target's kernels use (nncc-polynomial-math), measured through a
 * model `math` of one op on a 4096x2 input swept over [-LIMIT, LIMIT]:
 *
 *   cc -DOP=tanh|sigmoid|log_softmax|gelu -include math.h math_accuracy.c \
 *      math.o -lm
 *   ./a.out LIMIT MAX_ULPS
 *
 * Compares with libm in double; prints the largest error in units of the
 * float ulp of the exact result and fails above MAX_ULPS. For log_softmax
 * the unit is the ulp of max(|result|, 1): its f32 algorithm (x - max -
 * log(sum of exp)) cancels, and log(1 + tiny) in f32 is only good to an
 * ulp of 1 (PyTorch's as much as ours). For gelu, x/2 · (1 + erf(x/√2)),
 * the unit is the ulp of max(|result|, |x|/2): 1 + erf cancels for
 * negative x, as in PyTorch's and TensorFlow's f32 gelu.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 4096

static double reference(double x, double other, int column) {
  double v = column ? other : x;
  if (!strcmp(OP, "tanh"))
    return tanh(v);
  if (!strcmp(OP, "sigmoid"))
    return 1.0 / (1.0 + exp(-v));
  if (!strcmp(OP, "gelu"))
    return 0.5 * v * (1.0 + erf(v / sqrt(2.0)));
  /* log_softmax of the row [x, other]. */
  double hi = x > other ? x : other;
  double lse = hi + log(exp(x - hi) + exp(other - hi));
  return v - lse;
}

static double ulp(double value, double x) {
  int exponent;
  if (!strcmp(OP, "log_softmax") && fabs(value) < 1.0)
    value = 1.0;
  if (!strcmp(OP, "gelu") && fabs(value) < fabs(x) / 2)
    value = x / 2;
  frexp(fabs(value), &exponent);
  double unit = ldexp(1.0, exponent - FLT_MANT_DIG);
  return unit > ldexp(1.0, -126) ? unit : ldexp(1.0, -126);
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  double limit = atof(argv[1]), bound = atof(argv[2]);
  static float input[ROWS * 2], output[ROWS * 2];
  for (int i = 0; i < ROWS; ++i) {
    input[2 * i] = (float)(-limit + 2 * limit * i / (ROWS - 1));
    input[2 * i + 1] = input[2 * i] / 3.0f;
  }
  math *m = math_create(0);
  if (!m || math_predict(m, input, output))
    return 1;
  double worst = 0, at = 0;
  for (int i = 0; i < ROWS * 2; ++i) {
    double exact = reference(input[i & ~1], input[i | 1], i & 1);
    double error = fabs(output[i] - exact) / ulp(exact, input[i]);
    if (error > worst || error != error)
      worst = error, at = input[i];
  }
  printf("%s on [-%g, %g]: max error %.2f ulp (at %g), bound %g: %s\n", OP,
         limit, limit, worst, at, bound, worst <= bound ? "ok" : "FAIL");
  math_destroy(m);
  return !(worst <= bound);
}
