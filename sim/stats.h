/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats.h: statistics over replications: running moments and t-intervals (GSL for quantiles). */
#ifndef SIM_STATS_H
#define SIM_STATS_H
#include <stddef.h>

/* Running mean and sum of squared deviations (Welford), updated in replication order so the
 * result does not depend on threads. */
typedef struct {
  double n, mean, m2;
} sim_stats_acc;

void sim_stats_add(sim_stats_acc *a, double x);

/* Mean with its 95% interval: a Student t interval over n replications (mean +- t(0.975, n-1)
 * sd / sqrt(n)); lo = hi = mean when n < 2. */
typedef struct {
  double mean, lo, hi, sd;
  int n;
} sim_stats_ci;

sim_stats_ci sim_stats_ci_of_acc(const sim_stats_acc *a);
/* The same from n values with a stride (uses gsl_stats_mean and gsl_stats_sd). NaN values are
 * skipped; n counts the values used. */
sim_stats_ci sim_stats_ci_of(const double *x, size_t stride, size_t n);
/* Ratio of means mean(x)/mean(y) with a delta-method 95% interval from the paired values. */
sim_stats_ci sim_stats_ratio_ci(const double *x, const double *y, size_t stride, size_t n);
/* Paired difference of two ratios of means, mean(xb)/mean(yb) - mean(xa)/mean(ya), with a
 * delta-method interval from the per-replication linearised values (the same replications run in
 * both scenarios, with common random numbers). Identical inputs give exactly 0 with zero width. */
sim_stats_ci sim_stats_ratio_diff_ci(const double *xa, const double *ya, const double *xb, const double *yb,
                                     size_t stride, size_t n);
/* Paired difference b - a of plain values (pairs where either is NaN are skipped). */
sim_stats_ci sim_stats_diff_ci(const double *a, const double *b, size_t stride, size_t n);
/* t quantile for a two-sided 95% interval with n-1 degrees of freedom. */
double sim_stats_t975(int n);

#endif
