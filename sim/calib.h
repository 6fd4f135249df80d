/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calib.h: calibration, independent of the model: observed targets read from a CSV file against a
 * run's layout (groups, metrics, months), and the minimisation of an objective over bounded
 * parameters with GSL's Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) on
 * logit-transformed coordinates. */
#ifndef SIM_CALIB_H
#define SIM_CALIB_H
#include <stddef.h>
#include <stdint.h>

#include "sim/errs.h"
#include "sim/layout.h"
#include "sim/stats.h"

/* One observed value: a monthly metric of a group and arm at a month (its end-of-month value),
 * or with `cumulative` its sum over the reported months up to and including that month. */
typedef struct {
  int group, arm, metric, cumulative;
  int step; /* reported step of the month (0 = layout first_month) */
  int32_t month;
  double value, weight, se;
  int line;             /* line in the file */
  int after_cutoff;     /* dated after the cutoff: held out (weight forced to 0), reported only */
  char group_name[128]; /* as the layout names it ("total" for the total group) */
  char variable[96];    /* as written */
} sim_target;

/* A target's simulated series, month by month: rows holds reps replications of steps reported
 * months of width values each (replication after replication, as a run keeps them). With v
 * (reps values) zeroed before month 0 and the months taken in order, returns the mean and 95%
 * interval over replications of x's metric at month s, summed over the months so far when x is
 * cumulative. */
static inline sim_stats_ci sim_target_month(const sim_layout *l, const double *rows, size_t steps, size_t width,
                                            uint32_t reps, const sim_target *x, size_t s, double *v) {
  /* Inline: the figures (plots/) use it without linking the calibration library. */
  size_t cell = ((size_t)x->group * (size_t)l->n_arms + (size_t)x->arm) * (size_t)l->n_metrics + (size_t)x->metric;
  for (uint32_t r = 0; r < reps; r++) {
    double cur = rows[((size_t)r * steps + s) * width + cell];
    v[r] = x->cumulative ? v[r] + cur : cur;
  }
  return sim_stats_ci_of(v, 1, reps);
}

/* Read targets from a CSV file with a header naming its columns: territory (a group name of the
 * layout, matched exactly or after transliterating accents, or "total" / "ALL"), date (YYYY-MM,
 * within the n_steps reported months), variable (a metric name, or NAME_cumulative), value; and
 * optionally weight (>= 0, default 1; 0 = reported but not fitted), se (> 0, default 1) and arm
 * (default "program"). Other columns are ignored; lines starting with '#' are comments. Every
 * problem is reported as "FILE:LINE: column: problem (expected ...)". */
sim_status sim_targets_read(const char *path, const sim_layout *l, int n_steps, sim_target **out, int *n, sim_errs *e);

/* How sim_targets_read_opts reads a targets file (all zero: as sim_targets_read). */
typedef struct {
  /* Backtest: with has_cutoff, a target dated after `cutoff` (a month index, sim_cal_parse) is held
   * out: its weight is forced to 0 and after_cutoff set; a target dated on or before it keeps its
   * weight. At least one target on or before the cutoff must keep a weight > 0. */
  int has_cutoff;
  int32_t cutoff;
  /* A row whose territory is not in the scenario or whose variable is not a monthly metric is an
   * error; with skip_unknown it is skipped instead, with one notice per row in `skipped` (if not
   * NULL), "FILE:LINE: territory: ... skipped (...)". Every other problem stays an error. */
  int skip_unknown;
  sim_errs *skipped;
  /* The name that stands for the scenario's total group besides "total": NULL or "" = "ALL" (the
   * pilots' total row of the published tables); e.g. "NATIONAL" for a scenario of every
   * territory, where "ALL" (the 10 pilots only) is then not the total. */
  const char *total_label;
} sim_targets_opts;

sim_status sim_targets_read_opts(const char *path, const sim_layout *l, int n_steps, const sim_targets_opts *o,
                                 sim_target **out, int *n, sim_errs *e);

/* Bounded minimisation. x = lo + (hi - lo) / (1 + exp(-z)) maps the whole line onto (lo, hi). */
double sim_calib_from_z(double z, double lo, double hi);
double sim_calib_to_z(double x, double lo, double hi);

/* The objective at x (natural units, inside the bounds). Return a finite value, or NaN to stop
 * the minimisation with an error (e.g. the run failed). */
typedef double (*sim_calib_fn)(void *ctx, const double *x);

typedef struct {
  int k;
  const double *lo, *hi, *start;
  double step;      /* initial simplex: each coordinate moved by about step x (hi - lo) */
  double tolerance; /* stop when the simplex size (gsl_multimin_fminimizer_size, in z) is below */
  int max_evaluations;
} sim_calib_opts;

typedef struct {
  double x[32];
  double f;
  int evaluations, iterations, converged;
} sim_calib_result;

/* Minimise f from o->start. Returns SIM_OK (res filled, converged or not), or SIM_EPARAM when f
 * returned NaN (its message is the caller's), SIM_ENOMEM. */
sim_status sim_calib_minimise(const sim_calib_opts *o, sim_calib_fn f, void *ctx, sim_calib_result *res);

#endif
