/*===- TestInitializers.c - tests of nncc_init_tensor ---------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Statistics of every random initializer on large tensors against the Keras
 * formulas, determinism (including golden CRCs of the exact bits, which pin
 * the algorithms across machines and compilers), orthogonality, the fixed
 * patterns and the rejection of bad descriptors.
 */
/*===----------------------------------------------------------------------===*/

#include "TestHarness.h"

#include "../lib/Portable.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*===----------------------------------------------------------------------===*/
/* Helpers                                                                    */
/*===----------------------------------------------------------------------===*/

static nncc_tensor_desc makeDesc(int32_t dtype, int32_t rank,
                                 const int64_t *shape, int32_t kind,
                                 int32_t numArgs, double arg0, double arg1) {
  nncc_tensor_desc desc;
  memset(&desc, 0, sizeof desc);
  desc.name = "t";
  desc.dtype = dtype;
  desc.rank = rank;
  desc.shape = shape;
  desc.num_elements = 1;
  for (int32_t i = 0; i < rank; ++i)
    desc.num_elements *= shape[i];
  desc.init_kind = kind;
  desc.init_args[0] = arg0;
  desc.init_args[1] = arg1;
  desc.num_init_args = numArgs;
  desc.trainable = 1;
  return desc;
}

static void *allocTensor(const nncc_tensor_desc *desc) {
  return calloc((size_t)desc->num_elements + 1, nncc_dtype_size(desc->dtype));
}

static double valueAt(const nncc_tensor_desc *desc, const void *data,
                      int64_t i) {
  return desc->dtype == NNCC_F32 ? (double)((const float *)data)[i]
                                 : ((const double *)data)[i];
}

/* Initializes a fresh buffer; NULL (and a failed check) on error. */
static void *initNew(const nncc_tensor_desc *desc, uint64_t seed,
                     int32_t index) {
  void *data = allocTensor(desc);
  int status = nncc_init_tensor(desc, seed, index, data);
  CHECK_STATUS(status, NNCC_OK);
  if (status != NNCC_OK) {
    free(data);
    return NULL;
  }
  return data;
}

/* CRC-32 of the values as little-endian bytes (as in a checkpoint). */
static uint32_t digest(const nncc_tensor_desc *desc, const void *data) {
  uint32_t crc = 0;
  for (int64_t i = 0; i < desc->num_elements; ++i) {
    unsigned char bytes[8];
    if (desc->dtype == NNCC_F32)
      nncc_store_le32(bytes, nncc_float_bits(((const float *)data)[i]));
    else
      nncc_store_le64(bytes, nncc_double_bits(((const double *)data)[i]));
    crc = nncc_crc32_update(crc, bytes, nncc_dtype_size(desc->dtype));
  }
  return crc;
}

/*===----------------------------------------------------------------------===*/
/* Statistics                                                                 */
/*===----------------------------------------------------------------------===*/

typedef struct StatCase {
  const char *what;
  nncc_tensor_desc desc;
  double mean, stddev; /* what Keras's formula gives */
  double low, high;    /* every value must lie in [low, high] */
  int normal;          /* 1: untruncated normal, 2: truncated at `high` */
} StatCase;

static void checkStatistics(const StatCase *c) {
  void *data = initNew(&c->desc, 2024, 3);
  if (!data)
    return;
  int64_t n = c->desc.num_elements;
  double sum = 0.0, sumSquares = 0.0, min = INFINITY, max = -INFINITY;
  int64_t withinOneSigma = 0;
  for (int64_t i = 0; i < n; ++i) {
    double x = valueAt(&c->desc, data, i);
    sum += x;
    sumSquares += (x - c->mean) * (x - c->mean);
    min = x < min ? x : min;
    max = x > max ? x : max;
    withinOneSigma += fabs(x - c->mean) <= c->stddev;
  }
  double mean = sum / n, stddev = sqrt(sumSquares / n);
  double slack = 1e-6 * (fabs(c->low) + fabs(c->high));
  printf("  (%s: mean %.6g, stddev %.6g (expected %.6g), range [%.4g, %.4g])\n",
         c->what, mean, stddev, c->stddev, min, max);
  int ok = fabs(mean - c->mean) < 6.0 * c->stddev / sqrt((double)n) &&
           fabs(stddev / c->stddev - 1.0) < 0.01 && min >= c->low - slack &&
           max <= c->high + slack;
  if (c->normal == 1) /* 68.27% within one sigma, tails well beyond 4 */
    ok = ok && fabs((double)withinOneSigma / n - 0.6827) < 0.005 &&
         max - c->mean > 4.0 * c->stddev;
  if (c->normal == 2) /* cut at two (pre-scaling) standard deviations */
    ok = ok && max > 0.99 * c->high && min < 0.99 * c->low;
  if (!ok)
    testFail(__FILE__, __LINE__, c->what);
  free(data);
}

static void testStatistics(void) {
  static const int64_t vector[] = {1 << 20};
  static const int64_t square[] = {1024, 1024};
  static const int64_t wide[] = {512, 1536};
  static const int64_t conv[] = {3, 3, 128, 256};
  const double truncScale = 0.87962566103423978;
  double glorotUniform = sqrt(6.0 / 2048.0);
  double glorotNormal = sqrt(2.0 / 2048.0);
  double heUniform = sqrt(6.0 / 1152.0);
  double heNormal = sqrt(2.0 / 1152.0);
  const StatCase cases[] = {
      {"uniform()", makeDesc(NNCC_F32, 2, square, NNCC_INIT_UNIFORM, 0, 0, 0),
       0.0, 0.1 / sqrt(12.0), -0.05, 0.05, 0},
      {"uniform(-0.1, 0.3)",
       makeDesc(NNCC_F64, 1, vector, NNCC_INIT_UNIFORM, 2, -0.1, 0.3), 0.1,
       0.4 / sqrt(12.0), -0.1, 0.3, 0},
      {"normal()", makeDesc(NNCC_F32, 1, vector, NNCC_INIT_NORMAL, 0, 0, 0),
       0.0, 0.05, -1.0, 1.0, 1},
      {"normal(1, 2)", makeDesc(NNCC_F64, 2, square, NNCC_INIT_NORMAL, 2, 1, 2),
       1.0, 2.0, -40.0, 40.0, 1},
      {"glorot_uniform",
       makeDesc(NNCC_F32, 2, square, NNCC_INIT_GLOROT_UNIFORM, 0, 0, 0), 0.0,
       glorotUniform / sqrt(3.0), -glorotUniform, glorotUniform, 0},
      {"glorot_normal",
       makeDesc(NNCC_F32, 2, wide, NNCC_INIT_GLOROT_NORMAL, 0, 0, 0), 0.0,
       glorotNormal, -2.0 * glorotNormal / truncScale,
       2.0 * glorotNormal / truncScale, 2},
      {"he_uniform", makeDesc(NNCC_F32, 4, conv, NNCC_INIT_HE_UNIFORM, 0, 0, 0),
       0.0, heUniform / sqrt(3.0), -heUniform, heUniform, 0},
      {"he_normal", makeDesc(NNCC_F64, 4, conv, NNCC_INIT_HE_NORMAL, 0, 0, 0),
       0.0, heNormal, -2.0 * heNormal / truncScale, 2.0 * heNormal / truncScale,
       2},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; ++i)
    checkStatistics(&cases[i]);
}

/*===----------------------------------------------------------------------===*/
/* Determinism                                                                */
/*===----------------------------------------------------------------------===*/

static void testDeterminism(void) {
  static const int64_t shape[] = {37, 23};
  const int32_t kinds[] = {NNCC_INIT_UNIFORM,        NNCC_INIT_NORMAL,
                           NNCC_INIT_GLOROT_UNIFORM, NNCC_INIT_GLOROT_NORMAL,
                           NNCC_INIT_HE_UNIFORM,     NNCC_INIT_HE_NORMAL,
                           NNCC_INIT_ORTHOGONAL};
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; ++k) {
    nncc_tensor_desc desc = makeDesc(NNCC_F32, 2, shape, kinds[k], 0, 0, 0);
    nncc_tensor_desc wide = makeDesc(NNCC_F64, 2, shape, kinds[k], 0, 0, 0);
    size_t bytes = (size_t)desc.num_elements * sizeof(float);
    void *a = initNew(&desc, 42, 7), *b = initNew(&desc, 42, 7);
    void *otherIndex = initNew(&desc, 42, 8),
         *otherSeed = initNew(&desc, 43, 7);
    double *d = (double *)initNew(&wide, 42, 7);
    if (!a || !b || !otherIndex || !otherSeed || !d)
      return;
    CHECK(memcmp(a, b, bytes) == 0);
    CHECK(memcmp(a, otherIndex, bytes) != 0);
    CHECK(memcmp(a, otherSeed, bytes) != 0);
    /* F32 is the F64 result rounded once. */
    int rounded = 1;
    for (int64_t i = 0; i < desc.num_elements; ++i)
      rounded = rounded && ((float *)a)[i] == (float)d[i];
    CHECK(rounded);
    free(a), free(b), free(otherIndex), free(otherSeed), free(d);
  }
}

/* Golden CRCs of exact outputs. A change here changes every model's initial
 * weights: only update them together with a note in runtime/README.md. */
static void testGoldenBits(void) {
  static const int64_t dense[] = {64, 32};
  static const int64_t conv[] = {3, 3, 4, 8};
  static const int64_t lstm[] = {16, 64};
  static const int64_t large[] = {150, 140}; /* the blocked QR */
  static const int64_t vector[] = {1000};
  static const struct {
    nncc_tensor_desc desc;
    uint64_t seed;
    int32_t index;
    uint32_t crc;
  } cases[] = {
      {{"a",
        NNCC_F32,
        2,
        dense,
        64 * 32,
        NNCC_INIT_GLOROT_UNIFORM,
        {0, 0},
        0,
        1,
        0},
       42,
       0,
       0x68c72862},
      {{"b",
        NNCC_F64,
        4,
        conv,
        3 * 3 * 4 * 8,
        NNCC_INIT_HE_NORMAL,
        {0, 0},
        0,
        1,
        0},
       7,
       3,
       0x909a594e},
      {{"c",
        NNCC_F32,
        2,
        lstm,
        16 * 64,
        NNCC_INIT_ORTHOGONAL,
        {1.5, 0},
        1,
        1,
        0},
       1,
       2,
       0xb9e44508},
      {{"f",
        NNCC_F32,
        2,
        large,
        150 * 140,
        NNCC_INIT_ORTHOGONAL,
        {0, 0},
        0,
        1,
        0},
       5,
       1,
       0xa9b7f206},
      {{"d", NNCC_F64, 1, vector, 1000, NNCC_INIT_NORMAL, {0.5, 3.0}, 2, 1, 0},
       UINT64_C(0xfedcba9876543210),
       -1,
       0x5a1e24f9},
      {{"e", NNCC_F32, 1, vector, 1000, NNCC_INIT_UNIFORM, {-1, 2}, 2, 1, 0},
       0,
       0x7fffffff,
       0xc64217e3},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; ++i) {
    void *data = initNew(&cases[i].desc, cases[i].seed, cases[i].index);
    if (!data)
      return;
    uint32_t crc = digest(&cases[i].desc, data);
    if (crc != cases[i].crc) {
      printf("  golden case %zu: crc 0x%08x, expected 0x%08x\n", i,
             (unsigned)crc, (unsigned)cases[i].crc);
      testFail(__FILE__, __LINE__, "golden bits");
    }
    free(data);
  }
}

/*===----------------------------------------------------------------------===*/
/* Orthogonal                                                                 */
/*===----------------------------------------------------------------------===*/

/* max |M M^T - gain^2 I| over the rows of M (byRows) or |M^T M - ...| over
 * its columns, for the rows x cols matrix the tensor is viewed as. */
static double orthogonalityError(const nncc_tensor_desc *desc, const void *data,
                                 int64_t rows, int64_t cols, int byRows,
                                 double gain) {
  int64_t vectors = byRows ? rows : cols, length = byRows ? cols : rows;
  double worst = 0.0;
  for (int64_t a = 0; a < vectors; ++a)
    for (int64_t b = 0; b < vectors; ++b) {
      double dot = 0.0;
      for (int64_t k = 0; k < length; ++k) {
        int64_t ia = byRows ? a * cols + k : k * cols + a;
        int64_t ib = byRows ? b * cols + k : k * cols + b;
        dot += valueAt(desc, data, ia) * valueAt(desc, data, ib);
      }
      double error = fabs(dot - (a == b ? gain * gain : 0.0));
      worst = error > worst ? error : worst;
    }
  return worst;
}

static void checkOrthogonal(int32_t dtype, int32_t rank, const int64_t *shape,
                            double gain, double tolerance) {
  nncc_tensor_desc desc =
      makeDesc(dtype, rank, shape, NNCC_INIT_ORTHOGONAL, 1, gain, 0);
  void *data = initNew(&desc, 5, 1);
  if (!data)
    return;
  int64_t cols = shape[rank - 1], rows = desc.num_elements / cols;
  double error = orthogonalityError(&desc, data, rows, cols, rows < cols, gain);
  if (!(error <= tolerance * gain * gain)) {
    printf("  orthogonal %lldx%lld: error %g\n", (long long)rows,
           (long long)cols, error);
    testFail(__FILE__, __LINE__, "orthogonal");
  }
  free(data);
}

static void testOrthogonal(void) {
  static const int64_t tall[] = {50, 30};
  static const int64_t wide[] = {30, 50};
  static const int64_t square[] = {40, 40};
  static const int64_t tallRank3[] = {3, 4, 10};    /* 12 x 10 */
  static const int64_t wideRank4[] = {2, 1, 5, 16}; /* 10 x 16 */
  checkOrthogonal(NNCC_F32, 2, tall, 1.0, 1e-6);
  checkOrthogonal(NNCC_F32, 2, wide, 1.0, 1e-6);
  checkOrthogonal(NNCC_F32, 2, square, 1.0, 1e-6);
  checkOrthogonal(NNCC_F32, 3, tallRank3, 1.0, 1e-6);
  checkOrthogonal(NNCC_F32, 4, wideRank4, 1.0, 1e-6);
  checkOrthogonal(NNCC_F64, 2, tall, 1.0, 1e-12);
  checkOrthogonal(NNCC_F64, 2, wide, 2.5, 1e-12);
  checkOrthogonal(NNCC_F64, 3, tallRank3, 0.5, 1e-12);
  /* More than 128 columns: the blocked QR (panels of 32, the last one
   * partial; groups of 4 columns, the last one partial). */
  static const int64_t blockedTall[] = {300, 201};
  static const int64_t blockedWide[] = {131, 257};
  static const int64_t blockedSquare[] = {160, 160};
  checkOrthogonal(NNCC_F64, 2, blockedTall, 1.0, 1e-12);
  checkOrthogonal(NNCC_F64, 2, blockedWide, 2.5, 1e-12);
  checkOrthogonal(NNCC_F32, 2, blockedSquare, 1.0, 1e-6);
}

/* A pool of any size gives the values nncc_init_tensor gives, blocked (a
 * panel count and group count that split unevenly) or not. */
static void testOrthogonalThreads(void) {
  static const int64_t shapes[][2] = {{263, 197}, {97, 389}, {40, 30}};
  for (size_t s = 0; s < sizeof shapes / sizeof *shapes; ++s) {
    nncc_tensor_desc desc =
        makeDesc(NNCC_F64, 2, shapes[s], NNCC_INIT_ORTHOGONAL, 0, 0, 0);
    void *reference = initNew(&desc, 9, 2);
    if (!reference)
      return;
    const int32_t threads[] = {1, 2, 3, 7};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; ++t) {
      nncc_thread_pool *pool = nncc_thread_pool_create(threads[t]);
      void *data = allocTensor(&desc);
      CHECK(pool && data);
      if (pool && data) {
        CHECK_STATUS(nncc_init_tensor_parallel(&desc, 9, 2, data, pool),
                     NNCC_OK);
        CHECK(memcmp(data, reference,
                     (size_t)desc.num_elements * sizeof(double)) == 0);
      }
      free(data);
      nncc_thread_pool_destroy(pool);
    }
    free(reference);
  }
}

/* Q is unique once diag(R) > 0, so Q's first column is the first column of
 * the drawn A (max x min, row-major) normalized, sign included; a wide tensor
 * holds Q transposed, so that column is its first row. */
static void checkFirstColumn(int64_t rows, int64_t cols) {
  int64_t shape[2] = {rows, cols};
  int64_t m = rows > cols ? rows : cols, n = rows > cols ? cols : rows;
  nncc_tensor_desc desc =
      makeDesc(NNCC_F64, 2, shape, NNCC_INIT_ORTHOGONAL, 0, 0, 0);
  double *q = (double *)initNew(&desc, 11, 4);
  if (!q)
    return;
  nncc_rng rng;
  nncc_rng_init(&rng, 11, 4);
  double *a = (double *)malloc(sizeof(double) * (size_t)(m * n)), norm = 0.0;
  CHECK(a);
  if (!a) {
    free(q);
    return;
  }
  for (int64_t i = 0; i < m * n; ++i)
    a[i] = nncc_rng_normal(&rng);
  for (int64_t i = 0; i < m; ++i)
    norm += a[i * n] * a[i * n];
  norm = sqrt(norm);
  for (int64_t i = 0; i < m; ++i) {
    double value = rows >= cols ? q[i * cols] : q[i];
    CHECK(fabs(value - a[i * n] / norm) < 1e-12);
  }
  free(a);
  free(q);
}

static void testOrthogonalSigns(void) {
  checkFirstColumn(6, 6);
  checkFirstColumn(8, 5);
  checkFirstColumn(5, 8);
  checkFirstColumn(150, 140); /* blocked */
  checkFirstColumn(133, 170);
}

/*===----------------------------------------------------------------------===*/
/* Fixed patterns and errors                                                  */
/*===----------------------------------------------------------------------===*/

static void testConstants(void) {
  static const int64_t shape[] = {5};
  struct {
    int32_t kind, numArgs;
    double arg, expected;
  } cases[] = {{NNCC_INIT_ZEROS, 0, 0, 0.0},
               {NNCC_INIT_ONES, 0, 0, 1.0},
               {NNCC_INIT_CONSTANT, 0, 9, 0.0},
               {NNCC_INIT_CONSTANT, 1, -2.5, -2.5}};
  for (size_t c = 0; c < sizeof cases / sizeof *cases; ++c)
    for (int32_t dtype = NNCC_F32; dtype <= NNCC_F64; ++dtype) {
      nncc_tensor_desc desc = makeDesc(dtype, 1, shape, cases[c].kind,
                                       cases[c].numArgs, cases[c].arg, 0);
      void *data = allocTensor(&desc);
      memset(data, 0x5a, 5 * nncc_dtype_size(dtype));
      CHECK_STATUS(nncc_init_tensor(&desc, 1, 0, data), NNCC_OK);
      for (int i = 0; i < 5; ++i)
        CHECK(valueAt(&desc, data, i) == cases[c].expected);
      free(data);
    }
  /* A scalar. */
  nncc_tensor_desc scalar =
      makeDesc(NNCC_F64, 0, NULL, NNCC_INIT_CONSTANT, 1, 3.25, 0);
  double value = 0.0;
  CHECK_STATUS(nncc_init_tensor(&scalar, 1, 0, &value), NNCC_OK);
  CHECK(value == 3.25);
}

static void testUnitForgetBias(void) {
  static const int64_t shape[] = {16};
  nncc_tensor_desc desc =
      makeDesc(NNCC_F32, 1, shape, NNCC_INIT_UNIT_FORGET_BIAS, 0, 0, 0);
  float data[16];
  memset(data, 0x5a, sizeof data);
  CHECK_STATUS(nncc_init_tensor(&desc, 1, 0, data), NNCC_OK);
  for (int i = 0; i < 16; ++i)
    CHECK(data[i] == (i >= 4 && i < 8 ? 1.0f : 0.0f));
}

/* Every rejected call leaves the buffer as it was. */
static void checkRejected(const nncc_tensor_desc *desc) {
  unsigned char data[64], before[64];
  memset(data, 0xa5, sizeof data);
  memcpy(before, data, sizeof data);
  CHECK_STATUS(nncc_init_tensor(desc, 1, 0, data), NNCC_ERR_INVALID_ARGUMENT);
  CHECK(memcmp(data, before, sizeof data) == 0);
}

static void testRejections(void) {
  static const int64_t vector[] = {6};
  static const int64_t matrix[] = {2, 3};
  static const int64_t negative[] = {-2, -3};
  static const int64_t ones17[17] = {1, 1, 1, 1, 1, 1, 1, 1, 1,
                                     1, 1, 1, 1, 1, 1, 1, 1};
  checkRejected(NULL);
  checkRejected(&(nncc_tensor_desc){0});
  nncc_tensor_desc desc =
      makeDesc(NNCC_F32, 1, vector, NNCC_INIT_ORTHOGONAL, 0, 0, 0);
  checkRejected(&desc); /* orthogonal needs rank >= 2 */
  desc = makeDesc(NNCC_F32, 1, vector, NNCC_INIT_UNIT_FORGET_BIAS, 0, 0, 0);
  checkRejected(&desc); /* 6 is not divisible by 4 */
  desc = makeDesc(NNCC_F32, 2, matrix, NNCC_INIT_UNIT_FORGET_BIAS, 0, 0, 0);
  checkRejected(&desc); /* rank 2 */
  desc = makeDesc(NNCC_F32, 1, vector, NNCC_INIT_UNIFORM, 2, 0.1, -0.1);
  checkRejected(&desc); /* minval > maxval */
  desc = makeDesc(NNCC_F32, 1, vector, NNCC_INIT_UNIFORM, 2, -INFINITY, 0);
  checkRejected(&desc);
  desc = makeDesc(NNCC_F32, 1, vector, NNCC_INIT_NORMAL, 2, 0.0, 0.0);
  checkRejected(&desc); /* stddev 0 */
  desc = makeDesc(NNCC_F32, 1, vector, NNCC_INIT_CONSTANT, 2, 1, 2);
  checkRejected(&desc); /* too many arguments */
  desc = makeDesc(NNCC_F32, 1, vector, NNCC_INIT_ZEROS, -1, 0, 0);
  checkRejected(&desc);
  desc = makeDesc(NNCC_F32, 1, vector, 11, 0, 0, 0);
  checkRejected(&desc); /* unknown kind */
  desc = makeDesc(2, 1, vector, NNCC_INIT_ZEROS, 0, 0, 0);
  checkRejected(&desc); /* unknown dtype */
  desc = makeDesc(NNCC_F32, 2, matrix, NNCC_INIT_ZEROS, 0, 0, 0);
  desc.num_elements = 5;
  checkRejected(&desc); /* num_elements != product(shape) */
  desc = makeDesc(NNCC_F32, 2, negative, NNCC_INIT_ZEROS, 0, 0, 0);
  checkRejected(&desc); /* negative dims */
  desc = makeDesc(NNCC_F32, 17, ones17, NNCC_INIT_ZEROS, 0, 0, 0);
  checkRejected(&desc); /* rank > 16 */
  desc = makeDesc(NNCC_F32, 1, vector, NNCC_INIT_ZEROS, 0, 0, 0);
  CHECK_STATUS(nncc_init_tensor(&desc, 1, 0, NULL), NNCC_ERR_INVALID_ARGUMENT);
}

static void testEmptyTensors(void) {
  static const int64_t empty[] = {0, 5};
  const int32_t kinds[] = {NNCC_INIT_GLOROT_UNIFORM, NNCC_INIT_HE_NORMAL,
                           NNCC_INIT_ORTHOGONAL, NNCC_INIT_ONES};
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; ++k) {
    nncc_tensor_desc desc = makeDesc(NNCC_F32, 2, empty, kinds[k], 0, 0, 0);
    CHECK_STATUS(nncc_init_tensor(&desc, 1, 0, NULL), NNCC_OK);
  }
}

const TestCase initializerTests[] = {
    {"init.statistics", testStatistics},
    {"init.determinism", testDeterminism},
    {"init.golden_bits", testGoldenBits},
    {"init.orthogonal", testOrthogonal},
    {"init.orthogonal_signs", testOrthogonalSigns},
    {"init.orthogonal_threads", testOrthogonalThreads},
    {"init.constants", testConstants},
    {"init.unit_forget_bias", testUnitForgetBias},
    {"init.rejections", testRejections},
    {"init.empty_tensors", testEmptyTensors},
};
const size_t numInitializerTests =
    sizeof initializerTests / sizeof *initializerTests;
