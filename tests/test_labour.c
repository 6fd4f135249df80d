/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_labour.c: each monthly transition (MODEL.md section 3) on tiny hand-made populations. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "labour_fixture.h"

typedef tu_lab fixture;

/* Deterministic hazards: probability 1 is "always", 0 "never". */
static const char *const certain_finding[] = {"labour.job_finding_rate=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]",
                                              "labour.job_finding_age_factor=[1.0, 1.0, 1.0]",
                                              "labour.employability_sigma=0.0", "labour.precarious_share=0.0"};
static const char *const no_finding[] = {"labour.job_finding_rate=[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
                                         "labour.employability_sigma=0.0"};

/* Eight employed agents of 40 (labour_fixture.h). */
static fixture *setup(const char *const *sets, int nsets) {
  return tu_lab_setup(sets, nsets, 8, MDL_EMPLOYED, 5, 42, 8);
}

static void test_retirement_and_replacement(void **state) {
  (void)state;
  fixture *f = setup(NULL, 0);
  f->pop.age[0] = (uint16_t)(f->sp.retire_months - 1);
  tu_lab_set_status(f, 0, MDL_PPDE, 30);
  tu_lab_run(f, 0, 1);
  assert_int_equal(f->tally[MDL_T_EXIT + MDL_PPDE], 1);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_EXIT + MDL_PPDE], 1);
  assert_int_equal(f->tally[MDL_T_ENTRANT + MDL_EMPLOYED] + f->tally[MDL_T_ENTRANT + MDL_UNEMPLOYED], 1);
  /* The slot is a new entrant aged 18-25, the same in both arms. */
  assert_in_range(f->pop.age[0], 216, 311);
  assert_int_equal(f->pop.status[MDL_CF][0], f->pop.status[MDL_PROG][0]);
  assert_int_equal(f->pop.spell[MDL_CF][0], 0);
  tu_lab_free(f);
}

static void test_job_loss(void **state) {
  (void)state;
  fixture *f = setup(NULL, 0);
  for (int a = 0; a < MDL_AGE_BANDS; a++) f->sp.sep_thr[a] = sim_rng_threshold(1.0);
  tu_lab_run(f, 0, 2);
  for (size_t i = 0; i < 2; i++) {
    assert_int_equal(f->pop.status[MDL_CF][i], MDL_UNEMPLOYED);
    assert_int_equal(f->pop.spell[MDL_CF][i], 0);
    assert_in_range(f->pop.cost[MDL_CF][i], 15000, 20000);
    /* Same event, same month, same person: the same draw in both arms. */
    assert_int_equal(f->pop.cost[MDL_CF][i], f->pop.cost[MDL_PROG][i]);
    assert_int_equal(f->pop.regime[MDL_CF][i], f->pop.regime[MDL_PROG][i]);
  }
  assert_int_equal(f->tally[MDL_T_JOB_LOSS], 2);
  assert_int_equal(f->tally[MDL_T_COUNT + MDL_UNEMPLOYED], 2);
  /* Never: everyone stays employed and their spell grows. */
  for (int a = 0; a < MDL_AGE_BANDS; a++) f->sp.sep_thr[a] = 0;
  tu_lab_run(f, 2, 1);
  assert_int_equal(f->pop.status[MDL_CF][2], MDL_EMPLOYED);
  assert_int_equal(f->pop.spell[MDL_CF][2], 6);
  tu_lab_free(f);
}

static void test_job_finding(void **state) {
  (void)state;
  fixture *f = setup(certain_finding, 4);
  tu_lab_set_status(f, 0, MDL_UNEMPLOYED, 4);
  tu_lab_set_status(f, 1, MDL_PPDE, 40);
  tu_lab_run(f, 0, 2);
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_EMPLOYED);
  assert_int_equal(f->pop.status[MDL_CF][1], MDL_EMPLOYED);
  assert_int_equal(f->tally[MDL_T_U_TO_JOB], 1);
  assert_int_equal(f->tally[MDL_T_P_TO_JOB], 1);
  tu_lab_free(f);
}

static void test_becoming_long_term(void **state) {
  (void)state;
  fixture *f = setup(no_finding, 2);
  tu_lab_set_status(f, 0, MDL_UNEMPLOYED, 11);
  tu_lab_set_status(f, 1, MDL_UNEMPLOYED, 5);
  tu_lab_run(f, 0, 2);
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_PPDE);
  assert_int_equal(f->pop.spell[MDL_CF][0], 12); /* the jobless spell carries over */
  assert_int_equal(f->pop.status[MDL_CF][1], MDL_UNEMPLOYED);
  assert_int_equal(f->tally[MDL_T_U_TO_P], 1);
  tu_lab_free(f);
}

static void test_are_exhaustion(void **state) {
  (void)state;
  const char *sets[] = {"labour.job_finding_rate=[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]", "labour.are_exhaust_to_ass=1.0",
                        "labour.are_exhaust_to_rsa=0.0", "money.avoided_cost_mode=regime"};
  fixture *f = setup(sets, 4);
  f->sp.exhaust_ass = f->s.are_exhaust_to_ass;
  f->sp.exhaust_rsa = f->s.are_exhaust_to_rsa;
  tu_lab_set_status(f, 0, MDL_PPDE, 23);
  f->pop.regime[MDL_CF][0] = f->pop.regime[MDL_PROG][0] = MDL_ARE;
  tu_lab_run(f, 0, 1);
  assert_int_equal(f->pop.regime[MDL_CF][0], MDL_ASS);
  assert_int_equal(f->pop.cost[MDL_CF][0], mdl_regime_cost(&f->s, MDL_ASS));
  tu_lab_free(f);
}

static void test_volunteering_program_arm_only(void **state) {
  (void)state;
  fixture *f = setup(no_finding, 2);
  for (size_t i = 0; i < 4; i++) tu_lab_set_status(f, i, MDL_PPDE, 20);
  f->sp.program_active = 1;
  f->sp.vol_thr = sim_rng_threshold(1.0);
  tu_lab_run(f, 0, 4);
  for (size_t i = 0; i < 4; i++) assert_int_equal(f->pop.vol[i], 4);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_NEW], 4);
  assert_int_equal(f->tally[MDL_T_VOL_NEW], 0); /* never in the counterfactual */
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_QUEUE], 4);
  assert_int_equal(f->tally[MDL_T_NEWVOL_LISTED], 4);
  for (uint32_t i = 0; i < 4; i++) assert_int_equal(f->newvol[i], i); /* slot order */
  /* Not where the program does not run. */
  tu_lab_set_status(f, 4, MDL_PPDE, 20);
  f->sp.program_active = 0;
  tu_lab_run(f, 4, 1);
  assert_int_equal(f->pop.vol[4], 0);
  tu_lab_free(f);
}

static void test_ebe_exits(void **state) {
  (void)state;
  fixture *f = setup(NULL, 0);
  for (size_t i = 0; i < 2; i++) {
    f->pop.status[MDL_PROG][i] = MDL_EBE;
    f->pop.fte[i] = 80;
    f->pop.status[MDL_CF][i] = MDL_PPDE;
  }
  f->sp.to_job_thr = sim_rng_threshold(1.0);
  f->sp.leave_thr = sim_rng_threshold(1.0);
  tu_lab_run(f, 0, 1);
  assert_int_equal(f->pop.status[MDL_PROG][0], MDL_EMPLOYED);
  assert_int_equal(f->pop.fte[0], 0);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_EBE_TO_JOB], 1);
  f->sp.to_job_thr = 0;
  tu_lab_run(f, 1, 1);
  assert_int_equal(f->pop.status[MDL_PROG][1], MDL_PPDE);
  assert_int_equal(f->pop.spell[MDL_PROG][1], 12);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_EBE_TO_P], 1);
  tu_lab_free(f);
}

static void test_reserve_slots_are_skipped(void **state) {
  (void)state;
  fixture *f = setup(NULL, 0);
  tu_lab_set_status(f, 0, MDL_INACTIVE, 0);
  f->pop.age[0] = 0;
  tu_lab_run(f, 0, 1);
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_INACTIVE);
  assert_int_equal(f->pop.age[0], 0);
  assert_int_equal(f->tally[MDL_T_COUNT + MDL_INACTIVE], 1);
  tu_lab_free(f);
}

/* An inflow cohort (everyone unemployed at spell 0, age 40, the 256 employability levels equally
 * represented, nobody exits, registered) leaves joblessness (a stable or a precarious job) as the
 * hazard table says: after d months the share still without a first job is the mean over levels of
 * prod_{m<d} (1 - h_j(m)), h_j(m) the threshold the pass uses. Checked at 1-4 quarters within 4.5
 * binomial standard errors (sd of the mean of independent Bernoullis); a correct model fails one of
 * the four checks with probability about 3e-5 (normal approximation), for this fixed seed it passes
 * or fails always. */
static void test_cohort_exit_profile(void **state) {
  (void)state;
  const char *sets[] = {"labour.exit_rate=0.0", "labour.unregistered_share=0.0", "program_enabled=false"};
  fixture *f = setup(sets, 3);
  const size_t n = 256 * 40;
  mdl_pop_free(&f->pop);
  assert_int_equal(mdl_pop_alloc(&f->pop, n), SIM_OK);
  unsigned char *out = calloc(n, 1);
  for (size_t i = 0; i < n; i++) {
    f->pop.age[i] = 480;
    f->pop.emp[i] = (uint8_t)(i % 256);
    f->pop.fte[i] = 0;
    f->pop.vol[i] = 0;
    for (int a = 0; a < MDL_NARM; a++) {
      f->pop.status[a][i] = MDL_UNEMPLOYED;
      f->pop.regime[a][i] = MDL_NONE;
      f->pop.spell[a][i] = 0;
      f->pop.cost[a][i] = 15000;
    }
  }
  double surv[256];
  for (int j = 0; j < 256; j++) surv[j] = 1.0;
  for (int month = 0; month < 12; month++) {
    f->sp.step = (uint32_t)(10 + month);
    f->sp.stamp = (uint16_t)(11 + month);
    memset(f->tally, 0, sizeof f->tally);
    mdl_labour_block(&f->pop, &f->tab, &f->s, &f->sp, f->key, 0, n, f->tally, f->newvol, 8);
    for (int j = 0; j < 256; j++) {
      /* age 40 years + month: band 1 all year; the spell of a cohort member still searching is `month`. */
      double h = (double)f->tab.jf_thr[mdl_spell_band(month)][1][j] / 4294967296.0;
      surv[j] *= 1.0 - h;
    }
    for (size_t i = 0; i < n; i++)
      if (f->pop.status[MDL_CF][i] == MDL_EMPLOYED || (f->pop.regime[MDL_CF][i] & MDL_REG_PRECARIOUS)) out[i] = 1;
    if ((month + 1) % 3 == 0) {
      double expect = 0, var = 0, got = 0;
      for (int j = 0; j < 256; j++) {
        expect += (1 - surv[j]) / 256.0;
        var += surv[j] * (1 - surv[j]) / 256.0;
      }
      for (size_t i = 0; i < n; i++) got += out[i];
      got /= (double)n;
      double se = sqrt(var / (double)n);
      if (fabs(got - expect) > 4.5 * se)
        fail_msg("after %d months: %.4f left joblessness, table says %.4f (se %.4f)", month + 1, got, expect, se);
    }
  }
  /* The default table: the cohort leaves fast at first, then slowly (duration dependence). */
  double e12 = 0;
  for (int j = 0; j < 256; j++) e12 += (1 - surv[j]) / 256.0;
  assert_true(e12 > 0.6 && e12 < 0.9);
  free(out);
  tu_lab_free(f);
}

/* The end of a precarious job: its hazard is precarious_separation_rate[spell >= 12] times
 * employability^-elasticity, capped at 1 (known answer), and it ends with certainty where the
 * product reaches 1. */
static void test_precarious_separation_by_employability(void **state) {
  (void)state;
  const char *sets[] = {"labour.precarious_separation_rate=[0.1, 0.3]", "labour.precarious_separation_elasticity=1.0",
                        "labour.job_finding_rate=[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"};
  fixture *f = setup(sets, 3);
  for (int j = 0; j < 256; j += 51) {
    double e = f->tab.emp_level[j];
    assert_true(f->tab.prec_sep_thr[0][j] == sim_rng_threshold(fmin(1.0, 0.1 / e)));
    assert_true(f->tab.prec_sep_thr[1][j] == sim_rng_threshold(fmin(1.0, 0.3 / e)));
  }
  /* Decreasing with employability, higher after a long spell without stable job. */
  assert_true(f->tab.prec_sep_thr[1][200] < f->tab.prec_sep_thr[1][50]);
  assert_true(f->tab.prec_sep_thr[0][100] < f->tab.prec_sep_thr[1][100]);
  /* Level 0 (e about 0.1) with a long spell: 0.3 / e >= 1, the job ends this month. */
  assert_true(f->tab.emp_level[0] < 0.3);
  tu_lab_set_status(f, 0, MDL_PPDE, 20);
  f->pop.emp[0] = 0;
  f->pop.regime[MDL_CF][0] = f->pop.regime[MDL_PROG][0] = MDL_RSA | MDL_REG_PRECARIOUS;
  tu_lab_run(f, 0, 1);
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_PPDE);
  assert_int_equal(f->pop.regime[MDL_CF][0], MDL_RSA);
  assert_int_equal(f->pop.spell[MDL_CF][0], 21);
  assert_int_equal(f->tally[MDL_T_PREC_END], 1);
  tu_lab_free(f);
  /* Past unemployment: with rates [0, 1] and no elasticity, a short contract ends for certain from
   * 12 months without stable job on, never before. */
  const char *lt[] = {"labour.precarious_separation_rate=[0.0, 1.0]", "labour.precarious_separation_elasticity=0.0",
                      "labour.job_finding_rate=[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"};
  f = setup(lt, 3);
  tu_lab_set_status(f, 0, MDL_UNEMPLOYED, 11);
  tu_lab_set_status(f, 1, MDL_PPDE, 12);
  for (size_t i = 0; i < 2; i++) f->pop.regime[MDL_CF][i] = f->pop.regime[MDL_PROG][i] = MDL_NONE | MDL_REG_PRECARIOUS;
  tu_lab_run(f, 0, 2);
  assert_true(f->pop.regime[MDL_CF][0] & MDL_REG_PRECARIOUS); /* kept; now PPDE at 12 months */
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_PPDE);
  assert_false(f->pop.regime[MDL_CF][1] & MDL_REG_PRECARIOUS); /* ended */
  tu_lab_free(f);
}

/* A precarious job does not reset the clock of deprivation: with certain finding of precarious
 * jobs and their certain end, a person unemployed for 11 months becomes PPDE while working on a
 * short contract, then stays PPDE, the spell counting on, never EMPLOYED. */
static void test_precarious_keeps_ppde_clock(void **state) {
  (void)state;
  const char *sets[] = {"labour.job_finding_rate=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]",
                        "labour.job_finding_age_factor=[1.0, 1.0, 1.0]",
                        "labour.employability_sigma=0.0",
                        "labour.precarious_share=1.0",
                        "labour.precarious_separation_rate=[1.0, 1.0]",
                        "labour.unregistered_share=0.0"};
  fixture *f = setup(sets, 6);
  tu_lab_set_status(f, 0, MDL_UNEMPLOYED, 11);
  tu_lab_run(f, 0, 1); /* a precarious job found; 12 months without stable job: PPDE */
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_PPDE);
  assert_int_equal(f->pop.spell[MDL_CF][0], 12);
  assert_true(f->pop.regime[MDL_CF][0] & MDL_REG_PRECARIOUS);
  assert_int_equal(f->tally[MDL_T_PREC_START], 1);
  assert_int_equal(f->tally[MDL_T_U_TO_P], 1);
  assert_int_equal(f->tally[MDL_T_COUNT + MDL_PPDE], 1);
  assert_int_equal(f->tally[MDL_T_PREC_P], 1);
  for (int m = 0; m < 4; m++) {
    f->sp.step++;
    tu_lab_run(f, 0, 1); /* ends, found again, ends, ... */
    assert_int_equal(f->pop.status[MDL_CF][0], MDL_PPDE);
    assert_int_equal(f->pop.spell[MDL_CF][0], 13 + m);
    assert_int_equal((f->pop.regime[MDL_CF][0] & MDL_REG_PRECARIOUS) != 0, m % 2 == 1);
    assert_int_equal(f->tally[MDL_T_P_TO_JOB], 0);
  }
  /* With no precarious jobs the same person finds a stable job and the spell restarts. */
  tu_lab_free(f);
  const char *stable[] = {"labour.job_finding_rate=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]",
                          "labour.job_finding_age_factor=[1.0, 1.0, 1.0]", "labour.employability_sigma=0.0",
                          "labour.precarious_share=0.0"};
  f = setup(stable, 4);
  tu_lab_set_status(f, 0, MDL_PPDE, 30);
  tu_lab_run(f, 0, 1);
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_EMPLOYED);
  assert_int_equal(f->pop.spell[MDL_CF][0], 0);
  tu_lab_free(f);
}

/* The unregistered find jobs at unregistered_finding_factor times the hazard: with factor 0 never,
 * while a registered twin with the same words finds one. */
static void test_unregistered_finding_factor(void **state) {
  (void)state;
  const char *sets[] = {"labour.job_finding_rate=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]",
                        "labour.job_finding_age_factor=[1.0, 1.0, 1.0]", "labour.employability_sigma=0.0",
                        "labour.precarious_share=0.0", "labour.unregistered_finding_factor=0.0"};
  fixture *f = setup(sets, 5);
  tu_lab_set_status(f, 0, MDL_PPDE, 30);
  tu_lab_set_status(f, 1, MDL_PPDE, 30);
  f->pop.regime[MDL_CF][0] = f->pop.regime[MDL_PROG][0] = MDL_NONE | MDL_REG_UNREGISTERED;
  tu_lab_run(f, 0, 2);
  assert_int_equal(f->pop.status[MDL_CF][0], MDL_PPDE);
  assert_int_equal(f->pop.status[MDL_CF][1], MDL_EMPLOYED);
  assert_int_equal(f->tally[MDL_T_UNREG_P], 1);
  assert_int_equal(f->tab.unreg_q, 0);
  tu_lab_free(f);
}

/* The default table in the model's own stationary population (age factors, the unregistered, the
 * precarious cycle included): the searching stock's monthly job finding (a stable or precarious
 * job) under one year and after three years is INSEE's 10.3 % and 2.3 % within +-0.6 points
 * (docs/model.md section 9 quotes the printed values; 24 months of 60,000 agents). */
static void test_default_hazards_by_duration(void **state) {
  (void)state;
  static const char scn[] =
      "name = \"h\"; start = \"2017-01\"; seed = 9; program_enabled = false;\n"
      "territories = ( { name = \"T\"; population = 60000; ppde_start = 4500; unemployed_start = 900;\n"
      "                  program_start = \"2017-01\"; } );\n";
  fixture *f = calloc(1, sizeof *f);
  tu_load(scn, NULL, 0, &f->s);
  const int R = 62 * 12;
  const size_t n = 60000;
  assert_int_equal(mdl_tables_init(&f->tab, &f->s), SIM_OK);
  assert_int_equal(mdl_tables_stationary(&f->tab, &f->s, R), SIM_OK);
  double sigma = mdl_stationary_sigma(&f->tab, &f->s, 4500.0 / 60000.0);
  assert_int_equal(mdl_pop_alloc(&f->pop, n), SIM_OK);
  f->key = sim_rng_key_make(9, 0);
  mdl_pop_init_stationary(&f->pop, &f->tab, &f->s, &f->s.territories[0], 1.0, 0, n, n, f->key, R, sigma, 1);
  f->sp.retire_months = R;
  f->sp.exit_thr = sim_rng_threshold(f->s.exit_rate);
  for (int a = 0; a < MDL_AGE_BANDS; a++) f->sp.sep_thr[a] = sim_rng_threshold(sigma * f->s.separation[a]);
  f->sp.are_duration = 24;
  f->sp.are_eligible = 0.5;
  unsigned char *group = malloc(n);
  double num[3] = {0, 0, 0}, den[3] = {0, 0, 0};
  for (int m = 0; m < 24; m++) {
    for (size_t i = 0; i < n; i++) {
      int st = f->pop.status[MDL_CF][i], sp = f->pop.spell[MDL_CF][i];
      int searching = (st == MDL_UNEMPLOYED || st == MDL_PPDE) && !(f->pop.regime[MDL_CF][i] & MDL_REG_PRECARIOUS);
      group[i] = (unsigned char)(!searching ? 3 : sp < 12 ? 0 : sp < 36 ? 1 : 2);
    }
    f->sp.step = (uint32_t)(m + 1);
    f->sp.stamp = (uint16_t)(m + 2);
    memset(f->tally, 0, sizeof f->tally);
    mdl_labour_block(&f->pop, &f->tab, &f->s, &f->sp, f->key, 0, n, f->tally, f->newvol, 8);
    for (size_t i = 0; i < n; i++) {
      if (group[i] == 3) continue;
      den[group[i]]++;
      num[group[i]] += f->pop.status[MDL_CF][i] == MDL_EMPLOYED || (f->pop.regime[MDL_CF][i] & MDL_REG_PRECARIOUS);
    }
  }
  double h0 = num[0] / den[0], h2 = num[2] / den[2];
  print_message("searching stock, monthly job finding: under 12 months %.2f %%, 12-35 %.2f %%, 36+ %.2f %%\n", 100 * h0,
                100 * num[1] / den[1], 100 * h2);
  assert_true(fabs(h0 - 0.103) < 0.006);
  assert_true(fabs(h2 - 0.023) < 0.006);
  free(group);
  tu_lab_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_retirement_and_replacement),
      cmocka_unit_test(test_job_loss),
      cmocka_unit_test(test_job_finding),
      cmocka_unit_test(test_becoming_long_term),
      cmocka_unit_test(test_are_exhaustion),
      cmocka_unit_test(test_volunteering_program_arm_only),
      cmocka_unit_test(test_ebe_exits),
      cmocka_unit_test(test_reserve_slots_are_skipped),
      cmocka_unit_test(test_cohort_exit_profile),
      cmocka_unit_test(test_precarious_separation_by_employability),
      cmocka_unit_test(test_precarious_keeps_ppde_clock),
      cmocka_unit_test(test_unregistered_finding_factor),
      cmocka_unit_test(test_default_hazards_by_duration),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
