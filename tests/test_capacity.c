/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_capacity.c: model v2. EBE capacity in demand mode (pace, no growth without a queue, a
 * second EBE at the split size, the ceiling and the national envelope), the volunteer list's
 * attrition and declines, and the exhaustivity month. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "labour_fixture.h"
#include "models/ebe.h"

/* ---- mdl_ebe_develop on a hand-set territory ---- */

static mdl_territory demand_territory(void) {
  mdl_territory t;
  memset(&t, 0, sizeof t);
  t.capacity_mode = MDL_CAP_DEMAND;
  t.capacity_start = 10;
  t.capacity_ceiling = 1e9;
  t.ebe_growth_per_month = 2;
  t.ebe_size_max = 100;
  t.ebe_split = 1e9;
  t.ebe_launch = 8;
  t.ebe_max_count = 4;
  return t;
}

static void test_demand_grows_at_the_bounded_pace(void **state) {
  (void)state;
  mdl_territory t = demand_territory();
  mdl_ebe_set e;
  memset(&e, 0, sizeof e);
  /* The first EBE opens at its launch size, whatever the queue. */
  assert_true(mdl_ebe_develop(&e, &t, 5, 500, 0, INFINITY) == 0.0);
  assert_int_equal(e.n, 1);
  assert_int_equal(e.opened[0], 5);
  assert_true(e.cap[0] == 10.0);
  /* A long queue, no spare capacity: exactly the pace each month. */
  for (int m = 1; m <= 6; m++) {
    assert_true(mdl_ebe_develop(&e, &t, 5 + m, 500, mdl_ebe_set_capacity(&e), INFINITY) == 2.0);
    assert_true(e.cap[0] == 10.0 + 2.0 * m);
  }
  /* Growth never exceeds the need: 1.5 FTE waiting beyond the spare capacity. */
  double c = mdl_ebe_set_capacity(&e);
  assert_true(mdl_ebe_develop(&e, &t, 20, 3.5, c - 2.0, INFINITY) == 1.5);
  /* Nor one EBE's size at most. */
  t.ebe_size_max = 24.0;
  assert_true(mdl_ebe_develop(&e, &t, 21, 500, mdl_ebe_set_capacity(&e), INFINITY) == 0.5);
  assert_true(e.cap[0] == 24.0);
  assert_true(mdl_ebe_develop(&e, &t, 22, 500, mdl_ebe_set_capacity(&e), INFINITY) == 0.0);
}

static void test_demand_no_queue_no_growth(void **state) {
  (void)state;
  mdl_territory t = demand_territory();
  mdl_ebe_set e;
  memset(&e, 0, sizeof e);
  mdl_ebe_develop(&e, &t, 0, 0, 0, INFINITY);
  for (int m = 1; m < 24; m++) assert_true(mdl_ebe_develop(&e, &t, m, 0, 4.0, INFINITY) == 0.0);
  /* Waiting volunteers the spare capacity covers: no growth either. */
  assert_true(mdl_ebe_develop(&e, &t, 24, 6.0, 4.0, INFINITY) == 0.0);
  assert_true(e.cap[0] == 10.0);
  assert_int_equal(e.n, 1);
}

static void test_demand_opens_a_second_ebe_at_the_split(void **state) {
  (void)state;
  mdl_territory t = demand_territory();
  t.ebe_split = 14;
  t.ebe_size_max = 15;
  mdl_ebe_set e;
  memset(&e, 0, sizeof e);
  mdl_ebe_develop(&e, &t, 0, 0, 0, INFINITY);
  mdl_ebe_develop(&e, &t, 1, 100, 10, INFINITY); /* 12: below the split */
  assert_int_equal(e.n, 1);
  assert_true(mdl_ebe_develop(&e, &t, 2, 100, 12, INFINITY) == 2.0 + 8.0); /* 14 reached: another opens */
  assert_int_equal(e.n, 2);
  assert_int_equal(e.opened[1], 2);
  assert_true(e.cap[1] == 8.0);
  /* The first stops at its size at most, the second grows at its own pace. */
  assert_true(mdl_ebe_develop(&e, &t, 3, 100, mdl_ebe_set_capacity(&e), INFINITY) == 1.0 + 2.0);
  assert_true(e.cap[0] == 15.0 && e.cap[1] == 10.0);
  /* Without a queue nothing opens, even at the split size. */
  e.cap[1] = 14.0;
  assert_true(mdl_ebe_develop(&e, &t, 4, 0, 0, INFINITY) == 0.0);
  assert_int_equal(e.n, 2);
  /* At most one new EBE a month, and never beyond ebe_max_count. */
  t.ebe_launch = 20; /* every new one is already at the split size */
  t.ebe_max_count = 4;
  mdl_ebe_develop(&e, &t, 5, 1000, mdl_ebe_set_capacity(&e), INFINITY);
  assert_int_equal(e.n, 3);
  mdl_ebe_develop(&e, &t, 6, 1000, mdl_ebe_set_capacity(&e), INFINITY);
  assert_int_equal(e.n, 4);
  mdl_ebe_develop(&e, &t, 7, 1000, mdl_ebe_set_capacity(&e), INFINITY);
  assert_int_equal(e.n, 4);
}

static void test_demand_ceiling_and_envelope_bind(void **state) {
  (void)state;
  mdl_territory t = demand_territory();
  t.capacity_ceiling = 15;
  mdl_ebe_set e;
  memset(&e, 0, sizeof e);
  mdl_ebe_develop(&e, &t, 0, 0, 0, INFINITY);
  const double want[] = {12, 14, 15, 15, 15};
  for (int m = 0; m < 5; m++) {
    mdl_ebe_develop(&e, &t, m + 1, 500, mdl_ebe_set_capacity(&e), INFINITY);
    assert_true(mdl_ebe_set_capacity(&e) == want[m]);
  }
  /* The same ceiling as a share of the working-age population (0.01 x 1,500 = 15 FTE), the lower
   * of the two binding; the ramp obeys it too. */
  t = demand_territory();
  t.population = 1500;
  t.activity_max_share = 0.01;
  memset(&e, 0, sizeof e);
  mdl_ebe_develop(&e, &t, 0, 0, 0, INFINITY);
  for (int m = 0; m < 5; m++) {
    mdl_ebe_develop(&e, &t, m + 1, 500, mdl_ebe_set_capacity(&e), INFINITY);
    assert_true(mdl_ebe_set_capacity(&e) == want[m]);
  }
  assert_true(mdl_ebe_ceiling(&t) == 15.0);
  t.capacity_ceiling = 14;
  assert_true(mdl_ebe_ceiling(&t) == 14.0);
  t.activity_max_share = 0;
  assert_true(mdl_ebe_ceiling(&t) == 14.0);
  t = demand_territory();
  t.population = 1000;
  t.activity_max_share = 0.02;
  t.capacity_start = 5;
  t.capacity_max = 100;
  t.ramp_months = 10;
  t.ramp_shape = MDL_RAMP_LINEAR;
  assert_true(mdl_ebe_capacity(&t, 1) == 14.5 && mdl_ebe_capacity(&t, 10) == 20.0);
  /* The envelope: 10 FTE employed and 3 FTE of funded room left allow 13 FTE of capacity. */
  t = demand_territory();
  memset(&e, 0, sizeof e);
  mdl_ebe_develop(&e, &t, 0, 0, 0, INFINITY);
  assert_true(mdl_ebe_develop(&e, &t, 1, 500, 10, 13.0) == 2.0);
  assert_true(mdl_ebe_develop(&e, &t, 2, 500, 10, 13.0) == 1.0);
  assert_true(mdl_ebe_develop(&e, &t, 3, 500, 10, 13.0) == 0.0);
  assert_true(mdl_ebe_develop(&e, &t, 4, 500, 10, 10.0) == 0.0);
  assert_true(mdl_ebe_set_capacity(&e) == 13.0); /* and it never shrinks */
}

/* ---- the world: capacity_fte month by month ---- */

static const char one_territory[] =
    "name = \"one\"; start = \"2017-01\"; months = 24; seed = 3; replications = 1;\n"
    "territories = ( { name = \"T\"; population = 1200; ppde_start = 300; unemployed_start = 100;\n"
    "  program_start = \"2017-01\"; capacity_mode = \"demand\"; capacity_start = 5.0; ebe_growth_fte_per_month = 1.0;\n"
    "  ebe_split_fte = 1000.0; ebe_size_max_fte = 1000.0; hire_max = 1000; } );\n";

static double cap_at(const sim_run_result *r, int step) { return tu_val(r, step, 0, MDL_PROG, MDL_M_CAPACITY_FTE); }

static void test_world_capacity_follows_the_queue(void **state) {
  (void)state;
  /* Nine in ten PPDE volunteer at once: the queue lasts, capacity grows by exactly 1 FTE a month. */
  const char *queue[] = {"territories.*.initial_volunteer_share=0.9"};
  mdl_scenario s;
  tu_load(one_territory, queue, 1, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  for (int m = 0; m < 12; m++) {
    assert_true(tu_val(&r, m, 0, MDL_PROG, MDL_M_QUEUE) > 0);
    assert_true(cap_at(&r, m) == 5.0 + m);
    assert_true(tu_val(&r, m, 0, MDL_PROG, MDL_M_EBE_COUNT) == 1.0);
    assert_true(tu_val(&r, m, 0, MDL_PROG, MDL_M_EBE_MEAN_AGE) == (double)m);
  }
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
  /* Nobody volunteers: no queue, no growth. */
  const char *none[] = {"territories.*.initial_volunteer_share=0", "territories.*.volunteer_rate=0"};
  tu_load(one_territory, none, 2, &s);
  w = tu_run(&s, 2, &r);
  for (int m = 0; m < 24; m++) assert_true(cap_at(&r, m) == 5.0);
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
  /* The national envelope of 8 FTE: capacity grows to what it can fund and stops. */
  const char *capped[] = {"territories.*.initial_volunteer_share=0.9", "calendar.cde_fte_cap=((\"2016-01\", 8.0))"};
  tu_load(one_territory, capped, 2, &s);
  w = tu_run(&s, 2, &r);
  for (int m = 0; m < 24; m++) {
    assert_true(cap_at(&r, m) <= 8.0);
    assert_true(tu_val(&r, m, 0, MDL_PROG, MDL_M_EBE_FTE) <= 8.0);
  }
  assert_true(cap_at(&r, 23) == 8.0);
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* A checkpoint taken after a territory's start is continued only with its v2 keys unchanged. */
static uint64_t hash_with(const char *set, int32_t months_after_start) {
  mdl_scenario s;
  const char *sets[] = {set};
  tu_load(one_territory, sets, set ? 1 : 0, &s);
  uint64_t h = mdl_scenario_prefix_hash(&s, s.start + months_after_start);
  mdl_scenario_free(&s);
  return h;
}

static void test_prefix_hash_covers_the_v2_keys(void **state) {
  (void)state;
  const char *keys[] = {"territories.*.capacity_mode=ramp",   "territories.*.ebe_growth_fte_per_month=2.0",
                        "territories.*.ebe_split_fte=30.0",   "territories.*.volunteer_accept_share=0.5",
                        "territories.*.queue_leave_rate=0.1", "territories.*.exhaustivity_wait_months=6"};
  uint64_t base = hash_with(NULL, 12);
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    assert_true(hash_with(keys[i], 12) != base);
    assert_true(hash_with(keys[i], 0) == hash_with(NULL, 0)); /* before the start they do not matter */
  }
}

/* ---- the list: attrition and declines in the monthly pass ---- */

#define NV 4000

typedef tu_lab lfix;

/* NV PPDE of 40 who never find a job nor exit, in a territory where the program runs. */
static lfix *lsetup(void) {
  const char *sets[] = {"labour.job_finding_rate=[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]", "labour.employability_sigma=0.0"};
  lfix *f = tu_lab_setup(sets, 2, NV, MDL_PPDE, 20, 2026, NV);
  f->sp.are_eligible = 0;
  f->sp.program_active = 1;
  return f;
}

static void lstep(lfix *f, uint32_t step) {
  f->sp.step = step;
  f->sp.stamp = (uint16_t)(step + 1);
  tu_lab_run(f, 0, NV);
}

static void test_queue_attrition(void **state) {
  (void)state;
  lfix *f = lsetup();
  for (size_t i = 0; i < NV; i++) f->pop.vol[i] = 1; /* all volunteered at step 0 */
  f->sp.queue_leave_thr = sim_rng_threshold(0.2);
  int64_t waiting = NV;
  for (uint32_t step = 1; step <= 3; step++) {
    /* By hand: who leaves is word w2 of (slot, step, purpose 0) below the threshold. */
    int64_t expect = 0;
    for (uint32_t i = 0; i < NV; i++)
      if (f->pop.vol[i] == 1 && sim_rng_philox(f->key, i, step, MDL_RNG_MONTH, 0).v[2] < f->sp.queue_leave_thr)
        expect++;
    lstep(f, step);
    int64_t left = f->tally[MDL_T_ARM_WIDTH + MDL_T_QUEUE_LEAVE];
    assert_int_equal(left, expect);
    waiting -= left;
    assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_QUEUE], waiting);
    assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_QUEUE_WAIT], waiting * step);
    assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_QUEUE_OVER_N], 0); /* nobody above 3 months yet */
    assert_int_equal(f->tally[MDL_T_QUEUE_LEAVE], 0);                    /* never in the counterfactual */
  }
  /* Survivors after 3 months: binomial(NV, 0.8^3 = 0.512), sd 31.6; within 4 sd. */
  print_message("  survivors %lld of %d (expected %.0f)\n", (long long)waiting, NV, NV * 0.512);
  assert_true(fabs((double)waiting - NV * 0.512) < 4 * sqrt(NV * 0.512 * 0.488));
  /* Leavers are marked declined: not contacted again while jobless. */
  f->sp.queue_leave_thr = 0;
  f->sp.vol_thr = sim_rng_threshold(1.0);
  lstep(f, 4);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_NEW], 0);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_QUEUE_OVER_N], waiting); /* 4 months > 3 */
  for (size_t i = 0; i < NV; i++) assert_true(f->pop.vol[i] == 1 || f->pop.vol[i] == MDL_VOL_DECLINED);
  tu_lab_free(f);
}

static void test_decline(void **state) {
  (void)state;
  lfix *f = lsetup();
  f->sp.vol_thr = sim_rng_threshold(1.0); /* everyone is contacted */
  f->sp.accept_thr = sim_rng_threshold(0.0);
  lstep(f, 1);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_NEW], 0);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_QUEUE], 0);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_DECLINED], NV);
  assert_int_equal(f->tally[MDL_T_NEWVOL_LISTED], 0);
  /* Accepting now changes nothing for those who declined while they stay jobless... */
  f->sp.accept_thr = sim_rng_threshold(1.0);
  lstep(f, 2);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_NEW], 0);
  tu_lab_free(f);
  /* ...and the mark clears when she finds a job. */
  /* (a stable job: a precarious one keeps her deprived of employment in the fund's sense, §7.3) */
  const char *find[] = {"labour.job_finding_rate=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]",
                        "labour.job_finding_age_factor=[1.0, 1.0, 1.0]", "labour.employability_sigma=0.0",
                        "labour.precarious_share=0.0"};
  f = lsetup();
  mdl_tables_free(&f->tab);
  mdl_scenario_free(&f->s);
  tu_load(tu_small, find, 4, &f->s);
  assert_int_equal(mdl_tables_init(&f->tab, &f->s), SIM_OK);
  for (size_t i = 0; i < NV; i++) f->pop.vol[i] = MDL_VOL_DECLINED;
  lstep(f, 1);
  for (size_t i = 0; i < NV; i++) assert_int_equal(f->pop.vol[i], 0);
  tu_lab_free(f);
  /* Everyone accepts: every contacted PPDE volunteers, as before the life cycle. */
  f = lsetup();
  f->sp.vol_thr = sim_rng_threshold(1.0);
  lstep(f, 1);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_NEW], NV);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_DECLINED], 0);
  /* A share: the hand count from the accept words (purpose MDL_RNG_VOLUNTEER). */
  for (size_t i = 0; i < NV; i++) f->pop.vol[i] = 0;
  f->sp.accept_thr = sim_rng_threshold(0.3);
  int64_t expect = 0;
  for (uint32_t i = 0; i < NV; i++)
    expect += sim_rng_philox(f->key, i, 5, MDL_RNG_VOLUNTEER, 0).v[0] < f->sp.accept_thr;
  lstep(f, 5);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_NEW], expect);
  assert_int_equal(f->tally[MDL_T_ARM_WIDTH + MDL_T_VOL_DECLINED], NV - expect);
  tu_lab_free(f);
}

static void test_world_accept_share(void **state) {
  (void)state;
  const char *zero[] = {"territories.*.volunteer_accept_share=0"};
  mdl_scenario s;
  tu_load(tu_small, zero, 1, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  double declined = 0;
  for (int m = 0; m < 36; m++) {
    assert_true(tu_val(&r, m, 2, MDL_PROG, MDL_M_VOLUNTEERS_NEW) == 0.0);
    assert_true(tu_val(&r, m, 2, MDL_PROG, MDL_M_QUEUE) == 0.0);
    assert_true(tu_val(&r, m, 2, MDL_PROG, MDL_M_HIRES) == 0.0);
    declined += tu_val(&r, m, 2, MDL_PROG, MDL_M_VOLUNTEERS_DECLINED_NEW);
  }
  assert_true(declined > 0);
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* The total row's means weigh the territories: by waiting volunteers, and by open EBE. */
static void test_total_means(void **state) {
  (void)state;
  const char *sets[] = {"territories.*.ebe_split_fte=20.0"}; /* several EBE, of several ages */
  mdl_scenario s;
  tu_load(tu_small, sets, 1, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  int checked_wait = 0, checked_age = 0;
  for (int m = 0; m < 36; m++) {
    double q[2], wm[2], n[2], age[2];
    for (int k = 0; k < 2; k++) {
      q[k] = tu_val(&r, m, k, MDL_PROG, MDL_M_QUEUE);
      wm[k] = tu_val(&r, m, k, MDL_PROG, MDL_M_QUEUE_WAIT_MEAN);
      n[k] = tu_val(&r, m, k, MDL_PROG, MDL_M_EBE_COUNT);
      age[k] = tu_val(&r, m, k, MDL_PROG, MDL_M_EBE_MEAN_AGE);
    }
    if (q[0] + q[1] > 0) {
      double want = (q[0] * wm[0] + q[1] * wm[1]) / (q[0] + q[1]);
      assert_true(fabs(tu_val(&r, m, 2, MDL_PROG, MDL_M_QUEUE_WAIT_MEAN) - want) < 1e-9);
      checked_wait += wm[0] != wm[1] && q[0] > 0 && q[1] > 0;
    }
    if (n[0] + n[1] > 0) {
      double want = (n[0] * age[0] + n[1] * age[1]) / (n[0] + n[1]);
      assert_true(fabs(tu_val(&r, m, 2, MDL_PROG, MDL_M_EBE_MEAN_AGE) - want) < 1e-9);
      checked_age += age[0] != age[1] && n[0] > 0 && n[1] > 0;
    }
    assert_true(tu_val(&r, m, 2, MDL_PROG, MDL_M_EBE_COUNT) == n[0] + n[1]);
  }
  assert_true(checked_wait > 0 && checked_age > 0); /* cases where a sum would differ */
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* ---- exhaustivity: 100 volunteers at once, 10 or 25 hires a month, nobody else moves ---- */

static const char drain[] =
    "name = \"drain\"; start = \"2017-01\"; months = 24; seed = 5; replications = 2;\n"
    "labour: { exit_rate = 0.0; job_finding_rate = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]; ppde_age50_share = 0.0;\n"
    "  separation_mode = \"table\"; separation_rate = [0.0, 0.0, 0.0]; precarious_share = 0.0; unregistered_share = "
    "0.0; };\n"
    "territories = ( { name = \"D\"; population = 400; ppde_start = 100; unemployed_start = 0;\n"
    "  program_start = \"2017-01\"; capacity_mode = \"ramp\"; capacity_start = 1000.0; capacity_max = 1000.0;\n"
    "  initial_volunteer_share = 1.0; volunteer_rate = 0.0; queue_leave_rate = 0.0; ebe_to_job_rate = 0.0;\n"
    "  ebe_quit_rate = 0.0; hire_max = 10; exhaustivity_wait_months = 3; } );\n";

static void drain_case(const char *hire_max, double want_exhaustivity, double want_empty) {
  mdl_scenario s;
  const char *sets[] = {hire_max};
  tu_load(drain, sets, 1, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 1, &r);
  for (uint32_t rep = 0; rep < r.replications; rep++)
    for (int g = 0; g < 2; g++) { /* the territory and the total */
      const double *h = r.headline + rep * r.headline_width + (size_t)g * MDL_H_COUNT;
      assert_true(h[MDL_H_MONTHS_TO_EXHAUSTIVITY] == want_exhaustivity);
      assert_true(h[MDL_H_EXHAUSTIVITY_REACHED] == 1.0);
      assert_true(h[MDL_H_MONTHS_TO_EMPTY_QUEUE] == want_empty);
    }
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

static void test_exhaustivity_month(void **state) {
  (void)state;
  /* 10 a month: the last ten wait until month 10, everyone waits 9 months at most; the list is
   * never free of waits beyond 3 months before it empties, in month 10. */
  drain_case("territories.*.hire_max=10", 10.0, 10.0);
  /* 25 a month: empty in month 4; waits beyond 3 months are possible only from month 5. */
  drain_case("territories.*.hire_max=25", 5.0, 4.0);
  /* Never: nobody is hired. */
  mdl_scenario s;
  const char *sets[] = {"territories.*.hire_max=0"};
  tu_load(drain, sets, 1, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 1, &r);
  assert_true(isnan(r.headline[MDL_H_MONTHS_TO_EXHAUSTIVITY]));
  assert_true(r.headline[MDL_H_EXHAUSTIVITY_REACHED] == 0.0);
  /* The list's waits: 100 persons who have waited m months at the end of month m + 1. */
  assert_true(tu_val(&r, 6, 0, MDL_PROG, MDL_M_QUEUE_WAIT_MEAN) == 6.0);
  assert_true(tu_val(&r, 6, 0, MDL_PROG, MDL_M_QUEUE_WAITED_OVER_N) == 100.0);
  assert_true(tu_val(&r, 3, 0, MDL_PROG, MDL_M_QUEUE_WAITED_OVER_N) == 0.0);
  assert_true(tu_val(&r, 6, 1, MDL_PROG, MDL_M_QUEUE_WAIT_MEAN) == 6.0); /* the total: a mean, not a sum */
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_demand_grows_at_the_bounded_pace),
      cmocka_unit_test(test_demand_no_queue_no_growth),
      cmocka_unit_test(test_demand_opens_a_second_ebe_at_the_split),
      cmocka_unit_test(test_demand_ceiling_and_envelope_bind),
      cmocka_unit_test(test_world_capacity_follows_the_queue),
      cmocka_unit_test(test_queue_attrition),
      cmocka_unit_test(test_decline),
      cmocka_unit_test(test_world_accept_share),
      cmocka_unit_test(test_exhaustivity_month),
      cmocka_unit_test(test_total_means),
      cmocka_unit_test(test_prefix_hash_covers_the_v2_keys),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
