/*===- check_model.c - one model on data files --------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Runs one compiled model (either target) on data files and
 * writes what it computed, for gpu-check/compare.c.
 *
 *   cc -DMODEL=name -DMODEL_UPPER=NAME -include name.h check_model.c name.o
 *      [libnncc_cuda.a] -lm
 *   check_model predict PARAMS INPUT OUT      -> OUT.output.bin
 *   check_model train INPUT LABELS STEPS OUT  -> OUT.losses.bin,
 *                                                OUT.grads.bin, OUT.params.bin
 *
 * predict loads the parameters (raw, declaration order) first; train starts
 * from the model's initializers with seed 1 (bitwise the same on every
 * target), runs compute_gradients (the gradients are written), then
 * apply_gradients and STEPS - 1 train_step calls, writing each loss and the
 * final parameters. Exits 1 with the reason on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define API(fn) CAT(MODEL, fn)
#define SIZE(what) CAT(MODEL_UPPER, what)

typedef API(real) real;

static size_t param_count(int i) {
  size_t n = 1;
  for (int d = 0; d < API(param_rank)(i); ++d)
    n *= (size_t)API(param_shape)(i)[d];
  return n;
}

static void fail(const char *what, int status) {
  fprintf(stderr, "%s: %s\n", what, status ? API(strerror)(status) : "failed");
#if SIZE(TARGET_CUDA)
  fprintf(stderr, "  %s\n", API(last_error)());
#endif
  exit(1);
}

static void *read_file(const char *path, size_t bytes) {
  FILE *f = fopen(path, "rb");
  void *data = malloc(bytes ? bytes : 1);
  if (!f || fread(data, 1, bytes, f) != bytes || fgetc(f) != EOF) {
    fprintf(stderr, "cannot read exactly %zu bytes from %s\n", bytes, path);
    exit(1);
  }
  fclose(f);
  return data;
}

static void write_file(const char *prefix, const char *suffix, const void *data,
                       size_t bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s%s", prefix, suffix);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, bytes, f) != bytes || fclose(f)) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(1);
  }
}

static MODEL *create(void) {
  MODEL *m = API(create)(1);
  if (!m) {
#if SIZE(TARGET_CUDA)
    fail("create", API(create_status)());
#else
    fail("create", 0);
#endif
  }
  return m;
}

static int predict(char **argv) {
  MODEL *m = create();
  size_t total = 0;
  for (int i = 0; i < API(num_params)(); ++i)
    total += param_count(i);
  real *params = read_file(argv[0], total * sizeof(real));
  size_t offset = 0;
  for (int i = 0; i < API(num_params)(); ++i) {
    real *dst = API(param_data)(m, i);
    if (!dst)
      fail("param_data", 0);
    memcpy(dst, params + offset, param_count(i) * sizeof(real));
    offset += param_count(i);
  }
  real *input = read_file(argv[1], SIZE(INPUT_SIZE) * sizeof(real));
  real *output = malloc(SIZE(OUTPUT_SIZE) * sizeof(real));
  int status = API(predict)(m, input, output);
  if (status)
    fail("predict", status);
  write_file(argv[2], ".output.bin", output, SIZE(OUTPUT_SIZE) * sizeof(real));
  API(destroy)(m);
  return 0;
}

#if SIZE(HAS_TRAINING)
typedef API(label) label;

static int train(char **argv) {
  MODEL *m = create();
  real *input = read_file(argv[0], SIZE(INPUT_SIZE) * sizeof(real));
  label *labels = read_file(argv[1], SIZE(LABEL_SIZE) * sizeof(label));
  int steps = atoi(argv[2]);
  real *losses = malloc((steps > 0 ? steps : 1) * sizeof(real));
  int status = API(compute_gradients)(m, input, labels, &losses[0]);
  if (status)
    fail("compute_gradients", status);
  size_t total = 0;
  for (int i = 0; i < API(num_params)(); ++i)
    total += param_count(i);
  real *buffer = malloc((total ? total : 1) * sizeof(real));
  size_t offset = 0;
  for (int i = 0; i < API(num_params)(); ++i) {
    real *grad = API(grad_data)(m, i);
    if (grad) {
      memcpy(buffer + offset, grad, param_count(i) * sizeof(real));
      offset += param_count(i);
    }
  }
  write_file(argv[3], ".grads.bin", buffer, offset * sizeof(real));
  if ((status = API(apply_gradients)(m)))
    fail("apply_gradients", status);
  for (int s = 1; s < steps; ++s)
    if ((status = API(train_step)(m, input, labels, &losses[s])))
      fail("train_step", status);
  write_file(argv[3], ".losses.bin", losses, steps * sizeof(real));
  offset = 0;
  for (int i = 0; i < API(num_params)(); ++i) {
    real *param = API(param_data)(m, i);
    if (!param)
      fail("param_data", 0);
    memcpy(buffer + offset, param, param_count(i) * sizeof(real));
    offset += param_count(i);
  }
  write_file(argv[3], ".params.bin", buffer, total * sizeof(real));
  API(destroy)(m);
  return 0;
}
#endif

int main(int argc, char **argv) {
  if (argc == 5 && !strcmp(argv[1], "predict"))
    return predict(argv + 2);
#if SIZE(HAS_TRAINING)
  if (argc == 6 && !strcmp(argv[1], "train"))
    return train(argv + 2);
#endif
  fprintf(stderr,
          "usage: %s predict PARAMS INPUT OUT | train INPUT LABELS "
          "STEPS OUT\n",
          argv[0]);
  return 2;
}
