/* SPDX-License-Identifier: GPL-3.0-or-later */
/* result.c: reading a run or a comparison folder for the figures and the report. */
#include "plots/result.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sim/json.h"
#include "sim/params.h"
#include "sim/textio.h"

/* The monthly metrics and headline figures a result holds: the list the model writes them from. */
static const struct {
  const char *name;
  int drawn; /* the figures draw it: its column must be there */
} result_metrics[] = {
#define MDL_METRIC(id, name, drawn) {name, drawn},
#define MDL_FIGURE(...)
#include "models/metrics.def"
#undef MDL_METRIC
#undef MDL_FIGURE
};
static const struct {
  const char *name, *label;
} result_figures[] = {
#define MDL_METRIC(...)
#define MDL_FIGURE(id, name, unit, text, num, den, label, by_territory) {name, label},
#include "models/metrics.def"
#undef MDL_METRIC
#undef MDL_FIGURE
};

/* A result folder may come from another machine: its files are untrusted input. Every JSON member
 * is read typed (jansson), every CSV cell the figures use is checked, and a file with fewer rows
 * than its run implies is refused: a figure is never drawn from a partial file. */

/* A JSON manifest of the folder: NULL with *st = SIM_OK if it is absent and optional. */
static json_t *manifest(const char *dir, const char *name, int required, sim_errs *e, sim_status *st) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  struct stat sb;
  *st = SIM_OK;
  if (!required && stat(path, &sb) != 0 && errno == ENOENT) return NULL;
  return sim_json_read(path, SIM_JSON_MAX_BYTES, e, st);
}

static const char *plural(long long n, const char *one, const char *many) { return n == 1 ? one : many; }

/* A copy cut to n - 1 bytes (a fallback name may be a long folder name). */
static void copy_cut(char *out, size_t n, const char *text) {
  size_t k = strlen(text);
  if (k >= n) k = n - 1;
  memcpy(out, text, k);
  out[k] = '\0';
}

/* A string member, or fallback if absent; -1 (message in e) if it is there but not a string. */
static int json_text(const json_t *o, const char *path, const char *key, char *out, size_t n, const char *fallback,
                     sim_errs *e) {
  int got = o ? sim_json_str(o, path, key, out, n, 0, e) : 0;
  if (got == 0) copy_cut(out, n, fallback);
  return got < 0 ? -1 : 0;
}

/* An integer member written as text (seeds are shown, never computed with), or fallback. */
static int json_int_text(const json_t *o, const char *path, const char *key, long long lo, long long hi, char *out,
                         size_t n, const char *fallback, sim_errs *e) {
  long long v = 0;
  int got = o ? sim_json_int(o, path, key, lo, hi, 0, &v, e) : 0;
  if (got == 1)
    snprintf(out, n, "%lld", v);
  else
    copy_cut(out, n, fallback);
  return got < 0 ? -1 : 0;
}

/* Every cell of the columns a figure reads must be a number (summary.csv's mean, lo, hi and sd may
 * be empty: a figure without a value). */
static sim_status check_cells(const plt_table *t, const char *path, const char *const *cols, int ncols,
                              int may_be_empty, sim_errs *e) {
  for (int k = 0; k < ncols; k++) {
    int c = plt_table_col(t, cols[k]);
    if (c < 0) {
      sim_errs_add(e, path, 1, cols[k], "missing column (expected the columns tzsim writes in this file)");
      return SIM_EPARAM;
    }
    for (size_t i = 0; i < t->nrows; i++) {
      const char *v = plt_table_get(t, i, c);
      if (may_be_empty && !*v) continue;
      if (isnan(plt_table_num(t, i, c)) && strcmp(v, "nan") != 0 && strcmp(v, "-nan") != 0) {
        sim_errs_add(e, path, (int)i + 2, cols[k], "'%s' is not a number (expected a number, as tzsim writes it)", v);
        return SIM_EPARAM;
      }
    }
  }
  return SIM_OK;
}

/* Every column of monthly.csv but the first three is a number. */
static sim_status check_monthly_cells(const plt_table *t, const char *path, sim_errs *e) {
  for (size_t k = 0; k < sizeof result_metrics / sizeof result_metrics[0]; k++)
    if (result_metrics[k].drawn && plt_table_col(t, result_metrics[k].name) < 0) {
      sim_errs_add(e, path, 1, result_metrics[k].name, "missing column (expected the columns a tzsim run writes)");
      return SIM_EPARAM;
    }
  for (int c = 3; c < t->ncols; c++) {
    const char *name = t->head[c];
    if (check_cells(t, path, &name, 1, 0, e) != SIM_OK) return SIM_EPARAM;
  }
  return SIM_OK;
}

/* The months and territories the folder's scenario.cfg (the resolved scenario tzsim writes) says
 * the run has; 0 if there is no scenario.cfg, -1 with a message if it cannot say. */
static int scenario_shape(const char *dir, long long *months, int *territories, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/scenario.cfg", dir);
  struct stat sb;
  if (stat(path, &sb) != 0 && errno == ENOENT) return 0;
  sim_params_doc *doc = NULL;
  if (sim_params_doc_open(path, NULL, NULL, &doc, e) != SIM_OK) return -1; /* the reader's message names the file */
  const void *root = sim_params_doc_root(doc), *t = sim_params_member(root, "months");
  double m = 0;
  int ok = sim_params_number(t, &m) && m >= 1 && m <= 100000 && m == floor(m);
  t = sim_params_member(root, "territories");
  ok = ok && t && sim_params_is_list(t);
  if (ok) {
    *months = (long long)m;
    *territories = sim_params_length(t);
  }
  sim_params_doc_close(doc);
  if (!ok) {
    sim_errs_add(e, path, 0, "months",
                 "cannot read the months and territories (expected the resolved scenario tzsim writes)");
    return -1;
  }
  return 1;
}

static sim_status index_groups(plt_run *r, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/monthly.csv", r->dir);
  const plt_table *t = &r->monthly;
  int ct = plt_table_col(t, "territory"), cd = plt_table_col(t, "date"), ca = plt_table_col(t, "arm");
  if (ct < 0 || cd < 0 || ca < 0 || t->nrows == 0) {
    sim_errs_add(e, path, 1, NULL, "not a tzsim monthly.csv (expected the columns territory, date, arm and rows)");
    return SIM_EPARAM;
  }
  if (check_monthly_cells(t, path, e) != SIM_OK) return SIM_EPARAM;
  int lo = -1, hi = -1;
  for (size_t i = 0; i < t->nrows; i++) {
    int m = plt_month(plt_table_get(t, i, cd));
    if (m < 0) {
      sim_errs_add(e, path, (int)i + 2, "date", "'%s' is not a month (expected YYYY-MM)", plt_table_get(t, i, cd));
      return SIM_EPARAM;
    }
    const char *arm = plt_table_get(t, i, ca);
    if (strcmp(arm, "program") != 0 && strcmp(arm, "counterfactual") != 0) {
      sim_errs_add(e, path, (int)i + 2, "arm", "'%s' is not an arm (expected program or counterfactual)", arm);
      return SIM_EPARAM;
    }
    if (lo < 0 || m < lo) lo = m;
    if (m > hi) hi = m;
  }
  /* One row per territory, month and arm: the months cannot outnumber the rows (this bounds what
   * is allocated below by the size of the file). */
  if ((size_t)(hi - lo + 1) * 2 > t->nrows) {
    sim_errs_add(e, path, 0, "date",
                 "months %04d-%02d to %04d-%02d need %d rows per territory, more than the file's %zu "
                 "(expected one row per territory, month and arm)",
                 lo / 12, lo % 12 + 1, hi / 12, hi % 12 + 1, (hi - lo + 1) * 2, t->nrows);
    return SIM_EPARAM;
  }
  r->n_months = hi - lo + 1;
  r->dates = calloc((size_t)r->n_months, sizeof *r->dates);
  r->groups = calloc(t->nrows, sizeof *r->groups);
  if (!r->dates || !r->groups) goto nomem;
  for (int k = 0; k < r->n_months; k++) {
    unsigned m = (unsigned)(lo + k);
    snprintf(r->dates[k], sizeof r->dates[k], "%04u-%02u", m / 12u % 10000u, m % 12u + 1u);
  }
  size_t cells = (size_t)r->n_months * 2;
  int last = -1;
  for (size_t i = 0; i < t->nrows; i++) {
    const char *name = plt_table_get(t, i, ct);
    int g = last >= 0 && strcmp(r->groups[last].name, name) == 0 ? last : -1;
    for (int k = 0; g < 0 && k < r->n_groups; k++)
      if (strcmp(r->groups[k].name, name) == 0) g = k;
    if (g < 0) {
      /* A complete file has exactly n_groups x cells rows; twice that is room enough to name
       * the rows a damaged file lacks, and bounds the memory by the file's size. */
      if (cells == 0 || (size_t)(r->n_groups + 1) * cells > 2 * t->nrows) {
        sim_errs_add(e, path, (int)i + 2, "territory",
                     "'%s' is territory %d, but %zu rows hold at most %zu territories of %d "
                     "months in 2 arms (expected one row per territory, month and arm: the file is incomplete)",
                     name, r->n_groups + 1, t->nrows, cells ? t->nrows / cells : 0, r->n_months);
        return SIM_EPARAM;
      }
      g = r->n_groups++;
      plt_group *x = &r->groups[g];
      x->name = name;
      x->is_total = strcmp(name, "total") == 0;
      x->program_start = -1;
      if (!(x->rows = malloc(cells * sizeof *x->rows))) goto nomem;
      for (size_t c = 0; c < cells; c++) x->rows[c] = SIZE_MAX;
    }
    last = g;
    int a = strcmp(plt_table_get(t, i, ca), "program") == 0 ? PLT_PROGRAM : PLT_COUNTERFACTUAL;
    size_t cell = (size_t)(plt_month(plt_table_get(t, i, cd)) - lo) * 2 + (size_t)a;
    if (r->groups[g].rows[cell] != SIZE_MAX) {
      sim_errs_add(e, path, (int)i + 2, "date",
                   "a second row for %s, %s, %s (expected one row per territory, month and arm; "
                   "the first is line %zu)",
                   name, plt_table_get(t, i, cd), plt_table_get(t, i, ca), r->groups[g].rows[cell] + 2);
      return SIM_EPARAM;
    }
    r->groups[g].rows[cell] = i;
  }
  /* Every territory has every month in both arms: no row is missing. */
  for (int g = 0; g < r->n_groups; g++)
    for (size_t c = 0; c < cells; c++)
      if (r->groups[g].rows[c] == SIZE_MAX) {
        sim_errs_add(e, path, 0, "date",
                     "no row for %s, %s, %s (expected one row per territory, month and arm: the file is "
                     "incomplete)",
                     r->groups[g].name, r->dates[c / 2], c % 2 == PLT_PROGRAM ? "program" : "counterfactual");
        return SIM_EPARAM;
      }
  /* And as many months and territories as the run had. */
  long long months = 0;
  int territories = 0, shape = scenario_shape(r->dir, &months, &territories, e);
  if (shape < 0) return SIM_EPARAM;
  if (shape > 0 && (months != r->n_months || territories + 1 != r->n_groups)) {
    sim_errs_add(e, path, 0, NULL,
                 "has %d %s of %d %s and the total (expected %lld %s of %d %s and the total, as "
                 "scenario.cfg says: the file is incomplete)",
                 r->n_months, plural(r->n_months, "month", "months"), r->n_groups - 1,
                 plural(r->n_groups - 1, "territory", "territories"), months, plural(months, "month", "months"),
                 territories, plural(territories, "territory", "territories"));
    return SIM_EPARAM;
  }
  /* The total last, whatever its place in the file. */
  for (int g = 0; g + 1 < r->n_groups; g++)
    if (r->groups[g].is_total) {
      plt_group tot = r->groups[g];
      memmove(&r->groups[g], &r->groups[g + 1], (size_t)(r->n_groups - g - 1) * sizeof *r->groups);
      r->groups[r->n_groups - 1] = tot;
      break;
    }
  /* File names: safe, and distinct even where two names differ only by accents or punctuation. */
  for (int g = 0; g < r->n_groups; g++) {
    plt_group *x = &r->groups[g];
    char base[140];
    sim_safe_name(x->name, base, sizeof base);
    snprintf(x->safe, sizeof x->safe, "%s", base);
    for (int n = 2;; n++) {
      int clash = 0;
      for (int k = 0; k < g && !clash; k++) clash = strcasecmp(r->groups[k].safe, x->safe) == 0;
      if (!clash) break;
      snprintf(x->safe, sizeof x->safe, "%s-%d", base, n);
    }
  }
  int cap = plt_table_col(t, "capacity_fte");
  for (int g = 0; g < r->n_groups && cap >= 0; g++)
    for (int m = 0; m < r->n_months; m++) {
      size_t row = r->groups[g].rows[(size_t)m * 2 + PLT_PROGRAM];
      if (row != SIZE_MAX && plt_table_num(t, row, cap) > 0) {
        r->groups[g].program_start = m;
        break;
      }
    }
  return SIM_OK;
nomem:
  sim_errs_add(e, path, 0, NULL, "out of memory while reading it");
  return SIM_ENOMEM;
}

/* summary.csv: its columns, numbers where the figures read numbers, n a count of replications. */
static sim_status check_summary(const plt_run *r, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/summary.csv", r->dir);
  const plt_table *t = &r->summary;
  static const char *const text[] = {"territory", "figure", "unit"}, *const nums[] = {"mean", "lo", "hi"};
  for (size_t k = 0; k < 3; k++)
    if (plt_table_col(t, text[k]) < 0) {
      sim_errs_add(e, path, 1, text[k], "missing column (expected the columns tzsim writes in this file)");
      return SIM_EPARAM;
    }
  if (check_cells(t, path, nums, 3, 1, e) != SIM_OK) return SIM_EPARAM;
  /* One row per territory (and the total) and headline figure: fewer is a file cut at a line end. */
  if (r->summary_figures && t->nrows != r->summary_figures * (size_t)r->n_groups) {
    sim_errs_add(e, path, 0, NULL,
                 "has %zu rows (expected %zu: the %zu figures of summary.json for %d %s and the total: "
                 "the file is incomplete)",
                 t->nrows, r->summary_figures * (size_t)r->n_groups, r->summary_figures, r->n_groups - 1,
                 plural(r->n_groups - 1, "territory", "territories"));
    return SIM_EPARAM;
  }
  int cn = plt_table_col(t, "n");
  if (cn < 0) {
    sim_errs_add(e, path, 1, "n", "missing column (expected the columns tzsim writes in this file)");
    return SIM_EPARAM;
  }
  for (size_t i = 0; i < t->nrows; i++) {
    const char *v = plt_table_get(t, i, cn);
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < 0 || (r->replications > 0 && n > r->replications)) {
      sim_errs_add(e, path, (int)i + 2, "n",
                   "'%s' is not a count of replications (expected a whole number from 0 to %ld)", v,
                   r->replications > 0 ? r->replications : LONG_MAX);
      return SIM_EPARAM;
    }
  }
  return SIM_OK;
}

/* run.json and summary.json: typed members; the replications they give must agree. */
static sim_status read_manifests(plt_run *r, sim_errs *e) {
  char path[4200], spath[4200];
  snprintf(path, sizeof path, "%s/run.json", r->dir);
  snprintf(spath, sizeof spath, "%s/summary.json", r->dir);
  sim_status st;
  json_t *run = manifest(r->dir, "run.json", 0, e, &st);
  if (st != SIM_OK) return st;
  json_t *sum = manifest(r->dir, "summary.json", 0, e, &st);
  if (st != SIM_OK) {
    json_decref(run);
    return st;
  }
  const char *slash = strrchr(r->dir, '/');
  int bad =
      json_text(run, path, "scenario", r->scenario, sizeof r->scenario, slash && slash[1] ? slash + 1 : r->dir, e);
  bad |= json_text(run, path, "version", r->version, sizeof r->version, "unknown", e);
  bad |= json_text(run, path, "git_revision", r->git, sizeof r->git, "unknown", e);
  bad |= json_int_text(run, path, "seed", LLONG_MIN, LLONG_MAX, r->seed, sizeof r->seed, "unknown", e);
  bad |= json_text(run, path, "scenario_file", r->scenario_file, sizeof r->scenario_file, "unknown", e);
  bad |= json_text(run, path, "finished_utc", r->finished, sizeof r->finished, "unknown", e);
  long long reps = 0, sreps = 0;
  int got = run ? sim_json_int(run, path, "replications", 1, UINT32_MAX, 0, &reps, e) : 0;
  int sgot = sum ? sim_json_int(sum, spath, "replications", 1, UINT32_MAX, 0, &sreps, e) : 0;
  if (sum) {
    char tmp[256];
    const json_t *units = json_object_get(sum, "units");
    if (units && !json_is_object(units)) {
      sim_errs_add(e, spath, 0, "units", "is not an object (expected the unit of each headline figure)");
      bad = -1;
    }
    r->summary_figures = json_object_size(units);
    bad |= json_text(sum, spath, "scenario", tmp, sizeof tmp, "", e);
    bad |= json_int_text(sum, spath, "seed", LLONG_MIN, LLONG_MAX, tmp, sizeof tmp, "", e);
  }
  if (got < 0 || sgot < 0)
    bad = -1;
  else if (got > 0 && sgot > 0 && reps != sreps) {
    sim_errs_add(e, spath, 0, "replications", "%lld differs from run.json (expected %lld, the replications of the run)",
                 sreps, reps);
    bad = -1;
  }
  r->replications = got > 0 ? (long)reps : sgot > 0 ? (long)sreps : 0;
  json_decref(run);
  json_decref(sum);
  return bad ? SIM_EPARAM : SIM_OK;
}

sim_status plt_run_load(const char *dir, plt_run *r, sim_errs *e) {
  memset(r, 0, sizeof *r);
  snprintf(r->dir, sizeof r->dir, "%s", dir);
  char path[4200];
  snprintf(path, sizeof path, "%s/monthly.csv", dir);
  sim_status st = plt_table_read(path, &r->monthly, e);
  if (st != SIM_OK) return st;
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  if ((st = plt_table_read(path, &r->summary, e)) != SIM_OK) return st;
  if ((st = read_manifests(r, e)) != SIM_OK) return st;
  if ((st = index_groups(r, e)) != SIM_OK) return st;
  if ((st = check_summary(r, e)) != SIM_OK) return st;
  r->ci = r->monthly.ncols > 3 && plt_table_col(&r->monthly, "ppde_lo") >= 0;
  if (r->replications <= 0) { /* no manifest: the largest n of summary.csv */
    int cn = plt_table_col(&r->summary, "n");
    for (size_t i = 0; i < r->summary.nrows; i++) {
      long n = strtol(plt_table_get(&r->summary, i, cn), NULL, 10);
      if (n > r->replications) r->replications = n;
    }
  }
  return SIM_OK;
}

void plt_run_free(plt_run *r) {
  for (int g = 0; g < r->n_groups; g++) free(r->groups[g].rows);
  free(r->groups);
  free(r->dates);
  plt_table_free(&r->monthly);
  plt_table_free(&r->summary);
  memset(r, 0, sizeof *r);
}

double plt_run_value(const plt_run *r, int g, int m, int arm, const char *metric, int which) {
  if (g < 0 || g >= r->n_groups || m < 0 || m >= r->n_months) return (double)NAN;
  size_t row = r->groups[g].rows[(size_t)m * 2 + (size_t)arm];
  if (row == SIZE_MAX) return (double)NAN;
  char name[160];
  snprintf(name, sizeof name, "%s%s", metric, which < 0 ? "_lo" : which > 0 ? "_hi" : "");
  int col = plt_table_col(&r->monthly, name);
  if (col < 0 && which != 0) col = plt_table_col(&r->monthly, metric); /* one replication */
  return plt_table_num(&r->monthly, row, col);
}

static void fill_ci(const plt_table *t, size_t i, plt_ci *out) {
  out->mean = plt_table_num(t, i, plt_table_col(t, "mean"));
  out->lo = plt_table_num(t, i, plt_table_col(t, "lo"));
  out->hi = plt_table_num(t, i, plt_table_col(t, "hi"));
  out->n = strtol(plt_table_get(t, i, plt_table_col(t, "n")), NULL, 10);
  out->unit = plt_table_get(t, i, plt_table_col(t, "unit"));
  if (isnan(out->lo)) out->lo = out->mean;
  if (isnan(out->hi)) out->hi = out->mean;
}

int plt_summary(const plt_run *r, const char *group, const char *figure, plt_ci *out) {
  const plt_table *t = &r->summary;
  int ct = plt_table_col(t, "territory"), cf = plt_table_col(t, "figure");
  for (size_t i = 0; i < t->nrows; i++)
    if (strcmp(plt_table_get(t, i, ct), group) == 0 && strcmp(plt_table_get(t, i, cf), figure) == 0) {
      fill_ci(t, i, out);
      return 0;
    }
  out->mean = out->lo = out->hi = (double)NAN;
  out->n = 0;
  out->unit = "";
  return -1;
}

/* ---- comparisons ---- */

sim_status plt_compare_load(const char *dir, plt_compare *c, sim_errs *e) {
  memset(c, 0, sizeof *c);
  snprintf(c->dir, sizeof c->dir, "%s", dir);
  char path[4200];
  snprintf(path, sizeof path, "%s/compare.csv", dir);
  sim_status st = plt_table_read(path, &c->compare, e);
  if (st != SIM_OK) return st;
  static const char *const text[] = {"territory", "figure", "kind"}, *const nums[] = {"mean", "lo", "hi"};
  for (size_t k = 0; k < 3; k++)
    if (plt_table_col(&c->compare, text[k]) < 0) {
      sim_errs_add(e, path, 1, text[k], "missing column (expected the columns tzsim writes in this file)");
      return SIM_EPARAM;
    }
  if (check_cells(&c->compare, path, nums, 3, 1, e) != SIM_OK) return SIM_EPARAM;
  snprintf(path, sizeof path, "%s/compare.json", dir);
  json_t *js = manifest(dir, "compare.json", 1, e, &st);
  if (!js) return st;
  const json_t *list = json_object_get(js, "scenarios");
  size_t n = json_array_size(list);
  if (!json_is_array(list) || n == 0 || n > 4096) {
    sim_errs_add(e, path, 0, "scenarios", "no list of scenarios (expected the compare.json tzsim writes)");
    json_decref(js);
    return SIM_EPARAM;
  }
  c->n = (int)n;
  if (!(c->s = calloc(n, sizeof *c->s))) {
    sim_errs_add(e, path, 0, NULL, "out of memory while reading it");
    json_decref(js);
    return SIM_ENOMEM;
  }
  int bad = json_int_text(js, path, "seed", LLONG_MIN, LLONG_MAX, c->seed, sizeof c->seed, "unknown", e);
  bad |= json_int_text(js, path, "replications", 1, UINT32_MAX, c->replications, sizeof c->replications, "unknown", e);
  for (int j = 0; j < c->n && !bad; j++) {
    plt_scenario *s = &c->s[j];
    const json_t *item = json_array_get(list, (size_t)j);
    if (!json_is_object(item) || sim_json_str(item, path, "folder", s->folder, sizeof s->folder, 1, e) != 1 ||
        sim_json_str(item, path, "label", s->label, sizeof s->label, 0, e) < 0) {
      if (!json_is_object(item))
        sim_errs_add(e, path, 0, "scenarios", "entry %d is not an object (expected {\"label\": ..., \"folder\": ...})",
                     j + 1);
      bad = -1;
      break;
    }
    if (!s->label[0]) snprintf(s->label, sizeof s->label, "%s", s->folder);
    if (strstr(s->folder, "..") || s->folder[0] == '/' || !s->folder[0]) {
      sim_errs_add(e, path, 0, "folder", "'%s' is outside the comparison (expected scenarios/N-name)", s->folder);
      bad = -1;
    }
  }
  json_decref(js);
  if (bad) return SIM_EPARAM;
  for (int j = 0; j < c->n; j++) {
    char sub[4700];
    snprintf(sub, sizeof sub, "%s/%s", dir, c->s[j].folder);
    if ((st = plt_run_load(sub, &c->s[j].run, e)) != SIM_OK) return st;
  }
  return SIM_OK;
}

void plt_compare_free(plt_compare *c) {
  for (int j = 0; j < c->n && c->s; j++) plt_run_free(&c->s[j].run);
  free(c->s);
  plt_table_free(&c->compare);
  memset(c, 0, sizeof *c);
}

/* The k-th row of compare.csv of kind for group and figure, in file order. */
static int compare_row(const plt_compare *c, const char *group, const char *figure, const char *kind, int k,
                       plt_ci *out) {
  const plt_table *t = &c->compare;
  int ct = plt_table_col(t, "territory"), cf = plt_table_col(t, "figure"), ck = plt_table_col(t, "kind");
  for (size_t i = 0; i < t->nrows; i++)
    if (strcmp(plt_table_get(t, i, ct), group) == 0 && strcmp(plt_table_get(t, i, cf), figure) == 0 &&
        strcmp(plt_table_get(t, i, ck), kind) == 0 && k-- == 0) {
      fill_ci(t, i, out);
      return 0;
    }
  out->mean = out->lo = out->hi = (double)NAN;
  out->n = 0;
  out->unit = "";
  return -1;
}

int plt_compare_value(const plt_compare *c, const char *group, const char *figure, int j, plt_ci *out) {
  return compare_row(c, group ? group : "total", figure, "value", j, out);
}

int plt_compare_diff(const plt_compare *c, const char *group, const char *figure, int j, plt_ci *out) {
  return compare_row(c, group ? group : "total", figure, "difference", j - 1, out);
}

const char *plt_figure_label(const char *figure) {
  for (size_t k = 0; k < sizeof result_figures / sizeof result_figures[0]; k++)
    if (strcmp(result_figures[k].name, figure) == 0) return result_figures[k].label;
  return "";
}
