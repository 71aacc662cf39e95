/*===- train_checks.c - the training calls' label and numerics checks -----===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Runs one training call on a batch with one planted fault and checks its
 * status and that a failed call left the model as it was.
 *
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h train_checks.c \
 *      name.o -lm
 *   train_checks CALL FAULT VALUE CODE DIR
 *
 * CALL: step (NAME_train_step), compute (NAME_compute_gradients), split
 * (compute_gradients, then apply_gradients when it succeeded) or apply
 * (apply_gradients alone, on the instance's zero gradients). FAULT: label
 * (labels[batch / 2] = VALUE, an integer), input (input[3] = VALUE: nan,
 * inf, -inf or a number), param (the last element of the largest
 * parameter is VALUE: at the end of the last block the checks scan), rate
 * (the learning rate is VALUE, the inputs are 100 and float labels 1000:
 * the update overflows) or none.
 * The call must return CODE. On failure every tensor of the instance
 * (checkpoint bytes, optimizer state included) must be as before; on
 * success the parameters must have changed (compute: the gradients must be
 * finite). Checkpoints go to DIR. Prints the status and "as expected".
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_api.h"

static real input[SIZE(INPUT_SIZE)];
static API(label) labels[SIZE(LABEL_SIZE)];

/* The checkpoint of `m` as bytes (malloc'd; *size set); NULL on failure. */
static unsigned char *snapshot(MODEL *m, const char *dir, const char *name,
                               long *size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.ckpt", dir, name);
  if (API(save)(m, path) != 0)
    return NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *bytes = (unsigned char *)malloc((size_t)*size);
  if (bytes && fread(bytes, 1, (size_t)*size, f) != (size_t)*size) {
    free(bytes);
    bytes = NULL;
  }
  fclose(f);
  return bytes;
}

static double parse_value(const char *text) {
  if (!strcmp(text, "nan"))
    return NAN;
  if (!strcmp(text, "inf"))
    return INFINITY;
  if (!strcmp(text, "-inf"))
    return -INFINITY;
  return strtod(text, NULL);
}

int main(int argc, char **argv) {
  if (argc != 6)
    return 2;
  const char *call = argv[1], *fault = argv[2], *value = argv[3];
  int expected = atoi(argv[4]);
  const char *dir = argv[5];
  MODEL *m = API(create)(42);
  if (!m)
    return 2;
  API(set_num_threads)(m, 3);
  int rate = !strcmp(fault, "rate");
  for (long i = 0; i < SIZE(INPUT_SIZE); ++i)
    input[i] = rate ? (real)100 : (real)((i * 37 % 101) / 101.0);
  for (long i = 0; i < SIZE(LABEL_SIZE); ++i)
#if SIZE(LABEL_SPARSE)
    labels[i] = (API(label))(i % SIZE(NUM_CLASSES));
#else
    labels[i] = rate ? (API(label))1000 : (API(label))(i % 2);
#endif
  if (!strcmp(fault, "label"))
    labels[SIZE(LABEL_SIZE) / 2] = (API(label))strtoll(value, NULL, 10);
  if (!strcmp(fault, "input"))
    input[3] = (real)parse_value(value);
  if (!strcmp(fault, "param")) {
    int largest = 0;
    for (int i = 1; i < API(num_params)(); ++i)
      if (param_count(i) > param_count(largest))
        largest = i;
    API(param_data)(m, largest)[param_count(largest) - 1] =
        (real)parse_value(value);
  }
  if (rate && API(set_learning_rate)(m, (float)parse_value(value)) != 0)
    return 2;

  long before_size = 0, after_size = 0;
  unsigned char *before = snapshot(m, dir, "before", &before_size);
  real loss = 0;
  int status;
  if (!strcmp(call, "step")) {
    status = API(train_step)(m, input, labels, &loss);
  } else if (!strcmp(call, "apply")) {
    status = API(apply_gradients)(m);
  } else {
    status = API(compute_gradients)(m, input, labels, &loss);
    if (status == 0 && !strcmp(call, "split"))
      status = API(apply_gradients)(m);
  }
  printf("%s %s %s: %d (%s)\n", call, fault, value, status,
         API(strerror)(status));
  unsigned char *after = snapshot(m, dir, "after", &after_size);
  if (!before || !after)
    return 2;
  int same =
      before_size == after_size && !memcmp(before, after, (size_t)before_size);
  int ok = status == expected;
  if (status != 0 && !same) {
    printf("the failed call changed the model\n");
    ok = 0;
  }
  if (status == 0 && !strcmp(call, "compute")) {
    for (int i = 0; i < API(num_params)(); ++i) {
      real *g = API(grad_data)(m, i);
      for (size_t k = 0; g && k < param_count(i); ++k)
        ok = ok && isfinite(g[k]);
    }
  } else if (status == 0 && same) {
    printf("the step changed nothing\n");
    ok = 0;
  }
  if (ok)
    printf("as expected\n");
  free(before);
  free(after);
  API(destroy)(m);
  return !ok;
}
