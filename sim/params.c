/* SPDX-License-Identifier: GPL-3.0-or-later */
/* params.c: registry-driven loading and checking of parameters through libconfig (the writers are
 * in params_write.c). */
#include "sim/params.h"

#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/calendar.h"
#include "sim/cfg_literals.h"
#include "sim/scenario_text.h"

/* ---- small helpers ---- */

static const char *type_name(int type);
static int is_number(const config_setting_t *s);
static double number_of(const config_setting_t *s);

static void *field(void *target, const sim_param *p) { return (char *)target + p->offset; }

void sim_params_fmt_real(char *buf, size_t n, double v) {
  snprintf(buf, n, "%.17g", v);
  /* ".0" after a number with no decimal point or exponent, so that it reads back (and shows) as a
   * float: "2" -> "2.0"; %.17g writes at most 24 bytes. */
  size_t k = strlen(buf);
  if (!strpbrk(buf, ".eEn") && k + 3 <= n) memcpy(buf + k, ".0", 3);
}

/* Format a number for a message: integers without an exponent, others with the fewest digits that
 * read back as the same double, so that a value just outside a bound never shows as the bound
 * ("0.050000000000000003 is out of range [0, 0.05]", not "0.05 is out of range [0, 0.05]"). */
void sim_params_fmt_num(char *buf, size_t n, double v) {
  if (isfinite(v) && fabs(v) < 1e17 && v == floor(v)) {
    snprintf(buf, n, "%.0f", v);
    return;
  }
  for (int digits = 6; digits <= 17; digits++) {
    snprintf(buf, n, "%.*g", digits, v);
    if (!isfinite(v) || strtod(buf, NULL) == v) return;
  }
}

static size_t str_size(const sim_param *p) { return sim_params_str_size(p); }
static void expected_text(const sim_param *p, char *buf, size_t n) { sim_params_expected(p, buf, n); }

void sim_params_expected(const sim_param *p, char *buf, size_t n) {
  char lo[32], hi[32];
  sim_params_fmt_num(lo, sizeof lo, p->lo);
  sim_params_fmt_num(hi, sizeof hi, p->hi);
  const char *open = (p->flags & SIM_PF_LO_OPEN) ? "(" : "[";
  size_t k = 0;
  switch (p->type) {
  case SIM_PT_REAL:
    if (p->lo <= -1e300 && p->hi >= 1e300) /* any number: its bounds would only be noise */
      k = (size_t)snprintf(buf, n, "a number");
    else
      k = (size_t)snprintf(buf, n, "a number in %s%s, %s]", open, lo, hi);
    break;
  case SIM_PT_INT: k = (size_t)snprintf(buf, n, "an integer in %s%s, %s]", open, lo, hi); break;
  case SIM_PT_BOOL: snprintf(buf, n, "true or false"); return;
  case SIM_PT_DATE: snprintf(buf, n, "%s", p->expect ? p->expect : "a date \"YYYY-MM\""); return;
  case SIM_PT_STRING:
    if (p->expect)
      snprintf(buf, n, "%s", p->expect);
    else
      snprintf(buf, n, "a string of at most %zu bytes", str_size(p) - 1);
    return;
  case SIM_PT_CHOICE: {
    k = (size_t)snprintf(buf, n, "one of ");
    const char *c = p->choices;
    while (*c && k + 4 < n) {
      const char *bar = strchr(c, '|');
      size_t len = bar ? (size_t)(bar - c) : strlen(c);
      k += (size_t)snprintf(buf + k, n - k, "%s\"%.*s\"", c == p->choices ? "" : ", ", (int)len, c);
      c = bar ? bar + 1 : c + len;
    }
    return;
  }
  case SIM_PT_STEPS:
    snprintf(buf, n, "a list of (\"YYYY-MM\", value) pairs in increasing date order, values in [%s, %s]", lo, hi);
    return;
  case SIM_PT_ARRAY: snprintf(buf, n, "an array of %d numbers in [%s, %s]", p->len, lo, hi); return;
  case SIM_PT_RANGE: snprintf(buf, n, "[lo, hi], two numbers with lo < hi"); return;
  case SIM_PT_STRINGS:
  case SIM_PT_NUMBERS:
  case SIM_PT_GROUPS: snprintf(buf, n, "a list of 1 to %d %s", p->len, p->expect ? p->expect : "elements"); return;
  }
  if (p->expect && k < n) snprintf(buf + k, n - k, ": %s", p->expect);
}

const char *sim_params_type_name(const void *config_setting) {
  return type_name(config_setting_type((const config_setting_t *)config_setting));
}

static const char *type_name(int type) {
  switch (type) {
  case CONFIG_TYPE_GROUP: return "a group";
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64: return "an integer";
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
  if (!sim_text_where(s, &o.file, &o.line) && config_setting_source_file(s)) {
    o.file = config_setting_source_file(s);
    o.line = (int)config_setting_source_line(s);
  }
  return o;
}

/* ---- reading one value ---- */

/* A number within the parameter's bounds (above lo, not at it, with SIM_PF_LO_OPEN). */
static int in_range(const sim_param *p, double v) {
  return isfinite(v) && v >= p->lo && v <= p->hi && !((p->flags & SIM_PF_LO_OPEN) && v == p->lo);
}

static int set_value(const config_setting_t *s, const sim_param *p, void *target, sim_param_origin at, const char *key,
                     sim_errs *e);

/* The literal of an integer setting that libconfig 1.5 could not hold (sim/cfg_literals.h: the
 * expanded text is scanned, so no @include spelling hides one), or NULL. */
static const cfg_lit *wrapped_literal(const config_setting_t *s) { return sim_text_wrapped(s); }

/* Report a number setting whose literal libconfig could not hold, as written: out of range, or
 * to be written with the suffix L. `what` prefixes the value ("element 2 = ", "step 3: ").
 * Returns 1 if it was reported. */
static int refuse_wrapped(const config_setting_t *s, const sim_param *p, sim_param_origin at, const char *key,
                          const char *what, const char *exp, sim_errs *e) {
  const cfg_lit *w = wrapped_literal(s);
  if (!w) return 0;
  int out = w->overflow;
  if (!out && p->type == SIM_PT_INT) out = w->value < (long long)p->lo || w->value > (long long)p->hi;
  if (!out && p->type != SIM_PT_INT) out = !in_range(p, (double)w->value);
  if (out)
    sim_errs_add(e, at.file, at.line, key, "%s%s is out of range (expected %s)", what, w->text, exp);
  else
    sim_errs_add(e, at.file, at.line, key,
                 "%s%s does not fit in 32 bits as written (expected %s; write large integers with the suffix L, e.g. "
                 "%sL)",
                 what, w->text, exp, w->text);
  return 1;
}

/* [lo, hi], two numbers with lo < hi, each within the parameter's bounds. */
static int set_range(const config_setting_t *s, const sim_param *p, void *target, sim_param_origin at, const char *key,
                     const char *exp, sim_errs *e) {
  int t = config_setting_type(s);
  int listy = t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST;
  if (!listy || config_setting_length(s) != 2 || !is_number(config_setting_get_elem(s, 0)) ||
      !is_number(config_setting_get_elem(s, 1))) {
    sim_errs_add(e, at.file, at.line, key, "%s (expected %s)", listy ? "is not two numbers" : "wrong type", exp);
    return -1;
  }
  int bad = refuse_wrapped(config_setting_get_elem(s, 0), p, at, key, "lo = ", exp, e);
  bad |= refuse_wrapped(config_setting_get_elem(s, 1), p, at, key, "hi = ", exp, e);
  if (bad) return -1;
  double lo = number_of(config_setting_get_elem(s, 0)), hi = number_of(config_setting_get_elem(s, 1));
  if (!in_range(p, lo) || !in_range(p, hi) || !(lo < hi)) {
    char a[32], b[32];
    sim_params_fmt_num(a, sizeof a, lo);
    sim_params_fmt_num(b, sizeof b, hi);
    sim_errs_add(e, at.file, at.line, key, "[%s, %s] is not a range (expected %s)", a, b, exp);
    return -1;
  }
  double *out = (double *)field(target, p);
  out[0] = lo;
  out[1] = hi;
  return 0;
}

/* One element of a list of strings or numbers; 0 if it was stored. */
static int set_element(const config_setting_t *el, const sim_param *p, void *target, int i, sim_param_origin at,
                       const char *key, sim_errs *e) {
  const char *item = p->item ? p->item : "an element";
  if (p->type == SIM_PT_STRINGS) {
    if (config_setting_type(el) != CONFIG_TYPE_STRING) {
      sim_errs_add(e, at.file, at.line, key, "element %d is %s (expected %s)", i + 1,
                   type_name(config_setting_type(el)), item);
      return -1;
    }
    const char *text = config_setting_get_string(el);
    size_t size = str_size(p), len = strlen(text);
    if ((!*text && (p->flags & SIM_PF_NONEMPTY)) || len >= size) {
      sim_errs_add(e, at.file, at.line, key, "element %d has %zu bytes (expected %s of %s%zu bytes)", i + 1, len, item,
                   (p->flags & SIM_PF_NONEMPTY) ? "1 to " : "at most ", size - 1);
      return -1;
    }
    memcpy((char *)field(target, p) + (size_t)i * size, text, len + 1);
    return 0;
  }
  char what[32];
  snprintf(what, sizeof what, "element %d = ", i + 1);
  if (!is_number(el)) {
    sim_errs_add(e, at.file, at.line, key, "element %d is %s (expected %s)", i + 1, type_name(config_setting_type(el)),
                 item);
    return -1;
  }
  if (refuse_wrapped(el, p, at, key, what, item, e)) return -1;
  double v = number_of(el);
  if (!in_range(p, v)) {
    char num[32];
    sim_params_fmt_num(num, sizeof num, v);
    sim_errs_add(e, at.file, at.line, key, "element %d = %s is out of range (expected %s)", i + 1, num, item);
    return -1;
  }
  ((double *)field(target, p))[i] = v;
  return 0;
}

static void read_into(const config_setting_t *group, const char *file, const char *prefix, const sim_param_table *t,
                      void *target, sim_param_origin *where, const char *path, const char *const *skip, sim_errs *e);

/* One group of a list of groups, read with the sub-table into its element. */
// NOLINTNEXTLINE(misc-no-recursion): a sub-table has no list of groups of its own in any registry
static int set_group(const config_setting_t *g, const sim_param *p, void *elem, sim_param_origin at, const char *key,
                     sim_errs *e) {
  const sim_param_table *sub = p->sub;
  size_t before = e->count;
  sim_param_origin own[64], *where = own;
  memset(own, 0, sizeof own);
  if (sub->flags & SIM_TF_ORIGINS) {
    *(sim_param_origin *)((char *)elem + sub->at_offset) = at;
    where = (sim_param_origin *)((char *)elem + sub->where_offset);
  } else if (sub->count > sizeof own / sizeof own[0]) {
    sim_errs_add(e, at.file, at.line, key, "internal: sub-table too large");
    return -1;
  }
  sim_params_defaults(sub, elem, e);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    if (sub->flags & SIM_TF_ORIGINS) ((sim_param_origin *)((char *)elem + sub->at_offset))->invalid = 1;
    sim_errs_add(e, at.file, at.line, key, "wrong type, %s (expected %s)", type_name(config_setting_type(g)),
                 p->item ? p->item : "a group { ... }");
    return -1;
  }
  char path[520];
  snprintf(path, sizeof path, "%.510s.", key);
  read_into(g, at.file, "", sub, elem, where, path, NULL, e);
  sim_params_check_required(sub, where, at, path, e);
  return e->count == before ? 0 : -1;
}

/* A list of 1 to len strings, numbers or groups; the count is stored even when an element is
 * refused (the caller sees which by the messages), so every element gets checked. */
// NOLINTNEXTLINE(misc-no-recursion): see set_group
static int set_list(const config_setting_t *s, const sim_param *p, void *target, sim_param_origin at, const char *key,
                    const char *exp, sim_errs *e) {
  int t = config_setting_type(s), n = config_setting_length(s);
  int ok_type = p->type == SIM_PT_GROUPS ? t == CONFIG_TYPE_LIST : (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST);
  if (!ok_type) {
    sim_errs_add(e, at.file, at.line, key, "wrong type, %s (expected %s)", type_name(t), exp);
    return -1;
  }
  if (n < 1 || n > p->len) {
    sim_errs_add(e, at.file, at.line, key, "has %d elements (expected %s)", n, exp);
    return -1;
  }
  int bad = 0;
  for (int i = 0; i < n; i++) {
    const config_setting_t *el = config_setting_get_elem(s, (unsigned)i);
    if (p->type != SIM_PT_GROUPS) {
      bad |= set_element(el, p, target, i, at, key, e) != 0;
      continue;
    }
    char ek[512];
    snprintf(ek, sizeof ek, "%s[%d]", key, i + 1);
    bad |= set_group(el, p, (char *)field(target, p) + (size_t)i * p->size, origin_of(el, at), ek, e) != 0;
  }
  *(int *)((char *)target + p->count_offset) = n;
  return bad ? -1 : 0;
}

/* Check and store one setting's value into the parameter's field; 0 on success. */
// NOLINTNEXTLINE(misc-no-recursion): a list of groups reads each group with its sub-table; the registries nest at most twice
static int set_value(const config_setting_t *s, const sim_param *p, void *target, sim_param_origin at, const char *key,
                     sim_errs *e) {
  char exp[256];
  expected_text(p, exp, sizeof exp);
  int type = config_setting_type(s);
  char num[32];
  switch (p->type) {
  case SIM_PT_REAL: {
    if (!is_number(s)) goto wrong_type;
    if (refuse_wrapped(s, p, at, key, "", exp, e)) return -1;
    double v = number_of(s);
    if (!in_range(p, v)) {
      sim_params_fmt_num(num, sizeof num, v);
      sim_errs_add(e, at.file, at.line, key, "%s is out of range (expected %s)", num, exp);
      return -1;
    }
    *(double *)field(target, p) = v;
    return 0;
  }
  case SIM_PT_INT: {
    if (type == CONFIG_TYPE_FLOAT) {
      sim_params_fmt_real(num, sizeof num, config_setting_get_float(s)); /* 2.0 as written, not as an integer */
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
    if ((p->flags & SIM_PF_NONEMPTY) && (!*text || strlen(text) >= str_size(p))) {
      sim_errs_add(e, at.file, at.line, key, "has %zu bytes (expected %s of 1 to %zu bytes)", strlen(text), exp,
                   str_size(p) - 1);
      return -1;
    }
    if (strlen(text) >= str_size(p)) {
      sim_errs_add(e, at.file, at.line, key, "string of %zu bytes is too long (expected %s)", strlen(text), exp);
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
        sim_params_fmt_num(num, sizeof num, v);
        sim_errs_add(e, at.file, at.line, key, "element %d = %s is out of range (expected %s)", i + 1, num, exp);
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
        sim_errs_add(e, pat.file, pat.line, key, "step %d is not a (\"YYYY-MM\", number) pair (expected %s)", i + 1,
                     exp);
        return -1;
      }
      if (sim_cal_parse(config_setting_get_string(d), &m) != 0) {
        sim_errs_add(e, pat.file, pat.line, key, "step %d: \"%s\" is not a valid date (expected %s)", i + 1,
                     config_setting_get_string(d), exp);
        return -1;
      }
      char what[32];
      snprintf(what, sizeof what, "step %d: ", i + 1);
      if (refuse_wrapped(v, p, pat, key, what, exp, e)) return -1;
      double val = number_of(v);
      if (!isfinite(val) || val < p->lo || val > p->hi) {
        sim_params_fmt_num(num, sizeof num, val);
        sim_errs_add(e, pat.file, pat.line, key, "step %d: %s is out of range (expected %s)", i + 1, num, exp);
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
  case SIM_PT_RANGE: return set_range(s, p, target, at, key, exp, e);
  case SIM_PT_STRINGS:
  case SIM_PT_NUMBERS:
  case SIM_PT_GROUPS: return set_list(s, p, target, at, key, exp, e);
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

/* The names a group of a small table may hold (the first part of each key after `prefix`, once
 * each, in table order), into buf as "a, b, c". */
static void known_names(const sim_param_table *t, const char *prefix, char *buf, size_t n) {
  size_t pl = strlen(prefix), k = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < t->count && k < n; i++) {
    const char *key = t->params[i].key;
    if (strncmp(key, prefix, pl) != 0) continue;
    size_t len = strcspn(key + pl, ".");
    int seen = 0;
    for (size_t j = 0; j < i && !seen; j++)
      seen = strncmp(t->params[j].key, prefix, pl) == 0 && strcspn(t->params[j].key + pl, ".") == len &&
             strncmp(t->params[j].key + pl, key + pl, len) == 0;
    if (!seen) k += (size_t)snprintf(buf + k, n - k, "%s%.*s", k ? ", " : "", (int)len, key + pl);
  }
}

static void unknown_key(const sim_param_table *t, const char *key, const char *shown, sim_param_origin at,
                        sim_errs *e) {
  size_t best_d = 4;
  const char *best = sim_params_nearest(t, key, &best_d);
  if (t->flags & SIM_TF_LIST_KEYS) {
    /* Suggest and list the names of the group the key is in ("abc.seeed": the abc group's). */
    const char *dot = strrchr(key, '.');
    char prefix[128], list[512];
    snprintf(prefix, sizeof prefix, "%.*s", dot ? (int)(dot + 1 - key) : 0, key);
    known_names(t, prefix, list, sizeof list);
    const char *name = key + strlen(prefix);
    char near[128] = "";
    size_t near_d = 4;
    for (const char *c = list; *c;) {
      size_t len = strcspn(c, ",");
      char one[128];
      snprintf(one, sizeof one, "%.*s", (int)len, c);
      size_t d = sim_params_edit_distance(name, one);
      if (d < near_d) {
        near_d = d;
        snprintf(near, sizeof near, "%s", one);
      }
      c += len;
      while (*c == ',' || *c == ' ') c++;
    }
    if (near[0])
      sim_errs_add(e, at.file, at.line, shown, "unknown key (expected one of %s; did you mean '%s'?)", list, near);
    else
      sim_errs_add(e, at.file, at.line, shown, "unknown key (expected one of %s)", list);
    return;
  }
  if (best)
    sim_errs_add(e, at.file, at.line, shown, "unknown key (expected a %s parameter; did you mean '%s'?)", t->scope,
                 best);
  else
    sim_errs_add(e, at.file, at.line, shown, "unknown key (expected a %s parameter, see 'tzsim params')", t->scope);
}

static int has_group(const sim_param_table *t, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < t->count; i++)
    if (strncmp(t->params[i].key, name, n) == 0 && t->params[i].key[n] == '.') return 1;
  return 0;
}

/* ---- reading groups ---- */

/* The keys of a group `prefix` ("abc.") required when the group is given (SIM_PF_IN_GROUP) that it
 * lacks, reported at the group before its members are read. */
static void missing_in_group(const config_setting_t *g, const sim_param_table *t, const char *prefix,
                             sim_param_origin at, const char *path, sim_errs *e) {
  size_t pl = strlen(prefix);
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    if (!(p->flags & SIM_PF_IN_GROUP) || strncmp(p->key, prefix, pl) != 0 || config_setting_get_member(g, p->key + pl))
      continue;
    char exp[256], shown[512];
    expected_text(p, exp, sizeof exp);
    snprintf(shown, sizeof shown, "%s%s", path, p->key);
    sim_errs_add(e, at.file, at.line, shown, "missing (expected %s)", exp);
  }
}

/* Recursive for a group of the registry ("labour: { ... }"): only from the top level (prefix ""),
 * so the depth is at most 2 whatever the nesting of the input. */
// NOLINTNEXTLINE(misc-no-recursion): depth at most 2, see above
static void read_into(const config_setting_t *group, const char *file, const char *prefix, const sim_param_table *t,
                      void *target, sim_param_origin *where, const char *path, const char *const *skip, sim_errs *e) {
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
      missing_in_group(s, t, sub, at, path, e);
      read_into(s, file, sub, t, target, where, path, skip, e);
      continue;
    }
    unknown_key(t, key, shown, at, e);
  }
}

void sim_params_read_group(const void *config_group, const char *file, const sim_param_table *t, void *target,
                           sim_param_origin *where, const char *path, const char *const *skip, sim_errs *e) {
  read_into((const config_setting_t *)config_group, file, "", t, target, where, path ? path : "", skip, e);
}

void sim_params_check_required(const sim_param_table *t, const sim_param_origin *where, sim_param_origin at,
                               const char *path, sim_errs *e) {
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    if (p->def || (p->flags & (SIM_PF_OPTIONAL | SIM_PF_IN_GROUP)) || where[i].file) continue;
    char exp[256], shown[512];
    expected_text(p, exp, sizeof exp);
    snprintf(shown, sizeof shown, "%s%s", path ? path : "", p->key);
    sim_errs_add(e, at.file, at.line, shown, "missing (expected %s)", exp);
  }
}

/* Parse "v = TEXT;" with libconfig and store it through the parameter's checks. */
// NOLINTNEXTLINE(misc-no-recursion): a list of groups reads each group with its sub-table; the registries nest at most twice
static int set_from_text(const sim_param *p, void *target, const char *text, sim_param_origin at, const char *shown,
                         sim_errs *e) {
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
  /* Through the scenario reader, so that its literal check sees the value (0x10000000C). Its own
   * messages are not wanted: "cannot parse" below says what is wrong with the value. */
  sim_errs quiet;
  sim_errs_init(&quiet);
  sim_text *t = NULL;
  int parsed = sim_text_from_string(src, at.file ? at.file : "--set", &t, &quiet) == SIM_OK &&
               sim_text_parse(t, &cfg, &quiet) == SIM_OK;
  sim_errs_destroy(&quiet);
  if (parsed) {
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

// NOLINTNEXTLINE(misc-no-recursion): a list of groups reads each group with its sub-table; the registries nest at most twice
sim_status sim_params_defaults(const sim_param_table *t, void *target, sim_errs *e) {
  sim_status st = SIM_OK;
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    if (!p->def) continue;
    if (set_from_text(p, target, p->def, (sim_param_origin){"registry", 0, 0}, p->key, e) != 0) st = SIM_EPARAM;
  }
  return st;
}

int sim_params_set_text(const sim_param_table *t, void *target, const char *key, const char *value,
                        sim_param_origin where, const char *shown, sim_errs *e) {
  const sim_param *p = sim_params_find(t, key);
  if (!shown) shown = key;
  if (!p) {
    unknown_key(t, key, shown, where, e);
    return -1;
  }
  /* A newline would let the value start a line of its own, e.g. an @include directive. */
  for (const unsigned char *c = (const unsigned char *)value; *c; c++)
    if (*c < 0x20 || *c == 0x7f) {
      sim_errs_add(e, where.file, where.line, shown,
                   "the value holds the control character 0x%02x at byte %d (expected a value on one line, without "
                   "control characters)",
                   *c, (int)((const char *)c - value) + 1);
      return -1;
    }
  int bare = value[0] != '"' && (p->type == SIM_PT_STRING || p->type == SIM_PT_CHOICE || p->type == SIM_PT_DATE);
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
  } else if (p->type == SIM_PT_INT && value[0] && strspn(value, "+-0123456789") == strlen(value) &&
             strlen(value) < 40) {
    /* A plain integer: read it as 64 bits (libconfig wraps bare literals at 32 bits). */
    char wide[48];
    snprintf(wide, sizeof wide, "%sL", value);
    rc = set_from_text(p, target, wide, where, shown, e);
  } else {
    rc = set_from_text(p, target, value, where, shown, e);
  }
  return rc == 0 ? (int)(p - t->params) : -1;
}

/* ---- documents: a parsed scenario file, its settings opaque to the callers ---- */

struct sim_params_doc {
  config_t cfg;
  const char *file;
};

sim_status sim_params_doc_open(const char *path, const char *text, const char *name, sim_params_doc **out,
                               sim_errs *e) {
  *out = NULL;
  sim_params_doc *d = calloc(1, sizeof *d);
  if (!d) return SIM_ENOMEM;
  config_init(&d->cfg);
  d->file = path ? path : name;
  /* One reader for files and text: it expands @include itself (relative to the including file's
   * folder) and parses from memory, so libconfig never opens a file. */
  sim_text *txt = NULL;
  sim_status st = path ? sim_text_read_file(path, &txt, e) : sim_text_from_string(text, d->file, &txt, e);
  if (st == SIM_OK) st = sim_text_parse(txt, &d->cfg, e);
  if (st != SIM_OK) {
    sim_params_doc_close(d);
    return st;
  }
  *out = d;
  return SIM_OK;
}

void sim_params_doc_close(sim_params_doc *d) {
  if (!d) return;
  config_destroy(&d->cfg);
  free(d);
}

const void *sim_params_doc_root(const sim_params_doc *d) { return config_root_setting(&d->cfg); }

const void *sim_params_member(const void *group, const char *name) {
  const config_setting_t *g = group;
  if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP) return NULL;
  return config_setting_get_member(g, name);
}

int sim_params_length(const void *setting) { return config_setting_length((const config_setting_t *)setting); }

const void *sim_params_elem(const void *setting, int i) {
  return i < 0 ? NULL : config_setting_get_elem((const config_setting_t *)setting, (unsigned)i);
}

const char *sim_params_name(const void *setting) { return config_setting_name((const config_setting_t *)setting); }

int sim_params_is_group(const void *setting) {
  return config_setting_type((const config_setting_t *)setting) == CONFIG_TYPE_GROUP;
}

int sim_params_is_list(const void *setting) {
  return config_setting_type((const config_setting_t *)setting) == CONFIG_TYPE_LIST;
}

int sim_params_is_array(const void *setting) {
  return config_setting_type((const config_setting_t *)setting) == CONFIG_TYPE_ARRAY;
}

const char *sim_params_string(const void *setting) {
  const config_setting_t *s = setting;
  return config_setting_type(s) == CONFIG_TYPE_STRING ? config_setting_get_string(s) : NULL;
}

const void *sim_params_lookup(const void *group, const char *path) {
  /* libconfig 1.5 takes a non-const setting, which it does not change. */
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  return group ? config_setting_lookup((config_setting_t *)(uintptr_t)group, path) : NULL;
}

int sim_params_number(const void *setting, double *out) {
  const config_setting_t *s = setting;
  if (!s) return 0;
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64: *out = (double)config_setting_get_int64(s); return 1;
  case CONFIG_TYPE_FLOAT: *out = config_setting_get_float(s); return 1;
  default: return 0;
  }
}

sim_param_origin sim_params_origin(const void *setting, const char *file) {
  const config_setting_t *s = setting;
  return origin_of(s, (sim_param_origin){file, (int)config_setting_source_line(s), 0});
}

int sim_params_read_block(const void *root, const char *file, const char *name, const char *expect,
                          const sim_param_table *t, void *target, sim_param_origin *where, sim_param_origin *at,
                          sim_errs *e) {
  const config_setting_t *b = sim_params_member(root, name);
  if (!b) return 0;
  *at = sim_params_origin(b, file);
  if (config_setting_type(b) != CONFIG_TYPE_GROUP) {
    sim_errs_add(e, at->file, at->line, name, "wrong type, %s (expected %s)", type_name(config_setting_type(b)),
                 expect);
    return -1;
  }
  char path[128];
  snprintf(path, sizeof path, "%s.", name);
  read_into(b, file, "", t, target, where, path, NULL, e);
  return 1;
}

const char *sim_params_nearest(const sim_param_table *t, const char *key, size_t *dist) {
  const char *best = NULL;
  for (size_t i = 0; i < t->count; i++) {
    size_t d = sim_params_edit_distance(key, t->params[i].key);
    if (d < *dist) {
      *dist = d;
      best = t->params[i].key;
    }
  }
  return best;
}

const sim_param_origin *sim_params_where(const sim_param_table *t, const sim_param_origin *where, const char *key) {
  const sim_param *p = sim_params_find(t, key);
  if (!p || !where[p - t->params].file) return NULL;
  return &where[p - t->params];
}
