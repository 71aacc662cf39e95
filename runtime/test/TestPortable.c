/*===- TestPortable.c - tests of the portable math, RNG and CRC -----------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Known answers for CRC-32 and Philox4x32-10, the uniform and normal streams,
 * and the accuracy of nncc_log / nncc_sqrt against the C library (the only
 * place libm is used: the library itself never calls it).
 */
/*===----------------------------------------------------------------------===*/

#include "TestHarness.h"

#include "../lib/Portable.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

/* Bit-by-bit CRC-32 as the reference for the table-driven one. */
static uint32_t slowCrc32(const unsigned char *bytes, size_t size) {
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1u) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
  }
  return ~crc;
}

static void testCrc32(void) {
  /* The CRC-32 check value, and zlib's crc32(0, "hello world", 11). */
  CHECK(nncc_crc32_update(0, "123456789", 9) == 0xcbf43926u);
  CHECK(nncc_crc32_update(0, "hello world", 11) == 0x0d4a1185u);
  CHECK(nncc_crc32_update(0, "", 0) == 0);
  unsigned char bytes[256];
  for (int i = 0; i < 256; ++i)
    bytes[i] = (unsigned char)(i * 7 + 3);
  CHECK(nncc_crc32_update(0, bytes, 256) == slowCrc32(bytes, 256));
  /* Incremental updates equal one pass. */
  uint32_t crc = nncc_crc32_update(0, bytes, 100);
  CHECK(nncc_crc32_update(crc, bytes + 100, 156) == slowCrc32(bytes, 256));
}

static void testPhiloxKnownAnswers(void) {
  /* Random123's kat_vectors for philox4x32 10. */
  static const uint32_t cases[3][10] = {
      {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
      {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
       0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
      {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
       0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}};
  for (int c = 0; c < 3; ++c) {
    uint32_t out[4];
    nncc_philox4x32_10(&cases[c][0], &cases[c][4], out);
    for (int i = 0; i < 4; ++i)
      CHECK(out[i] == cases[c][6 + i]);
  }
}

static void testRngStream(void) {
  /* The stream is the blocks for counters {n, 0, stream, 0}, key = seed. */
  nncc_rng rng;
  nncc_rng_init(&rng, UINT64_C(0x299f31d0a4093822), 5);
  uint32_t key[2] = {0xa4093822u, 0x299f31d0u};
  for (uint32_t block = 0; block < 3; ++block) {
    uint32_t counter[4] = {block, 0, 5, 0}, expected[4];
    nncc_philox4x32_10(counter, key, expected);
    for (int i = 0; i < 4; ++i)
      CHECK(nncc_rng_u32(&rng) == expected[i]);
  }
  /* Uniform draws are multiples of 2^-53 in [0, 1). */
  nncc_rng_init(&rng, 1, 0);
  double sum = 0.0;
  for (int i = 0; i < 100000; ++i) {
    double u = nncc_rng_uniform(&rng);
    CHECK(u >= 0.0 && u < 1.0);
    CHECK(u * 0x1p53 == floor(u * 0x1p53));
    sum += u;
  }
  CHECK(fabs(sum / 100000 - 0.5) < 0.005);
}

static void testNormalStream(void) {
  nncc_rng rng;
  nncc_rng_init(&rng, 12345, 7);
  const int n = 400000;
  double sum = 0.0, sumSquares = 0.0, sumFourth = 0.0;
  for (int i = 0; i < n; ++i) {
    double z = nncc_rng_normal(&rng);
    sum += z;
    sumSquares += z * z;
    sumFourth += z * z * z * z;
  }
  double mean = sum / n, var = sumSquares / n - mean * mean;
  CHECK(fabs(mean) < 0.01);
  CHECK(fabs(var - 1.0) < 0.01);
  CHECK(fabs(sumFourth / n - 3.0) < 0.05); /* kurtosis of a normal */
}

/* Distance in ulps between two finite doubles of the same sign. */
static double ulpDistance(double a, double b) {
  int64_t ia = (int64_t)nncc_double_bits(a), ib = (int64_t)nncc_double_bits(b);
  return fabs((double)(ia - ib));
}

static void testLog(void) {
  CHECK(nncc_log(1.0) == 0.0);
  CHECK(nncc_log(2.0) == log(2.0));
  CHECK(isinf(nncc_log(0.0)) && nncc_log(0.0) < 0);
  CHECK(isinf(nncc_log(-0.0)) && nncc_log(-0.0) < 0);
  CHECK(isnan(nncc_log(-1.0)));
  CHECK(isnan(nncc_log(NAN)));
  CHECK(isinf(nncc_log(INFINITY)) && nncc_log(INFINITY) > 0);
  CHECK(nncc_log(0x1p-1074) == log(0x1p-1074));
  CHECK(nncc_log(DBL_MAX) == log(DBL_MAX));
  /* Against the C library over random bit patterns and over (0, 1]. */
  nncc_rng rng;
  nncc_rng_init(&rng, 99, 1);
  double worst = 0.0;
  for (int i = 0; i < 1000000; ++i) {
    double x = i % 2 ? nncc_rng_uniform(&rng) + 0x1p-60
                     : nncc_bits_double(nncc_rng_u64(&rng) >>
                                        1); /* positive, maybe NaN/inf */
    if (!isfinite(x) || x == 0.0)
      continue;
    double d = ulpDistance(nncc_log(x), log(x));
    if (d > worst)
      worst = d;
  }
  printf("  (nncc_log: at most %.0f ulp from the C library)\n", worst);
  CHECK(worst <= 1.0);
}

static void testSqrt(void) {
  CHECK(nncc_sqrt_soft(4.0) == 2.0);
  CHECK(nncc_sqrt_soft(2.0) == sqrt(2.0));
  CHECK(nncc_sqrt_soft(0x1p-1074) == 0x1p-537);
  CHECK(nncc_sqrt_soft(DBL_MAX) == sqrt(DBL_MAX));
  CHECK(nncc_double_bits(nncc_sqrt_soft(-0.0)) == nncc_double_bits(-0.0));
  CHECK(isnan(nncc_sqrt_soft(-1.0)));
  CHECK(isinf(nncc_sqrt_soft(INFINITY)));
  /* Exact to the bit: sqrt is correctly rounded in IEEE 754. */
  nncc_rng rng;
  nncc_rng_init(&rng, 7, 2);
  int mismatches = 0;
  for (int i = 0; i < 1000000; ++i) {
    double x = nncc_bits_double(nncc_rng_u64(&rng) >> 1);
    if (i % 4 == 0)
      x = nncc_bits_double(nncc_rng_u64(&rng) >> 12); /* subnormal */
    if (!isfinite(x))
      continue;
    double expected = sqrt(x);
    mismatches +=
        nncc_double_bits(nncc_sqrt_soft(x)) != nncc_double_bits(expected);
    mismatches += nncc_double_bits(nncc_sqrt(x)) != nncc_double_bits(expected);
  }
  CHECK(mismatches == 0);
}

static void testLittleEndian(void) {
  unsigned char bytes[8];
  nncc_store_le32(bytes, 0x01020304u);
  CHECK(bytes[0] == 4 && bytes[1] == 3 && bytes[2] == 2 && bytes[3] == 1);
  CHECK(nncc_load_le32(bytes) == 0x01020304u);
  nncc_store_le64(bytes, UINT64_C(0x0102030405060708));
  CHECK(bytes[0] == 8 && bytes[7] == 1);
  CHECK(nncc_load_le64(bytes) == UINT64_C(0x0102030405060708));
  CHECK(nncc_float_bits(1.0f) == 0x3f800000u);
  CHECK(nncc_bits_double(UINT64_C(0x3ff0000000000000)) == 1.0);
}

const TestCase portableTests[] = {
    {"portable.crc32", testCrc32},
    {"portable.philox_known_answers", testPhiloxKnownAnswers},
    {"portable.rng_stream", testRngStream},
    {"portable.normal_stream", testNormalStream},
    {"portable.log", testLog},
    {"portable.sqrt", testSqrt},
    {"portable.little_endian", testLittleEndian},
};
const size_t numPortableTests = sizeof portableTests / sizeof *portableTests;
