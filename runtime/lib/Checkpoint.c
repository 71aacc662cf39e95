/*===- Checkpoint.c - nncc checkpoint I/O ---------------------------------===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Saving and loading the tensors of a model in the nncc checkpoint format
 * (version 1: little-endian, CRC-32 protected; runtime/README.md has it byte
 * by byte). Saving writes a temporary file next to the target, syncs it and
 * renames it over the target, so a crash never leaves a partial checkpoint.
 * Loading validates the whole file in a first pass, and only then reads it
 * again to fill the caller's buffers, so a rejected file changes nothing.
 */
/*===----------------------------------------------------------------------===*/

#if defined(__unix__) || defined(__APPLE__)
#define NNCC_HAVE_POSIX 1
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* fileno, fsync, getpid, open */
#endif
#endif

#include "nncc/Runtime/nncc_runtime.h"

#include "Portable.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef NNCC_HAVE_POSIX
#include <fcntl.h>
#include <unistd.h>
#endif

static const unsigned char kMagic[8] = {'N', 'N', 'C', 'C',
                                        'K', 'P', 'T', '\0'};

enum {
  FormatVersion = 1,
  ChunkBytes = 4096,    /* tensor data is converted in chunks of this size */
  TempFileAttempts = 16 /* names tried for the temporary file */
};

/*===----------------------------------------------------------------------===*/
/* Arguments                                                                  */
/*===----------------------------------------------------------------------===*/

static int nameTooLong(const char *name) {
  return strlen(name) > NNCC_MAX_NAME_LENGTH;
}

/* The checks shared by save and load; see nncc_checkpoint_save(). */
static int checkArguments(const char *path, const char *modelName,
                          int32_t numTensors, const nncc_tensor_desc *tensors,
                          const void *const *data) {
  if (!path || !modelName || numTensors < 0 || nameTooLong(modelName) ||
      (numTensors > 0 && (!tensors || !data)))
    return NNCC_ERR_INVALID_ARGUMENT;
  for (int32_t i = 0; i < numTensors; ++i) {
    const nncc_tensor_desc *desc = &tensors[i];
    if (nncc_tensor_desc_check(desc) != NNCC_OK || nameTooLong(desc->name) ||
        (uint64_t)desc->num_elements >
            SIZE_MAX / nncc_dtype_size(desc->dtype) ||
        (desc->num_elements > 0 && !data[i]))
      return NNCC_ERR_INVALID_ARGUMENT;
  }
  return NNCC_OK;
}

/*===----------------------------------------------------------------------===*/
/* Element encoding                                                           */
/*===----------------------------------------------------------------------===*/

/* Elements are moved as 4- or 8-byte integers, never through float
 * registers, so every bit pattern (NaN payloads included) survives. */

static void encodeElements(size_t elementSize, const unsigned char *values,
                           size_t count, unsigned char *bytes) {
  for (size_t i = 0; i < count; ++i) {
    const unsigned char *value = values + i * elementSize;
    if (elementSize == 4) {
      uint32_t bits;
      memcpy(&bits, value, sizeof bits);
      nncc_store_le32(bytes + i * 4, bits);
    } else {
      uint64_t bits;
      memcpy(&bits, value, sizeof bits);
      nncc_store_le64(bytes + i * 8, bits);
    }
  }
}

static void decodeElements(size_t elementSize, const unsigned char *bytes,
                           size_t count, unsigned char *values) {
  for (size_t i = 0; i < count; ++i) {
    unsigned char *value = values + i * elementSize;
    if (elementSize == 4) {
      uint32_t bits = nncc_load_le32(bytes + i * 4);
      memcpy(value, &bits, sizeof bits);
    } else {
      uint64_t bits = nncc_load_le64(bytes + i * 8);
      memcpy(value, &bits, sizeof bits);
    }
  }
}

/* How many of `left` elements of `elementSize` bytes fit in one chunk. */
static size_t chunkElements(uint64_t left, size_t elementSize) {
  size_t perChunk = ChunkBytes / elementSize;
  return left < perChunk ? (size_t)left : perChunk;
}

/*===----------------------------------------------------------------------===*/
/* Writing                                                                    */
/*===----------------------------------------------------------------------===*/

/* A file being written and the CRC-32 of the bytes written so far. After
 * the first failed write, nothing more is written. */
typedef struct Writer {
  FILE *file;
  uint32_t crc;
  int failed;
} Writer;

static void writeBytes(Writer *w, const void *bytes, size_t size) {
  if (w->failed || size == 0)
    return;
  w->crc = nncc_crc32_update(w->crc, bytes, size);
  if (fwrite(bytes, 1, size, w->file) != size)
    w->failed = 1;
}

static void writeU32(Writer *w, uint32_t value) {
  unsigned char bytes[4];
  nncc_store_le32(bytes, value);
  writeBytes(w, bytes, sizeof bytes);
}

static void writeU64(Writer *w, uint64_t value) {
  unsigned char bytes[8];
  nncc_store_le64(bytes, value);
  writeBytes(w, bytes, sizeof bytes);
}

/* u32 length, then the bytes without the NUL. */
static void writeName(Writer *w, const char *name) {
  size_t length = strlen(name);
  writeU32(w, (uint32_t)length);
  writeBytes(w, name, length);
}

static void writeTensor(Writer *w, const nncc_tensor_desc *desc,
                        const void *values) {
  size_t elementSize = nncc_dtype_size(desc->dtype);
  writeName(w, desc->name);
  writeU32(w, (uint32_t)desc->dtype);
  writeU32(w, (uint32_t)desc->rank);
  for (int32_t i = 0; i < desc->rank; ++i)
    writeU64(w, (uint64_t)desc->shape[i]);
  writeU64(w, (uint64_t)desc->num_elements * elementSize);

  unsigned char chunk[ChunkBytes];
  const unsigned char *next = (const unsigned char *)values;
  uint64_t left = (uint64_t)desc->num_elements;
  while (left > 0 && !w->failed) {
    size_t count = chunkElements(left, elementSize);
    encodeElements(elementSize, next, count, chunk);
    writeBytes(w, chunk, count * elementSize);
    next += count * elementSize;
    left -= count;
  }
}

static void writeCheckpoint(Writer *w, const char *modelName,
                            int32_t numTensors, const nncc_tensor_desc *tensors,
                            const void *const *data) {
  writeBytes(w, kMagic, sizeof kMagic);
  writeU32(w, FormatVersion);
  writeU32(w, 0); /* flags */
  writeName(w, modelName);
  writeU32(w, (uint32_t)numTensors);
  for (int32_t i = 0; i < numTensors; ++i)
    writeTensor(w, &tensors[i], data[i]);
  writeU32(w, w->crc);
}

/*===----------------------------------------------------------------------===*/
/* Files                                                                      */
/*===----------------------------------------------------------------------===*/

/* A number that tells apart concurrent savers of one path: the process id
 * where there is one; threads of one process differ by the attempt number. */
static uint32_t tempFileTag(const char *path) {
#ifdef NNCC_HAVE_POSIX
  (void)path;
  return (uint32_t)getpid();
#else
  return nncc_crc32_update(0, path, strlen(path));
#endif
}

/* Writes "<path>.tmp.<tag as 8 hex digits>.<attempt as 1 hex digit>". */
static void formatTempPath(char *out, const char *path, size_t pathLength,
                           uint32_t tag, int attempt) {
  static const char kHex[] = "0123456789abcdef";
  memcpy(out, path, pathLength);
  out += pathLength;
  memcpy(out, ".tmp.", 5);
  out += 5;
  for (int shift = 28; shift >= 0; shift -= 4)
    *out++ = kHex[(tag >> shift) & 0xfu];
  *out++ = '.';
  *out++ = kHex[attempt & 0xf];
  *out = '\0';
}

/* Creates a new temporary file next to `path` (fopen "x": never an existing
 * file). Returns it and its malloc'ed name in *tempPath, or NULL and the
 * status in *status. */
static FILE *createTempFile(const char *path, char **tempPath, int *status) {
  size_t pathLength = strlen(path);
  char *name = (char *)malloc(pathLength + sizeof ".tmp.01234567.0");
  if (!name) {
    *status = NNCC_ERR_OUT_OF_MEMORY;
    return NULL;
  }
  uint32_t tag = tempFileTag(path);
  for (int attempt = 0; attempt < TempFileAttempts; ++attempt) {
    formatTempPath(name, path, pathLength, tag, attempt);
    FILE *file = fopen(name, "wbx");
    if (file) {
      *tempPath = name;
      return file;
    }
  }
  free(name);
  *status = NNCC_ERR_IO;
  return NULL;
}

/* Flushes the file to the disk (where the platform has fsync). */
static int syncFile(FILE *file) {
  if (fflush(file) != 0)
    return 0;
#ifdef NNCC_HAVE_POSIX
  return fsync(fileno(file)) == 0;
#else
  return 1;
#endif
}

/* Best effort: makes the rename of an entry of path's directory durable. */
static void syncParentDirectory(const char *path) {
#ifdef NNCC_HAVE_POSIX
  const char *slash = strrchr(path, '/');
  size_t length = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
  char *dir = (char *)malloc(length + 2);
  if (!dir)
    return;
  if (length == 0)
    memcpy(dir, ".", 2);
  else {
    memcpy(dir, path, length);
    dir[length] = '\0';
  }
  int fd = open(dir, O_RDONLY);
  if (fd >= 0) {
    (void)fsync(fd);
    (void)close(fd);
  }
  free(dir);
#else
  (void)path;
#endif
}

/* Moves `from` over `to`, atomically where the platform can. */
static int replaceFile(const char *from, const char *to) {
  if (rename(from, to) == 0)
    return 1;
#ifdef _WIN32
  /* Windows' rename() does not replace; this window is not crash-safe. */
  return remove(to) == 0 && rename(from, to) == 0;
#else
  return 0;
#endif
}

int nncc_checkpoint_save(const char *path, const char *model_name,
                         int32_t num_tensors, const nncc_tensor_desc *tensors,
                         const void *const *data) {
  int status = checkArguments(path, model_name, num_tensors, tensors, data);
  if (status != NNCC_OK)
    return status;
  char *tempPath = NULL;
  FILE *file = createTempFile(path, &tempPath, &status);
  if (!file)
    return status;

  Writer writer = {file, 0, 0};
  writeCheckpoint(&writer, model_name, num_tensors, tensors, data);
  int ok = !writer.failed && syncFile(file);
  ok = fclose(file) == 0 && ok;
  ok = ok && replaceFile(tempPath, path);
  if (ok)
    syncParentDirectory(path);
  else
    (void)remove(tempPath);
  free(tempPath);
  return ok ? NNCC_OK : NNCC_ERR_IO;
}

/*===----------------------------------------------------------------------===*/
/* Reading                                                                    */
/*===----------------------------------------------------------------------===*/

/* A file being read and the CRC-32 of the bytes read so far. */
typedef struct Reader {
  FILE *file;
  uint32_t crc;
} Reader;

/* Reads exactly `size` bytes: NNCC_OK, NNCC_ERR_IO on a read error or
 * NNCC_ERR_TRUNCATED at the end of the file. */
static int readBytes(Reader *r, void *bytes, size_t size) {
  size_t got = fread(bytes, 1, size, r->file);
  r->crc = nncc_crc32_update(r->crc, bytes, got);
  if (got == size)
    return NNCC_OK;
  return ferror(r->file) ? NNCC_ERR_IO : NNCC_ERR_TRUNCATED;
}

static int readU32(Reader *r, uint32_t *value) {
  unsigned char bytes[4];
  int status = readBytes(r, bytes, sizeof bytes);
  *value = nncc_load_le32(bytes);
  return status;
}

static int readU64(Reader *r, uint64_t *value) {
  unsigned char bytes[8];
  int status = readBytes(r, bytes, sizeof bytes);
  *value = nncc_load_le64(bytes);
  return status;
}

/* Records a mismatch with the expected model; a different name or tensor
 * list (WRONG_MODEL) outranks a different shape (WRONG_SHAPE). */
static void noteMismatch(int *mismatch, int status) {
  if (*mismatch != NNCC_ERR_WRONG_MODEL)
    *mismatch = status;
}

/* Reads a name (u32 length and bytes); notes WRONG_MODEL unless it equals
 * `expected` (NULL: nothing expected). */
static int readName(Reader *r, const char *expected, int *mismatch) {
  uint32_t length;
  int status = readU32(r, &length);
  if (status != NNCC_OK)
    return status;
  if (length > NNCC_MAX_NAME_LENGTH)
    return NNCC_ERR_CHECKSUM;
  char name[NNCC_MAX_NAME_LENGTH];
  status = readBytes(r, name, length);
  if (status == NNCC_OK && !(expected && strlen(expected) == length &&
                             memcmp(name, expected, length) == 0))
    noteMismatch(mismatch, NNCC_ERR_WRONG_MODEL);
  return status;
}

/* Reads `count` elements, converting them into `values` unless it is NULL. */
static int readTensorData(Reader *r, size_t elementSize, uint64_t count,
                          unsigned char *values) {
  unsigned char chunk[ChunkBytes];
  while (count > 0) {
    size_t n = chunkElements(count, elementSize);
    int status = readBytes(r, chunk, n * elementSize);
    if (status != NNCC_OK)
      return status;
    if (values) {
      decodeElements(elementSize, chunk, n, values);
      values += n * elementSize;
    }
    count -= n;
  }
  return NNCC_OK;
}

/* Reads one tensor record and compares it with `desc` (NULL when the file
 * has more tensors than expected). Its data goes to `values` if that is not
 * NULL and no mismatch has been seen. Malformed fields are corruption. */
static int readTensor(Reader *r, const nncc_tensor_desc *desc, void *values,
                      int *mismatch) {
  int status = readName(r, desc ? desc->name : NULL, mismatch);
  uint32_t dtype = 0, rank = 0;
  if (status == NNCC_OK)
    status = readU32(r, &dtype);
  if (status == NNCC_OK)
    status = readU32(r, &rank);
  if (status != NNCC_OK)
    return status;
  size_t elementSize = nncc_dtype_size((int32_t)dtype);
  if (dtype > NNCC_F64 || rank > NNCC_MAX_RANK)
    return NNCC_ERR_CHECKSUM;

  int sameShape =
      desc && (uint32_t)desc->dtype == dtype && (uint32_t)desc->rank == rank;
  uint64_t count = 1;
  for (uint32_t i = 0; i < rank; ++i) {
    uint64_t dim;
    if ((status = readU64(r, &dim)) != NNCC_OK)
      return status;
    if (dim > (uint64_t)INT64_MAX ||
        (dim > 0 && count > (uint64_t)INT64_MAX / elementSize / dim))
      return NNCC_ERR_CHECKSUM;
    count *= dim;
    sameShape = sameShape && (uint64_t)desc->shape[i] == dim;
  }
  uint64_t byteCount;
  if ((status = readU64(r, &byteCount)) != NNCC_OK)
    return status;
  if (byteCount != count * elementSize)
    return NNCC_ERR_CHECKSUM;
  if (!sameShape)
    noteMismatch(mismatch, NNCC_ERR_WRONG_SHAPE);
  return readTensorData(r, elementSize, count,
                        *mismatch == NNCC_OK ? (unsigned char *)values : NULL);
}

/* Reads the stored CRC-32, compares it with the running one and makes sure
 * that nothing follows it. */
static int readChecksum(Reader *r) {
  uint32_t computed = r->crc, stored;
  int status = readU32(r, &stored);
  if (status != NNCC_OK)
    return status;
  if (stored != computed)
    return NNCC_ERR_CHECKSUM;
  unsigned char extra;
  if (fread(&extra, 1, 1, r->file) != 0)
    return NNCC_ERR_CHECKSUM; /* trailing bytes */
  return ferror(r->file) ? NNCC_ERR_IO : NNCC_OK;
}

/* Reads a whole checkpoint from the start of `r`, copying tensor data into
 * values[] when that is not NULL and the file matches so far. Returns the
 * first format error; if there is none, the worst mismatch with the expected
 * model; else NNCC_OK. */
static int readCheckpoint(Reader *r, const char *modelName, int32_t numTensors,
                          const nncc_tensor_desc *tensors,
                          void *const *values) {
  unsigned char magic[sizeof kMagic];
  int status = readBytes(r, magic, sizeof magic);
  if (status == NNCC_ERR_IO)
    return status;
  if (status != NNCC_OK || memcmp(magic, kMagic, sizeof kMagic) != 0)
    return NNCC_ERR_NOT_A_CHECKPOINT;
  uint32_t version, flags;
  if ((status = readU32(r, &version)) != NNCC_OK)
    return status;
  if (version != FormatVersion)
    return NNCC_ERR_VERSION;
  if ((status = readU32(r, &flags)) != NNCC_OK)
    return status;
  if (flags != 0)
    return NNCC_ERR_VERSION;

  int mismatch = NNCC_OK;
  uint32_t count;
  if ((status = readName(r, modelName, &mismatch)) != NNCC_OK ||
      (status = readU32(r, &count)) != NNCC_OK)
    return status;
  if (count != (uint32_t)numTensors)
    noteMismatch(&mismatch, NNCC_ERR_WRONG_MODEL);
  for (uint32_t i = 0; i < count; ++i) {
    int expected = i < (uint32_t)numTensors;
    status = readTensor(r, expected ? &tensors[i] : NULL,
                        expected && values ? values[i] : NULL, &mismatch);
    if (status != NNCC_OK)
      return status;
  }
  status = readChecksum(r);
  return status != NNCC_OK ? status : mismatch;
}

int nncc_checkpoint_load(const char *path, const char *model_name,
                         int32_t num_tensors, const nncc_tensor_desc *tensors,
                         void *const *data) {
  int status = checkArguments(path, model_name, num_tensors, tensors,
                              (const void *const *)data);
  if (status != NNCC_OK)
    return status;
  FILE *file = fopen(path, "rb");
  if (!file)
    return NNCC_ERR_IO;

  /* Pass 1 validates without touching data[]; pass 2 copies. */
  Reader reader = {file, 0};
  status = readCheckpoint(&reader, model_name, num_tensors, tensors, NULL);
  if (status == NNCC_OK) {
    rewind(file);
    reader.crc = 0;
    status = readCheckpoint(&reader, model_name, num_tensors, tensors, data);
  }
  fclose(file);
  return status;
}
