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

/* Householder QR of A in place (LAPACK dgeqr2): column k becomes R's entries
 * above the diagonal and the reflector v_k (v_k[k] = 1 implied) below it,
 * H_k = I - tau[k] v_k v_k^T; diag[k] = R[k][k]. */
static void householderQR(double *a, int64_t m, int64_t n, double *tau,
                          double *diag) {
  for (int64_t k = 0; k < n; ++k) {
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
    for (int64_t j = k + 1; j < n; ++j)
      applyReflector(col, tau[k], k, m, a + j * m);
  }
}

/* Replaces the factored A by the first n columns of Q = H_0 H_1 ... H_{n-1}
 * (LAPACK dorg2r), applying the reflectors from the last one back. */
static void formQ(double *a, int64_t m, int64_t n, const double *tau) {
  for (int64_t k = n - 1; k >= 0; --k) {
    double *col = a + k * m;
    for (int64_t j = k + 1; j < n; ++j)
      applyReflector(col, tau[k], k, m, a + j * m);
    for (int64_t i = k + 1; i < m; ++i)
      col[i] *= -tau[k];
    col[k] = 1.0 - tau[k];
    for (int64_t i = 0; i < k; ++i)
      col[i] = 0.0;
  }
}

/* Keras's orthogonal: rows = product(shape[:-1]), cols = shape[-1]; A ~
 * N(0, 1) of shape (max, min) drawn in row-major order; A = QR; Q's columns
 * times sign(diag(R)) (+1 for 0), transposed when rows < cols, times gain. */
static int fillOrthogonal(const nncc_tensor_desc *desc, void *data,
                          nncc_rng *rng, double gain) {
  int64_t cols = desc->shape[desc->rank - 1];
  int64_t rows = desc->num_elements / cols;
  int64_t m = rows >= cols ? rows : cols;
  int64_t n = rows >= cols ? cols : rows;
  if ((uint64_t)desc->num_elements >
      SIZE_MAX / sizeof(double) - 2 * (uint64_t)n)
    return NNCC_ERR_OUT_OF_MEMORY;
  double *a = (double *)malloc(((size_t)desc->num_elements + 2 * (size_t)n) *
                               sizeof(double));
  if (!a)
    return NNCC_ERR_OUT_OF_MEMORY;
  double *tau = a + desc->num_elements;
  double *diag = tau + n;

  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      a[j * m + i] = nncc_rng_normal(rng);
  householderQR(a, m, n, tau, diag);
  formQ(a, m, n, tau);
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
    return fillOrthogonal(desc, data, &rng, initArg(desc, 0, 1.0));
  case NNCC_INIT_UNIT_FORGET_BIAS:
    fillUnitForgetBias(desc, data);
    break;
  default: /* rejected by checkInitializer() */
    return NNCC_ERR_INVALID_ARGUMENT;
  }
  return NNCC_OK;
}
