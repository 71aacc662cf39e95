/*===- TestInstanceLayout.c - unit tests of the instance layout ---*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * nncc_layout.h on shapes that do not divide the alignments (odd element
 * counts, f32 and f64, a non-trainable parameter, no training): every block
 * is aligned, in order, disjoint, and the total is what the formula gives;
 * sizes that overflow int64_t are refused instead of wrapping; the CPU
 * runtime's instance_bytes is the layout's total (the CUDA runtime's is
 * checked against the header by test/runtime/cuda-runtime.test).
 */
/*===----------------------------------------------------------------------===*/

#include "TestHarness.h"

#include "nncc/Runtime/nncc_layout.h"

#include <stdint.h>

static int64_t roundUp(int64_t bytes, int64_t alignment) {
  return (bytes + alignment - 1) / alignment * alignment;
}

static void stand_in(void *const *t, void *const *g, const void *i,
                     const void *l, void *loss, void *w, nncc_thread_pool *p) {
  (void)t, (void)g, (void)i, (void)l, (void)loss, (void)w, (void)p;
}

/* Three parameters (f32 x 7, f64 x 3 non-trainable, f32 x 1) and one state
   tensor (f32 x 13); a 100-byte workspace. */
static nncc_tensor_desc tensors[4];
static nncc_model_desc makeDesc(int training) {
  const int64_t counts[4] = {7, 3, 1, 13};
  for (int i = 0; i < 4; ++i) {
    tensors[i] = (nncc_tensor_desc){0};
    tensors[i].dtype = i == 1 ? NNCC_F64 : NNCC_F32;
    tensors[i].num_elements = counts[i];
    tensors[i].trainable = i != 1;
  }
  nncc_model_desc desc = {0};
  desc.num_params = 3;
  desc.num_tensors = 4;
  desc.tensors = tensors;
  desc.workspace_bytes = 100;
  desc.compute_gradients = training ? stand_in : NULL;
  return desc;
}

static void testCpu(void) {
  nncc_model_desc desc = makeDesc(1);
  int64_t offsets[4], grads[3];
  nncc_instance_layout layout;
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, offsets, grads, &layout),
               NNCC_OK);
  /* header 64, pointers 4 x 8 -> 64, 3 x 8 -> 64, tensors 28 -> 64,
     24 -> 64, 4 -> 64, 52 -> 64, gradients of 0 and 2, workspace 128 */
  CHECK(layout.tensor_pointers == 64 && layout.grad_pointers == 128);
  CHECK(offsets[0] == 192 && offsets[1] == 256 && offsets[2] == 320 &&
        offsets[3] == 384);
  CHECK(grads[0] == 448 && grads[1] == -1 && grads[2] == 512);
  CHECK(layout.workspace == 576 && layout.total_bytes == 576 + 128);
  CHECK(layout.input == -1 && layout.loss == -1);
  CHECK(nncc_model_instance_bytes(&desc) == layout.total_bytes);

  CHECK(layout.backup == -1);

  /* check_numerics: a backup of the tensors' 4 x 64 bytes after the
     workspace, each tensor at the distance it has from the first. */
  desc.check_numerics = 1;
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, offsets, grads, &layout),
               NNCC_OK);
  CHECK(offsets[0] == 192 && grads[2] == 512 && layout.workspace == 576);
  CHECK(layout.backup == 576 + 128 && layout.total_bytes == 704 + 4 * 64);
  CHECK(nncc_model_instance_bytes(&desc) == layout.total_bytes);

  desc = makeDesc(0); /* no training: no gradients, nothing to check */
  desc.check_numerics = 1;
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, offsets, grads, &layout),
               NNCC_OK);
  CHECK(grads[0] == -1 && grads[2] == -1 && layout.workspace == 448);
  CHECK(layout.backup == -1);
}

static void testCuda(void) {
  nncc_cuda_model_desc desc = {0};
  desc.model = makeDesc(1);
  desc.input_bytes = 4 * 3;
  desc.output_bytes = 4 * 5;
  desc.labels_bytes = 4 * 3;
  desc.loss_bytes = 4;
  int64_t offsets[4], grads[3];
  nncc_instance_layout layout;
  CHECK_STATUS(nncc_cuda_instance_layout(&desc, offsets, grads, &layout),
               NNCC_OK);
  int64_t expected = 0;
  for (int i = 0; i < 4; ++i) {
    CHECK(offsets[i] == expected);
    expected += roundUp(nncc_tensor_bytes(&tensors[i]), NNCC_DEVICE_ALIGNMENT);
  }
  CHECK(grads[0] == expected && grads[1] == -1 &&
        grads[2] == expected + NNCC_DEVICE_ALIGNMENT);
  CHECK(layout.tensor_pointers == -1 && layout.grad_pointers == -1);
  CHECK(layout.workspace == 6 * 256 && layout.input == 7 * 256 &&
        layout.output == 8 * 256 && layout.labels == 9 * 256 &&
        layout.loss == 10 * 256 && layout.total_bytes == 11 * 256);
}

static void testOverflow(void) {
  nncc_instance_layout layout;
  /* 4 x 2^60 f32 elements: each tensor fits, their sum does not. */
  nncc_model_desc desc = makeDesc(0);
  for (int i = 0; i < 4; ++i) {
    tensors[i].dtype = NNCC_F32;
    tensors[i].num_elements = (int64_t)1 << 60;
  }
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
  CHECK(nncc_model_instance_bytes(&desc) == 0);
  /* 2^59 f32 elements fit once (2^61 bytes), not with their backup. */
  desc = makeDesc(1);
  desc.num_params = desc.num_tensors = 1;
  tensors[0].num_elements = (int64_t)1 << 59;
  tensors[0].trainable = 0;
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, NULL, NULL, &layout), NNCC_OK);
  tensors[0].num_elements = (int64_t)1 << 60;
  desc.check_numerics = 1;
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
  /* One tensor whose bytes overflow. */
  desc = makeDesc(0);
  tensors[0].num_elements = INT64_MAX / 2;
  CHECK(nncc_tensor_bytes(&tensors[0]) == -1);
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
  /* A workspace at the very end of the range. */
  desc = makeDesc(0);
  desc.workspace_bytes = INT64_MAX - 10;
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
  nncc_cuda_model_desc cuda = {0};
  cuda.model = makeDesc(0);
  cuda.loss_bytes = INT64_MAX;
  CHECK_STATUS(nncc_cuda_instance_layout(&cuda, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
}

static void testInvalid(void) {
  nncc_instance_layout layout;
  CHECK_STATUS(nncc_cpu_instance_layout(NULL, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
  nncc_model_desc desc = makeDesc(1);
  desc.num_params = 5; /* more parameters than tensors */
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
  desc = makeDesc(1);
  desc.workspace_bytes = -1;
  CHECK_STATUS(nncc_cpu_instance_layout(&desc, NULL, NULL, &layout),
               NNCC_ERR_INVALID_ARGUMENT);
  /* An empty model: the header alone. */
  nncc_model_desc empty = {0};
  CHECK_STATUS(nncc_cpu_instance_layout(&empty, NULL, NULL, &layout), NNCC_OK);
  CHECK(layout.total_bytes == NNCC_INSTANCE_HEADER_BYTES);
}

const TestCase instanceLayoutTests[] = {
    {"instance_layout.cpu", testCpu},
    {"instance_layout.cuda", testCuda},
    {"instance_layout.overflow", testOverflow},
    {"instance_layout.invalid", testInvalid},
};
const size_t numInstanceLayoutTests =
    sizeof instanceLayoutTests / sizeof *instanceLayoutTests;
