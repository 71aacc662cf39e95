/*===- Initializers.c - nncc parameter initializers -----------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The Keras initializers behind `#nn.init<...>`: constants, uniform and
 * (truncated) normal draws scaled by the tensor's fans, orthogonal matrices
 * and the LSTM forget-gate bias. Every value is computed in double from one
 * Philox stream keyed by (seed, index) and rounded once to the tensor's
 * dtype, using only operations with exactly specified IEEE results, so a
 * model starts from the same bits on every machine. The algorithms are
 * described in runtime/README.md.
 */
/*===----------------------------------------------------------------------===*/

#include "nncc/Runtime/nncc_runtime.h"

#include "Portable.h"

#include <stdint.h>
#include <stdlib.h>

/* The standard deviation of N(0, 1) truncated to [-2, 2]; Keras divides by it
 * so that the truncated draw has the requested standard deviation. */
static const double kTruncatedNormalStddev = 0.87962566103423978;

/* Glorot and He scale a draw by these fans. */
typedef struct Fans {
  double in, out;
} Fans;

/*===----------------------------------------------------------------------===*/
/* Arguments                                                                  */
/*===----------------------------------------------------------------------===*/

/* The number of arguments `kind` takes, or -1 for an unknown kind. */
static int maxInitArgs(int32_t kind) {
  switch (kind) {
  case NNCC_INIT_ZEROS:
  case NNCC_INIT_ONES:
  case NNCC_INIT_GLOROT_UNIFORM:
  case NNCC_INIT_GLOROT_NORMAL:
  case NNCC_INIT_HE_UNIFORM:
  case NNCC_INIT_HE_NORMAL:
  case NNCC_INIT_UNIT_FORGET_BIAS:
    return 0;
  case NNCC_INIT_CONSTANT:
  case NNCC_INIT_ORTHOGONAL:
    return 1;
  case NNCC_INIT_UNIFORM:
  case NNCC_INIT_NORMAL:
    return 2;
  default:
    return -1;
  }
}

/* Argument `i` as written, else its Keras default `fallback`. */
static double initArg(const nncc_tensor_desc *desc, int i, double fallback) {
  return i < desc->num_init_args ? desc->init_args[i] : fallback;
}

/* Checks the arguments and the shape constraints of desc->init_kind; the
 * descriptor itself is already known to be valid. */
static int checkInitializer(const nncc_tensor_desc *desc) {
  int maxArgs = maxInitArgs(desc->init_kind);
  if (maxArgs < 0 || desc->num_init_args < 0 || desc->num_init_args > maxArgs)
    return NNCC_ERR_INVALID_ARGUMENT;
  switch (desc->init_kind) {
  case NNCC_INIT_UNIFORM: {
    double width = initArg(desc, 1, 0.05) - initArg(desc, 0, -0.05);
    /* minval < maxval and no infinities or NaNs. */
    return width > 0.0 && width <= DBL_MAX ? NNCC_OK
                                           : NNCC_ERR_INVALID_ARGUMENT;
  }
  case NNCC_INIT_NORMAL:
    return initArg(desc, 1, 0.05) > 0.0 ? NNCC_OK : NNCC_ERR_INVALID_ARGUMENT;
  case NNCC_INIT_ORTHOGONAL:
    return desc->rank >= 2 ? NNCC_OK : NNCC_ERR_INVALID_ARGUMENT;
  case NNCC_INIT_UNIT_FORGET_BIAS:
    return desc->rank == 1 && desc->shape[0] % 4 == 0
               ? NNCC_OK
               : NNCC_ERR_INVALID_ARGUMENT;
  default:
    return NNCC_OK;
  }
}

/* Keras's fans: a kernel [..., in, out] has receptive field product(...),
 * fan_in = in * field and fan_out = out * field; a vector [n] has n and n, a
 * scalar 1 and 1. Computed in double, which cannot overflow. */
static Fans computeFans(const nncc_tensor_desc *desc) {
  Fans fans = {1.0, 1.0};
  int32_t rank = desc->rank;
  if (rank == 1) {
    fans.in = fans.out = (double)desc->shape[0];
  } else if (rank >= 2) {
    double field = 1.0;
    for (int32_t i = 0; i < rank - 2; ++i)
      field *= (double)desc->shape[i];
    fans.in = (double)desc->shape[rank - 2] * field;
    fans.out = (double)desc->shape[rank - 1] * field;
  }
  return fans;
}

/*===----------------------------------------------------------------------===*/
/* Fills                                                                      */
/*===----------------------------------------------------------------------===*/

/* Stores `value` as element `i` of `data`, rounding to nearest for F32. */
static void storeValue(void *data, int32_t dtype, int64_t i, double value) {
  if (dtype == NNCC_F32)
    ((float *)data)[i] = (float)value;
  else
    ((double *)data)[i] = value;
}

static void fillConstant(const nncc_tensor_desc *desc, void *data,
                         double value) {
  for (int64_t i = 0; i < desc->num_elements; ++i)
    storeValue(data, desc->dtype, i, value);
}

/* U(low, low + width): low + width * u with u a multiple of 2^-53 in [0, 1). */
static void fillUniform(const nncc_tensor_desc *desc, void *data, nncc_rng *rng,
                        double low, double width) {
  for (int64_t i = 0; i < desc->num_elements; ++i)
    storeValue(data, desc->dtype, i, low + width * nncc_rng_uniform(rng));
}

/* N(mean, stddev^2); when `truncated`, standard draws outside [-2, 2] are
 * discarded and drawn again. */
static void fillNormal(const nncc_tensor_desc *desc, void *data, nncc_rng *rng,
                       double mean, double stddev, int truncated) {
  for (int64_t i = 0; i < desc->num_elements; ++i) {
    double z = nncc_rng_normal(rng);
    while (truncated && (z < -2.0 || z > 2.0))
      z = nncc_rng_normal(rng);
    storeValue(data, desc->dtype, i, mean + stddev * z);
  }
}

static void fillUnitForgetBias(const nncc_tensor_desc *desc, void *data) {
  int64_t units = desc->num_elements / 4;
  for (int64_t i = 0; i < desc->num_elements; ++i)
    storeValue(data, desc->dtype, i, i >= units && i < 2 * units ? 1.0 : 0.0);
}

/*===----------------------------------------------------------------------===*/
/* Orthogonal                                                                 */
/*===----------------------------------------------------------------------===*/

/* The m x n (m >= n) matrices below are stored column-major: element (i, j)
 * of column `j` is col[j * m + i]. */

/* Applies H = I - tau v v^T to rows k..m-1 of the column `target`, where v
 * is (1, col[k+1], ..., col[m-1]). */
static void applyReflector(const double *col, double tau, int64_t k, int64_t m,
                           double *target) {
  double w = target[k];
  for (int64_t i = k + 1; i < m; ++i)
    w += col[i] * target[i];
  w *= tau;
  target[k] -= w;
  for (int64_t i = k + 1; i < m; ++i)
    target[i] -= w * col[i];
}

/* Householder QR of columns k0..kend-1 of A in place (LAPACK dgeqr2, on
 * the panel only when kend < n): column k becomes R's entries above the
 * diagonal and the reflector v_k (v_k[k] = 1 implied) below it, H_k = I -
 * tau[k] v_k v_k^T, applied to the panel's columns after k; diag[k] =
 * R[k][k]. */
static void factorColumns(double *a, int64_t m, int64_t k0, int64_t kend,
                          double *tau, double *diag) {
  for (int64_t k = k0; k < kend; ++k) {
    double *col = a + k * m;
    double alpha = col[k];
    double below = 0.0;
    for (int64_t i = k + 1; i < m; ++i)
      below += col[i] * col[i];
    if (below == 0.0) { /* H_k = I */
      tau[k] = 0.0;
      diag[k] = alpha;
      continue;
    }
    double norm = nncc_sqrt(alpha * alpha + below);
    double beta = alpha >= 0.0 ? -norm : norm;
    tau[k] = (beta - alpha) / beta;
    for (int64_t i = k + 1; i < m; ++i)
      col[i] /= alpha - beta;
    col[k] = beta;
    diag[k] = beta;
    for (int64_t j = k + 1; j < kend; ++j)
      applyReflector(col, tau[k], k, m, a + j * m);
  }
}

/* Replaces the factored columns k0..kend-1 of A by those columns of
 * H_k0 ... H_{kend-1} (LAPACK dorg2r), applying the reflectors from the
 * last one back. Columns after kend are not touched. */
static void formColumns(double *a, int64_t m, int64_t k0, int64_t kend,
                        const double *tau) {
  for (int64_t k = kend - 1; k >= k0; --k) {
    double *col = a + k * m;
    for (int64_t j = k + 1; j < kend; ++j)
      applyReflector(col, tau[k], k, m, a + j * m);
    for (int64_t i = k + 1; i < m; ++i)
      col[i] *= -tau[k];
    col[k] = 1.0 - tau[k];
    for (int64_t i = 0; i < k; ++i)
      col[i] = 0.0;
  }
}

/* Large matrices factor in panels of kPanel columns, each panel's
 * reflectors applied to the columns after it at once as a block reflector
 * (LAPACK dgeqrf / dorgqr, whose defaults these are: panels of 32, blocked
 * from 128 columns on). Unblocked, every reflector streams the whole
 * trailing matrix through memory twice; blocked, a panel's 32 do it once.
 * Matrices of up to kCrossover columns keep the unblocked algorithm and
 * its bits. */
enum { kPanel = 32, kCrossover = 128 };

/* The block reflector works on kGroup columns of A at a time and on rows
 * in blocks of kRows, so that a block of those columns stays in the L1
 * cache while every column of V passes over it, and each block of V is
 * read once per group. Rows k0..k0+kb-1 (V's triangle) are done one
 * reflector at a time; below them V is a full kb-column block. A dot
 * product over those rows keeps kLanes partial sums (row r in sum (r -
 * k0 - kb) mod kLanes, added pairwise at the end, the remainder in
 * order): independent chains the compiler may put in vector lanes without
 * changing a bit. Every order is C's (the runtime is built without FMA
 * contraction), a column's results do not depend on its group, and every
 * machine gets the same bits. */
enum { kGroup = 4, kLanes = 4, kRows = 256 };
/* T */
enum { kScratch = kPanel * kPanel };

/* x := (I - V op(T) V^T) x for the `count` (<= kGroup) columns x[g], rows
 * k0.. only (V is zero above). sums: kGroup * kb * kLanes scratch, w:
 * kGroup * kb. */
static void reflectGroup(const double *a, int64_t m, int64_t k0, int64_t kb,
                         const double *t, int transposed, double *const *x,
                         int count, double *sums, double *w) {
  int64_t rs = k0 + kb; /* first row below the triangle */
  int64_t full = rs + (m - rs) / kLanes * kLanes;
  /* sums[(c * kGroup + g) * kLanes + l] = the lanes of v_c . x_g below rs */
  for (int64_t i = 0; i < (int64_t)kGroup * kb * kLanes; ++i)
    sums[i] = 0.0;
  for (int64_t r0 = rs; r0 < full; r0 += kRows) {
    int64_t r1 = full - r0 < kRows ? full : r0 + kRows;
    for (int64_t c = 0; c < kb; ++c) {
      const double *v = a + (k0 + c) * m;
      double *lanes = sums + c * kGroup * kLanes;
      if (count == kGroup) { /* v read once for the group */
        double s[kGroup][kLanes];
        for (int g = 0; g < kGroup; ++g)
          for (int l = 0; l < kLanes; ++l)
            s[g][l] = lanes[g * kLanes + l];
        for (int64_t r = r0; r < r1; r += kLanes)
          for (int g = 0; g < kGroup; ++g)
            for (int l = 0; l < kLanes; ++l)
              s[g][l] += v[r + l] * x[g][r + l];
        for (int g = 0; g < kGroup; ++g)
          for (int l = 0; l < kLanes; ++l)
            lanes[g * kLanes + l] = s[g][l];
        continue;
      }
      for (int g = 0; g < count; ++g)
        for (int64_t r = r0; r < r1; r += kLanes)
          for (int l = 0; l < kLanes; ++l)
            lanes[g * kLanes + l] += v[r + l] * x[g][r + l];
    }
  }
  /* w[g][c] = (V^T x_g)[c]: the triangle, in order, then the block. */
  for (int g = 0; g < count; ++g)
    for (int64_t c = 0; c < kb; ++c) {
      const double *v = a + (k0 + c) * m;
      const double *xg = x[g];
      double tri = xg[k0 + c];
      for (int64_t r = k0 + c + 1; r < rs; ++r)
        tri += v[r] * xg[r];
      const double *lane = sums + (c * kGroup + g) * kLanes;
      double below = (lane[0] + lane[2]) + (lane[1] + lane[3]);
      for (int64_t r = full; r < m; ++r)
        below += v[r] * xg[r];
      w[g * kb + c] = tri + below;
    }
  /* w_g := op(T) w_g */
  for (int g = 0; g < count; ++g) {
    double *wg = w + g * kb;
    if (transposed) { /* T^T is lower triangular: descending c */
      for (int64_t c = kb - 1; c >= 0; --c) {
        double sum = 0.0;
        for (int64_t d = 0; d <= c; ++d)
          sum += t[c * kb + d] * wg[d];
        wg[c] = sum;
      }
    } else { /* T is upper triangular: ascending c */
      for (int64_t c = 0; c < kb; ++c) {
        double sum = 0.0;
        for (int64_t d = c; d < kb; ++d)
          sum += t[d * kb + c] * wg[d];
        wg[c] = sum;
      }
    }
  }
  /* x_g -= V w_g: each element gets its terms in order of c. The
   * triangle's rows one reflector at a time; below, four rows at a time
   * with every reflector's term (for a whole group, v read once). */
  for (int g = 0; g < count; ++g)
    for (int64_t c = 0; c < kb; ++c) {
      const double *v = a + (k0 + c) * m;
      double wc = w[g * kb + c];
      x[g][k0 + c] -= wc;
      for (int64_t r = k0 + c + 1; r < rs; ++r)
        x[g][r] -= wc * v[r];
    }
  int64_t r = rs;
  if (count == kGroup)
    for (; r + 4 <= m; r += 4) {
      double acc[kGroup][4];
      for (int g = 0; g < kGroup; ++g)
        for (int l = 0; l < 4; ++l)
          acc[g][l] = x[g][r + l];
      for (int64_t c = 0; c < kb; ++c) {
        const double *v = a + (k0 + c) * m + r;
        for (int g = 0; g < kGroup; ++g)
          for (int l = 0; l < 4; ++l)
            acc[g][l] -= w[g * kb + c] * v[l];
      }
      for (int g = 0; g < kGroup; ++g)
        for (int l = 0; l < 4; ++l)
          x[g][r + l] = acc[g][l];
    }
  for (int g = 0; g < count; ++g)
    for (int64_t i = r; i < m; ++i)
      for (int64_t c = 0; c < kb; ++c)
        x[g][i] -= w[g * kb + c] * a[(k0 + c) * m + i];
}

/* x . y over rows [r0, m), in order. */
static double dotRows(const double *x, const double *y, int64_t r0, int64_t m) {
  double sum = 0.0;
  for (int64_t r = r0; r < m; ++r)
    sum += x[r] * y[r];
  return sum;
}

/* T (kb x kb, upper triangular, column-major) with H_k0 ... H_{k0+kb-1} =
 * I - V T V^T (LAPACK dlarft, forward, columnwise): T[i][i] = tau_i and
 * T[0:i, i] = -tau_i T[0:i, 0:i] V[:, 0:i]^T v_i. Column c of V is v_c[r]
 * = 0 for r < k0 + c, 1 at k0 + c, a[(k0 + c) * m + r] below. */
static void formT(const double *a, int64_t m, int64_t k0, int64_t kb,
                  const double *tau, double *t) {
  for (int64_t i = 0; i < kb; ++i) {
    double *ti = t + i * kb;
    const double *vi = a + (k0 + i) * m;
    int64_t r0 = k0 + i; /* v_i's implied 1 */
    for (int64_t c = 0; c < i; ++c) {
      const double *vc = a + (k0 + c) * m;
      ti[c] = -tau[k0 + i] * (vc[r0] + dotRows(vc, vi, r0 + 1, m));
    }
    /* ti[0:i] = T[0:i, 0:i] ti[0:i], upper triangular: row c reads ti[d]
     * for d >= c only, so ascending c may overwrite in place. */
    for (int64_t c = 0; c < i; ++c) {
      double sum = 0.0;
      for (int64_t d = c; d < i; ++d)
        sum += t[d * kb + c] * ti[d];
      ti[c] = sum;
    }
    ti[i] = tau[k0 + i];
    for (int64_t c = i + 1; c < kb; ++c)
      ti[c] = 0.0;
  }
}

/* X := (I - V op(T) V^T) X for the columns j0..n-1 of A (see
 * reflectGroup), groups of kGroup columns shared by `pool`'s threads: a
 * column's result does not depend on who computes it. */
typedef struct {
  double *a;
  int64_t m, k0, kb, j0, n;
  const double *t;
  int transposed;
} BlockReflector;

static void reflectGroups(void *ctx, int64_t begin, int64_t end) {
  const BlockReflector *job = (const BlockReflector *)ctx;
  double sums[kGroup * kPanel * kLanes], w[kGroup * kPanel];
  for (int64_t group = begin; group < end; ++group) {
    int64_t j = job->j0 + group * kGroup;
    int count = job->n - j < kGroup ? (int)(job->n - j) : kGroup;
    double *x[kGroup];
    for (int g = 0; g < count; ++g)
      x[g] = job->a + (j + g) * job->m;
    reflectGroup(job->a, job->m, job->k0, job->kb, job->t, job->transposed, x,
                 count, sums, w);
  }
}

static void applyBlockReflector(double *a, int64_t m, int64_t k0, int64_t kb,
                                const double *t, int transposed, int64_t j0,
                                int64_t n, nncc_thread_pool *pool) {
  BlockReflector job = {a, m, k0, kb, j0, n, t, transposed};
  nncc_parallel_for(pool, reflectGroups, &job, (n - j0 + kGroup - 1) / kGroup);
}

/* A = QR, then A := Q's first n columns; diag[k] = R[k][k]. scratch:
 * kScratch values. */
static void orthogonalize(double *a, int64_t m, int64_t n, double *tau,
                          double *diag, double *scratch,
                          nncc_thread_pool *pool) {
  if (n <= kCrossover) {
    factorColumns(a, m, 0, n, tau, diag);
    formColumns(a, m, 0, n, tau);
    return;
  }
  double *t = scratch;
  for (int64_t k0 = 0; k0 < n; k0 += kPanel) {
    int64_t kb = n - k0 < kPanel ? n - k0 : kPanel;
    factorColumns(a, m, k0, k0 + kb, tau, diag);
    if (k0 + kb < n) {
      formT(a, m, k0, kb, tau, t);
      applyBlockReflector(a, m, k0, kb, t, /*transposed=*/1, k0 + kb, n, pool);
    }
  }
  /* Q = H_0 ... H_{n-1}: each panel's block reflector applied to the
   * columns after it (already those of Q), then its own columns formed. */
  for (int64_t k0 = (n - 1) / kPanel * kPanel; k0 >= 0; k0 -= kPanel) {
    int64_t kb = n - k0 < kPanel ? n - k0 : kPanel;
    if (k0 + kb < n) {
      formT(a, m, k0, kb, tau, t);
      applyBlockReflector(a, m, k0, kb, t, /*transposed=*/0, k0 + kb, n, pool);
    }
    formColumns(a, m, k0, k0 + kb, tau);
  }
}

/* Keras's orthogonal: rows = product(shape[:-1]), cols = shape[-1]; A ~
 * N(0, 1) of shape (max, min) drawn in row-major order; A = QR; Q's columns
 * times sign(diag(R)) (+1 for 0), transposed when rows < cols, times gain. */
static int fillOrthogonal(const nncc_tensor_desc *desc, void *data,
                          nncc_rng *rng, double gain, nncc_thread_pool *pool) {
  int64_t cols = desc->shape[desc->rank - 1];
  int64_t rows = desc->num_elements / cols;
  int64_t m = rows >= cols ? rows : cols;
  int64_t n = rows >= cols ? cols : rows;
  size_t extra = 2 * (size_t)n + kScratch;
  if ((uint64_t)desc->num_elements > SIZE_MAX / sizeof(double) - extra)
    return NNCC_ERR_OUT_OF_MEMORY;
  double *a =
      (double *)malloc(((size_t)desc->num_elements + extra) * sizeof(double));
  if (!a)
    return NNCC_ERR_OUT_OF_MEMORY;
  double *tau = a + desc->num_elements;
  double *diag = tau + n;
  double *scratch = diag + n;

  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      a[j * m + i] = nncc_rng_normal(rng);
  orthogonalize(a, m, n, tau, diag, scratch, pool);
  for (int64_t k = 0; k < n; ++k)
    if (diag[k] < 0.0)
      for (int64_t i = 0; i < m; ++i)
        a[k * m + i] = -a[k * m + i];

  /* Q(i, j) = a[j * m + i]; the result is Q (rows >= cols) or Q^T. */
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      double q = rows >= cols ? a[c * m + r] : a[r * m + c];
      storeValue(data, desc->dtype, r * cols + c, gain * q);
    }
  free(a);
  return NNCC_OK;
}

/*===----------------------------------------------------------------------===*/
/* Entry point                                                                */
/*===----------------------------------------------------------------------===*/

int nncc_init_tensor(const nncc_tensor_desc *desc, uint64_t seed, int32_t index,
                     void *data) {
  return nncc_init_tensor_parallel(desc, seed, index, data, NULL);
}

int nncc_init_tensor_parallel(const nncc_tensor_desc *desc, uint64_t seed,
                              int32_t index, void *data,
                              nncc_thread_pool *pool) {
  int status = nncc_tensor_desc_check(desc);
  if (status == NNCC_OK)
    status = checkInitializer(desc);
  if (status != NNCC_OK)
    return status;
  if (desc->num_elements == 0)
    return NNCC_OK;
  if (!data)
    return NNCC_ERR_INVALID_ARGUMENT;

  nncc_rng rng;
  nncc_rng_init(&rng, seed, (uint32_t)index);
  Fans fans = computeFans(desc);
  switch (desc->init_kind) {
  case NNCC_INIT_ZEROS:
    fillConstant(desc, data, 0.0);
    break;
  case NNCC_INIT_ONES:
    fillConstant(desc, data, 1.0);
    break;
  case NNCC_INIT_CONSTANT:
    fillConstant(desc, data, initArg(desc, 0, 0.0));
    break;
  case NNCC_INIT_UNIFORM: {
    double low = initArg(desc, 0, -0.05);
    fillUniform(desc, data, &rng, low, initArg(desc, 1, 0.05) - low);
    break;
  }
  case NNCC_INIT_NORMAL:
    fillNormal(desc, data, &rng, initArg(desc, 0, 0.0), initArg(desc, 1, 0.05),
               /*truncated=*/0);
    break;
  case NNCC_INIT_GLOROT_UNIFORM:
  case NNCC_INIT_HE_UNIFORM: {
    double n =
        desc->init_kind == NNCC_INIT_HE_UNIFORM ? fans.in : fans.in + fans.out;
    double limit = nncc_sqrt(6.0 / n);
    fillUniform(desc, data, &rng, -limit, 2.0 * limit);
    break;
  }
  case NNCC_INIT_GLOROT_NORMAL:
  case NNCC_INIT_HE_NORMAL: {
    double n =
        desc->init_kind == NNCC_INIT_HE_NORMAL ? fans.in : fans.in + fans.out;
    double stddev = nncc_sqrt(2.0 / n) / kTruncatedNormalStddev;
    fillNormal(desc, data, &rng, 0.0, stddev, /*truncated=*/1);
    break;
  }
  case NNCC_INIT_ORTHOGONAL:
    return fillOrthogonal(desc, data, &rng, initArg(desc, 0, 1.0), pool);
  case NNCC_INIT_UNIT_FORGET_BIAS:
    fillUnitForgetBias(desc, data);
    break;
  default: /* rejected by checkInitializer() */
    return NNCC_ERR_INVALID_ARGUMENT;
  }
  return NNCC_OK;
}
