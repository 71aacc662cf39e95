/*===- determinism.c - runs are bitwise reproducible --------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The same seed gives the same parameters, and predict
 * gives bitwise the same output on every call and every instance.
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h determinism.c name.o -lm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_api.h"

int main(void) {
  MODEL *a = API(create)(1), *b = API(create)(1), *c = API(create)(2);
  int same_seed = 1, other_seed_differs = 0;
  for (int i = 0; i < API(num_params)(); ++i) {
    same_seed &= !memcmp(API(param_data)(a, i), API(param_data)(b, i),
                         param_count(i) * sizeof(real));
    other_seed_differs |= !!memcmp(API(param_data)(a, i), API(param_data)(c, i),
                                   param_count(i) * sizeof(real));
  }
  real *input = malloc(sizeof(real) * SIZE(INPUT_SIZE));
  real *out[3];
  for (long i = 0; i < SIZE(INPUT_SIZE); ++i)
    input[i] = (real)((i * 7919 % 1000) / 1000.0);
  for (int k = 0; k < 3; ++k)
    out[k] = malloc(sizeof(real) * SIZE(OUTPUT_SIZE));
  API(predict)(a, input, out[0]);
  API(predict)(a, input, out[1]);
  API(predict)(b, input, out[2]);
  size_t bytes = sizeof(real) * SIZE(OUTPUT_SIZE);
  int repeatable =
      !memcmp(out[0], out[1], bytes) && !memcmp(out[0], out[2], bytes);
  printf("same seed, same parameters: %s\n", same_seed ? "yes" : "no");
  printf("other seed, other parameters: %s\n",
         other_seed_differs ? "yes" : "no");
  printf("bitwise repeatable predict: %s\n", repeatable ? "yes" : "no");
  return !(same_seed && other_seed_differs && repeatable);
}
