/*===- grad_model.c - compute_gradients on given data -------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * NAME_compute_gradients on given parameters and labels.
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h grad_model.c name.o -lm
 *   grad_model PARAMS LABELS OUT
 * PARAMS: every parameter, declaration order, raw. Writes OUT: the loss,
 * the gradient of every trainable parameter, in order, then the values of
 * the non-trainable ones after the call (batch normalization's moving
 * statistics).
 */
#include <stdio.h>
#include <stdlib.h>

#include "model_api.h"
typedef API(label) label;

static void read_into(FILE *f, void *data, size_t bytes) {
  if (fread(data, 1, bytes, f) != bytes) {
    fprintf(stderr, "short input\n");
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  MODEL *m = API(create)(1);
  FILE *in = fopen(argv[1], "rb");
  for (int i = 0; i < API(num_params)(); ++i)
    read_into(in, API(param_data)(m, i), param_count(i) * sizeof(real));
  fclose(in);
  static label labels[SIZE(LABEL_SIZE)];
  in = fopen(argv[2], "rb");
  read_into(in, labels, sizeof labels);
  fclose(in);
  real input[SIZE(INPUT_SIZE)] = {0};
  real loss;
  int status = API(compute_gradients)(m, input, labels, &loss);
  if (status) {
    fprintf(stderr, "%s\n", API(strerror)(status));
    return 1;
  }
  FILE *out = fopen(argv[3], "wb");
  fwrite(&loss, sizeof loss, 1, out);
  for (int i = 0; i < API(num_params)(); ++i)
    if (API(grad_data)(m, i))
      fwrite(API(grad_data)(m, i), sizeof(real), param_count(i), out);
  for (int i = 0; i < API(num_params)(); ++i)
    if (!API(grad_data)(m, i))
      fwrite(API(param_data)(m, i), sizeof(real), param_count(i), out);
  fclose(out);
  API(destroy)(m);
  return 0;
}
