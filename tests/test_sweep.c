/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sweep.c: sensitivity analysis and calibration.
 * - The analysis core (sim/sa.c) on models with known indices, through the same design, evaluation
 *   and estimator functions tzsim sweep uses: the Ishigami function (Sobol indices within their
 *   bootstrap intervals) and a linear model (Sobol, Morris, standardised regression coefficients).
 * - The bounded Nelder-Mead minimiser and the targets CSV reader (sim/calib.c), with exact messages.
 * - tzsim sweep end to end: the same seed gives the same sweep.csv, whatever the threads.
 * - tzsim calibrate end to end: a volunteer rate recovered from targets tzsim itself produced.
 * - Malformed blocks and command lines: exact messages (tests/bad/ holds the scenario-file cases
 *   that test_bad_input checks with run and check). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"
#include "models/sweep_spec.h"
#include "sim/calendar.h"
#include "sim/calib.h"
#include "sim/sa.h"

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *to) {
  size_t n = 0;
  char *text = e2e_slurp(from, &n);
  assert_non_null(text);
  write_file(to, text);
  free(text);
}

/* Each line prefixed with `file`, joined with newlines (the expected stderr of located messages). */
static void located(char *out, size_t n, const char *file, const char *const *lines) {
  out[0] = '\0';
  for (const char *const *l = lines; *l; l++) {
    size_t used = strlen(out);
    snprintf(out + used, n - used, "%s%s\n", file, *l);
  }
}

/* ---- the analysis core on known models ---- */

#define PI 3.14159265358979323846

static const double ishigami_a = 7.0, ishigami_b = 0.1;

static int ishigami(void *ctx, size_t point, const double *x, double *y) {
  (void)ctx;
  (void)point;
  y[0] = sin(x[0]) + ishigami_a * sin(x[1]) * sin(x[1]) + ishigami_b * pow(x[2], 4) * sin(x[0]);
  return 0;
}

static void check_in(const char *what, sa_est e, double truth, double tol) {
  print_message("  %-10s %.4f [%.4f, %.4f]  analytic %.4f\n", what, e.value, e.lo, e.hi, truth);
  if (!(truth >= e.lo && truth <= e.hi))
    fail_msg("%s: analytic %.4f outside the interval [%.4f, %.4f]", what, truth, e.lo, e.hi);
  if (fabs(e.value - truth) > tol) fail_msg("%s: estimate %.4f is more than %.3f from %.4f", what, e.value, tol, truth);
}

static void test_ishigami_sobol(void **state) {
  (void)state;
  sa_input in[3];
  for (int i = 0; i < 3; i++) in[i] = (sa_input){.dist = SA_UNIFORM, .lo = -PI, .hi = PI};
  sa_spec s = {SA_SOBOL, 3, in, 8192, 0, 1};
  sa_design d;
  char err[200];
  assert_int_equal(sa_design_make(&s, &d, err, sizeof err), 0);
  assert_int_equal(d.n_points, 8192 * 5);
  double *y1 = malloc(d.n_points * sizeof *y1), *y2 = malloc(d.n_points * sizeof *y2);
  assert_non_null(y1);
  assert_non_null(y2);
  size_t bad = 0;
  assert_int_equal(sa_evaluate(&d, 1, ishigami, NULL, 1, y1, &bad), 0);
  assert_int_equal(sa_evaluate(&d, 1, ishigami, NULL, 2, y2, &bad), 0);
  assert_memory_equal(y1, y2, d.n_points * sizeof *y1); /* points in parallel: the same outputs */
  sa_indices ix[3];
  sa_output_stats os;
  assert_int_equal(sa_indices_of(&d, y1, 1, 0, 500, 0.95, 42, ix, &os), 0);
  /* Analytic values for a = 7, b = 0.1 (Ishigami and Homma 1990; Sobol' and Levitan 1999). */
  const double pi4 = pow(PI, 4), pi8 = pow(PI, 8);
  const double v1 = 0.5 * pow(1 + ishigami_b * pi4 / 5, 2), v2 = ishigami_a * ishigami_a / 8;
  const double v13 = ishigami_b * ishigami_b * pi8 * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  const double s1[3] = {v1 / v, v2 / v, 0}, st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
  assert_true(fabs(s1[0] - 0.3139) < 1e-4 && fabs(s1[1] - 0.4424) < 1e-4 && fabs(st[2] - 0.2437) < 1e-4);
  assert_true(fabs(os.variance - v) / v < 0.02);
  const char *names[3] = {"x1", "x2", "x3"};
  for (int i = 0; i < 3; i++) {
    char w[32];
    snprintf(w, sizeof w, "S1 %s", names[i]);
    check_in(w, ix[i].s1, s1[i], 0.03);
    snprintf(w, sizeof w, "ST %s", names[i]);
    check_in(w, ix[i].st, st[i], 0.03);
  }
  /* The same seed gives the same intervals. */
  sa_indices again[3];
  assert_int_equal(sa_indices_of(&d, y1, 1, 0, 500, 0.95, 42, again, &os), 0);
  assert_memory_equal(ix, again, sizeof ix);
  free(y1);
  free(y2);
  sa_design_free(&d);
}

/* y = 1 x1 + 2 x2 - 3 x3, x1 ~ U[0, 1], x2 ~ U[0, 2], x3 ~ U[-1, 1]. */
static const double lin_a[3] = {1, 2, -3}, lin_lo[3] = {0, 0, -1}, lin_hi[3] = {1, 2, 1};

static int linear(void *ctx, size_t point, const double *x, double *y) {
  (void)ctx;
  (void)point;
  y[0] = 10 + lin_a[0] * x[0] + lin_a[1] * x[1] + lin_a[2] * x[2];
  y[1] = 5; /* a constant output: no variance, no indices */
  return 0;
}

static void test_linear_model(void **state) {
  (void)state;
  sa_input in[3];
  double var[3], total = 0;
  for (int i = 0; i < 3; i++) {
    in[i] = (sa_input){.dist = SA_UNIFORM, .lo = lin_lo[i], .hi = lin_hi[i]};
    var[i] = lin_a[i] * lin_a[i] * (lin_hi[i] - lin_lo[i]) * (lin_hi[i] - lin_lo[i]) / 12;
    total += var[i];
  }
  char err[200];
  size_t bad;
  sa_indices ix[3];
  sa_output_stats os;
  /* Sobol: S1 = ST = a_i^2 var(x_i) / var(y). */
  sa_spec s = {SA_SOBOL, 3, in, 2048, 0, 7};
  sa_design d;
  assert_int_equal(sa_design_make(&s, &d, err, sizeof err), 0);
  double *y = malloc(2 * d.n_points * sizeof *y);
  assert_non_null(y);
  assert_int_equal(sa_evaluate(&d, 2, linear, NULL, 1, y, &bad), 0);
  assert_int_equal(sa_indices_of(&d, y, 2, 0, 300, 0.95, 3, ix, &os), 0);
  for (int i = 0; i < 3; i++) {
    char w[32];
    snprintf(w, sizeof w, "S1 x%d", i + 1);
    check_in(w, ix[i].s1, var[i] / total, 0.02);
    snprintf(w, sizeof w, "ST x%d", i + 1);
    check_in(w, ix[i].st, var[i] / total, 0.02);
  }
  assert_int_equal(sa_indices_of(&d, y, 2, 1, 300, 0.95, 3, ix, &os), 0);
  assert_true(isnan(ix[0].s1.value) && isnan(ix[0].st.value));
  /* Split as MPI ranks split it (blocks evaluated apart, on other thread counts): the same rows;
   * a range outside the design is refused without a call. */
  double *parts = malloc(2 * d.n_points * sizeof *parts);
  assert_non_null(parts);
  size_t cut = d.n_points / 3;
  assert_int_equal(sa_evaluate_range(&d, 0, cut, 2, linear, NULL, 2, parts, &bad), 0);
  assert_int_equal(sa_evaluate_range(&d, cut, d.n_points - cut, 2, linear, NULL, 1, parts, &bad), 0);
  assert_memory_equal(parts, y, 2 * d.n_points * sizeof *y);
  assert_int_equal(sa_evaluate_range(&d, cut, d.n_points, 2, linear, NULL, 1, parts, &bad), -1);
  assert_int_equal(bad, cut);
  free(parts);
  free(y);
  sa_design_free(&d);

  /* Morris: every elementary effect of input i is a_i (hi - lo) in unit coordinates: mu* = |a_i|
   * (hi - lo), mu the signed value, sigma 0. */
  sa_spec sm = {SA_MORRIS, 3, in, 20, 4, 11};
  assert_int_equal(sa_design_make(&sm, &d, err, sizeof err), 0);
  assert_int_equal(d.n_points, 20 * 4);
  y = malloc(2 * d.n_points * sizeof *y);
  assert_non_null(y);
  assert_int_equal(sa_evaluate(&d, 2, linear, NULL, 2, y, &bad), 0);
  assert_int_equal(sa_indices_of(&d, y, 2, 0, 100, 0.95, 3, ix, &os), 0);
  for (int i = 0; i < 3; i++) {
    double want = lin_a[i] * (lin_hi[i] - lin_lo[i]);
    assert_true(fabs(ix[i].mu_star.value - fabs(want)) < 1e-9);
    assert_true(fabs(ix[i].mu - want) < 1e-9);
    assert_true(ix[i].sigma < 1e-9);
    assert_true(ix[i].mu_star.lo <= fabs(want) + 1e-9 && ix[i].mu_star.hi >= fabs(want) - 1e-9);
  }
  free(y);
  sa_design_free(&d);

  /* Latin hypercube: SRC_i^2 = S_i for a linear model, R^2 = 1; one point per stratum. */
  sa_spec sl = {SA_LHS, 3, in, 400, 0, 5};
  assert_int_equal(sa_design_make(&sl, &d, err, sizeof err), 0);
  for (int i = 0; i < 3; i++) {
    int seen[400] = {0};
    for (size_t p = 0; p < 400; p++) seen[(int)floor(d.u[p * 3 + (size_t)i] * 400)]++;
    for (int q = 0; q < 400; q++) assert_int_equal(seen[q], 1);
  }
  y = malloc(2 * d.n_points * sizeof *y);
  assert_non_null(y);
  assert_int_equal(sa_evaluate(&d, 2, linear, NULL, 1, y, &bad), 0);
  assert_int_equal(sa_indices_of(&d, y, 2, 0, 0, 0.95, 3, ix, &os), 0);
  assert_true(fabs(os.r2 - 1) < 1e-9);
  for (int i = 0; i < 3; i++) {
    double sa = ix[i].src * ix[i].src, want = var[i] / total;
    if (fabs(sa - want) > 0.02) fail_msg("SRC^2 of x%d = %.4f, expected about %.4f", i + 1, sa, want);
    assert_true(ix[i].src * lin_a[i] > 0);
  }
  free(y);
  sa_design_free(&d);

  /* A full grid: every combination once, ends included. */
  sa_spec sg = {SA_GRID, 3, in, 0, 3, 0};
  assert_int_equal(sa_design_make(&sg, &d, err, sizeof err), 0);
  assert_int_equal(d.n_points, 27);
  assert_true(d.x[0] == 0 && d.x[1] == 0 && d.x[2] == -1);
  assert_true(d.x[26 * 3 + 0] == 1 && d.x[26 * 3 + 1] == 2 && d.x[26 * 3 + 2] == 1);
  sa_design_free(&d);
}

static void test_designs(void **state) {
  (void)state;
  double vals[3] = {2, 5, 9};
  sa_input in[4] = {{.dist = SA_UNIFORM, .lo = 0, .hi = 1},
                    {.dist = SA_LOGUNIFORM, .lo = 0.01, .hi = 1},
                    {.dist = SA_NORMAL, .mean = 10, .sd = 2},
                    {.dist = SA_DISCRETE, .values = vals, .nvalues = 3}};
  /* Quantile functions. */
  assert_true(fabs(sa_value(&in[1], 0.5) - 0.1) < 1e-12);
  assert_true(fabs(sa_value(&in[2], 0.5) - 10) < 1e-12);
  assert_true(fabs(sa_value(&in[2], 0) - (10 - 2 * 3.090232306)) < 1e-6); /* clamped at 0.001 */
  assert_true(sa_value(&in[3], 0) == 2 && sa_value(&in[3], 0.5) == 5 && sa_value(&in[3], 1) == 9);
  sa_input tri = {.dist = SA_TRIANGULAR, .lo = 0, .hi = 4, .mode = 1};
  assert_true(fabs(sa_value(&tri, 0.25) - 1) < 1e-12);
  /* Saltelli structure: AB_i is A with column i from B. */
  sa_spec s = {SA_SOBOL, 4, in, 16, 0, 0};
  sa_design d, d2;
  char err[200];
  assert_int_equal(sa_design_make(&s, &d, err, sizeof err), 0);
  for (size_t j = 0; j < 16; j++)
    for (size_t c = 0; c < 4; c++)
      for (size_t i = 0; i < 4; i++) {
        double want = i == c ? d.u[(16 + j) * 4 + i] : d.u[j * 4 + i];
        assert_true(d.u[((2 + c) * 16 + j) * 4 + i] == want);
      }
  sa_design_free(&d);
  /* Seeds: the same seed the same design, another seed another one. */
  sa_spec l1 = {SA_LHS, 4, in, 10, 0, 99}, l2 = {SA_LHS, 4, in, 10, 0, 100};
  assert_int_equal(sa_design_make(&l1, &d, err, sizeof err), 0);
  assert_int_equal(sa_design_make(&l1, &d2, err, sizeof err), 0);
  assert_memory_equal(d.x, d2.x, 40 * sizeof *d.x);
  sa_design_free(&d2);
  assert_int_equal(sa_design_make(&l2, &d2, err, sizeof err), 0);
  assert_memory_not_equal(d.x, d2.x, 40 * sizeof *d.x);
  sa_design_free(&d);
  sa_design_free(&d2);
  /* Morris: odd levels and too many points are refused. */
  sa_spec bad = {SA_MORRIS, 4, in, 10, 3, 0};
  assert_int_equal(sa_design_make(&bad, &d, err, sizeof err), -1);
  assert_string_equal(err, "3 levels (expected an even number of levels, at least 2)");
  sa_spec big = {SA_SOBOL, 4, in, 100000, 0, 0};
  assert_int_equal(sa_design_make(&big, &d, err, sizeof err), -1);
  assert_string_equal(err, "the design has 600000 points (expected 1 to 200000)");
}

/* ---- calibration core ---- */

static double quad(void *ctx, const double *x) {
  int *calls = ctx;
  (*calls)++;
  return (x[0] - 0.3) * (x[0] - 0.3) + 0.01 * (x[1] - 7) * (x[1] - 7);
}

static double outside(void *ctx, const double *x) {
  (void)ctx;
  return (x[0] - 2) * (x[0] - 2);
}

static double fails(void *ctx, const double *x) {
  (void)ctx;
  return x[0] > 0.6 ? (double)NAN : 1.0 - x[0];
}

static void test_minimiser(void **state) {
  (void)state;
  double lo[2] = {0, 0}, hi[2] = {1, 10}, start[2] = {0.8, 2};
  int calls = 0;
  sim_calib_opts o = {2, lo, hi, start, 0.1, 1e-6, 1000};
  sim_calib_result r;
  assert_int_equal(sim_calib_minimise(&o, quad, &calls, &r), SIM_OK);
  assert_true(r.converged);
  assert_int_equal(r.evaluations, calls);
  assert_true(fabs(r.x[0] - 0.3) < 1e-3 && fabs(r.x[1] - 7) < 1e-2);
  /* The minimum beyond a bound: the search stays inside and ends at the bound. */
  double lo1[1] = {0}, hi1[1] = {1}, s1[1] = {0.5};
  sim_calib_opts o1 = {1, lo1, hi1, s1, 0.1, 1e-8, 500};
  assert_int_equal(sim_calib_minimise(&o1, outside, NULL, &r), SIM_OK);
  if (!(r.x[0] > 0.99 && r.x[0] < 1))
    fail_msg("minimum at the bound: x = %.6f after %d evaluations", r.x[0], r.evaluations);
  /* The transform and its inverse. */
  assert_true(fabs(sim_calib_from_z(sim_calib_to_z(0.25, 0, 2), 0, 2) - 0.25) < 1e-12);
  /* An objective that fails stops the search with SIM_EPARAM. */
  assert_int_equal(sim_calib_minimise(&o1, fails, NULL, &r), SIM_EPARAM);
}

/* A layout like the model's: territories A and Mauléon, the total; two arms; three metrics. */
static const char *const groups[] = {"A", "Mauléon", "total"};
static const char *const arms[] = {"counterfactual", "program"};
static const char *const metrics[] = {"ppde", "ebe", "hires"};
static const sim_layout layout = {3, groups, 2, 2, arms, 3, metrics, 2017 * 12, 0, NULL};

static void test_targets(void **state) {
  (void)state;
  const char *good = e2e_path("good.csv");
  write_file(good, "# a comment\n"
                   "territory,date,variable,value,weight,se,note\n"
                   "ALL,2017-06,ebe,280,1,28,\"QE 2797, approx.\"\n"
                   "Mauleon,2018-01,hires_cumulative,40,0,,\n"
                   "A,2017-01,ppde,50,,5,x\n");
  sim_target *t = NULL;
  int n = 0;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(sim_targets_read(good, &layout, 24, &t, &n, &e), SIM_OK);
  assert_int_equal(n, 3);
  assert_int_equal(t[0].group, 2);
  assert_string_equal(t[0].group_name, "total");
  assert_int_equal(t[0].arm, 1); /* program */
  assert_int_equal(t[0].metric, 1);
  assert_int_equal(t[0].step, 5);
  assert_true(t[0].se == 28 && t[0].weight == 1 && t[0].value == 280);
  assert_int_equal(t[1].group, 1); /* matched without its accent */
  assert_string_equal(t[1].group_name, "Mauléon");
  assert_true(t[1].cumulative && t[1].metric == 2 && t[1].weight == 0 && t[1].se == 1);
  assert_int_equal(t[2].line, 5);
  free(t);
  sim_errs_destroy(&e);

  const char *bad = e2e_path("bad.csv");
  write_file(bad, "territory,date,variable,value,weight,se,arm\n"
                  "B,2017-06,ebe,280,1,1,program\n"
                  "A,2017/06,ebe,280,1,1,program\n"
                  "A,2030-01,ebe,280,1,1,program\n"
                  "A,2017-06,ebee,280,1,1,program\n"
                  "A,2017-06,ebe,lots,1,1,program\n"
                  "A,2017-06,ebe,280,-1,0,both\n"
                  "A,2017-06,ebe\n"
                  "A,2017-06,ebe,\"280,1,1,program\n"
                  "A,2017-06,nothing_cumulative,1,1,1,program\n");
  sim_errs_init(&e);
  assert_int_equal(sim_targets_read(bad, &layout, 24, &t, &n, &e), SIM_EPARAM);
  char want[16384];
  const char *const bad_lines[] =
      {":2: territory: \"B\" is not a territory of the scenario (expected one of its territories, total or ALL; or "
       "--skip-unknown)",
       ":3: date: \"2017/06\" is not a valid date (expected YYYY-MM)",
       ":4: date: 2030-01 is outside the horizon (expected a month from 2017-01 to 2018-12)",
       ":5: variable: \"ebee\" is not a monthly metric (expected a column of monthly.csv, e.g. ebe, or "
       "NAME_cumulative; did you mean 'ebe'? Or --skip-unknown)",
       ":6: value: \"lots\" is not a number (expected a finite number)",
       ":7: arm: \"both\" is not an arm (expected counterfactual or program)",
       ":7: weight: \"-1\" is not valid (expected a number >= 0; 0 = reported, not fitted)",
       ":7: se: \"0\" is not valid (expected a standard error > 0)",
       ":8: has 3 fields (expected 7, as many as the header)",
       ":9: unterminated quoted field (expected RFC 4180 quoting: \"text, with commas\")",
       ":10: variable: \"nothing_cumulative\" is not a monthly metric (expected a column of monthly.csv, e.g. ebe, or "
       "NAME_cumulative; or "
       "--skip-unknown)",
       NULL};
  located(want, sizeof want, bad, bad_lines);
  char got[4096] = "";
  for (size_t i = 0; i < e.count; i++) {
    strncat(got, e.msg[i], sizeof got - strlen(got) - 2);
    strcat(got, "\n");
  }
  assert_string_equal(got, want);
  sim_errs_destroy(&e);

  const char *empty = e2e_path("empty.csv"), *nohead = e2e_path("nohead.csv"), *zero = e2e_path("zero.csv");
  write_file(empty, "# nothing\n");
  write_file(nohead, "territory,date,variable,amount\nA,2017-01,ebe,1\n");
  write_file(zero, "territory,date,variable,value,weight\nA,2017-01,ebe,1,0\n");
  struct {
    const char *path, *msg;
  } cases[] = {{empty, "is empty (expected a header line territory,date,variable,value[,weight][,se][,arm])"},
               {nohead, "header: no column \"value\" (expected the columns territory, date, variable and value; "
                        "optional weight, se, arm)"},
               {zero, "every target has weight 0 (expected at least one with weight > 0)"},
               {e2e_path("missing.csv"), "cannot read the file (expected a readable CSV file of targets)"}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    sim_errs_init(&e);
    char path[4096];
    snprintf(path, sizeof path, "%s", cases[c].path);
    assert_int_equal(sim_targets_read(path, &layout, 24, &t, &n, &e), SIM_EPARAM);
    assert_int_equal(e.count, 1);
    char w[8192];
    snprintf(w, sizeof w, "%s%s %s", path, c == 1 ? ":1:" : ":", cases[c].msg);
    assert_string_equal(e.msg[0], w);
    sim_errs_destroy(&e);
  }
}

/* --cutoff, --skip-unknown and --total-label in the reader: a target dated on the cutoff is fitted,
 * a later one held out (weight 0); rows of an unknown territory or variable are skipped with a notice. */
static void test_targets_cutoff(void **state) {
  (void)state;
  const char *path = e2e_path("cutoff.csv");
  write_file(path, "territory,date,variable,value,weight,se\n"
                   "A,2017-05,ebe,10,1,2\n"
                   "A,2017-06,ebe,11,2,2\n"
                   "A,2017-07,ebe,12,1,2\n"
                   "total,2017-06,hires_cumulative,5,0,1\n"
                   "NATIONAL,2017-06,ebe,1,1,1\n"
                   "A,2017-06,ebe_turnover_index,1,1,1\n"
                   "ALL,2018-12,ppde,7,1,1\n");
  sim_targets_opts o;
  memset(&o, 0, sizeof o);
  sim_errs e, sk;
  sim_errs_init(&e);
  sim_errs_init(&sk);
  assert_int_equal(sim_cal_parse("2017-06", &o.cutoff), 0);
  o.has_cutoff = 1;
  o.skip_unknown = 1;
  o.skipped = &sk;
  sim_target *t = NULL;
  int n = 0;
  assert_int_equal(sim_targets_read_opts(path, &layout, 24, &o, &t, &n, &e), SIM_OK);
  assert_int_equal(e.count, 0);
  assert_int_equal(n, 5);
  /* before, on and after the cutoff; a weight 0 before it stays 0 without being "after" */
  assert_true(t[0].weight == 1 && !t[0].after_cutoff);
  assert_true(t[1].weight == 2 && !t[1].after_cutoff);
  assert_true(t[2].weight == 0 && t[2].after_cutoff && t[2].value == 12);
  assert_true(t[3].weight == 0 && !t[3].after_cutoff);
  assert_true(t[4].weight == 0 && t[4].after_cutoff && t[4].group == 2);
  free(t);
  char want[4096];
  const char *const skipped_lines[] =
      {":6: territory: \"NATIONAL\" is not a territory of the scenario: row skipped (--skip-unknown)",
       ":7: variable: \"ebe_turnover_index\" is not a monthly metric of the scenario: row skipped (--skip-unknown)",
       NULL};
  located(want, sizeof want, path, skipped_lines);
  char got[4096] = "";
  for (size_t i = 0; i < sk.count; i++) {
    strncat(got, sk.msg[i], sizeof got - strlen(got) - 2);
    strcat(got, "\n");
  }
  assert_string_equal(got, want);
  sim_errs_destroy(&sk);

  /* NATIONAL as the total: ALL is then a territory the scenario does not have. */
  sim_errs_init(&sk);
  o.total_label = "NATIONAL";
  assert_int_equal(sim_targets_read_opts(path, &layout, 24, &o, &t, &n, &e), SIM_OK);
  assert_int_equal(n, 5);
  assert_true(t[3].group == 2 && t[4].group == 2 && t[4].variable[0] == 'e'); /* total, then NATIONAL */
  assert_int_equal(sk.count, 2);
  assert_non_null(strstr(sk.msg[1], ":8: territory: \"ALL\" is not a territory of the scenario"));
  free(t);
  sim_errs_destroy(&sk);

  /* Without --skip-unknown the same rows are errors. */
  o.skip_unknown = 0;
  o.skipped = NULL;
  o.total_label = NULL;
  assert_int_equal(sim_targets_read_opts(path, &layout, 24, &o, &t, &n, &e), SIM_EPARAM);
  assert_int_equal(e.count, 2);
  assert_non_null(
      strstr(e.msg[0],
             ":6: territory: \"NATIONAL\" is not a territory of the scenario (expected one of its territories, "
             "total or ALL; or --skip-unknown)"));
  assert_non_null(strstr(e.msg[1], ":7: variable: \"ebe_turnover_index\" is not a monthly metric"));
  sim_errs_destroy(&e);

  /* A cutoff before every weighted target leaves nothing to fit. */
  sim_errs_init(&e);
  const char *early = e2e_path("early.csv");
  write_file(early, "territory,date,variable,value\nA,2017-05,ebe,10\nA,2017-07,ebe,12\n");
  assert_int_equal(sim_cal_parse("2017-04", &o.cutoff), 0);
  assert_int_equal(sim_targets_read_opts(early, &layout, 24, &o, &t, &n, &e), SIM_EPARAM);
  assert_int_equal(e.count, 1);
  char w[8192];
  snprintf(w, sizeof w,
           "%s: no target dated on or before the cutoff 2017-04 has a weight > 0 (expected at least one to fit: a "
           "later --cutoff)",
           early);
  assert_string_equal(e.msg[0], w);
  sim_errs_destroy(&e);
}

/* ---- end to end ---- */

/* pilots.cfg and common.cfg beside a scenario in the scratch folder (libconfig resolves every
 * @include against the top file's folder). */
static void scratch_pilots(void) {
  copy_file("../scenarios/pilots.cfg", e2e_path("pilots.cfg"));
  copy_file("../scenarios/common.cfg", e2e_path("common.cfg"));
}

#define TINY_SWEEP                                                                                                     \
  "@include \"pilots.cfg\"\n"                                                                                          \
  "sweep: {\n"                                                                                                         \
  "  method = \"lhs\";\n"                                                                                              \
  "  samples = 4;\n"                                                                                                   \
  "  seed = %d;\n"                                                                                                     \
  "  outputs = [\"net_cost_per_fte_year_net_eur\", \"territories.Jouques.ebe_headcount\"];\n"                          \
  "  parameters = (\n"                                                                                                 \
  "    { name = \"avoided_cost\"; keys = [\"money.avoided_cost_min_eur\", \"money.avoided_cost_max_eur\"]; range = "   \
  "[15000.0, 20000.0]; },\n"                                                                                           \
  "    { name = \"cde_rate\"; key = \"calendar.cde_rate\"; format = \"((\\\"2016-01\\\", {}))\"; range = [0.9, "       \
  "1.01]; },\n"                                                                                                        \
  "    { name = \"capacity\"; keys = [\"territories.*.capacity_start\", \"territories.*.capacity_max\"]; multiply = "  \
  "true; range = [0.8, 1.2]; },\n"                                                                                     \
  "    { key = \"territories.*.hire_max\"; range = [5.0, 15.0]; }\n"                                                   \
  "  );\n"                                                                                                             \
  "};\n"

static void test_sweep_reproducible(void **state) {
  (void)state;
  scratch_pilots();
  char text[4096];
  snprintf(text, sizeof text, TINY_SWEEP, 7);
  write_file(e2e_path("tiny.cfg"), text);
  snprintf(text, sizeof text, TINY_SWEEP, 8);
  write_file(e2e_path("tiny8.cfg"), text);
  char cfg[4096], cfg8[4096], a[4096], b[4096], c[4096], pa[4200], pb[4200], pc[4200];
  snprintf(cfg, sizeof cfg, "%s", e2e_path("tiny.cfg"));
  snprintf(cfg8, sizeof cfg8, "%s", e2e_path("tiny8.cfg"));
  snprintf(a, sizeof a, "%s", e2e_path("sweep_a"));
  snprintf(b, sizeof b, "%s", e2e_path("sweep_b"));
  snprintf(c, sizeof c, "%s", e2e_path("sweep_c"));
  e2e_result r = e2e_run((const char *[]){"sweep", cfg, "--set", "months=24", "-r", "2", "-t", "1", "-o", a, NULL});
  e2e_expect_ok(&r);
  assert_non_null(strstr(r.out, "sweep lhs, 4 parameters, 4 points x 2 replication(s)"));
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"sweep", cfg, "--set", "months=24", "-r", "2", "-t", "2", "-o", b, "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.out, "");
  e2e_result_free(&r);
  snprintf(pa, sizeof pa, "%s/sweep.csv", a);
  snprintf(pb, sizeof pb, "%s/sweep.csv", b);
  assert_true(e2e_same_file(pa, pb));
  snprintf(pa, sizeof pa, "%s/indices.csv", a);
  snprintf(pb, sizeof pb, "%s/indices.csv", b);
  assert_true(e2e_same_file(pa, pb));
  /* Another design seed: other points. */
  r = e2e_run((const char *[]){"sweep", cfg8, "--set", "months=24", "-r", "2", "-o", c, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  snprintf(pa, sizeof pa, "%s/sweep.csv", a);
  snprintf(pc, sizeof pc, "%s/sweep.csv", c);
  assert_false(e2e_same_file(pa, pc));
  /* The file: a header, one row per point, integers for the integer parameter. */
  char *csv = e2e_slurp(pa, NULL);
  assert_non_null(csv);
  const char *head =
      "point,design,index,avoided_cost,cde_rate,capacity,territories.*.hire_max,net_cost_per_fte_year_net_eur,"
      "net_cost_per_fte_year_net_eur_lo,net_cost_per_fte_year_net_eur_hi,territories.Jouques.ebe_headcount,";
  assert_true(strncmp(csv, head, strlen(head)) == 0);
  int lines = 0;
  for (char *p = csv; *p; p++) lines += *p == '\n';
  assert_int_equal(lines, 5);
  char *row = strchr(csv, '\n') + 1;
  char *field = row;
  for (int i = 0; i < 6; i++) field = strchr(field, ',') + 1;
  double hm = atof(field);
  assert_true(hm == floor(hm) && hm >= 5 && hm <= 15);
  free(csv);
  /* An existing folder is kept without --force. */
  r = e2e_run((const char *[]){"sweep", cfg, "--set", "months=24", "-r", "2", "-o", a, NULL});
  assert_int_equal(r.status, 3);
  e2e_result_free(&r);
}

/* A small scenario whose EBE is limited by its volunteers: the volunteer rate shows in the data. */
static const char *toy =
    "name = \"toy\";\n"
    "start = \"2017-01\";\n"
    "months = 24;\n"
    "replications = 2;\n"
    "territories = (\n"
    "  { name = \"A\"; population = 3000; ppde_start = 300; unemployed_start = 300; program_start = \"2017-01\";\n"
    "    capacity_mode = \"ramp\"; capacity_start = 20.0; capacity_max = 200.0; ramp_months = 12; hire_max = 30; }\n"
    ");\n"
    "calibrate: {\n"
    "  max_evaluations = 60;\n"
    "  parameters = ( { key = \"territories.*.volunteer_rate\"; range = [0.005, 0.08]; } );\n"
    "};\n";

/* The value of column `col` (by header name) at the row where territory and date match. */
static double monthly_value(const char *csv, const char *territory, const char *arm, const char *date,
                            const char *col) {
  char *text = e2e_slurp(csv, NULL);
  assert_non_null(text);
  char *save = NULL, *line = strtok_r(text, "\n", &save);
  int index = -1, k = 0;
  for (char *f = line, *end; f; f = end ? end + 1 : NULL, k++) {
    end = strchr(f, ',');
    if (end) *end = '\0';
    if (!strcmp(f, col)) index = k;
  }
  assert_true(index >= 0);
  double v = (double)NAN;
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char *fields[400];
    int n = 0;
    for (char *f = line, *end; f && n < 400; f = end ? end + 1 : NULL) {
      end = strchr(f, ',');
      if (end) *end = '\0';
      fields[n++] = f;
    }
    if (n > index && !strcmp(fields[0], territory) && !strcmp(fields[1], date) && !strcmp(fields[2], arm))
      v = atof(fields[index]);
  }
  free(text);
  return v;
}

static void test_calibrate_recovers(void **state) {
  (void)state;
  char cfg[4096], run[4096], targets[4096], out[4096], path[4300];
  snprintf(cfg, sizeof cfg, "%s", e2e_path("toy.cfg"));
  snprintf(run, sizeof run, "%s", e2e_path("toy_run"));
  snprintf(targets, sizeof targets, "%s", e2e_path("toy_targets.csv"));
  snprintf(out, sizeof out, "%s", e2e_path("toy_cal"));
  write_file(cfg, toy);
  const double truth = 0.02;
  e2e_result r =
      e2e_run((const char *[]){"run", cfg, "--set", "territories.*.volunteer_rate=0.02", "-o", run, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  snprintf(path, sizeof path, "%s/monthly.csv", run);
  FILE *f = fopen(targets, "w");
  assert_non_null(f);
  fputs("territory,date,variable,value,weight\n", f);
  const char *dates[] = {"2017-03", "2017-09", "2018-03", "2018-12"};
  for (int i = 0; i < 4; i++) {
    fprintf(f, "A,%s,ebe,%.17g,1\n", dates[i], monthly_value(path, "A", "program", dates[i], "ebe"));
    fprintf(f, "A,%s,queue,%.17g,1\n", dates[i], monthly_value(path, "A", "program", dates[i], "queue"));
  }
  fprintf(f, "total,2018-06,ppde,%.17g,0\n", monthly_value(path, "total", "program", "2018-06", "ppde"));
  fclose(f);
  r = e2e_run((const char *[]){"calibrate", cfg, "--targets", targets, "-o", out, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  snprintf(path, sizeof path, "%s/calibration.json", out);
  char *json = e2e_slurp(path, NULL);
  assert_non_null(json);
  const char *v = strstr(json, "\"value\": ");
  assert_non_null(v);
  double fitted = atof(v + 9);
  print_message("  volunteer rate: fitted %.5f, truth %.5f\n", fitted, truth);
  if (fabs(fitted - truth) > 0.002) fail_msg("fitted volunteer rate %.5f, expected %.3f +- 0.002", fitted, truth);
  const char *obj = strstr(json, "\"objective\": ");
  assert_non_null(obj);
  assert_true(atof(obj + 13) < 1.0);
  free(json);
  /* fit.csv: the held-out row is reported with split "held_out". */
  snprintf(path, sizeof path, "%s/fit.csv", out);
  char *fit = e2e_slurp(path, NULL);
  assert_non_null(fit);
  assert_non_null(strstr(fit, ",total,2018-06,ppde,program,"));
  assert_non_null(strstr(fit, ",held_out,"));
  free(fit);
  /* The calibrated scenario is a valid scenario carrying the fitted value. */
  snprintf(path, sizeof path, "%s/calibrated.cfg", out);
  r = e2e_run((const char *[]){"check", path, NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char *cal = e2e_slurp(path, NULL);
  assert_non_null(cal);
  assert_non_null(strstr(cal, "// toy-calibrated: calibrated by tzsim calibrate"));
  assert_non_null(strstr(cal, "name = \"toy-calibrated\";"));
  const char *vr = strstr(cal, "\n    volunteer_rate = "); /* in the territory's group */
  assert_non_null(vr);
  assert_true(fabs(atof(vr + 22) - fitted) < 1e-9);
  free(cal);
}

/* The backtest: fit up to the cutoff, forecast after it. Held-out values never reach the objective
 * (another held-out value: the same trace and fitted value, byte for byte), and the same command
 * twice gives the same fit.csv byte for byte. */
static void test_backtest(void **state) {
  (void)state;
  char cfg[4096], t1[4096], t2[4096], o1[4096], o2[4096], o3[4096], a[4300], b[4300];
  snprintf(cfg, sizeof cfg, "%s", e2e_path("bt.cfg"));
  char text[4096];
  snprintf(text, sizeof text, "%s", toy);
  char *me = strstr(text, "max_evaluations = 60;");
  assert_non_null(me);
  memcpy(me, "max_evaluations = 12;", strlen("max_evaluations = 12;"));
  write_file(cfg, text);
  snprintf(t1, sizeof t1, "%s", e2e_path("bt1.csv"));
  snprintf(t2, sizeof t2, "%s", e2e_path("bt2.csv"));
  const char *head = "territory,date,variable,value,weight,se,note\n"
                     "A,2017-03,ebe,20,1,2,\n"
                     "A,2017-09,ebe,60,1,6,\n"
                     "A,2018-03,queue,5,1,5,on the cutoff: fitted\n"
                     "A,2018-03,ebe_turnover_index,1,1,1,unknown: skipped\n"
                     "NATIONAL,2018-06,ebe,900,1,90,unknown: skipped\n";
  char body[2048];
  snprintf(body, sizeof body, "%sA,2018-06,ebe,100,1,10,\nA,2018-12,hires_cumulative,150,1,15,\n", head);
  write_file(t1, body);
  snprintf(body, sizeof body, "%sA,2018-06,ebe,100,1,10,\nA,2018-12,hires_cumulative,450,1,15,\n", head);
  write_file(t2, body);
  snprintf(o1, sizeof o1, "%s", e2e_path("bt_out1"));
  snprintf(o2, sizeof o2, "%s", e2e_path("bt_out2"));
  snprintf(o3, sizeof o3, "%s", e2e_path("bt_out3"));
  e2e_result r = e2e_run((const char *[]){"calibrate", cfg, "--targets", t1, "--cutoff", "2018-03", "--skip-unknown",
                                          "-o", o1, "--quiet", NULL});
  e2e_expect_ok(&r);
  /* the skipped rows are named on stderr, even with --quiet */
  assert_non_null(
      strstr(r.err,
             "bt1.csv:5: variable: \"ebe_turnover_index\" is not a monthly metric of the scenario: row skipped"));
  assert_non_null(strstr(r.err, "bt1.csv:6: territory: \"NATIONAL\" is not a territory of the scenario: row skipped"));
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"calibrate", cfg, "--targets", t1, "--cutoff", "2018-03", "--skip-unknown", "-o", o2,
                               "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"calibrate", cfg, "--targets", t2, "--cutoff", "2018-03", "--skip-unknown", "-o", o3,
                               "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  const char *same[] = {"fit.csv", "trace.csv",
                        "trajectories.csv"}; /* calibrated.cfg and calibration.json carry the time */
  for (int i = 0; i < 3; i++) {
    snprintf(a, sizeof a, "%s/%s", o1, same[i]);
    snprintf(b, sizeof b, "%s/%s", o2, same[i]);
    if (!e2e_same_file(a, b)) fail_msg("%s differs between two identical backtests", same[i]);
  }
  /* Another held-out value: the same evaluations, objective values and fitted parameter. */
  snprintf(a, sizeof a, "%s/trace.csv", o1);
  snprintf(b, sizeof b, "%s/trace.csv", o3);
  assert_true(e2e_same_file(a, b));
  snprintf(a, sizeof a, "%s/calibration.json", o1);
  snprintf(b, sizeof b, "%s/calibration.json", o3);
  char *j1 = e2e_slurp(a, NULL), *j3 = e2e_slurp(b, NULL);
  assert_non_null(j1);
  assert_non_null(j3);
  assert_non_null(strstr(j1, "\"cutoff\": \"2018-03\""));
  assert_non_null(strstr(j1, "\"held_out_after_cutoff\": 2"));
  const char *p1 = strstr(j1, "\"parameters\": ["), *p3 = strstr(j3, "\"parameters\": [");
  const char *e1 = strstr(j1, "\"fit\": {"), *e3 = strstr(j3, "\"fit\": {");
  assert_true(p1 && p3 && e1 && e3 && e1 - p1 == e3 - p3);
  assert_memory_equal(p1, p3, (size_t)(e1 - p1));
  free(j1);
  free(j3);
  /* fit.csv: the row on the cutoff is fitted, the later ones held out with weight 0 and their
   * forecast error; the second file differs only by the changed held-out value. */
  snprintf(a, sizeof a, "%s/fit.csv", o1);
  char *fit = e2e_slurp(a, NULL);
  assert_non_null(fit);
  const char *fit_head = "line,territory,date,variable,arm,observed,se,weight,split,simulated,lo,hi,residual,z\n";
  assert_true(strncmp(fit, fit_head, strlen(fit_head)) == 0);
  assert_non_null(strstr(fit, "\n4,A,2018-03,queue,program,5,5,1,fitted,"));
  assert_non_null(strstr(fit, "\n7,A,2018-06,ebe,program,100,10,0,held_out,"));
  assert_non_null(strstr(fit, "\n8,A,2018-12,hires_cumulative,program,150,15,0,held_out,"));
  assert_null(strstr(fit, "ebe_turnover_index"));
  assert_null(strstr(fit, "NATIONAL"));
  int lines = 0;
  for (char *p = fit; *p; p++) lines += *p == '\n';
  assert_int_equal(lines, 6); /* header, 3 fitted, 2 held out */
  free(fit);
  /* The same targets without the cutoff: every row fitted, other parameters. */
  r = e2e_run((const char *[]){"calibrate", cfg, "--targets", t1, "--skip-unknown", "-o", e2e_path("bt_out4"),
                               "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  snprintf(a, sizeof a, "%s/fit.csv", e2e_path("bt_out4"));
  fit = e2e_slurp(a, NULL);
  assert_non_null(fit);
  assert_null(strstr(fit, "held_out"));
  free(fit);
}

static void expect_refused(const char *const *args, const char *want) {
  e2e_result r = e2e_run(args);
  if (r.status != 2 || strcmp(r.err ? r.err : "", want) != 0) {
    fprintf(stderr, "expected exit 2 and:\n%s", want);
    fprintf(stderr, "got exit %d and:\n%s", r.status, r.err ? r.err : "");
    fail();
  }
  assert_string_equal(r.out, "");
  e2e_result_free(&r);
}

static void test_refused(void **state) {
  (void)state;
  char want[16384], cfg[4096], targets[4096];
  snprintf(cfg, sizeof cfg, "%s", e2e_path("toy2.cfg"));
  write_file(cfg, toy);
  snprintf(targets, sizeof targets, "%s", e2e_path("toy2.csv"));
  write_file(targets, "territory,date,variable,value\nA,2017-03,ebe,1\nZ,2017-03,ebe,1\nA,2019-01,ebe,1\n");
  expect_refused((const char *[]){"sweep", "badcli/valid.cfg", "-o", e2e_path("no1"), NULL},
                 "badcli/valid.cfg: sweep: missing (expected a sweep block: sweep: { method = \"sobol\"; parameters = "
                 "( { key = \"...\"; "
                 "range = [lo, hi]; } ); outputs = [\"...\"]; })\n");
  expect_refused((const char *[]){"calibrate", "badcli/valid.cfg", "--targets", targets, "-o", e2e_path("no2"), NULL},
                 "badcli/valid.cfg: calibrate: missing (expected a calibrate block: calibrate: { parameters = ( { key "
                 "= \"...\"; "
                 "range = [lo, hi]; } ); })\n");
  expect_refused((const char *[]){"calibrate", cfg, "-o", e2e_path("no3"), NULL},
                 "command line: --targets: missing (expected --targets FILE.csv, or targets = \"FILE.csv\" in the "
                 "calibrate block)\n");
  const char *const target_lines[] =
      {":3: territory: \"Z\" is not a territory of the scenario (expected one of its territories, total or ALL; or "
       "--skip-unknown)",
       ":4: date: 2019-01 is outside the horizon (expected a month from 2017-01 to 2018-12)", NULL};
  located(want, sizeof want, targets, target_lines);
  expect_refused((const char *[]){"calibrate", cfg, "--targets", targets, "-o", e2e_path("no4"), NULL}, want);
  expect_refused((const char *[]){"sweep", "badcli/valid.cfg", "--targets", targets, NULL},
                 "command line: --targets: not used by 'sweep' (expected tzsim sweep SCENARIO [-o DIR] [options])\n");
  expect_refused((const char *[]){"sweep", NULL},
                 "command line: sweep: missing argument (expected tzsim sweep SCENARIO [-o DIR] [options])\n");
  /* A range the scenario refuses at some points: found before any run, with the scenario's message. */
  write_file(e2e_path("corner.cfg"),
             "name = \"corner\";\nstart = \"2017-01\";\nmonths = 12;\n"
             "territories = ( { name = \"A\"; population = 1000; ppde_start = 50; unemployed_start = 60; program_start "
             "= \"2017-01\"; } );\n"
             "sweep: {\n  method = \"grid\";\n  outputs = [\"ebe_headcount\"];\n"
             "  parameters = ( { key = \"territories.A.capacity_start\"; range = [10.0, 200.0]; } );\n};\n");
  char corner[4096];
  snprintf(corner, sizeof corner, "%s", e2e_path("corner.cfg"));
  const char *const corner_lines[] = {":5: sweep: every parameter at its upper end (territories.A.capacity_start=200) "
                                      "is not a valid scenario (expected values "
                                      "the scenario accepts: narrow the parameters' ranges)",
                                      NULL};
  located(want, sizeof want, corner, corner_lines);
  strcat(want, "--set: territories[1].capacity_start: 200 is above capacity_max 100 (expected start <= max)\n");
  expect_refused((const char *[]){"sweep", corner, "-o", e2e_path("no5"), NULL}, want);
  /* Valid ends, invalid inside (start above max): the lowest failing point is named, whatever the
   * threads, and nothing is written. */
  const char *inner = "data/inner-sweep.cfg";
  const char *const inner_lines[] =
      {":8: sweep: point 4 (territories.A.capacity_start=55, territories.A.capacity_max=10) is not a valid scenario "
       "(expected values the scenario accepts: narrow the parameters' ranges)",
       NULL};
  located(want, sizeof want, inner, inner_lines);
  strcat(want, "--set: territories[1].capacity_start: 55 is above capacity_max 10 (expected start <= max)\n");
  expect_refused((const char *[]){"sweep", inner, "-t", "1", "--quiet", "-o", e2e_path("no6"), NULL}, want);
  expect_refused((const char *[]){"sweep", inner, "-t", "2", "--quiet", "-o", e2e_path("no7"), NULL}, want);
  for (int i = 1; i <= 7; i++) {
    char p[64];
    snprintf(p, sizeof p, "no%d", i);
    assert_false(e2e_exists(e2e_path(p)));
  }
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ishigami_sobol),
      cmocka_unit_test(test_linear_model),
      cmocka_unit_test(test_designs),
      cmocka_unit_test(test_minimiser),
      cmocka_unit_test(test_targets),
      cmocka_unit_test(test_sweep_reproducible),
      cmocka_unit_test(test_calibrate_recovers),
      cmocka_unit_test(test_refused),
      cmocka_unit_test(test_targets_cutoff),
      cmocka_unit_test(test_backtest),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
