/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sa.h: sensitivity analysis, independent of any simulator: sampling designs over the unit
 * hypercube mapped to each input's distribution (full grid, Latin hypercube, Saltelli sampling on
 * GSL's Sobol sequence, Morris trajectories), the evaluation of a model f(x) over a design's points
 * (OpenMP), and the estimators (Sobol first-order by Saltelli 2010 and total-effect by Jansen with
 * bootstrap intervals; Morris mu*, mu and sigma; correlations and standardised regression
 * coefficients for grids and Latin hypercubes). Everything is a pure function of the design, the
 * outputs and a seed: the same inputs give the same bytes. */
#ifndef SIM_SA_H
#define SIM_SA_H
#include <stddef.h>
#include <stdint.h>

#define SA_MAX_INPUTS 20      /* Saltelli sampling needs 2k dimensions; gsl_qrng_sobol has 40 */
#define SA_MAX_POINTS 200000  /* points of one design */
#define SA_NORMAL_CLAMP 0.001 /* a normal input's u is kept in [0.001, 0.999]: +-3.09 sd */

/* How an input's value follows from its unit coordinate u in [0, 1] (inverse CDF). */
typedef enum { SA_UNIFORM, SA_LOGUNIFORM, SA_NORMAL, SA_TRIANGULAR, SA_DISCRETE } sa_dist;

typedef struct {
  sa_dist dist;
  int integer;          /* round the value to the nearest integer */
  double lo, hi;        /* uniform, loguniform (lo > 0), triangular: the range */
  double mode;          /* triangular */
  double mean, sd;      /* normal */
  const double *values; /* SA_DISCRETE: u picks one of values[0 .. nvalues - 1] with equal chances */
  int nvalues;
  int levels; /* grid: this input's number of levels (0: the design's) */
} sa_input;

/* The value of the input at unit coordinate u. */
double sa_value(const sa_input *in, double u);

typedef enum { SA_GRID, SA_LHS, SA_SOBOL, SA_MORRIS } sa_method;

typedef struct {
  sa_method method;
  int k; /* inputs, 1 .. SA_MAX_INPUTS */
  const sa_input *inputs;
  size_t samples; /* lhs: points; sobol: base samples N (N (k + 2) points); morris: trajectories */
  int levels;     /* grid: levels of inputs that do not say (>= 2); morris: levels p (even, >= 2) */
  uint64_t seed;  /* lhs and morris draws (GSL mt19937) */
} sa_spec;

/* A design. Sobol points are A (rows 0 .. N-1), B (N .. 2N-1), then AB_i (rows (2+i)N ..): A with
 * column i taken from B. Morris points are r trajectories of k + 1 points each. */
typedef struct {
  sa_method method;
  int k;
  size_t n_points;
  size_t base;   /* sobol: N; morris: trajectories; grid, lhs: n_points */
  double *u;     /* n_points x k unit coordinates */
  double *x;     /* n_points x k values */
  int *part;     /* per point. sobol: -2 in A, -1 in B, i in AB_i; morris: -1 at a trajectory's start,
                       else the input changed from the previous point; grid, lhs: -1 */
  double *delta; /* morris: the signed change of that input's u (+-Delta); else 0 */
} sa_design;

/* Points of the design the spec describes (0 if it is malformed); no allocation. */
size_t sa_design_size(const sa_spec *s);
/* Build the design. 0, or -1 with a reason in err. */
int sa_design_make(const sa_spec *s, sa_design *d, char *err, size_t errn);
void sa_design_free(sa_design *d);
const char *sa_method_name(sa_method m);

/* The model: fill y[0 .. m-1] at point `point`, whose values are x[0 .. k-1]. 0 on success. It
 * may be called from several threads at once (different points). */
typedef int (*sa_model_fn)(void *ctx, size_t point, const double *x, double *y);

/* Evaluate f at every point into y (n_points x m). threads > 1: points on that many OpenMP
 * threads, each call on one thread; otherwise in order. Returns 0, or -1 when a call failed:
 * *failed is then the lowest failing point (later points may not have been evaluated). */
int sa_evaluate(const sa_design *d, size_t m, sa_model_fn f, void *ctx, int threads, double *y, size_t *failed);
/* The same for points first .. first+count-1 only (one MPI rank's share; the other rows of y are
 * left as they are). -1 without a call when the range is not inside the design. */
int sa_evaluate_range(const sa_design *d, size_t first, size_t count, size_t m, sa_model_fn f, void *ctx, int threads,
                      double *y, size_t *failed);

/* An estimate with its interval (lo = hi = NaN when there is none; every field NaN when the
 * outputs hold a NaN or have no variance). */
typedef struct {
  double value, lo, hi;
} sa_est;

typedef struct {
  sa_est s1, st;            /* sobol */
  sa_est mu_star;           /* morris, interval by bootstrap over trajectories */
  double mu, sigma;         /* morris */
  double pearson, spearman; /* grid, lhs */
  double src;               /* grid, lhs: standardised regression coefficient */
} sa_indices;

/* Per-output statistics beside the indices. */
typedef struct {
  double mean, variance; /* over the points used by the estimator (sobol: A and B) */
  double r2;             /* grid, lhs: R^2 of the linear regression behind src */
} sa_output_stats;

/* The indices of every input for output column j of y (n_points x m): out[0 .. k-1]. Sobol:
 * first-order S_i = mean((yB - m) (yAB_i - yA)) / V (Saltelli et al. 2010, centred on m, the mean
 * of yA and yB, as SALib does) and total effect ST_i = mean((yA - yAB_i)^2) / 2V (Jansen 1999), V
 * the variance (n - 1) of yA and yB together (tests/test_estimators.c recomputes both);
 * percentile intervals at `level` from `bootstrap` resamples of the N rows (GSL mt19937 seeded
 * with seed). Morris: elementary effects (y' - y) / Delta in unit coordinates; mu* = mean |EE|,
 * mu, sigma = sd (gsl_stats). Grid and LHS: Pearson and Spearman correlations of x_i with y, and
 * standardised regression coefficients (gsl_multifit_linear). 0, or -1 if the design does not
 * support it. */
int sa_indices_of(const sa_design *d, const double *y, size_t m, size_t j, int bootstrap, double level, uint64_t seed,
                  sa_indices *out, sa_output_stats *stats);

#endif
