/* params.c: registry-driven loading, checking and writing of parameters through libconfig. */
#include "sim/params.h"

#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/calendar.h"

/* ---- small helpers ---- */

static const char *type_name(int type);
static int is_number(const config_setting_t *s);
static double number_of(const config_setting_t *s);

static void *field(void *target, const sim_param *p) { return (char *)target + p->offset; }
static const void *cfield(const void *target, const sim_param *p) {
  return (const char *)target + p->offset;
}

/* Append ".0" to a number written with %.17g that has no decimal point or exponent, so that it
 * reads back (and shows) as a float: "2" -> "2.0". buf holds n bytes; %.17g writes at most 24. */
static void add_point_zero(char *buf, size_t n) {
  size_t k = strlen(buf);
  if (!strpbrk(buf, ".eEn") && k + 3 <= n) memcpy(buf + k, ".0", 3);
}

/* Format a number for a message: integers without an exponent, others with %g. */
static void fmt_num(char *buf, size_t n, double v) {
  if (isfinite(v) && fabs(v) < 1e17 && v == floor(v))
    snprintf(buf, n, "%.0f", v);
  else
    snprintf(buf, n, "%g", v);
}

/* The "(expected ...)" text of a parameter, shared by every message about it. */
static void expected_text(const sim_param *p, char *buf, size_t n) {
  char lo[32], hi[32];
  fmt_num(lo, sizeof lo, p->lo);
  fmt_num(hi, sizeof hi, p->hi);
  switch (p->type) {
  case SIM_PT_REAL: snprintf(buf, n, "a number in [%s, %s]", lo, hi); break;
  case SIM_PT_INT: snprintf(buf, n, "an integer in [%s, %s]", lo, hi); break;
  case SIM_PT_BOOL: snprintf(buf, n, "true or false"); break;
  case SIM_PT_DATE: snprintf(buf, n, "a date \"YYYY-MM\""); break;
  case SIM_PT_STRING: snprintf(buf, n, "a string of at most %d bytes", SIM_PARAM_STR_MAX - 1); break;
  case SIM_PT_CHOICE: {
    size_t k = (size_t)snprintf(buf, n, "one of ");
    const char *c = p->choices;
    while (*c && k + 4 < n) {
      const char *bar = strchr(c, '|');
      size_t len = bar ? (size_t)(bar - c) : strlen(c);
      k += (size_t)snprintf(buf + k, n - k, "%s\"%.*s\"", c == p->choices ? "" : ", ", (int)len, c);
      c = bar ? bar + 1 : c + len;
    }
    break;
  }
  case SIM_PT_STEPS:
    snprintf(buf, n, "a list of (\"YYYY-MM\", value) pairs in increasing date order, values in [%s, %s]",
             lo, hi);
    break;
  case SIM_PT_ARRAY: snprintf(buf, n, "an array of %d numbers in [%s, %s]", p->len, lo, hi); break;
  }
}

const char *sim_params_type_name(const void *config_setting) {
  return type_name(config_setting_type((const config_setting_t *)config_setting));
}
int sim_params_is_number(const void *config_setting) { return is_number(config_setting); }
double sim_params_number_of(const void *config_setting) { return number_of(config_setting); }

static const char *type_name(int type) {
  switch (type) {
  case CONFIG_TYPE_GROUP: return "a group";
  case CONFIG_TYPE_INT: case CONFIG_TYPE_INT64: return "an integer";
  case CONFIG_TYPE_FLOAT: return "a number";
  case CONFIG_TYPE_STRING: return "a string";
  case CONFIG_TYPE_BOOL: return "a boolean";
  case CONFIG_TYPE_ARRAY: return "an array";
  case CONFIG_TYPE_LIST: return "a list";
  default: return "nothing";
  }
}

static int is_number(const config_setting_t *s) {
  int t = config_setting_type(s);
  return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static double number_of(const config_setting_t *s) {
  if (config_setting_type(s) == CONFIG_TYPE_FLOAT) return config_setting_get_float(s);
  return (double)config_setting_get_int64(s);
}

static sim_param_origin origin_of(const config_setting_t *s, sim_param_origin fallback) {
  sim_param_origin o = fallback;
  if (config_setting_source_file(s)) {
    o.file = config_setting_source_file(s);
    o.line = (int)config_setting_source_line(s);
  }
  return o;
}

/* ---- reading one value ---- */

/* libconfig 1.5 reads an integer literal without the suffix L with atoi, and a hexadecimal one
 * with strtoul cast to int: 123456789012 reads as -1097262572 and 0xFFFFFFFF as -1; a literal
 * beyond 64 bits reads as LLONG_MAX or -1, suffix or not. The parsed value cannot tell, so the
 * files are scanned again as libconfig's scanner does (comments, strings, @include inlined), and
 * each scalar token is paired with the setting libconfig made of it: the scalar settings in
 * depth-first order are the scalar tokens in file order. The literals libconfig could not hold
 * are kept with their setting in a table hung on the root setting, made at the first question and
 * freed by config_destroy (through the configuration's destructor). A configuration read from a
 * string, or whose files no longer pair with its settings, is not checked. */

#define LIT_TEXT 48              /* a literal as shown in a message; a longer one ends in "..." */
#define LIT_MAGIC 0x6c697462u    /* marks the table among hooks */
#define LIT_MAX_INCLUDE_DEPTH 10 /* as libconfig 1.5 */

typedef struct {
  const config_setting_t *setting;
  char text[LIT_TEXT];
  long long value; /* the literal's value, if !overflow */
  int overflow;    /* beyond 64 bits */
} lit_entry;

typedef struct {
  unsigned magic;
  lit_entry *e; /* sorted by setting address */
  size_t n, cap;
} lit_table;

typedef struct {
  const config_setting_t *agg;
  int i, n;
} lit_frame;

/* The scan: tokens of the files, and a depth-first walk over the settings to pair them with. */
typedef struct {
  lit_frame *stack;
  size_t depth, cap;
  lit_table *table;
  const char *include_dir;
  int prev_string; /* the last token was a string: a string right after it continues it */
  int ok;          /* tokens and settings pair so far */
  /* sim_params_check_includes: only the @include directives are looked at. */
  int includes_only;
  const char *file, *text; /* the file being scanned and its text, for the line of a directive */
  int line;                /* of the directive being followed */
  sim_errs *e;
} lit_scan;

static void lit_table_free(void *hook) {
  lit_table *t = hook;
  if (!t || t->magic != LIT_MAGIC) return;
  free(t->e);
  free(t);
}

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
  if (sc->includes_only) return;
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
    unsigned long long d = is_dec(lit[i]) ? (unsigned long long)(lit[i] - '0')
                                          : (unsigned long long)((lit[i] | 0x20) - 'a' + 10);
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
  lit_table *t = sc->table;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 8;
    lit_entry *grown = realloc(t->e, cap * sizeof *grown);
    if (!grown) {
      sc->ok = 0;
      return;
    }
    t->e = grown;
    t->cap = cap;
  }
  lit_entry *en = &t->e[t->n++];
  en->setting = s;
  en->overflow = overflow;
  en->value = overflow ? 0 : neg ? (v == (unsigned long long)LLONG_MAX + 1ULL ? LLONG_MIN : -(long long)v) : (long long)v;
  if (len < LIT_TEXT)
    snprintf(en->text, sizeof en->text, "%.*s", (int)len, lit);
  else
    snprintf(en->text, sizeof en->text, "%.*s...", LIT_TEXT - 4, lit);
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

static char *read_whole(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 14, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *grown = realloc(buf, 2 * cap);
      if (!grown) {
        free(buf);
        buf = NULL;
      }
      buf = grown;
      cap *= 2;
    }
  }
  if (buf && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  (void)fclose(f); /* read only */
  *len = n;
  return buf;
}

/* lit_scan_text, lit_directive and lit_include recurse once per nested @include, at most
 * LIT_MAX_INCLUDE_DEPTH deep (the limit libconfig applies itself). */
static void lit_scan_text(lit_scan *sc, const char *text, size_t len, int depth);

/* An @include: its file is scanned in place, named relative to the include folder as libconfig
 * does. */
// NOLINTNEXTLINE(misc-no-recursion): at most LIT_MAX_INCLUDE_DEPTH deep
static void lit_include(lit_scan *sc, const char *name, int depth) {
  if (depth >= LIT_MAX_INCLUDE_DEPTH) {
    if (!sc->includes_only) sc->ok = 0; /* else libconfig reports it */
    return;
  }
  const char *dir = sc->include_dir;
  size_t n = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
  char *path = malloc(n);
  if (!path) {
    sc->ok = 0;
    return;
  }
  if (dir)
    snprintf(path, n, "%s/%s", dir, name);
  else
    snprintf(path, n, "%s", name);
  if (sc->includes_only) {
    struct stat st;
    int missing = stat(path, &st) != 0; /* libconfig reports a file that is not there */
    if (!missing && !S_ISREG(st.st_mode))
      sim_errs_add(sc->e, sc->file, sc->line, NULL,
                   "@include \"%s\": %s is %s (expected a readable file, named relative to the scenario's folder)", name,
                   dir && strcmp(dir, ".") != 0 ? path : name[0] ? name : ".",
                   S_ISDIR(st.st_mode) ? "a folder" : "not a regular file");
    if (missing || !S_ISREG(st.st_mode)) {
      free(path);
      return;
    }
  }
  size_t flen = 0;
  char *body = read_whole(path, &flen);
  if (!body) {
    free(path);
    if (!sc->includes_only) sc->ok = 0;
    return;
  }
  const char *file = sc->file, *text = sc->text;
  sc->file = path;
  sc->text = body;
  lit_scan_text(sc, body, flen, depth + 1);
  sc->file = file;
  sc->text = text;
  free(body);
  free(path);
}

/* If an "@include "NAME"" starts at p (spaces and tabs first, at the start of a line), scan the
 * file and return the end of the directive; else return p. */
// NOLINTNEXTLINE(misc-no-recursion): at most LIT_MAX_INCLUDE_DEPTH deep
static const char *lit_directive(lit_scan *sc, const char *p, const char *end, int depth) {
  size_t avail = (size_t)(end - p), b = 0;
  while (b < avail && (p[b] == ' ' || p[b] == '\t')) b++;
  // cppcheck-suppress knownConditionTrueFalse ; false positive: the loop above also stops at a non-blank
  if (avail - b < 9 || memcmp(p + b, "@include", 8) != 0 || (p[b + 8] != ' ' && p[b + 8] != '\t')) return p;
  const char *q = p + b;
  q += 8;
  while (q < end && (*q == ' ' || *q == '\t')) q++;
  if (q >= end || *q != '"') return p;
  q++;
  char *name = malloc((size_t)(end - q) + 1);
  if (!name) {
    sc->ok = 0;
    return end;
  }
  size_t k = 0;
  while (q < end && *q != '"') {
    if (*q == '\\' && q + 1 < end && (q[1] == '\\' || q[1] == '"')) q++;
    name[k++] = *q++;
  }
  name[k] = '\0';
  if (sc->text) {
    sc->line = 1;
    for (const char *c = sc->text; c < p; c++) sc->line += *c == '\n';
  }
  if (q < end) lit_include(sc, name, depth);
  else sc->ok = 0;
  free(name);
  return q < end ? q + 1 : end;
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

// NOLINTNEXTLINE(misc-no-recursion): at most LIT_MAX_INCLUDE_DEPTH deep
static void lit_scan_text(lit_scan *sc, const char *text, size_t len, int depth) {
  const char *p = text, *end = text + len;
  int bol = 1; /* at the start of a line, where an @include may stand */
  while (p < end && sc->ok) {
    if (bol) {
      const char *q = lit_directive(sc, p, end, depth);
      bol = 0;
      if (q != p) {
        p = q;
        continue;
      }
    }
    char c = *p;
    if (c == '\n') {
      bol = 1;
      p++;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
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
  uintptr_t x = (uintptr_t)((const lit_entry *)a)->setting, y = (uintptr_t)((const lit_entry *)b)->setting;
  return x < y ? -1 : x > y;
}

/* The table of the configuration s belongs to: made and hung on the root at the first call.
 * NULL if it cannot be made (read from a string, files changed, out of memory). */
static const lit_table *lit_table_of(const config_setting_t *s) {
  config_setting_t *root = s->parent;
  if (!root) return NULL;
  while (root->parent) root = root->parent;
  config_t *cfg = root->config;
  if (root->hook) return ((const lit_table *)root->hook)->magic == LIT_MAGIC ? root->hook : NULL;
  if (!cfg || !root->file || (cfg->destructor && cfg->destructor != lit_table_free)) return NULL;
  lit_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->magic = LIT_MAGIC;
  lit_scan sc = {.table = t, .include_dir = config_get_include_dir(cfg), .ok = 1};
  size_t len = 0;
  char *text = read_whole(root->file, &len);
  if (!text || lit_push(&sc, root) != 0) sc.ok = 0;
  if (sc.ok) lit_scan_text(&sc, text, len, 0);
  if (sc.ok && lit_next_setting(&sc)) sc.ok = 0; /* settings left without a token */
  free(text);
  free(sc.stack);
  if (!sc.ok) t->n = 0; /* not paired: nothing can be told */
  if (t->n > 1) qsort(t->e, t->n, sizeof *t->e, by_setting);
  config_set_destructor(cfg, lit_table_free);
  config_setting_set_hook(root, t);
  return t;
}

/* The literal of an integer setting that libconfig 1.5 could not hold, or NULL. */
static const lit_entry *wrapped_literal(const config_setting_t *s) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) return NULL;
  const lit_table *t = lit_table_of(s);
  if (!t || t->n == 0) return NULL;
  lit_entry key = {.setting = s};
  return bsearch(&key, t->e, t->n, sizeof *t->e, by_setting);
}

/* Check the @include directives of a scenario file and of the files it includes, before libconfig
 * reads it: libconfig 1.5 opens an @include of a folder (@include "" or "." for instance) and its
 * flex scanner, failing to read it, calls exit(2) from inside the library, printing "input in
 * flex scanner failed". Each @include that names something other than a regular file is reported
 * at its line; a missing file is left to libconfig, which reports it. Directives are found as
 * libconfig finds them (at the start of a line, outside comments and strings). Returns the
 * number of problems added to e. */
int sim_params_check_includes(const char *path, const char *include_dir, sim_errs *e) {
  size_t len = 0;
  char *text = read_whole(path, &len);
  if (!text) return 0; /* libconfig reports a file it cannot read */
  size_t before = e->count;
  lit_scan sc = {.include_dir = include_dir, .ok = 1, .includes_only = 1, .file = path, .text = text, .e = e};
  lit_scan_text(&sc, text, len, 0);
  free(text);
  free(sc.stack);
  return (int)(e->count - before);
}

/* Report a number setting whose literal libconfig could not hold, as written: out of range, or
 * to be written with the suffix L. `what` prefixes the value ("element 2 = ", "step 3: ").
 * Returns 1 if it was reported. */
static int refuse_wrapped(const config_setting_t *s, const sim_param *p, sim_param_origin at, const char *key,
                          const char *what, const char *exp, sim_errs *e) {
  const lit_entry *w = wrapped_literal(s);
  if (!w) return 0;
  int out = w->overflow;
  if (!out && p->type == SIM_PT_INT) out = w->value < (long long)p->lo || w->value > (long long)p->hi;
  if (!out && p->type != SIM_PT_INT) out = (double)w->value < p->lo || (double)w->value > p->hi;
  if (out)
    sim_errs_add(e, at.file, at.line, key, "%s%s is out of range (expected %s)", what, w->text, exp);
  else
    sim_errs_add(e, at.file, at.line, key,
                 "%s%s does not fit in 32 bits as written (expected %s; write large integers with the suffix L, e.g. %sL)",
                 what, w->text, exp, w->text);
  return 1;
}

/* Check and store one setting's value into the parameter's field; 0 on success. */
static int set_value(const config_setting_t *s, const sim_param *p, void *target,
                     sim_param_origin at, const char *key, sim_errs *e) {
  char exp[256];
  expected_text(p, exp, sizeof exp);
  int type = config_setting_type(s);
  char num[32];
  switch (p->type) {
  case SIM_PT_REAL: {
    if (!is_number(s)) goto wrong_type;
    if (refuse_wrapped(s, p, at, key, "", exp, e)) return -1;
    double v = number_of(s);
    if (!isfinite(v) || v < p->lo || v > p->hi) {
      fmt_num(num, sizeof num, v);
      sim_errs_add(e, at.file, at.line, key, "%s is out of range (expected %s)", num, exp);
      return -1;
    }
    *(double *)field(target, p) = v;
    return 0;
  }
  case SIM_PT_INT: {
    if (type == CONFIG_TYPE_FLOAT) {
      snprintf(num, sizeof num, "%.17g", config_setting_get_float(s));
      add_point_zero(num, sizeof num); /* show 2.0 as written, not as an integer */
      sim_errs_add(e, at.file, at.line, key, "%s is not an integer (expected %s)", num, exp);
      return -1;
    }
    if (!is_number(s)) goto wrong_type;
    if (refuse_wrapped(s, p, at, key, "", exp, e)) return -1;
    long long v = config_setting_get_int64(s);
    /* Compared as integers: a double cannot tell 2^53 from 2^53 + 1. */
    if (v < (long long)p->lo || v > (long long)p->hi) {
      sim_errs_add(e, at.file, at.line, key, "%lld is out of range (expected %s)", v, exp);
      return -1;
    }
    *(int64_t *)field(target, p) = (int64_t)v;
    return 0;
  }
  case SIM_PT_BOOL:
    if (type != CONFIG_TYPE_BOOL) goto wrong_type;
    *(int *)field(target, p) = config_setting_get_bool(s) ? 1 : 0;
    return 0;
  case SIM_PT_DATE: {
    if (type != CONFIG_TYPE_STRING) goto wrong_type;
    const char *text = config_setting_get_string(s);
    int32_t m;
    if (sim_cal_parse(text, &m) != 0) {
      sim_errs_add(e, at.file, at.line, key, "\"%s\" is not a valid date (expected %s)", text, exp);
      return -1;
    }
    *(int32_t *)field(target, p) = m;
    return 0;
  }
  case SIM_PT_STRING: {
    if (type != CONFIG_TYPE_STRING) goto wrong_type;
    const char *text = config_setting_get_string(s);
    if (strlen(text) >= SIM_PARAM_STR_MAX) {
      sim_errs_add(e, at.file, at.line, key, "string of %zu bytes is too long (expected %s)",
                   strlen(text), exp);
      return -1;
    }
    memcpy(field(target, p), text, strlen(text) + 1); /* fits: checked just above */
    return 0;
  }
  case SIM_PT_CHOICE: {
    if (type != CONFIG_TYPE_STRING) goto wrong_type;
    const char *text = config_setting_get_string(s);
    size_t len = strlen(text);
    int index = 0;
    for (const char *c = p->choices; *c; index++) {
      const char *bar = strchr(c, '|');
      size_t clen = bar ? (size_t)(bar - c) : strlen(c);
      if (clen == len && strncmp(c, text, len) == 0) {
        *(int *)field(target, p) = index;
        return 0;
      }
      c = bar ? bar + 1 : c + clen;
    }
    sim_errs_add(e, at.file, at.line, key, "\"%s\" is not a valid choice (expected %s)", text, exp);
    return -1;
  }
  case SIM_PT_ARRAY: {
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) goto wrong_type;
    int n = config_setting_length(s);
    if (n != p->len) {
      sim_errs_add(e, at.file, at.line, key, "has %d elements (expected %s)", n, exp);
      return -1;
    }
    double *out = (double *)field(target, p);
    int bad = 0;
    for (int i = 0; i < n; i++) {
      const config_setting_t *el = config_setting_get_elem(s, (unsigned)i);
      if (!is_number(el)) {
        sim_errs_add(e, at.file, at.line, key, "element %d is %s (expected %s)", i + 1,
                     type_name(config_setting_type(el)), exp);
        bad = 1;
        continue;
      }
      char what[32];
      snprintf(what, sizeof what, "element %d = ", i + 1);
      if (refuse_wrapped(el, p, at, key, what, exp, e)) {
        bad = 1;
        continue;
      }
      double v = number_of(el);
      if (!isfinite(v) || v < p->lo || v > p->hi) {
        fmt_num(num, sizeof num, v);
        sim_errs_add(e, at.file, at.line, key, "element %d = %s is out of range (expected %s)",
                     i + 1, num, exp);
        bad = 1;
        continue;
      }
      out[i] = v;
    }
    return bad ? -1 : 0;
  }
  case SIM_PT_STEPS: {
    if (type != CONFIG_TYPE_LIST) goto wrong_type;
    sim_cal_steps steps;
    memset(&steps, 0, sizeof steps);
    int n = config_setting_length(s);
    if (n == 0) {
      sim_errs_add(e, at.file, at.line, key, "is empty (expected %s)", exp);
      return -1;
    }
    for (int i = 0; i < n; i++) {
      const config_setting_t *pair = config_setting_get_elem(s, (unsigned)i);
      sim_param_origin pat = origin_of(pair, at);
      const config_setting_t *d = config_setting_get_elem(pair, 0);
      const config_setting_t *v = config_setting_get_elem(pair, 1);
      int32_t m;
      if (config_setting_type(pair) != CONFIG_TYPE_LIST || config_setting_length(pair) != 2 ||
          config_setting_type(d) != CONFIG_TYPE_STRING || !is_number(v)) {
        sim_errs_add(e, pat.file, pat.line, key, "step %d is not a (\"YYYY-MM\", number) pair (expected %s)",
                     i + 1, exp);
        return -1;
      }
      if (sim_cal_parse(config_setting_get_string(d), &m) != 0) {
        sim_errs_add(e, pat.file, pat.line, key, "step %d: \"%s\" is not a valid date (expected %s)",
                     i + 1, config_setting_get_string(d), exp);
        return -1;
      }
      char what[32];
      snprintf(what, sizeof what, "step %d: ", i + 1);
      if (refuse_wrapped(v, p, pat, key, what, exp, e)) return -1;
      double val = number_of(v);
      if (!isfinite(val) || val < p->lo || val > p->hi) {
        fmt_num(num, sizeof num, val);
        sim_errs_add(e, pat.file, pat.line, key, "step %d: %s is out of range (expected %s)", i + 1,
                     num, exp);
        return -1;
      }
      int rc = sim_cal_steps_add(&steps, m, val);
      if (rc != 0) {
        sim_errs_add(e, pat.file, pat.line, key, "step %d: %s (expected %s)", i + 1,
                     rc == -1 ? "too many steps" : "date is not after the previous step's", exp);
        return -1;
      }
    }
    *(sim_cal_steps *)field(target, p) = steps;
    return 0;
  }
  }
wrong_type:
  sim_errs_add(e, at.file, at.line, key, "wrong type, %s (expected %s)", type_name(type), exp);
  return -1;
}

/* ---- lookup and suggestions ---- */

const sim_param *sim_params_find(const sim_param_table *t, const char *key) {
  for (size_t i = 0; i < t->count; i++)
    if (strcmp(t->params[i].key, key) == 0) return &t->params[i];
  return NULL;
}

size_t sim_params_edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63) return 99;
  size_t row[64];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (row[j] + 1 < best) best = row[j] + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

static void unknown_key(const sim_param_table *t, const char *key, const char *shown,
                        sim_param_origin at, sim_errs *e) {
  const char *best = NULL;
  size_t best_d = 4;
  for (size_t i = 0; i < t->count; i++) {
    size_t d = sim_params_edit_distance(key, t->params[i].key);
    if (d < best_d) {
      best_d = d;
      best = t->params[i].key;
    }
  }
  if (best)
    sim_errs_add(e, at.file, at.line, shown, "unknown key (expected a %s parameter; did you mean '%s'?)",
                 t->scope, best);
  else
    sim_errs_add(e, at.file, at.line, shown,
                 "unknown key (expected a %s parameter, see 'tzsim params')", t->scope);
}

static int has_group(const sim_param_table *t, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < t->count; i++)
    if (strncmp(t->params[i].key, name, n) == 0 && t->params[i].key[n] == '.') return 1;
  return 0;
}

/* ---- reading groups ---- */

/* Recursive for a group of the registry ("labour: { ... }"): only from the top level (prefix ""),
 * so the depth is at most 2 whatever the nesting of the input. */
// NOLINTNEXTLINE(misc-no-recursion): depth at most 2, see above
static void read_into(const config_setting_t *group, const char *file, const char *prefix,
                      const sim_param_table *t,
                      void *target, sim_param_origin *where, const char *path,
                      const char *const *skip, sim_errs *e) {
  int n = config_setting_length(group);
  for (int i = 0; i < n; i++) {
    const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
    const char *name = config_setting_name(s);
    if (!name) continue;
    char key[256], shown[512];
    snprintf(key, sizeof key, "%s%s", prefix, name);
    snprintf(shown, sizeof shown, "%s%s", path, key);
    sim_param_origin at = origin_of(s, (sim_param_origin){file, (int)config_setting_source_line(s), 0});
    int skipped = 0;
    if (!*prefix && skip)
      for (const char *const *k = skip; *k; k++)
        if (strcmp(*k, name) == 0) skipped = 1;
    if (skipped) continue;
    const sim_param *p = sim_params_find(t, key);
    if (p) {
      int rc = set_value(s, p, target, at, shown, e);
      if (where) { /* present, even if invalid: not also reported "missing" */
        where[p - t->params] = at;
        where[p - t->params].invalid = rc != 0;
      }
      continue;
    }
    if (!*prefix && has_group(t, key)) {
      if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        sim_errs_add(e, at.file, at.line, shown, "wrong type, %s (expected a group { ... })",
                     type_name(config_setting_type(s)));
        continue;
      }
      char sub[sizeof key + 2];
      snprintf(sub, sizeof sub, "%s.", key);
      read_into(s, file, sub, t, target, where, path, skip, e);
      continue;
    }
    unknown_key(t, key, shown, at, e);
  }
}

void sim_params_read_group(const void *config_group, const char *file, const sim_param_table *t,
                           void *target, sim_param_origin *where, const char *path,
                           const char *const *skip, sim_errs *e) {
  read_into((const config_setting_t *)config_group, file, "", t, target, where, path ? path : "",
            skip, e);
}

void sim_params_check_required(const sim_param_table *t, const sim_param_origin *where,
                               sim_param_origin at, const char *path, sim_errs *e) {
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    if (p->def || where[i].file) continue;
    char exp[256], shown[512];
    expected_text(p, exp, sizeof exp);
    snprintf(shown, sizeof shown, "%s%s", path ? path : "", p->key);
    sim_errs_add(e, at.file, at.line, shown, "missing (expected %s)", exp);
  }
}

/* Parse "v = TEXT;" with libconfig and store it through the parameter's checks. */
static int set_from_text(const sim_param *p, void *target, const char *text, sim_param_origin at,
                         const char *shown, sim_errs *e) {
  config_t cfg;
  config_init(&cfg);
  size_t n = strlen(text) + 16;
  char *src = malloc(n);
  if (!src) {
    config_destroy(&cfg);
    sim_errs_add(e, at.file, at.line, shown, "out of memory");
    return -1;
  }
  snprintf(src, n, "v = %s;", text);
  int rc = -1;
  if (config_read_string(&cfg, src) == CONFIG_TRUE) {
    const config_setting_t *s = config_lookup(&cfg, "v");
    rc = set_value(s, p, target, at, shown, e);
  } else {
    char exp[256];
    expected_text(p, exp, sizeof exp);
    sim_errs_add(e, at.file, at.line, shown, "cannot parse '%s' (expected %s)", text, exp);
  }
  free(src);
  config_destroy(&cfg);
  return rc;
}

sim_status sim_params_defaults(const sim_param_table *t, void *target, sim_errs *e) {
  sim_status st = SIM_OK;
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    if (!p->def) continue;
    if (set_from_text(p, target, p->def, (sim_param_origin){"registry", 0, 0}, p->key, e) != 0)
      st = SIM_EPARAM;
  }
  return st;
}

int sim_params_set_text(const sim_param_table *t, void *target, const char *key,
                        const char *value, sim_param_origin where, const char *shown, sim_errs *e) {
  const sim_param *p = sim_params_find(t, key);
  if (!shown) shown = key;
  if (!p) {
    unknown_key(t, key, shown, where, e);
    return -1;
  }
  int bare = value[0] != '"' &&
             (p->type == SIM_PT_STRING || p->type == SIM_PT_CHOICE || p->type == SIM_PT_DATE);
  int rc;
  if (bare) {
    /* Quote a bare word so "--set ebe.ramp_shape=linear" works without shell gymnastics. */
    size_t n = strlen(value);
    char *q = malloc(2 * n + 3);
    if (!q) return -1;
    char *w = q;
    *w++ = '"';
    for (const char *c = value; *c; c++) {
      if (*c == '"' || *c == '\\') *w++ = '\\';
      *w++ = *c;
    }
    *w++ = '"';
    *w = '\0';
    rc = set_from_text(p, target, q, where, shown, e);
    free(q);
  } else if (p->type == SIM_PT_INT && value[0] && strspn(value, "+-0123456789") == strlen(value) && strlen(value) < 40) {
    /* A plain integer: read it as 64 bits (libconfig wraps bare literals at 32 bits). */
    char wide[48];
    snprintf(wide, sizeof wide, "%sL", value);
    rc = set_from_text(p, target, wide, where, shown, e);
  } else {
    rc = set_from_text(p, target, value, where, shown, e);
  }
  return rc == 0 ? (int)(p - t->params) : -1;
}

/* ---- writing ---- */

void sim_params_quote(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    switch (*c) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (*c < 0x20)
        fprintf(f, "\\x%02x", *c);
      else
        fputc(*c, f);
    }
  }
  fputc('"', f);
}

/* Numbers are written with 17 significant digits so that reading them back is exact. */
static void write_real(FILE *f, double v) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", v);
  /* libconfig needs a decimal point or exponent to read a float back as a float. */
  add_point_zero(buf, sizeof buf);
  fputs(buf, f);
}

int sim_params_write_value(FILE *f, const sim_param *p, const void *target) {
  const void *v = cfield(target, p);
  char date[16];
  switch (p->type) {
  case SIM_PT_REAL: write_real(f, *(const double *)v); break;
  case SIM_PT_INT: fprintf(f, "%lldL", (long long)*(const int64_t *)v); break;
  case SIM_PT_BOOL: fputs(*(const int *)v ? "true" : "false", f); break;
  case SIM_PT_DATE:
    sim_cal_format(*(const int32_t *)v, date);
    fprintf(f, "\"%s\"", date);
    break;
  case SIM_PT_STRING: sim_params_quote(f, (const char *)v); break;
  case SIM_PT_CHOICE: {
    int index = *(const int *)v;
    const char *c = p->choices;
    for (int k = 0; k < index && c; k++) {
      c = strchr(c, '|');
      if (c) c++;
    }
    size_t len = c ? (strchr(c, '|') ? (size_t)(strchr(c, '|') - c) : strlen(c)) : 0;
    fprintf(f, "\"%.*s\"", (int)len, c ? c : "");
    break;
  }
  case SIM_PT_ARRAY: {
    const double *a = (const double *)v;
    fputc('[', f);
    for (int i = 0; i < p->len; i++) {
      if (i) fputs(", ", f);
      write_real(f, a[i]);
    }
    fputc(']', f);
    break;
  }
  case SIM_PT_STEPS: {
    const sim_cal_steps *s = (const sim_cal_steps *)v;
    fputc('(', f);
    for (int i = 0; i < s->n; i++) {
      sim_cal_format(s->from[i], date);
      fprintf(f, "%s(\"%s\", ", i ? ", " : "", date);
      write_real(f, s->value[i]);
      fputc(')', f);
    }
    fputc(')', f);
    break;
  }
  }
  return ferror(f) ? -1 : 0;
}

int sim_params_write(FILE *f, const sim_param_table *t, const void *target, int indent) {
  char group[64] = "";
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    const char *dot = strchr(p->key, '.');
    size_t glen = dot ? (size_t)(dot - p->key) : 0;
    int same = glen && strlen(group) == glen && strncmp(group, p->key, glen) == 0;
    if (group[0] && !same) {
      fprintf(f, "%*s};\n", indent, "");
      group[0] = '\0';
    }
    if (glen && !same) {
      snprintf(group, sizeof group, "%.*s", (int)glen, p->key);
      fprintf(f, "%*s%s: {\n", indent, "", group);
    }
    int pad = indent + (group[0] ? 2 : 0);
    fprintf(f, "%*s%s = ", pad, "", dot ? dot + 1 : p->key);
    sim_params_write_value(f, p, target);
    fprintf(f, "; // %s (%s)\n", p->meaning, p->unit);
  }
  if (group[0]) fprintf(f, "%*s};\n", indent, "");
  return ferror(f) ? -1 : 0;
}

/* Markdown cells must not contain a bare '|'. */
static void md_cell(FILE *f, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|')
      fputs("\\|", f);
    else
      fputc(*s, f);
  }
}

int sim_params_markdown(FILE *f, const sim_param_table *t) {
  fprintf(f, "| key | meaning | unit | default | valid range | source |\n");
  fprintf(f, "|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    char exp[256];
    expected_text(p, exp, sizeof exp);
    fprintf(f, "| `%s` | ", p->key);
    md_cell(f, p->meaning);
    fputs(" | ", f);
    md_cell(f, p->unit);
    fputs(" | ", f);
    if (p->def) {
      fputc('`', f);
      md_cell(f, p->def);
      fputc('`', f);
    } else {
      fputs("required", f);
    }
    fputs(" | ", f);
    md_cell(f, exp);
    fputs(" | ", f);
    md_cell(f, p->source);
    fputs(" |\n", f);
  }
  return ferror(f) ? -1 : 0;
}
