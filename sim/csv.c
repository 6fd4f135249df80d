/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.c: see csv.h. */
#include "sim/csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/textio.h"

/* ---- writing ---- */

/* A number as tzsim writes it, and as a spreadsheet reads it: -?DIGITS[.DIGITS][e[+-]DIGITS]. */
static int plain_number(const char *s) {
  const char *p = s + (*s == '-');
  int digits = 0;
  for (; *p >= '0' && *p <= '9'; p++) digits++;
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9'; p++) digits++;
  if (!digits) return 0;
  if (*p == 'e' || *p == 'E') {
    p += (p[1] == '+' || p[1] == '-') ? 2 : 1;
    if (!(*p >= '0' && *p <= '9')) return 0;
    while (*p >= '0' && *p <= '9') p++;
  }
  return *p == '\0';
}

int sim_csv_is_formula(const char *s) {
  if (s[0] == '\0' || !strchr("=+-@\t\r", s[0])) return 0;
  if (!strcmp(s, "-")) return 0; /* a lone dash (the unit of a ratio) computes nothing */
  return !plain_number(s);       /* s starts with one of those: a plain number here is a negative one */
}

/* One or more neutralising quotes before a formula ("'=1", "''=1"): the reader takes one off. */
static int quoted_formula(const char *s) {
  if (*s != '\'') return 0;
  while (*s == '\'') s++;
  return sim_csv_is_formula(s);
}

/* A text cell for a CSV file whose cells are separated by sep: quoted when it holds sep, a quote or
 * a line break, or is a formula (then neutralised). */
static void text_cell(FILE *f, const char *s, char sep) {
  const char specials[] = {sep, '"', '\r', '\n', '\0'};
  /* A text that already starts with neutralising quotes before a formula ("'=1") gets one more,
   * since the reader takes one off: it reads back as it was. */
  int formula = sim_csv_is_formula(s) || quoted_formula(s);
  if (!formula && !strpbrk(s, specials)) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (formula) fputc('\'', f); /* OWASP: a leading quote makes a spreadsheet show the text, not run it */
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

void sim_csv_field(FILE *f, const char *s) { text_cell(f, s, ','); }

/* CSV numbers: 12 significant digits are exact for counts and to the euro for sums below 1e12,
 * and stay readable. */
void sim_csv_number(FILE *f, double v) {
  if (isfinite(v)) fprintf(f, "%.12g", v == 0.0 ? 0.0 : v); /* no "-0"; nothing for NaN */
}

/* ---- reading ---- */

static int blank(char c) { return c == ' ' || c == '\t'; }

int sim_csv_next_field(char **rp, char **wp, char **field, int flags) {
  int trim = flags & SIM_CSV_TRIM;
  char *r = *rp, *w = *wp;
  *field = w;
  while (trim && blank(*r)) r++;
  if (*r == '"') {
    r++;
    for (;;) {
      if (*r == '\0') return SIM_CSV_UNTERMINATED;
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
    if (!trim && quoted_formula(*field)) memmove(*field, *field + 1, (size_t)(--w - *field));
    while (trim && blank(*r)) r++;
    if (*r != ',' && *r != '\n' && *r != '\0' && !(*r == '\r' && (r[1] == '\n' || r[1] == '\0')))
      return SIM_CSV_AFTER_QUOTE;
  } else {
    while (*r && *r != ',' && *r != '\n' && (trim || *r != '\r')) *w++ = *r++;
    while (trim && w > *field && blank(w[-1])) w--;
  }
  if (*r == '\r') r++;
  int term = *r == ',' ? ',' : *r == '\n' ? '\n' : *r == '\0' ? 0 : SIM_CSV_AFTER_QUOTE;
  if (term > 0) r++;
  *w++ = '\0';
  *rp = r;
  *wp = w;
  return term;
}

sim_status sim_csv_read(const char *path, sim_csv_table *t, sim_errs *e) {
  memset(t, 0, sizeof *t);
  size_t len = 0;
  t->buf = sim_slurp(path, &len);
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
      term = sim_csv_next_field(&r, &w, &f, 0);
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
      sim_errs_add(e, path, (int)line - 1, NULL,
                   "the last line has no end (expected a complete file: it was cut short)");
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
      sim_errs_add(e, path, (int)line - 1, t->head[n],
                   "missing: the line has %d fields (expected %d, as the header has)", n, t->ncols);
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
  sim_csv_free(t);
  sim_errs_add(e, path, 0, NULL, "out of memory while reading it");
  return SIM_ENOMEM;
bad:
  free(cells);
  sim_csv_free(t);
  return SIM_EPARAM;
}

void sim_csv_free(sim_csv_table *t) {
  free(t->buf);
  free(t->head);
  free(t->cell);
  memset(t, 0, sizeof *t);
}

int sim_csv_col(const sim_csv_table *t, const char *name) {
  for (int k = 0; k < t->ncols; k++)
    if (strcmp(t->head[k], name) == 0) return k;
  return -1;
}

const char *sim_csv_get(const sim_csv_table *t, size_t row, int col) {
  if (col < 0 || col >= t->ncols || row >= t->nrows) return "";
  return t->cell[row * (size_t)t->ncols + (size_t)col];
}

double sim_csv_num(const sim_csv_table *t, size_t row, int col) {
  const char *s = sim_csv_get(t, row, col);
  if (!*s) return (double)NAN;
  char *end = NULL;
  double v = strtod(s, &end);
  return end && *end == '\0' ? v : (double)NAN;
}

/* ---- the French spreadsheet dialect ---- */

/* One cell: a number with a decimal comma, or text quoted when it holds ';', a quote or a line
 * break, with a formula neutralised as in sim_csv_field. */
static void fr_cell(FILE *f, const char *s) {
  if (plain_number(s)) {
    for (; *s; s++) fputc(*s == '.' ? ',' : *s, f);
    return;
  }
  text_cell(f, s, ';');
}

sim_status sim_csv_write_fr(FILE *f, const sim_csv_table *t) {
  fputs("\xEF\xBB\xBF", f); /* the UTF-8 byte-order mark: Excel reads the accents as UTF-8 only with it */
  for (size_t r = 0; r <= t->nrows; r++)
    for (int c = 0; c < t->ncols; c++) {
      fr_cell(f, r == 0 ? t->head[c] : sim_csv_get(t, r - 1, c));
      fputc(c + 1 < t->ncols ? ';' : '\n', f);
    }
  return ferror(f) ? SIM_EIO : SIM_OK;
}
