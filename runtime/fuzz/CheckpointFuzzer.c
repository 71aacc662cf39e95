/*===- CheckpointFuzzer.c - libFuzzer target: the checkpoint loader -------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Feeds arbitrary bytes to nncc_checkpoint_load as a checkpoint file of a
 * fixed model (an f32 matrix, an f64 vector, an f32 scalar) and checks its
 * promise: the call returns a status code of nncc_runtime.h, and when it
 * is not NNCC_OK the destination tensors are exactly as they were.
 *
 *   scripts/fuzz.sh checkpoint SECONDS   (-fsanitize=fuzzer,address,undefined)
 *
 * Built without libFuzzer with FuzzReplayMain.c, it replays the regression
 * corpus in test/runtime/Inputs/checkpoint-corpus (test/runtime/
 * checkpoint-fuzz.test) and writes the seed corpus.
 */
#define _GNU_SOURCE
#include "nncc/Runtime/nncc_runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const int64_t kMatrixShape[2] = {2, 3};
static const int64_t kVectorShape[1] = {4};

static const nncc_tensor_desc kTensors[3] = {
    {"dense.kernel",
     NNCC_F32,
     2,
     kMatrixShape,
     6,
     NNCC_INIT_ZEROS,
     {0, 0},
     0,
     1,
     0},
    {"moments/v",
     NNCC_F64,
     1,
     kVectorShape,
     4,
     NNCC_INIT_ZEROS,
     {0, 0},
     0,
     1,
     0},
    {"step", NNCC_F32, 0, NULL, 1, NNCC_INIT_ZEROS, {0, 0}, 0, 0, 0},
};
static const char kModelName[] = "fuzzed";

/* The destination buffers, filled with a pattern before each load. */
typedef struct {
  float matrix[6];
  double vector[4];
  float scalar;
} Tensors;

static void fill(Tensors *t) { memset(t, 0xA5, sizeof *t); }

int nncc_fuzz_write_seed(const char *path) {
  Tensors t;
  for (int i = 0; i < 6; ++i)
    t.matrix[i] = (float)i - 2.5f;
  for (int i = 0; i < 4; ++i)
    t.vector[i] = 1.0 / (i + 1);
  t.scalar = 7.0f;
  const void *data[3] = {t.matrix, t.vector, &t.scalar};
  return nncc_checkpoint_save(path, kModelName, 3, kTensors, data);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
  /* The loader reads a path: an anonymous in-memory file has one. */
  int fd = memfd_create("nncc-checkpoint", 0);
  if (fd < 0)
    abort();
  size_t written = 0;
  while (written < size) {
    ssize_t n = write(fd, bytes + written, size - written);
    if (n <= 0)
      abort();
    written += (size_t)n;
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

  Tensors before, after;
  fill(&before);
  fill(&after);
  void *data[3] = {after.matrix, after.vector, &after.scalar};
  int status = nncc_checkpoint_load(path, kModelName, 3, kTensors, data);
  close(fd);
  if (status < NNCC_OK || status > NNCC_ERR_TRUNCATED) {
    fprintf(stderr, "nncc_checkpoint_load returned %d\n", status);
    abort();
  }
  if (status != NNCC_OK && memcmp(&before, &after, sizeof before)) {
    fprintf(stderr, "a failed load (status %d) changed the tensors\n", status);
    abort();
  }
  return 0;
}
