/* table.c: a CSV reader for the result files and a scalar lookup in their JSON manifests. */
#include "plots/table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *plt_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
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
    sim_errs_add(e, path, 0, NULL, "cannot read: %s (expected a file of a tzsim result folder)", strerror(errno));
    return SIM_EIO;
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

/* ---- JSON ---- */

static void put_utf8(unsigned long c, char *out, size_t n, size_t *k) {
  unsigned char b[4];
  int m;
  if (c < 0x80) {
    b[0] = (unsigned char)c;
    m = 1;
  } else if (c < 0x800) {
    b[0] = (unsigned char)(0xC0 | (c >> 6));
    b[1] = (unsigned char)(0x80 | (c & 0x3F));
    m = 2;
  } else if (c < 0x10000) {
    b[0] = (unsigned char)(0xE0 | (c >> 12));
    b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    b[2] = (unsigned char)(0x80 | (c & 0x3F));
    m = 3;
  } else {
    b[0] = (unsigned char)(0xF0 | (c >> 18));
    b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (c & 0x3F));
    m = 4;
  }
  for (int i = 0; i < m; i++)
    if (out && *k + 1 < n) out[(*k)++] = (char)b[i];
}

static unsigned long hex4(const char *p, int *ok) {
  unsigned long v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) {
      *ok = 0;
      return 0;
    }
    v = v * 16 + (unsigned long)d;
  }
  return v;
}

/* The string starting at p (on its opening quote), decoded into out (if not NULL); returns the
 * character after the closing quote, or NULL if unterminated. */
static const char *json_string(const char *p, char *out, size_t n) {
  size_t k = 0;
  for (p++; *p && *p != '"'; p++) {
    if (*p != '\\') {
      if (out && k + 1 < n) out[k++] = *p;
      continue;
    }
    p++;
    char c = *p;
    if (!c) return NULL;
    if (c == 'u') {
      int ok = 1;
      unsigned long u = hex4(p + 1, &ok);
      if (!ok) return NULL;
      p += 4;
      if (u >= 0xD800 && u < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
        unsigned long lo = hex4(p + 3, &ok);
        if (ok && lo >= 0xDC00 && lo < 0xE000) {
          u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          p += 6;
        }
      }
      if (u >= 0xD800 && u < 0xE000) u = 0xFFFD;
      put_utf8(u, out, n, &k);
      continue;
    }
    char d = (char)(c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c);
    if (out && k + 1 < n) out[k++] = d;
  }
  if (out && n) out[k] = '\0';
  return *p == '"' ? p + 1 : NULL;
}

int plt_json_scalar(const char *json, const char *key, int nth, char *out, size_t n) {
  char name[256];
  for (const char *p = json; p && *p;) {
    if (*p != '"') {
      p++;
      continue;
    }
    const char *after = json_string(p, name, sizeof name);
    if (!after) return -1;
    const char *q = after;
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
    if (*q != ':') {
      p = after; /* a string value */
      continue;
    }
    q++;
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
    int scalar = *q == '"' || *q == '-' || (*q >= '0' && *q <= '9') || *q == 't' || *q == 'f' || *q == 'n';
    if (!scalar || strcmp(name, key) != 0 || nth-- > 0) {
      p = q;
      continue;
    }
    if (*q == '"') return json_string(q, out, n) ? 0 : -1;
    size_t k = 0;
    while (*q && !strchr(",}] \t\r\n", *q) && k + 1 < n) out[k++] = *q++;
    if (n) out[k] = '\0';
    return 0;
  }
  return -1;
}
