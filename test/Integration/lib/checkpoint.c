/*===- checkpoint.c - save and load from the command line ---------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Drives a compiled model's save/load from the command line.
 *
 *   cc -DMODEL=name -include name.h checkpoint.c name.o -lm
 *   checkpoint save PATH SEED        saves a model created from SEED
 *   checkpoint load PATH CODE SEED   loads into a model created from seed 7;
 *       expects status CODE; on success the parameters must equal those of
 *       a model created from SEED, on failure they must be unchanged.
 * Prints the status and its description; exits 0 when all expectations hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_api.h"

/* 1 when every parameter of a and b is bitwise equal. */
static int same_params(MODEL *a, MODEL *b) {
  for (int i = 0; i < API(num_params)(); ++i)
    if (memcmp(API(param_data)(a, i), API(param_data)(b, i),
               param_count(i) * sizeof(real)))
      return 0;
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 4)
    return 2;
  if (!strcmp(argv[1], "save")) {
    MODEL *m = API(create)(strtoull(argv[3], NULL, 10));
    int status = API(save)(m, argv[2]);
    printf("save: %d (%s)\n", status, API(strerror)(status));
    API(destroy)(m);
    return status != 0;
  }
  if (!strcmp(argv[1], "load") && argc == 5) {
    int expected = atoi(argv[3]);
    MODEL *m = API(create)(7), *before = API(create)(7);
    MODEL *reference = API(create)(strtoull(argv[4], NULL, 10));
    int status = API(load)(m, argv[2]);
    printf("load: %d (%s)\n", status, API(strerror)(status));
    int ok = status == expected;
    if (status == 0)
      ok = ok && same_params(m, reference);
    else
      ok = ok && same_params(m, before);
    printf("%s\n", ok ? "as expected" : "UNEXPECTED");
    API(destroy)(m);
    API(destroy)(before);
    API(destroy)(reference);
    return !ok;
  }
  return 2;
}
