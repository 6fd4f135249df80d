/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calib.c: targets from CSV and bounded Nelder-Mead minimisation (see calib.h). */
#include "sim/calib.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/calendar.h"
#include "sim/csv.h"
#include "sim/textio.h"
#include "sim/params.h"

/* ---- targets ---- */

#define MAX_FIELDS 64
#define LINE_MAX_LEN 8192

/* Split one CSV line (RFC 4180 quoting, no newline inside a field) in place with the one CSV
 * tokenizer. Returns the number of fields (max + 1 if there are more), or SIM_CSV_UNTERMINATED (-1)
 * or SIM_CSV_AFTER_QUOTE (-2). Unquoted fields are trimmed of spaces. */
static int split_csv(char *line, char **fields, int max) {
  char *r = line, *w = line;
  int n = 0, term;
  do {
    if (n >= max) return n + 1;
    term = sim_csv_next_field(&r, &w, &fields[n], SIM_CSV_TRIM);
    if (term < 0) return term;
    n++;
  } while (term == ',');
  return n;
}

/* One line of f into buf: at most cap - 1 bytes kept, the newline dropped, always terminated.
 * Returns 0 at the end of the file (nothing read), else 1; *len gets the bytes kept, *nul whether a
 * NUL byte was seen (fgets would silently cut the line there), *over whether the line was longer
 * than cap - 1 bytes (the rest is read and dropped: one long line costs no memory). */
static int read_line(FILE *f, char *buf, size_t cap, size_t *len, int *nul, int *over) {
  size_t k = 0;
  int c, any = 0;
  *nul = *over = 0;
  while ((c = getc(f)) != EOF) {
    any = 1;
    if (c == '\n') break;
    if (c == '\0') *nul = 1;
    if (k + 1 < cap)
      buf[k++] = (char)c;
    else
      *over = 1;
  }
  buf[k] = '\0';
  *len = k;
  return any;
}

/* A finite number and nothing else: 0; -1 if not a number; -2 if a number but not finite (NaN,
 * inf, or beyond the range of a double). */
static int parse_number(const char *text, double *v) {
  if (!*text) return -1;
  errno = 0;
  char *end = NULL;
  double x = strtod(text, &end);
  if (end == text || *end) return -1;
  if (!isfinite(x) || (errno == ERANGE && x != 0.0)) return -2;
  if (errno == ERANGE) return -1; /* too small to be told from 0 */
  *v = x;
  return 0;
}

/* Are two targets the same observation (a second value for it)? */
static int same_target(const sim_target *a, const sim_target *b) {
  return a->group == b->group && a->arm == b->arm && a->metric == b->metric && a->cumulative == b->cumulative &&
         a->month == b->month;
}

static int by_target(const void *pa, const void *pb) {
  const sim_target *a = pa, *b = pb;
  int d = (a->group > b->group) - (a->group < b->group);
  if (!d) d = (a->arm > b->arm) - (a->arm < b->arm);
  if (!d) d = (a->metric > b->metric) - (a->metric < b->metric);
  if (!d) d = (a->cumulative > b->cumulative) - (a->cumulative < b->cumulative);
  if (!d) d = (a->month > b->month) - (a->month < b->month);
  if (!d) d = (a->line > b->line) - (a->line < b->line);
  return d;
}

/* Refuse a target given twice (the same territory, arm, variable and month), at the later line.
 * Sorted, so a file of many thousands of rows is checked in n log n. Returns the problems found. */
static int check_duplicates(const char *path, const sim_target *t, int n, const sim_layout *l, sim_errs *e) {
  if (n < 2) return 0;
  sim_target *s = malloc((size_t)n * sizeof *s);
  if (!s) {
    sim_errs_add(e, path, 0, NULL, "out of memory while reading the targets");
    return 1;
  }
  memcpy(s, t, (size_t)n * sizeof *s);
  qsort(s, (size_t)n, sizeof *s, by_target);
  int found = 0;
  for (int i = 1, first = 0; i < n; i++) {
    if (!same_target(&s[i], &s[first])) {
      first = i;
      continue;
    }
    char d[8];
    sim_cal_format(s[i].month, d);
    sim_errs_add(e, path, s[i].line, "value",
                 "a second value for %s, %s, arm %s, %s (expected each target once; the first is on line %d)",
                 s[i].group_name, s[i].variable, l->arm_names[s[i].arm], d, s[first].line);
    found++;
  }
  free(s);
  return found;
}

static int group_of(const sim_layout *l, const char *name, const char *total_label, const char **shown) {
  if (!strcmp(name, "total") || !strcmp(name, total_label)) {
    *shown = "total";
    return l->total_group;
  }
  for (int g = 0; g < l->n_groups; g++)
    if (g != l->total_group && !strcmp(l->group_names[g], name)) {
      *shown = l->group_names[g];
      return g;
    }
  /* Published tables often drop the accents ("Mauleon" for "Mauléon"). */
  char a[256], b[256];
  sim_safe_name(name, a, sizeof a);
  for (int g = 0; g < l->n_groups; g++) {
    if (g == l->total_group) continue;
    sim_safe_name(l->group_names[g], b, sizeof b);
    if (!strcmp(a, b)) {
      *shown = l->group_names[g];
      return g;
    }
  }
  return -1;
}

enum { COL_TERRITORY, COL_DATE, COL_VARIABLE, COL_VALUE, COL_WEIGHT, COL_SE, COL_ARM, NCOL };
static const char *const col_names[NCOL] = {"territory", "date", "variable", "value", "weight", "se", "arm"};

sim_status sim_targets_read(const char *path, const sim_layout *l, int n_steps, sim_target **out, int *n, sim_errs *e) {
  sim_targets_opts o;
  memset(&o, 0, sizeof o);
  return sim_targets_read_opts(path, l, n_steps, &o, out, n, e);
}

sim_status sim_targets_read_opts(const char *path, const sim_layout *l, int n_steps, const sim_targets_opts *o,
                                 sim_target **out, int *n, sim_errs *e) {
  const char *total_label = o->total_label && *o->total_label ? o->total_label : "ALL";
  *out = NULL;
  *n = 0;
  FILE *f = fopen(path, "r");
  if (!f) {
    sim_errs_add(e, path, 0, NULL, "cannot read the file (expected a readable CSV file of targets)");
    return SIM_EPARAM;
  }
  size_t before = e->count;
  char line[LINE_MAX_LEN] = ""; /* (read_line always terminates it; initialised for the analyzer) */
  char *fields[MAX_FIELDS];
  int col[NCOL] = {-1, -1, -1, -1, -1, -1, -1}, header_fields = 0, lineno = 0, have_header = 0, cap = 0, fitted = 0,
      nskipped = 0;
  sim_target *t = NULL;
  sim_status st = SIM_OK;
  char first[8], last[8];
  int default_arm = 0; /* "program" when the layout has it */
  for (int a = 0; a < l->n_arms; a++)
    if (!strcmp(l->arm_names[a], "program")) default_arm = a;
  sim_cal_format(l->first_month, first);
  sim_cal_format(l->first_month + n_steps - 1, last);
  size_t len;
  int nul, over;
  while (read_line(f, line, sizeof line, &len, &nul, &over)) {
    lineno++;
    if (over) {
      sim_errs_add(e, path, lineno, NULL, "line longer than %d bytes (expected shorter lines)", LINE_MAX_LEN - 2);
      if (!have_header) break;
      continue;
    }
    if (nul) {
      sim_errs_add(e, path, lineno, NULL, "contains a NUL byte (expected a text file: CSV in UTF-8)");
      if (!have_header) break;
      continue;
    }
    /* A spreadsheet's export may start with a UTF-8 byte-order mark and end lines with CR LF. */
    char *text = line;
    if (lineno == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3;
    char *end = strchr(text, '\0'); /* the line's end: no NUL inside (refused above) */
    while (end > text && end[-1] == '\r') *--end = '\0';
    const char *q = text;
    while (*q == ' ' || *q == '\t') q++;
    if (*q == '\0' || *q == '#') continue;
    int nf = split_csv(text, fields, MAX_FIELDS);
    if (nf > MAX_FIELDS) {
      sim_errs_add(e, path, lineno, NULL,
                   "more than %d fields (expected the columns territory, date, variable, value and at most %d more)",
                   MAX_FIELDS, MAX_FIELDS - 4);
      if (!have_header) break;
      continue;
    }
    if (nf < 0) {
      sim_errs_add(e, path, lineno, NULL, "%s (expected RFC 4180 quoting: \"text, with commas\")",
                   nf == -1 ? "unterminated quoted field" : "text after a closing quote");
      if (!have_header) break;
      continue;
    }
    if (!have_header) {
      have_header = 1;
      header_fields = nf;
      for (int c = 0; c < NCOL; c++) col[c] = -1;
      for (int i = 0; i < nf && i < MAX_FIELDS; i++)
        for (int c = 0; c < NCOL; c++)
          if (!strcmp(fields[i], col_names[c])) {
            if (col[c] >= 0)
              sim_errs_add(e, path, lineno, "header", "column \"%s\" appears twice (expected each column once)",
                           col_names[c]);
            col[c] = i;
          }
      for (int c = 0; c <= COL_VALUE; c++)
        if (col[c] < 0)
          sim_errs_add(e, path, lineno, "header",
                       "no column \"%s\" (expected the columns territory, date, variable and value; optional weight, "
                       "se, arm)",
                       col_names[c]);
      if (e->count != before) break;
      continue;
    }
    if (nf != header_fields) {
      sim_errs_add(e, path, lineno, NULL, "has %d fields (expected %d, as many as the header)",
                   nf > MAX_FIELDS ? MAX_FIELDS : nf, header_fields);
      continue;
    }
    sim_target x;
    memset(&x, 0, sizeof x);
    x.line = lineno;
    x.weight = 1;
    x.se = 1;
    x.arm = default_arm;
    int bad = 0, unknown = 0, outside = 0;
    const char *shown = NULL;
    const char *tname = fields[col[COL_TERRITORY]];
    x.group = group_of(l, tname, total_label, &shown);
    if (x.group < 0) {
      if (o->skip_unknown) {
        unknown = 1;
      } else {
        sim_errs_add(e, path, lineno, "territory",
                     "\"%s\" is not a territory of the scenario (expected one of its territories, total or %s; or "
                     "--skip-unknown)",
                     tname, total_label);
        bad = 1;
      }
    } else {
      snprintf(x.group_name, sizeof x.group_name, "%s", shown);
    }
    const char *date = fields[col[COL_DATE]];
    if (sim_cal_parse(date, &x.month) != 0) {
      sim_errs_add(e, path, lineno, "date", "\"%s\" is not a valid date (expected YYYY-MM)", date);
      bad = 1;
    } else if (x.month < l->first_month || x.month >= l->first_month + n_steps) {
      outside = 1; /* an error unless the row is skipped (below) */
    } else {
      x.step = (int)(x.month - l->first_month);
    }
    const char *var = fields[col[COL_VARIABLE]];
    snprintf(x.variable, sizeof x.variable, "%s", var);
    x.metric = -1;
    for (int k = 0; k < l->n_metrics; k++)
      if (!strcmp(var, l->metric_names[k])) x.metric = k;
    const char *suffix = "_cumulative";
    size_t vl = strlen(var), sl = strlen(suffix);
    if (x.metric < 0 && vl > sl && !strcmp(var + vl - sl, suffix))
      for (int k = 0; k < l->n_metrics; k++)
        if (strlen(l->metric_names[k]) == vl - sl && !strncmp(var, l->metric_names[k], vl - sl)) {
          x.metric = k;
          x.cumulative = 1;
        }
    if (x.metric < 0 && o->skip_unknown) {
      unknown |= 2;
    } else if (x.metric < 0) {
      const char *best = NULL;
      size_t bd = 3;
      for (int k = 0; k < l->n_metrics; k++) {
        size_t dd = sim_params_edit_distance(var, l->metric_names[k]);
        if (dd < bd) {
          bd = dd;
          best = l->metric_names[k];
        }
      }
      if (best)
        sim_errs_add(e, path, lineno, "variable",
                     "\"%s\" is not a monthly metric (expected a column of monthly.csv, e.g. ebe, or NAME_cumulative; "
                     "did you mean '%s'?"
                     " Or --skip-unknown)",
                     var, best);
      else
        sim_errs_add(e, path, lineno, "variable",
                     "\"%s\" is not a monthly metric (expected a column of monthly.csv, e.g. ebe, or NAME_cumulative; "
                     "or --skip-unknown)",
                     var);
      bad = 1;
    }
    if (outside && !unknown) {
      char d[8];
      sim_cal_format(x.month, d);
      sim_errs_add(e, path, lineno, "date", "%s is outside the horizon (expected a month from %s to %s)", d, first,
                   last);
      bad = 1;
    }
    if (col[COL_ARM] >= 0) {
      const char *arm = fields[col[COL_ARM]];
      x.arm = -1;
      if (!*arm) x.arm = default_arm;
      for (int a = 0; a < l->n_arms; a++)
        if (!strcmp(arm, l->arm_names[a])) x.arm = a;
      if (x.arm < 0) {
        sim_errs_add(e, path, lineno, "arm", "\"%s\" is not an arm (expected %s or %s)", arm, l->arm_names[0],
                     l->n_arms > 1 ? l->arm_names[1] : l->arm_names[0]);
        bad = 1;
      }
    }
    const char *value = fields[col[COL_VALUE]];
    int num = parse_number(value, &x.value);
    if (num == -2) {
      sim_errs_add(e, path, lineno, "value",
                   "\"%s\" is not a finite number (expected a finite number; leave out a month with no observation)",
                   value);
      bad = 1;
    } else if (num != 0) {
      sim_errs_add(e, path, lineno, "value", "\"%s\" is not a number (expected a finite number)", value);
      bad = 1;
    }
    if (col[COL_WEIGHT] >= 0 && *fields[col[COL_WEIGHT]]) {
      const char *w = fields[col[COL_WEIGHT]];
      if (parse_number(w, &x.weight) != 0 || x.weight < 0) {
        sim_errs_add(e, path, lineno, "weight",
                     "\"%s\" is not valid (expected a number >= 0; 0 = reported, not fitted)", w);
        bad = 1;
      }
    }
    if (col[COL_SE] >= 0 && *fields[col[COL_SE]]) {
      const char *s = fields[col[COL_SE]];
      if (parse_number(s, &x.se) != 0 || !(x.se > 0)) {
        sim_errs_add(e, path, lineno, "se", "\"%s\" is not valid (expected a standard error > 0)", s);
        bad = 1;
      }
    }
    if (bad) continue;
    if (unknown) { /* the row is otherwise valid: skipped, not an error */
      nskipped++;
      if (o->skipped && (unknown & 1))
        sim_errs_add(o->skipped, path, lineno, "territory",
                     "\"%s\" is not a territory of the scenario%s: row skipped (--skip-unknown)", tname,
                     (unknown & 2) ? ", nor its variable a monthly metric" : "");
      else if (o->skipped)
        sim_errs_add(o->skipped, path, lineno, "variable",
                     "\"%s\" is not a monthly metric of the scenario: row skipped (--skip-unknown)", var);
      continue;
    }
    if (o->has_cutoff && x.month > o->cutoff) {
      x.after_cutoff = 1;
      x.weight = 0;
    }
    if (*n >= cap) {
      cap = cap ? 2 * cap : 64;
      sim_target *nt = realloc(t, (size_t)cap * sizeof *nt);
      if (!nt) {
        st = SIM_ENOMEM;
        sim_errs_add(e, path, 0, NULL, "out of memory while reading the targets");
        break;
      }
      t = nt;
    }
    t[(*n)++] = x;
    if (x.weight > 0) fitted++;
  }
  int read_error = ferror(f);
  (void)fclose(f); /* read only: nothing to lose */
  if (st == SIM_OK && read_error) {
    sim_errs_add(e, path, 0, NULL, "read error (expected a readable CSV file of targets)");
    st = SIM_EPARAM;
  }
  if (st == SIM_OK && check_duplicates(path, t, *n, l, e) > 0) sim_errs_sort(e, before); /* in line order */
  if (st == SIM_OK && e->count == before) {
    if (!have_header)
      sim_errs_add(e, path, 0, NULL,
                   "is empty (expected a header line territory,date,variable,value[,weight][,se][,arm])");
    else if (*n == 0 && nskipped)
      sim_errs_add(e, path, 0, NULL,
                   "no target left: the %d rows were all skipped (expected at least one the scenario can produce)",
                   nskipped);
    else if (*n == 0)
      sim_errs_add(e, path, 0, NULL, "no target (expected at least one data row)");
    else if (fitted == 0 && o->has_cutoff) {
      char d[8];
      sim_cal_format(o->cutoff, d);
      sim_errs_add(e, path, 0, NULL,
                   "no target dated on or before the cutoff %s has a weight > 0 (expected at least one to fit: a later "
                   "--cutoff)",
                   d);
    } else if (fitted == 0)
      sim_errs_add(e, path, 0, NULL, "every target has weight 0 (expected at least one with weight > 0)");
  }
  if (st == SIM_OK && e->count != before) st = SIM_EPARAM;
  if (st != SIM_OK) {
    free(t);
    *n = 0;
    return st;
  }
  *out = t;
  return SIM_OK;
}

/* ---- bounded Nelder-Mead ---- */

double sim_calib_from_z(double z, double lo, double hi) { return lo + (hi - lo) / (1 + exp(-z)); }

double sim_calib_to_z(double x, double lo, double hi) {
  double u = (x - lo) / (hi - lo);
  if (u < 1e-6) u = 1e-6;
  if (u > 1 - 1e-6) u = 1 - 1e-6;
  return log(u / (1 - u));
}

typedef struct {
  const sim_calib_opts *o;
  sim_calib_fn f;
  void *ctx;
  int evaluations, failed;
  double best_f;
  double best_x[32];
} nm_ctx;

static double nm_objective(const gsl_vector *z, void *arg) {
  nm_ctx *c = arg;
  if (c->failed) return 1e300;
  double x[32];
  /* z is held in [-20, 20] (x within 2e-9 of the range of a bound): beyond, the objective is flat,
   * so a minimum at a bound ends with the simplex shrinking there instead of running off. */
  for (int i = 0; i < c->o->k; i++) {
    double zi = gsl_vector_get(z, (size_t)i);
    zi = zi > 20 ? 20 : zi < -20 ? -20 : zi;
    x[i] = sim_calib_from_z(zi, c->o->lo[i], c->o->hi[i]);
  }
  double v = c->f(c->ctx, x);
  c->evaluations++;
  if (isnan(v)) {
    c->failed = 1;
    return 1e300;
  }
  /* The first best wins ties, so the result does not depend on the order of equal vertices. */
  if (c->evaluations == 1 || v < c->best_f) {
    c->best_f = v;
    memcpy(c->best_x, x, sizeof x);
  }
  return v;
}

sim_status sim_calib_minimise(const sim_calib_opts *o, sim_calib_fn f, void *ctx, sim_calib_result *res) {
  memset(res, 0, sizeof *res);
  if (o->k < 1 || o->k > 32) return SIM_EPARAM;
  size_t k = (size_t)o->k;
  nm_ctx c = {o, f, ctx, 0, 0, (double)NAN, {0}};
  gsl_vector *z = gsl_vector_alloc(k), *step = gsl_vector_alloc(k);
  gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
  if (!z || !step || !s) {
    gsl_vector_free(z);
    gsl_vector_free(step);
    if (s) gsl_multimin_fminimizer_free(s);
    return SIM_ENOMEM;
  }
  for (size_t i = 0; i < k; i++) {
    double u = (o->start[i] - o->lo[i]) / (o->hi[i] - o->lo[i]);
    if (u < 0.01) u = 0.01;
    if (u > 0.99) u = 0.99;
    gsl_vector_set(z, i, log(u / (1 - u)));
    /* dz = du / (u (1 - u)): a move of `step` of the range near the start. */
    double dz = o->step / (u * (1 - u));
    gsl_vector_set(step, i, dz > 3 ? 3 : dz);
  }
  gsl_multimin_function fn = {nm_objective, k, &c};
  sim_status st = SIM_OK;
  if (gsl_multimin_fminimizer_set(s, &fn, z, step) != GSL_SUCCESS && !c.failed) st = SIM_EPARAM;
  while (st == SIM_OK && !c.failed && c.evaluations < o->max_evaluations) {
    res->iterations++;
    int rc = gsl_multimin_fminimizer_iterate(s); /* a failed evaluation ends the loop by its condition */
    if (rc != GSL_SUCCESS) break;                /* e.g. the simplex cannot improve: keep the best so far */
    double size = gsl_multimin_fminimizer_size(s);
    if (gsl_multimin_test_size(size, o->tolerance) == GSL_SUCCESS) {
      res->converged = 1;
      break;
    }
  }
  if (c.failed) st = SIM_EPARAM;
  res->evaluations = c.evaluations;
  res->f = c.best_f;
  memcpy(res->x, c.best_x, sizeof res->x);
  gsl_multimin_fminimizer_free(s);
  gsl_vector_free(z);
  gsl_vector_free(step);
  return st;
}
