/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_money.c: the money of a month at known inputs and at the extremes of the integer tallies
 * (4 billion agents with the largest yearly cost): exact, finite, no overflow; the situation mode
 * by hand for one person per regime and working time; the funding rules switching on at their
 * dates; the legal range of the CDE rate; the one net cost on real runs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/money.h"
#include "sim/calendar.h"
#include "models/report.h"
#include "models/tally.h"
#include "test_util.h"

static void test_known_month(void **state) {
  (void)state;
  mdl_scenario s;
  const char *uniform[] = {"money.avoided_cost_mode=uniform"};
  tu_load(tu_small, uniform, 1, &s);
  int64_t agg[MDL_T_ARM_WIDTH];
  memset(agg, 0, sizeof agg);
  agg[MDL_T_COUNT + MDL_EBE] = 10;
  agg[MDL_T_FTE_PCT] = 800; /* 8 FTE */
  agg[MDL_T_EBE_COST] = 10 * 18000;
  double m[MDL_M_COUNT];
  memset(m, 0, sizeof m);
  mdl_money_date d;
  mdl_money_date_at(&s, s.start, &d);
  d.smic_hourly = 10.0;
  d.cde_rate = 1.0;
  d.supervision_cde = 1.0;
  d.cde_total_cap = 0.0;
  mdl_money_ebe e = {2, 0.0, 1, 24, 1, 0, 0};
  mdl_money_month(&s, &s.territories[0], &d, &e, agg, 1.0, m);
  double wages = 10.0 * s.hours_per_month * 8.0;
  assert_true(fabs(m[MDL_M_WAGES] - wages) < 1e-9);
  assert_true(fabs(m[MDL_M_CDE] - wages * (1.0 + s.supervision_share)) < 1e-9);
  assert_true(fabs(m[MDL_M_AVOIDED_GROSS] - 10.0 * 18000.0 / 12.0) < 1e-9);
  assert_true(fabs(m[MDL_M_COSTS] - (m[MDL_M_REVENUE] + m[MDL_M_FUNDING] + m[MDL_M_DEFICIT])) < 1e-6);
  mdl_scenario_free(&s);
}

static void test_extreme_tallies(void **state) {
  (void)state;
  mdl_scenario s;
  tu_load(tu_small, NULL, 0, &s);
  /* The largest tallies a run can make: 2^32 agents, all EBE at full time with the largest cost. */
  const int64_t n = (int64_t)1 << 32;
  int64_t agg[MDL_T_ARM_WIDTH];
  memset(agg, 0, sizeof agg);
  agg[MDL_T_COUNT + MDL_EBE] = n;
  agg[MDL_T_FTE_PCT] = 100 * n;
  agg[MDL_T_EBE_COST] = 65535 * n;
  agg[MDL_T_COST_P] = 65535 * n;
  agg[MDL_T_COST_U] = 65535 * n;
  for (int r = 0; r < MDL_NREGIME; r++) agg[MDL_T_REG_P + r] = n / 4;
  assert_true(agg[MDL_T_EBE_COST] > 0 && agg[MDL_T_EBE_COST] / 65535 == n); /* no wrap in int64 */
  double m[MDL_M_COUNT];
  memset(m, 0, sizeof m);
  mdl_money_date d;
  mdl_money_date_at(&s, s.start, &d);
  d.smic_hourly = 50.0;
  d.cde_rate = 1.13;
  mdl_money_ebe e = {n, 1e9, 1, 0, 1, 1, 1};
  for (int b = 0; b < MDL_FTE_BANDS; b++) agg[MDL_T_EBE_BAND + b] = b == 10 ? n : 0;
  for (int r = 0; r < MDL_NREGIME; r++) agg[MDL_T_EBE_REG + r] = n / 4;
  mdl_money_month(&s, &s.territories[0], &d, &e, agg, 1e6, m);
  for (int k = MDL_M_WAGES; k < MDL_M_COUNT; k++) assert_true(isfinite(m[k]));
  assert_true(m[MDL_M_PREMISE_GROSS] == (s.cost_min + s.cost_max) / 2.0 / 12.0 * (double)n * 1e6);
  assert_true(m[MDL_M_WAGES] > 0 && m[MDL_M_FUNDING] > 0);
  mdl_scenario_free(&s);
}

/* ---- situation mode by hand ---- */

static int32_t month_of(const char *text) {
  int32_t m = 0;
  assert_int_equal(sim_cal_parse(text, &m), 0);
  return m;
}

/* One person of a regime without job (counterfactual) hired at pct % of an FTE (program), in June
 * 2023 (SMIC 11.52 EUR/h; RSA 607.75, ASS 545.10, bonus lump sum 595.25, top-up 29.101 %), every
 * tenant (housing_aid_share 1), no Departement, grants or deficit cover: the change of each payer's
 * outlay, program minus counterfactual, without the CDE. */
static void person_deltas(int regime, int pct, double delta[MDL_NPAYER], double *gross) {
  mdl_scenario s;
  const char *sets[] = {"money.housing_aid_share=1", "money.deficit_payer=none",
                        "territories.*.other_grants_eur_per_fte_year=0", "territories.*.department_share=0"};
  tu_load(tu_small, sets, 4, &s);
  mdl_money_date d;
  mdl_money_date_at(&s, month_of("2023-06"), &d);
  assert_true(d.smic_hourly == 11.52 && d.rsa == 607.75 && d.ass == 545.10 && d.bonus_base == 595.25);
  d.department_share_min = 0;
  int64_t cf[MDL_T_ARM_WIDTH], pr[MDL_T_ARM_WIDTH];
  memset(cf, 0, sizeof cf);
  memset(pr, 0, sizeof pr);
  cf[MDL_T_COUNT + MDL_PPDE] = 1;
  cf[MDL_T_REG_P + regime] = 1;
  pr[MDL_T_COUNT + MDL_EBE] = 1;
  pr[MDL_T_FTE_PCT] = pct;
  pr[MDL_T_EBE_REG + regime] = 1;
  pr[MDL_T_EBE_BAND + mdl_fte_band(pct)] = 1;
  double mc[MDL_M_COUNT], mp[MDL_M_COUNT];
  memset(mc, 0, sizeof mc);
  memset(mp, 0, sizeof mp);
  mdl_money_ebe off = {0, 0, 0, 0, 0, 0, 0}, on = {0, 0, 1, 60, 1, 0, 0};
  mdl_money_month(&s, &s.territories[0], &d, &off, cf, 1.0, mc);
  mdl_money_month(&s, &s.territories[0], &d, &on, pr, 1.0, mp);
  assert_true(mp[MDL_M_DEPARTMENT] == 0 && mp[MDL_M_STARTUP] == 0 && mp[MDL_M_OTHER_GRANTS] == 0);
  for (int p = 0; p < MDL_NPAYER; p++) delta[p] = mp[MDL_M_OUTLAY + p] - mc[MDL_M_OUTLAY + p];
  delta[MDL_PAY_STATE] -= mp[MDL_M_CDE];
  *gross = mp[MDL_M_AVOIDED_GROSS];
  mdl_scenario_free(&s);
}

/* Hand computation (S = 11.52 x 151.67 = 1,747.2384 EUR; net wage 78 % of gross; housing aid
 * 250 - 0.25 x (resources - 607.75) above the RSA; bonus = 595.25 + 0.61 net + top-up -
 * max(595.25, net + 71.43), top-up 29.101 % of 595.25 x (net - 59 x 11.52) / (36 x 11.52) within
 * [0, 1]; contributions (22 + 3.5) % of the gross wage):
 *   RSA, 50 %: net 681.42; RSA 607.75 x 0.88 = 534.82 saved (Departement); bonus 258.79 (State);
 *              housing 231.58 instead of 250 (family fund -18.42); contributions 222.77.
 *   ARE, 100 %: ARE 0.63 S = 1,100.76 saved (UI); bonus 165.53; housing 61.23 instead of
 *              126.75 (-65.52); contributions 445.55.
 *   ASS, 80 %:  ASS 545.10 saved and bonus 270.11 (State -274.99); housing 129.37 instead of 250
 *              (-120.63); contributions 356.44.
 *   none, 60 %: bonus 262.57; housing 197.51 instead of 250 (-52.49); contributions 267.33. */
static void test_situation_by_hand(void **state) {
  (void)state;
  static const struct {
    int regime, pct;
    double state, department, ui, family, social;
  } cases[] = {
      {MDL_RSA, 50, 258.79306, -534.82, 0, -18.41824, -222.77290},
      {MDL_ARE, 100, 165.53378, 0, -1100.76019, -65.52144, -445.54579},
      {MDL_ASS, 80, -274.98646, 0, 0, -120.63169, -356.43663},
      {MDL_NONE, 60, 262.56655, 0, 0, -52.48939, -267.32748},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double d[MDL_NPAYER], gross;
    person_deltas(cases[i].regime, cases[i].pct, d, &gross);
    assert_true(fabs(d[MDL_PAY_STATE] - cases[i].state) < 1e-4);
    assert_true(fabs(d[MDL_PAY_DEPARTMENT] - cases[i].department) < 1e-4);
    assert_true(fabs(d[MDL_PAY_UI] - cases[i].ui) < 1e-4);
    assert_true(fabs(d[MDL_PAY_FAMILY] - cases[i].family) < 1e-4);
    assert_true(fabs(d[MDL_PAY_SOCIAL_SECURITY] - cases[i].social) < 1e-4);
    assert_true(fabs(d[MDL_PAY_LOCAL]) < 1e-12);
    /* The gross avoided cost of the hired person is what the payers save together. */
    double sum = 0;
    for (int p = 0; p < MDL_NPAYER; p++) sum += d[p];
    assert_true(fabs(gross + sum) < 1e-6);
  }
}

/* ---- funding rules by date ---- */

static void funding_month(const char *date, const char *const *sets, int nsets, double *m) {
  mdl_scenario s;
  tu_load(tu_small, sets, nsets, &s);
  mdl_money_date d;
  mdl_money_date_at(&s, month_of(date), &d);
  int64_t agg[MDL_T_ARM_WIDTH];
  memset(agg, 0, sizeof agg);
  agg[MDL_T_COUNT + MDL_EBE] = 10;
  agg[MDL_T_FTE_PCT] = 1000;
  agg[MDL_T_EBE_BAND + 10] = 10;
  memset(m, 0, MDL_M_COUNT * sizeof *m);
  mdl_money_ebe e = {0, 0, 1, 60, 1, 0, 0};
  mdl_money_month(&s, &s.territories[0], &d, &e, agg, 1.0, m);
  mdl_scenario_free(&s);
}

static void test_funding_rules_switch_on(void **state) {
  (void)state;
  const char *pilot[] = {"territories.*.department_share=0"};
  double before[MDL_M_COUNT], after[MDL_M_COUNT];
  funding_month("2021-06", pilot, 1, before);
  funding_month("2021-07", pilot, 1, after);
  double smic_month = 10.25 * 151.67; /* SMIC from 2021-01 to 2021-09 */
  /* Before July 2021: no Departement share for a pilot, no CDE on supervision staff. */
  assert_true(before[MDL_M_DEPARTMENT] == 0.0);
  assert_true(fabs(before[MDL_M_CDE] - 1.01 * smic_month * 10.0) < 1e-6);
  /* From July 2021 (decret 2021-863): at least 15 % of the State's CDE, and the CDE covers the
   * supervision staff (10 % of the FTE) at 102 %. */
  assert_true(fabs(after[MDL_M_CDE] - 1.02 * smic_month * 11.0) < 1e-6);
  assert_true(fabs(after[MDL_M_DEPARTMENT] - 0.15 * after[MDL_M_CDE]) < 1e-6);
  /* Phase 1: State and Departement together within 113 % of the SMIC per FTE. */
  const char *generous[] = {"territories.*.department_share=0.5"};
  funding_month("2019-06", generous, 1, before);
  double smic19 = 10.03 * 151.67;
  assert_true(fabs(before[MDL_M_CDE] - 0.95 * smic19 * 10.0) < 1e-6);
  assert_true(fabs(before[MDL_M_DEPARTMENT] - (1.13 - 0.95) * smic19 * 10.0) < 1e-6);
  funding_month("2021-07", generous, 1, after); /* no such cap in phase 2 */
  assert_true(fabs(after[MDL_M_DEPARTMENT] - 0.5 * after[MDL_M_CDE]) < 1e-6);
  /* Start-up grant: 6,200 EUR per new FTE of capacity, phase 2 only. */
  mdl_scenario s;
  tu_load(tu_small, NULL, 0, &s);
  mdl_money_date d1, d2;
  mdl_money_date_at(&s, month_of("2021-06"), &d1);
  mdl_money_date_at(&s, month_of("2021-07"), &d2);
  assert_true(d1.startup_grant_per_new_fte == 0.0 && d2.startup_grant_per_new_fte == 6200.0);
  int64_t agg[MDL_T_ARM_WIDTH];
  memset(agg, 0, sizeof agg);
  double m[MDL_M_COUNT];
  memset(m, 0, sizeof m);
  mdl_money_ebe e = {3, 2.5, 1, 60, 1, 0, 0};
  mdl_money_month(&s, &s.territories[0], &d2, &e, agg, 1.0, m);
  assert_true(fabs(m[MDL_M_STARTUP] - 6200.0 * 2.5) < 1e-9); /* hires (replacements) add nothing */
  mdl_scenario_free(&s);
}

static const double *figures(const sim_run_result *r, int rep, int group);

/* ---- the EBE's own accounts and the effects beyond it ---- */

static void test_ebe_accounts(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"money.deficit_payer=local_authorities", "money.loan_per_ebe_eur=130000",
                        "territories.*.revenue_per_fte_year_eur=3000", "territories.*.other_grants_eur_per_fte_year=0"};
  tu_load(tu_small, sets, 4, &s);
  mdl_money_date d;
  mdl_money_date_at(&s, month_of("2018-06"), &d);
  int64_t agg[MDL_T_ARM_WIDTH];
  memset(agg, 0, sizeof agg);
  agg[MDL_T_COUNT + MDL_EBE] = 12;
  agg[MDL_T_FTE_PCT] = 1200;
  agg[MDL_T_EBE_BAND + 10] = 12;
  double m0[MDL_M_COUNT], m30[MDL_M_COUNT], off[MDL_M_COUNT];
  memset(m0, 0, sizeof m0);
  memset(m30, 0, sizeof m30);
  memset(off, 0, sizeof off);
  mdl_money_ebe e0 = {0, 0, 1, 0, 1, 1, 1}, e30 = {0, 0, 1, 30, 1, 0, 0}, inactive = {0, 0, 0, 0, 0, 0, 0};
  mdl_money_month(&s, &s.territories[0], &d, &e0, agg, 1.0, m0);
  mdl_money_month(&s, &s.territories[0], &d, &e30, agg, 1.0, m30);
  mdl_money_month(&s, &s.territories[0], &d, &inactive, agg, 1.0, off);
  /* Fixed costs 6,000 a month, 12,000 in the start-up phase (first 12 months); none when inactive. */
  assert_true(m0[MDL_M_FIXED_COSTS] == 12000.0 && m30[MDL_M_FIXED_COSTS] == 6000.0 && off[MDL_M_FIXED_COSTS] == 0.0);
  /* Revenue per FTE-year 0.4 x 3,000 at age 0; + 1,000 a year: 3,700 at 30 months; 12 FTE. */
  assert_true(fabs(m0[MDL_M_REVENUE] - 1200.0 / 12.0 * 12.0) < 1e-9);
  assert_true(fabs(m30[MDL_M_REVENUE] - 3700.0 / 12.0 * 12.0) < 1e-9);
  /* The deficit is covered by local authorities (positive part only), the loan paid once. */
  assert_true(m0[MDL_M_DEFICIT] > 0 && m0[MDL_M_DEFICIT_COVER] == m0[MDL_M_DEFICIT]);
  assert_true(fabs(m0[MDL_M_OUTLAY + MDL_PAY_LOCAL] - m0[MDL_M_DEFICIT_COVER]) < 1e-9);
  assert_true(m0[MDL_M_LOANS] == 130000.0 && m30[MDL_M_LOANS] == 0.0);
  /* Three EBE open, two of them in their start-up phase, one opened this month: fixed costs per
   * EBE, the surcharge per young EBE, the loan per new EBE. */
  double m3[MDL_M_COUNT];
  memset(m3, 0, sizeof m3);
  mdl_money_ebe e3 = {0, 0, 1, 30, 3, 2, 1};
  mdl_money_month(&s, &s.territories[0], &d, &e3, agg, 1.0, m3);
  assert_true(m3[MDL_M_FIXED_COSTS] == 3 * 6000.0 + 2 * 6000.0 && m3[MDL_M_LOANS] == 130000.0);
  mdl_scenario_free(&s);

  /* Local dynamics: 0.5 per EBE employee, 2 employees, 4 PPDE on ARE: one of them in work outside
   * the EBE saves a quarter of the people's ARE and housing aid. */
  const char *ld[] = {"money.local_dynamics_per_employee=0.5", "money.housing_aid_share=1"};
  tu_load(tu_small, ld, 2, &s);
  memset(agg, 0, sizeof agg);
  agg[MDL_T_COUNT + MDL_EBE] = 2;
  agg[MDL_T_FTE_PCT] = 200;
  agg[MDL_T_EBE_BAND + 10] = 2;
  agg[MDL_T_COUNT + MDL_PPDE] = 4;
  agg[MDL_T_REG_P + MDL_ARE] = 4;
  mdl_money_date_at(&s, month_of("2023-06"), &d);
  memset(m0, 0, sizeof m0);
  mdl_money_month(&s, &s.territories[0], &d, &e30, agg, 1.0, m0);
  double are = 0.63 * 11.52 * 151.67, housing = 250.0 - 0.25 * (are - 607.75);
  assert_true(fabs(m0[MDL_M_LOCAL_DYNAMICS] - (are + housing)) < 1e-6);
  assert_true(fabs(m0[MDL_M_OUTLAY + MDL_PAY_UI] - 3.0 * are) < 1e-6);
  mdl_scenario_free(&s);
}

/* The EBE employees' tallies by former regime and working-time band, on a real run: with housing
 * aid as the only money (100 EUR without resources, minus 5 % of the wage) and every hire at half
 * time, the gross avoided cost of a month is the EBE headcount x (100 - the aid at half a SMIC). */
static void test_ebe_tallies_on_a_run(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"money.are_share_of_smic=0",
                        "calendar.ass_eur_per_month=((\"2016-01\", 0.0))",
                        "calendar.rsa_eur_per_month=((\"2016-01\", 0.0))",
                        "calendar.activity_bonus_base_eur=((\"2016-01\", 0.0))",
                        "money.housing_aid_max_eur_per_month=100",
                        "money.housing_aid_taper=0.05",
                        "money.housing_aid_share=1",
                        "money.employee_rate=0",
                        "money.employer_rate=0",
                        "ebe.fte_values=[0.5, 0.5, 0.5, 0.5, 0.5]"};
  tu_load(tu_small, sets, 10, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  double hired = 0;
  for (int t = 0; t < r.reported_steps; t++) {
    mdl_money_date d;
    mdl_money_date_at(&s, s.start + t, &d);
    mdl_situation x;
    mdl_money_situation(&s, &d, &x);
    assert_true(x.housing_jobless[MDL_ARE] == 100.0 && x.housing_ebe[5] > 0 && x.housing_ebe[5] < x.housing_ebe[4]);
    for (int g = 0; g <= s.n_territories; g++) {
      double ebe = tu_val(&r, t, g, 1, MDL_M_EBE);
      assert_true(fabs(tu_val(&r, t, g, 1, MDL_M_AVOIDED_GROSS) - ebe * (100.0 - x.housing_ebe[5])) < 1e-6);
      hired += tu_val(&r, t, g, 1, MDL_M_HIRES);
    }
  }
  assert_true(hired > 0);
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* The start-up grant on a real run: paid once per FTE of capacity, when the territory's capacity
 * first reaches it, not again for replacements: in all, the grant x each territory's highest capacity. */
static void test_startup_grant_on_a_run(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"calendar.startup_grant_eur_per_new_fte=((\"2016-01\", 1000.0))",
                        "territories.*.ebe_quit_rate=0.05", "replications=2"};
  tu_load(tu_small, sets, 3, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 1, &r);
  double paid = 0, expect = 0;
  for (int g = 0; g < s.n_territories; g++) {
    double top = 0;
    for (int t = 0; t < r.reported_steps; t++) {
      paid += tu_val(&r, t, g, 1, MDL_M_STARTUP);
      if (tu_val(&r, t, g, 1, MDL_M_CAPACITY_FTE) > top) top = tu_val(&r, t, g, 1, MDL_M_CAPACITY_FTE);
    }
    expect += 1000.0 * top;
  }
  assert_true(expect > 0 && fabs(paid - expect) < 1e-6);
  /* Every replication starts from no capacity: the replications' grants (capacity grows with each
   * one's own queue in demand mode) average to the grant on the mean capacity, which never falls. */
  double mean = 0;
  for (uint32_t rep = 0; rep < r.replications; rep++) {
    double g = figures(&r, (int)rep, s.n_territories)[MDL_H_STARTUP_GRANT];
    assert_true(g > 0);
    mean += g / (double)r.replications;
  }
  assert_true(fabs(mean - expect) < 1e-6);
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* ---- the legal range of the State's rate ---- */

static void test_cde_rate_legal_range(void **state) {
  (void)state;
  static const char text[] = "name = \"legal\"; start = \"2017-01\"; months = 12;\n"
                             "calendar: {\n"
                             "  cde_rate = ((\"2017-01\", 1.01), (\"2019-01\", 1.13));\n"
                             "};\n"
                             "territories = ( { name = \"A\"; population = 1000; ppde_start = 100; unemployed_start = "
                             "50; program_start = \"2017-01\"; } );\n";
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_not_equal(mdl_scenario_load(NULL, text, "legal.cfg", NULL, 0, &s, &e), SIM_OK);
  assert_int_equal(e.count, 1);
  assert_string_equal(e.msg[0],
                      "legal.cfg:3: calendar.cde_rate: 1.13 is outside the legal range 0.53-1.01 in force in 2019-01 "
                      "(expected a rate within calendar.cde_rate_min/max: decret 2016-1027, decret 2021-863 art. 24; "
                      "or calendar.allow_extralegal_rates = true)");
  sim_errs_destroy(&e);
  /* A phase-1 rate of 1.02 becomes legal in July 2021 only: refused when it starts earlier. */
  sim_errs_init(&e);
  const char *early[] = {"calendar.cde_rate=((\"2017-01\", 1.01), (\"2021-06\", 1.02))"};
  assert_int_not_equal(mdl_scenario_load(NULL, tu_small, "t", early, 1, &s, &e), SIM_OK);
  assert_int_equal(e.count, 1);
  assert_non_null(strstr(e.msg[0], "1.02 is outside the legal range 0.53-1.01 in force in 2021-06"));
  sim_errs_destroy(&e);
  const char *ok[] = {"calendar.cde_rate=((\"2017-01\", 1.01), (\"2021-07\", 1.02))"};
  tu_load(tu_small, ok, 1, &s);
  mdl_scenario_free(&s);
  /* Too low a rate, and the explicit override for policy scenarios. */
  sim_errs_init(&e);
  const char *low[] = {"calendar.cde_rate=((\"2017-01\", 0.4))"};
  assert_int_not_equal(mdl_scenario_load(NULL, tu_small, "t", low, 1, &s, &e), SIM_OK);
  assert_non_null(strstr(e.msg[0], "0.4 is outside the legal range 0.53-1.01 in force in 2017-01"));
  sim_errs_destroy(&e);
  /* A rate legal when it starts but not after a later change of the range. */
  sim_errs_init(&e);
  const char *narrowed[] = {"calendar.cde_rate=((\"2017-01\", 0.95))",
                            "calendar.cde_rate_max=((\"2016-01\", 1.01), (\"2018-03\", 0.9))"};
  assert_int_not_equal(mdl_scenario_load(NULL, tu_small, "t", narrowed, 2, &s, &e), SIM_OK);
  assert_non_null(strstr(e.msg[0], "0.95 is outside the legal range 0.53-0.9 in force in 2018-03"));
  sim_errs_destroy(&e);
  const char *policy[] = {"calendar.cde_rate=((\"2017-01\", 1.13))", "calendar.allow_extralegal_rates=true"};
  tu_load(tu_small, policy, 2, &s);
  assert_true(s.cde_rate.value[0] == 1.13);
  mdl_scenario_free(&s);
}

/* ---- the one net cost on real runs ---- */

static const double *figures(const sim_run_result *r, int rep, int group) {
  return r->headline + (size_t)rep * r->headline_width + (size_t)group * MDL_H_COUNT;
}

static void test_net_cost_is_sum_over_payers(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"months=60", "replications=2", "money.local_dynamics_per_employee=0.4",
                        "money.substitution_share=0.05"};
  tu_load_file("../scenarios/pilots.cfg", sets, 4, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  for (uint32_t rep = 0; rep < r.replications; rep++)
    for (int g = 0; g <= s.n_territories; g++) {
      const double *h = figures(&r, (int)rep, g);
      double sum = 0;
      for (int p = 0; p < MDL_NPAYER; p++) sum += h[MDL_H_NET_COST_PAYER + p];
      assert_true(fabs(h[MDL_H_NET_COST] - sum) < 0.005);
      /* And the identity of docs/model.md 7.10: funding + deficit cover + substitution - net avoided. */
      double identity = h[MDL_H_PUBLIC_FUNDING] + h[MDL_H_DEFICIT_COVER] + h[MDL_H_SUBSTITUTION] - h[MDL_H_AVOIDED_NET];
      assert_true(fabs(h[MDL_H_NET_COST] - identity) < 0.005);
      if (g == s.n_territories) {
        assert_true(h[MDL_H_LOCAL_DYNAMICS] > 0 && h[MDL_H_SUBSTITUTION] > 0 && h[MDL_H_NET_COST] > 0);
        assert_true(fabs(h[MDL_H_NET_COST_PER_FTE_YEAR_NET] - h[MDL_H_NET_COST] / h[MDL_H_FTE_YEARS]) < 1e-6);
      }
    }
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* With every avoided-cost component at 0 the net cost is the funding, to the cent. */
static void test_zero_components_net_cost_is_funding(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"money.are_share_of_smic=0",
                        "calendar.ass_eur_per_month=((\"2016-01\", 0.0))",
                        "calendar.rsa_eur_per_month=((\"2016-01\", 0.0))",
                        "calendar.activity_bonus_base_eur=((\"2016-01\", 0.0))",
                        "money.housing_aid_max_eur_per_month=0",
                        "money.employee_rate=0",
                        "money.employer_rate=0",
                        "money.induced_share=0",
                        "money.deficit_payer=none",
                        "replications=2"};
  tu_load(tu_small, sets, 10, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  for (uint32_t rep = 0; rep < r.replications; rep++)
    for (int g = 0; g <= s.n_territories; g++) {
      const double *h = figures(&r, (int)rep, g);
      assert_true(h[MDL_H_PUBLIC_FUNDING] > 0);
      assert_true(fabs(h[MDL_H_NET_COST] - h[MDL_H_PUBLIC_FUNDING]) < 0.005);
      assert_true(h[MDL_H_AVOIDED_NET] == 0.0 && h[MDL_H_AVOIDED_GROSS] == 0.0);
    }
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* Substitution and local dynamics at 0 change nothing, whatever their other keys say: every
 * statistic of every month and every figure is bit for bit the default run's; at a small share
 * they do change the net cost. */
static void test_effects_at_zero_change_nothing(void **state) {
  (void)state;
  const char *base[] = {"replications=2"};
  const char *zero[] = {"replications=2", "money.substitution_share=0",
                        "money.substitution_cost_eur_per_fte_year=99999", "money.local_dynamics_per_employee=0"};
  const char *some[] = {"replications=2", "money.substitution_share=0.01"};
  mdl_scenario a, b, c;
  tu_load(tu_small, base, 1, &a);
  tu_load(tu_small, zero, 4, &b);
  tu_load(tu_small, some, 2, &c);
  sim_run_result ra, rb, rc;
  mdl_world *wa = tu_run(&a, 2, &ra), *wb = tu_run(&b, 1, &rb), *wc = tu_run(&c, 2, &rc);
  assert_int_equal(ra.out_width, rb.out_width);
  assert_memory_equal(ra.monthly, rb.monthly, (size_t)ra.reported_steps * ra.out_width * sizeof *ra.monthly);
  assert_memory_equal(ra.headline, rb.headline, ra.replications * ra.headline_width * sizeof *ra.headline);
  int K = a.n_territories;
  assert_true(figures(&rc, 0, K)[MDL_H_NET_COST] > figures(&ra, 0, K)[MDL_H_NET_COST]);
  sim_run_result_free(&ra);
  sim_run_result_free(&rb);
  sim_run_result_free(&rc);
  mdl_world_free(wa);
  mdl_world_free(wb);
  mdl_world_free(wc);
  mdl_scenario_free(&a);
  mdl_scenario_free(&b);
  mdl_scenario_free(&c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_known_month),
      cmocka_unit_test(test_extreme_tallies),
      cmocka_unit_test(test_situation_by_hand),
      cmocka_unit_test(test_funding_rules_switch_on),
      cmocka_unit_test(test_ebe_accounts),
      cmocka_unit_test(test_ebe_tallies_on_a_run),
      cmocka_unit_test(test_startup_grant_on_a_run),
      cmocka_unit_test(test_cde_rate_legal_range),
      cmocka_unit_test(test_net_cost_is_sum_over_payers),
      cmocka_unit_test(test_zero_components_net_cost_is_funding),
      cmocka_unit_test(test_effects_at_zero_change_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
