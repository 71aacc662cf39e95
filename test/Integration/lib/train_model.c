/*===- train_model.c - the training API on given data -------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Runs a compiled model's training API on given data and
 * writes what it computed, for comparison with the PyTorch oracle.
 *
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h train_model.c name.o -lm
 *   train_model PARAMS INPUT LABELS STEPS OUT
 *
 * Loads the parameters (raw, declaration order), then: compute_gradients
 * (writes OUT.grads.bin: every trainable parameter's gradient, in order),
 * apply_gradients, and STEPS - 1 train_step calls. Writes OUT.losses.bin
 * (the loss of each step) and OUT.params.bin (the parameters after all
 * steps), all in the model's element type.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model_api.h"
typedef API(label) label;

static void *read_file(const char *path, size_t bytes) {
  FILE *f = fopen(path, "rb");
  void *data = malloc(bytes ? bytes : 1);
  if (!f || fread(data, 1, bytes, f) != bytes) {
    fprintf(stderr, "cannot read %zu bytes from %s\n", bytes, path);
    exit(1);
  }
  fclose(f);
  return data;
}

static FILE *open_out(const char *prefix, const char *suffix) {
  char path[4096];
  snprintf(path, sizeof path, "%s%s", prefix, suffix);
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(1);
  }
  return f;
}

static void check(int status, const char *what) {
  if (status) {
    fprintf(stderr, "%s: %s\n", what, API(strerror)(status));
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc != 6)
    return 2;
  MODEL *m = API(create)(1);
  size_t total = 0;
  for (int i = 0; i < API(num_params)(); ++i)
    total += param_count(i);
  real *params = read_file(argv[1], total * sizeof(real));
  for (int i = 0, offset = 0; i < API(num_params)();
       offset += param_count(i), ++i)
    for (size_t k = 0; k < param_count(i); ++k)
      API(param_data)(m, i)[k] = params[offset + k];
  real *input = read_file(argv[2], SIZE(INPUT_SIZE) * sizeof(real));
  label *labels = read_file(argv[3], SIZE(LABEL_SIZE) * sizeof(label));
  int steps = atoi(argv[4]);

  FILE *losses = open_out(argv[5], ".losses.bin");
  real loss;
  check(API(compute_gradients)(m, input, labels, &loss), "compute_gradients");
  fwrite(&loss, sizeof loss, 1, losses);
  FILE *grads = open_out(argv[5], ".grads.bin");
  for (int i = 0; i < API(num_params)(); ++i)
    if (API(grad_data)(m, i))
      fwrite(API(grad_data)(m, i), sizeof(real), param_count(i), grads);
  fclose(grads);
  check(API(apply_gradients)(m), "apply_gradients");
  for (int s = 1; s < steps; ++s) {
    check(API(train_step)(m, input, labels, &loss), "train_step");
    fwrite(&loss, sizeof loss, 1, losses);
  }
  fclose(losses);
  FILE *out = open_out(argv[5], ".params.bin");
  for (int i = 0; i < API(num_params)(); ++i)
    fwrite(API(param_data)(m, i), sizeof(real), param_count(i), out);
  fclose(out);
  API(destroy)(m);
  free(params);
  free(input);
  free(labels);
  return 0;
}
