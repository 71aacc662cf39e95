/*===- TestCheckpoint.c - tests of checkpoint save and load ---------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Round trips for F32 and F64 (every bit pattern preserved), the exact bytes
 * of a small checkpoint, every load rejection with untouched destination
 * buffers, argument checks, and saves that must fail without leaving files.
 */
/*===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L /* mkdir, dirent, getpid, geteuid */

#include "TestHarness.h"

#include "../lib/Portable.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*===----------------------------------------------------------------------===*/
/* A small model                                                              */
/*===----------------------------------------------------------------------===*/

enum { NumTensors = 5, BufferBytes = 128 };

static const char *const kModelName = "mnist";
static const int64_t kKernelShape[] = {4, 3};
static const int64_t kVectorShape[] = {3};
static const int64_t kEmptyShape[] = {0, 4};

typedef struct Model {
  nncc_tensor_desc descs[NumTensors];
  void *data[NumTensors];
} Model;

static nncc_tensor_desc tensorDesc(const char *name, int32_t dtype,
                                   int32_t rank, const int64_t *shape) {
  nncc_tensor_desc desc;
  memset(&desc, 0, sizeof desc);
  desc.name = name;
  desc.dtype = dtype;
  desc.rank = rank;
  desc.shape = shape;
  desc.num_elements = 1;
  for (int32_t i = 0; i < rank; ++i)
    desc.num_elements *= shape[i];
  desc.trainable = 1;
  return desc;
}

/* The model's tensors; values depend on `fill` (0: every byte 0xee). Every
 * buffer has BufferBytes so that a wrong dtype in a test cannot overflow. */
static void makeModel(Model *m, int fill) {
  m->descs[0] = tensorDesc("dense.kernel", NNCC_F32, 2, kKernelShape);
  m->descs[1] = tensorDesc("dense.bias", NNCC_F32, 1, kVectorShape);
  m->descs[2] = tensorDesc("bn.moving_mean", NNCC_F64, 1, kVectorShape);
  m->descs[2].trainable = 0;
  m->descs[3] = tensorDesc("step", NNCC_F64, 0, NULL);
  m->descs[4] = tensorDesc("empty", NNCC_F32, 2, kEmptyShape);
  for (int t = 0; t < NumTensors; ++t) {
    m->data[t] = malloc(BufferBytes);
    memset(m->data[t], 0xee, BufferBytes);
    if (fill == 0)
      continue;
    for (int64_t i = 0; i < m->descs[t].num_elements; ++i) {
      double value = fill * 0.25 + (double)i * 1.5 - t;
      if (m->descs[t].dtype == NNCC_F32)
        ((float *)m->data[t])[i] = (float)value;
      else
        ((double *)m->data[t])[i] = value;
    }
  }
  /* Bit patterns that must survive: NaN payload, -0, subnormal, inf. */
  if (fill != 0) {
    uint32_t *kernel = (uint32_t *)m->data[0];
    kernel[0] = 0x7fc12345u;
    kernel[1] = 0x80000000u;
    kernel[2] = 0x00000001u;
    kernel[3] = 0xff800000u;
    uint64_t *mean = (uint64_t *)m->data[2];
    mean[0] = UINT64_C(0x7ff0000000000abc); /* signaling NaN */
    mean[1] = UINT64_C(0x8000000000000001);
  }
}

static void freeModel(Model *m) {
  for (int t = 0; t < NumTensors; ++t)
    free(m->data[t]);
}

static int sameData(const Model *a, const Model *b) {
  for (int t = 0; t < NumTensors; ++t)
    if (memcmp(a->data[t], b->data[t], BufferBytes) != 0)
      return 0;
  return 1;
}

static int saveModel(const char *path, const Model *m) {
  return nncc_checkpoint_save(path, kModelName, NumTensors, m->descs,
                              (const void *const *)m->data);
}

/*===----------------------------------------------------------------------===*/
/* Files                                                                      */
/*===----------------------------------------------------------------------===*/

static unsigned char *readWholeFile(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  unsigned char *bytes = (unsigned char *)malloc(1 << 16);
  *size = fread(bytes, 1, 1 << 16, file);
  fclose(file);
  return bytes;
}

static void writeWholeFile(const char *path, const unsigned char *bytes,
                           size_t size) {
  FILE *file = fopen(path, "wb");
  CHECK(file != NULL);
  if (!file)
    return;
  CHECK(fwrite(bytes, 1, size, file) == size);
  fclose(file);
}

/* Entries of `dir` other than . and ..; how many contain `part`. */
static int countEntries(const char *dir, const char *part) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  int count = 0;
  struct dirent *entry;
  while ((entry = readdir(d)) != NULL)
    if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0 &&
        strstr(entry->d_name, part))
      ++count;
  closedir(d);
  return count;
}

/*===----------------------------------------------------------------------===*/
/* Round trips and format                                                     */
/*===----------------------------------------------------------------------===*/

static void testRoundTrip(void) {
  char path[512];
  testPath(path, sizeof path, "roundtrip.ckpt");
  Model saved, loaded;
  makeModel(&saved, 1);
  makeModel(&loaded, 0);
  CHECK_STATUS(saveModel(path, &saved), NNCC_OK);
  CHECK_STATUS(nncc_checkpoint_load(path, kModelName, NumTensors, loaded.descs,
                                    loaded.data),
               NNCC_OK);
  CHECK(sameData(&saved, &loaded));
  /* Saving again replaces the file and leaves no temporary behind. */
  freeModel(&saved);
  makeModel(&saved, 2);
  CHECK(!sameData(&saved, &loaded));
  CHECK_STATUS(saveModel(path, &saved), NNCC_OK);
  CHECK_STATUS(nncc_checkpoint_load(path, kModelName, NumTensors, loaded.descs,
                                    loaded.data),
               NNCC_OK);
  CHECK(sameData(&saved, &loaded));
  CHECK(countEntries(testDirectory(), "") == 1);
  remove(path);
  freeModel(&saved);
  freeModel(&loaded);
}

static void testEmptyModel(void) {
  char path[512];
  testPath(path, sizeof path, "empty.ckpt");
  CHECK_STATUS(nncc_checkpoint_save(path, "", 0, NULL, NULL), NNCC_OK);
  CHECK_STATUS(nncc_checkpoint_load(path, "", 0, NULL, NULL), NNCC_OK);
  CHECK_STATUS(nncc_checkpoint_load(path, "x", 0, NULL, NULL),
               NNCC_ERR_WRONG_MODEL);
  remove(path);
}

/* A checkpoint of model "m": "t" f32 [2] = {1, -2} and "u" f64 [] = 0.5. */
static void testExactBytes(void) {
  /* clang-format off */
  static const unsigned char expected[] = {
      'N', 'N', 'C', 'C', 'K', 'P', 'T', 0, /* magic */
      1, 0, 0, 0,                          /* version */
      0, 0, 0, 0,                          /* flags */
      1, 0, 0, 0, 'm',                     /* model name */
      2, 0, 0, 0,                          /* tensor count */
      1, 0, 0, 0, 't',                     /* name */
      0, 0, 0, 0,                          /* dtype f32 */
      1, 0, 0, 0,                          /* rank */
      2, 0, 0, 0, 0, 0, 0, 0,              /* dims */
      8, 0, 0, 0, 0, 0, 0, 0,              /* byte count */
      0x00, 0x00, 0x80, 0x3f,              /* 1.0f */
      0x00, 0x00, 0x00, 0xc0,              /* -2.0f */
      1, 0, 0, 0, 'u',                     /* name */
      1, 0, 0, 0,                          /* dtype f64 */
      0, 0, 0, 0,                          /* rank */
      8, 0, 0, 0, 0, 0, 0, 0,              /* byte count */
      0, 0, 0, 0, 0, 0, 0xe0, 0x3f,        /* 0.5 */
  };
  /* clang-format on */
  static const int64_t shape[] = {2};
  const float t[2] = {1.0f, -2.0f};
  const double u = 0.5;
  nncc_tensor_desc descs[2] = {tensorDesc("t", NNCC_F32, 1, shape),
                               tensorDesc("u", NNCC_F64, 0, NULL)};
  const void *data[2] = {t, &u};
  char path[512];
  testPath(path, sizeof path, "exact.ckpt");
  CHECK_STATUS(nncc_checkpoint_save(path, "m", 2, descs, data), NNCC_OK);
  size_t size = 0;
  unsigned char *bytes = readWholeFile(path, &size);
  CHECK(bytes && size == sizeof expected + 4);
  if (bytes && size == sizeof expected + 4) {
    CHECK(memcmp(bytes, expected, sizeof expected) == 0);
    uint32_t crc = nncc_crc32_update(0, expected, sizeof expected);
    CHECK(nncc_load_le32(bytes + sizeof expected) == crc);
  }
  free(bytes);
  remove(path);
}

/*===----------------------------------------------------------------------===*/
/* Load rejections                                                            */
/*===----------------------------------------------------------------------===*/

/* Loads `path` into a sentinel-filled model (with the descriptors changed by
 * `edit` when not NULL), expects `status`, and checks that no buffer moved. */
static void checkLoadFails(const char *path, const char *modelName,
                           int32_t numTensors, void (*edit)(Model *),
                           int status) {
  Model target, pristine;
  makeModel(&target, 0);
  makeModel(&pristine, 0);
  if (edit)
    edit(&target);
  CHECK_STATUS(nncc_checkpoint_load(path, modelName, numTensors, target.descs,
                                    target.data),
               status);
  CHECK(sameData(&target, &pristine));
  freeModel(&target);
  freeModel(&pristine);
}

/* Writes `bytes` to `path`, loads it and expects `status`. */
static void checkCorruptFileFails(const char *path, const unsigned char *bytes,
                                  size_t size, int status) {
  writeWholeFile(path, bytes, size);
  checkLoadFails(path, kModelName, NumTensors, NULL, status);
}

static void renameKernel(Model *m) { m->descs[0].name = "dense.kernel2"; }
static void swapKernelShape(Model *m) {
  static const int64_t shape[] = {3, 4};
  m->descs[0].shape = shape;
}
static void flattenKernel(Model *m) {
  static const int64_t shape[] = {12};
  m->descs[0].rank = 1;
  m->descs[0].shape = shape;
}
static void widenBias(Model *m) { m->descs[1].dtype = NNCC_F64; }
static void reorderTensors(Model *m) {
  nncc_tensor_desc first = m->descs[0];
  m->descs[0] = m->descs[1];
  m->descs[1] = first;
}

static void testLoadWrongModel(void) {
  char path[512];
  testPath(path, sizeof path, "model.ckpt");
  Model saved;
  makeModel(&saved, 1);
  CHECK_STATUS(saveModel(path, &saved), NNCC_OK);
  checkLoadFails(path, "cifar", NumTensors, NULL, NNCC_ERR_WRONG_MODEL);
  checkLoadFails(path, "mnis", NumTensors, NULL, NNCC_ERR_WRONG_MODEL);
  checkLoadFails(path, kModelName, NumTensors - 1, NULL, NNCC_ERR_WRONG_MODEL);
  checkLoadFails(path, kModelName, NumTensors, renameKernel,
                 NNCC_ERR_WRONG_MODEL);
  checkLoadFails(path, kModelName, NumTensors, reorderTensors,
                 NNCC_ERR_WRONG_MODEL);
  checkLoadFails(path, kModelName, NumTensors, swapKernelShape,
                 NNCC_ERR_WRONG_SHAPE);
  checkLoadFails(path, kModelName, NumTensors, flattenKernel,
                 NNCC_ERR_WRONG_SHAPE);
  checkLoadFails(path, kModelName, NumTensors, widenBias, NNCC_ERR_WRONG_SHAPE);
  remove(path);
  freeModel(&saved);
}

/* Byte offsets in the saved model's checkpoint. */
enum {
  VersionOffset = 8,
  FlagsOffset = 12,
  FirstTensorOffset = 16 + 4 + 5 + 4, /* after the name "mnist", count */
  KernelNameOffset = FirstTensorOffset + 4,
  KernelDtypeOffset = KernelNameOffset + 12, /* "dense.kernel" */
  KernelRankOffset = KernelDtypeOffset + 4,
  KernelBytesOffset = KernelRankOffset + 4 + 2 * 8,
  KernelDataOffset = KernelBytesOffset + 8
};

static void patchU32(unsigned char *bytes, size_t offset, uint32_t value) {
  nncc_store_le32(bytes + offset, value);
}

/* Makes the trailing CRC right again after a patch. */
static void fixCrc(unsigned char *bytes, size_t size) {
  nncc_store_le32(bytes + size - 4, nncc_crc32_update(0, bytes, size - 4));
}

static void testLoadCorruptFiles(void) {
  char good[512], bad[512];
  testPath(good, sizeof good, "good.ckpt");
  testPath(bad, sizeof bad, "bad.ckpt");
  Model saved;
  makeModel(&saved, 1);
  CHECK_STATUS(saveModel(good, &saved), NNCC_OK);
  size_t size = 0;
  unsigned char *original = readWholeFile(good, &size);
  unsigned char *bytes = (unsigned char *)malloc(size + 1);
  CHECK(original && bytes && size > KernelDataOffset + 48);
  if (!original || !bytes || size <= KernelDataOffset + 48)
    return;
#define RESET() memcpy(bytes, original, size)

  /* Bit flips anywhere are checksum errors, names and lengths included. */
  const size_t flips[] = {KernelDataOffset + 5, KernelNameOffset + 2, size - 2,
                          size - 20};
  for (size_t i = 0; i < sizeof flips / sizeof *flips; ++i) {
    RESET();
    bytes[flips[i]] ^= 0x10;
    checkCorruptFileFails(bad, bytes, size, NNCC_ERR_CHECKSUM);
  }
  RESET();
  bytes[size] = 0; /* one trailing byte */
  checkCorruptFileFails(bad, bytes, size + 1, NNCC_ERR_CHECKSUM);

  /* Malformed fields behind a valid CRC. */
  const struct {
    size_t offset;
    uint32_t value;
  } malformed[] = {{KernelRankOffset, 17},
                   {KernelDtypeOffset, 7},
                   {KernelBytesOffset, 4 * 12 + 4},
                   {FirstTensorOffset, 5000}};
  for (size_t i = 0; i < sizeof malformed / sizeof *malformed; ++i) {
    RESET();
    patchU32(bytes, malformed[i].offset, malformed[i].value);
    fixCrc(bytes, size);
    checkCorruptFileFails(bad, bytes, size, NNCC_ERR_CHECKSUM);
  }

  /* Truncation anywhere after the magic. */
  const size_t cuts[] = {8,        10,      12, 20, KernelDataOffset + 7,
                         size - 4, size - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof *cuts; ++i) {
    RESET();
    checkCorruptFileFails(bad, bytes, cuts[i], NNCC_ERR_TRUNCATED);
  }

  /* Not a checkpoint: empty, a prefix of the magic, garbage. */
  RESET();
  checkCorruptFileFails(bad, bytes, 0, NNCC_ERR_NOT_A_CHECKPOINT);
  checkCorruptFileFails(bad, bytes, 5, NNCC_ERR_NOT_A_CHECKPOINT);
  for (size_t i = 0; i < size; ++i)
    bytes[i] = (unsigned char)(i * 37 + 11);
  checkCorruptFileFails(bad, bytes, size, NNCC_ERR_NOT_A_CHECKPOINT);
  RESET();
  bytes[7] = '1'; /* magic without its NUL */
  checkCorruptFileFails(bad, bytes, size, NNCC_ERR_NOT_A_CHECKPOINT);

  /* Other versions and flags, even with a valid CRC. */
  RESET();
  patchU32(bytes, VersionOffset, 2);
  fixCrc(bytes, size);
  checkCorruptFileFails(bad, bytes, size, NNCC_ERR_VERSION);
  RESET();
  patchU32(bytes, VersionOffset, 0);
  checkCorruptFileFails(bad, bytes, size, NNCC_ERR_VERSION);
  RESET();
  patchU32(bytes, FlagsOffset, 1);
  fixCrc(bytes, size);
  checkCorruptFileFails(bad, bytes, size, NNCC_ERR_VERSION);

  /* The untouched bytes still load. */
  writeWholeFile(bad, original, size);
  Model loaded;
  makeModel(&loaded, 0);
  CHECK_STATUS(nncc_checkpoint_load(bad, kModelName, NumTensors, loaded.descs,
                                    loaded.data),
               NNCC_OK);
  CHECK(sameData(&loaded, &saved));
  freeModel(&loaded);
#undef RESET
  remove(good);
  remove(bad);
  free(original);
  free(bytes);
  freeModel(&saved);
}

static void testLoadUnreadable(void) {
  char path[512];
  testPath(path, sizeof path, "missing.ckpt");
  checkLoadFails(path, kModelName, NumTensors, NULL, NNCC_ERR_IO);
  testPath(path, sizeof path, "a-directory");
  CHECK(mkdir(path, 0700) == 0);
  checkLoadFails(path, kModelName, NumTensors, NULL, NNCC_ERR_IO);
  rmdir(path);
}

/*===----------------------------------------------------------------------===*/
/* Arguments and failing saves                                                */
/*===----------------------------------------------------------------------===*/

static void testInvalidArguments(void) {
  char path[512];
  testPath(path, sizeof path, "args.ckpt");
  Model m;
  makeModel(&m, 1);
  const void *const *data = (const void *const *)m.data;
  CHECK_STATUS(nncc_checkpoint_save(NULL, "m", NumTensors, m.descs, data),
               NNCC_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(nncc_checkpoint_save(path, NULL, NumTensors, m.descs, data),
               NNCC_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(nncc_checkpoint_save(path, "m", -1, m.descs, data),
               NNCC_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(nncc_checkpoint_save(path, "m", NumTensors, NULL, data),
               NNCC_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(nncc_checkpoint_save(path, "m", NumTensors, m.descs, NULL),
               NNCC_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(nncc_checkpoint_load(path, "m", NumTensors, m.descs, NULL),
               NNCC_ERR_INVALID_ARGUMENT);

  char longName[NNCC_MAX_NAME_LENGTH + 2];
  memset(longName, 'x', sizeof longName - 1);
  longName[sizeof longName - 1] = '\0';
  CHECK_STATUS(nncc_checkpoint_save(path, longName, NumTensors, m.descs, data),
               NNCC_ERR_INVALID_ARGUMENT);
  const char *name = m.descs[1].name;
  m.descs[1].name = longName;
  CHECK_STATUS(nncc_checkpoint_save(path, "m", NumTensors, m.descs, data),
               NNCC_ERR_INVALID_ARGUMENT);
  m.descs[1].name = name;
  m.descs[1].num_elements = 4; /* shape says 3 */
  CHECK_STATUS(nncc_checkpoint_save(path, "m", NumTensors, m.descs, data),
               NNCC_ERR_INVALID_ARGUMENT);
  m.descs[1].num_elements = 3;

  /* A NULL buffer is fine for an empty tensor only. */
  void *kernel = m.data[0], *empty = m.data[4];
  m.data[4] = NULL;
  CHECK_STATUS(nncc_checkpoint_save(path, "m", NumTensors, m.descs, data),
               NNCC_OK);
  m.data[0] = NULL;
  CHECK_STATUS(nncc_checkpoint_save(path, "m", NumTensors, m.descs, data),
               NNCC_ERR_INVALID_ARGUMENT);
  m.data[0] = kernel;
  m.data[4] = empty;
  remove(path);
  freeModel(&m);
}

static void testSaveFailures(void) {
  Model m;
  makeModel(&m, 1);
  char path[512];
  /* A directory that does not exist. */
  testPath(path, sizeof path, "no-such-dir/model.ckpt");
  CHECK_STATUS(saveModel(path, &m), NNCC_ERR_IO);

  /* The target is a directory: the temporary file is written, the rename
   * fails, and the temporary file must be gone again. */
  testPath(path, sizeof path, "target-dir");
  CHECK(mkdir(path, 0700) == 0);
  CHECK_STATUS(saveModel(path, &m), NNCC_ERR_IO);
  CHECK(countEntries(testDirectory(), "") == 1);
  CHECK(countEntries(path, "") == 0);
  rmdir(path);

  /* An unwritable directory (permissions do not bind root). */
  testPath(path, sizeof path, "read-only");
  CHECK(mkdir(path, 0500) == 0);
  if (geteuid() != 0) {
    char inside[600];
    snprintf(inside, sizeof inside, "%s/model.ckpt", path);
    CHECK_STATUS(saveModel(inside, &m), NNCC_ERR_IO);
    CHECK(countEntries(path, "") == 0);
  }
  rmdir(path);
  CHECK(countEntries(testDirectory(), "") == 0);
  freeModel(&m);
}

/* A leftover temporary file of the same name is never reused. */
static void testTempFileCollision(void) {
  char path[512], temp[600];
  testPath(path, sizeof path, "collide.ckpt");
  snprintf(temp, sizeof temp, "%s.tmp.%08x.0", path, (unsigned)getpid());
  static const unsigned char marker[] = "leftover";
  writeWholeFile(temp, marker, sizeof marker);
  Model m;
  makeModel(&m, 3);
  CHECK_STATUS(saveModel(path, &m), NNCC_OK);
  size_t size = 0;
  unsigned char *bytes = readWholeFile(temp, &size);
  CHECK(bytes && size == sizeof marker && memcmp(bytes, marker, size) == 0);
  free(bytes);
  CHECK(countEntries(testDirectory(), "") == 2);
  remove(temp);
  remove(path);
  freeModel(&m);
}

static void testStatusStrings(void) {
  for (int status = NNCC_OK; status <= NNCC_ERR_NON_FINITE; ++status) {
    const char *text = nncc_status_string(status);
    CHECK(text && *text && strcmp(text, "unknown error") != 0);
    for (int other = NNCC_OK; other < status; ++other)
      CHECK(strcmp(text, nncc_status_string(other)) != 0);
  }
  CHECK(strcmp(nncc_status_string(NNCC_ERR_NO_CUDA_DRIVER),
               "no CUDA driver found") == 0);
  CHECK(strcmp(nncc_status_string(NNCC_ERR_NO_CUDA_DEVICE), "no CUDA device") ==
        0);
  CHECK(strcmp(nncc_status_string(15), "unknown error") == 0);
  CHECK(strcmp(nncc_status_string(-1), "unknown error") == 0);
}

const TestCase checkpointTests[] = {
    {"checkpoint.round_trip", testRoundTrip},
    {"checkpoint.empty_model", testEmptyModel},
    {"checkpoint.exact_bytes", testExactBytes},
    {"checkpoint.load_wrong_model", testLoadWrongModel},
    {"checkpoint.load_corrupt_files", testLoadCorruptFiles},
    {"checkpoint.load_unreadable", testLoadUnreadable},
    {"checkpoint.invalid_arguments", testInvalidArguments},
    {"checkpoint.save_failures", testSaveFailures},
    {"checkpoint.temp_file_collision", testTempFileCollision},
    {"checkpoint.status_strings", testStatusStrings},
};
const size_t numCheckpointTests =
    sizeof checkpointTests / sizeof *checkpointTests;
