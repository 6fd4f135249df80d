/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cohort_horizons.c: the cohort records are followed only at the months that count for them
 * (months 1..24 and 36 after their reference month); what happens in between must still count as
 * when every record was visited every month: a volunteer hired after month 24 leaves the comparison
 * group even if she exits before month 36 or is hired after it, and a hired person who exits between
 * months 24 and 36 is out at 36. Also: records written to a checkpoint and read back continue the
 * same. Every expected number is counted by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/cohorts.h"

#define STEPS 40
#define START (2017 * 12)
#define N 5

static const double *cell(const mdl_cohorts *c, const double *x, int pop, int h) {
  return x + (((size_t)pop * ((size_t)c->H + 1)) * MDL_COH_NHOR + (size_t)h) * MDL_COH_NV; /* territory 0, 2017-H1 */
}
static double count(const double *v, int arm, int st) { return v[MDL_COH_V_COUNT + arm * MDL_COH_NSTATE + st]; }

static int put(FILE *f, void *p, size_t n) { return n == 0 || fwrite(p, 1, n, f) == n; }
static int get(FILE *f, void *p, size_t n) { return n == 0 || fread(p, 1, n, f) == n; }

/* Slots 0, 1, 2, 4 volunteer in step 0; slot 3 is hired in step 0. Slot 0 is never hired. Slot 1 is
 * hired in step 28 (month 28 of her record) and exits in step 32; slot 2 is hired in step 38 (after
 * month 36). Slot 3 exits in step 30. Slot 4 volunteers and stays PPDE. All PPDE otherwise. With
 * save_at >= 0 the records go through a checkpoint file at that step. */
static void run(mdl_cohorts *c, mdl_pop *p, mdl_scenario *s, int save_at, double *x) {
  uint32_t log[N];
  p->hire_log = log;
  p->hire_log_cap = N;
  for (uint32_t i = 0; i < N; i++) p->status[MDL_CF][i] = p->status[MDL_PROG][i] = MDL_PPDE;
  for (int step = 0; step < STEPS; step++) {
    if (step == 32) mdl_pop_make_entrant(p, s, 1, sim_rng_key_make(1, 0), (uint32_t)step);
    if (step == 30) mdl_pop_make_entrant(p, s, 3, sim_rng_key_make(1, 0), (uint32_t)step);
    if (step == 0) {
      /* Out of slot order: the list must be sorted before a volunteer is looked up by slot. */
      static const uint32_t order[] = {4, 2, 0, 1};
      for (int j = 0; j < 4; j++) mdl_coh_volunteer(c, 0, p, order[j], step);
    }
    p->hire_log_n = 0;
    if (step == 0) mdl_pop_note_hire(p, 3, (uint32_t)step);
    if (step == 28) mdl_pop_note_hire(p, 1, (uint32_t)step);
    if (step == 38) mdl_pop_note_hire(p, 2, (uint32_t)step);
    mdl_coh_hired(c, 0, p, step);
    mdl_coh_month(c, 0, p, step);
    if (step == save_at) { /* through a file and back into a fresh table */
      FILE *f = tmpfile();
      assert_non_null(f);
      assert_true(mdl_coh_io(c, f, put, 0));
      rewind(f);
      mdl_coh_free(c);
      assert_int_equal(mdl_coh_alloc(c, 1, START, 0, STEPS, 1), SIM_OK);
      assert_true(mdl_coh_io(c, f, get, 1));
      fclose(f);
    }
  }
  p->hire_log = NULL;
  mdl_coh_extra(c, 1.0, x);
}

static void check(const mdl_cohorts *c, const double *x) {
  /* Never-hired volunteers: slots 0 and 4 only, PPDE in both arms at every horizon. Counting slot 1
   * (hired, then gone before month 36) or slot 2 (hired after month 36) would make 3 or 4. */
  for (int h = 0; h < MDL_COH_NHOR; h++) {
    const double *v = cell(c, x, MDL_COH_VOLUNTEERS, h);
    assert_true(v[MDL_COH_V_PERSONS] == 2);
    assert_true(count(v, MDL_CF, MDL_COH_PPDE) == 2 && count(v, MDL_PROG, MDL_COH_PPDE) == 2);
    assert_true(count(v, MDL_CF, MDL_COH_OUT) == 0 && count(v, MDL_PROG, MDL_COH_OUT) == 0);
  }
  /* Slot 3, hired: PPDE at +24 (step 24), gone at +36 (step 36, having exited in step 30). */
  const double *v = cell(c, x, MDL_COH_HIRED, MDL_COH_H24);
  assert_true(v[MDL_COH_V_PERSONS] == 1 && count(v, MDL_CF, MDL_COH_PPDE) == 1 &&
              count(v, MDL_PROG, MDL_COH_PPDE) == 1);
  v = cell(c, x, MDL_COH_HIRED, MDL_COH_H36);
  assert_true(v[MDL_COH_V_PERSONS] == 1 && count(v, MDL_CF, MDL_COH_OUT) == 1 && count(v, MDL_PROG, MDL_COH_OUT) == 1);
  /* Its 24-month average: PPDE in each of months 1..24. */
  v = cell(c, x, MDL_COH_HIRED, MDL_COH_AVG24);
  assert_true(fabs(count(v, MDL_CF, MDL_COH_PPDE) - 1.0) < 1e-12 && count(v, MDL_CF, MDL_COH_OUT) == 0);
}

static void test_between_horizons(void **state) {
  (void)state;
  for (int save_at = -1; save_at < STEPS; save_at += 7) { /* straight, then through a checkpoint */
    mdl_pop p;
    assert_int_equal(mdl_pop_alloc(&p, N), SIM_OK);
    mdl_scenario *s = calloc(1, sizeof *s); /* entrants: employed */
    assert_non_null(s);
    mdl_cohorts c;
    assert_int_equal(mdl_coh_alloc(&c, 1, START, 0, STEPS, 1), SIM_OK);
    double *x = malloc(mdl_coh_width(&c) * sizeof *x);
    assert_non_null(x);
    run(&c, &p, s, save_at, x);
    check(&c, x);
    mdl_coh_free(&c);
    free(x);
    free(s);
    mdl_pop_free(&p);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_between_horizons)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
