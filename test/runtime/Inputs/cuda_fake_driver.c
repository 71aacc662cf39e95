/*===- cuda_fake_driver.c - libnncc_cuda on a fake driver ---------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The seed CNN compiled for the CUDA target, run on
 * fake_libcuda.so (device memory is host memory, kernels are counted, not
 * run): exercises libnncc_cuda.a's instances, host copies, checkpoints,
 * launches and error paths without a GPU. argv[1]: a checkpoint of the same
 * model saved by the CPU target from seed 1; argv[2]: where to save this
 * one's.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long *launches, *graph_launches, *device_copies;

static int fail(const char *what, int status) {
  printf("%s: %s (%s)\n", what, seed_cnn_strerror(status),
         seed_cnn_last_error());
  return 1;
}

static size_t count(int i) {
  size_t n = 1;
  for (int d = 0; d < seed_cnn_param_rank(i); ++d)
    n *= (size_t)seed_cnn_param_shape(i)[d];
  return n;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  seed_cnn *m = seed_cnn_create(1);
  if (!m)
    return fail("create", seed_cnn_create_status());
  void *driver = dlopen(getenv("NNCC_CUDA_DRIVER"), RTLD_NOW);
  launches = dlsym(driver, "fake_cuda_launches");
  graph_launches = dlsym(driver, "fake_cuda_graph_launches");
  device_copies = dlsym(driver, "fake_cuda_device_copies");
  printf("created, %lld device bytes (header: %lld)\n",
         (long long)seed_cnn_instance_bytes(),
         (long long)SEED_CNN_INSTANCE_BYTES);

  /* The initial parameters went to the device and come back: the
     checkpoint equals the CPU target's byte for byte (checked by cmp). */
  int status = seed_cnn_save(m, argv[2]);
  if (status)
    return fail("save", status);

  /* An edit of a host copy reaches the device at the next call. */
  size_t n = count(0);
  float *saved = malloc(n * sizeof(float));
  memcpy(saved, seed_cnn_param_data(m, 0), n * sizeof(float));
  seed_cnn_param_data(m, 0)[0] = 42.0f;
  float input[SEED_CNN_INPUT_SIZE] = {0}, output[SEED_CNN_OUTPUT_SIZE];
  long before = *launches;
  if ((status = seed_cnn_predict(m, input, output)))
    return fail("predict", status);
  printf("predict: %ld kernel launches\n", *launches - before);
  printf("an edit reaches the device: %s\n",
         seed_cnn_param_data(m, 0)[0] == 42.0f ? "yes" : "no");

  /* Load replaces pending edits and the device's values. */
  seed_cnn_param_data(m, 0)[1] = -7.0f;
  if ((status = seed_cnn_load(m, argv[1])))
    return fail("load", status);
  printf("load restores the CPU target's values: %s\n",
         memcmp(seed_cnn_param_data(m, 0), saved, n * sizeof(float)) ? "no"
                                                                     : "yes");

  /* Training: every call launches kernels; gradients come back. */
  int32_t labels[SEED_CNN_LABEL_SIZE] = {0};
  float loss = -1;
  before = *launches;
  if ((status = seed_cnn_train_step(m, input, labels, &loss)))
    return fail("train_step", status);
  printf("train_step: %ld kernel launches\n", *launches - before);
  if ((status = seed_cnn_compute_gradients(m, input, labels, &loss)))
    return fail("compute_gradients", status);
  int grads = 0;
  for (int i = 0; i < seed_cnn_num_params(); ++i)
    grads += seed_cnn_grad_data(m, i) != NULL;
  printf("gradients: %d of %d parameters\n", grads, seed_cnn_num_params());
  if ((status = seed_cnn_apply_gradients(m)) ||
      (status = seed_cnn_set_learning_rate(m, 0.5f)))
    return fail("apply_gradients", status);
  /* Device buffers from the driver (without graphs, the kernels read and
     write them directly: the fake driver rejects any other address). */
  typedef int (*alloc_fn)(unsigned long long *, size_t);
  alloc_fn alloc = (alloc_fn)dlsym(driver, "cuMemAlloc_v2");
  unsigned long long on_device[4];
  size_t bytes[4] = {sizeof input, sizeof output, sizeof labels, sizeof loss};
  for (int i = 0; i < 4; ++i)
    if (alloc(&on_device[i], bytes[i]))
      return fail("cuMemAlloc", 0);
  /* Fake device memory is host memory: the inputs are copied in directly. */
  float *device_input = (float *)(size_t)on_device[0];
  float *device_output = (float *)(size_t)on_device[1];
  int32_t *device_labels = (int32_t *)(size_t)on_device[2];
  float *device_loss = (float *)(size_t)on_device[3];
  memcpy(device_input, input, sizeof input);
  memcpy(device_labels, labels, sizeof labels);
  if ((status = seed_cnn_predict_device(m, device_input, device_output)) ||
      (status = seed_cnn_train_step_device(m, device_input, device_labels,
                                           device_loss)))
    return fail("device-pointer calls", status);
  printf("device-pointer calls: ok, %ld device-to-device copies\n",
         *device_copies);

  printf("graph replays: %ld\n", *graph_launches);

  /* A failed launch fails the call, with the driver's words; the next call
     starts afresh. */
  setenv("FAKE_CUDA_FAIL_LAUNCH", "1", 1);
  status = seed_cnn_predict(m, input, output);
  printf("failing launch: status %d, %s\n", status, seed_cnn_last_error());
  unsetenv("FAKE_CUDA_FAIL_LAUNCH");
  printf("next call: status %d\n", seed_cnn_predict(m, input, output));
  printf("bad arguments: status %d\n", seed_cnn_predict(m, NULL, output));
  /* A class label out of range: 13, from host and from device labels,
     before any kernel runs. */
  long launched = *launches + *graph_launches;
  labels[3] = 10;
  int host = seed_cnn_train_step(m, input, labels, &loss);
  labels[3] = -1;
  int device = seed_cnn_train_step_device(m, input, labels, &loss);
  printf("bad labels: status %d and %d, %ld launches\n", host, device,
         *launches + *graph_launches - launched);
  seed_cnn_destroy(m);

  /* No device: NULL and the reason. */
  setenv("FAKE_CUDA_DEVICES", "0", 1);
  m = seed_cnn_create(1);
  printf("no device: %s, status %d: %s\n", m ? "created" : "NULL",
         seed_cnn_create_status(), seed_cnn_strerror(seed_cnn_create_status()));
  free(saved);
  return 0;
}
