/*===- Portable.h - nncc portable math, RNG and encoding helpers --*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Private helpers of the runtime library whose results must not depend on the
 * machine, the compiler or the C library: a counter-based random number
 * generator (Philox4x32-10), a logarithm and a square root built from IEEE
 * +, -, *, / only, the CRC-32 of zlib, and little-endian encoding.
 *
 * Including this header also pins the floating-point evaluation rules every
 * file doing arithmetic relies on: no contraction of a*b+c into a fused
 * multiply-add (clang fuses within expressions by default, which would give
 * other bits on targets with FMA) and FLT_EVAL_METHOD 0 (no x87 excess
 * precision). GCC ignores the STDC pragma but does not contract in ISO mode
 * (-std=c11); build with -ffp-contract=off in GNU mode. Never build this
 * library with -ffast-math.
 */
/*===----------------------------------------------------------------------===*/

#ifndef NNCC_RUNTIME_PORTABLE_H
#define NNCC_RUNTIME_PORTABLE_H

#include <float.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#if FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "nncc runtime needs FLT_EVAL_METHOD 0 (e.g. SSE2 rather than x87)"
#endif
#if FLT_RADIX != 2 || FLT_MANT_DIG != 24 || DBL_MANT_DIG != 53
#error "nncc runtime needs IEEE 754 binary32 float and binary64 double"
#endif
_Static_assert(sizeof(float) == 4 && sizeof(double) == 8,
               "nncc runtime needs 4-byte float and 8-byte double");

/*===----------------------------------------------------------------------===*/
/* Little-endian encoding                                                     */
/*===----------------------------------------------------------------------===*/

static inline void nncc_store_le32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = (unsigned char)(v >> (8 * i));
}

static inline void nncc_store_le64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint32_t nncc_load_le32(const unsigned char *p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= (uint32_t)p[i] << (8 * i);
  return v;
}

static inline uint64_t nncc_load_le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= (uint64_t)p[i] << (8 * i);
  return v;
}

static inline uint32_t nncc_float_bits(float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  return bits;
}

static inline float nncc_bits_float(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

static inline uint64_t nncc_double_bits(double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  return bits;
}

static inline double nncc_bits_double(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

/*===----------------------------------------------------------------------===*/
/* CRC-32                                                                     */
/*===----------------------------------------------------------------------===*/

/* Continues the CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as
 * zlib's crc32()) `crc` over `size` bytes. Start with 0; the result of one
 * call is the CRC of everything fed so far. */
uint32_t nncc_crc32_update(uint32_t crc, const void *data, size_t size);

/*===----------------------------------------------------------------------===*/
/* Random numbers                                                             */
/*===----------------------------------------------------------------------===*/

/* One Philox4x32-10 block (Salmon et al., SC'11; Random123's reference
 * constants and key schedule): out = philox(counter, key). */
void nncc_philox4x32_10(const uint32_t counter[4], const uint32_t key[2],
                        uint32_t out[4]);

/* A stream of random numbers: the Philox blocks with key (low, high word of
 * the seed) and counters {block low, block high, stream, 0} for block =
 * 0, 1, 2, ..., each block giving four 32-bit words in order. Streams with
 * other seeds or stream numbers are independent. */
typedef struct nncc_rng {
  uint32_t key[2];
  uint32_t counter[4];
  uint32_t block[4]; /* the current block's output */
  int used;          /* words of `block` consumed, 4 when empty */
  int has_spare;     /* whether `spare` holds an unused normal draw */
  double spare;
} nncc_rng;

void nncc_rng_init(nncc_rng *rng, uint64_t seed, uint32_t stream);
uint32_t nncc_rng_u32(nncc_rng *rng);
/* Two consecutive words, the first one being the high half. */
uint64_t nncc_rng_u64(nncc_rng *rng);
/* A multiple of 2^-53 in [0, 1), from the top 53 bits of nncc_rng_u64(). */
double nncc_rng_uniform(nncc_rng *rng);
/* A standard normal draw (Marsaglia's polar method; pairs are cached). */
double nncc_rng_normal(nncc_rng *rng);

/*===----------------------------------------------------------------------===*/
/* Math                                                                       */
/*===----------------------------------------------------------------------===*/

/* Natural logarithm from +, -, *, / only (below 1 ulp in practice, see
 * runtime/README.md). log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf. */
double nncc_log(double x);

/* The correctly rounded square root: the hardware instruction where the
 * compiler offers it without errno handling (clang), else nncc_sqrt_soft().
 * Both are exact to the bit, so results do not depend on the choice. */
double nncc_sqrt(double x);

/* The correctly rounded square root by integer digit recurrence. */
double nncc_sqrt_soft(double x);

#endif /* NNCC_RUNTIME_PORTABLE_H */
