/*===- nncc_runtime.h - nncc runtime library API ------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The runtime library that every object compiled by nncc contains: parameter
 * initializers (Keras semantics, bitwise reproducible on every machine),
 * checkpoint save/load (a little-endian, CRC-protected format, written
 * crash-safely) and status strings.
 *
 * The library is plain C11 and needs nothing beyond libc: no libm, no global
 * mutable state, no threads. Every function is reentrant; functions may be
 * called concurrently as long as they do not share output buffers or paths.
 * Every function returns a status from `enum nncc_status`; turn it into text
 * with nncc_status_string().
 *
 * See runtime/README.md for the checkpoint format byte by byte and the
 * initializer algorithms.
 */
/*===----------------------------------------------------------------------===*/

#ifndef NNCC_RUNTIME_NNCC_RUNTIME_H
#define NNCC_RUNTIME_NNCC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*/
/* Types                                                                      */
/*===----------------------------------------------------------------------===*/

/* Element type of a tensor. Values are stored in the checkpoint format. */
enum nncc_dtype {
  NNCC_F32 = 0, /* IEEE 754 binary32 (`float`)  */
  NNCC_F64 = 1  /* IEEE 754 binary64 (`double`) */
};

/* Parameter initializers. The values equal the compiler's `InitKind` enum
 * (`#nn.init<...>`, include/nncc/Dialect/NN/IR/NNAttrs.td). Arguments and
 * their defaults are listed with nncc_init_tensor(). */
enum nncc_init_kind {
  NNCC_INIT_ZEROS = 0,
  NNCC_INIT_ONES = 1,
  NNCC_INIT_CONSTANT = 2,
  NNCC_INIT_UNIFORM = 3,
  NNCC_INIT_NORMAL = 4,
  NNCC_INIT_GLOROT_UNIFORM = 5,
  NNCC_INIT_GLOROT_NORMAL = 6,
  NNCC_INIT_HE_UNIFORM = 7,
  NNCC_INIT_HE_NORMAL = 8,
  NNCC_INIT_ORTHOGONAL = 9,
  NNCC_INIT_UNIT_FORGET_BIAS = 10
};

/* Status codes returned by every runtime function. Codes 10 to 12 come from
 * the CUDA target's runtime (nncc_cuda.h); nncc_status_string() calls any
 * other code "unknown error". */
enum nncc_status {
  NNCC_OK = 0,                   /* success */
  NNCC_ERR_INVALID_ARGUMENT = 1, /* a NULL pointer, bad descriptor or args */
  NNCC_ERR_OUT_OF_MEMORY = 2,    /* malloc failed (orthogonal, save) */
  NNCC_ERR_IO = 3,               /* cannot open, read, write or rename */
  NNCC_ERR_NOT_A_CHECKPOINT = 4, /* the file does not start with the magic */
  NNCC_ERR_VERSION = 5,          /* another format version or unknown flags */
  NNCC_ERR_WRONG_MODEL = 6,      /* other model name, tensor count or names */
  NNCC_ERR_WRONG_SHAPE = 7,      /* same names, other dtype or shape */
  NNCC_ERR_CHECKSUM = 8,         /* CRC mismatch or malformed contents */
  NNCC_ERR_TRUNCATED = 9,        /* the file ends before its contents do */
  NNCC_ERR_NO_CUDA_DRIVER = 10,  /* libcuda.so.1 cannot be loaded */
  NNCC_ERR_NO_CUDA_DEVICE = 11,  /* the driver sees no usable GPU */
  NNCC_ERR_CUDA = 12,            /* a CUDA driver call failed */
  NNCC_ERR_BAD_LABEL = 13,       /* a class label outside [0, classes) */
  NNCC_ERR_NON_FINITE = 14       /* --check-numerics: a NaN or infinity */
};

/* Limits of the checkpoint format; larger values are rejected as invalid
 * arguments on save and as corruption on load. */
#define NNCC_MAX_NAME_LENGTH 4096 /* bytes of a model or tensor name */
#define NNCC_MAX_RANK 16          /* dimensions of a tensor */

/* Describes one tensor (a model parameter or a piece of optimizer state).
 * A descriptor is valid when `dtype` is an `nncc_dtype`, `0 <= rank <=
 * NNCC_MAX_RANK`, `shape` holds `rank` non-negative dimensions (it may be
 * NULL when rank is 0) and `num_elements` is their product (1 for rank 0). */
typedef struct nncc_tensor_desc {
  const char *name;      /* NUL-terminated, e.g. "conv1.kernel" */
  int32_t dtype;         /* an nncc_dtype */
  int32_t rank;          /* number of dimensions, 0..NNCC_MAX_RANK */
  const int64_t *shape;  /* rank entries, row-major (last index fastest) */
  int64_t num_elements;  /* product of shape */
  int32_t init_kind;     /* an nncc_init_kind */
  double init_args[2];   /* as written in the model; see nncc_init_tensor() */
  int32_t num_init_args; /* how many of init_args were written (0..2) */
  int32_t trainable;     /* 0 for non-trainable state (batch-norm stats) */
  int32_t step_updated;  /* non-trainable state the training step's forward
                            pass writes (batch-norm moving statistics) */
} nncc_tensor_desc;

/*===----------------------------------------------------------------------===*/
/* Tensor descriptors                                                         */
/*===----------------------------------------------------------------------===*/

/* Size in bytes of one element of `dtype`, or 0 when it is no nncc_dtype. */
size_t nncc_dtype_size(int32_t dtype);

/* Whether all `count` values of `dtype` at `data` are finite (neither NaN
   nor an infinity); 0 for a dtype that is no nncc_dtype. */
int nncc_all_finite(const void *data, int32_t dtype, int64_t count);

/* NNCC_ERR_BAD_LABEL when one of the `count` int32 labels lies outside
   [0, num_classes), else NNCC_OK (always for num_classes <= 0). */
int nncc_check_labels(const int32_t *labels, int64_t count,
                      int32_t num_classes);

/* Checks that `desc` is valid (see nncc_tensor_desc) and that its name is
 * not NULL; returns NNCC_OK or NNCC_ERR_INVALID_ARGUMENT. Initializer fields
 * are not looked at. */
int nncc_tensor_desc_check(const nncc_tensor_desc *desc);

/*===----------------------------------------------------------------------===*/
/* Initializers                                                               */
/*===----------------------------------------------------------------------===*/

/* Fills `data` (desc->num_elements values of desc->dtype, native byte order)
 * with the initializer `desc->init_kind`.
 *
 * Arguments (`init_args[0..num_init_args)`, Keras defaults for the rest):
 *   zeros, ones, glorot_*, he_*, unit_forget_bias: none;
 *   constant(value = 0);
 *   uniform(minval = -0.05, maxval = 0.05), needs minval < maxval;
 *   normal(mean = 0, stddev = 0.05), needs stddev > 0;
 *   orthogonal(gain = 1), needs rank >= 2;
 *   unit_forget_bias needs rank 1 and a size divisible by 4.
 * More arguments than the kind takes, or arguments that break these rules,
 * give NNCC_ERR_INVALID_ARGUMENT.
 *
 * The values depend only on (seed, index, *desc) -- `index` tells apart
 * tensors drawn with the same seed, normally the parameter's position in the
 * model -- and are bitwise identical on every machine and compiler with IEEE
 * 754 double arithmetic (FLT_EVAL_METHOD 0) and no fast-math: the library
 * draws from Philox4x32-10 and uses its own logarithm, so no libm function
 * is involved. The algorithms are described in runtime/README.md.
 *
 * Returns NNCC_OK; NNCC_ERR_INVALID_ARGUMENT for a NULL or invalid
 * descriptor, a NULL `data` with elements to write, an unknown kind or bad
 * arguments; NNCC_ERR_OUT_OF_MEMORY when orthogonal cannot allocate its
 * work matrix. `data` is untouched on error. */
int nncc_init_tensor(const nncc_tensor_desc *desc, uint64_t seed, int32_t index,
                     void *data);

/* A pool of threads ("Threads" below). */
typedef struct nncc_thread_pool nncc_thread_pool;
/* nncc_init_tensor with the work of a large orthogonal initialization (more
 * than 128 columns) shared by `pool`'s threads (NULL: the calling thread
 * only). The values are bitwise the same for any pool. */
int nncc_init_tensor_parallel(const nncc_tensor_desc *desc, uint64_t seed,
                              int32_t index, void *data,
                              nncc_thread_pool *pool);

/*===----------------------------------------------------------------------===*/
/* Checkpoints                                                                */
/*===----------------------------------------------------------------------===*/

/* Saves `num_tensors` tensors of the model `model_name` to `path`. `data[i]`
 * points at the values of `tensors[i]` (native byte order; it may be NULL
 * when the tensor has no elements); only the name, dtype and shape of each
 * descriptor are stored.
 *
 * The save is crash-safe: the checkpoint is written to a fresh temporary
 * file `<path>.tmp.<id>.<n>` in the same directory, flushed and synced to
 * disk, then renamed over `path`. `path` therefore holds either its old
 * contents or the complete new checkpoint, never a partial one; on error the
 * temporary file is removed.
 *
 * Returns NNCC_OK; NNCC_ERR_INVALID_ARGUMENT for NULL pointers, a negative
 * count, an invalid descriptor, a NULL data pointer with elements, or a
 * name longer than NNCC_MAX_NAME_LENGTH; NNCC_ERR_OUT_OF_MEMORY; NNCC_ERR_IO
 * when the file cannot be created, written, synced or renamed. */
int nncc_checkpoint_save(const char *path, const char *model_name,
                         int32_t num_tensors, const nncc_tensor_desc *tensors,
                         const void *const *data);

/* Loads the checkpoint at `path` into `data[i]` (tensors[i]->num_elements
 * values of tensors[i]->dtype each, native byte order).
 *
 * The whole file is validated BEFORE any byte of data[] is written: on error
 * every destination buffer is left untouched. The checks, in this order:
 *   cannot open or read the file                 -> NNCC_ERR_IO
 *   it does not start with the 8-byte magic      -> NNCC_ERR_NOT_A_CHECKPOINT
 *   version other than 1, or nonzero flags       -> NNCC_ERR_VERSION
 *   it ends before its header says it should     -> NNCC_ERR_TRUNCATED
 *   bad CRC-32, malformed fields, trailing bytes -> NNCC_ERR_CHECKSUM
 *   another model name, tensor count or list of
 *   tensor names (compared in order)             -> NNCC_ERR_WRONG_MODEL
 *   same names, but another dtype or shape       -> NNCC_ERR_WRONG_SHAPE
 * Bad arguments (as for nncc_checkpoint_save) give NNCC_ERR_INVALID_ARGUMENT.
 *
 * The file is read twice (validate, then copy) through one open handle, so
 * the check also holds while another process replaces `path` with
 * nncc_checkpoint_save(). Only if the file is rewritten in place between the
 * two passes, or a read fails in the second pass, can an error be returned
 * after data[] was partly written. */
int nncc_checkpoint_load(const char *path, const char *model_name,
                         int32_t num_tensors, const nncc_tensor_desc *tensors,
                         void *const *data);

/*===----------------------------------------------------------------------===*/
/* Errors                                                                     */
/*===----------------------------------------------------------------------===*/

/* A static, human-readable description of `status`; never NULL. Statuses not
 * in `enum nncc_status` give "unknown error". */
const char *nncc_status_string(int status);

/*===----------------------------------------------------------------------===
 * Threads
 *
 * Each model instance owns a pool of POSIX threads. The compiled code outlines
 * every parallel loop nest into a body over a range of its iterations and runs
 * it with nncc_parallel_for: the calling thread and the workers each run
 * their own contiguous share of chunks of the iterations, then take chunks
 * left in the others' shares. Every iteration writes its own outputs in a
 * fixed order whatever range it runs in, so results are bitwise the same for
 * any number of threads and any claiming order.
 *===----------------------------------------------------------------------===*/

enum { NNCC_MAX_THREADS = 256 };

/* nncc_thread_pool is declared with nncc_init_tensor_parallel() above. */
/* Runs iterations [begin, end) of an outlined parallel loop. */
typedef void (*nncc_parallel_body)(void *ctx, int64_t begin, int64_t end);

/* NNCC_NUM_THREADS from the environment when it is a number in
   [1, NNCC_MAX_THREADS], else the number of online processors. */
int32_t nncc_default_num_threads(void);
/* A pool of `num_threads` threads in all (the caller is one of them; 1 starts
   no thread); NULL when out of range or threads cannot be started. */
nncc_thread_pool *nncc_thread_pool_create(int32_t num_threads);
void nncc_thread_pool_destroy(nncc_thread_pool *pool); /* NULL is allowed */
int32_t nncc_thread_pool_size(const nncc_thread_pool *pool); /* NULL: 1 */
/* body(ctx, begin, end) over chunks of [0, iterations); returns when all are
   done. A NULL pool runs everything on the calling thread. Not reentrant: a
   body must not call it on the same pool. */
void nncc_parallel_for(nncc_thread_pool *pool, nncc_parallel_body body,
                       void *ctx, int64_t iterations);

/*===----------------------------------------------------------------------===
 * Model instances
 *
 * The generated C API of a model (NAME_create, NAME_predict, ...) is a thin
 * layer over these functions and a descriptor the compiler emits. One
 * instance is one allocation: a header, the parameter pointers, every
 * parameter (64-byte aligned) and the workspace the compiled code needs;
 * its thread pool (nncc_default_num_threads() threads) is started with it.
 * Predict and training never allocate. An instance must not be used by two
 * threads at once (the workspace is per instance); distinct instances are
 * independent.
 *===----------------------------------------------------------------------===*/

/* The compiled entry points. `tensors` holds every tensor of the instance
   (the parameters, then the optimizer state); `grads` one gradient buffer
   per parameter (NULL for non-trainable ones); `pool` runs the parallel
   loops. */
typedef void (*nncc_predict_fn)(void *const *tensors, const void *input,
                                void *output, void *workspace,
                                nncc_thread_pool *pool);
typedef void (*nncc_compute_gradients_fn)(void *const *tensors,
                                          void *const *grads, const void *input,
                                          const void *labels, void *loss,
                                          void *workspace,
                                          nncc_thread_pool *pool);
typedef void (*nncc_apply_gradients_fn)(void *const *tensors,
                                        void *const *grads, void *workspace,
                                        nncc_thread_pool *pool);

typedef struct nncc_model_desc {
  const char *name;                /* the model's name (checkpoints check it) */
  int32_t num_params;              /* parameters the API lists: tensors[0..) */
  int32_t num_tensors;             /* parameters + optimizer state */
  const nncc_tensor_desc *tensors; /* declaration order; all are saved */
  int64_t workspace_bytes;         /* scratch memory of the compiled code */
  nncc_predict_fn predict;
  /* Training; all NULL for a model without nn.train_config. */
  nncc_compute_gradients_fn compute_gradients;
  nncc_apply_gradients_fn apply_gradients;
  int32_t learning_rate_index; /* tensor holding the rate, or -1 */
  int32_t scalar_dtype;        /* of input, output, float labels and loss */
  /* Sparse labels: label_count int32 class indices per batch, each checked
     to lie in [0, num_classes); num_classes is 0 for float labels. */
  int64_t label_count;
  int32_t num_classes;
  /* nncc --check-numerics: a training call whose loss, gradients or new
     state is not finite returns NNCC_ERR_NON_FINITE and restores what it
     wrote from a backup of the tensors in the instance. */
  int32_t check_numerics;
} nncc_model_desc;

typedef struct nncc_model nncc_model;

/* Bytes one instance of the model occupies (its single allocation). */
int64_t nncc_model_instance_bytes(const nncc_model_desc *desc);
/* A new instance with parameters drawn by their initializers from `seed`;
   NULL when memory, threads or an initializer fail. */
nncc_model *nncc_model_create(const nncc_model_desc *desc, uint64_t seed);
void nncc_model_destroy(nncc_model *model); /* NULL is allowed */
int nncc_model_predict(nncc_model *model, const void *input, void *output);
int nncc_model_save(const nncc_model *model, const char *path);
int nncc_model_load(nncc_model *model, const char *path);
int32_t nncc_model_num_params(const nncc_model_desc *desc);
/* Parameter i's name, rank and shape; NULL, -1 and NULL when i is out of
   range. */
const char *nncc_model_param_name(const nncc_model_desc *desc, int32_t i);
int32_t nncc_model_param_rank(const nncc_model_desc *desc, int32_t i);
const int64_t *nncc_model_param_shape(const nncc_model_desc *desc, int32_t i);
/* Parameter i's values (row-major, writable), or NULL. */
void *nncc_model_param_data(nncc_model *model, int32_t i);
/* Runs the instance on `num_threads` threads (1..NNCC_MAX_THREADS) from now
   on; results do not change. NNCC_ERR_INVALID_ARGUMENT when out of range,
   NNCC_ERR_OUT_OF_MEMORY when threads cannot be started (the old pool
   stays). */
int nncc_model_set_num_threads(nncc_model *model, int32_t num_threads);
int32_t nncc_model_num_threads(const nncc_model *model); /* 0 for NULL */

/* Training. NNCC_ERR_INVALID_ARGUMENT for a model without training. A
   training step is compute_gradients then apply_gradients.
   NNCC_ERR_BAD_LABEL, before anything runs, for a sparse label outside
   [0, num_classes). With check_numerics, NNCC_ERR_NON_FINITE when the loss,
   a gradient, a step-updated state tensor (compute_gradients) or an updated
   parameter or optimizer state (apply_gradients) is a NaN or an infinity:
   every tensor of the instance is then as before the call (a train step's
   is as before the step); the loss and the gradients show what was found. */
int nncc_model_train_step(nncc_model *model, const void *input,
                          const void *labels, void *loss);
int nncc_model_compute_gradients(nncc_model *model, const void *input,
                                 const void *labels, void *loss);
int nncc_model_apply_gradients(nncc_model *model);
/* The gradient of parameter i from the last compute_gradients, or NULL
   (out of range, non-trainable, or no training). */
void *nncc_model_grad_data(nncc_model *model, int32_t i);
int nncc_model_set_learning_rate(nncc_model *model, double learning_rate);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNCC_RUNTIME_NNCC_RUNTIME_H */
