/*===- Portable.c - nncc portable math, RNG and CRC-32 --------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The machine-independent building blocks of the runtime: CRC-32, the
 * Philox4x32-10 counter-based generator with uniform and normal draws, and a
 * logarithm and a square root that use IEEE +, -, *, / and integer operations
 * only, so that every result is the same bit pattern on every machine. See
 * Portable.h for the contracts and runtime/README.md for accuracy figures.
 */
/*===----------------------------------------------------------------------===*/

#include "Portable.h"

/*===----------------------------------------------------------------------===*/
/* CRC-32                                                                     */
/*===----------------------------------------------------------------------===*/

/* crc32Table[n] is the CRC register after shifting in byte n (polynomial
 * 0xEDB88320, reflected); test/TestPortable.c recomputes it bit by bit. */
static const uint32_t crc32Table[256] = {
    0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau, 0x076dc419u,
    0x706af48fu, 0xe963a535u, 0x9e6495a3u, 0x0edb8832u, 0x79dcb8a4u,
    0xe0d5e91eu, 0x97d2d988u, 0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u,
    0x90bf1d91u, 0x1db71064u, 0x6ab020f2u, 0xf3b97148u, 0x84be41deu,
    0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u, 0x136c9856u,
    0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu, 0x14015c4fu, 0x63066cd9u,
    0xfa0f3d63u, 0x8d080df5u, 0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u,
    0xa2677172u, 0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu,
    0x35b5a8fau, 0x42b2986cu, 0xdbbbc9d6u, 0xacbcf940u, 0x32d86ce3u,
    0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u, 0x26d930acu, 0x51de003au,
    0xc8d75180u, 0xbfd06116u, 0x21b4f4b5u, 0x56b3c423u, 0xcfba9599u,
    0xb8bda50fu, 0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
    0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du, 0x76dc4190u,
    0x01db7106u, 0x98d220bcu, 0xefd5102au, 0x71b18589u, 0x06b6b51fu,
    0x9fbfe4a5u, 0xe8b8d433u, 0x7807c9a2u, 0x0f00f934u, 0x9609a88eu,
    0xe10e9818u, 0x7f6a0dbbu, 0x086d3d2du, 0x91646c97u, 0xe6635c01u,
    0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu, 0x6c0695edu,
    0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u, 0x65b0d9c6u, 0x12b7e950u,
    0x8bbeb8eau, 0xfcb9887cu, 0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u,
    0xfbd44c65u, 0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u,
    0x4adfa541u, 0x3dd895d7u, 0xa4d1c46du, 0xd3d6f4fbu, 0x4369e96au,
    0x346ed9fcu, 0xad678846u, 0xda60b8d0u, 0x44042d73u, 0x33031de5u,
    0xaa0a4c5fu, 0xdd0d7cc9u, 0x5005713cu, 0x270241aau, 0xbe0b1010u,
    0xc90c2086u, 0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
    0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u, 0x59b33d17u,
    0x2eb40d81u, 0xb7bd5c3bu, 0xc0ba6cadu, 0xedb88320u, 0x9abfb3b6u,
    0x03b6e20cu, 0x74b1d29au, 0xead54739u, 0x9dd277afu, 0x04db2615u,
    0x73dc1683u, 0xe3630b12u, 0x94643b84u, 0x0d6d6a3eu, 0x7a6a5aa8u,
    0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u, 0xf00f9344u,
    0x8708a3d2u, 0x1e01f268u, 0x6906c2feu, 0xf762575du, 0x806567cbu,
    0x196c3671u, 0x6e6b06e7u, 0xfed41b76u, 0x89d32be0u, 0x10da7a5au,
    0x67dd4accu, 0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u,
    0xd6d6a3e8u, 0xa1d1937eu, 0x38d8c2c4u, 0x4fdff252u, 0xd1bb67f1u,
    0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu, 0xd80d2bdau, 0xaf0a1b4cu,
    0x36034af6u, 0x41047a60u, 0xdf60efc3u, 0xa867df55u, 0x316e8eefu,
    0x4669be79u, 0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
    0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu, 0xc5ba3bbeu,
    0xb2bd0b28u, 0x2bb45a92u, 0x5cb36a04u, 0xc2d7ffa7u, 0xb5d0cf31u,
    0x2cd99e8bu, 0x5bdeae1du, 0x9b64c2b0u, 0xec63f226u, 0x756aa39cu,
    0x026d930au, 0x9c0906a9u, 0xeb0e363fu, 0x72076785u, 0x05005713u,
    0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u, 0x92d28e9bu,
    0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u, 0x86d3d2d4u, 0xf1d4e242u,
    0x68ddb3f8u, 0x1fda836eu, 0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u,
    0x18b74777u, 0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu,
    0x8f659effu, 0xf862ae69u, 0x616bffd3u, 0x166ccf45u, 0xa00ae278u,
    0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u, 0xa7672661u, 0xd06016f7u,
    0x4969474du, 0x3e6e77dbu, 0xaed16a4au, 0xd9d65adcu, 0x40df0b66u,
    0x37d83bf0u, 0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
    0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u, 0xbad03605u,
    0xcdd70693u, 0x54de5729u, 0x23d967bfu, 0xb3667a2eu, 0xc4614ab8u,
    0x5d681b02u, 0x2a6f2b94u, 0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu,
    0x2d02ef8du,
};

uint32_t nncc_crc32_update(uint32_t crc, const void *data, size_t size) {
  const unsigned char *bytes = (const unsigned char *)data;
  crc = ~crc;
  for (size_t i = 0; i < size; ++i)
    crc = crc32Table[(crc ^ bytes[i]) & 0xffu] ^ (crc >> 8);
  return ~crc;
}

/*===----------------------------------------------------------------------===*/
/* Philox4x32-10                                                              */
/*===----------------------------------------------------------------------===*/

enum { PhiloxRounds = 10 };

#define PHILOX_M0 UINT32_C(0xD2511F53)
#define PHILOX_M1 UINT32_C(0xCD9E8D57)
#define PHILOX_W0 UINT32_C(0x9E3779B9)
#define PHILOX_W1 UINT32_C(0xBB67AE85)

void nncc_philox4x32_10(const uint32_t counter[4], const uint32_t key[2],
                        uint32_t out[4]) {
  uint32_t c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
  uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < PhiloxRounds; ++round) {
    if (round > 0) {
      k0 += PHILOX_W0;
      k1 += PHILOX_W1;
    }
    uint64_t p0 = (uint64_t)PHILOX_M0 * c0;
    uint64_t p1 = (uint64_t)PHILOX_M1 * c2;
    uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
    uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
    c1 = (uint32_t)p1;
    c3 = (uint32_t)p0;
    c0 = n0;
    c2 = n2;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/*===----------------------------------------------------------------------===*/
/* Random streams                                                             */
/*===----------------------------------------------------------------------===*/

void nncc_rng_init(nncc_rng *rng, uint64_t seed, uint32_t stream) {
  rng->key[0] = (uint32_t)seed;
  rng->key[1] = (uint32_t)(seed >> 32);
  rng->counter[0] = 0;
  rng->counter[1] = 0;
  rng->counter[2] = stream;
  rng->counter[3] = 0;
  rng->used = 4;
  rng->has_spare = 0;
  rng->spare = 0.0;
}

uint32_t nncc_rng_u32(nncc_rng *rng) {
  if (rng->used == 4) {
    nncc_philox4x32_10(rng->counter, rng->key, rng->block);
    if (++rng->counter[0] == 0)
      ++rng->counter[1];
    rng->used = 0;
  }
  return rng->block[rng->used++];
}

uint64_t nncc_rng_u64(nncc_rng *rng) {
  uint64_t high = nncc_rng_u32(rng);
  return (high << 32) | nncc_rng_u32(rng);
}

double nncc_rng_uniform(nncc_rng *rng) {
  return (double)(nncc_rng_u64(rng) >> 11) * 0x1p-53;
}

double nncc_rng_normal(nncc_rng *rng) {
  if (rng->has_spare) {
    rng->has_spare = 0;
    return rng->spare;
  }
  double u, v, s;
  do {
    u = 2.0 * nncc_rng_uniform(rng) - 1.0;
    v = 2.0 * nncc_rng_uniform(rng) - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  double factor = nncc_sqrt(-2.0 * nncc_log(s) / s);
  rng->spare = v * factor;
  rng->has_spare = 1;
  return u * factor;
}

/*===----------------------------------------------------------------------===*/
/* Math                                                                       */
/*===----------------------------------------------------------------------===*/

#define DOUBLE_EXPONENT_MASK UINT64_C(0x7ff0000000000000)
#define DOUBLE_MANTISSA_MASK UINT64_C(0x000fffffffffffff)
#define DOUBLE_ONE_BITS UINT64_C(0x3ff0000000000000)
#define DOUBLE_QUIET_NAN_BITS UINT64_C(0x7ff8000000000000)
#define DOUBLE_NEG_INF_BITS UINT64_C(0xfff0000000000000)
#define DOUBLE_SQRT2_BITS UINT64_C(0x3ff6a09e667f3bcd)
#define DOUBLE_MIN_NORMAL_BITS UINT64_C(0x0010000000000000)

/* ln(2) split in two: kLn2Hi has 32 significant bits, so k * kLn2Hi is exact
 * for every exponent k of a double, and kLn2Hi + kLn2Lo is ln(2) to 2^-86. */
static const double kLn2Hi = 0x1.62e42feep-1;
static const double kLn2Lo = 0x1.a39ef35793c76p-33;

/* R(z) = 2z/3 + 2z^2/5 + ... + 2z^10/21 with z = s^2: the Taylor series of
 * log((1+s)/(1-s)) / s - 2. With |s| <= 0.1716 the first omitted term is
 * below 2^-60 relative to the result. */
static double logSeries(double z) {
  double p = 2.0 / 21.0;
  p = 2.0 / 19.0 + z * p;
  p = 2.0 / 17.0 + z * p;
  p = 2.0 / 15.0 + z * p;
  p = 2.0 / 13.0 + z * p;
  p = 2.0 / 11.0 + z * p;
  p = 2.0 / 9.0 + z * p;
  p = 2.0 / 7.0 + z * p;
  p = 2.0 / 5.0 + z * p;
  p = 2.0 / 3.0 + z * p;
  return z * p;
}

double nncc_log(double x) {
  if (x != x || x == nncc_bits_double(DOUBLE_EXPONENT_MASK))
    return x; /* NaN, +inf */
  if (x <= 0.0)
    return nncc_bits_double(x == 0.0 ? DOUBLE_NEG_INF_BITS
                                     : DOUBLE_QUIET_NAN_BITS);
  int k = 0;
  if (x < nncc_bits_double(DOUBLE_MIN_NORMAL_BITS)) {
    x *= 0x1p54; /* exact: scale subnormals into the normal range */
    k = -54;
  }
  /* x = 2^k * m with m in [sqrt(2)/2, sqrt(2)). */
  uint64_t bits = nncc_double_bits(x);
  k += (int)(bits >> 52) - 1023;
  bits = (bits & DOUBLE_MANTISSA_MASK) | DOUBLE_ONE_BITS;
  if (bits > DOUBLE_SQRT2_BITS) {
    bits -= DOUBLE_MIN_NORMAL_BITS; /* halve m */
    ++k;
  }
  /* log(m) = log(1+f) = 2s + s*R(s^2) with s = f/(2+f), evaluated as in
   * fdlibm's e_log.c so that the large terms are added last. */
  double f = nncc_bits_double(bits) - 1.0; /* exact */
  double s = f / (2.0 + f);
  double r = logSeries(s * s);
  double halfSquare = 0.5 * f * f;
  double dk = (double)k;
  return dk * kLn2Hi -
         ((halfSquare - (s * (halfSquare + r) + dk * kLn2Lo)) - f);
}

double nncc_sqrt_soft(double x) {
  if (x != x || x == 0.0 || x == nncc_bits_double(DOUBLE_EXPONENT_MASK))
    return x; /* NaN, +-0, +inf */
  if (x < 0.0)
    return nncc_bits_double(DOUBLE_QUIET_NAN_BITS);
  /* x = mant * 2^exp with an integer mant in [2^52, 2^53). */
  uint64_t bits = nncc_double_bits(x);
  uint64_t mant = bits & DOUBLE_MANTISSA_MASK;
  int exp = (int)(bits >> 52);
  if (exp == 0) { /* subnormal */
    exp = 1;
    while (!(mant & DOUBLE_MIN_NORMAL_BITS)) {
      mant <<= 1;
      --exp;
    }
  } else {
    mant |= DOUBLE_MIN_NORMAL_BITS;
  }
  exp -= 1075;
  if (exp % 2 != 0) { /* make exp even: mant in [2^52, 2^54) */
    mant <<= 1;
    --exp;
  }
  /* q = floor(sqrt(mant * 2^54)), a 54-bit integer, by the restoring digit
   * recurrence over the 54 bit pairs of the radicand (the low 27 are 0);
   * sqrt(x) = sqrt(mant * 2^54) * 2^(exp/2 - 27). */
  uint64_t q = 0, rem = 0;
  for (int pair = 53; pair >= 0; --pair) {
    uint64_t digits = pair >= 27 ? (mant >> (2 * pair - 54)) & 3u : 0u;
    rem = (rem << 2) | digits;
    uint64_t trial = (q << 2) | 1u;
    q <<= 1;
    if (rem >= trial) {
      rem -= trial;
      q |= 1u;
    }
  }
  /* Round to 53 bits. A tie would need an odd square equal to the even
   * radicand, so the dropped bit alone decides. A carry to 2^53 moves into
   * the exponent field below, which is what it should do. */
  uint64_t roundBit = q & 1u;
  q = (q >> 1) + roundBit;
  uint64_t biased = (uint64_t)(exp / 2 + 26 + 1023);
  return nncc_bits_double((biased << 52) + (q - DOUBLE_MIN_NORMAL_BITS));
}

#if defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_sqrt)
#define NNCC_HAVE_ELEMENTWISE_SQRT 1
#endif
#endif

double nncc_sqrt(double x) {
#ifdef NNCC_HAVE_ELEMENTWISE_SQRT
  /* llvm.sqrt: the correctly rounded instruction, no errno, no libm call. */
  return __builtin_elementwise_sqrt(x);
#else
  return nncc_sqrt_soft(x);
#endif
}
