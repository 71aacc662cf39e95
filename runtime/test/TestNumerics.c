/*===- TestNumerics.c - unit tests of the training calls' checks ----------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Numerics.c: nncc_all_finite finds every NaN (quiet, signaling, either
 * sign, any payload) and infinity at every position of odd-length arrays
 * of both dtypes, and passes the largest finite values, subnormals and
 * zeros; nncc_check_labels takes exactly [0, classes).
 */
/*===----------------------------------------------------------------------===*/

#include "TestHarness.h"

#include <stdint.h>
#include <string.h>

enum { LENGTH = 37 }; /* not a multiple of any vector width */

/* How many of `bad` (each planted at every position of `values`, `count`
   values of `size` bytes) nncc_all_finite misses. */
static int missedFinites(void *values, size_t size, int32_t dtype,
                         const void *bad, size_t numBad) {
  unsigned char *at = (unsigned char *)values, saved[8];
  int missed = 0;
  for (size_t b = 0; b < numBad; ++b)
    for (int i = 0; i < LENGTH; ++i) {
      memcpy(saved, at + i * size, size);
      memcpy(at + i * size, (const unsigned char *)bad + b * size, size);
      missed += nncc_all_finite(values, dtype, LENGTH);
      memcpy(at + i * size, saved, size);
    }
  return missed;
}

static void testFiniteF32(void) {
  const uint32_t good[] = {0x00000000u, 0x80000000u, 0x00000001u, 0x007fffffu,
                           0x7f7fffffu, 0xff7fffffu, 0x3f800000u};
  const uint32_t bad[] = {0x7f800000u, 0xff800000u, 0x7fc00000u,
                          0xffc00000u, 0x7f800001u, 0x7fffffffu};
  uint32_t values[LENGTH];
  for (int i = 0; i < LENGTH; ++i)
    values[i] = good[i % 7];
  CHECK(nncc_all_finite(values, NNCC_F32, LENGTH));
  CHECK(missedFinites(values, 4, NNCC_F32, bad, 6) == 0);
  CHECK(nncc_all_finite(NULL, NNCC_F32, 0));
  CHECK(!nncc_all_finite(values, 99, LENGTH));
}

static void testFiniteF64(void) {
  const uint64_t good[] = {0, 0x8000000000000000ull, 1, 0x7fefffffffffffffull,
                           0x3ff0000000000000ull};
  const uint64_t bad[] = {0x7ff0000000000000ull, 0xfff0000000000000ull,
                          0x7ff8000000000000ull, 0x7ff0000000000001ull};
  uint64_t values[LENGTH];
  for (int i = 0; i < LENGTH; ++i)
    values[i] = good[i % 5];
  CHECK(nncc_all_finite(values, NNCC_F64, LENGTH));
  CHECK(missedFinites(values, 8, NNCC_F64, bad, 4) == 0);
}

static void testLabels(void) {
  int32_t labels[LENGTH];
  for (int i = 0; i < LENGTH; ++i)
    labels[i] = i % 10;
  CHECK_STATUS(nncc_check_labels(labels, LENGTH, 10), NNCC_OK);
  const int32_t bad[] = {10, -1, INT32_MAX, INT32_MIN};
  int missed = 0;
  for (size_t b = 0; b < sizeof bad / sizeof *bad; ++b)
    for (int at = 0; at < LENGTH; ++at) {
      int32_t saved = labels[at];
      labels[at] = bad[b];
      missed += nncc_check_labels(labels, LENGTH, 10) != NNCC_ERR_BAD_LABEL;
      labels[at] = saved;
    }
  CHECK(missed == 0);
  CHECK_STATUS(nncc_check_labels(labels, LENGTH, 0), NNCC_OK);
  CHECK_STATUS(nncc_check_labels(NULL, 0, 10), NNCC_OK);
}

const TestCase numericsTests[] = {
    {"numerics.finite_f32", testFiniteF32},
    {"numerics.finite_f64", testFiniteF64},
    {"numerics.labels", testLabels},
};
const size_t numNumericsTests = sizeof numericsTests / sizeof *numericsTests;
