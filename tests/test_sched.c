/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sched.c: the two engines (docs/model.md, "The scheduled engine"): every section 7 invariant
 * and closed-form check of test_invariants.c (which runs them on the default, scheduled engine)
 * run on the monthly reference engine too, and the two engines' agreement in distribution over
 * 200 replications. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "test_util.h"

/* Every scenario test_invariants.c loads runs on the monthly engine: its tests are included below
 * with the loaders replaced, so the invariants are the same code, not a copy. */
static void monthly_load(const char *text, const char *const *sets, int nsets, mdl_scenario *s) {
  tu_load(text, sets, nsets, s);
  s->engine = MDL_ENGINE_MONTHLY;
}
static void monthly_load_file(const char *path, const char *const *sets, int nsets, mdl_scenario *s) {
  tu_load_file(path, sets, nsets, s);
  s->engine = MDL_ENGINE_MONTHLY;
}
#define tu_load monthly_load
#define tu_load_file monthly_load_file
int invariants_main(void); /* test_invariants.c's own main, unused here */
#define main invariants_main
#include "test_invariants.c"
#undef main
#undef tu_load
#undef tu_load_file

/* ---- agreement in distribution ---- */

/* 200 replications per engine; TZSIM_AGREE_REPS=N runs fewer (the sanitizer build checks memory
 * safety there, not the statistics, which need the 200: the bound is then still z-based). */
static int agree_reps(void) {
  const char *v = getenv("TZSIM_AGREE_REPS");
  int n = v ? atoi(v) : 0;
  return n >= 10 && n <= 200 ? n : 200;
}
#define AGREE_REPS agree_reps()
/* The family-wise false-alarm rate of one scenario's comparison: a correct engine fails it once
 * in a thousand seeds (for these fixed seeds it passes or fails always). */
#define AGREE_ALPHA 1e-3

typedef struct {
  int n;
  double mean, var;
} sample;

/* Mean and variance of a headline figure of the total over the replications (NaN skipped). */
static sample figure_sample(const sim_run_result *r, int K, int f) {
  sample s = {0, 0, 0};
  double sum = 0, sum2 = 0;
  for (uint32_t rep = 0; rep < r->replications; rep++) {
    double v = r->headline[(size_t)rep * r->headline_width + (size_t)K * MDL_H_COUNT + (size_t)f];
    if (isnan(v)) continue;
    s.n++;
    sum += v;
    sum2 += v * v;
  }
  if (s.n > 0) s.mean = sum / s.n;
  if (s.n > 1) s.var = (sum2 - s.n * s.mean * s.mean) / (s.n - 1);
  if (s.var < 0) s.var = 0;
  return s;
}

/* Run the scenario on both engines, with different seeds (independent samples), and compare
 * every headline figure of the total: a two-sample z-test per figure (Welch's standard error;
 * 200 replications make the normal law exact enough), Bonferroni over the figures compared. */
static void check_agreement(const char *label, const char *path, const char *text, const char *const *sets, int nsets) {
  const char *all[16];
  int n = 0;
  for (int i = 0; i < nsets; i++) all[n++] = sets[i];
  char reps[32];
  snprintf(reps, sizeof reps, "replications=%d", AGREE_REPS);
  all[n++] = reps;
  mdl_scenario s[2];
  sim_run_result r[2];
  mdl_world *w[2];
  for (int g = 0; g < 2; g++) {
    all[n] = g == 0 ? "seed=101" : "seed=202";
    if (path)
      tu_load_file(path, all, n + 1, &s[g]);
    else
      tu_load(text, all, n + 1, &s[g]);
    s[g].engine = g == 0 ? MDL_ENGINE_MONTHLY : MDL_ENGINE_SCHEDULED;
    w[g] = tu_run(&s[g], 2, &r[g]);
  }
  assert_int_equal(r[0].replications, (uint32_t)AGREE_REPS);
  int K = s[0].n_territories, compared = 0, constant = 0;
  sample a[MDL_H_COUNT], b[MDL_H_COUNT];
  for (int f = 0; f < MDL_H_COUNT; f++) {
    a[f] = figure_sample(&r[0], K, f);
    b[f] = figure_sample(&r[1], K, f);
    if (a[f].n >= AGREE_REPS / 2 && b[f].n >= AGREE_REPS / 2) compared++;
  }
  double zcrit = gsl_cdf_ugaussian_Qinv(AGREE_ALPHA / (2.0 * compared)), zmax = 0;
  int fails = 0;
  for (int f = 0; f < MDL_H_COUNT; f++) {
    if (a[f].n < AGREE_REPS / 2 || b[f].n < AGREE_REPS / 2) continue; /* mostly NaN: not reached */
    double se = sqrt(a[f].var / a[f].n + b[f].var / b[f].n), d = b[f].mean - a[f].mean;
    if (se == 0) { /* the same constant in every replication of both engines */
      constant++;
      if (d != 0) {
        print_error("%s: %s is constant, %.17g monthly, %.17g scheduled\n", label, mdl_figures[f].name, a[f].mean,
                    b[f].mean);
        fails++;
      }
      continue;
    }
    double z = d / se;
    if (fabs(z) > zmax) zmax = fabs(z);
    if (fabs(z) > zcrit) {
      print_error("%s: %s monthly %.6g, scheduled %.6g, z = %.2f (bound %.2f)\n", label, mdl_figures[f].name, a[f].mean,
                  b[f].mean, z, zcrit);
      fails++;
    }
  }
  print_message("%s: %d headline figures compared over %d replications per engine, largest |z| %.2f, bound %.2f "
                "(family false alarm %g), %d constant\n",
                label, compared, AGREE_REPS, zmax, zcrit, AGREE_ALPHA, constant);
  assert_true(compared >= 20);
  assert_int_equal(fails, 0);
  for (int g = 0; g < 2; g++) {
    sim_run_result_free(&r[g]);
    mdl_world_free(w[g]);
    mdl_scenario_free(&s[g]);
  }
}

/* The pilots at 4 persons per agent over 60 months: every mechanism of the program runs. */
static void test_agreement_pilots(void **state) {
  (void)state;
  const char *sets[] = {"scale=4.0", "months=60"};
  check_agreement("pilots", "../scenarios/pilots.cfg", NULL, sets, 2);
}

/* A generated scenario: the national generalisation (territories made by the template) at
 * 5,000 persons per agent, with its national cap and the retirement reform's calendar. */
static void test_agreement_generated(void **state) {
  (void)state;
  const char *sets[] = {"scale=5000.0", "months=60"};
  check_agreement("generalisation", "../scenarios/generalisation.cfg", NULL, sets, 2);
}

/* Ages cross band limits and retirement within the run, with population growth and a long burn-in:
 * the wakes at a hazard change and the retirement months are exercised. */
static void test_agreement_small_growth(void **state) {
  (void)state;
  const char *sets[] = {"labour.population_growth=0.02", "burn_in_months=24", "months=48",
                        "labour.separation_mode=\"table\""};
  check_agreement("small", NULL, tu_small, sets, 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      /* test_invariants.c's tests, on the monthly engine */
      INVARIANT_TESTS,
      /* the two engines */
      cmocka_unit_test(test_agreement_pilots),
      cmocka_unit_test(test_agreement_generated),
      cmocka_unit_test(test_agreement_small_growth),
  };
  /* TZSIM_TEST_FILTER=test_agreement* runs some of them (a pattern of cmocka_set_test_filter). */
  const char *only = getenv("TZSIM_TEST_FILTER");
  if (only && *only) cmocka_set_test_filter(only);
  return cmocka_run_group_tests(tests, NULL, NULL);
}
