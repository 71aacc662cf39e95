/*===- TestThreadPool.c - unit tests of the thread pool -------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * The thread pool of ThreadPool.c: every iteration runs exactly once, the
 * workers take part, a stalled thread holds up only the chunk it runs (the
 * others take the rest of its share), back-to-back jobs of changing sizes
 * and jobs after the workers went to sleep are all run, and the limits (0
 * or too many threads, a NULL pool running on the caller) hold. Waits in
 * the bodies have a deadline, so a broken pool fails a check instead of
 * hanging.
 */

#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include "TestHarness.h"

#include <pthread.h>
#include <stdatomic.h>
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

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Waits (up to 10 s) until `*flag` reaches `value`; returns whether it did. */
static int awaitAtLeast(atomic_int *flag, int value) {
  double deadline = seconds() + 10;
  while (atomic_load(flag) < value)
    if (seconds() > deadline)
      return 0;
  return 1;
}

typedef struct {
  pthread_t caller;
  atomic_int workerStarted, doneByCaller, stalls, timeouts;
  int visits[64];
} Stall;

/* The caller's first iteration waits until a worker runs something; the
   first range a worker runs waits until the caller has run 3/4 of the job,
   more than its own share. Only a pool whose caller takes the rest of the
   stalled worker's share gets there (else the worker waits out the
   deadline). */
static void stallBody(void *ctx, int64_t begin, int64_t end) {
  Stall *stall = (Stall *)ctx;
  int onCaller = pthread_equal(pthread_self(), stall->caller);
  if (!onCaller)
    atomic_store(&stall->workerStarted, 1);
  if (onCaller && begin == 0 && !awaitAtLeast(&stall->workerStarted, 1))
    atomic_fetch_add(&stall->timeouts, 1);
  if (!onCaller && atomic_fetch_add(&stall->stalls, 1) == 0 &&
      !awaitAtLeast(&stall->doneByCaller, 48))
    atomic_fetch_add(&stall->timeouts, 1);
  for (int64_t i = begin; i < end; ++i)
    ++stall->visits[i];
  if (onCaller)
    atomic_fetch_add(&stall->doneByCaller, (int)(end - begin));
}

/* A worker takes part, and while it stalls the caller runs the rest. */
static void testStalledWorker(void) {
  static Stall stall;
  memset(&stall, 0, sizeof stall);
  stall.caller = pthread_self();
  nncc_thread_pool *pool = nncc_thread_pool_create(2);
  CHECK(pool != NULL);
  nncc_parallel_for(pool, stallBody, &stall, 64);
  CHECK(atomic_load(&stall.timeouts) == 0);
  int wrong = 0;
  for (int i = 0; i < 64; ++i)
    wrong += stall.visits[i] != 1;
  CHECK(wrong == 0);
  nncc_thread_pool_destroy(pool);
}

static void sumBody(void *ctx, int64_t begin, int64_t end) {
  int64_t *partial = (int64_t *)ctx;
  for (int64_t i = begin; i < end; ++i)
    partial[i] += i;
}

static void doubleBody(void *ctx, int64_t begin, int64_t end) {
  int64_t *partial = (int64_t *)ctx;
  for (int64_t i = begin; i < end; ++i)
    partial[i] += 2 * i;
}

/* Back-to-back jobs of changing sizes, bodies and contexts (workers
   spinning, some late for a job), then jobs after the workers went to
   sleep: each iteration of each job runs once, with its own job's body. */
static void testManyJobsAndSleep(void) {
  static int64_t values[64], others[300];
  memset(values, 0, sizeof values);
  memset(others, 0, sizeof others);
  nncc_thread_pool *pool = nncc_thread_pool_create(3);
  CHECK(pool != NULL);
  for (int job = 0; job < 20000; ++job) {
    nncc_parallel_for(pool, sumBody, values, 64);
    nncc_parallel_for(pool, doubleBody, others, 1 + job % 300);
  }
  int64_t wrongOthers = 0;
  for (int64_t i = 0; i < 300; ++i) {
    int64_t jobs = 0; /* the jobs with more than i iterations */
    for (int job = 0; job < 20000; ++job)
      jobs += 1 + job % 300 > i;
    wrongOthers += others[i] != 2 * i * jobs;
  }
  CHECK(wrongOthers == 0);
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
    {"thread_pool.stalled_worker", testStalledWorker},
    {"thread_pool.many_jobs_and_sleep", testManyJobsAndSleep},
    {"thread_pool.limits", testLimits},
};
const size_t numThreadPoolTests =
    sizeof threadPoolTests / sizeof *threadPoolTests;
