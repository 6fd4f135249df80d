/* table.c: a CSV reader for the result files (their JSON manifests are read with jansson, in result.c). */
#include "plots/table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/output.h"
#include "sim/shard.h"

char *plt_slurp(const char *path, size_t *len) {
  FILE *f = sim_fopen_regular(path, NULL); /* a FIFO or a device is no result file */
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (n + 1 < cap) break;
    char *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  int bad = ferror(f);
  int err = errno;
  (void)fclose(f); /* read only: nothing to lose */
  if (!buf || bad) {
    free(buf);
    errno = bad ? err : ENOMEM;
    return NULL;
  }
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

/* One field at *rp, unquoted into *wp (never ahead of *rp, so in place is safe). Returns what ended
 * it: ',' or '\n', 0 at the end of the text, -1 if malformed. */
static int next_field(char **rp, char **wp, char **field) {
  char *r = *rp, *w = *wp;
  *field = w;
  if (*r == '"') {
    r++;
    for (;;) {
      if (*r == '\0') return -1;
      if (*r == '"') {
        if (r[1] != '"') {
          r++;
          break;
        }
        r++;
      }
      *w++ = *r++;
    }
    /* A text cell neutralised by sim_csv_field ("'=...") reads back as written. */
    *w = '\0';
    if (**field == '\'' && sim_csv_is_formula(*field + 1))
      memmove(*field, *field + 1, (size_t)(--w - *field));
  } else {
    while (*r && *r != ',' && *r != '\n' && *r != '\r') *w++ = *r++;
  }
  if (*r == '\r') r++;
  int term = *r == ',' ? ',' : *r == '\n' ? '\n' : *r == '\0' ? 0 : -1;
  if (term > 0) r++;
  *w++ = '\0';
  *rp = r;
  *wp = w;
  return term;
}

sim_status plt_table_read(const char *path, plt_table *t, sim_errs *e) {
  memset(t, 0, sizeof *t);
  size_t len = 0;
  t->buf = plt_slurp(path, &len);
  if (!t->buf) {
    int not_file = errno == EINVAL; /* a FIFO, a device or a folder: bad input, not a failed read */
    sim_errs_add(e, path, 0, NULL, "cannot read: %s (expected a file of a tzsim result folder)",
                 not_file ? "not a regular file" : strerror(errno));
    return not_file ? SIM_EPARAM : SIM_EIO;
  }
  char *r = t->buf, *w = t->buf;
  size_t cap = 0, used = 0, line = 1;
  char **cells = NULL;
  char *row[4096];
  while (*r) {
    int n = 0, term;
    do {
      char *f;
      term = next_field(&r, &w, &f);
      if (term < 0) {
        sim_errs_add(e, path, (int)line, NULL, "malformed CSV (expected RFC 4180 fields)");
        goto bad;
      }
      if (n >= (int)(sizeof row / sizeof row[0]) || (t->head && n >= t->ncols)) {
        sim_errs_add(e, path, (int)line, NULL, "more fields than the header has (expected %d)", t->ncols);
        goto bad;
      }
      row[n++] = f;
    } while (term == ',');
    line++;
    if (n == 1 && row[0][0] == '\0') continue; /* an empty line */
    /* A file tzsim wrote ends with a newline: a last line without one was cut short. */
    if (term == 0) {
      sim_errs_add(e, path, (int)line - 1, NULL, "the last line has no end (expected a complete file: it was cut short)");
      goto bad;
    }
    if (!t->head) {
      t->ncols = n;
      t->head = malloc((size_t)n * sizeof *t->head);
      if (!t->head) goto nomem;
      memcpy(t->head, row, (size_t)n * sizeof *row);
      continue;
    }
    if (used + (size_t)t->ncols > cap) {
      size_t ncap = cap ? cap * 2 : (size_t)t->ncols * 1024;
      char **bigger = realloc(cells, ncap * sizeof *cells);
      if (!bigger) goto nomem;
      cells = bigger;
      cap = ncap;
    }
    if (n < t->ncols) {
      sim_errs_add(e, path, (int)line - 1, t->head[n], "missing: the line has %d fields (expected %d, as the header has)", n,
                   t->ncols);
      goto bad;
    }
    for (int k = 0; k < t->ncols; k++) cells[used + (size_t)k] = row[k];
    used += (size_t)t->ncols;
    t->nrows++;
  }
  if (!t->head) {
    sim_errs_add(e, path, 0, NULL, "empty file (expected a header row and data)");
    goto bad;
  }
  t->cell = cells;
  return SIM_OK;
nomem:
  free(cells);
  plt_table_free(t);
  sim_errs_add(e, path, 0, NULL, "out of memory while reading it");
  return SIM_ENOMEM;
bad:
  free(cells);
  plt_table_free(t);
  return SIM_EPARAM;
}

void plt_table_free(plt_table *t) {
  free(t->buf);
  free(t->head);
  free(t->cell);
  memset(t, 0, sizeof *t);
}

int plt_table_col(const plt_table *t, const char *name) {
  for (int k = 0; k < t->ncols; k++)
    if (strcmp(t->head[k], name) == 0) return k;
  return -1;
}

const char *plt_table_get(const plt_table *t, size_t row, int col) {
  if (col < 0 || col >= t->ncols || row >= t->nrows) return "";
  return t->cell[row * (size_t)t->ncols + (size_t)col];
}

double plt_table_num(const plt_table *t, size_t row, int col) {
  const char *s = plt_table_get(t, row, col);
  if (!*s) return (double)NAN;
  char *end = NULL;
  double v = strtod(s, &end);
  return end && *end == '\0' ? v : (double)NAN;
}

int plt_month(const char *d) {
  if (strlen(d) != 7 || d[4] != '-') return -1;
  for (int i = 0; i < 7; i++)
    if (i != 4 && (d[i] < '0' || d[i] > '9')) return -1;
  long y = strtol(d, NULL, 10), m = strtol(d + 5, NULL, 10);
  if (y < 1000 || m < 1 || m > 12) return -1;
  return (int)(y * 12 + m - 1);
}
