/*===- model_api.h - what the test programs share -----------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * What the test programs share: access to a generated API
 * whose model is chosen at build time.
 *
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h prog.c name.o -lm
 *
 * API(fn) names `name_fn`, SIZE(X) names `NAME_X`; `real` is the model's
 * element type. param_count(i) is parameter i's number of elements.
 */
#ifndef NNCC_TEST_MODEL_API_H
#define NNCC_TEST_MODEL_API_H

#include <stddef.h>

#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define API(fn) CAT(MODEL, fn)
#define SIZE(what) CAT(MODEL_UPPER, what)

typedef API(real) real;

static inline size_t param_count(int i) {
  size_t n = 1;
  for (int d = 0; d < API(param_rank)(i); ++d)
    n *= (size_t)API(param_shape)(i)[d];
  return n;
}

#endif /* NNCC_TEST_MODEL_API_H */
