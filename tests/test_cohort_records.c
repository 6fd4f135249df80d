/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cohort_records.c: the cohort records of models/cohorts.c on a hand-made population of four
 * persons whose states are set month by month: horizons, arms, exits, the 24-month average, and a
 * volunteer hired later leaving the comparison group. Every expected number is counted by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/cohorts.h"

#define STEPS 39          /* the last step, 38, is slot 0's +36 month: a horizon on the last month is reached */
#define START (2017 * 12) /* January 2017; no burn-in: step s is month s of 2017 onwards */

static const double *cell(const mdl_cohorts *c, const double *x, int g, int pop, int hy, int h) {
  return x + ((((size_t)g * MDL_COH_NPOP + (size_t)pop) * ((size_t)c->H + 1) + (size_t)hy) * MDL_COH_NHOR + (size_t)h) *
                 MDL_COH_NV;
}
static double count(const double *v, int arm, int st) { return v[MDL_COH_V_COUNT + arm * MDL_COH_NSTATE + st]; }

static void set(mdl_pop *p, uint32_t i, uint8_t cf, uint8_t prog) {
  p->status[MDL_CF][i] = cf;
  p->status[MDL_PROG][i] = prog;
}

/* Slot 0: hired in step 2, classic job in the counterfactual exactly in steps 8-14, 26 and 38 (its
 * +6, +12, +24 and +36 months are 8, 14, 26, 38), PPDE otherwise; EBE in the program arm.
 * Slot 1: hired in step 2, leaves the population in step 10 (its slot taken by an entrant).
 * Slot 2: volunteers in step 2, never hired, PPDE in both arms.
 * Slot 3: volunteers in step 3, hired in step 5 (a hired person, not a never-hired volunteer). */
static void run(mdl_cohorts *c, mdl_pop *p, mdl_scenario *s, double *x) {
  uint32_t log[4];
  p->hire_log = log;
  p->hire_log_cap = 4;
  for (uint32_t i = 0; i < 4; i++) set(p, i, MDL_PPDE, MDL_PPDE);
  for (int step = 0; step < STEPS; step++) {
    if (step == 10) mdl_pop_make_entrant(p, s, 1, sim_rng_key_make(1, 0), (uint32_t)step);
    int cf0 = (step >= 8 && step <= 14) || step == 26 || step == 38;
    p->status[MDL_CF][0] = cf0 ? MDL_EMPLOYED : MDL_PPDE;
    if (step == 2) mdl_coh_volunteer(c, 0, p, 2, step);
    if (step == 3) mdl_coh_volunteer(c, 0, p, 3, step);
    p->hire_log_n = 0;
    if (step == 2) {
      mdl_pop_note_hire(p, 0, (uint32_t)step);
      mdl_pop_note_hire(p, 1, (uint32_t)step);
      p->status[MDL_PROG][0] = p->status[MDL_PROG][1] = MDL_EBE;
    }
    if (step == 5) {
      mdl_pop_note_hire(p, 3, (uint32_t)step);
      p->status[MDL_PROG][3] = MDL_EBE;
    }
    mdl_coh_hired(c, 0, p, step);
    mdl_coh_month(c, 0, p, step);
  }
  p->hire_log = NULL;
  mdl_coh_extra(c, 1.0, x);
}

static void test_hand_counted(void **state) {
  (void)state;
  mdl_pop p;
  assert_int_equal(mdl_pop_alloc(&p, 4), SIM_OK);
  mdl_scenario *s = calloc(1, sizeof *s); /* entrants: employed (no youth unemployment) */
  assert_non_null(s);
  mdl_cohorts c;
  assert_int_equal(mdl_coh_alloc(&c, 1, START, 0, STEPS, 1), SIM_OK);
  assert_int_equal(c.H, 7); /* 2017-H1 .. 2020-H1 (step 38 is March 2020) */
  double *x = malloc(mdl_coh_width(&c) * sizeof *x);
  assert_non_null(x);
  run(&c, &p, s, x);
  for (int g = 0; g < 2; g++) { /* the territory, then the total: the same */
    const double *v = cell(&c, x, g, MDL_COH_HIRED, 0, MDL_COH_H6);
    /* +6: slot 0 in a job (cf), slots 1 and 3 PPDE (cf); all three EBE (program). */
    assert_true(v[MDL_COH_V_PERSONS] == 3);
    assert_true(count(v, MDL_CF, MDL_COH_EMPLOYED) == 1 && count(v, MDL_CF, MDL_COH_PPDE) == 2);
    assert_true(count(v, MDL_PROG, MDL_COH_EBE) == 3 && count(v, MDL_PROG, MDL_COH_EMPLOYED) == 0);
    assert_true(fabs(v[MDL_COH_V_RATE + MDL_CF] - 100.0 / 3) < 1e-12);
    assert_true(fabs(v[MDL_COH_V_RATE + MDL_PROG] - 100.0) < 1e-12);
    assert_true(fabs(v[MDL_COH_V_EFFECT] - 200.0 / 3) < 1e-12);
    assert_true(fabs(v[MDL_COH_V_EFFECT_CLASSIC] + 100.0 / 3) < 1e-12);
    /* +12 and +24: slot 1 is out in both arms. */
    for (int h = MDL_COH_H12; h <= MDL_COH_H24; h++) {
      v = cell(&c, x, g, MDL_COH_HIRED, 0, h);
      assert_true(v[MDL_COH_V_PERSONS] == 3);
      assert_true(count(v, MDL_CF, MDL_COH_EMPLOYED) == 1 && count(v, MDL_CF, MDL_COH_PPDE) == 1 &&
                  count(v, MDL_CF, MDL_COH_OUT) == 1);
      assert_true(count(v, MDL_PROG, MDL_COH_EBE) == 2 && count(v, MDL_PROG, MDL_COH_OUT) == 1);
    }
    /* +36: slot 3's month (step 41) is beyond the run: two persons. */
    v = cell(&c, x, g, MDL_COH_HIRED, 0, MDL_COH_H36);
    assert_true(v[MDL_COH_V_PERSONS] == 2);
    assert_true(count(v, MDL_CF, MDL_COH_EMPLOYED) == 1 && count(v, MDL_CF, MDL_COH_OUT) == 1);
    assert_true(count(v, MDL_PROG, MDL_COH_EBE) == 1 && count(v, MDL_PROG, MDL_COH_OUT) == 1);
    assert_true(fabs(v[MDL_COH_V_EFFECT] - 0.0) < 1e-12); /* (1 EBE - 1 job) / 2 */
    /* Average over months 1-24: slot 0 has 8 months in a job (steps 8-14 and 26 of 3-26), 16 PPDE;
     * slot 1 is there 7 months (3-9) then out 17; slot 3 PPDE 24 (cf). */
    v = cell(&c, x, g, MDL_COH_HIRED, 0, MDL_COH_AVG24);
    assert_true(v[MDL_COH_V_PERSONS] == 3);
    assert_true(fabs(count(v, MDL_CF, MDL_COH_EMPLOYED) - 8.0 / 24) < 1e-12);
    assert_true(fabs(count(v, MDL_CF, MDL_COH_PPDE) - (16.0 + 7 + 24) / 24) < 1e-12);
    assert_true(fabs(count(v, MDL_CF, MDL_COH_OUT) - 17.0 / 24) < 1e-12);
    assert_true(fabs(count(v, MDL_PROG, MDL_COH_EBE) - 55.0 / 24) < 1e-12);
    assert_true(fabs(count(v, MDL_PROG, MDL_COH_OUT) - 17.0 / 24) < 1e-12);
    assert_true(fabs(v[MDL_COH_V_EFFECT] - 100.0 * (55.0 - 8.0) / 24 / 3) < 1e-12);
    /* Never-hired volunteers: slot 2 only (slot 3 was hired), PPDE in both arms, no effect. */
    for (int h = 0; h < MDL_COH_NHOR; h++) {
      v = cell(&c, x, g, MDL_COH_VOLUNTEERS, 0, h);
      assert_true(v[MDL_COH_V_PERSONS] == 1);
      assert_true(count(v, MDL_CF, MDL_COH_PPDE) == 1 && count(v, MDL_PROG, MDL_COH_PPDE) == 1);
      assert_true(v[MDL_COH_V_EFFECT] == 0.0 && v[MDL_COH_V_EFFECT_CLASSIC] == 0.0);
    }
    /* Everyone is in 2017-H1, so "all" is the same. */
    for (int pop = 0; pop < MDL_COH_NPOP; pop++)
      for (int h = 0; h < MDL_COH_NHOR; h++)
        for (int j = 0; j < MDL_COH_NV; j++) {
          double one = cell(&c, x, g, pop, 0, h)[j], all = cell(&c, x, g, pop, c.H, h)[j];
          assert_true(one == all || (isnan(one) && isnan(all)));
        }
    /* Other half-years: nobody, rates missing. */
    v = cell(&c, x, g, MDL_COH_HIRED, 1, MDL_COH_H6);
    assert_true(v[MDL_COH_V_PERSONS] == 0 && isnan(v[MDL_COH_V_EFFECT]));
  }
  mdl_coh_free(&c);
  free(x);
  free(s);
  mdl_pop_free(&p);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_hand_counted)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
