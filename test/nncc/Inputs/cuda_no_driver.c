/*===- cuda_no_driver.c - CUDA models without a driver ------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Both seed models for the CUDA target in one program, run where no CUDA
 * driver can be loaded: create returns NULL and the status says why.
 */
#include "cnn.h"
#include "lstm.h"

#include <stdio.h>

int main(void) {
  seed_cnn *cnn = seed_cnn_create(1);
  int status = seed_cnn_create_status();
  printf("seed_cnn: %s, status %d: %s\n", cnn ? "created" : "NULL", status,
         seed_cnn_strerror(status));
  printf("seed_cnn: %s\n", seed_cnn_last_error());
  seed_lstm *lstm = seed_lstm_create(1);
  status = seed_lstm_create_status();
  printf("seed_lstm: %s, status %d: %s\n", lstm ? "created" : "NULL", status,
         seed_lstm_strerror(status));
  printf("instance bytes: %lld\n", (long long)seed_cnn_instance_bytes());
  seed_cnn_destroy(cnn);
  seed_lstm_destroy(lstm);
  return cnn || lstm || seed_cnn_instance_bytes() != SEED_CNN_INSTANCE_BYTES;
}
