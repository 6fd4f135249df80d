/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep_spec.c: the `sweep` and `calibrate` blocks (see sweep_spec.h). Their keys are registry
 * tables (sim/params.h), read and checked by the registry's loader like every scenario key; what
 * a table cannot say is code below working on the values it read: the keys that only one method or
 * distribution uses, the --set paths a parameter names, and the figures the outputs name. */
#include "models/sweep_spec.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/report.h"
#include "models/scenario.h"
#include "sim/calendar.h"

/* ---- the tables ---- */

#define STUDY_PARAM_KEYS 13 /* entries of the larger parameter table (the sweep's) */
#define PATH_MAX_BYTES 256

/* One entry of a block's `parameters` list as the registry reads it. */
typedef struct {
  sim_param_origin at;                      /* the group */
  sim_param_origin where[STUDY_PARAM_KEYS]; /* each key's, by table index */
  char name[PATH_MAX_BYTES], key[PATH_MAX_BYTES], format[PATH_MAX_BYTES];
  char keys[MDL_STUDY_MAX_KEYS][PATH_MAX_BYTES];
  int nkeys, multiply, dist, nvalues;
  double range[2], mean, sd, mode, start;
  double values[MDL_STUDY_MAX_VALUES];
  int64_t levels;
} raw_param;

typedef struct {
  int method;
  int64_t samples, levels, bootstrap, seed, replications;
  char outputs[MDL_STUDY_MAX_OUTPUTS][PATH_MAX_BYTES];
  int noutputs, nparams;
  raw_param params[SA_MAX_INPUTS];
} raw_sweep;

typedef struct {
  int nparams, skip_unknown;
  raw_param params[MDL_CALIB_MAX_PARAMS];
  int64_t replications, months, max_evaluations, abc_samples, abc_seed;
  double tolerance, step, abc_accept;
  char targets[1024], total_label[128];
  int32_t cutoff;
} raw_calib;

#define RP(f) offsetof(raw_param, f)
#define OPT SIM_PF_OPTIONAL /* no default, and not required */
#define TEXT (SIM_PF_OPTIONAL | SIM_PF_NONEMPTY)
/* The keys a sweep's and a calibration's parameters share. */
#define SHARED_PARAM_KEYS                                                                                              \
  {.key = "name",                                                                                                      \
   .type = SIM_PT_STRING,                                                                                              \
   .offset = RP(name),                                                                                                 \
   .size = PATH_MAX_BYTES,                                                                                             \
   .expect = "a name",                                                                                                 \
   .flags = TEXT,                                                                                                      \
   .unit = "text",                                                                                                     \
   .meaning = "column name (default: the first key)"},                                                                 \
      {.key = "key",                                                                                                   \
       .type = SIM_PT_STRING,                                                                                          \
       .offset = RP(key),                                                                                              \
       .size = PATH_MAX_BYTES,                                                                                         \
       .expect = "a --set path",                                                                                       \
       .flags = TEXT,                                                                                                  \
       .unit = "text",                                                                                                 \
       .meaning = "the --set path the value goes to, e.g. territories.*.volunteer_rate"},                              \
      {.key = "keys",                                                                                                  \
       .type = SIM_PT_STRINGS,                                                                                         \
       .offset = RP(keys),                                                                                             \
       .len = MDL_STUDY_MAX_KEYS,                                                                                      \
       .size = PATH_MAX_BYTES,                                                                                         \
       .count_offset = RP(nkeys),                                                                                      \
       .expect = "--set paths [\"...\", ...]",                                                                         \
       .item = "a --set path",                                                                                         \
       .flags = TEXT,                                                                                                  \
       .unit = "text",                                                                                                 \
       .meaning = "several --set paths given the same value"},                                                         \
      {.key = "format",                                                                                                \
       .type = SIM_PT_STRING,                                                                                          \
       .offset = RP(format),                                                                                           \
       .size = PATH_MAX_BYTES,                                                                                         \
       .expect = "a value with {} for the number",                                                                     \
       .flags = OPT,                                                                                                   \
       .unit = "text",                                                                                                 \
       .meaning = "the value's text with {} where the number goes"},                                                   \
  {                                                                                                                    \
    .key = "multiply", .type = SIM_PT_BOOL, .offset = RP(multiply), .hi = 1, .def = "false", .unit = "-",              \
    .meaning = "the value multiplies each key's value in the scenario"                                                 \
  }

#define RANGE_KEY                                                                                                      \
  {                                                                                                                    \
    .key = "range", .type = SIM_PT_RANGE, .offset = RP(range), .lo = -1e300, .hi = 1e300, .flags = OPT, .unit = "-",   \
    .meaning = "[lo, hi] of the value"                                                                                 \
  }

static const sim_param sweep_param_list[] = {
    SHARED_PARAM_KEYS,
    {.key = "distribution",
     .type = SIM_PT_CHOICE,
     .offset = RP(dist),
     .choices = "uniform|loguniform|normal|triangular",
     .def = "\"uniform\"",
     .unit = "-",
     .meaning = "how the value is drawn"},
    RANGE_KEY,
    {.key = "mean",
     .type = SIM_PT_REAL,
     .offset = RP(mean),
     .lo = -1e300,
     .hi = 1e300,
     .flags = OPT,
     .expect = "the normal distribution's mean",
     .unit = "-",
     .meaning = "the normal distribution's mean"},
    {.key = "sd",
     .type = SIM_PT_REAL,
     .offset = RP(sd),
     .lo = 0,
     .hi = 1e300,
     .flags = SIM_PF_LO_OPEN | OPT,
     .unit = "-",
     .meaning = "the normal distribution's standard deviation"},
    {.key = "mode",
     .type = SIM_PT_REAL,
     .offset = RP(mode),
     .lo = -1e300,
     .hi = 1e300,
     .flags = OPT,
     .expect = "the triangular distribution's mode, within the range",
     .unit = "-",
     .meaning = "the triangular distribution's mode"},
    {.key = "values",
     .type = SIM_PT_NUMBERS,
     .offset = RP(values),
     .len = MDL_STUDY_MAX_VALUES,
     .lo = -1e300,
     .hi = 1e300,
     .count_offset = RP(nvalues),
     .expect = "numbers",
     .item = "a list of numbers",
     .flags = OPT,
     .unit = "-",
     .meaning = "the values taken, each as often (instead of a distribution)"},
    {.key = "levels",
     .type = SIM_PT_INT,
     .offset = RP(levels),
     .lo = 2,
     .hi = 1000,
     .flags = OPT,
     .unit = "-",
     .meaning = "grid: this parameter's number of levels"},
};

static const sim_param calib_param_list[] = {
    SHARED_PARAM_KEYS,
    RANGE_KEY,
    {.key = "start",
     .type = SIM_PT_REAL,
     .offset = RP(start),
     .lo = -1e300,
     .hi = 1e300,
     .flags = OPT,
     .expect = "the start of the search, within the range",
     .unit = "-",
     .meaning = "start of the search, within the range"},
};

#define TABLE(scope_, list_, type_)                                                                                    \
  {                                                                                                                    \
    .scope = (scope_), .params = (list_), .count = sizeof(list_) / sizeof(list_)[0],                                   \
    .flags = SIM_TF_LIST_KEYS | SIM_TF_ORIGINS, .at_offset = offsetof(type_, at),                                      \
    .where_offset = offsetof(type_, where)                                                                             \
  }

static const sim_param_table sweep_param_table = TABLE("sweep parameter", sweep_param_list, raw_param);
static const sim_param_table calib_param_table = TABLE("calibrate parameter", calib_param_list, raw_param);
_Static_assert(sizeof sweep_param_list / sizeof sweep_param_list[0] <= STUDY_PARAM_KEYS, "raw_param.where too small");

#define PARAMETERS(type_, max_, sub_)                                                                                  \
  {                                                                                                                    \
    .key = "parameters", .type = SIM_PT_GROUPS, .offset = offsetof(type_, params), .len = (max_),                      \
    .size = sizeof(raw_param), .count_offset = offsetof(type_, nparams), .sub = &(sub_),                               \
    .expect = "parameter groups ( { key = \"...\"; ... }, ... )",                                                      \
    .item = "a group { key = \"...\"; range = [lo, hi]; }", .unit = "-", .meaning = "the parameters"                   \
  }

#define SW(f) offsetof(raw_sweep, f)
static const sim_param sweep_list[] = {
    {.key = "method",
     .type = SIM_PT_CHOICE,
     .offset = SW(method),
     .choices = "grid|lhs|sobol|morris",
     .unit = "-",
     .meaning = "the design"},
    {.key = "samples",
     .type = SIM_PT_INT,
     .offset = SW(samples),
     .lo = 2,
     .hi = SA_MAX_POINTS,
     .flags = OPT,
     .unit = "-",
     .meaning = "lhs: points; sobol: base samples; morris: trajectories"},
    {.key = "levels",
     .type = SIM_PT_INT,
     .offset = SW(levels),
     .lo = 2,
     .hi = 1000,
     .flags = OPT,
     .unit = "-",
     .meaning = "grid and morris: levels"},
    {.key = "bootstrap",
     .type = SIM_PT_INT,
     .offset = SW(bootstrap),
     .lo = 0,
     .hi = 100000,
     .def = "500",
     .unit = "-",
     .meaning = "sobol and morris: bootstrap resamples of the indices"},
    {.key = "seed",
     .type = SIM_PT_INT,
     .offset = SW(seed),
     .lo = 0,
     .hi = 9007199254740992.0,
     .flags = OPT,
     .unit = "-",
     .meaning = "seed of the design's draws"},
    {.key = "replications",
     .type = SIM_PT_INT,
     .offset = SW(replications),
     .lo = 1,
     .hi = 100000,
     .flags = OPT,
     .unit = "-",
     .meaning = "replications of each point (default: the scenario's)"},
    {.key = "outputs",
     .type = SIM_PT_STRINGS,
     .offset = SW(outputs),
     .len = MDL_STUDY_MAX_OUTPUTS,
     .size = PATH_MAX_BYTES,
     .count_offset = SW(noutputs),
     .expect = "headline figures, e.g. [\"net_cost_per_fte_year_net_eur\"]",
     .item = "a headline figure, or territories.NAME.figure",
     .flags = SIM_PF_NONEMPTY,
     .unit = "-",
     .meaning = "the figures measured"},
    PARAMETERS(raw_sweep, SA_MAX_INPUTS, sweep_param_table),
};

#define CA(f) offsetof(raw_calib, f)
static const sim_param calib_list[] = {
    PARAMETERS(raw_calib, MDL_CALIB_MAX_PARAMS, calib_param_table),
    {.key = "replications",
     .type = SIM_PT_INT,
     .offset = CA(replications),
     .lo = 1,
     .hi = 100000,
     .flags = OPT,
     .unit = "-",
     .meaning = "replications of each evaluation (default: the scenario's)"},
    {.key = "months",
     .type = SIM_PT_INT,
     .offset = CA(months),
     .lo = 1,
     .hi = 1200,
     .flags = OPT,
     .unit = "months",
     .meaning = "horizon of each evaluation (default: the scenario's)"},
    {.key = "max_evaluations",
     .type = SIM_PT_INT,
     .offset = CA(max_evaluations),
     .lo = 1,
     .hi = 100000,
     .def = "200",
     .unit = "-",
     .meaning = "evaluations of the search"},
    {.key = "tolerance",
     .type = SIM_PT_REAL,
     .offset = CA(tolerance),
     .lo = 0,
     .hi = 10,
     .def = "0.001",
     .flags = SIM_PF_LO_OPEN,
     .unit = "-",
     .meaning = "stop when the simplex is this small"},
    {.key = "step",
     .type = SIM_PT_REAL,
     .offset = CA(step),
     .lo = 0,
     .hi = 0.5,
     .def = "0.1",
     .flags = SIM_PF_LO_OPEN,
     .unit = "share of the range",
     .meaning = "first step of the search"},
    {.key = "targets",
     .type = SIM_PT_STRING,
     .offset = CA(targets),
     .size = 1024,
     .expect = "a CSV file name, relative to the scenario's folder",
     .flags = TEXT,
     .unit = "text",
     .meaning = "the targets fitted"},
    {.key = "abc.samples",
     .type = SIM_PT_INT,
     .offset = CA(abc_samples),
     .lo = 2,
     .hi = 100000,
     .expect = "draws from the prior",
     .flags = SIM_PF_IN_GROUP,
     .unit = "-",
     .meaning = "approximate Bayesian computation: draws"},
    {.key = "abc.accept",
     .type = SIM_PT_REAL,
     .offset = CA(abc_accept),
     .lo = 0,
     .hi = 1,
     .def = "0.1",
     .flags = SIM_PF_LO_OPEN,
     .unit = "-",
     .meaning = "share of the draws accepted"},
    {.key = "abc.seed",
     .type = SIM_PT_INT,
     .offset = CA(abc_seed),
     .lo = 0,
     .hi = 9007199254740992.0,
     .flags = OPT,
     .unit = "-",
     .meaning = "seed of the draws"},
    {.key = "cutoff",
     .type = SIM_PT_DATE,
     .offset = CA(cutoff),
     .expect = "YYYY-MM: targets after it are held out",
     .flags = OPT,
     .unit = "YYYY-MM",
     .meaning = "targets dated after it are held out (backtest)"},
    {.key = "skip_unknown",
     .type = SIM_PT_BOOL,
     .offset = CA(skip_unknown),
     .hi = 1,
     .def = "false",
     .unit = "-",
     .meaning = "rows of a territory or variable the scenario lacks are skipped"},
    {.key = "total_label",
     .type = SIM_PT_STRING,
     .offset = CA(total_label),
     .size = 128,
     .expect = "a name of the total group in the targets (ALL, NATIONAL, ...)",
     .flags = TEXT,
     .unit = "text",
     .meaning = "stands for the total group besides \"total\""},
};

static const sim_param_table sweep_table = {.scope = "sweep",
                                            .params = sweep_list,
                                            .count = sizeof sweep_list / sizeof sweep_list[0],
                                            .flags = SIM_TF_LIST_KEYS};
static const sim_param_table calib_table = {.scope = "calibrate",
                                            .params = calib_list,
                                            .count = sizeof calib_list / sizeof calib_list[0],
                                            .flags = SIM_TF_LIST_KEYS};
#define BLOCK_KEYS 16 /* entries of the larger block table */
_Static_assert(sizeof calib_list / sizeof calib_list[0] <= BLOCK_KEYS, "where arrays too small");

/* ---- small helpers ---- */

/* A number for a message: the fewest digits that show the value exactly. */
static const char *num(char *buf, size_t n, double v) {
  sim_params_fmt_num(buf, n, v);
  return buf;
}

/* A key as read: present (its origin), or NULL. Invalid values were reported by the loader. */
static const sim_param_origin *given(const sim_param_table *t, const sim_param_origin *where, const char *key) {
  return sim_params_where(t, where, key);
}
static int usable(const sim_param_table *t, const sim_param_origin *where, const char *key) {
  const sim_param_origin *o = given(t, where, key);
  return o && !o->invalid;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
err_at(sim_errs *e, sim_param_origin at, const char *key, const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sim_errs_add(e, at.file, at.line, key, "%s", msg);
}

/* ---- keys ---- */

/* What a --set path names: a scenario or territory parameter (NULL for template keys, which the
 * loader checks when the points load), and for territory keys which ones (-1 = all). */
typedef struct {
  const sim_param *p;
  int territory; /* -1: "*" (or a scenario key) */
  int is_territory;
  int is_template;
} key_info;

static int territory_index(const mdl_scenario *s, const char *name, size_t len) {
  for (int k = 0; k < s->n_territories; k++)
    if (strlen(s->territories[k].name) == len && !strncmp(s->territories[k].name, name, len)) return k;
  return -1;
}

/* Resolve a --set path; a message at `at` if it names nothing. */
static int resolve_key(sim_errs *e, sim_param_origin at, const char *shown, const char *key, const mdl_scenario *sc,
                       key_info *ki) {
  memset(ki, 0, sizeof *ki);
  ki->territory = -1;
  if (!strncmp(key, "territory_templates.", 20) || !strncmp(key, "territory_template.", 19)) {
    ki->is_template = 1;
    return 0;
  }
  size_t dist = 4;
  if (!strncmp(key, "territories.", 12)) {
    const char *last = strrchr(key, '.');
    if (last == key + 11 || !last[1]) {
      err_at(e, at, shown, "\"%s\" is malformed (expected territories.NAME.key or territories.*.key)", key);
      return -1;
    }
    const char *who = key + 12;
    size_t wl = (size_t)(last - who);
    ki->is_territory = 1;
    ki->p = sim_params_find(&mdl_territory_params, last + 1);
    if (!ki->p) {
      const char *b = sim_params_nearest(&mdl_territory_params, last + 1, &dist);
      if (b)
        err_at(e, at, shown,
               "\"%s\": unknown territory parameter '%s' (expected a key listed by 'tzsim params'; did you mean '%s'?)",
               key, last + 1, b);
      else
        err_at(e, at, shown, "\"%s\": unknown territory parameter '%s' (expected a key listed by 'tzsim params')", key,
               last + 1);
      return -1;
    }
    if (!(wl == 1 && who[0] == '*') && sc) {
      ki->territory = territory_index(sc, who, wl);
      if (ki->territory < 0) {
        err_at(e, at, shown, "\"%s\": no territory \"%.*s\" (expected a name listed in territories, or *)", key,
               (int)wl, who);
        return -1;
      }
    }
    return 0;
  }
  ki->p = sim_params_find(&mdl_scenario_params, key);
  if (!ki->p) {
    const char *b = sim_params_nearest(&mdl_scenario_params, key, &dist);
    if (b)
      err_at(e, at, shown,
             "\"%s\" is not a scenario parameter (expected a --set path such as money.avoided_cost_min_eur or "
             "territories.*.volunteer_rate; did you mean '%s'?)",
             key, b);
    else
      err_at(e, at, shown,
             "\"%s\" is not a scenario parameter (expected a --set path such as money.avoided_cost_min_eur or "
             "territories.*.volunteer_rate)",
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
  default: *lo = p->in.lo; *hi = p->in.hi;
  }
}

/* Check that every value the parameter can take is valid for each key, with `at` where the values
 * were given. */
static void check_span(sim_errs *e, sim_param_origin at, const char *shown, const mdl_study_param *p,
                       const key_info *ki, const char *key, const mdl_scenario *sc) {
  if (!ki->p || p->format[0]) return;
  double lo, hi;
  x_span(p, &lo, &hi);
  char a[32], b[32], c[32], d[32], v[32], rl[32], rh[32];
  if (!p->multiply) {
    if (lo < ki->p->lo || hi > ki->p->hi)
      err_at(e, at, shown, "[%s, %s] is not within the range of %s (expected values in [%s, %s])", num(a, sizeof a, lo),
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
      err_at(e, at, shown,
             "multiplying %s%s = %s by [%s, %s] gives [%s, %s] (expected factors that keep it in [%s, %s])", key, who,
             num(v, sizeof v, vals[i]), num(a, sizeof a, lo), num(b, sizeof b, hi), num(c, sizeof c, mn),
             num(d, sizeof d, mx), num(rl, sizeof rl, ki->p->lo), num(rh, sizeof rh, ki->p->hi));
      return;
    }
  }
}

/* The parameter a read group describes, with the checks no table can make: key or keys, the keys
 * a distribution uses, the --set paths and the values they can take. `path` is
 * "sweep.parameters[N]."; calib: the calibrate block's table; method: the sweep's (method_ok: it
 * was read). Returns 0, or -1 with its problems in e. */
static int make_param(sim_errs *e, const raw_param *rp, const char *path, int calib, sa_method method, int method_ok,
                      const mdl_scenario *sc, mdl_study_param *p) {
  const sim_param_table *t = calib ? &calib_param_table : &sweep_param_table;
  const sim_param_origin *w = rp->where;
  size_t before = e->count;
  char key[400];
  memset(p, 0, sizeof *p);
  p->line = rp->at.line;
  if (rp->at.invalid) return -1; /* not a group: reported by the loader */
#define AT(k) (*given(t, w, k))
#define KEY(k) (snprintf(key, sizeof key, "%s%s", path, k), key)
  const sim_param_origin *one = given(t, w, "key"), *many = given(t, w, "keys");
  if (one && many) {
    err_at(e, *many, KEY("keys"), "given with key (expected key = \"...\" or keys = [\"...\", ...], not both)");
  } else if (!one && !many) {
    err_at(e, rp->at, KEY("key"),
           "missing (expected key = \"a --set path\", e.g. \"territories.*.volunteer_rate\", or keys = [...])");
  } else if (one && !one->invalid) {
    snprintf(p->keys[0], sizeof p->keys[0], "%s", rp->key);
    p->nkeys = 1;
  } else if (many && !many->invalid) {
    for (int i = 0; i < rp->nkeys; i++) snprintf(p->keys[i], sizeof p->keys[i], "%s", rp->keys[i]);
    p->nkeys = rp->nkeys;
  }
  if (usable(t, w, "name")) snprintf(p->name, sizeof p->name, "%s", rp->name);
  if (!p->name[0] && p->nkeys > 0) snprintf(p->name, sizeof p->name, "%s", p->keys[0]);
  int has_format = given(t, w, "format") != NULL;
  if (usable(t, w, "format")) {
    if (strstr(rp->format, "{}"))
      snprintf(p->format, sizeof p->format, "%s", rp->format);
    else
      err_at(e, AT("format"), KEY("format"),
             "\"%s\" has no {} (expected the value's text with {} where the number goes)", rp->format);
  }
  if (usable(t, w, "multiply")) {
    p->multiply = rp->multiply;
    if (p->multiply && has_format)
      err_at(e, AT("multiply"), KEY("multiply"), "given with format (expected one of multiply = true and format)");
  }
  /* The distribution: the loader read each key; which of them go together is checked here. */
  static const sa_dist dists[] = {SA_UNIFORM, SA_LOGUNIFORM, SA_NORMAL, SA_TRIANGULAR};
  static const char *const dist_names[] = {"uniform", "loguniform", "normal", "triangular"};
  const sim_param_origin *dist = calib ? NULL : given(t, w, "distribution");
  if (dist && dist->invalid) return -1;
  p->in.dist = calib ? SA_UNIFORM : dists[rp->dist];
  const char *dname = dist_names[calib ? 0 : rp->dist];
  const sim_param_origin *range = given(t, w, "range"), *mean = NULL, *sd = NULL, *mode = NULL, *values = NULL,
                         *levels = NULL;
  if (!calib) {
    mean = given(t, w, "mean");
    sd = given(t, w, "sd");
    mode = given(t, w, "mode");
    values = given(t, w, "values");
    levels = given(t, w, "levels");
  }
  sim_param_origin span_at = range ? *range : rp->at;
  const char *span_name = "range";
  int range_ok = range && !range->invalid;
  if (values) {
    const sim_param_origin *other = dist ? dist : range ? range : mean ? mean : sd ? sd : mode;
    const char *other_name = dist ? "distribution" : range ? "range" : mean ? "mean" : sd ? "sd" : "mode";
    if (other) {
      err_at(e, *values, KEY("values"), "given with %s (expected either values = [...] or a distribution)", other_name);
    } else if (!values->invalid) {
      memcpy(p->values, rp->values, sizeof p->values);
      p->in.dist = SA_DISCRETE;
      p->in.nvalues = rp->nvalues;
    }
    span_at = *values;
    span_name = "values";
  } else if (p->in.dist == SA_NORMAL) {
    if (range) err_at(e, *range, KEY("range"), "not used by distribution \"normal\" (expected mean and sd)");
    if (mode) err_at(e, *mode, KEY("mode"), "not used by distribution \"normal\" (expected mean and sd)");
    if (!mean)
      err_at(e, rp->at, KEY("mean"), "missing (expected a number: the normal distribution's mean)");
    else
      p->in.mean = rp->mean;
    if (!sd)
      err_at(e, rp->at, KEY("sd"), "missing (expected a number > 0: the normal distribution's standard deviation)");
    else
      p->in.sd = rp->sd;
    span_at = sd ? *sd : rp->at;
    span_name = sd ? "sd" : "range";
  } else {
    if (mean || sd)
      err_at(e, mean ? *mean : *sd, KEY(mean ? "mean" : "sd"),
             "not used by distribution \"%s\" (expected range = [lo, hi])", dname);
    if (mode && p->in.dist != SA_TRIANGULAR)
      err_at(e, *mode, KEY("mode"), "not used by distribution \"%s\" (expected it only with \"triangular\")", dname);
    if (!range) {
      err_at(e, rp->at, KEY("range"), "missing (expected [lo, hi], two numbers with lo < hi)");
    } else if (range_ok) {
      p->in.lo = rp->range[0];
      p->in.hi = rp->range[1];
      if (p->in.dist == SA_LOGUNIFORM && p->in.lo <= 0) {
        char a[32];
        err_at(e, *range, KEY("range"), "lower end %s is not positive (expected 0 < lo < hi for \"loguniform\")",
               num(a, sizeof a, p->in.lo));
      }
      if (p->in.dist == SA_TRIANGULAR) {
        char a[32], b[32], c[32];
        if (!mode)
          err_at(e, rp->at, KEY("mode"),
                 "missing (expected a number in the range: the triangular distribution's mode)");
        else if (!mode->invalid && (rp->mode < p->in.lo || rp->mode > p->in.hi))
          err_at(e, *mode, KEY("mode"), "%s is out of range (expected a number in [%s, %s])",
                 num(c, sizeof c, rp->mode), num(a, sizeof a, p->in.lo), num(b, sizeof b, p->in.hi));
        else
          p->in.mode = rp->mode;
      }
    }
  }
  if (levels) {
    if (method_ok && method != SA_GRID)
      err_at(e, *levels, KEY("levels"), "not used by method \"%s\" (expected it only with method \"grid\")",
             sa_method_name(method));
    else if (!levels->invalid)
      p->in.levels = (int)rp->levels;
  }
  const sim_param_origin *start = calib ? given(t, w, "start") : NULL;
  if (start && !start->invalid && range_ok) {
    if (rp->start < p->in.lo || rp->start > p->in.hi) {
      char a[32], b[32], c[32];
      err_at(e, *start, KEY("start"), "%s is out of range (expected a number in [%s, %s])", num(c, sizeof c, rp->start),
             num(a, sizeof a, p->in.lo), num(b, sizeof b, p->in.hi));
    } else {
      p->start = rp->start;
      p->has_start = 1;
    }
  }
#undef AT
  /* Each key: known, of a type a number can set, and the values within its range. */
  int all_int = p->nkeys > 0;
  for (int i = 0; i < p->nkeys; i++) {
    char shown[420];
    if (one)
      snprintf(shown, sizeof shown, "%skey", path);
    else
      snprintf(shown, sizeof shown, "%skeys[%d]", path, i + 1);
    sim_param_origin at = one ? *one : *many;
    key_info ki;
    if (resolve_key(e, at, shown, p->keys[i], sc, &ki) != 0) {
      all_int = 0;
      continue;
    }
    if (ki.is_template) {
      all_int = 0;
      if (p->multiply)
        err_at(e, at, shown, "\"%s\": multiply cannot scale a template key (expected a scenario or territory key)",
               p->keys[i]);
      continue;
    }
    if (ki.p->type != SIM_PT_INT) all_int = 0;
    if (p->format[0]) continue;
    int numeric = ki.p->type == SIM_PT_REAL || ki.p->type == SIM_PT_INT;
    if (ki.p->type == SIM_PT_STEPS && !p->multiply) {
      err_at(e, at, shown,
             "\"%s\" is a list of (\"YYYY-MM\", value) steps (expected multiply = true, or a format such as "
             "\"((\\\"2017-01\\\", {}))\")",
             p->keys[i]);
      continue;
    }
    if (ki.p->type == SIM_PT_ARRAY && !p->multiply) {
      err_at(e, at, shown,
             "\"%s\" is an array of %d numbers (expected multiply = true, or a format such as \"[{}, ...]\")",
             p->keys[i], ki.p->len);
      continue;
    }
    if (!numeric && ki.p->type != SIM_PT_STEPS && ki.p->type != SIM_PT_ARRAY) {
      err_at(e, at, shown, "\"%s\" is not a number (expected a numeric key, or a format with {})", p->keys[i]);
      continue;
    }
    if (e->count == before) check_span(e, span_at, KEY(span_name), p, &ki, p->keys[i], sc);
  }
#undef KEY
  p->in.integer = all_int && !p->multiply && !p->format[0];
  return e->count == before ? 0 : -1;
}

/* The parameters of a block, with unique names. `errs_ok`: no problem was reported in the list by
 * the loader (its groups were read). */
static int make_params(sim_errs *e, const raw_param *rps, int n, const char *bname, int calib, sa_method method,
                       int method_ok, const mdl_scenario *sc, mdl_study_param *ps) {
  for (int i = 0; i < n; i++) {
    char path[128];
    snprintf(path, sizeof path, "%s.parameters[%d].", bname, i + 1);
    make_param(e, &rps[i], path, calib, method, method_ok, sc, &ps[i]);
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++)
      if (ps[i].name[0] && !strcmp(ps[i].name, ps[j].name)) {
        char key[300];
        snprintf(key, sizeof key, "%s.parameters[%d]", bname, i + 1);
        err_at(e, rps[i].at, key,
               "\"%s\" is already the name of parameter %d (expected unique names: add name = \"...\")", ps[i].name,
               j + 1);
        break;
      }
  return n;
}

/* ---- the blocks ---- */

static void make_outputs(sim_errs *e, const raw_sweep *raw, sim_param_origin at, const mdl_scenario *sc,
                         mdl_sweep_spec *spec) {
  for (int i = 0; i < raw->noutputs; i++) {
    const char *text = raw->outputs[i];
    if (!*text) continue;
    mdl_study_output *out = &spec->outputs[spec->noutputs];
    memset(out, 0, sizeof *out);
    snprintf(out->text, sizeof out->text, "%s", text);
    const char *fig = text;
    if (!strncmp(text, "territories.", 12)) {
      const char *last = strrchr(text, '.');
      size_t wl = (size_t)(last - (text + 12));
      if (last == text + 11 || wl == 0 || wl >= sizeof out->territory) {
        err_at(e, at, "sweep.outputs", "element %d: \"%s\" is malformed (expected territories.NAME.figure)", i + 1,
               text);
        continue;
      }
      snprintf(out->territory, sizeof out->territory, "%.*s", (int)wl, text + 12);
      fig = last + 1;
      if (sc && territory_index(sc, out->territory, wl) < 0) {
        err_at(e, at, "sweep.outputs",
               "element %d: no territory \"%s\" (expected territories.NAME.figure with NAME listed in territories)",
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
        err_at(e, at, "sweep.outputs",
               "element %d: \"%s\" is not a headline figure (expected a key of summary.json, e.g. "
               "net_cost_per_fte_year_net_eur; did you mean '%s'?)",
               i + 1, fig, best);
      else
        err_at(e, at, "sweep.outputs",
               "element %d: \"%s\" is not a headline figure (expected a key of summary.json, e.g. "
               "net_cost_per_fte_year_net_eur)",
               i + 1, fig);
      continue;
    }
    spec->noutputs++;
  }
}

/* The sweep block as read by the loader, turned into the spec. */
static void make_sweep(sim_errs *e, const raw_sweep *raw, const sim_param_origin *w, sim_param_origin at,
                       const mdl_scenario *sc, mdl_sweep_spec *spec) {
  const sim_param_table *t = &sweep_table;
  static const sa_method methods[] = {SA_GRID, SA_LHS, SA_SOBOL, SA_MORRIS};
  int method_ok = usable(t, w, "method");
  if (method_ok) spec->method = methods[raw->method];
  const char *mname = sa_method_name(spec->method);
  spec->samples = spec->method == SA_SOBOL ? 64 : spec->method == SA_LHS ? 50 : 10;
  spec->levels = spec->method == SA_MORRIS ? 4 : 3;
  spec->bootstrap = 500;
  const sim_param_origin *s;
  if ((s = given(t, w, "samples"))) {
    if (method_ok && spec->method == SA_GRID)
      err_at(e, *s, "sweep.samples", "not used by method \"grid\" (expected levels)");
    else if (!s->invalid)
      spec->samples = (size_t)raw->samples;
  }
  if ((s = given(t, w, "levels"))) {
    if (method_ok && spec->method != SA_GRID && spec->method != SA_MORRIS)
      err_at(e, *s, "sweep.levels", "not used by method \"%s\" (expected it only with \"grid\" or \"morris\")", mname);
    else if (!s->invalid && spec->method == SA_MORRIS && raw->levels % 2 != 0)
      err_at(e, *s, "sweep.levels", "%lld is odd (expected an even number of levels for method \"morris\", e.g. 4)",
             (long long)raw->levels);
    else if (!s->invalid)
      spec->levels = (int)raw->levels;
  }
  if ((s = given(t, w, "bootstrap"))) {
    if (method_ok && spec->method != SA_SOBOL && spec->method != SA_MORRIS)
      err_at(e, *s, "sweep.bootstrap", "not used by method \"%s\" (expected it only with \"sobol\" or \"morris\")",
             mname);
    else if (!s->invalid)
      spec->bootstrap = (int)raw->bootstrap;
  }
  if (usable(t, w, "seed")) {
    spec->seed = (uint64_t)raw->seed;
    spec->has_seed = 1;
  }
  if (usable(t, w, "replications")) spec->replications = raw->replications;
  const sim_param_origin *o = given(t, w, "outputs");
  if (o) make_outputs(e, raw, *o, sc, spec); /* the elements the loader refused are empty */
  size_t errs = e->count;
  if (!given(t, w, "parameters")) return; /* each group read is checked, even beside a refused one */
  spec->nparams = make_params(e, raw->params, raw->nparams, "sweep", 0, spec->method, method_ok, sc, spec->params);
  if (method_ok && e->count == errs && spec->nparams > 0) {
    sa_input in[SA_MAX_INPUTS];
    for (int i = 0; i < spec->nparams; i++) {
      in[i] = spec->params[i].in;
      in[i].values = spec->params[i].values;
    }
    sa_spec ss = {spec->method, spec->nparams, in, spec->samples, spec->levels, 0};
    size_t n = sa_design_size(&ss);
    if (n == 0 || n > SA_MAX_POINTS)
      err_at(e, at, "sweep", "the design has %zu points (expected at most %d: fewer samples, levels or parameters)", n,
             SA_MAX_POINTS);
  }
}

/* The calibrate block as read by the loader, turned into the spec; `path` is the scenario file
 * (the targets are relative to its folder). */
static void make_calib(sim_errs *e, const raw_calib *raw, const sim_param_origin *w, const char *path,
                       const mdl_scenario *sc, mdl_calib_spec *spec) {
  const sim_param_table *t = &calib_table;
  spec->max_evaluations = 200;
  spec->tolerance = 1e-3;
  spec->step = 0.1;
  spec->abc_accept = 0.1;
  if (usable(t, w, "replications")) spec->replications = raw->replications;
  if (usable(t, w, "months")) spec->months = raw->months;
  if (usable(t, w, "max_evaluations")) spec->max_evaluations = (int)raw->max_evaluations;
  if (usable(t, w, "tolerance")) spec->tolerance = raw->tolerance;
  if (usable(t, w, "step")) spec->step = raw->step;
  if (usable(t, w, "targets")) {
    const char *slash = strrchr(path, '/');
    if (raw->targets[0] == '/' || !slash)
      snprintf(spec->targets, sizeof spec->targets, "%s", raw->targets);
    else
      snprintf(spec->targets, sizeof spec->targets, "%.*s/%s", (int)(slash - path), path, raw->targets);
  }
  if (usable(t, w, "cutoff")) {
    spec->cutoff = raw->cutoff;
    spec->has_cutoff = 1;
  }
  if (usable(t, w, "skip_unknown")) spec->skip_unknown = raw->skip_unknown;
  if (usable(t, w, "total_label")) snprintf(spec->total_label, sizeof spec->total_label, "%s", raw->total_label);
  /* abc.samples is required in an abc group, not without one. */
  if (usable(t, w, "abc.samples")) spec->abc_samples = (int)raw->abc_samples;
  if (usable(t, w, "abc.accept")) spec->abc_accept = raw->abc_accept;
  if (usable(t, w, "abc.seed")) {
    spec->abc_seed = (uint64_t)raw->abc_seed;
    spec->has_abc_seed = 1;
  }
  if (given(t, w, "parameters"))
    spec->nparams = make_params(e, raw->params, raw->nparams, "calibrate", 1, SA_LHS, 0, sc, spec->params);
}

typedef enum { WANT_SWEEP = 1, WANT_CALIB = 2 } want;

static sim_status read_blocks(const char *path, const mdl_scenario *s, int what, mdl_sweep_spec *sw, mdl_calib_spec *ca,
                              sim_errs *e) {
  sim_errs ignored; /* a file that does not read or parse: the scenario loader reports it */
  sim_errs_init(&ignored);
  sim_params_doc *doc = NULL;
  sim_status st = sim_params_doc_open(path, NULL, path, &doc, &ignored);
  sim_errs_destroy(&ignored);
  if (st != SIM_OK) return st == SIM_ENOMEM ? st : SIM_OK;
  size_t before = e->count;
  const void *root = sim_params_doc_root(doc);
  sim_param_origin where[BLOCK_KEYS], at;
  raw_sweep *rs = (what & WANT_SWEEP) ? calloc(1, sizeof *rs) : NULL;
  raw_calib *rc = (what & WANT_CALIB) ? calloc(1, sizeof *rc) : NULL;
  if (((what & WANT_SWEEP) && !rs) || ((what & WANT_CALIB) && !rc)) {
    st = SIM_ENOMEM;
    goto done;
  }
  if (rs) {
    memset(where, 0, sizeof where);
    sim_params_defaults(&sweep_table, rs, e);
    int got = sim_params_read_block(root, path, "sweep",
                                    "a group sweep: { method = \"sobol\"; parameters = (...); outputs = [...]; }",
                                    &sweep_table, rs, where, &at, e);
    if (got != 0) {
      sw->present = 1;
      snprintf(sw->file, sizeof sw->file, "%s", at.file);
      sw->line = at.line;
    }
    if (got > 0) {
      sim_params_check_required(&sweep_table, where, at, "sweep.", e);
      make_sweep(e, rs, where, at, s, sw);
    }
  }
  if (rc) {
    memset(where, 0, sizeof where);
    sim_params_defaults(&calib_table, rc, e);
    int got = sim_params_read_block(root, path, "calibrate", "a group calibrate: { parameters = (...); }", &calib_table,
                                    rc, where, &at, e);
    if (got != 0) {
      ca->present = 1;
      snprintf(ca->file, sizeof ca->file, "%s", at.file);
      ca->line = at.line;
      ca->max_evaluations = 200;
      ca->tolerance = 1e-3;
      ca->step = 0.1;
      ca->abc_accept = 0.1;
    }
    if (got > 0) {
      sim_params_check_required(&calib_table, where, at, "calibrate.", e);
      make_calib(e, rc, where, path, s, ca);
    }
  }
done:
  free(rs);
  free(rc);
  sim_params_doc_close(doc);
  sim_errs_sort(e, before);
  if (st != SIM_OK) return st;
  return e->count == before ? SIM_OK : SIM_EPARAM;
}

sim_status mdl_sweep_read(const char *path, const mdl_scenario *s, mdl_sweep_spec *spec, sim_errs *e) {
  memset(spec, 0, sizeof *spec);
  return read_blocks(path, s, WANT_SWEEP, spec, NULL, e);
}

sim_status mdl_calib_read(const char *path, const mdl_scenario *s, mdl_calib_spec *spec, sim_errs *e) {
  memset(spec, 0, sizeof *spec);
  return read_blocks(path, s, WANT_CALIB, NULL, spec, e);
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
