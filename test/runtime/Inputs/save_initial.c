/*===- save_initial.c - saves a model's initial parameters --------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * MODEL_HEADER-included: saves the parameters NAME_create(1)
 * draws to argv[1] (either target).
 */
#include <stdio.h>

int main(int argc, char **argv) {
  seed_cnn *m = seed_cnn_create(1);
  int status = m && argc == 2 ? seed_cnn_save(m, argv[1]) : 1;
  if (status)
    fprintf(stderr, "save: %s\n", seed_cnn_strerror(status));
  seed_cnn_destroy(m);
  return status != 0;
}
