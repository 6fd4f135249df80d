/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_result.c: libFuzzer target over the reading of a result folder by the figures and the report
 * (plt_run_load in plots/result.c, with the CSV reader of plots/table.c), what `tzsim plot DIR`
 * and compare's figures read before drawing anything.
 *
 * The input is a result folder, as sections: each section is a 4-byte little-endian length and that
 * many bytes (fewer if the input ends first), in the order monthly.csv, summary.csv, run.json,
 * summary.json, scenario.cfg. A file whose section is absent is absent. The files are written into
 * a temporary folder and loaded; a loaded run is then read as the figures read it.
 *
 * Properties, checked by abort(): a load either succeeds with every territory having a row for
 * every month and arm (each a row of monthly.csv) or refuses with at least one message, each one
 * line. Memory errors, leaks and undefined behaviour are the sanitizers' to catch. The seeds
 * (result/corpus/) are real result folders serialised by make-result-corpus.sh. replay.c runs this
 * target over files with any compiler (the CTest test "fuzz_result_replay"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plots/result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"monthly.csv", "summary.csv", "run.json", "summary.json", "scenario.cfg"};
static const char *const metrics[] = {"ppde", "ebe", "ebe_fte", "queue", "capacity_fte", "hires", "volunteers_new",
                                      "funding_eur"};

_Noreturn static void fail(const char *what) {
  fprintf(stderr, "fuzz_result: %s\n", what);
  abort();
}

/* The next section of the input, or 0 at its end. */
static int section(const uint8_t **p, size_t *left, const uint8_t **bytes, size_t *n) {
  if (*left < 4) return 0;
  uint32_t len = (uint32_t)(*p)[0] | (uint32_t)(*p)[1] << 8 | (uint32_t)(*p)[2] << 16 | (uint32_t)(*p)[3] << 24;
  *p += 4;
  *left -= 4;
  *n = len < *left ? len : *left;
  *bytes = *p;
  *p += *n;
  *left -= *n;
  return 1;
}

/* Read a loaded run as the figures do. */
static void read_like_figures(const plt_run *r) {
  if (r->n_groups < 1 || r->n_months < 1) fail("a run loaded without territories or months");
  for (int g = 0; g < r->n_groups; g++)
    for (int m = 0; m < r->n_months; m++)
      for (int a = 0; a < 2; a++) {
        size_t row = r->groups[g].rows[(size_t)m * 2 + (size_t)a];
        if (row >= r->monthly.nrows) fail("a run loaded with a missing or out-of-range row");
        for (size_t k = 0; k < sizeof metrics / sizeof metrics[0]; k++)
          for (int which = -1; which <= 1; which++) (void)plt_run_value(r, g, m, a, metrics[k], which);
      }
  plt_ci ci;
  (void)plt_summary(r, "total", "ppde_reduction", &ci);
  (void)plt_summary(r, r->groups[0].name, "ebe_fte", &ci);
}

static char dir[256];

/* Remove what the previous input wrote. */
static void clear(void) {
  char path[400];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    (void)unlink(path);
  }
}

/* At exit: the temporary folder goes (a replay in every build must leave nothing behind). */
static void remove_dir(void) {
  clear();
  (void)rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!dir[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fuzz_result.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) fail("cannot make a temporary folder");
    (void)atexit(remove_dir);
  }
  clear();
  char path[400];
  const uint8_t *p = data, *bytes;
  size_t left = size, n;
  for (size_t i = 0; i < sizeof files / sizeof files[0] && section(&p, &left, &bytes, &n); i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    FILE *out = fopen(path, "wb");
    if (!out || fwrite(bytes, 1, n, out) != n || fclose(out) != 0) fail("cannot write a result file");
  }
  sim_errs e;
  sim_errs_init(&e);
  plt_run r;
  sim_status st = plt_run_load(dir, &r, &e);
  if (getenv("FUZZ_RESULT_VERBOSE"))
    for (size_t i = 0; i < e.count; i++) fprintf(stderr, "  %s\n", e.msg[i]);
  if (st == SIM_OK) read_like_figures(&r);
  else if (e.count == 0) fail("a result folder was refused without a message");
  for (size_t i = 0; i < e.count; i++)
    if (strchr(e.msg[i], '\n')) fail("a message spans several lines");
  plt_run_free(&r);
  sim_errs_destroy(&e);
  return 0;
}
