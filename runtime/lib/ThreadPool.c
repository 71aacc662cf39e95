/*===- ThreadPool.c - the worker threads of a model instance -------*- C -*-===*
 *
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * A fork-join pool on POSIX threads (in libc since glibc 2.34: a model
 * object still links with `cc app.c model.o -lm`). The compiled code
 * outlines each parallel loop nest into `body(ctx, begin, end)` and calls
 * nncc_parallel_for; the calling thread runs the first share of the
 * iterations and the workers the others, in fixed contiguous shares. Every
 * iteration writes its own outputs in a fixed order, so results are bitwise
 * the same for any number of threads.
 *
 * The compiled code issues many short parallel loops back to back, so the
 * workers spin for a while after each job before they sleep on a condition
 * variable; a sleeping pool costs no CPU.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "nncc/Runtime/nncc_runtime.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Spin iterations (each a pause instruction, ~40 ns) before a worker
   sleeps: about 1 ms. */
enum { NNCC_SPIN_ITERATIONS = 1 << 15 };

struct nncc_thread_pool {
  int32_t num_threads; /* workers + the calling thread */
  pthread_t *workers;  /* num_threads - 1 of them */

  /* The current job; written by the caller before `generation` moves. The
     fields the caller writes, the ones it polls and the ones the workers
     poll live on separate cache lines, so a dispatch moves few lines. */
  _Alignas(64) nncc_parallel_body body;
  void *ctx;
  int64_t iterations;

  _Alignas(64) _Atomic uint64_t generation; /* bumped once per job and at
                                               shutdown */
  _Atomic int32_t shutdown;
  _Alignas(64) _Atomic int32_t pending;  /* workers still on the current job */
  _Alignas(64) _Atomic int32_t sleepers; /* workers blocked on `wake` */
  pthread_mutex_t mutex;
  pthread_cond_t wake;
};

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Thread `index` of `threads` runs iterations [begin, end). */
static void run_share(nncc_thread_pool *pool, int32_t index) {
  int64_t n = pool->iterations, threads = pool->num_threads;
  int64_t begin = n * index / threads, end = n * (index + 1) / threads;
  if (begin < end)
    pool->body(pool->ctx, begin, end);
}

typedef struct {
  nncc_thread_pool *pool;
  int32_t index;
} worker_arg;

static uint64_t wait_for_job(nncc_thread_pool *pool, uint64_t seen) {
  for (int i = 0; i < NNCC_SPIN_ITERATIONS; ++i) {
    uint64_t now = atomic_load(&pool->generation);
    if (now != seen)
      return now;
    cpu_relax();
  }
  pthread_mutex_lock(&pool->mutex);
  atomic_fetch_add(&pool->sleepers, 1);
  uint64_t now;
  while ((now = atomic_load(&pool->generation)) == seen)
    pthread_cond_wait(&pool->wake, &pool->mutex);
  atomic_fetch_sub(&pool->sleepers, 1);
  pthread_mutex_unlock(&pool->mutex);
  return now;
}

static void *worker_main(void *raw) {
  worker_arg arg = *(worker_arg *)raw;
  free(raw);
  nncc_thread_pool *pool = arg.pool;
  uint64_t seen = 0;
  for (;;) {
    seen = wait_for_job(pool, seen);
    if (atomic_load(&pool->shutdown))
      return NULL;
    run_share(pool, arg.index);
    atomic_fetch_sub(&pool->pending, 1);
  }
}

/* Publishes a new generation and wakes the sleeping workers. The seq_cst
   bump before reading `sleepers` pairs with a worker's increment of
   `sleepers` before it re-reads `generation`: one of the two sees the
   other, so no wake-up is lost. */
static void publish(nncc_thread_pool *pool) {
  atomic_fetch_add(&pool->generation, 1);
  if (atomic_load(&pool->sleepers) > 0) {
    pthread_mutex_lock(&pool->mutex);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
  }
}

static void stop_workers(nncc_thread_pool *pool, int32_t started) {
  atomic_store(&pool->shutdown, 1);
  publish(pool);
  for (int32_t i = 0; i < started; ++i)
    pthread_join(pool->workers[i], NULL);
}

int32_t nncc_default_num_threads(void) {
  const char *env = getenv("NNCC_NUM_THREADS");
  if (env && *env) {
    char *end;
    long n = strtol(env, &end, 10);
    if (*end == '\0' && n >= 1 && n <= NNCC_MAX_THREADS)
      return (int32_t)n;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1)
    return 1;
  return cores > NNCC_MAX_THREADS ? NNCC_MAX_THREADS : (int32_t)cores;
}

nncc_thread_pool *nncc_thread_pool_create(int32_t num_threads) {
  if (num_threads < 1 || num_threads > NNCC_MAX_THREADS)
    return NULL;
  nncc_thread_pool *pool =
      (nncc_thread_pool *)aligned_alloc(64, sizeof(nncc_thread_pool));
  if (!pool)
    return NULL;
  memset(pool, 0, sizeof(*pool));
  pool->num_threads = num_threads;
  if (num_threads == 1)
    return pool;
  pool->workers =
      (pthread_t *)calloc((size_t)num_threads - 1, sizeof(pthread_t));
  if (!pool->workers || pthread_mutex_init(&pool->mutex, NULL) != 0) {
    free(pool->workers);
    free(pool);
    return NULL;
  }
  if (pthread_cond_init(&pool->wake, NULL) != 0) {
    pthread_mutex_destroy(&pool->mutex);
    free(pool->workers);
    free(pool);
    return NULL;
  }
  for (int32_t i = 0; i + 1 < num_threads; ++i) {
    worker_arg *arg = (worker_arg *)malloc(sizeof(*arg));
    if (arg) {
      arg->pool = pool;
      arg->index = i + 1;
    }
    if (!arg || pthread_create(&pool->workers[i], NULL, worker_main, arg)) {
      free(arg);
      pool->num_threads = i + 1; /* the workers started so far */
      nncc_thread_pool_destroy(pool);
      return NULL;
    }
  }
  return pool;
}

void nncc_thread_pool_destroy(nncc_thread_pool *pool) {
  if (!pool)
    return;
  if (pool->workers) {
    stop_workers(pool, pool->num_threads - 1);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->mutex);
    free(pool->workers);
  }
  free(pool);
}

int32_t nncc_thread_pool_size(const nncc_thread_pool *pool) {
  return pool ? pool->num_threads : 1;
}

void nncc_parallel_for(nncc_thread_pool *pool, nncc_parallel_body body,
                       void *ctx, int64_t iterations) {
  if (iterations <= 0)
    return;
  if (!pool || pool->num_threads == 1 || iterations == 1) {
    body(ctx, 0, iterations);
    return;
  }
  pool->body = body;
  pool->ctx = ctx;
  pool->iterations = iterations;
  atomic_store(&pool->pending, pool->num_threads - 1);
  publish(pool);
  run_share(pool, 0);
  while (atomic_load(&pool->pending) != 0)
    cpu_relax();
}
