/* SPDX-License-Identifier: GPL-3.0-or-later */
/* errs.c: collection of located error messages. */
#include "sim/errs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim_errs_init(sim_errs *e) { memset(e, 0, sizeof *e); }

void sim_errs_destroy(sim_errs *e) {
  for (size_t i = 0; i < e->count; i++) {
    free(e->msg[i]);
    free(e->file[i]);
  }
  free(e->msg);
  free(e->file);
  free(e->line);
  memset(e, 0, sizeof *e);
}

/* ---- escaping ---- */

int sim_utf8_valid_len(const unsigned char *s) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  int n;
  unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0; /* overlong below U+0800 */
    if (c == 0xED) hi = 0x9F; /* surrogates U+D800-U+DFFF */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90; /* overlong below U+10000 */
    if (c == 0xF4) hi = 0x8F; /* beyond U+10FFFF */
  } else {
    return 0; /* continuation byte, C0/C1 overlong lead, F5-FF */
  }
  if (s[1] < lo || s[1] > hi) return 0;
  for (int i = 2; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return n;
}

/* Code point of a valid sequence of n bytes. */
static unsigned code_point(const unsigned char *s, int n) {
  static const unsigned lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  unsigned cp = s[0] & lead_mask[n];
  for (int i = 1; i < n; i++) cp = (cp << 6) | (s[i] & 0x3Fu);
  return cp;
}

/* Characters a terminal acts on although valid: C1 controls (U+009B is CSI) and the bidirectional
 * controls that reorder what is shown (Trojan Source). */
static int invisible_control(unsigned cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

/* The escaped form of the character at s: writes it to out (at least 7 bytes) and returns its
 * length; *used gets the bytes of s consumed. */
static size_t escape_one(const unsigned char *s, char *out, size_t *used) {
  static const char hex[] = "0123456789abcdef";
  int n = sim_utf8_valid_len(s);
  if (n == 0 || (n == 1 && (s[0] < 0x20 || s[0] == 0x7F))) {
    out[0] = '\\';
    out[1] = 'x';
    out[2] = hex[s[0] >> 4];
    out[3] = hex[s[0] & 15];
    *used = 1;
    return 4;
  }
  *used = (size_t)n;
  unsigned cp = n > 1 ? code_point(s, n) : s[0];
  if (invisible_control(cp)) {
    out[0] = '\\';
    out[1] = 'u';
    for (int i = 0; i < 4; i++) out[2 + i] = hex[(cp >> (12 - 4 * i)) & 15];
    return 6;
  }
  memcpy(out, s, (size_t)n);
  return (size_t)n;
}

char *sim_escape_text(const char *text, char *out, size_t n) {
  const unsigned char *s = (const unsigned char *)text;
  size_t k = 0;
  while (*s) {
    char one[8];
    size_t used, len = escape_one(s, one, &used);
    if (k + len >= n) break; /* a whole character or escape, never half of one */
    memcpy(out + k, one, len);
    k += len;
    s += used;
  }
  out[k] = '\0';
  return out;
}

size_t sim_escape_len(const char *text) {
  const unsigned char *s = (const unsigned char *)text;
  size_t k = 0;
  while (*s) {
    char one[8];
    size_t used;
    k += escape_one(s, one, &used);
    s += used;
  }
  return k;
}

void sim_print_escaped(FILE *f, const char *text) {
  const unsigned char *s = (const unsigned char *)text;
  while (*s) {
    char one[8];
    size_t used, len = escape_one(s, one, &used);
    fwrite(one, 1, len, f);
    s += used;
  }
}

/* Start of the character that contains byte i of s (back over UTF-8 continuation bytes, at most 3). */
static size_t char_start(const char *s, size_t i) {
  for (int k = 0; k < 3 && i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; k++) i--;
  return i;
}

const char *sim_errs_clip(const char *text, char *buf, size_t n) {
  size_t len = strlen(text);
  if (len < n || n < 8) return text;
  size_t keep = char_start(text, n - 4);
  memcpy(buf, text, keep);
  memcpy(buf + keep, "...", 4);
  return buf;
}

/* The text of a message: escaped, and if too long its middle replaced by "..." (the end says why). */
static char *message_text(const char *text) {
  size_t len = strlen(text);
  const size_t head = SIM_ERRS_MAX_LEN / 3, tail = SIM_ERRS_MAX_LEN / 2;
  char *cut = NULL;
  if (len > SIM_ERRS_MAX_LEN) {
    size_t h = char_start(text, head), t = char_start(text, len - tail);
    size_t size = h + 3 + (len - t) + 1;
    cut = malloc(size);
    if (!cut) return NULL;
    snprintf(cut, size, "%.*s...%s", (int)h, text, text + t);
    text = cut;
  }
  size_t need = sim_escape_len(text) + 1;
  char *out = malloc(need);
  if (out) sim_escape_text(text, out, need);
  free(cut);
  return out;
}

/* ---- the list ---- */

static void add_located(sim_errs *e, const char *text, const char *file, int line) {
  if (e->count == e->cap) {
    size_t cap = e->cap ? 2 * e->cap : 8;
    char **grown = realloc(e->msg, cap * sizeof *grown);
    if (grown) e->msg = grown;
    char **gfile = realloc(e->file, cap * sizeof *gfile);
    if (gfile) e->file = gfile;
    int *gline = realloc(e->line, cap * sizeof *gline);
    if (gline) e->line = gline;
    if (!grown || !gfile || !gline) return; /* Out of memory while reporting: earlier messages stand. */
    e->cap = cap;
  }
  /* One error is one line, and a file cannot drive the terminal through a message: escaped here,
   * the one place every message passes. */
  char *copy = message_text(text);
  if (!copy) return;
  char *fcopy = NULL;
  if (file) {
    size_t fn = strlen(file) + 1;
    fcopy = malloc(fn);
    if (fcopy) memcpy(fcopy, file, fn);
  }
  e->msg[e->count] = copy;
  e->file[e->count] = fcopy;
  e->line[e->count] = line;
  e->count++;
}

void sim_errs_add_raw(sim_errs *e, const char *text) { add_located(e, text, NULL, 0); }

static int same_file(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

void sim_errs_sort(sim_errs *e, size_t from) {
  size_t n = e->count > from ? e->count - from : 0;
  if (n < 2) return;
  /* A file ranks by its first message; within a file, by line; ties keep their order. */
  size_t *rank = malloc(n * sizeof *rank);
  if (!rank) return;
  for (size_t i = 0; i < n; i++) {
    rank[i] = i;
    for (size_t j = 0; j < i; j++)
      if (same_file(e->file[from + j], e->file[from + i])) {
        rank[i] = rank[j];
        break;
      }
  }
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0; j--) {
      size_t a = from + j - 1, b = from + j;
      if (rank[j - 1] < rank[j] || (rank[j - 1] == rank[j] && e->line[a] <= e->line[b])) break;
      char *m = e->msg[a], *f = e->file[a];
      int l = e->line[a];
      size_t r = rank[j - 1];
      e->msg[a] = e->msg[b];
      e->file[a] = e->file[b];
      e->line[a] = e->line[b];
      rank[j - 1] = rank[j];
      e->msg[b] = m;
      e->file[b] = f;
      e->line[b] = l;
      rank[j] = r;
    }
  free(rank);
}

void sim_errs_add(sim_errs *e, const char *file, int line, const char *key, const char *fmt, ...) {
  /* Formatted whole (no fixed buffer that would cut off the reason); message_text caps it. */
  char *body = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !(body = malloc((size_t)n + 1))) return; /* out of memory while reporting */
  va_start(ap, fmt);
  vsnprintf(body, (size_t)n + 1, fmt, ap);
  va_end(ap);
  char num[24] = "";
  if (file && line > 0) snprintf(num, sizeof num, "%d: ", line);
  const char *parts[] = {file ? file : "",
                         file ? (line > 0 ? ":" : ": ") : "",
                         num,
                         key && *key ? key : "",
                         key && *key ? ": " : "",
                         body};
  size_t total = 1;
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) total += strlen(parts[i]);
  char *all = malloc(total);
  if (all) {
    snprintf(all, total, "%s%s%s%s%s%s", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    add_located(e, all, file, line > 0 ? line : 0);
  }
  free(all);
  free(body);
}
