/*===- predict.c - classify with the seed CNN ---------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Classify images with the compiled seed CNN.
 *
 *   build/bin/nncc examples/seed_cnn.mlir -o seed_cnn.o
 *   cc -I. examples/predict.c seed_cnn.o -lm -o predict
 *   ./predict [checkpoint]
 *
 * Creates the model (Keras-default initializers, seed 42), optionally loads
 * trained parameters, runs one batch of synthetic images and prints the
 * predicted class of each. Uses nothing but the generated header.
 */
#include "seed_cnn.h"

#include <stdio.h>

int main(int argc, char **argv) {
  static seed_cnn_real images[SEED_CNN_INPUT_SIZE];
  static seed_cnn_real probs[SEED_CNN_OUTPUT_SIZE];
  const int classes = SEED_CNN_OUTPUT_SIZE / SEED_CNN_BATCH;

  seed_cnn *model = seed_cnn_create(42);
  if (!model) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  if (argc > 1) {
    int status = seed_cnn_load(model, argv[1]);
    if (status) {
      fprintf(stderr, "%s: %s\n", argv[1], seed_cnn_strerror(status));
      seed_cnn_destroy(model);
      return 1;
    }
  }

  /* A bright square in a different place in each image. */
  for (int b = 0; b < SEED_CNN_BATCH; ++b)
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x)
        images[(b * 28 + y) * 28 + x] =
            (y >= b % 20 && y < b % 20 + 8 && x >= 10 && x < 18) ? 1.0f : 0.0f;

  int status = seed_cnn_predict(model, images, probs);
  if (status) {
    fprintf(stderr, "predict: %s\n", seed_cnn_strerror(status));
    seed_cnn_destroy(model);
    return 1;
  }
  for (int b = 0; b < SEED_CNN_BATCH; ++b) {
    int best = 0;
    for (int c = 1; c < classes; ++c)
      if (probs[b * classes + c] > probs[b * classes + best])
        best = c;
    printf("image %2d: class %d (p = %.3f)\n", b, best,
           (double)probs[b * classes + best]);
  }
  seed_cnn_destroy(model);
  return 0;
}
