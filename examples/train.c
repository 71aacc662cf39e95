/*===- train.c - train on Fashion-MNIST ---------------------------*- C -*-===*/
/*                                                                            */
/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    */
/*                                                                            */
/*===----------------------------------------------------------------------===*/
/*
 * Train a compiled model on Fashion-MNIST through its C API.
 *
 *   build/bin/nncc examples/seed_cnn.mlir -o seed_cnn.o     # and seed_cnn.h
 *   cc -O2 -std=c99 -DMODEL=seed_cnn -DMODEL_UPPER=SEED_CNN \
 *      -include seed_cnn.h examples/train.c seed_cnn.o -lm -o train_cnn
 *   ./train_cnn --epochs 3
 *
 * MODEL names the model (its symbol prefix) and MODEL_UPPER its macro
 * prefix; the same file trains any model that takes a batch of 28x28 images
 * and gives 10 class probabilities (seed_cnn, seed_lstm). It uses nothing
 * but the generated header: NAME_create, NAME_train_step, NAME_predict,
 * NAME_save, NAME_load, NAME_strerror.
 *
 * Data: the four IDX files of Fashion-MNIST (Debian's dataset-fashion-mnist
 * package), gzip-compressed (read through `gzip -dc`) or already unpacked.
 * Each epoch shuffles the training images (seeded, deterministic), runs one
 * train step per full batch (the last partial batch is dropped) and then
 * measures accuracy on the 10000 test images. At the end it writes the
 * checkpoint, the loss of every step (CSV) and a chart of it (SVG), and
 * prints one line `RESULT model=... epochs=... train_loss=...
 * test_accuracy=... seconds_per_epoch=...` on stdout.
 */
#define _POSIX_C_SOURCE                                                        \
  200809L /* popen, pclose, fileno, isatty, clock_gettime */

/* The model header is included (-include) before this file, and with glibc
   its <stdint.h> has already settled which declarations are visible: without
   POSIX under -std=c99. Let glibc look at _POSIX_C_SOURCE again. */
#if defined(__GLIBC__) &&                                                      \
    (!defined(__USE_POSIX2) || !defined(__USE_POSIX199309))
#undef _FEATURES_H
#include <features.h>
#endif

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef CLOCK_MONOTONIC
#error "POSIX declarations are hidden: compile with -D_POSIX_C_SOURCE=200809L"
#endif

#if !defined(MODEL) || !defined(MODEL_UPPER)
#error "compile with -DMODEL=name -DMODEL_UPPER=NAME -include name.h"
#endif

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define API(fn) CAT(MODEL, fn)      /* API(_create) -> seed_cnn_create */
#define SIZE(x) CAT(MODEL_UPPER, x) /* SIZE(_BATCH) -> SEED_CNN_BATCH */
#define STR2(x) #x
#define STR(x) STR2(x)
#define MODEL_NAME STR(MODEL)

typedef MODEL Model;
typedef API(_real) Real;
typedef API(_label) Label;

enum {
  BATCH = SIZE(_BATCH),
  ROWS = 28,
  COLS = 28,
  PIXELS = ROWS * COLS,
  CLASSES = 10,
  TEST_IMAGES = 10000
};

/* What the model must look like; a mismatch is a compile error naming it. */
#define STATIC_ASSERT(cond, what)                                              \
  typedef char static_assert_##what[(cond) ? 1 : -1]
STATIC_ASSERT(SIZE(_INPUT_SIZE) == SIZE(_BATCH) * PIXELS,
              model_input_is_a_batch_of_28x28_images);
STATIC_ASSERT(SIZE(_OUTPUT_SIZE) == SIZE(_BATCH) * CLASSES,
              model_output_is_10_classes);
#if SIZE(_LABEL_SPARSE)
STATIC_ASSERT(SIZE(_LABEL_SIZE) == SIZE(_BATCH),
              sparse_labels_are_one_per_image);
#else
STATIC_ASSERT(SIZE(_LABEL_SIZE) == SIZE(_OUTPUT_SIZE),
              one_hot_labels_match_the_output);
#endif

#define DEFAULT_DATA "/usr/share/datasets/fashion-mnist"

static const char *program = "train";

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: error: ", program);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

/* Exits with the model's own description of a failed API call. */
static void check(int status, const char *call) {
  if (status)
    die("%s: %s (status %d)", call, API(_strerror)(status), status);
}

static void *xmalloc(size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p)
    die("out of memory (%zu bytes)", bytes);
  return p;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- Options --------------------------------------------------------- */

typedef struct {
  const char *data, *checkpoint, *csv, *svg, *resume;
  long epochs, limit; /* limit 0: all training images */
  uint64_t seed;
} Options;

static void usage(FILE *out) {
  fprintf(
      out,
      "usage: %s [options]\n"
      "Trains the compiled model '" MODEL_NAME "' on Fashion-MNIST.\n"
      "\n"
      "  --data DIR         the IDX files (default " DEFAULT_DATA ")\n"
      "  --epochs N         passes over the training images (default 1)\n"
      "  --seed S           seeds the parameters and the shuffle (default 1)\n"
      "  --limit N          train on the first N training images only\n"
      "  --resume PATH      load this checkpoint before training\n"
      "  --checkpoint PATH  written at the end (default " MODEL_NAME ".ckpt)\n"
      "  --csv PATH         loss of every step: step,epoch,loss\n"
      "                     (default " MODEL_NAME "_loss.csv)\n"
      "  --svg PATH         chart of the loss (default " MODEL_NAME
      "_loss.svg)\n"
      "  --help             show this and exit\n"
      "\n"
      "Options take their value as the next argument or after '='.\n",
      program);
}

static long parse_long(const char *option, const char *text, long min,
                       long max) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno || end == text || *end || value < min || value > max)
    die("%s expects a whole number from %ld to %ld, not '%s'", option, min, max,
        text);
  return value;
}

static uint64_t parse_seed(const char *text) {
  char *end;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno || end == text || *end || text[0] == '-' || text[0] == '+')
    die("--seed expects a number from 0 to %llu, not '%s'",
        (unsigned long long)UINT64_MAX, text);
  return (uint64_t)value;
}

static Options parse_options(int argc, char **argv) {
  Options o = {DEFAULT_DATA,
               MODEL_NAME ".ckpt",
               MODEL_NAME "_loss.csv",
               MODEL_NAME "_loss.svg",
               NULL,
               1,
               0,
               1};
  for (int i = 1; i < argc; ++i) {
    char name[32];
    const char *arg = argv[i], *value = NULL, *eq = strchr(arg, '=');
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      usage(stdout);
      exit(0);
    }
    if (strncmp(arg, "--", 2) != 0)
      die("unexpected argument '%s' (see --help)", arg);
    if ((eq ? (size_t)(eq - arg) : strlen(arg)) >= sizeof name)
      die("unknown option '%s' (see --help)", arg);
    if (eq) {
      memcpy(name, arg, (size_t)(eq - arg));
      name[eq - arg] = '\0';
      value = eq + 1;
    } else {
      strcpy(name, arg);
    }
    static const char *const known[] = {"--data",       "--epochs", "--seed",
                                        "--checkpoint", "--csv",    "--svg",
                                        "--limit",      "--resume"};
    int k = 0, n = (int)(sizeof known / sizeof *known);
    while (k < n && strcmp(name, known[k]))
      ++k;
    if (k == n)
      die("unknown option '%s' (see --help)", name);
    if (!value) {
      if (i + 1 >= argc)
        die("%s needs a value (see --help)", name);
      value = argv[++i];
    }
    if (!*value)
      die("%s needs a value (see --help)", name);
    switch (k) {
    case 0:
      o.data = value;
      break;
    case 1:
      o.epochs = parse_long(name, value, 1, 100000);
      break;
    case 2:
      o.seed = parse_seed(value);
      break;
    case 3:
      o.checkpoint = value;
      break;
    case 4:
      o.csv = value;
      break;
    case 5:
      o.svg = value;
      break;
    case 6:
      o.limit = parse_long(name, value, BATCH, 1000000000L);
      break;
    case 7:
      o.resume = value;
      break;
    }
  }
  return o;
}

/* ---- Data ------------------------------------------------------------ */

typedef struct {
  unsigned char *image_file, *label_file; /* whole decompressed files */
  const unsigned char *pixels;            /* count x 28 x 28, row-major */
  const unsigned char *labels;            /* count class ids */
  long count;
} Dataset;

static unsigned char *read_stream(FILE *f, const char *path, size_t *size) {
  size_t cap = 1 << 20, len = 0;
  unsigned char *buf = xmalloc(cap);
  for (;;) {
    if (len == cap) {
      unsigned char *bigger = realloc(buf, cap *= 2);
      if (!bigger)
        die("out of memory reading %s", path);
      buf = bigger;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) {
      if (ferror(f))
        die("cannot read %s: %s", path, strerror(errno));
      break;
    }
  }
  *size = len;
  return buf;
}

/* Reads DIR/NAME.gz through `gzip -dc`, or DIR/NAME as it is. */
static unsigned char *read_data_file(const char *dir, const char *name,
                                     size_t *size) {
  size_t room = strlen(dir) + strlen(name) + 8;
  char *path = xmalloc(room);
  snprintf(path, room, "%s/%s.gz", dir, name);
  FILE *f = fopen(path, "rb");
  if (f) {
    fclose(f);
    /* Quote the path for the shell: ' becomes '\''. */
    size_t n = 0;
    char *command = xmalloc(4 * strlen(path) + 32);
    n += (size_t)sprintf(command, "gzip -dc -- '");
    for (const char *c = path; *c; ++c)
      n += (size_t)(*c == '\'' ? sprintf(command + n, "'\\''")
                               : sprintf(command + n, "%c", *c));
    strcpy(command + n, "'");
    FILE *pipe = popen(command, "r");
    if (!pipe)
      die("cannot run gzip for %s: %s", path, strerror(errno));
    unsigned char *data = read_stream(pipe, path, size);
    if (pclose(pipe) != 0)
      die("cannot decompress %s with 'gzip -dc' (see above)", path);
    free(command);
    free(path);
    return data;
  }
  int gz_errno = errno;
  snprintf(path, room, "%s/%s", dir, name);
  f = fopen(path, "rb");
  if (!f)
    die("cannot open %s/%s.gz: %s (install Debian's dataset-fashion-mnist, or "
        "point --data "
        "at a directory with the Fashion-MNIST IDX files)",
        dir, name, strerror(gz_errno));
  unsigned char *data = read_stream(f, path, size);
  fclose(f);
  free(path);
  return data;
}

static uint32_t big_endian32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

/* Checks an IDX header (magic 0x00 0x00 0x08 NDIMS, then NDIMS big-endian
   sizes) and that the data fills the file exactly; returns the data. */
static const unsigned char *parse_idx(const char *name,
                                      const unsigned char *file, size_t size,
                                      int ndims, uint32_t *dims) {
  if (size < 4 || file[0] != 0 || file[1] != 0)
    die("%s is not an IDX file (bad magic number)", name);
  if (file[2] != 0x08)
    die("%s holds elements of type 0x%02x; expected unsigned bytes (0x08)",
        name, file[2]);
  if (file[3] != ndims)
    die("%s has %d dimensions; expected %d", name, file[3], ndims);
  size_t header = 4 + 4 * (size_t)ndims;
  if (size < header)
    die("%s is truncated inside its header", name);
  uint64_t elements = 1, data = size - header;
  for (int i = 0; i < ndims; ++i) {
    dims[i] = big_endian32(file + 4 + 4 * i);
    if (dims[i] && elements > UINT64_MAX / dims[i])
      die("%s: the sizes in its header are impossibly large", name);
    elements *= dims[i];
  }
  if (elements != data)
    die("%s: its header promises %llu bytes of data but it holds %llu", name,
        (unsigned long long)elements, (unsigned long long)data);
  return file + header;
}

static Dataset load_split(const char *dir, const char *split) {
  char images_name[64], labels_name[64];
  snprintf(images_name, sizeof images_name, "%s-images-idx3-ubyte", split);
  snprintf(labels_name, sizeof labels_name, "%s-labels-idx1-ubyte", split);
  Dataset d;
  size_t image_bytes, label_bytes;
  uint32_t idims[3], ldims[1];
  d.image_file = read_data_file(dir, images_name, &image_bytes);
  d.label_file = read_data_file(dir, labels_name, &label_bytes);
  d.pixels = parse_idx(images_name, d.image_file, image_bytes, 3, idims);
  d.labels = parse_idx(labels_name, d.label_file, label_bytes, 1, ldims);
  if (idims[1] != ROWS || idims[2] != COLS)
    die("%s holds %lux%lu images; expected 28x28", images_name,
        (unsigned long)idims[1], (unsigned long)idims[2]);
  if (idims[0] != ldims[0])
    die("%s has %lu images but %s has %lu labels", images_name,
        (unsigned long)idims[0], labels_name, (unsigned long)ldims[0]);
  if (idims[0] == 0 || idims[0] > 100000000)
    die("%s holds %lu images", images_name, (unsigned long)idims[0]);
  d.count = (long)idims[0];
  for (long i = 0; i < d.count; ++i)
    if (d.labels[i] >= CLASSES)
      die("%s: label %d of image %ld is not a class from 0 to 9", labels_name,
          d.labels[i], i);
  return d;
}

static void free_dataset(Dataset *d) {
  free(d->image_file);
  free(d->label_file);
}

/* Copies images order[first..first+n) (or first.. when order is NULL) into
   a batch, scaled to [0, 1]; the rest of the batch is zero padding. */
static void fill_input(const Dataset *d, const long *order, long first, int n,
                       Real *input) {
  for (int b = 0; b < BATCH; ++b) {
    Real *dst = input + (size_t)b * PIXELS;
    if (b >= n) {
      memset(dst, 0, PIXELS * sizeof *dst);
      continue;
    }
    const unsigned char *src =
        d->pixels + (size_t)(order ? order[first + b] : first + b) * PIXELS;
    for (int i = 0; i < PIXELS; ++i)
      dst[i] = (Real)src[i] / (Real)255;
  }
}

static void fill_labels(const Dataset *d, const long *order, long first,
                        Label *labels) {
#if !SIZE(_LABEL_SPARSE)
  memset(labels, 0, SIZE(_LABEL_SIZE) * sizeof *labels);
#endif
  for (int b = 0; b < BATCH; ++b) {
    int y = d->labels[order[first + b]];
#if SIZE(_LABEL_SPARSE)
    labels[b] = (Label)y;
#else
    labels[b * CLASSES + y] = (Label)1;
#endif
  }
}

/* ---- Shuffling: splitmix64 and Fisher-Yates ---------------------------- */

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [0, n), without modulo bias. */
static uint64_t uniform(uint64_t *state, uint64_t n) {
  uint64_t limit = UINT64_MAX - UINT64_MAX % n, r;
  do
    r = splitmix64(state);
  while (r >= limit);
  return r % n;
}

static void shuffle(long *order, long n, uint64_t *state) {
  for (long i = n - 1; i > 0; --i) {
    long j = (long)uniform(state, (uint64_t)i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/* ---- Progress ---------------------------------------------------------- */

typedef struct {
  int tty;          /* stderr is a terminal: redraw one line */
  double start;     /* when the epoch began */
  double last_draw; /* when the bar was last drawn */
  int last_tenth;   /* not a terminal: the last 10% step printed */
} Progress;

static void progress(Progress *p, long epoch, long epochs, long done,
                     long total, double mean_loss) {
  double t = now(), elapsed = t - p->start;
  double rate = elapsed > 0 ? (double)(done * BATCH) / elapsed : 0;
  int percent = (int)(100 * done / total);
  if (p->tty) {
    if (t - p->last_draw < 0.2 && done < total)
      return;
    p->last_draw = t;
    enum { WIDTH = 30 };
    char bar[WIDTH + 1];
    int filled = (int)(WIDTH * done / total);
    for (int i = 0; i < WIDTH; ++i)
      bar[i] = i < filled ? '=' : i == filled ? '>' : ' ';
    bar[WIDTH] = '\0';
    long eta =
        rate > 0 ? (long)((double)((total - done) * BATCH) / rate + 0.5) : 0;
    fprintf(stderr,
            "\r\033[Kepoch %ld/%ld [%s] %3d%%  loss %.4f  %.0f img/s  eta "
            "%ld:%02ld",
            epoch, epochs, bar, percent, mean_loss, rate, eta / 60, eta % 60);
  } else {
    int tenth = (int)(10 * done / total);
    if (tenth == p->last_tenth)
      return;
    p->last_tenth = tenth;
    fprintf(stderr, "epoch %ld/%ld %3d%%  loss %.4f  %.0f img/s\n", epoch,
            epochs, percent, mean_loss, rate);
  }
  fflush(stderr);
}

/* Replaces the bar with `note` (or nothing). */
static void progress_clear(const Progress *p, const char *note) {
  if (p->tty) {
    fprintf(stderr, "\r\033[K%s", note);
    fflush(stderr);
  }
}

/* ---- Evaluation -------------------------------------------------------- */

/* Fraction of the test images the model classifies right; the last,
   partial batch is padded and the padding ignored. */
static double evaluate(Model *model, const Dataset *test, Real *input,
                       Real *output) {
  long correct = 0;
  for (long first = 0; first < test->count; first += BATCH) {
    int n = test->count - first < BATCH ? (int)(test->count - first) : BATCH;
    fill_input(test, NULL, first, n, input);
    check(API(_predict)(model, input, output), STR(API(_predict)));
    for (int b = 0; b < n; ++b) {
      const Real *p = output + b * CLASSES;
      int best = 0;
      for (int c = 1; c < CLASSES; ++c)
        if (p[c] > p[best])
          best = c;
      correct += best == test->labels[first + b];
    }
  }
  return (double)correct / (double)test->count;
}

/* ---- Outputs ----------------------------------------------------------- */

static int write_csv(const char *path, const float *loss, long steps,
                     long steps_per_epoch) {
  FILE *f = fopen(path, "w");
  if (!f)
    return 0;
  fprintf(f, "step,epoch,loss\n");
  for (long i = 0; i < steps; ++i)
    fprintf(f, "%ld,%ld,%.7g\n", i + 1, i / steps_per_epoch + 1,
            (double)loss[i]);
  int ok = !ferror(f);
  return fclose(f) == 0 && ok;
}

/* A round step (1, 2, 2.5 or 5 times a power of ten) cutting range into
   about `parts`. */
static double nice_step(double range, int parts) {
  double raw = range / parts, power = pow(10, floor(log10(raw))),
         f = raw / power;
  return power * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10);
}

typedef struct {
  long steps, steps_per_epoch, epochs;
  uint64_t seed;
  double final_loss, accuracy;
} ChartInfo;

static int write_svg(const char *path, const float *loss,
                     const ChartInfo *info) {
  enum { W = 800, H = 480, LEFT = 72, RIGHT = 28, TOP = 80, BOTTOM = 58 };
  const double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
  const long n = info->steps;

  /* The y range: from 0 (or below, for negative losses) to a round value
     above the largest finite loss. */
  double lo = 0, hi = 0;
  for (long i = 0; i < n; ++i)
    if (isfinite(loss[i])) {
      if (loss[i] < lo)
        lo = loss[i];
      if (loss[i] > hi)
        hi = loss[i];
    }
  if (hi - lo <= 0)
    hi = lo + 1;
  double ystep = nice_step(hi - lo, 6);
  lo = floor(lo / ystep) * ystep;
  hi = ceil(hi / ystep) * ystep;
  double xstep = nice_step((double)n, 8);
  if (xstep < 1)
    xstep = 1;
#define X(step) (LEFT + pw * (double)(step) / (double)n)
#define Y(v) (TOP + ph * (hi - (double)(v)) / (hi - lo))

  /* Moving average over `window` steps centered on each step, via prefix
     sums; near the start the window shrinks to stay centered (the loss
     falls fastest there), near the end it is cut off. */
  long window = n / 25;
  window = window < 5 ? 5 : window > 250 ? 250 : window;
  if (window > n)
    window = n;
  double *sum = xmalloc((size_t)(n + 1) * sizeof *sum);
  long *count = xmalloc((size_t)(n + 1) * sizeof *count);
  sum[0] = 0;
  count[0] = 0;
  for (long i = 0; i < n; ++i) {
    int ok = isfinite(loss[i]);
    sum[i + 1] = sum[i] + (ok ? loss[i] : 0);
    count[i + 1] = count[i] + ok;
  }

  FILE *f = fopen(path, "w");
  if (!f) {
    free(sum);
    free(count);
    return 0;
  }
  fprintf(
      f,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
      "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, "
      "sans-serif\">\n"
      "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
      W, H, W, H, W, H);
  fprintf(f,
          "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\" "
          "fill=\"#222\">"
          "%s &#8212; training loss</text>\n",
          LEFT, MODEL_NAME);
  fprintf(f,
          "<text x=\"%d\" y=\"48\" font-size=\"12\" fill=\"#666\">%ld epoch%s "
          "&#183; %ld "
          "steps of %d images &#183; seed %llu &#183; final epoch loss %.4f "
          "&#183; test "
          "accuracy %.4f</text>\n",
          LEFT, info->epochs, info->epochs == 1 ? "" : "s", n, BATCH,
          (unsigned long long)info->seed, info->final_loss, info->accuracy);

  /* Grid, ticks and tick labels. */
  fprintf(f, "<g font-size=\"11\" fill=\"#555\">\n");
  for (long k = 0; lo + (double)k * ystep <= hi + ystep * 1e-6; ++k) {
    double v = lo + (double)k * ystep, y = Y(v);
    fprintf(
        f,
        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"#e4e4e4\"/>\n"
        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>\n"
        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
        LEFT, y, LEFT + pw, y, LEFT - 5, y, LEFT, y, LEFT - 8, y + 4,
        fabs(v) < ystep * 1e-6 ? 0.0 : v);
  }
  for (long k = 0; (double)k * xstep <= (double)n + 1e-6; ++k) {
    double s = (double)k * xstep, x = X(s);
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#f0f0f0\"/>\n"
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#444\"/>\n"
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
            x, TOP, x, TOP + ph, x, TOP + ph, x, TOP + ph + 5, x, TOP + ph + 19,
            s);
  }
  fprintf(f, "</g>\n");

  /* Epoch boundaries. */
  for (long e = 1; e < info->epochs; ++e) {
    double x = X(e * info->steps_per_epoch);
    fprintf(
        f,
        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
        "stroke-dasharray=\"4,4\"/>\n",
        x, TOP, x, TOP + ph);
    if (info->epochs <= 12)
      fprintf(f,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#888\">epoch "
              "%ld</text>\n",
              x + 4, TOP + 12, e + 1);
  }

  /* Raw loss, faint. With more steps than pixels, each pixel column keeps
     its lowest and highest value, which draws the same band. */
  fprintf(f,
          "<polyline fill=\"none\" stroke=\"#7aa6d6\" stroke-opacity=\"0.55\" "
          "stroke-width=\"1\" stroke-linejoin=\"round\" points=\"");
  long columns = (long)pw * 2;
  if (n <= columns) {
    for (long i = 0; i < n; ++i)
      if (isfinite(loss[i]))
        fprintf(f, "%.1f,%.1f ", X(i + 1), Y(loss[i]));
  } else {
    for (long c = 0; c < columns; ++c) {
      long a = n * c / columns, b = n * (c + 1) / columns, imin = -1, imax = -1;
      for (long i = a; i < b; ++i)
        if (isfinite(loss[i])) {
          if (imin < 0 || loss[i] < loss[imin])
            imin = i;
          if (imax < 0 || loss[i] > loss[imax])
            imax = i;
        }
      if (imin < 0)
        continue;
      long first = imin < imax ? imin : imax,
           second = imin < imax ? imax : imin;
      fprintf(f, "%.1f,%.1f ", X(first + 1), Y(loss[first]));
      if (second != first)
        fprintf(f, "%.1f,%.1f ", X(second + 1), Y(loss[second]));
    }
  }
  fprintf(f, "\"/>\n");

  /* Moving average, at most about one point per pixel. */
  fprintf(f, "<polyline fill=\"none\" stroke=\"#d1495b\" stroke-width=\"2.2\" "
             "stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"");
  long points = n < (long)pw ? n : (long)pw;
  for (long k = 0; k < points; ++k) {
    long i = points > 1 ? k * (n - 1) / (points - 1) : 0;
    long half = window / 2 < i ? window / 2 : i, a = i - half, b = i + half + 1;
    b = b > n ? n : b;
    if (count[b] > count[a])
      fprintf(f, "%.1f,%.1f ", X(i + 1),
              Y((sum[b] - sum[a]) / (double)(count[b] - count[a])));
  }
  fprintf(f, "\"/>\n");

  /* Frame, axis titles, and the legend in one row above the plot. */
  fprintf(
      f,
      "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
      "stroke=\"#444\"/>\n"
      "<text x=\"%.1f\" y=\"%d\" font-size=\"13\" fill=\"#333\" "
      "text-anchor=\"middle\">step</text>\n"
      "<text x=\"18\" y=\"%.1f\" font-size=\"13\" fill=\"#333\" "
      "text-anchor=\"middle\" "
      "transform=\"rotate(-90 18 %.1f)\">loss</text>\n",
      LEFT, TOP, pw, ph, LEFT + pw / 2, H - 14, TOP + ph / 2, TOP + ph / 2);
  const int ly = TOP - 14;
  fprintf(f,
          "<g font-size=\"12\" fill=\"#333\">\n"
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#7aa6d6\" "
          "stroke-width=\"1.5\"/>\n"
          "<text x=\"%d\" y=\"%d\">loss of each step</text>\n"
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d1495b\" "
          "stroke-width=\"2.2\"/>\n"
          "<text x=\"%d\" y=\"%d\">moving average (%ld steps)</text>\n"
          "</g>\n</svg>\n",
          LEFT, ly - 4, LEFT + 24, ly - 4, LEFT + 30, ly, LEFT + 160, ly - 4,
          LEFT + 184, ly - 4, LEFT + 190, ly, window);
#undef X
#undef Y
  free(sum);
  free(count);
  int ok = !ferror(f);
  return fclose(f) == 0 && ok;
}

/* ---- Main ------------------------------------------------------------ */

int main(int argc, char **argv) {
  static Real input[SIZE(_INPUT_SIZE)], output[SIZE(_OUTPUT_SIZE)];
  static Label labels[SIZE(_LABEL_SIZE)];

  if (argc > 0 && argv[0][0])
    program = argv[0];
  Options opt = parse_options(argc, argv);

  double t0 = now();
  Dataset train = load_split(opt.data, "train"),
          test = load_split(opt.data, "t10k");
  long train_count =
      opt.limit && opt.limit < train.count ? opt.limit : train.count;
  long steps_per_epoch = train_count / BATCH;
  if (steps_per_epoch == 0)
    die("%ld training images are fewer than one batch of %d", train_count,
        BATCH);
  if (test.count != TEST_IMAGES)
    fprintf(stderr, "%s: note: %ld test images (Fashion-MNIST has %d)\n",
            program, test.count, TEST_IMAGES);

  Model *model = API(_create)(opt.seed);
  if (!model)
    die("%s: out of memory", STR(API(_create)));
  if (opt.resume) {
    int status = API(_load)(model, opt.resume);
    if (status)
      die("cannot resume from %s: %s (status %d)", opt.resume,
          API(_strerror)(status), status);
  }

  printf("%s: %ld training images (%ld batches of %d, %ld left out), %ld test "
         "images, "
         "loaded in %.2f s\n",
         MODEL_NAME, train_count, steps_per_epoch, BATCH, train_count % BATCH,
         test.count, now() - t0);
  printf("%s: %ld epoch%s, seed %llu%s%s\n", MODEL_NAME, opt.epochs,
         opt.epochs == 1 ? "" : "s", (unsigned long long)opt.seed,
         opt.resume ? ", resumed from " : "", opt.resume ? opt.resume : "");
  fflush(stdout);

  long *order = xmalloc((size_t)train_count * sizeof *order);
  for (long i = 0; i < train_count; ++i)
    order[i] = i;
  float *losses =
      xmalloc((size_t)(opt.epochs * steps_per_epoch) * sizeof *losses);
  uint64_t rng = opt.seed;
  Progress bar = {isatty(fileno(stderr)), 0, 0, 0};
  double train_seconds = 0, epoch_loss = 0, accuracy = 0;
  long step = 0, nonfinite = 0;

  for (long epoch = 1; epoch <= opt.epochs; ++epoch) {
    shuffle(order, train_count, &rng);
    bar.start = now();
    bar.last_draw = 0;
    bar.last_tenth = 0;
    double total = 0;
    for (long s = 0; s < steps_per_epoch; ++s, ++step) {
      Real loss;
      fill_input(&train, order, s * BATCH, BATCH, input);
      fill_labels(&train, order, s * BATCH, labels);
      int status = API(_train_step)(model, input, labels, &loss);
      if (status) {
        progress_clear(&bar, "");
        check(status, STR(API(_train_step)));
      }
      losses[step] = (float)loss;
      if (!isfinite(loss) && nonfinite++ == 0) {
        progress_clear(&bar, "");
        fprintf(stderr, "%s: warning: loss is %g at step %ld\n", program,
                (double)loss, step + 1);
      }
      total += (double)loss;
      progress(&bar, epoch, opt.epochs, s + 1, steps_per_epoch,
               total / (double)(s + 1));
    }
    double seconds = now() - bar.start;
    progress_clear(&bar, "testing...");
    train_seconds += seconds;
    epoch_loss = total / (double)steps_per_epoch;

    double t_eval = now();
    accuracy = evaluate(model, &test, input, output);
    t_eval = now() - t_eval;
    progress_clear(&bar, "");
    printf("epoch %ld/%ld  train loss %.4f  test accuracy %.4f  %.2f s (%.0f "
           "images/s)  "
           "test %.2f s\n",
           epoch, opt.epochs, epoch_loss, accuracy, seconds,
           (double)(steps_per_epoch * BATCH) / seconds, t_eval);
    fflush(stdout);
  }
  if (nonfinite)
    fprintf(stderr, "%s: warning: %ld steps had a non-finite loss\n", program,
            nonfinite);

  int failed = 0;
  int status = API(_save)(model, opt.checkpoint);
  if (status) {
    fprintf(stderr, "%s: error: %s: %s: %s\n", program, STR(API(_save)),
            opt.checkpoint, API(_strerror)(status));
    failed = 1;
  }
  if (!write_csv(opt.csv, losses, step, steps_per_epoch)) {
    fprintf(stderr, "%s: error: cannot write %s: %s\n", program, opt.csv,
            strerror(errno));
    failed = 1;
  }
  ChartInfo info = {step,     steps_per_epoch, opt.epochs,
                    opt.seed, epoch_loss,      accuracy};
  if (!write_svg(opt.svg, losses, &info)) {
    fprintf(stderr, "%s: error: cannot write %s: %s\n", program, opt.svg,
            strerror(errno));
    failed = 1;
  }
  if (!failed)
    printf("wrote %s, %s, %s\n", opt.checkpoint, opt.csv, opt.svg);

  printf("RESULT model=%s epochs=%ld train_loss=%.4f test_accuracy=%.4f "
         "seconds_per_epoch=%.3f\n",
         MODEL_NAME, opt.epochs, epoch_loss, accuracy,
         train_seconds / (double)opt.epochs);

  API(_destroy)(model);
  free(losses);
  free(order);
  free_dataset(&train);
  free_dataset(&test);
  return failed;
}
