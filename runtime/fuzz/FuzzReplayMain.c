/*===- FuzzReplayMain.c - a fuzz target without libFuzzer ---------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Runs LLVMFuzzerTestOneInput once per file named on the command line (the
 * regression corpus), or with `--write-seed PATH` writes the target's seed
 * input. A crash or an abort() of the target fails the run; otherwise it
 * prints how many inputs ran and exits 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);
int nncc_fuzz_write_seed(const char *path);

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "--write-seed"))
    return nncc_fuzz_write_seed(argv[2]) != 0;
  for (int i = 1; i < argc; ++i) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      fprintf(stderr, "cannot open %s\n", argv[i]);
      return 2;
    }
    size_t capacity = 1 << 16, size = 0, n;
    uint8_t *bytes = malloc(capacity);
    while (bytes && (n = fread(bytes + size, 1, capacity - size, f)) > 0)
      if ((size += n) == capacity)
        bytes = realloc(bytes, capacity *= 2);
    fclose(f);
    if (!bytes) {
      fprintf(stderr, "out of memory\n");
      return 2;
    }
    LLVMFuzzerTestOneInput(bytes, size);
    free(bytes);
  }
  printf("%d inputs ran\n", argc - 1);
  return 0;
}
