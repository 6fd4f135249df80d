/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_csv.c: libFuzzer target over the one CSV module (sim/csv.c): the reader of the result files
 * (sim_csv_read, which `tzsim plot` runs on folders from anywhere), the cell writer (sim_csv_field)
 * and the French dialect (sim_csv_write_fr).
 *
 * The input is the bytes of a CSV file, written to a scratch file (the reader takes a path).
 * Properties, checked by abort() so that the fuzzer keeps the input:
 *  - refused: exactly one message, naming the file, and an empty table;
 *  - accepted: every row has the header's cells; written back with sim_csv_field (numbers are text
 *    cells here) and read again, the table is the same, cell for cell (the round trip of every
 *    result file: a neutralised formula "'=1+2" reads back as its text and is neutralised again);
 *  - the French copy starts with the byte-order mark, ends with a newline and has one line per
 *    row outside quoted cells.
 * Memory errors, leaks and undefined behaviour are the sanitizers' to catch.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when TZSIM_FUZZ=ON; replay.c runs the same
 * function over files with any compiler (the CTest test "fuzz_csv_replay"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_file.h"
#include "sim/csv.h"
#include "sim/errs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

_Noreturn static void fail(const char *what) {
  fprintf(stderr, "fuzz_csv: %s\n", what);
  abort();
}

/* t written as tzsim writes a CSV file: every cell through sim_csv_field. */
static char *write_back(const sim_csv_table *t, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  if (!f) return NULL;
  for (size_t r = 0; r <= t->nrows; r++)
    for (int c = 0; c < t->ncols; c++) {
      sim_csv_field(f, r == 0 ? t->head[c] : sim_csv_get(t, r - 1, c));
      fputc(c + 1 < t->ncols ? ',' : '\n', f);
    }
  if (fclose(f) != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* A one-column table whose cell is empty writes an empty line, which the reader skips (as it skips
 * the empty lines of any file): no round trip to ask of it. */
static int has_blank_line(const sim_csv_table *t) {
  if (t->ncols != 1) return 0;
  if (!t->head[0][0]) return 1;
  for (size_t r = 0; r < t->nrows; r++)
    if (!sim_csv_get(t, r, 0)[0]) return 1;
  return 0;
}

static void check_french(const sim_csv_table *t) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return;
  sim_status st = sim_csv_write_fr(f, t);
  if (fclose(f) != 0 || st != SIM_OK) {
    free(buf);
    return;
  }
  if (len < 4 || memcmp(buf, "\xEF\xBB\xBF", 3) != 0 || buf[len - 1] != '\n') fail("the French copy is malformed");
  size_t lines = 0;
  int quoted = 0;
  for (size_t i = 3; i < len; i++) {
    if (buf[i] == '"') quoted = !quoted;
    if (buf[i] == '\n' && !quoted) lines++;
  }
  if (quoted || lines != t->nrows + 1) fail("the French copy has another number of lines");
  free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_as_file("fuzz_csv", data, size);
  if (!path) return 0;
  sim_errs e;
  sim_errs_init(&e);
  sim_csv_table t;
  sim_status st = sim_csv_read(path, &t, &e);
  if (st != SIM_OK) {
    if (e.count != 1 || strncmp(e.msg[0], path, strlen(path)) != 0) fail("a refusal is not one message naming the file");
    if (t.buf || t.head || t.cell || t.nrows) fail("a refused table is not empty");
    sim_errs_destroy(&e);
    return 0;
  }
  if (e.count != 0 || t.ncols < 1 || (t.nrows && !t.cell)) fail("an accepted table is malformed");
  if (!has_blank_line(&t)) {
    size_t len = 0;
    char *text = write_back(&t, &len);
    const char *again = text ? fuzz_as_file("fuzz_csv", text, len) : NULL;
    free(text);
    if (again) {
      sim_csv_table u;
      if (sim_csv_read(again, &u, &e) != SIM_OK) fail("a table written back is refused");
      if (u.ncols != t.ncols || u.nrows != t.nrows) fail("a table written back has another shape");
      for (int c = 0; c < t.ncols; c++)
        if (strcmp(t.head[c], u.head[c]) != 0) fail("a header cell changed in the round trip");
      for (size_t r = 0; r < t.nrows; r++)
        for (int c = 0; c < t.ncols; c++)
          if (strcmp(sim_csv_get(&t, r, c), sim_csv_get(&u, r, c)) != 0) fail("a cell changed in the round trip");
      sim_csv_free(&u);
    }
  }
  check_french(&t);
  sim_csv_free(&t);
  sim_errs_destroy(&e);
  return 0;
}
