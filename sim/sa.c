/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sa.c: sampling designs and sensitivity estimators (see sa.h). */
#include "sim/sa.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sa_method_name(sa_method m) {
  switch (m) {
  case SA_GRID: return "grid";
  case SA_LHS: return "lhs";
  case SA_SOBOL: return "sobol";
  case SA_MORRIS: return "morris";
  }
  return "?";
}

double sa_value(const sa_input *in, double u) {
  if (u < 0) u = 0;
  if (u > 1) u = 1;
  double v = (double)NAN;
  switch (in->dist) {
  case SA_UNIFORM: v = in->lo + u * (in->hi - in->lo); break;
  case SA_LOGUNIFORM: v = exp(log(in->lo) + u * (log(in->hi) - log(in->lo))); break;
  case SA_NORMAL: {
    double c = u < SA_NORMAL_CLAMP ? SA_NORMAL_CLAMP : u > 1 - SA_NORMAL_CLAMP ? 1 - SA_NORMAL_CLAMP : u;
    v = in->mean + in->sd * gsl_cdf_ugaussian_Pinv(c);
    break;
  }
  case SA_TRIANGULAR: {
    double a = in->lo, b = in->hi, c = in->mode, fc = (b > a) ? (c - a) / (b - a) : 0.5;
    v = u < fc ? a + sqrt(u * (b - a) * (c - a)) : b - sqrt((1 - u) * (b - a) * (b - c));
    break;
  }
  case SA_DISCRETE: {
    if (in->nvalues <= 0) return (double)NAN;
    int i = (int)floor(u * in->nvalues);
    if (i >= in->nvalues) i = in->nvalues - 1;
    v = in->values[i];
    break;
  }
  }
  if (in->integer) v = floor(v + 0.5);
  if (v == 0.0) v = fabs(v); /* no -0 */
  return v;
}

/* ---- designs ---- */

static int levels_of(const sa_spec *s, int i) {
  const sa_input *in = &s->inputs[i];
  if (in->dist == SA_DISCRETE && in->levels <= 0) return in->nvalues;
  return in->levels > 0 ? in->levels : s->levels;
}

size_t sa_design_size(const sa_spec *s) {
  if (s->k < 1 || s->k > SA_MAX_INPUTS) return 0;
  size_t k = (size_t)s->k;
  switch (s->method) {
  case SA_GRID: {
    double n = 1;
    for (int i = 0; i < s->k; i++) {
      int l = levels_of(s, i);
      if (l < 1) return 0;
      n *= l;
    }
    return n > 1e9 ? (size_t)1000000000 : (size_t)n;
  }
  case SA_LHS: return s->samples;
  case SA_SOBOL: return s->samples > (size_t)1e9 / (k + 2) ? (size_t)1000000000 : s->samples * (k + 2);
  case SA_MORRIS: return s->samples > (size_t)1e9 / (k + 1) ? (size_t)1000000000 : s->samples * (k + 1);
  }
  return 0;
}

void sa_design_free(sa_design *d) {
  free(d->u);
  free(d->x);
  free(d->part);
  free(d->delta);
  memset(d, 0, sizeof *d);
}

static gsl_rng *seeded_rng(uint64_t seed) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  /* mt19937 takes an unsigned long; fold the 64 bits so that every seed bit counts. */
  if (r) gsl_rng_set(r, (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffUL));
  return r;
}

int sa_design_make(const sa_spec *s, sa_design *d, char *err, size_t errn) {
  memset(d, 0, sizeof *d);
  if (s->k < 1 || s->k > SA_MAX_INPUTS) {
    snprintf(err, errn, "%d inputs (expected 1 to %d)", s->k, SA_MAX_INPUTS);
    return -1;
  }
  size_t k = (size_t)s->k, n = sa_design_size(s);
  if ((s->method == SA_LHS || s->method == SA_SOBOL || s->method == SA_MORRIS) && s->samples < 2) {
    snprintf(err, errn, "%zu samples (expected at least 2)", s->samples);
    return -1;
  }
  if (s->method == SA_MORRIS && (s->levels < 2 || s->levels % 2 != 0)) {
    snprintf(err, errn, "%d levels (expected an even number of levels, at least 2)", s->levels);
    return -1;
  }
  if (n == 0 || n > SA_MAX_POINTS) {
    snprintf(err, errn, "the design has %zu points (expected 1 to %d)", n, SA_MAX_POINTS);
    return -1;
  }
  d->method = s->method;
  d->k = s->k;
  d->n_points = n;
  d->base = s->method == SA_SOBOL || s->method == SA_MORRIS ? s->samples : n;
  d->u = calloc(n * k, sizeof *d->u);
  d->x = calloc(n * k, sizeof *d->x);
  d->part = calloc(n, sizeof *d->part);
  d->delta = calloc(n, sizeof *d->delta);
  if (!d->u || !d->x || !d->part || !d->delta) {
    sa_design_free(d);
    snprintf(err, errn, "out of memory for %zu points", n);
    return -1;
  }
  for (size_t p = 0; p < n; p++) d->part[p] = -1;
  gsl_rng *r = NULL;
  int rc = 0;
  switch (s->method) {
  case SA_GRID:
    /* Full factorial, the last input varying fastest; levels at j / (L - 1) (ends included). */
    for (size_t p = 0; p < n; p++) {
      size_t rest = p;
      for (int i = s->k - 1; i >= 0; i--) {
        size_t l = (size_t)levels_of(s, i);
        size_t j = rest % l;
        rest /= l;
        d->u[p * k + (size_t)i] = l > 1 ? (double)j / (double)(l - 1) : 0.5;
      }
    }
    break;
  case SA_LHS: {
    r = seeded_rng(s->seed);
    size_t *perm = malloc(n * sizeof *perm);
    if (!r || !perm) {
      free(perm);
      rc = -1;
      snprintf(err, errn, "out of memory");
      break;
    }
    for (size_t i = 0; i < k; i++) {
      for (size_t p = 0; p < n; p++) perm[p] = p;
      gsl_ran_shuffle(r, perm, n, sizeof *perm);
      for (size_t p = 0; p < n; p++) d->u[p * k + i] = ((double)perm[p] + gsl_rng_uniform_pos(r)) / (double)n;
    }
    free(perm);
    break;
  }
  case SA_SOBOL: {
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    if (!q) {
      rc = -1;
      snprintf(err, errn, "gsl_qrng_sobol cannot make %zu dimensions", 2 * k);
      break;
    }
    size_t N = s->samples;
    double v[2 * SA_MAX_INPUTS];
    for (size_t j = 0; j < N; j++) {
      gsl_qrng_get(q, v);
      for (size_t i = 0; i < k; i++) {
        d->u[j * k + i] = v[i];           /* A */
        d->u[(N + j) * k + i] = v[k + i]; /* B */
      }
      d->part[j] = -2;
      d->part[N + j] = -1;
      for (size_t c = 0; c < k; c++) { /* AB_c: A with column c from B */
        size_t row = (2 + c) * N + j;
        for (size_t i = 0; i < k; i++) d->u[row * k + i] = i == c ? v[k + i] : v[i];
        d->part[row] = (int)c;
      }
    }
    gsl_qrng_free(q);
    break;
  }
  case SA_MORRIS: {
    /* Morris (1991), Campolongo et al. (2007) levels: p levels j / (p - 1), step Delta = p / (2(p - 1)).
     * Each trajectory: a random base on the lower half of the levels, a random direction per
     * input, and the inputs moved one at a time in a random order. */
    r = seeded_rng(s->seed);
    if (!r) {
      rc = -1;
      snprintf(err, errn, "out of memory");
      break;
    }
    int p = s->levels;
    double delta = (double)p / (2.0 * (double)(p - 1));
    size_t order[SA_MAX_INPUTS];
    double start[SA_MAX_INPUTS];
    int dir[SA_MAX_INPUTS];
    for (size_t t = 0; t < s->samples; t++) {
      for (size_t i = 0; i < k; i++) {
        double lower = (double)gsl_rng_uniform_int(r, (unsigned long)(p / 2)) / (double)(p - 1);
        dir[i] = gsl_rng_uniform_int(r, 2) ? 1 : -1;
        start[i] = dir[i] > 0 ? lower : lower + delta;
        order[i] = i;
      }
      gsl_ran_shuffle(r, order, k, sizeof *order);
      size_t row = t * (k + 1);
      for (size_t i = 0; i < k; i++) d->u[row * k + i] = start[i];
      for (size_t st = 0; st < k; st++) {
        size_t cur = row + st + 1, c = order[st];
        memcpy(d->u + cur * k, d->u + (cur - 1) * k, k * sizeof *d->u);
        d->u[cur * k + c] += dir[c] * delta;
        /* Exact levels, so that values repeat exactly from one trajectory to the next. */
        d->u[cur * k + c] = floor(d->u[cur * k + c] * (p - 1) + 0.5) / (p - 1);
        d->part[cur] = (int)c;
        d->delta[cur] = dir[c] * delta;
      }
    }
    break;
  }
  }
  gsl_rng_free(r);
  if (rc != 0) {
    sa_design_free(d);
    return -1;
  }
  for (size_t p = 0; p < n; p++)
    for (size_t i = 0; i < k; i++) d->x[p * k + i] = sa_value(&s->inputs[i], d->u[p * k + i]);
  return 0;
}

/* ---- evaluation ---- */

int sa_evaluate(const sa_design *d, size_t m, sa_model_fn f, void *ctx, int threads, double *y, size_t *failed) {
  return sa_evaluate_range(d, 0, d->n_points, m, f, ctx, threads, y, failed);
}

int sa_evaluate_range(const sa_design *d, size_t first, size_t count, size_t m, sa_model_fn f, void *ctx, int threads,
                      double *y, size_t *failed) {
  size_t n = first + count, k = (size_t)d->k;
  long long first_bad = -1;
  if (first > d->n_points || count > d->n_points - first) {
    if (failed) *failed = first;
    return -1;
  }
  if (threads > 1) {
    int stop = 0;
    long long np = (long long)n;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long long p = (long long)first; p < np; p++) {
      int skip;
#pragma omp atomic read
      skip = stop;
      if (skip) continue;
      if (f(ctx, (size_t)p, d->x + (size_t)p * k, y + (size_t)p * m) != 0) {
#pragma omp critical(sa_evaluate_fail)
        {
          if (first_bad < 0 || p < first_bad) first_bad = p;
          stop = 1;
        }
      }
    }
  } else {
    for (size_t p = first; p < n; p++)
      if (f(ctx, p, d->x + p * k, y + p * m) != 0) {
        first_bad = (long long)p;
        break;
      }
  }
  if (first_bad >= 0) {
    if (failed) *failed = (size_t)first_bad;
    return -1;
  }
  return 0;
}

/* ---- estimators ---- */

static const sa_est no_est = {(double)NAN, (double)NAN, (double)NAN};

static int all_finite(const double *y, size_t stride, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(y[i * stride])) return 0;
  return 1;
}

/* Percentile interval of v[0 .. n-1] (sorted in place). */
static void percentile(double *v, size_t n, double level, double *lo, double *hi) {
  gsl_sort(v, 1, n);
  *lo = gsl_stats_quantile_from_sorted_data(v, 1, n, (1 - level) / 2);
  *hi = gsl_stats_quantile_from_sorted_data(v, 1, n, 1 - (1 - level) / 2);
}

/* S1 and ST of every input from the rows idx[0 .. N-1] (a resample, or 0 .. N-1). */
static void sobol_once(const sa_design *d, const double *y, size_t m, size_t j, const size_t *idx, double *buf,
                       double *s1, double *st) {
  size_t N = d->base, k = (size_t)d->k;
  for (size_t r = 0; r < N; r++) {
    buf[r] = y[idx[r] * m + j];
    buf[N + r] = y[(N + idx[r]) * m + j];
  }
  double v = gsl_stats_variance(buf, 1, 2 * N);
  /* Centred on the mean of A and B: the same estimator in expectation (E[yAB_i - yA] = 0), with a
   * far smaller variance when the output's mean is large beside its spread (as SALib does). */
  double mean = gsl_stats_mean(buf, 1, 2 * N);
  for (size_t i = 0; i < k; i++) {
    double *t1 = buf + 2 * N, *t2 = buf + 3 * N;
    for (size_t r = 0; r < N; r++) {
      double ya = y[idx[r] * m + j], yb = y[(N + idx[r]) * m + j], yab = y[((2 + i) * N + idx[r]) * m + j];
      t1[r] = (yb - mean) * (yab - ya);
      t2[r] = (ya - yab) * (ya - yab);
    }
    s1[i] = v > 0 ? gsl_stats_mean(t1, 1, N) / v : (double)NAN;
    st[i] = v > 0 ? gsl_stats_mean(t2, 1, N) / (2 * v) : (double)NAN;
  }
}

static int sobol_indices(const sa_design *d, const double *y, size_t m, size_t j, int bootstrap, double level,
                         uint64_t seed, sa_indices *out, sa_output_stats *stats) {
  size_t N = d->base, k = (size_t)d->k;
  if (!all_finite(y + j, m, d->n_points)) return 0;
  stats->mean = gsl_stats_mean(y + j, m, 2 * N);
  stats->variance = gsl_stats_variance(y + j, m, 2 * N);
  size_t *idx = malloc(N * sizeof *idx);
  double *buf = malloc(4 * N * sizeof *buf);
  double s1[SA_MAX_INPUTS], st[SA_MAX_INPUTS];
  double *bs1 = bootstrap > 0 ? malloc((size_t)bootstrap * k * sizeof *bs1) : NULL;
  double *bst = bootstrap > 0 ? malloc((size_t)bootstrap * k * sizeof *bst) : NULL;
  gsl_rng *r = bootstrap > 0 ? seeded_rng(seed) : NULL;
  if (!idx || !buf || (bootstrap > 0 && (!bs1 || !bst || !r))) {
    free(idx);
    free(buf);
    free(bs1);
    free(bst);
    gsl_rng_free(r);
    return -1;
  }
  for (size_t q = 0; q < N; q++) idx[q] = q;
  sobol_once(d, y, m, j, idx, buf, s1, st);
  for (size_t i = 0; i < k; i++) {
    out[i].s1 = (sa_est){s1[i], (double)NAN, (double)NAN};
    out[i].st = (sa_est){st[i], (double)NAN, (double)NAN};
  }
  if (bootstrap > 0 && stats->variance > 0) {
    size_t B = (size_t)bootstrap;
    for (size_t b = 0; b < B; b++) {
      for (size_t q = 0; q < N; q++) idx[q] = (size_t)gsl_rng_uniform_int(r, (unsigned long)N);
      sobol_once(d, y, m, j, idx, buf, s1, st);
      for (size_t i = 0; i < k; i++) {
        bs1[i * B + b] = s1[i];
        bst[i * B + b] = st[i];
      }
    }
    for (size_t i = 0; i < k; i++) {
      percentile(bs1 + i * B, B, level, &out[i].s1.lo, &out[i].s1.hi);
      percentile(bst + i * B, B, level, &out[i].st.lo, &out[i].st.hi);
    }
  }
  free(idx);
  free(buf);
  free(bs1);
  free(bst);
  gsl_rng_free(r);
  return 0;
}

/* mu*, mu and sigma of input i from trajectories traj[0 .. r-1]. */
static void morris_once(const sa_design *d, const double *y, size_t m, size_t j, const size_t *traj, size_t r,
                        double *ee, double *abs_ee, double *mu_star, double *mu, double *sigma) {
  size_t k = (size_t)d->k;
  for (size_t i = 0; i < k; i++) {
    size_t n = 0;
    for (size_t t = 0; t < r; t++) {
      size_t row = traj[t] * (k + 1);
      for (size_t s = 1; s <= k; s++)
        if (d->part[row + s] == (int)i) {
          double e = (y[(row + s) * m + j] - y[(row + s - 1) * m + j]) / d->delta[row + s];
          ee[n] = e;
          abs_ee[n] = fabs(e);
          n++;
        }
    }
    mu_star[i] = gsl_stats_mean(abs_ee, 1, n);
    mu[i] = gsl_stats_mean(ee, 1, n);
    sigma[i] = n > 1 ? gsl_stats_sd(ee, 1, n) : (double)NAN;
  }
}

static int morris_indices(const sa_design *d, const double *y, size_t m, size_t j, int bootstrap, double level,
                          uint64_t seed, sa_indices *out, sa_output_stats *stats) {
  size_t r = d->base, k = (size_t)d->k;
  if (!all_finite(y + j, m, d->n_points)) return 0;
  stats->mean = gsl_stats_mean(y + j, m, d->n_points);
  stats->variance = gsl_stats_variance(y + j, m, d->n_points);
  size_t *traj = malloc(r * sizeof *traj);
  double *ee = malloc(2 * r * sizeof *ee);
  double *boot = bootstrap > 0 ? malloc((size_t)bootstrap * k * sizeof *boot) : NULL;
  gsl_rng *g = bootstrap > 0 ? seeded_rng(seed) : NULL;
  if (!traj || !ee || (bootstrap > 0 && (!boot || !g))) {
    free(traj);
    free(ee);
    free(boot);
    gsl_rng_free(g);
    return -1;
  }
  double mu_star[SA_MAX_INPUTS], mu[SA_MAX_INPUTS], sigma[SA_MAX_INPUTS];
  for (size_t t = 0; t < r; t++) traj[t] = t;
  morris_once(d, y, m, j, traj, r, ee, ee + r, mu_star, mu, sigma);
  for (size_t i = 0; i < k; i++) {
    out[i].mu_star = (sa_est){mu_star[i], (double)NAN, (double)NAN};
    out[i].mu = mu[i];
    out[i].sigma = sigma[i];
  }
  if (bootstrap > 0) {
    size_t B = (size_t)bootstrap;
    double bm[SA_MAX_INPUTS], bs[SA_MAX_INPUTS];
    for (size_t b = 0; b < B; b++) {
      for (size_t t = 0; t < r; t++) traj[t] = (size_t)gsl_rng_uniform_int(g, (unsigned long)r);
      morris_once(d, y, m, j, traj, r, ee, ee + r, mu_star, bm, bs);
      for (size_t i = 0; i < k; i++) boot[i * B + b] = mu_star[i];
    }
    for (size_t i = 0; i < k; i++) percentile(boot + i * B, B, level, &out[i].mu_star.lo, &out[i].mu_star.hi);
  }
  free(traj);
  free(ee);
  free(boot);
  gsl_rng_free(g);
  return 0;
}

static int correlation_indices(const sa_design *d, const double *y, size_t m, size_t j, sa_indices *out,
                               sa_output_stats *stats) {
  size_t n = d->n_points, k = (size_t)d->k;
  if (!all_finite(y + j, m, n) || n < 3) return 0;
  stats->mean = gsl_stats_mean(y + j, m, n);
  stats->variance = gsl_stats_variance(y + j, m, n);
  if (!(stats->variance > 0)) return 0;
  double *work = malloc(2 * n * sizeof *work);
  if (!work) return -1;
  double sy = sqrt(stats->variance);
  for (size_t i = 0; i < k; i++) {
    double vx = gsl_stats_variance(d->x + i, k, n);
    if (vx > 0) {
      out[i].pearson = gsl_stats_correlation(d->x + i, k, y + j, m, n);
      out[i].spearman = gsl_stats_spearman(d->x + i, k, y + j, m, n, work);
    }
  }
  free(work);
  /* Standardised regression coefficients: y on an intercept and the inputs that vary. */
  size_t cols = 1, use[SA_MAX_INPUTS], nu = 0;
  for (size_t i = 0; i < k; i++)
    if (gsl_stats_variance(d->x + i, k, n) > 0) use[nu++] = i;
  cols += nu;
  if (n <= cols) return 0;
  gsl_matrix *X = gsl_matrix_alloc(n, cols), *cov = gsl_matrix_alloc(cols, cols);
  gsl_vector *Y = gsl_vector_alloc(n), *c = gsl_vector_alloc(cols);
  gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, cols);
  int rc = 0;
  if (!X || !cov || !Y || !c || !w) {
    rc = -1;
  } else {
    for (size_t p = 0; p < n; p++) {
      gsl_matrix_set(X, p, 0, 1.0);
      for (size_t q = 0; q < nu; q++) gsl_matrix_set(X, p, q + 1, d->x[p * k + use[q]]);
      gsl_vector_set(Y, p, y[p * m + j]);
    }
    double chisq = 0;
    if (gsl_multifit_linear(X, Y, c, cov, &chisq, w) == 0) {
      double tss = stats->variance * (double)(n - 1);
      stats->r2 = tss > 0 ? 1 - chisq / tss : (double)NAN;
      for (size_t q = 0; q < nu; q++)
        out[use[q]].src = gsl_vector_get(c, q + 1) * sqrt(gsl_stats_variance(d->x + use[q], k, n)) / sy;
    }
  }
  gsl_matrix_free(X);
  gsl_matrix_free(cov);
  gsl_vector_free(Y);
  gsl_vector_free(c);
  gsl_multifit_linear_free(w);
  return rc;
}

int sa_indices_of(const sa_design *d, const double *y, size_t m, size_t j, int bootstrap, double level, uint64_t seed,
                  sa_indices *out, sa_output_stats *stats) {
  for (int i = 0; i < d->k; i++) {
    out[i].s1 = out[i].st = out[i].mu_star = no_est;
    out[i].mu = out[i].sigma = out[i].pearson = out[i].spearman = out[i].src = (double)NAN;
  }
  stats->mean = stats->variance = stats->r2 = (double)NAN;
  /* One bootstrap stream per output, so an output's intervals do not depend on the others. */
  uint64_t s = seed ^ (0x9E3779B97F4A7C15ULL * (uint64_t)(j + 1));
  switch (d->method) {
  case SA_SOBOL: return sobol_indices(d, y, m, j, bootstrap, level, s, out, stats);
  case SA_MORRIS: return morris_indices(d, y, m, j, bootstrap, level, s, out, stats);
  case SA_GRID:
  case SA_LHS: return correlation_indices(d, y, m, j, out, stats);
  }
  return -1;
}
