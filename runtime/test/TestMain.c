/*===- TestMain.c - nncc runtime unit test driver -------------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Runs every suite, prints each failed check, and ends with the line
 * "N passed, N failed" (tests, not checks); exits non-zero on any failure.
 */
/*===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include "TestHarness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int currentFailures;
static const char *currentTest;
static char directory[] = "/tmp/nncc-runtime-test.XXXXXX";

void testFail(const char *file, int line, const char *what) {
  ++currentFailures;
  printf("  FAIL %s: %s:%d: %s\n", currentTest, file, line, what);
}

void testCheckStatus(const char *file, int line, const char *expr, int actual,
                     int expected) {
  if (actual == expected)
    return;
  ++currentFailures;
  printf("  FAIL %s: %s:%d: %s is %d (%s), expected %d (%s)\n", currentTest,
         file, line, expr, actual, nncc_status_string(actual), expected,
         nncc_status_string(expected));
}

const char *testDirectory(void) { return directory; }

void testPath(char *out, size_t size, const char *name) {
  snprintf(out, size, "%s/%s", directory, name);
}

static void runSuite(const TestCase *tests, size_t count, int *passed,
                     int *failed) {
  for (size_t i = 0; i < count; ++i) {
    currentTest = tests[i].name;
    currentFailures = 0;
    tests[i].run();
    if (currentFailures == 0) {
      ++*passed;
      printf("  ok   %s\n", tests[i].name);
    } else {
      ++*failed;
    }
  }
}

int main(void) {
  if (!mkdtemp(directory)) {
    perror("mkdtemp");
    return 2;
  }
  int passed = 0, failed = 0;
  runSuite(portableTests, numPortableTests, &passed, &failed);
  runSuite(initializerTests, numInitializerTests, &passed, &failed);
  runSuite(checkpointTests, numCheckpointTests, &passed, &failed);
  runSuite(threadPoolTests, numThreadPoolTests, &passed, &failed);
  runSuite(instanceLayoutTests, numInstanceLayoutTests, &passed, &failed);
  runSuite(numericsTests, numNumericsTests, &passed, &failed);
  if (rmdir(directory) != 0) {
    printf("  FAIL: files left behind in %s\n", directory);
    ++failed;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
