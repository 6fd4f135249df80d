/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cfg_literals.c: the integer literals libconfig 1.5 could not hold (see cfg_literals.h). To delete
 * with libconfig 1.5 support. The text is tokenised as libconfig's scanner does (comments, strings,
 * names, numbers) and each scalar token is paired with the next scalar setting of a depth-first
 * walk; a literal libconfig could not hold is kept with its setting. */
#include "sim/cfg_literals.h"

#include <libconfig.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cfg_lit_table {
  cfg_lit *e; /* sorted by setting address */
  size_t n, cap;
  int paired;
};

typedef struct {
  const config_setting_t *agg;
  int i, n;
} lit_frame;

/* The scan: tokens of the text, and a depth-first walk over the settings to pair them with. */
typedef struct {
  lit_frame *stack;
  size_t depth, cap;
  cfg_lit_table *table;
  int prev_string; /* the last token was a string: a string right after it continues it */
  int ok;          /* tokens and settings pair so far */
} lit_scan;

static int lit_push(lit_scan *sc, const config_setting_t *agg) {
  if (sc->depth == sc->cap) {
    size_t cap = sc->cap ? 2 * sc->cap : 16;
    lit_frame *grown = realloc(sc->stack, cap * sizeof *grown);
    if (!grown) return -1;
    sc->stack = grown;
    sc->cap = cap;
  }
  sc->stack[sc->depth++] = (lit_frame){agg, 0, config_setting_length(agg)};
  return 0;
}

/* The next scalar setting in depth-first order, or NULL when there is none (or on an error). */
static const config_setting_t *lit_next_setting(lit_scan *sc) {
  while (sc->depth > 0) {
    lit_frame *f = &sc->stack[sc->depth - 1];
    if (f->i >= f->n) {
      sc->depth--;
      continue;
    }
    const config_setting_t *c = config_setting_get_elem(f->agg, (unsigned)f->i++);
    if (!c) break;
    if (!config_setting_is_aggregate(c)) return c;
    if (lit_push(sc, c) != 0) break;
  }
  if (sc->depth > 0) sc->ok = 0;
  return NULL;
}

static int is_dec(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*'; }
static int is_name_char(char c) { return is_name_start(c) || is_dec(c) || c == '-' || c == '_'; }

/* A scalar token: pair it with the next setting; keep it if it is an integer libconfig could not
 * hold. kind is the setting type the token makes; for integers, lit and len are the literal. */
static void lit_scalar(lit_scan *sc, int kind, const char *lit, size_t len) {
  if (kind == CONFIG_TYPE_STRING && sc->prev_string) return; /* "a" "b" is one string */
  sc->prev_string = kind == CONFIG_TYPE_STRING;
  const config_setting_t *s = lit_next_setting(sc);
  if (!s || config_setting_type(s) != kind) {
    sc->ok = 0;
    return;
  }
  if (kind != CONFIG_TYPE_INT && kind != CONFIG_TYPE_INT64) return;
  int hex = len > 1 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X');
  size_t i = hex ? 2 : (lit[0] == '-' || lit[0] == '+');
  int neg = lit[0] == '-', overflow = 0;
  unsigned long long v = 0, base = hex ? 16 : 10;
  for (; i < len && is_hex(lit[i]); i++) {
    unsigned long long d =
        is_dec(lit[i]) ? (unsigned long long)(lit[i] - '0') : (unsigned long long)((lit[i] | 0x20) - 'a' + 10);
    if (v > (ULLONG_MAX - d) / base)
      overflow = 1;
    else
      v = v * base + d;
  }
  /* What libconfig 1.5 holds: an int without the suffix L, a long long with it; a hexadecimal
   * literal has no sign. */
  unsigned long long max = kind == CONFIG_TYPE_INT ? (unsigned long long)INT_MAX : (unsigned long long)LLONG_MAX;
  if (!overflow && v <= max + (unsigned long long)neg) return;
  if (v > (unsigned long long)LLONG_MAX + (unsigned long long)neg) overflow = 1;
  cfg_lit_table *t = sc->table;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 8;
    cfg_lit *grown = realloc(t->e, cap * sizeof *grown);
    if (!grown) {
      sc->ok = 0;
      return;
    }
    t->e = grown;
    t->cap = cap;
  }
  cfg_lit *en = &t->e[t->n++];
  en->setting = s;
  en->overflow = overflow;
  en->value = overflow ? 0
              : neg    ? (v == (unsigned long long)LLONG_MAX + 1ULL ? LLONG_MIN : -(long long)v)
                       : (long long)v;
  if (len < CFG_LIT_TEXT)
    snprintf(en->text, sizeof en->text, "%.*s", (int)len, lit);
  else
    snprintf(en->text, sizeof en->text, "%.*s...", CFG_LIT_TEXT - 4, lit);
}

/* Length of an exponent [eE][-+]?[0-9]+ at p[k], or 0. */
static size_t exponent_len(const char *p, const char *end, size_t k) {
  if (p + k >= end || (p[k] != 'e' && p[k] != 'E')) return 0;
  size_t j = k + 1;
  if (p + j < end && (p[j] == '-' || p[j] == '+')) j++;
  size_t d = j;
  while (p + j < end && is_dec(p[j])) j++;
  return j > d ? j - k : 0;
}

/* The longest number token at p, as libconfig 1.5's integer, integer64, hex, hex64 and float
 * rules match: its length (0 if none) and the setting type it makes. */
static size_t number_token(const char *p, const char *end, int *kind) {
  size_t best = 0;
  if (end - p >= 3 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && is_hex(p[2])) {
    size_t k = 3;
    while (p + k < end && is_hex(p[k])) k++;
    size_t l = (p + k < end && p[k] == 'L') ? (p + k + 1 < end && p[k + 1] == 'L' ? 2 : 1) : 0;
    best = k + l;
    *kind = l ? CONFIG_TYPE_INT64 : CONFIG_TYPE_INT;
  }
  size_t s = (*p == '-' || *p == '+') ? 1 : 0, d = s;
  while (p + d < end && is_dec(p[d])) d++;
  if (d > s) {
    size_t l = (p + d < end && p[d] == 'L') ? (p + d + 1 < end && p[d + 1] == 'L' ? 2 : 1) : 0;
    if (d + l > best) {
      best = d + l;
      *kind = l ? CONFIG_TYPE_INT64 : CONFIG_TYPE_INT;
    }
    /* [-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+ */
    size_t k = d;
    if (p + k < end && p[k] == '.') {
      k++;
      while (p + k < end && is_dec(p[k])) k++;
    }
    size_t x = exponent_len(p, end, k);
    if (x && k + x > best) {
      best = k + x;
      *kind = CONFIG_TYPE_FLOAT;
    }
  }
  /* [-+]?[0-9]*\.[0-9]*([eE][-+]?[0-9]+)? */
  if (p + d < end && p[d] == '.') {
    size_t k = d + 1;
    while (p + k < end && is_dec(p[k])) k++;
    k += exponent_len(p, end, k);
    if (k > best) {
      best = k;
      *kind = CONFIG_TYPE_FLOAT;
    }
  }
  return best;
}

/* The end of a string whose opening quote is before p, with libconfig's escapes. */
static const char *skip_string(const char *p, const char *end) {
  while (p < end && *p != '"') {
    if (*p == '\\' && p + 1 < end) {
      char c = p[1];
      if (c == 'n' || c == 'r' || c == 't' || c == 'f' || c == '\\' || c == '"')
        p += 2;
      else if ((c == 'x' || c == 'X') && p + 3 < end && is_hex(p[2]) && is_hex(p[3]))
        p += 4;
      else
        p++;
    } else {
      p++;
    }
  }
  return p < end ? p + 1 : end;
}

static void lit_scan_text(lit_scan *sc, const char *text, size_t len) {
  const char *p = text, *end = text + len;
  while (p < end && sc->ok) {
    char c = *p;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      p++;
    } else if (c == '#' || (c == '/' && p + 1 < end && p[1] == '/')) {
      while (p < end && *p != '\n') p++;
    } else if (c == '/' && p + 1 < end && p[1] == '*') {
      p += 2;
      while (p + 1 < end && !(p[0] == '*' && p[1] == '/')) p++;
      p = p + 1 < end ? p + 2 : end;
    } else if (c == '"') {
      p = skip_string(p + 1, end);
      lit_scalar(sc, CONFIG_TYPE_STRING, NULL, 0);
    } else if (is_name_start(c)) {
      size_t k = 1;
      while (p + k < end && is_name_char(p[k])) k++;
      char w[6] = "";
      for (size_t i = 0; i < k && i < 5; i++) w[i] = (char)(p[i] | 0x20);
      if ((k == 4 && memcmp(w, "true", 4) == 0) || (k == 5 && memcmp(w, "false", 5) == 0))
        lit_scalar(sc, CONFIG_TYPE_BOOL, NULL, 0);
      else
        sc->prev_string = 0; /* a name */
      p += k;
    } else {
      int kind = CONFIG_TYPE_NONE;
      size_t k = number_token(p, end, &kind);
      if (k) {
        lit_scalar(sc, kind, p, k);
        p += k;
      } else {
        sc->prev_string = 0; /* = : , ; { } [ ] ( ) */
        p++;
      }
    }
  }
}

static int by_setting(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const cfg_lit *)a)->setting, y = (uintptr_t)((const cfg_lit *)b)->setting;
  return x < y ? -1 : x > y;
}

cfg_lit_table *cfg_literals_scan(const void *root, const char *text, size_t len) {
  cfg_lit_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  lit_scan sc = {.table = t, .ok = 1};
  if (lit_push(&sc, (const config_setting_t *)root) != 0) {
    free(t);
    return NULL;
  }
  lit_scan_text(&sc, text, len);
  if (sc.ok && lit_next_setting(&sc)) sc.ok = 0; /* settings left without a token */
  free(sc.stack);
  t->paired = sc.ok;
  if (!sc.ok) t->n = 0; /* not paired: nothing can be told */
  if (t->n > 1) qsort(t->e, t->n, sizeof *t->e, by_setting);
  return t;
}

const cfg_lit *cfg_literals_find(const cfg_lit_table *t, const void *setting) {
  int type = config_setting_type((const config_setting_t *)setting);
  if (!t || t->n == 0 || (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)) return NULL;
  cfg_lit key = {.setting = setting};
  return bsearch(&key, t->e, t->n, sizeof *t->e, by_setting);
}

int cfg_literals_paired(const cfg_lit_table *t) { return t && t->paired; }

void cfg_literals_free(cfg_lit_table *t) {
  if (!t) return;
  free(t->e);
  free(t);
}
