/*===- TestThreadPool.c - unit tests of the thread pool -------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The thread pool of ThreadPool.c: every iteration runs exactly once, the
 * workers take part, back-to-back jobs and jobs after the workers went to
 * sleep are all run, and the limits (0 or too many threads, a NULL pool
 * running on the caller) hold.
 */

#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include "TestHarness.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

enum { MAX_ITERATIONS = 1000 };

typedef struct {
  int visits[MAX_ITERATIONS];
  pthread_t runner[MAX_ITERATIONS];
} Record;

static void recordBody(void *ctx, int64_t begin, int64_t end) {
  Record *record = (Record *)ctx;
  for (int64_t i = begin; i < end; ++i) {
    ++record->visits[i];
    record->runner[i] = pthread_self();
  }
}

/* Every iteration runs exactly once, for any thread count and size. */
static void testEveryIterationOnce(void) {
  static Record record;
  const int64_t sizes[] = {0, 1, 2, 3, 7, 64, MAX_ITERATIONS};
  for (int32_t threads = 1; threads <= 5; ++threads) {
    nncc_thread_pool *pool = nncc_thread_pool_create(threads);
    CHECK(pool != NULL);
    CHECK(nncc_thread_pool_size(pool) == threads);
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; ++s) {
      memset(record.visits, 0, sizeof record.visits);
      nncc_parallel_for(pool, recordBody, &record, sizes[s]);
      int wrong = 0;
      for (int64_t i = 0; i < MAX_ITERATIONS; ++i)
        wrong += record.visits[i] != (i < sizes[s] ? 1 : 0);
      CHECK(wrong == 0);
    }
    nncc_thread_pool_destroy(pool);
  }
}

/* The caller runs the first share and a worker the last. */
static void testWorkersRun(void) {
  static Record record;
  nncc_thread_pool *pool = nncc_thread_pool_create(2);
  CHECK(pool != NULL);
  nncc_parallel_for(pool, recordBody, &record, 2);
  CHECK(pthread_equal(record.runner[0], pthread_self()));
  CHECK(!pthread_equal(record.runner[1], pthread_self()));
  nncc_thread_pool_destroy(pool);
}

static void sumBody(void *ctx, int64_t begin, int64_t end) {
  int64_t *partial = (int64_t *)ctx;
  for (int64_t i = begin; i < end; ++i)
    partial[i] += i;
}

/* Back-to-back jobs (workers spinning), then jobs after the workers went to
   sleep: none is lost. */
static void testManyJobsAndSleep(void) {
  static int64_t values[64];
  memset(values, 0, sizeof values);
  nncc_thread_pool *pool = nncc_thread_pool_create(3);
  CHECK(pool != NULL);
  for (int job = 0; job < 20000; ++job)
    nncc_parallel_for(pool, sumBody, values, 64);
  for (int job = 0; job < 3; ++job) {
    struct timespec pause = {0, 30 * 1000 * 1000}; /* past the spin */
    nanosleep(&pause, NULL);
    nncc_parallel_for(pool, sumBody, values, 64);
  }
  int wrong = 0;
  for (int64_t i = 0; i < 64; ++i)
    wrong += values[i] != 20003 * i;
  CHECK(wrong == 0);
  nncc_thread_pool_destroy(pool);
}

static void testLimits(void) {
  CHECK(nncc_thread_pool_create(0) == NULL);
  CHECK(nncc_thread_pool_create(NNCC_MAX_THREADS + 1) == NULL);
  CHECK(nncc_thread_pool_size(NULL) == 1);
  int64_t values[4] = {0, 0, 0, 0};
  nncc_parallel_for(NULL, sumBody, values, 4); /* runs on the caller */
  CHECK(values[3] == 3);
  nncc_thread_pool_destroy(NULL);
  int32_t threads = nncc_default_num_threads();
  CHECK(threads >= 1 && threads <= NNCC_MAX_THREADS);
}

const TestCase threadPoolTests[] = {
    {"thread_pool.every_iteration_once", testEveryIterationOnce},
    {"thread_pool.workers_run", testWorkersRun},
    {"thread_pool.many_jobs_and_sleep", testManyJobsAndSleep},
    {"thread_pool.limits", testLimits},
};
const size_t numThreadPoolTests =
    sizeof threadPoolTests / sizeof *threadPoolTests;
