/*===- ThreadPool.c - the worker threads of a model instance -------*- C -*-===*
 *
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * A fork-join pool on POSIX threads (in libc since glibc 2.34: a model
 * object still links with `cc app.c model.o -lm`). The compiled code
 * outlines each parallel loop nest into `body(ctx, begin, end)` and calls
 * nncc_parallel_for.
 *
 * Shares and chunks: a job's iterations are cut into up to
 * NNCC_CHUNKS_PER_THREAD contiguous chunks per thread, and each thread owns
 * one contiguous share of them (the caller the first). A thread runs its
 * own share front to back, then takes chunks from the back of the others'
 * shares until none is left. With every thread on a core each runs its own
 * share (the same memory job after job); a thread that lost its core to
 * another process holds up only the chunk it is running, and one that
 * wakes up late finds its share done. Every iteration writes its own
 * outputs in a fixed order whatever range it runs in, so results are
 * bitwise the same for any number of threads and any claiming order.
 *
 * Claims: each share's word packs the job's ticket (32 bits) and the front
 * and back of the chunks left (16 bits each: at most 256 threads x 4
 * chunks). A claim is a compare-and-swap that requires the job's ticket
 * and a chunk left, so a worker that wakes up late cannot take a chunk of a
 * later job (short of 2^32 jobs passing between its read and its swap).
 * A successful claim reads from the caller's store of the share's word
 * (seq_cst, through the release sequence of the swaps after it), so the
 * job's fields, written before that store, are read without a race, and
 * they cannot change before the claimed chunk is finished.
 *
 * Waiting: the compiled code issues many short jobs back to back, so a
 * waiting thread spins before it sleeps on a condition variable: a worker
 * for up to NNCC_WORKER_SPIN_NS after each job, the caller for up to
 * NNCC_JOIN_SPIN_NS for the chunks still running. After the first
 * NNCC_PURE_SPIN_NS a spinning thread yields its core at every clock read:
 * on an idle machine the yield returns at once, but when another process
 * (or the caller) waits for the core it runs now, not after the spinner's
 * time slice. bench/load.py measures this with a competing busy process.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "nncc/Runtime/nncc_runtime.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
  NNCC_CHUNKS_PER_THREAD = 4,
  /* Spinning: pause only for the first NNCC_PURE_SPIN_NS, then yield the
     core at every clock read, for NNCC_WORKER_SPIN_NS (a worker between
     jobs) or NNCC_JOIN_SPIN_NS (the caller waiting for running chunks);
     then sleep. */
  NNCC_PURE_SPIN_NS = 5 * 1000,
  NNCC_WORKER_SPIN_NS = 1000 * 1000,
  NNCC_JOIN_SPIN_NS = 200 * 1000,
  NNCC_PAUSES_PER_CLOCK_READ = 64, /* about 1 to 10 us */
};

struct worker {
  pthread_t thread;
  nncc_thread_pool *pool;
  int32_t index; /* its share; the caller's is 0 */
};

struct nncc_thread_pool {
  int32_t num_threads;    /* workers + the calling thread */
  struct worker *workers; /* num_threads - 1 of them */

  /* The current job; written by the caller before the shares' words take
     its ticket. The fields the caller writes and those every thread
     updates live on separate cache lines. */
  _Alignas(64) nncc_parallel_body body;
  void *ctx;
  int64_t iterations;
  int64_t chunks;

  _Alignas(64) _Atomic int64_t finished; /* chunks of the job done */
  _Alignas(64) _Atomic uint64_t tickets; /* bumped per job and at shutdown */
  _Atomic int32_t shutdown;
  _Alignas(64) _Atomic int32_t sleepers; /* workers blocked on `wake` */
  _Atomic int32_t caller_sleeps;         /* the caller blocked on `joined` */
  pthread_mutex_t mutex;
  pthread_cond_t wake;
  pthread_cond_t joined;
  struct {
    _Alignas(64) _Atomic uint64_t word; /* see pack_slot */
  } slots[];                            /* one share per thread */
};

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Spins until `done(pool, arg)` holds or about `budget_ns` have passed;
   returns whether it holds. A yield costs a system call but lets a thread
   that waits for this core (the caller, or another process) run at once
   instead of after this thread's time slice. */
typedef int (*spin_condition)(nncc_thread_pool *pool, uint64_t arg);
static int spin_until(nncc_thread_pool *pool, spin_condition done, uint64_t arg,
                      int64_t budget_ns) {
  int64_t start = now_ns(), now = start;
  for (;;) {
    for (int i = 0; i < NNCC_PAUSES_PER_CLOCK_READ; ++i) {
      if (done(pool, arg))
        return 1;
      cpu_relax();
    }
    if (now - start >= NNCC_PURE_SPIN_NS)
      sched_yield();
    now = now_ns();
    if (now - start >= budget_ns)
      return done(pool, arg);
  }
}

static void signal_locked(nncc_thread_pool *pool, pthread_cond_t *cond) {
  pthread_mutex_lock(&pool->mutex);
  pthread_cond_broadcast(cond);
  pthread_mutex_unlock(&pool->mutex);
}

/* A slot's word: the job's ticket, then the front and the back (exclusive)
   of the chunks left in the share. */
static uint64_t pack_slot(uint32_t ticket, int64_t front, int64_t back) {
  return (uint64_t)ticket << 32 | (uint64_t)front << 16 | (uint64_t)back;
}

/* Claims one chunk of `slot` for the job with `ticket`: its front chunk
   for the share's owner, its back chunk for a thief. Returns the chunk, or
   -1 when the share is empty or belongs to another job. */
static int64_t claim_chunk(_Atomic uint64_t *slot, uint32_t ticket, int owner) {
  uint64_t seen = atomic_load(slot);
  for (;;) {
    int64_t front = (int64_t)(seen >> 16 & 0xffff);
    int64_t back = (int64_t)(seen & 0xffff);
    if ((uint32_t)(seen >> 32) != ticket || front >= back)
      return -1;
    uint64_t next = owner ? pack_slot(ticket, front + 1, back)
                          : pack_slot(ticket, front, back - 1);
    if (atomic_compare_exchange_weak(slot, &seen, next))
      return owner ? front : back - 1;
  }
}

/* Runs `chunk` of the current job. The last chunk to finish wakes a
   sleeping caller (the seq_cst increment of `finished` before reading
   `caller_sleeps` pairs with the caller's store of `caller_sleeps` before
   it re-reads `finished`: one of the two sees the other). */
static void run_chunk(nncc_thread_pool *pool, int64_t chunk) {
  int64_t n = pool->iterations, chunks = pool->chunks;
  pool->body(pool->ctx, n * chunk / chunks, n * (chunk + 1) / chunks);
  if (atomic_fetch_add(&pool->finished, 1) + 1 == chunks &&
      atomic_load(&pool->caller_sleeps))
    signal_locked(pool, &pool->joined);
}

/* Thread `index` runs its own share front to back, then takes chunks from
   the back of the other shares, until every share of the job with
   `ticket` is empty. A successful claim means a chunk of the job is not
   done, so the job's fields are stable when run_chunk reads them. */
static void run_job(nncc_thread_pool *pool, int32_t index, uint32_t ticket) {
  int32_t threads = pool->num_threads;
  for (int32_t k = 0; k < threads; ++k) {
    int32_t victim = (index + k) % threads;
    int64_t chunk;
    while ((chunk = claim_chunk(&pool->slots[victim].word, ticket, k == 0)) >=
           0)
      run_chunk(pool, chunk);
  }
}

static int ticket_moved(nncc_thread_pool *pool, uint64_t seen) {
  return atomic_load(&pool->tickets) != seen;
}

/* Waits until `tickets` moves past `seen`: spinning, then asleep. The
   worker's increment of `sleepers` before it re-reads `tickets` pairs with
   publish's bump of `tickets` before it reads `sleepers`. */
static uint64_t wait_for_job(nncc_thread_pool *pool, uint64_t seen) {
  if (!spin_until(pool, ticket_moved, seen, NNCC_WORKER_SPIN_NS)) {
    pthread_mutex_lock(&pool->mutex);
    atomic_fetch_add(&pool->sleepers, 1);
    while (atomic_load(&pool->tickets) == seen)
      pthread_cond_wait(&pool->wake, &pool->mutex);
    atomic_fetch_sub(&pool->sleepers, 1);
    pthread_mutex_unlock(&pool->mutex);
  }
  return atomic_load(&pool->tickets);
}

static void *worker_main(void *raw) {
  struct worker *self = (struct worker *)raw;
  nncc_thread_pool *pool = self->pool;
  uint64_t seen = 0;
  for (;;) {
    seen = wait_for_job(pool, seen);
    if (atomic_load(&pool->shutdown))
      return NULL;
    run_job(pool, self->index, (uint32_t)seen);
  }
}

/* Moves `tickets` on and wakes the sleeping workers. */
static void publish(nncc_thread_pool *pool) {
  atomic_fetch_add(&pool->tickets, 1);
  if (atomic_load(&pool->sleepers) > 0)
    signal_locked(pool, &pool->wake);
}

static void stop_workers(nncc_thread_pool *pool, int32_t started) {
  atomic_store(&pool->shutdown, 1);
  publish(pool);
  for (int32_t i = 0; i < started; ++i)
    pthread_join(pool->workers[i].thread, NULL);
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

static void destroy_sync(nncc_thread_pool *pool, int conds) {
  if (conds > 1)
    pthread_cond_destroy(&pool->joined);
  if (conds > 0)
    pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
}

nncc_thread_pool *nncc_thread_pool_create(int32_t num_threads) {
  if (num_threads < 1 || num_threads > NNCC_MAX_THREADS)
    return NULL;
  size_t bytes =
      sizeof(nncc_thread_pool) +
      (size_t)num_threads * sizeof(((nncc_thread_pool *)0)->slots[0]);
  bytes = (bytes + 63) / 64 * 64; /* aligned_alloc takes multiples */
  nncc_thread_pool *pool = (nncc_thread_pool *)aligned_alloc(64, bytes);
  if (!pool)
    return NULL;
  memset(pool, 0, bytes);
  pool->num_threads = num_threads;
  if (num_threads == 1)
    return pool;
  pool->workers =
      (struct worker *)calloc((size_t)num_threads - 1, sizeof(struct worker));
  if (!pool->workers || pthread_mutex_init(&pool->mutex, NULL) != 0) {
    free(pool->workers);
    free(pool);
    return NULL;
  }
  int conds = pthread_cond_init(&pool->wake, NULL) == 0;
  conds += conds && pthread_cond_init(&pool->joined, NULL) == 0;
  if (conds < 2) {
    destroy_sync(pool, conds);
    free(pool->workers);
    free(pool);
    return NULL;
  }
  for (int32_t i = 0; i + 1 < num_threads; ++i) {
    struct worker *worker = &pool->workers[i];
    worker->pool = pool;
    worker->index = i + 1;
    if (pthread_create(&worker->thread, NULL, worker_main, worker)) {
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
    destroy_sync(pool, 2);
    free(pool->workers);
  }
  free(pool);
}

int32_t nncc_thread_pool_size(const nncc_thread_pool *pool) {
  return pool ? pool->num_threads : 1;
}

static int job_finished(nncc_thread_pool *pool, uint64_t chunks) {
  return atomic_load(&pool->finished) == (int64_t)chunks;
}

void nncc_parallel_for(nncc_thread_pool *pool, nncc_parallel_body body,
                       void *ctx, int64_t iterations) {
  if (iterations <= 0)
    return;
  if (!pool || pool->num_threads == 1 || iterations == 1) {
    body(ctx, 0, iterations);
    return;
  }
  int64_t chunks = (int64_t)pool->num_threads * NNCC_CHUNKS_PER_THREAD;
  if (chunks > iterations)
    chunks = iterations;
  pool->body = body;
  pool->ctx = ctx;
  pool->iterations = iterations;
  pool->chunks = chunks;
  atomic_store(&pool->finished, 0);
  uint32_t ticket = (uint32_t)atomic_load(&pool->tickets) + 1;
  int32_t threads = pool->num_threads;
  for (int32_t i = 0; i < threads; ++i)
    atomic_store(&pool->slots[i].word, pack_slot(ticket, chunks * i / threads,
                                                 chunks * (i + 1) / threads));
  publish(pool); /* `tickets` becomes `ticket` */
  run_job(pool, 0, ticket);
  if (spin_until(pool, job_finished, (uint64_t)chunks, NNCC_JOIN_SPIN_NS))
    return;
  pthread_mutex_lock(&pool->mutex);
  atomic_store(&pool->caller_sleeps, 1);
  while (atomic_load(&pool->finished) != chunks)
    pthread_cond_wait(&pool->joined, &pool->mutex);
  atomic_store(&pool->caller_sleeps, 0);
  pthread_mutex_unlock(&pool->mutex);
}
