/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_estimators.c: the estimators a reader's figures come from, recomputed here from their
 * formulas on small designs, to 1e-9: Sobol first-order (Saltelli 2010, centred as in SALib) and
 * total effect (Jansen 1999) from the A, B and AB_i rows of sa_design_make; Morris mu*, mu and
 * sigma; the replication statistics of sim/stats.c (Welford moments, Student t intervals, ratio of
 * means and paired differences by the delta method). No number of the model is pinned: the inputs
 * are made up here. Each check is one a mutant of tests/mutants.txt fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sa.h"
#include "sim/stats.h"

#define TOL 1e-9

static void near(const char *what, double got, double want) {
  double scale = fabs(want) > 1 ? fabs(want) : 1;
  if (!(fabs(got - want) <= TOL * scale)) fail_msg("%s: got %.17g, expected %.17g", what, got, want);
}

/* A made-up model with unequal, interacting effects, so every index differs from the others. */
static double model(const double *x) { return 3 * x[0] + 2 * x[1] * x[1] + 4 * x[0] * x[2] + 0.5 * sin(6 * x[1]); }

/* ---- Sobol ---- */

static void test_sobol_exact(void **state) {
  (void)state;
  enum { K = 3, N = 64 };
  sa_input in[K] = {{.dist = SA_UNIFORM, .lo = 0, .hi = 1},
                    {.dist = SA_UNIFORM, .lo = -1, .hi = 2},
                    {.dist = SA_UNIFORM, .lo = 0, .hi = 3}};
  sa_spec s = {.method = SA_SOBOL, .k = K, .inputs = in, .samples = N, .seed = 1};
  sa_design d;
  char err[200];
  assert_int_equal(sa_design_make(&s, &d, err, sizeof err), 0);
  assert_int_equal(d.n_points, (size_t)N * (K + 2));
  assert_int_equal(d.base, (size_t)N);
  /* The documented layout: A in rows 0 .. N-1, B in N .. 2N-1, AB_i in (2+i)N ..: A with column i
   * from B, and A and B different in every column. */
  for (size_t r = 0; r < N; r++) {
    assert_int_equal(d.part[r], -2);
    assert_int_equal(d.part[N + r], -1);
    for (int i = 0; i < K; i++) {
      size_t ab = (2 + (size_t)i) * N + r;
      assert_int_equal(d.part[ab], i);
      for (int c = 0; c < K; c++) {
        double want = c == i ? d.u[(N + r) * K + (size_t)c] : d.u[r * K + (size_t)c];
        if (d.u[ab * K + (size_t)c] != want)
          fail_msg("AB_%d row %zu column %d is not %s", i, r, c, c == i ? "B's" : "A's");
      }
    }
  }
  size_t differ = 0;
  for (size_t r = 0; r < N * K; r++) differ += d.u[r] != d.u[N * K + r];
  assert_true(differ > N * K / 2);

  /* Two outputs: the model, and its square (so the indices of output 1 differ from output 0's). */
  double *y = malloc(d.n_points * 2 * sizeof *y);
  assert_non_null(y);
  for (size_t p = 0; p < d.n_points; p++) {
    y[p * 2] = model(d.x + p * K);
    y[p * 2 + 1] = y[p * 2] * y[p * 2];
  }
  for (size_t j = 0; j < 2; j++) {
    /* The formulas: V the variance (n - 1) of yA and yB together, m their mean;
     * S1_i = mean((yB - m)(yAB_i - yA)) / V; ST_i = mean((yA - yAB_i)^2) / 2V. */
    double m = 0, v = 0;
    for (size_t r = 0; r < 2 * N; r++) m += y[r * 2 + j];
    m /= 2 * N;
    for (size_t r = 0; r < 2 * N; r++) v += (y[r * 2 + j] - m) * (y[r * 2 + j] - m);
    v /= 2 * N - 1;
    sa_indices ix[K];
    sa_output_stats os;
    assert_int_equal(sa_indices_of(&d, y, 2, j, 0, 0.95, 7, ix, &os), 0);
    near("mean of A and B", os.mean, m);
    near("variance of A and B", os.variance, v);
    for (int i = 0; i < K; i++) {
      double s1 = 0, st = 0;
      for (size_t r = 0; r < N; r++) {
        double ya = y[r * 2 + j], yb = y[(N + r) * 2 + j], yab = y[((2 + (size_t)i) * N + r) * 2 + j];
        s1 += (yb - m) * (yab - ya);
        st += (ya - yab) * (ya - yab);
      }
      s1 /= N * v;
      st /= 2 * N * v;
      char what[64];
      snprintf(what, sizeof what, "output %zu S1_%d", j, i);
      near(what, ix[i].s1.value, s1);
      snprintf(what, sizeof what, "output %zu ST_%d", j, i);
      near(what, ix[i].st.value, st);
    }
    /* S1 from one sample only (yA in place of yB) is a different number: the estimator uses both. */
    double one = 0;
    for (size_t r = 0; r < N; r++) one += (y[r * 2 + j] - m) * (y[(2 * N + r) * 2 + j] - y[r * 2 + j]);
    one /= N * v;
    assert_true(fabs(one - ix[0].s1.value) > 1e-3);
  }

  /* The bootstrap interval brackets a resample's estimates; with the same seed it is the same. */
  sa_indices a[K], b[K];
  sa_output_stats os;
  assert_int_equal(sa_indices_of(&d, y, 2, 0, 200, 0.9, 11, a, &os), 0);
  assert_int_equal(sa_indices_of(&d, y, 2, 0, 200, 0.9, 11, b, &os), 0);
  for (int i = 0; i < K; i++) {
    assert_true(a[i].s1.lo <= a[i].s1.hi && a[i].st.lo <= a[i].st.hi);
    assert_true(a[i].s1.lo == b[i].s1.lo && a[i].st.hi == b[i].st.hi);
  }
  free(y);
  sa_design_free(&d);
}

/* ---- Morris ---- */

static void test_morris_exact(void **state) {
  (void)state;
  enum { K = 3 };
  sa_input in[K] = {{.dist = SA_UNIFORM, .lo = 0, .hi = 1},
                    {.dist = SA_UNIFORM, .lo = -1, .hi = 2},
                    {.dist = SA_UNIFORM, .lo = 0, .hi = 3}};
  sa_spec s = {.method = SA_MORRIS, .k = K, .inputs = in, .samples = 12, .levels = 4, .seed = 5};
  sa_design d;
  char err[200];
  assert_int_equal(sa_design_make(&s, &d, err, sizeof err), 0);
  double *y = malloc(d.n_points * sizeof *y);
  assert_non_null(y);
  for (size_t p = 0; p < d.n_points; p++) y[p] = model(d.x + p * K);
  sa_indices ix[K];
  sa_output_stats os;
  assert_int_equal(sa_indices_of(&d, y, 1, 0, 0, 0.95, 1, ix, &os), 0);
  int negative = 0;
  for (int i = 0; i < K; i++) {
    /* Elementary effects (y' - y) / Delta in unit coordinates, over the points that changed input i. */
    double sum = 0, sum_abs = 0, sum2 = 0;
    int n = 0;
    for (size_t p = 0; p < d.n_points; p++) {
      if (d.part[p] != i) continue;
      double e = (y[p] - y[p - 1]) / d.delta[p];
      sum += e;
      sum_abs += fabs(e);
      n++;
      negative += e < 0;
    }
    assert_int_equal(n, 12);
    double mu = sum / n;
    for (size_t p = 0; p < d.n_points; p++)
      if (d.part[p] == i) {
        double e = (y[p] - y[p - 1]) / d.delta[p];
        sum2 += (e - mu) * (e - mu);
      }
    near("mu*", ix[i].mu_star.value, sum_abs / n);
    near("mu", ix[i].mu, mu);
    near("sigma", ix[i].sigma, sqrt(sum2 / (n - 1)));
  }
  assert_true(negative > 0); /* sin(6 x1) makes some effects negative: mu* and mu differ */
  free(y);
  sa_design_free(&d);
}

/* ---- replication statistics ---- */

/* t quantiles (0.975) from tables: 4 and 9 degrees of freedom. */
#define T975_4 2.7764451051977987
#define T975_9 2.2621571627409915

static void test_stats_exact(void **state) {
  (void)state;
  const double x[5] = {1003.5, 998.25, 1010.0, 1001.75, 995.0};
  double mean = 0, ss = 0;
  for (int i = 0; i < 5; i++) mean += x[i];
  mean /= 5;
  for (int i = 0; i < 5; i++) ss += (x[i] - mean) * (x[i] - mean);
  double sd = sqrt(ss / 4), half = T975_4 * sd / sqrt(5.0);
  near("t975(5)", sim_stats_t975(5), T975_4);
  near("t975(10)", sim_stats_t975(10), T975_9);

  sim_stats_acc a = {0, 0, 0};
  for (int i = 0; i < 5; i++) sim_stats_add(&a, x[i]);
  sim_stats_ci c = sim_stats_ci_of_acc(&a);
  assert_int_equal(c.n, 5);
  near("running mean", c.mean, mean);
  near("running sd", c.sd, sd);
  near("running lo", c.lo, mean - half);
  near("running hi", c.hi, mean + half);

  /* The same from an array with a stride, a NaN skipped (a replication without the figure). */
  const double xs[12] = {1003.5, -1, 998.25, -1, (double)NAN, -1, 1010.0, -1, 1001.75, -1, 995.0, -1};
  c = sim_stats_ci_of(xs, 2, 6);
  assert_int_equal(c.n, 5);
  near("mean", c.mean, mean);
  near("sd", c.sd, sd);
  near("lo", c.lo, mean - half);
  near("hi", c.hi, mean + half);

  /* Paired difference b - a. */
  const double b[5] = {1010.0, 1000.0, 1015.5, 1001.0, 1000.0};
  double dm = 0, dss = 0, dd[5];
  for (int i = 0; i < 5; i++) dm += (dd[i] = b[i] - x[i]);
  dm /= 5;
  for (int i = 0; i < 5; i++) dss += (dd[i] - dm) * (dd[i] - dm);
  c = sim_stats_diff_ci(x, b, 1, 5);
  near("diff mean", c.mean, dm);
  near("diff lo", c.lo, dm - T975_4 * sqrt(dss / 4) / sqrt(5.0));

  /* Ratio of means with the delta method: sd of the linearised values (x - r y) / mean(y). */
  const double y[5] = {20.0, 19.0, 22.5, 20.5, 18.0};
  double my = 0;
  for (int i = 0; i < 5; i++) my += y[i];
  my /= 5;
  double r = mean / my, lss = 0;
  for (int i = 0; i < 5; i++) {
    double l = (x[i] - r * y[i]) / my;
    lss += l * l; /* its mean is 0 */
  }
  double lsd = sqrt(lss / 4);
  c = sim_stats_ratio_ci(x, y, 1, 5);
  near("ratio", c.mean, r);
  near("ratio sd", c.sd, lsd);
  near("ratio hi", c.hi, r + T975_4 * lsd / sqrt(5.0));

  /* Difference of two ratios, paired: L = (xb - rb yb)/mean(yb) - (xa - ra ya)/mean(ya). */
  double mb = 0;
  for (int i = 0; i < 5; i++) mb += b[i];
  mb /= 5;
  const double yb[5] = {21.0, 18.5, 22.0, 21.5, 18.5};
  double myb = 0;
  for (int i = 0; i < 5; i++) myb += yb[i];
  myb /= 5;
  double rb = mb / myb, l[5], lm = 0, l2 = 0;
  for (int i = 0; i < 5; i++) lm += (l[i] = (b[i] - rb * yb[i]) / myb - (x[i] - r * y[i]) / my);
  lm /= 5;
  for (int i = 0; i < 5; i++) l2 += (l[i] - lm) * (l[i] - lm);
  c = sim_stats_ratio_diff_ci(x, y, b, yb, 1, 5);
  near("ratio diff", c.mean, rb - r);
  near("ratio diff sd", c.sd, sqrt(l2 / 4));
  near("ratio diff lo", c.lo, rb - r - T975_4 * sqrt(l2 / 4) / sqrt(5.0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sobol_exact),
      cmocka_unit_test(test_morris_exact),
      cmocka_unit_test(test_stats_exact),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
