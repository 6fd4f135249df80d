/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats.c: running moments, t-intervals and ratio-of-means intervals over replications. */
#include "sim/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

void sim_stats_add(sim_stats_acc *a, double x) {
  a->n += 1.0;
  double d = x - a->mean;
  a->mean += d / a->n;
  a->m2 += d * (x - a->mean);
}

double sim_stats_t975(int n) { return n >= 2 ? gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) : 0.0; }

static sim_stats_ci make_ci(double mean, double sd, int n) {
  sim_stats_ci c = {mean, mean, mean, sd, n};
  if (n >= 2 && isfinite(sd)) {
    double half = sim_stats_t975(n) * sd / sqrt((double)n);
    c.lo = mean - half;
    c.hi = mean + half;
  }
  return c;
}

sim_stats_ci sim_stats_ci_of_acc(const sim_stats_acc *a) {
  int n = (int)a->n;
  double sd = n >= 2 ? sqrt(a->m2 / (a->n - 1.0)) : 0.0;
  return make_ci(a->mean, sd, n);
}

/* Copy the finite values (a replication can lack a figure, e.g. a queue that never empties). */
static size_t finite_values(const double *x, size_t stride, size_t n, double *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite(x[i * stride])) out[k++] = x[i * stride];
  return k;
}

sim_stats_ci sim_stats_ci_of(const double *x, size_t stride, size_t n) {
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) return make_ci((double)NAN, (double)NAN, 0);
  size_t k = finite_values(x, stride, n, v);
  sim_stats_ci c;
  if (k == 0)
    c = make_ci((double)NAN, (double)NAN, 0);
  else
    c = make_ci(gsl_stats_mean(v, 1, k), k >= 2 ? gsl_stats_sd(v, 1, k) : 0.0, (int)k);
  free(v);
  return c;
}

sim_stats_ci sim_stats_ratio_ci(const double *x, const double *y, size_t stride, size_t n) {
  if (n == 0) return make_ci((double)NAN, (double)NAN, 0);
  double mx = gsl_stats_mean(x, stride, n), my = gsl_stats_mean(y, stride, n);
  double r = my != 0.0 ? mx / my : (double)NAN;
  if (n < 2 || !isfinite(r)) return make_ci(r, 0.0, (int)n);
  /* Delta method: var(mx/my) ~ (var x - 2 r cov(x,y) + r^2 var y) / (n my^2). Expressed as the
   * standard deviation of the linearised per-replication values so make_ci applies. */
  double vx = gsl_stats_variance(x, stride, n), vy = gsl_stats_variance(y, stride, n);
  double cxy = gsl_stats_covariance(x, stride, y, stride, n);
  double lin = (vx - 2.0 * r * cxy + r * r * vy) / (my * my);
  return make_ci(r, sqrt(lin > 0 ? lin : 0.0), (int)n);
}

sim_stats_ci sim_stats_diff_ci(const double *a, const double *b, size_t stride, size_t n) {
  double *d = malloc((n ? n : 1) * sizeof *d);
  if (!d) return make_ci((double)NAN, (double)NAN, 0);
  for (size_t i = 0; i < n; i++) d[i] = b[i * stride] - a[i * stride];
  sim_stats_ci c = sim_stats_ci_of(d, 1, n);
  free(d);
  return c;
}

sim_stats_ci sim_stats_ratio_diff_ci(const double *xa, const double *ya, const double *xb, const double *yb,
                                     size_t stride, size_t n) {
  if (n == 0) return make_ci((double)NAN, (double)NAN, 0);
  double mxa = gsl_stats_mean(xa, stride, n), mya = gsl_stats_mean(ya, stride, n);
  double mxb = gsl_stats_mean(xb, stride, n), myb = gsl_stats_mean(yb, stride, n);
  if (mya == 0.0 || myb == 0.0) return make_ci((double)NAN, (double)NAN, 0);
  double ra = mxa / mya, rb = mxb / myb, diff = rb - ra;
  if (n < 2) return make_ci(diff, 0.0, (int)n);
  /* Linearisation: L_i = (xb_i - rb yb_i)/mean(yb) - (xa_i - ra ya_i)/mean(ya); its mean is 0 and
   * var(diff) ~ var(L)/n. */
  double *l = malloc(n * sizeof *l);
  if (!l) return make_ci(diff, (double)NAN, (int)n);
  for (size_t i = 0; i < n; i++)
    l[i] = (xb[i * stride] - rb * yb[i * stride]) / myb - (xa[i * stride] - ra * ya[i * stride]) / mya;
  double sd = gsl_stats_sd(l, 1, n);
  free(l);
  return make_ci(diff, sd, (int)n);
}
