/* sweep_spec.c: reading and checking the `sweep` and `calibrate` blocks (see sweep_spec.h). */
#include "models/sweep_spec.h"

#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/report.h"
#include "models/scenario.h"
#include "sim/calendar.h"
#include "sim/scenario_text.h"

/* ---- small helpers ---- */

/* A number for a message: integers without an exponent, others with the digits they need. */
static const char *num(char *buf, size_t n, double v) {
  sim_params_fmt_num(buf, n, v); /* the fewest digits that show the value exactly */
  return buf;
}

/* The reading context: the file, where messages go, and the key prefix ("sweep.", ...). */
typedef struct {
  const char *file;  /* the scenario file (for settings libconfig gives no file) */
  sim_errs *e;
  size_t before;
} rd;

/* The file and line of a setting, through the reader's line map. */
static const char *file_of(const rd *r, const config_setting_t *s) {
  const char *f = r->file;
  int line = 0;
  sim_text_where(s, &f, &line);
  return f;
}

static int line_of(const config_setting_t *s) {
  const char *f = NULL;
  int line = (int)config_setting_source_line(s);
  sim_text_where(s, &f, &line);
  return line;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void err_at(rd *r, const config_setting_t *s, const char *key, const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sim_errs_add(r->e, file_of(r, s), line_of(s), key, "%s", msg);
}

/* Unknown members of a group: each reported with the list of known ones (and a suggestion). */
static void check_members(rd *r, const config_setting_t *g, const char *path, const char *const *known) {
  for (int i = 0; i < config_setting_length(g); i++) {
    const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(m);
    if (!name) continue;
    int ok = 0;
    const char *best = NULL;
    size_t bd = 3;
    for (const char *const *k = known; *k; k++) {
      if (!strcmp(*k, name)) ok = 1;
      size_t d = sim_params_edit_distance(name, *k);
      if (d < bd) {
        bd = d;
        best = *k;
      }
    }
    if (ok) continue;
    char list[512] = "", key[300];
    for (const char *const *k = known; *k; k++) {
      size_t used = strlen(list);
      snprintf(list + used, sizeof list - used, "%s%s", k == known ? "" : ", ", *k);
    }
    snprintf(key, sizeof key, "%s%s", path, name);
    if (best)
      err_at(r, m, key, "unknown key (expected one of %s; did you mean '%s'?)", list, best);
    else
      err_at(r, m, key, "unknown key (expected one of %s)", list);
  }
}

/* An integer in [lo, hi], with the registry's checks (type, range, and the literals libconfig 1.5
 * wraps to 32 bits: sweep.samples = 4294967306 is refused, not read as 10). */
static int get_int(rd *r, const config_setting_t *s, const char *key, long long lo, long long hi, long long *out) {
  sim_param_origin at = {file_of(r, s), line_of(s), 0};
  return sim_params_get_int(s, lo, hi, at, key, out, r->e);
}

/* A number whose literal libconfig 1.5 wrapped to 32 bits (range = [1, 4294967306] read as [1, 10]):
 * reported as written; 1 if so. */
static int wrapped(rd *r, const config_setting_t *s, const char *key, const char *what, const char *exp) {
  sim_param_origin at = {file_of(r, s), line_of(s), 0};
  return sim_params_wrapped(s, at, key, what, exp, r->e);
}

/* A number in [lo, hi] (open at lo when lo_open). */
static int get_real(rd *r, const config_setting_t *s, const char *key, double lo, int lo_open, double hi, double *out) {
  char a[32], b[32];
  if (!sim_params_is_number(s)) {
    err_at(r, s, key, "wrong type, %s (expected a number in %s%s, %s])", sim_params_type_name(s), lo_open ? "(" : "[",
           num(a, sizeof a, lo), num(b, sizeof b, hi));
    return -1;
  }
  char exp[96];
  snprintf(exp, sizeof exp, "a number in %s%s, %s]", lo_open ? "(" : "[", num(a, sizeof a, lo), num(b, sizeof b, hi));
  if (wrapped(r, s, key, "", exp)) return -1;
  double v = sim_params_number_of(s);
  if (!isfinite(v) || v < lo || (lo_open && v == lo) || v > hi) {
    char c[32];
    err_at(r, s, key, "%s is out of range (expected a number in %s%s, %s])", num(c, sizeof c, v), lo_open ? "(" : "[",
           num(a, sizeof a, lo), num(b, sizeof b, hi));
    return -1;
  }
  *out = v;
  return 0;
}

static int get_string(rd *r, const config_setting_t *s, const char *key, const char *what, char *out, size_t n) {
  if (config_setting_type(s) != CONFIG_TYPE_STRING) {
    err_at(r, s, key, "wrong type, %s (expected %s)", sim_params_type_name(s), what);
    return -1;
  }
  const char *t = config_setting_get_string(s);
  if (!*t || strlen(t) >= n) {
    err_at(r, s, key, "has %zu bytes (expected %s of 1 to %zu bytes)", strlen(t), what, n - 1);
    return -1;
  }
  snprintf(out, n, "%s", t);
  return 0;
}

static int get_bool(rd *r, const config_setting_t *s, const char *key, int *out) {
  if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
    err_at(r, s, key, "wrong type, %s (expected true or false)", sim_params_type_name(s));
    return -1;
  }
  *out = config_setting_get_bool(s) ? 1 : 0;
  return 0;
}

/* [lo, hi] with lo < hi. */
static int get_range(rd *r, const config_setting_t *s, const char *key, double *lo, double *hi) {
  int t = config_setting_type(s);
  if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || config_setting_length(s) != 2 ||
      !sim_params_is_number(config_setting_get_elem(s, 0)) || !sim_params_is_number(config_setting_get_elem(s, 1))) {
    err_at(r, s, key, "%s (expected [lo, hi], two numbers with lo < hi)",
           (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) ? "is not two numbers" : "wrong type");
    return -1;
  }
  int bad = wrapped(r, config_setting_get_elem(s, 0), key, "lo = ", "[lo, hi], two numbers with lo < hi");
  bad |= wrapped(r, config_setting_get_elem(s, 1), key, "hi = ", "[lo, hi], two numbers with lo < hi");
  if (bad) return -1;
  *lo = sim_params_number_of(config_setting_get_elem(s, 0));
  *hi = sim_params_number_of(config_setting_get_elem(s, 1));
  if (!isfinite(*lo) || !isfinite(*hi) || !(*lo < *hi)) {
    char a[32], b[32];
    err_at(r, s, key, "[%s, %s] is not a range (expected [lo, hi], two numbers with lo < hi)", num(a, sizeof a, *lo),
           num(b, sizeof b, *hi));
    return -1;
  }
  return 0;
}

static int get_seed(rd *r, const config_setting_t *s, const char *key, uint64_t *out) {
  long long v;
  if (get_int(r, s, key, 0, 9007199254740992LL, &v) != 0) return -1;
  *out = (uint64_t)v;
  return 0;
}

/* ---- keys ---- */

/* What a --set path names: a scenario or territory parameter (NULL for template keys, which the
 * loader checks when the points load), and for territory keys which ones (-1 = all). */
typedef struct {
  const sim_param *p;
  const sim_param_table *t;
  int territory;     /* -1: "*" (or a scenario key) */
  int is_territory;
  int is_template;
} key_info;

static int territory_index(const mdl_scenario *s, const char *name, size_t len) {
  for (int k = 0; k < s->n_territories; k++)
    if (strlen(s->territories[k].name) == len && !strncmp(s->territories[k].name, name, len)) return k;
  return -1;
}

static const char *suggest(const sim_param_table *t, const char *key) {
  const char *best = NULL;
  size_t bd = 4;
  for (size_t i = 0; i < t->count; i++) {
    size_t d = sim_params_edit_distance(key, t->params[i].key);
    if (d < bd) {
      bd = d;
      best = t->params[i].key;
    }
  }
  return best;
}

/* Resolve a --set path; a message on s (the setting that holds it) if it names nothing. */
static int resolve_key(rd *r, const config_setting_t *s, const char *shown, const char *key, const mdl_scenario *sc,
                       key_info *ki) {
  memset(ki, 0, sizeof *ki);
  ki->territory = -1;
  if (!strncmp(key, "territory_templates.", 20) || !strncmp(key, "territory_template.", 19)) {
    ki->is_template = 1;
    return 0;
  }
  if (!strncmp(key, "territories.", 12)) {
    const char *last = strrchr(key, '.');
    if (last == key + 11 || !last[1]) {
      err_at(r, s, shown, "\"%s\" is malformed (expected territories.NAME.key or territories.*.key)", key);
      return -1;
    }
    const char *who = key + 12;
    size_t wl = (size_t)(last - who);
    ki->is_territory = 1;
    ki->t = &mdl_territory_params;
    ki->p = sim_params_find(&mdl_territory_params, last + 1);
    if (!ki->p) {
      const char *b = suggest(&mdl_territory_params, last + 1);
      if (b)
        err_at(r, s, shown, "\"%s\": unknown territory parameter '%s' (expected a key listed by 'tzsim params'; did you mean '%s'?)",
               key, last + 1, b);
      else
        err_at(r, s, shown, "\"%s\": unknown territory parameter '%s' (expected a key listed by 'tzsim params')", key, last + 1);
      return -1;
    }
    if (!(wl == 1 && who[0] == '*') && sc) {
      ki->territory = territory_index(sc, who, wl);
      if (ki->territory < 0) {
        err_at(r, s, shown, "\"%s\": no territory \"%.*s\" (expected a name listed in territories, or *)", key, (int)wl, who);
        return -1;
      }
    }
    return 0;
  }
  ki->t = &mdl_scenario_params;
  ki->p = sim_params_find(&mdl_scenario_params, key);
  if (!ki->p) {
    const char *b = suggest(&mdl_scenario_params, key);
    if (b)
      err_at(r, s, shown, "\"%s\" is not a scenario parameter (expected a --set path such as money.avoided_cost_min_eur or territories.*.volunteer_rate; did you mean '%s'?)",
             key, b);
    else
      err_at(r, s, shown, "\"%s\" is not a scenario parameter (expected a --set path such as money.avoided_cost_min_eur or territories.*.volunteer_rate)",
             key);
    return -1;
  }
  return 0;
}

static const void *field_of(const sim_param *p, const void *target) { return (const char *)target + p->offset; }

static double scalar_of(const sim_param *p, const void *target) {
  if (p->type == SIM_PT_REAL) return *(const double *)field_of(p, target);
  if (p->type == SIM_PT_INT) return (double)*(const int64_t *)field_of(p, target);
  return (double)NAN;
}

/* ---- parameters ---- */

static const char *const sweep_param_keys[] = {"name", "key", "keys", "format", "multiply", "distribution", "range",
                                               "mean", "sd", "mode", "values", "levels", NULL};
static const char *const calib_param_keys[] = {"name", "key", "keys", "format", "multiply", "range", "start", NULL};

/* The values parameter p can take, as [lo, hi] of x. */
static void x_span(const mdl_study_param *p, double *lo, double *hi) {
  switch (p->in.dist) {
  case SA_NORMAL:
    *lo = sa_value(&p->in, 0);
    *hi = sa_value(&p->in, 1);
    break;
  case SA_DISCRETE:
    *lo = *hi = p->values[0];
    for (int i = 1; i < p->in.nvalues; i++) {
      if (p->values[i] < *lo) *lo = p->values[i];
      if (p->values[i] > *hi) *hi = p->values[i];
    }
    break;
  default:
    *lo = p->in.lo;
    *hi = p->in.hi;
  }
}

/* Check that every value the parameter can take is valid for each key, with `at` the setting
 * that gave the values. */
static void check_span(rd *r, const config_setting_t *at, const char *shown, const mdl_study_param *p,
                       const key_info *ki, const char *key, const mdl_scenario *sc) {
  if (!ki->p || p->format[0]) return;
  double lo, hi;
  x_span(p, &lo, &hi);
  char a[32], b[32], c[32], d[32], v[32], rl[32], rh[32];
  if (!p->multiply) {
    if (lo < ki->p->lo || hi > ki->p->hi)
      err_at(r, at, shown, "[%s, %s] is not within the range of %s (expected values in [%s, %s])", num(a, sizeof a, lo),
             num(b, sizeof b, hi), key, num(c, sizeof c, ki->p->lo), num(d, sizeof d, ki->p->hi));
    return;
  }
  if (!sc) return;
  /* multiply: every value the factor gives to every element it scales. */
  int k0 = 0, k1 = 1;
  if (ki->is_territory) {
    k0 = ki->territory >= 0 ? ki->territory : 0;
    k1 = ki->territory >= 0 ? ki->territory + 1 : sc->n_territories;
  }
  for (int k = k0; k < k1; k++) {
    const void *target = ki->is_territory ? (const void *)&sc->territories[k] : (const void *)sc;
    double vals[SIM_CAL_MAX_STEPS];
    int nv = 0;
    if (ki->p->type == SIM_PT_STEPS) {
      const sim_cal_steps *st = field_of(ki->p, target);
      for (int i = 0; i < st->n; i++) vals[nv++] = st->value[i];
    } else if (ki->p->type == SIM_PT_ARRAY) {
      const double *arr = field_of(ki->p, target);
      for (int i = 0; i < ki->p->len && nv < SIM_CAL_MAX_STEPS; i++) vals[nv++] = arr[i];
    } else {
      vals[nv++] = scalar_of(ki->p, target);
    }
    for (int i = 0; i < nv; i++) {
      double x1 = vals[i] * lo, x2 = vals[i] * hi, mn = x1 < x2 ? x1 : x2, mx = x1 < x2 ? x2 : x1;
      if (mn >= ki->p->lo && mx <= ki->p->hi) continue;
      char who[SIM_PARAM_STR_MAX + 8] = "";
      if (ki->is_territory) snprintf(who, sizeof who, " (%s)", sc->territories[k].name);
      err_at(r, at, shown, "multiplying %s%s = %s by [%s, %s] gives [%s, %s] (expected factors that keep it in [%s, %s])", key,
             who, num(v, sizeof v, vals[i]), num(a, sizeof a, lo), num(b, sizeof b, hi), num(c, sizeof c, mn),
             num(d, sizeof d, mx), num(rl, sizeof rl, ki->p->lo), num(rh, sizeof rh, ki->p->hi));
      return;
    }
  }
}

/* Read one parameter group. calib: the calibrate block's syntax. method: the sweep's. */
static int read_param(rd *r, const config_setting_t *g, const char *path, int calib, sa_method method, int method_ok,
                      const mdl_scenario *sc, mdl_study_param *p) {
  size_t before = r->e->count;
  memset(p, 0, sizeof *p);
  p->line = line_of(g);
  char key[400];
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    snprintf(key, sizeof key, "%.*s", (int)strlen(path) - 1, path);
    err_at(r, g, key, "wrong type, %s (expected a group { key = \"...\"; range = [lo, hi]; })", sim_params_type_name(g));
    return -1;
  }
  check_members(r, g, path, calib ? calib_param_keys : sweep_param_keys);
  const config_setting_t *s;
#define MEMBER(name) (s = config_setting_get_member(g, name), snprintf(key, sizeof key, "%s%s", path, name), s)
  /* key or keys */
  const config_setting_t *one = config_setting_get_member(g, "key"), *many = config_setting_get_member(g, "keys");
  if (one && many) {
    snprintf(key, sizeof key, "%skeys", path);
    err_at(r, many, key, "given with key (expected key = \"...\" or keys = [\"...\", ...], not both)");
  } else if (!one && !many) {
    snprintf(key, sizeof key, "%skey", path);
    err_at(r, g, key, "missing (expected key = \"a --set path\", e.g. \"territories.*.volunteer_rate\", or keys = [...])");
  } else if (one) {
    snprintf(key, sizeof key, "%skey", path);
    if (get_string(r, one, key, "a --set path", p->keys[0], sizeof p->keys[0]) == 0) p->nkeys = 1;
  } else {
    snprintf(key, sizeof key, "%skeys", path);
    int t = config_setting_type(many), n = config_setting_length(many);
    if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || n < 1 || n > MDL_STUDY_MAX_KEYS) {
      err_at(r, many, key, "%s (expected a list of 1 to %d --set paths [\"...\", ...])",
             (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) ? "wrong length" : "wrong type", MDL_STUDY_MAX_KEYS);
    } else {
      for (int i = 0; i < n; i++) {
        char ek[420];
        snprintf(ek, sizeof ek, "%s[%d]", key, i + 1);
        if (get_string(r, config_setting_get_elem(many, (unsigned)i), ek, "a --set path", p->keys[p->nkeys],
                       sizeof p->keys[0]) == 0)
          p->nkeys++;
      }
      if (p->nkeys != n) p->nkeys = 0;
    }
  }
  if (MEMBER("name")) get_string(r, s, key, "a name", p->name, sizeof p->name);
  if (!p->name[0] && p->nkeys > 0) snprintf(p->name, sizeof p->name, "%s", p->keys[0]);
  const config_setting_t *fmt = MEMBER("format");
  if (fmt && get_string(r, fmt, key, "a value with {} for the number", p->format, sizeof p->format) == 0 &&
      !strstr(p->format, "{}")) {
    err_at(r, fmt, key, "\"%s\" has no {} (expected the value's text with {} where the number goes)", p->format);
    p->format[0] = '\0';
  }
  const config_setting_t *mul = MEMBER("multiply");
  if (mul && get_bool(r, mul, key, &p->multiply) == 0 && p->multiply && fmt)
    err_at(r, mul, key, "given with format (expected one of multiply = true and format)");
  /* The distribution. */
  const config_setting_t *dist = NULL, *range = NULL, *mean = NULL, *sd = NULL, *mode = NULL, *values = NULL,
                         *levels = NULL;
  p->in.dist = SA_UNIFORM;
  if (!calib) {
    dist = MEMBER("distribution");
    if (dist) {
      static const char *const names[] = {"uniform", "loguniform", "normal", "triangular"};
      const char *t = config_setting_type(dist) == CONFIG_TYPE_STRING ? config_setting_get_string(dist) : NULL;
      int found = -1;
      for (int i = 0; t && i < 4; i++)
        if (!strcmp(t, names[i])) found = i;
      if (found < 0) {
        if (t)
          err_at(r, dist, key, "\"%s\" is not a valid choice (expected one of \"uniform\", \"loguniform\", \"normal\", \"triangular\")", t);
        else
          err_at(r, dist, key, "wrong type, %s (expected one of \"uniform\", \"loguniform\", \"normal\", \"triangular\")", sim_params_type_name(dist));
        return -1;
      }
      p->in.dist = found == 0 ? SA_UNIFORM : found == 1 ? SA_LOGUNIFORM : found == 2 ? SA_NORMAL : SA_TRIANGULAR;
    }
    values = config_setting_get_member(g, "values");
    mean = config_setting_get_member(g, "mean");
    sd = config_setting_get_member(g, "sd");
    mode = config_setting_get_member(g, "mode");
    levels = config_setting_get_member(g, "levels");
  }
  range = config_setting_get_member(g, "range");
  char dname[32];
  snprintf(dname, sizeof dname, "%s", p->in.dist == SA_NORMAL ? "normal" : p->in.dist == SA_LOGUNIFORM ? "loguniform"
                                      : p->in.dist == SA_TRIANGULAR ? "triangular" : "uniform");
  const config_setting_t *span_at = range;
  int range_ok = 0;
  if (values) {
    snprintf(key, sizeof key, "%svalues", path);
    const config_setting_t *other = dist ? dist : range ? range : mean ? mean : sd ? sd : mode;
    int t = config_setting_type(values), n = config_setting_length(values);
    if (other) {
      err_at(r, values, key, "given with %s (expected either values = [...] or a distribution)", config_setting_name(other));
    } else if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || n < 1 || n > MDL_STUDY_MAX_VALUES) {
      err_at(r, values, key, "%s (expected a list of 1 to %d numbers)",
             (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) ? "wrong length" : "wrong type", MDL_STUDY_MAX_VALUES);
    } else {
      int ok = 1;
      for (int i = 0; i < n; i++) {
        const config_setting_t *el = config_setting_get_elem(values, (unsigned)i);
        if (!sim_params_is_number(el) || !isfinite(sim_params_number_of(el))) {
          err_at(r, values, key, "element %d is %s (expected a list of numbers)", i + 1, sim_params_type_name(el));
          ok = 0;
        } else {
          char what[32];
          snprintf(what, sizeof what, "element %d = ", i + 1);
          if (wrapped(r, el, key, what, "a list of numbers")) ok = 0;
          p->values[i] = sim_params_number_of(el);
        }
      }
      if (ok) {
        p->in.dist = SA_DISCRETE;
        p->in.nvalues = n;
      }
    }
    span_at = values;
  } else if (p->in.dist == SA_NORMAL) {
    if (range) {
      snprintf(key, sizeof key, "%srange", path);
      err_at(r, range, key, "not used by distribution \"normal\" (expected mean and sd)");
    }
    if (mode) {
      snprintf(key, sizeof key, "%smode", path);
      err_at(r, mode, key, "not used by distribution \"normal\" (expected mean and sd)");
    }
    snprintf(key, sizeof key, "%smean", path);
    if (!mean)
      err_at(r, g, key, "missing (expected a number: the normal distribution's mean)");
    else
      get_real(r, mean, key, -1e300, 0, 1e300, &p->in.mean);
    snprintf(key, sizeof key, "%ssd", path);
    if (!sd)
      err_at(r, g, key, "missing (expected a number > 0: the normal distribution's standard deviation)");
    else
      get_real(r, sd, key, 0, 1, 1e300, &p->in.sd);
    span_at = sd ? sd : g;
  } else {
    if (mean || sd) {
      const config_setting_t *x = mean ? mean : sd;
      snprintf(key, sizeof key, "%s%s", path, config_setting_name(x));
      err_at(r, x, key, "not used by distribution \"%s\" (expected range = [lo, hi])", dname);
    }
    if (mode && p->in.dist != SA_TRIANGULAR) {
      snprintf(key, sizeof key, "%smode", path);
      err_at(r, mode, key, "not used by distribution \"%s\" (expected it only with \"triangular\")", dname);
    }
    snprintf(key, sizeof key, "%srange", path);
    if (!range) {
      err_at(r, g, key, "missing (expected [lo, hi], two numbers with lo < hi)");
    } else if (get_range(r, range, key, &p->in.lo, &p->in.hi) == 0) {
      range_ok = 1;
      if (p->in.dist == SA_LOGUNIFORM && p->in.lo <= 0) {
        char a[32];
        err_at(r, range, key, "lower end %s is not positive (expected 0 < lo < hi for \"loguniform\")", num(a, sizeof a, p->in.lo));
      }
      if (p->in.dist == SA_TRIANGULAR) {
        snprintf(key, sizeof key, "%smode", path);
        if (!mode)
          err_at(r, g, key, "missing (expected a number in the range: the triangular distribution's mode)");
        else
          get_real(r, mode, key, p->in.lo, 0, p->in.hi, &p->in.mode);
      }
    }
  }
  if (levels) {
    snprintf(key, sizeof key, "%slevels", path);
    long long v;
    if (method_ok && method != SA_GRID)
      err_at(r, levels, key, "not used by method \"%s\" (expected it only with method \"grid\")", sa_method_name(method));
    else if (get_int(r, levels, key, 2, 1000, &v) == 0)
      p->in.levels = (int)v;
  }
  if (calib) {
    const config_setting_t *start = MEMBER("start");
    if (start && range_ok) {
      if (get_real(r, start, key, p->in.lo, 0, p->in.hi, &p->start) == 0) p->has_start = 1;
    }
  }
#undef MEMBER
  /* Each key: known, of a type a number can set, and the values within its range. */
  int all_int = p->nkeys > 0;
  for (int i = 0; i < p->nkeys; i++) {
    char shown[420];
    if (one)
      snprintf(shown, sizeof shown, "%skey", path);
    else
      snprintf(shown, sizeof shown, "%skeys[%d]", path, i + 1);
    const config_setting_t *at = one ? one : config_setting_get_elem(many, (unsigned)i);
    key_info ki;
    if (resolve_key(r, at, shown, p->keys[i], sc, &ki) != 0) {
      all_int = 0;
      continue;
    }
    if (ki.is_template) {
      all_int = 0;
      if (p->multiply) err_at(r, at, shown, "\"%s\": multiply cannot scale a template key (expected a scenario or territory key)", p->keys[i]);
      continue;
    }
    if (ki.p->type != SIM_PT_INT) all_int = 0;
    if (p->format[0]) continue;
    int numeric = ki.p->type == SIM_PT_REAL || ki.p->type == SIM_PT_INT;
    if (ki.p->type == SIM_PT_STEPS && !p->multiply) {
      err_at(r, at, shown, "\"%s\" is a list of (\"YYYY-MM\", value) steps (expected multiply = true, or a format such as \"((\\\"2017-01\\\", {}))\")",
             p->keys[i]);
      continue;
    }
    if (ki.p->type == SIM_PT_ARRAY && !p->multiply) {
      err_at(r, at, shown, "\"%s\" is an array of %d numbers (expected multiply = true, or a format such as \"[{}, ...]\")",
             p->keys[i], ki.p->len);
      continue;
    }
    if (!numeric && ki.p->type != SIM_PT_STEPS && ki.p->type != SIM_PT_ARRAY) {
      err_at(r, at, shown, "\"%s\" is not a number (expected a numeric key, or a format with {})", p->keys[i]);
      continue;
    }
    if (r->e->count == before) {
      char sk[420];
      snprintf(sk, sizeof sk, "%s%s", path, span_at == g ? "range" : config_setting_name(span_at));
      check_span(r, span_at, sk, p, &ki, p->keys[i], sc);
    }
  }
  p->in.integer = all_int && !p->multiply && !p->format[0];
  return r->e->count == before ? 0 : -1;
}

/* Unique parameter names. */
static void check_names(rd *r, const config_setting_t *list, const char *path, mdl_study_param *ps, int n) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++)
      if (ps[i].name[0] && !strcmp(ps[i].name, ps[j].name)) {
        char key[300];
        snprintf(key, sizeof key, "%s[%d]", path, i + 1);
        err_at(r, config_setting_get_elem(list, (unsigned)i), key,
               "\"%s\" is already the name of parameter %d (expected unique names: add name = \"...\")", ps[i].name, j + 1);
        break;
      }
}

/* The parameters list of a block. */
static int read_params(rd *r, const config_setting_t *block, const char *bname, int calib, sa_method method, int method_ok,
                       const mdl_scenario *sc, mdl_study_param *ps, int max) {
  const config_setting_t *list = config_setting_get_member(block, "parameters");
  char key[128];
  snprintf(key, sizeof key, "%s.parameters", bname);
  if (!list) {
    err_at(r, block, key, "missing (expected a list of parameter groups ( { key = \"...\"; range = [lo, hi]; }, ... ))");
    return 0;
  }
  int n = config_setting_length(list);
  if (config_setting_type(list) != CONFIG_TYPE_LIST || n < 1 || n > max) {
    if (config_setting_type(list) != CONFIG_TYPE_LIST)
      err_at(r, list, key, "wrong type, %s (expected a list of 1 to %d parameter groups ( { key = \"...\"; ... }, ... ))",
             sim_params_type_name(list), max);
    else
      err_at(r, list, key, "has %d parameters (expected 1 to %d)", n, max);
    return 0;
  }
  int ok = 1;
  for (int i = 0; i < n; i++) {
    char path[128];
    snprintf(path, sizeof path, "%s.parameters[%d].", bname, i + 1);
    if (read_param(r, config_setting_get_elem(list, (unsigned)i), path, calib, method, method_ok, sc, &ps[i]) != 0) ok = 0;
  }
  check_names(r, list, key, ps, n);
  (void)ok; /* the parameters are kept even with errors: their problems are in e */
  return n;
}

/* ---- the file ---- */

/* Parse the file with the scenario loader's reader (@include relative to the including file's
 * folder, no file opened by libconfig). 0, or -1 when it does not read or parse (the scenario
 * loader reports that). */
static int read_config(const char *path, config_t *cfg) {
  config_init(cfg);
  sim_errs ignored;
  sim_errs_init(&ignored);
  sim_text *t = NULL;
  sim_status st = sim_text_read_file(path, &t, &ignored);
  if (st == SIM_OK) st = sim_text_parse(t, cfg, &ignored);
  sim_errs_destroy(&ignored);
  if (st != SIM_OK) {
    config_destroy(cfg);
    return -1;
  }
  return 0;
}

static const char *const sweep_keys[] = {"method", "samples", "levels", "bootstrap", "seed", "replications", "outputs",
                                         "parameters", NULL};

static void read_outputs(rd *r, const config_setting_t *block, const mdl_scenario *sc, mdl_sweep_spec *spec) {
  const config_setting_t *o = config_setting_get_member(block, "outputs");
  if (!o) {
    err_at(r, block, "sweep.outputs", "missing (expected a list of headline figures, e.g. [\"net_cost_per_fte_year_net_eur\"])");
    return;
  }
  int t = config_setting_type(o), n = config_setting_length(o);
  if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || n < 1 || n > MDL_STUDY_MAX_OUTPUTS) {
    err_at(r, o, "sweep.outputs", "%s (expected a list of 1 to %d headline figures [\"...\", ...])",
           (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) ? "wrong length" : "wrong type", MDL_STUDY_MAX_OUTPUTS);
    return;
  }
  for (int i = 0; i < n; i++) {
    const config_setting_t *el = config_setting_get_elem(o, (unsigned)i);
    mdl_study_output *out = &spec->outputs[spec->noutputs];
    memset(out, 0, sizeof *out);
    if (config_setting_type(el) != CONFIG_TYPE_STRING || strlen(config_setting_get_string(el)) >= sizeof out->text) {
      err_at(r, o, "sweep.outputs", "element %d is %s (expected a headline figure, or territories.NAME.figure)", i + 1,
             config_setting_type(el) == CONFIG_TYPE_STRING ? "too long" : sim_params_type_name(el));
      continue;
    }
    const char *text = config_setting_get_string(el);
    snprintf(out->text, sizeof out->text, "%s", text);
    const char *fig = text;
    if (!strncmp(text, "territories.", 12)) {
      const char *last = strrchr(text, '.');
      size_t wl = (size_t)(last - (text + 12));
      if (last == text + 11 || wl == 0 || wl >= sizeof out->territory) {
        err_at(r, o, "sweep.outputs", "element %d: \"%s\" is malformed (expected territories.NAME.figure)", i + 1, text);
        continue;
      }
      snprintf(out->territory, sizeof out->territory, "%.*s", (int)wl, text + 12);
      fig = last + 1;
      if (sc && territory_index(sc, out->territory, wl) < 0) {
        err_at(r, o, "sweep.outputs", "element %d: no territory \"%s\" (expected territories.NAME.figure with NAME listed in territories)",
               i + 1, out->territory);
        continue;
      }
    }
    out->figure = -1;
    const char *best = NULL;
    size_t bd = 4;
    for (int k = 0; k < MDL_H_COUNT; k++) {
      if (!strcmp(fig, mdl_figures[k].name)) out->figure = k;
      size_t d = sim_params_edit_distance(fig, mdl_figures[k].name);
      if (*fig && !strncmp(mdl_figures[k].name, fig, strlen(fig))) d = 1; /* the start of a name */
      if (d < bd) {
        bd = d;
        best = mdl_figures[k].name;
      }
    }
    if (out->figure < 0) {
      if (best)
        err_at(r, o, "sweep.outputs", "element %d: \"%s\" is not a headline figure (expected a key of summary.json, e.g. net_cost_per_fte_year_net_eur; did you mean '%s'?)",
               i + 1, fig, best);
      else
        err_at(r, o, "sweep.outputs", "element %d: \"%s\" is not a headline figure (expected a key of summary.json, e.g. net_cost_per_fte_year_net_eur)",
               i + 1, fig);
      continue;
    }
    spec->noutputs++;
  }
}

static void read_sweep(rd *r, const config_setting_t *b, const mdl_scenario *sc, mdl_sweep_spec *spec) {
  spec->present = 1;
  snprintf(spec->file, sizeof spec->file, "%s", file_of(r, b));
  spec->line = line_of(b);
  if (config_setting_type(b) != CONFIG_TYPE_GROUP) {
    err_at(r, b, "sweep", "wrong type, %s (expected a group sweep: { method = \"sobol\"; parameters = (...); outputs = [...]; })",
           sim_params_type_name(b));
    return;
  }
  check_members(r, b, "sweep.", sweep_keys);
  const config_setting_t *s = config_setting_get_member(b, "method");
  int method_ok = 0;
  if (!s) {
    err_at(r, b, "sweep.method", "missing (expected one of \"grid\", \"lhs\", \"sobol\", \"morris\")");
  } else {
    const char *t = config_setting_type(s) == CONFIG_TYPE_STRING ? config_setting_get_string(s) : NULL;
    static const sa_method ms[] = {SA_GRID, SA_LHS, SA_SOBOL, SA_MORRIS};
    for (int i = 0; t && i < 4; i++)
      if (!strcmp(t, sa_method_name(ms[i]))) {
        spec->method = ms[i];
        method_ok = 1;
      }
    if (!method_ok) {
      if (t)
        err_at(r, s, "sweep.method", "\"%s\" is not a valid choice (expected one of \"grid\", \"lhs\", \"sobol\", \"morris\")", t);
      else
        err_at(r, s, "sweep.method", "wrong type, %s (expected one of \"grid\", \"lhs\", \"sobol\", \"morris\")", sim_params_type_name(s));
    }
  }
  const char *mname = sa_method_name(spec->method);
  spec->samples = spec->method == SA_SOBOL ? 64 : spec->method == SA_LHS ? 50 : 10;
  spec->levels = spec->method == SA_MORRIS ? 4 : 3;
  spec->bootstrap = 500;
  long long v;
  if ((s = config_setting_get_member(b, "samples"))) {
    if (method_ok && spec->method == SA_GRID)
      err_at(r, s, "sweep.samples", "not used by method \"grid\" (expected levels)");
    else if (get_int(r, s, "sweep.samples", 2, SA_MAX_POINTS, &v) == 0)
      spec->samples = (size_t)v;
  }
  if ((s = config_setting_get_member(b, "levels"))) {
    if (method_ok && spec->method != SA_GRID && spec->method != SA_MORRIS)
      err_at(r, s, "sweep.levels", "not used by method \"%s\" (expected it only with \"grid\" or \"morris\")", mname);
    else if (get_int(r, s, "sweep.levels", 2, 1000, &v) == 0) {
      if (spec->method == SA_MORRIS && v % 2 != 0)
        err_at(r, s, "sweep.levels", "%lld is odd (expected an even number of levels for method \"morris\", e.g. 4)", v);
      else
        spec->levels = (int)v;
    }
  }
  if ((s = config_setting_get_member(b, "bootstrap"))) {
    if (method_ok && spec->method != SA_SOBOL && spec->method != SA_MORRIS)
      err_at(r, s, "sweep.bootstrap", "not used by method \"%s\" (expected it only with \"sobol\" or \"morris\")", mname);
    else if (get_int(r, s, "sweep.bootstrap", 0, 100000, &v) == 0)
      spec->bootstrap = (int)v;
  }
  if ((s = config_setting_get_member(b, "seed")) && get_seed(r, s, "sweep.seed", &spec->seed) == 0) spec->has_seed = 1;
  if ((s = config_setting_get_member(b, "replications")) && get_int(r, s, "sweep.replications", 1, 100000, &v) == 0)
    spec->replications = v;
  read_outputs(r, b, sc, spec);
  size_t errs = r->e->count;
  spec->nparams = read_params(r, b, "sweep", 0, spec->method, method_ok, sc, spec->params, SA_MAX_INPUTS);
  if (method_ok && r->e->count == errs && spec->nparams > 0) {
    sa_input in[SA_MAX_INPUTS];
    for (int i = 0; i < spec->nparams; i++) {
      in[i] = spec->params[i].in;
      in[i].values = spec->params[i].values;
    }
    sa_spec ss = {spec->method, spec->nparams, in, spec->samples, spec->levels, 0};
    size_t n = sa_design_size(&ss);
    if (n == 0 || n > SA_MAX_POINTS)
      err_at(r, b, "sweep", "the design has %zu points (expected at most %d: fewer samples, levels or parameters)", n,
             SA_MAX_POINTS);
  }
}

static const char *const calib_keys[] = {"parameters", "replications", "months", "max_evaluations", "tolerance", "step",
                                         "targets", "abc", "cutoff", "skip_unknown", "total_label", NULL};
static const char *const abc_keys[] = {"samples", "accept", "seed", NULL};

static void read_calib(rd *r, const config_setting_t *b, const char *path, const mdl_scenario *sc, mdl_calib_spec *spec) {
  spec->present = 1;
  snprintf(spec->file, sizeof spec->file, "%s", file_of(r, b));
  spec->line = line_of(b);
  spec->max_evaluations = 200;
  spec->tolerance = 1e-3;
  spec->step = 0.1;
  spec->abc_accept = 0.1;
  if (config_setting_type(b) != CONFIG_TYPE_GROUP) {
    err_at(r, b, "calibrate", "wrong type, %s (expected a group calibrate: { parameters = (...); })", sim_params_type_name(b));
    return;
  }
  check_members(r, b, "calibrate.", calib_keys);
  const config_setting_t *s;
  long long v;
  if ((s = config_setting_get_member(b, "replications")) && get_int(r, s, "calibrate.replications", 1, 100000, &v) == 0)
    spec->replications = v;
  if ((s = config_setting_get_member(b, "months")) && get_int(r, s, "calibrate.months", 1, 1200, &v) == 0) spec->months = v;
  if ((s = config_setting_get_member(b, "max_evaluations")) &&
      get_int(r, s, "calibrate.max_evaluations", 1, 100000, &v) == 0)
    spec->max_evaluations = (int)v;
  if ((s = config_setting_get_member(b, "tolerance"))) get_real(r, s, "calibrate.tolerance", 0, 1, 10, &spec->tolerance);
  if ((s = config_setting_get_member(b, "step"))) get_real(r, s, "calibrate.step", 0, 1, 0.5, &spec->step);
  if ((s = config_setting_get_member(b, "targets"))) {
    char t[1024];
    if (get_string(r, s, "calibrate.targets", "a CSV file name, relative to the scenario's folder", t, sizeof t) == 0) {
      const char *slash = strrchr(path, '/');
      if (t[0] == '/' || !slash)
        snprintf(spec->targets, sizeof spec->targets, "%s", t);
      else
        snprintf(spec->targets, sizeof spec->targets, "%.*s/%s", (int)(slash - path), path, t);
    }
  }
  if ((s = config_setting_get_member(b, "cutoff"))) {
    char t[64];
    if (get_string(r, s, "calibrate.cutoff", "a month YYYY-MM: targets after it are held out", t, sizeof t) == 0) {
      if (sim_cal_parse(t, &spec->cutoff) == 0)
        spec->has_cutoff = 1;
      else
        err_at(r, s, "calibrate.cutoff", "\"%s\" is not a valid date (expected YYYY-MM: targets after it are held out)", t);
    }
  }
  if ((s = config_setting_get_member(b, "skip_unknown"))) get_bool(r, s, "calibrate.skip_unknown", &spec->skip_unknown);
  if ((s = config_setting_get_member(b, "total_label")))
    get_string(r, s, "calibrate.total_label", "a name of the total group in the targets (ALL, NATIONAL, ...)", spec->total_label,
               sizeof spec->total_label);
  if ((s = config_setting_get_member(b, "abc"))) {
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
      err_at(r, s, "calibrate.abc", "wrong type, %s (expected a group abc: { samples = 200; accept = 0.1; })", sim_params_type_name(s));
    } else {
      check_members(r, s, "calibrate.abc.", abc_keys);
      const config_setting_t *x = config_setting_get_member(s, "samples");
      if (!x)
        err_at(r, s, "calibrate.abc.samples", "missing (expected an integer in [2, 100000]: draws from the prior)");
      else if (get_int(r, x, "calibrate.abc.samples", 2, 100000, &v) == 0)
        spec->abc_samples = (int)v;
      if ((x = config_setting_get_member(s, "accept"))) get_real(r, x, "calibrate.abc.accept", 0, 1, 1, &spec->abc_accept);
      if ((x = config_setting_get_member(s, "seed")) && get_seed(r, x, "calibrate.abc.seed", &spec->abc_seed) == 0)
        spec->has_abc_seed = 1;
    }
  }
  spec->nparams = read_params(r, b, "calibrate", 1, SA_LHS, 0, sc, spec->params, MDL_CALIB_MAX_PARAMS);
}

typedef enum { WANT_SWEEP = 1, WANT_CALIB = 2 } want;

static sim_status read_blocks(const char *path, const mdl_scenario *s, int what, mdl_sweep_spec *sw, mdl_calib_spec *ca,
                              sim_errs *e) {
  config_t cfg;
  if (read_config(path, &cfg) != 0) return SIM_OK; /* the scenario loader reports it */
  rd r = {path, e, e->count};
  const config_setting_t *root = config_root_setting(&cfg);
  const config_setting_t *b;
  if ((what & WANT_SWEEP) && (b = config_setting_get_member(root, "sweep"))) read_sweep(&r, b, s, sw);
  if ((what & WANT_CALIB) && (b = config_setting_get_member(root, "calibrate"))) read_calib(&r, b, path, s, ca);
  config_destroy(&cfg);
  sim_errs_sort(e, r.before);
  return e->count == r.before ? SIM_OK : SIM_EPARAM;
}

sim_status mdl_sweep_read(const char *path, const mdl_scenario *s, mdl_sweep_spec *spec, sim_errs *e) {
  memset(spec, 0, sizeof *spec);
  mdl_calib_spec *dummy = calloc(1, sizeof *dummy);
  if (!dummy) return SIM_ENOMEM;
  sim_status st = read_blocks(path, s, WANT_SWEEP, spec, dummy, e);
  free(dummy);
  return st;
}

sim_status mdl_calib_read(const char *path, const mdl_scenario *s, mdl_calib_spec *spec, sim_errs *e) {
  memset(spec, 0, sizeof *spec);
  mdl_sweep_spec *dummy = calloc(1, sizeof *dummy);
  if (!dummy) return SIM_ENOMEM;
  sim_status st = read_blocks(path, s, WANT_CALIB, dummy, spec, e);
  free(dummy);
  return st;
}

sim_status mdl_study_check(const char *path, const mdl_scenario *s, sim_errs *e) {
  mdl_sweep_spec *sw = calloc(1, sizeof *sw);
  mdl_calib_spec *ca = calloc(1, sizeof *ca);
  sim_status st = SIM_ENOMEM;
  if (sw && ca) st = read_blocks(path, s, WANT_SWEEP | WANT_CALIB, sw, ca, e);
  free(sw);
  free(ca);
  return st;
}

/* ---- overrides ---- */

int mdl_setlist_add(mdl_setlist *l, const char *text) {
  if (l->n >= l->cap) {
    int cap = l->cap ? 2 * l->cap : 16;
    char **s = realloc(l->s, (size_t)cap * sizeof *s);
    if (!s) return -1;
    l->s = s;
    l->cap = cap;
  }
  size_t n = strlen(text) + 1;
  l->s[l->n] = malloc(n);
  if (!l->s[l->n]) return -1;
  memcpy(l->s[l->n++], text, n);
  return 0;
}

void mdl_setlist_free(mdl_setlist *l) {
  for (int i = 0; i < l->n; i++) free(l->s[i]);
  free(l->s);
  memset(l, 0, sizeof *l);
}

/* The text of one scaled value of parameter p (of the target struct) in libconfig syntax. */
static int scaled_text(const sim_param *p, const void *target, double x, char *buf, size_t n) {
  size_t k = 0;
  if (p->type == SIM_PT_REAL) {
    snprintf(buf, n, "%.17g", scalar_of(p, target) * x);
  } else if (p->type == SIM_PT_INT) {
    snprintf(buf, n, "%.0f", floor(scalar_of(p, target) * x + 0.5));
  } else if (p->type == SIM_PT_ARRAY) {
    const double *a = field_of(p, target);
    k += (size_t)snprintf(buf + k, n - k, "[");
    for (int i = 0; i < p->len && k < n; i++) k += (size_t)snprintf(buf + k, n - k, "%s%.17g", i ? ", " : "", a[i] * x);
    if (k < n) snprintf(buf + k, n - k, "]");
  } else if (p->type == SIM_PT_STEPS) {
    const sim_cal_steps *st = field_of(p, target);
    k += (size_t)snprintf(buf + k, n - k, "(");
    for (int i = 0; i < st->n && k < n; i++) {
      char d[8];
      sim_cal_format(st->from[i], d);
      k += (size_t)snprintf(buf + k, n - k, "%s(\"%s\", %.17g)", i ? ", " : "", d, st->value[i] * x);
    }
    if (k < n) snprintf(buf + k, n - k, ")");
  } else {
    return -1;
  }
  return 0;
}

int mdl_study_sets(const mdl_study_param *p, double x, const mdl_scenario *base, mdl_setlist *out, sim_errs *e) {
  char value[4096], set[4400];
  for (int i = 0; i < p->nkeys; i++) {
    const char *key = p->keys[i];
    if (p->format[0]) {
      /* Every {} becomes the number. */
      char xs[40];
      snprintf(xs, sizeof xs, "%.17g", x);
      size_t k = 0;
      for (const char *f = p->format; *f && k + 1 < sizeof value;) {
        if (f[0] == '{' && f[1] == '}') {
          k += (size_t)snprintf(value + k, sizeof value - k, "%s", xs);
          f += 2;
        } else {
          value[k++] = *f++;
        }
      }
      value[k < sizeof value ? k : sizeof value - 1] = '\0';
    } else if (!p->multiply) {
      snprintf(value, sizeof value, "%.17g", x);
    } else {
      /* multiply: the scenario's own value(s) times x, one override per territory for "*". */
      if (!strncmp(key, "territories.", 12)) {
        const char *last = strrchr(key, '.');
        const char *who = key + 12;
        size_t wl = (size_t)(last - who);
        const sim_param *tp = sim_params_find(&mdl_territory_params, last + 1);
        if (!tp) goto unknown;
        int any = 0;
        for (int k = 0; k < base->n_territories; k++) {
          if (!(wl == 1 && who[0] == '*') &&
              !(strlen(base->territories[k].name) == wl && !strncmp(base->territories[k].name, who, wl)))
            continue;
          any = 1;
          if (scaled_text(tp, &base->territories[k], x, value, sizeof value) != 0) goto unknown;
          snprintf(set, sizeof set, "territories.%s.%s=%s", base->territories[k].name, last + 1, value);
          if (mdl_setlist_add(out, set) != 0) goto nomem;
        }
        if (!any) goto unknown;
        continue;
      }
      const sim_param *sp = sim_params_find(&mdl_scenario_params, key);
      if (!sp || scaled_text(sp, base, x, value, sizeof value) != 0) goto unknown;
    }
    snprintf(set, sizeof set, "%s=%s", key, value);
    if (mdl_setlist_add(out, set) != 0) goto nomem;
    continue;
  unknown:
    sim_errs_add(e, NULL, 0, key, "cannot be scaled in this scenario (expected a numeric scenario or territory key)");
    return -1;
  }
  return 0;
nomem:
  sim_errs_add(e, NULL, 0, NULL, "out of memory for the overrides");
  return -1;
}

double mdl_study_current(const mdl_study_param *p, const mdl_scenario *base) {
  if (p->multiply) return 1.0;
  if (p->format[0] || p->nkeys < 1) return (double)NAN;
  const char *key = p->keys[0];
  if (!strncmp(key, "territories.", 12)) {
    const char *last = strrchr(key, '.');
    const char *who = key + 12;
    size_t wl = (size_t)(last - who);
    const sim_param *tp = sim_params_find(&mdl_territory_params, last + 1);
    if (!tp || (tp->type != SIM_PT_REAL && tp->type != SIM_PT_INT)) return (double)NAN;
    double sum = 0;
    int n = 0;
    for (int k = 0; k < base->n_territories; k++) {
      if (!(wl == 1 && who[0] == '*') &&
          !(strlen(base->territories[k].name) == wl && !strncmp(base->territories[k].name, who, wl)))
        continue;
      sum += scalar_of(tp, &base->territories[k]);
      n++;
    }
    return n ? sum / n : (double)NAN;
  }
  const sim_param *sp = sim_params_find(&mdl_scenario_params, key);
  if (!sp || (sp->type != SIM_PT_REAL && sp->type != SIM_PT_INT)) return (double)NAN;
  return scalar_of(sp, base);
}
