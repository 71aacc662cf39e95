/*===- Numerics.c - finite values and class labels -----------------*- C -*-===*
 *
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * The checks the training calls make on their data: sparse class labels
 * against the number of classes (always, before anything runs) and, for a
 * model compiled with --check-numerics, whether the loss, gradients and
 * updated tensors are finite.
 *
 * Finite, on the bits: a value is NaN or an infinity exactly when all its
 * exponent bits are set. Adding one unit of the exponent's lowest bit to
 * the exponent field alone carries into the sign bit exactly then
 * (0x7f800000 + 0x00800000 = 0x80000000 for f32), and never beyond it. So
 * one loop over 64-bit words covers both dtypes (an f64 per word, or two
 * f32 side by side with the masks doubled): OR the sums of all words and
 * test the sign bits once, a branch-free loop the compiler vectorizes.
 *
 *===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_runtime.h"

#include <string.h>

typedef struct {
  uint64_t exponent, unit, sign; /* per 64-bit word */
  int64_t bytes;                 /* of one value */
} float_bits;

static const float_bits kF32 = {0x7f8000007f800000ull, 0x0080000000800000ull,
                                0x8000000080000000ull, 4};
static const float_bits kF64 = {0x7ff0000000000000ull, 0x0010000000000000ull,
                                0x8000000000000000ull, 8};

static int all_finite_bits(const unsigned char *data, int64_t count,
                           const float_bits *f) {
  int64_t bytes = count * f->bytes, words = bytes / 8;
  uint64_t carry = 0;
  for (int64_t i = 0; i < words; ++i) {
    uint64_t word;
    memcpy(&word, data + 8 * i, 8);
    carry |= (word & f->exponent) + f->unit;
  }
  if (bytes % 8) { /* an odd f32, in a word whose upper half is zero */
    uint64_t word = 0;
    memcpy(&word, data + 8 * words, (size_t)(bytes % 8));
    carry |= (word & f->exponent) + f->unit;
  }
  return !(carry & f->sign);
}

int nncc_all_finite(const void *data, int32_t dtype, int64_t count) {
  if (count <= 0)
    return 1;
  if (!data)
    return 0;
  switch (dtype) {
  case NNCC_F32:
    return all_finite_bits((const unsigned char *)data, count, &kF32);
  case NNCC_F64:
    return all_finite_bits((const unsigned char *)data, count, &kF64);
  default:
    return 0;
  }
}

int nncc_check_labels(const int32_t *labels, int64_t count,
                      int32_t num_classes) {
  if (num_classes <= 0)
    return NNCC_OK;
  /* Negative labels wrap to large unsigned values: one compare each. */
  uint32_t bad = 0;
  for (int64_t i = 0; i < count; ++i)
    bad |= (uint32_t)labels[i] >= (uint32_t)num_classes;
  return bad ? NNCC_ERR_BAD_LABEL : NNCC_OK;
}
