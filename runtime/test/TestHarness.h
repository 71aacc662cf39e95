/*===- TestHarness.h - nncc runtime unit test harness -------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * A minimal harness for the runtime's C unit tests: each test is a function
 * run by TestMain.c; CHECK records a failed condition with its location, and
 * a test passes when none of its checks failed.
 */
/*===----------------------------------------------------------------------===*/

#ifndef NNCC_RUNTIME_TEST_HARNESS_H
#define NNCC_RUNTIME_TEST_HARNESS_H

#include "nncc/Runtime/nncc_runtime.h"

#include <stddef.h>

typedef struct TestCase {
  const char *name;
  void (*run)(void);
} TestCase;

/* Records a failure of the running test. */
void testFail(const char *file, int line, const char *what);
/* Records a failure when `actual` != `expected`, printing both statuses. */
void testCheckStatus(const char *file, int line, const char *expr, int actual,
                     int expected);
/* A fresh directory for the running process's files, removed at the end. */
const char *testDirectory(void);
/* testDirectory() + "/" + name in a static buffer of the caller's choice. */
void testPath(char *out, size_t size, const char *name);

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      testFail(__FILE__, __LINE__, #cond);                                     \
  } while (0)

#define CHECK_STATUS(expr, expected)                                           \
  testCheckStatus(__FILE__, __LINE__, #expr, (expr), (expected))

/* The suites, defined by the Test*.c files. */
extern const TestCase portableTests[];
extern const size_t numPortableTests;
extern const TestCase initializerTests[];
extern const size_t numInitializerTests;
extern const TestCase checkpointTests[];
extern const size_t numCheckpointTests;
extern const TestCase threadPoolTests[];
extern const size_t numThreadPoolTests;
extern const TestCase instanceLayoutTests[];
extern const size_t numInstanceLayoutTests;
extern const TestCase numericsTests[];
extern const size_t numNumericsTests;

#endif /* NNCC_RUNTIME_TEST_HARNESS_H */
