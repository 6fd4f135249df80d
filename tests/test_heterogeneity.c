/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_heterogeneity.c: the band tables, the initial population and the employability table at
 * values where a band starting one month late, two age bands swapped, seniority shares shifted by
 * one band or an employability table whose mean is not 1 change the answer (docs/model.md sections
 * 2.1, 5, 7.1-7.3). The closed-form tests elsewhere use flat hazards and one age: these do not. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>

#include "labour_fixture.h"

enum { NA = 16 };

typedef tu_lab fixture;

/* NA employed agents aged 40, employability 1 (sigma 0), no precarious jobs, nobody exits. */
static fixture *setup(const char *const *sets, int nsets) {
  return tu_lab_setup(sets, nsets, NA, MDL_EMPLOYED, 5, 42, 8);
}

/* Every edge of the spell bands (0-2, 3-5, 6-11, 12-23, 24-35, 36+) and of the age bands (<360,
 * 360-599, 600+ months). */
static void test_band_edges(void **state) {
  (void)state;
  static const int spell[][2] = {{0, 0},  {1, 0},  {2, 0},  {3, 1},   {4, 1},    {5, 1},  {6, 2},
                                 {11, 2}, {12, 3}, {13, 3}, {23, 3},  {24, 4},   {35, 4}, {36, 5},
                                 {37, 5}, {95, 5}, {96, 5}, {600, 5}, {65535, 5}};
  for (size_t k = 0; k < sizeof spell / sizeof spell[0]; k++)
    assert_int_equal(mdl_spell_band(spell[k][0]), spell[k][1]);
  /* Every spell under 36 against the rule written out. */
  for (int m = 0; m < 40; m++) {
    int want = m < 3 ? 0 : m < 6 ? 1 : m < 12 ? 2 : m < 24 ? 3 : m < 36 ? 4 : 5;
    assert_int_equal(mdl_spell_band(m), want);
  }
  static const int age[][2] = {{216, 0}, {359, 0}, {360, 1}, {361, 1}, {599, 1}, {600, 2}, {601, 2}, {743, 2}};
  for (size_t k = 0; k < sizeof age / sizeof age[0]; k++) assert_int_equal(mdl_age_band(age[k][0]), age[k][1]);
}

/* Job finding through the monthly pass, with hazards 0 or 1 by spell band: the band is that of
 * the spell at the start of the month, so each side of every band edge has a known outcome. */
static void check_spell_bands(const char *rates, const int finds[MDL_SPELL_BANDS]) {
  const char *sets[] = {rates, "labour.job_finding_age_factor=[1.0, 1.0, 1.0]", "labour.employability_sigma=0.0",
                        "labour.precarious_share=0.0"};
  fixture *f = setup(sets, 4);
  static const int spells[] = {0, 2, 3, 5, 6, 11, 12, 23, 24, 35, 36, 37, 96, 254, 255};
  const size_t n = sizeof spells / sizeof spells[0];
  for (size_t i = 0; i < n; i++) tu_lab_set_status(f, i, spells[i] < 12 ? MDL_UNEMPLOYED : MDL_PPDE, spells[i]);
  tu_lab_run(f, 0, n);
  int64_t u_found = 0, p_found = 0;
  for (size_t i = 0; i < n; i++) {
    int found = finds[mdl_spell_band(spells[i])];
    for (int a = 0; a < MDL_NARM; a++) {
      if (found) {
        assert_int_equal(f->pop.status[a][i], MDL_EMPLOYED);
        assert_int_equal(f->pop.spell[a][i], 0);
      } else {
        assert_int_equal(f->pop.status[a][i], spells[i] + 1 >= 12 ? MDL_PPDE : MDL_UNEMPLOYED);
        /* a spell stops counting at MDL_SPELL_MAX */
        assert_int_equal(f->pop.spell[a][i], spells[i] < MDL_SPELL_MAX ? spells[i] + 1 : MDL_SPELL_MAX);
      }
    }
    if (found && spells[i] < 12) u_found++;
    if (found && spells[i] >= 12) p_found++;
  }
  assert_int_equal(f->tally[MDL_T_U_TO_JOB], u_found);
  assert_int_equal(f->tally[MDL_T_P_TO_JOB], p_found);
  tu_lab_free(f);
}

static void test_spell_band_edges_in_pass(void **state) {
  (void)state;
  static const int odd[MDL_SPELL_BANDS] = {0, 1, 0, 1, 0, 1}, even[MDL_SPELL_BANDS] = {1, 0, 1, 0, 1, 0};
  check_spell_bands("labour.job_finding_rate=[0.0, 1.0, 0.0, 1.0, 0.0, 1.0]", odd);
  check_spell_bands("labour.job_finding_rate=[1.0, 0.0, 1.0, 0.0, 1.0, 0.0]", even);
}

/* Ages 358, 359, 598, 599 become 359, 360, 599, 600 this month: age bands 0, 1, 1, 2 (the band of
 * the age after ageing). */
static const int ages4[4] = {358, 359, 598, 599};
static const int band4[4] = {0, 1, 1, 2};

/* Job finding by age band: an age factor of 1 in one band and 0 in the others (job-finding rate 1
 * in every spell band), the youngest band then the oldest, so a swap of the two fails. */
static void test_age_band_edges_job_finding(void **state) {
  (void)state;
  static const char *const factor[MDL_AGE_BANDS] = {"labour.job_finding_age_factor=[1.0, 0.0, 0.0]",
                                                    "labour.job_finding_age_factor=[0.0, 1.0, 0.0]",
                                                    "labour.job_finding_age_factor=[0.0, 0.0, 1.0]"};
  for (int b = 0; b < MDL_AGE_BANDS; b++) {
    const char *sets[] = {"labour.job_finding_rate=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]", factor[b],
                          "labour.employability_sigma=0.0", "labour.precarious_share=0.0"};
    fixture *f = setup(sets, 4);
    for (size_t i = 0; i < 8; i++) {
      f->pop.age[i] = (uint16_t)ages4[i % 4];
      tu_lab_set_status(f, i, i < 4 ? MDL_UNEMPLOYED : MDL_PPDE, i < 4 ? 4 : 30);
    }
    tu_lab_run(f, 0, 8);
    for (size_t i = 0; i < 8; i++) {
      assert_int_equal(f->pop.age[i], ages4[i % 4] + 1);
      int found = band4[i % 4] == b;
      assert_int_equal(f->pop.status[MDL_CF][i], found ? MDL_EMPLOYED : i < 4 ? MDL_UNEMPLOYED : MDL_PPDE);
      assert_int_equal(f->pop.status[MDL_PROG][i], f->pop.status[MDL_CF][i]);
    }
    tu_lab_free(f);
  }
}

/* Job loss by age band: a separation threshold "always" in one band and "never" in the others. */
static void test_age_band_edges_job_loss(void **state) {
  (void)state;
  for (int b = 0; b < MDL_AGE_BANDS; b++) {
    fixture *f = setup(NULL, 0);
    for (int a = 0; a < MDL_AGE_BANDS; a++) f->sp.sep_thr[a] = a == b ? sim_rng_threshold(1.0) : 0;
    for (size_t i = 0; i < 4; i++) f->pop.age[i] = (uint16_t)ages4[i];
    tu_lab_run(f, 0, 4);
    int64_t lost = 0;
    for (size_t i = 0; i < 4; i++) {
      int loses = band4[i] == b;
      lost += loses;
      for (int a = 0; a < MDL_NARM; a++) {
        assert_int_equal(f->pop.status[a][i], loses ? MDL_UNEMPLOYED : MDL_EMPLOYED);
        assert_int_equal(f->pop.spell[a][i], loses ? 0 : 6);
      }
    }
    assert_int_equal(f->tally[MDL_T_JOB_LOSS], lost);
    tu_lab_free(f);
  }
}

/* The job-finding table is job_finding_rate[spell band] x job_finding_age_factor[age band]. */
static void test_job_finding_table(void **state) {
  (void)state;
  const char *sets[] = {"labour.job_finding_rate=[0.5, 0.4, 0.3, 0.2, 0.1, 0.05]",
                        "labour.job_finding_age_factor=[1.5, 1.0, 0.25]"};
  fixture *f = setup(sets, 2);
  static const double rate[MDL_SPELL_BANDS] = {0.5, 0.4, 0.3, 0.2, 0.1, 0.05}, age[MDL_AGE_BANDS] = {1.5, 1.0, 0.25};
  for (int b = 0; b < MDL_SPELL_BANDS; b++)
    for (int a = 0; a < MDL_AGE_BANDS; a++) assert_true(fabs(f->tab.jf[b][a] - rate[b] * age[a]) < 1e-15);
  tu_lab_free(f);
}

/* ---- the initial population ---- */

static const char init_scn[] =
    "name = \"init\"; start = \"2017-01\"; months = 12; seed = 5; program_enabled = false;\n"
    "territories = ( { name = \"T\"; population = 6000; ppde_start = 2000; unemployed_start = 2000;\n"
    "                  program_start = \"2017-01\"; } );\n";
enum { NINIT = 6000, NP = 2000, NU = 2000, RET = 62 * 12 };

static void init_table(mdl_scenario *s, mdl_tables *tab, mdl_pop *p, const char *const *sets, int nsets) {
  tu_load(init_scn, sets, nsets, s);
  assert_int_equal(mdl_tables_init(tab, s), SIM_OK);
  assert_int_equal(mdl_pop_alloc(p, NINIT), SIM_OK);
  mdl_pop_init_territory(p, tab, s, &s->territories[0], 1.0, 0, NINIT, NINIT, sim_rng_key_make(5, 0), RET, 1);
}

static void done(mdl_scenario *s, mdl_tables *tab, mdl_pop *p) {
  mdl_pop_free(p);
  mdl_tables_free(tab);
  mdl_scenario_free(s);
}

/* Seniority shares with all the short-term mass in band u and all the long-term mass in band
 * u + 3: every initial spell lies in that band, and both ends of the band are drawn. */
static void test_seniority_one_band(void **state) {
  (void)state;
  static const char *const shares[3] = {"labour.seniority_shares=[0.5, 0.0, 0.0, 0.5, 0.0, 0.0]",
                                        "labour.seniority_shares=[0.0, 0.5, 0.0, 0.0, 0.5, 0.0]",
                                        "labour.seniority_shares=[0.0, 0.0, 0.5, 0.0, 0.0, 0.5]"};
  static const int lo[MDL_SPELL_BANDS] = {0, 3, 6, 12, 24, 36}, hi[MDL_SPELL_BANDS] = {2, 5, 11, 23, 35, 96};
  for (int u = 0; u < 3; u++) {
    for (int mode = 0; mode < 2; mode++) {
      const char *sets[] = {shares[u], mode ? "labour.separation_mode=\"steady\"" : "labour.separation_mode=\"table\"",
                            "labour.max_initial_spell_months=96"};
      mdl_scenario s;
      mdl_tables tab;
      mdl_pop p;
      init_table(&s, &tab, &p, sets, 3);
      int mn[2] = {1 << 30, 1 << 30}, mx[2] = {-1, -1};
      for (size_t i = 0; i < NINIT; i++) {
        int st = p.status[MDL_CF][i], want = i < NP ? MDL_PPDE : i < NP + NU ? MDL_UNEMPLOYED : MDL_EMPLOYED;
        assert_int_equal(st, want);
        assert_int_equal(p.status[MDL_PROG][i], st);
        assert_int_equal(p.spell[MDL_PROG][i], p.spell[MDL_CF][i]);
        if (st == MDL_EMPLOYED) {
          assert_int_equal(p.spell[MDL_CF][i], 0);
          continue;
        }
        int k = st == MDL_PPDE, sp = p.spell[MDL_CF][i];
        if (sp < mn[k]) mn[k] = sp;
        if (sp > mx[k]) mx[k] = sp;
      }
      assert_int_equal(mn[0], lo[u]);
      assert_int_equal(mx[0], hi[u]);
      assert_int_equal(mn[1], lo[u + 3]);
      assert_int_equal(mx[1], hi[u + 3]);
      done(&s, &tab, &p);
    }
  }
}

/* Initial spells up to 600 months (band 36+ only): stored in a byte, they stop at MDL_SPELL_MAX and
 * never wrap to a short spell (which would move a PPDE into another hazard band). */
static void test_long_initial_spells_saturate(void **state) {
  (void)state;
  const char *sets[] = {"labour.seniority_shares=[0.0, 0.0, 0.5, 0.0, 0.0, 0.5]", "labour.separation_mode=\"table\"",
                        "labour.max_initial_spell_months=600"};
  mdl_scenario s;
  mdl_tables tab;
  mdl_pop p;
  init_table(&s, &tab, &p, sets, 3);
  int at_max = 0;
  for (size_t i = 0; i < NP; i++) {
    assert_int_equal(p.status[MDL_CF][i], MDL_PPDE);
    assert_in_range(p.spell[MDL_CF][i], 36, MDL_SPELL_MAX);
    at_max += p.spell[MDL_CF][i] == MDL_SPELL_MAX;
  }
  assert_true(at_max > 0); /* spells of 255 to 600 months all read 255 */
  done(&s, &tab, &p);
}

/* Mass split over two bands of each status: each band gets its share (4,000 draws, +-4 points),
 * so a band dropped from the renormalisation or a share read from the neighbouring band fails. */
static void test_seniority_split(void **state) {
  (void)state;
  const char *sets[] = {"labour.seniority_shares=[0.3, 0.0, 0.2, 0.1, 0.0, 0.4]", "labour.separation_mode=\"table\""};
  mdl_scenario s;
  mdl_tables tab;
  mdl_pop p;
  init_table(&s, &tab, &p, sets, 2);
  double n[MDL_SPELL_BANDS] = {0};
  for (size_t i = 0; i < NP + NU; i++) n[mdl_spell_band(p.spell[MDL_CF][i])]++;
  assert_true(n[1] == 0 && n[4] == 0);
  assert_true(fabs(n[0] / NU - 0.6) < 0.04);
  assert_true(fabs(n[2] / NU - 0.4) < 0.04);
  assert_true(fabs(n[3] / NP - 0.2) < 0.04);
  assert_true(fabs(n[5] / NP - 0.8) < 0.04);
  done(&s, &tab, &p);
}

/* Ages: PPDE aged 50+ with probability ppde_age50_share (0 and 1: all under 50, all 50+, both
 * ends of each range drawn); everyone else uniform over the working life. */
static void test_initial_ages(void **state) {
  (void)state;
  for (int all50 = 0; all50 < 2; all50++) {
    const char *sets[] = {all50 ? "labour.ppde_age50_share=1.0" : "labour.ppde_age50_share=0.0",
                          "labour.separation_mode=\"table\""};
    mdl_scenario s;
    mdl_tables tab;
    mdl_pop p;
    init_table(&s, &tab, &p, sets, 2);
    int mn[2] = {1 << 30, 1 << 30}, mx[2] = {-1, -1};
    for (size_t i = 0; i < NINIT; i++) {
      int k = i < NP ? 0 : 1, age = p.age[i];
      if (age < mn[k]) mn[k] = age;
      if (age > mx[k]) mx[k] = age;
    }
    assert_int_equal(mn[0], all50 ? 600 : 228);
    assert_int_equal(mx[0], all50 ? RET - 1 : 599);
    assert_int_equal(mn[1], 216);
    assert_int_equal(mx[1], RET - 1);
    done(&s, &tab, &p);
  }
}

/* "stationary" mode: exactly round(ppde_start) PPDE, all at spell 12 to max_initial_spell, the
 * short-term unemployed under 12, ages over the working life, identical arms. */
static void test_stationary_initial_spells(void **state) {
  (void)state;
  mdl_scenario s;
  mdl_tables tab;
  mdl_pop p;
  tu_load(init_scn, NULL, 0, &s);
  assert_int_equal(mdl_tables_init(&tab, &s), SIM_OK);
  assert_int_equal(mdl_tables_stationary(&tab, &s, RET), SIM_OK);
  double sigma = mdl_stationary_sigma(&tab, &s, (double)NP / NINIT);
  assert_int_equal(mdl_pop_alloc(&p, NINIT), SIM_OK);
  mdl_pop_init_stationary(&p, &tab, &s, &s.territories[0], 1.0, 0, NINIT, NINIT, sim_rng_key_make(5, 0), RET, sigma, 1);
  int n[MDL_NSTATUS] = {0}, mn[2] = {1 << 30, 1 << 30}, mx[2] = {-1, -1}, amin = 1 << 30, amax = -1;
  for (size_t i = 0; i < NINIT; i++) {
    int st = p.status[MDL_CF][i], sp = p.spell[MDL_CF][i];
    n[st]++;
    assert_int_equal(p.status[MDL_PROG][i], st);
    assert_int_equal(p.spell[MDL_PROG][i], sp);
    if (p.age[i] < amin) amin = p.age[i];
    if (p.age[i] > amax) amax = p.age[i];
    if (st == MDL_EMPLOYED) {
      assert_int_equal(sp, 0);
      continue;
    }
    int k = st == MDL_PPDE;
    if (sp < mn[k]) mn[k] = sp;
    if (sp > mx[k]) mx[k] = sp;
  }
  assert_int_equal(n[MDL_PPDE], NP);
  assert_true(n[MDL_UNEMPLOYED] > 0);
  assert_int_equal(mn[0], 0);
  assert_true(mx[0] <= 11);
  assert_true(mn[1] >= 12);
  assert_true(mx[1] <= (int)s.max_initial_spell);
  assert_true(amin >= 216 && amax <= RET - 1);
  /* Ages follow the stationary density within each band: both sides of every band edge are drawn
   * (about ten agents per month of age here; entrants arrive from 216 on, so the first months are
   * sparse), and the band shares are the stationary ones. */
  int at[RET] = {0};
  double nb[MDL_AGE_BANDS] = {0};
  for (size_t i = 0; i < NINIT; i++) {
    at[p.age[i]]++;
    nb[mdl_age_band(p.age[i])]++;
  }
  assert_true(at[216] + at[217] + at[218] + at[219] + at[220] > 0 && at[359] > 0 && at[360] > 0 && at[599] > 0 &&
              at[600] > 0);
  for (int a = 0; a < MDL_AGE_BANDS; a++) assert_true(fabs(nb[a] / NINIT - tab.st_n[a]) < 0.03);
  mdl_pop_free(&p);
  mdl_tables_free(&tab);
  mdl_scenario_free(&s);
}

/* Without job losses (separation scale 0) the only inflow into joblessness is the youngest band's
 * unemployed entrants: the stationary jobless share is ell * youth_unemployed_share times the
 * months a cohort entering in band 0 spends without stable job (docs/model.md 7.2, "Balance"). */
static void test_stationary_youth_inflow(void **state) {
  (void)state;
  mdl_scenario s;
  mdl_tables tab;
  tu_load(init_scn, NULL, 0, &s);
  assert_int_equal(mdl_tables_init(&tab, &s), SIM_OK);
  assert_int_equal(mdl_tables_stationary(&tab, &s, RET), SIM_OK);
  double J, P, want = 0, wantP = 0;
  mdl_stationary_shares(&tab, &s, 0.0, &J, &P);
  for (int j = 0; j < MDL_EMP_LEVELS; j++)
    for (int a = 0; a < MDL_AGE_BANDS; a++) {
      want += tab.st_ell * s.youth_unemployed_share * tab.st_D[0][a][j] / MDL_EMP_LEVELS;
      wantP += tab.st_ell * s.youth_unemployed_share * tab.st_DP[0][a][j] / MDL_EMP_LEVELS;
    }
  assert_true(J > 0 && P > 0);
  assert_true(fabs(J - want) < 1e-12 * want);
  assert_true(fabs(P - wantP) < 1e-12 * wantP);
  mdl_tables_free(&tab);
  mdl_scenario_free(&s);
}

/* The stationary age structure (docs/model.md 7.2, "Ages"), written out: the density d(A) of
 * entrants aged 216-311 surviving exits, the band shares, and the monthly share of each band at
 * its last age (359, 599, R - 1) who move out of it. */
static void test_stationary_age_structure(void **state) {
  (void)state;
  mdl_scenario s;
  mdl_tables tab;
  tu_load(init_scn, NULL, 0, &s);
  assert_int_equal(mdl_tables_init(&tab, &s), SIM_OK);
  assert_int_equal(mdl_tables_stationary(&tab, &s, RET), SIM_OK);
  const double x = s.exit_rate;
  double d[RET] = {0}, L = 0, n[MDL_AGE_BANDS] = {0};
  for (int A = 216; A < RET; A++) {
    for (int e = 216; e <= A && e < 312; e++) d[A] += pow(1 - x, A - e) / 96.0;
    L += d[A];
    n[A < 360 ? 0 : A < 600 ? 1 : 2] += d[A];
  }
  static const int last[MDL_AGE_BANDS] = {359, 599, RET - 1};
  assert_true(fabs(tab.st_ell - 1 / L) < 1e-12 / L);
  for (int a = 0; a < MDL_AGE_BANDS; a++) {
    assert_true(fabs(tab.st_n[a] - n[a] / L) < 1e-12);
    double kappa = d[last[a]] * (1 - x) / n[a];
    assert_true(fabs(tab.st_kappa[a] - kappa) < 1e-12 * kappa);
  }
  mdl_tables_free(&tab);
  mdl_scenario_free(&s);
}

/* ---- the employability table ---- */

/* The employability of the initial jobless (docs/model.md 5, "Employability"): at spell s and age
 * band a, level i weighs S_i(s) = prod_{m<s} (1 - min(1, f(band(m), a) e_i)); at spell 0 the levels
 * are uniform. Hazards differ by spell band and by age band, so the band read at each month and
 * the age band of the row both matter. */
static void test_jobless_employability(void **state) {
  (void)state;
  const char *sets[] = {"labour.job_finding_rate=[0.4, 0.05, 0.3, 0.02, 0.2, 0.01]",
                        "labour.job_finding_age_factor=[1.5, 0.0, 0.5]", "labour.max_initial_spell_months=60"};
  mdl_scenario s;
  mdl_tables tab;
  tu_load(tu_small, sets, 3, &s);
  assert_int_equal(mdl_tables_init(&tab, &s), SIM_OK);
  static const double rate[MDL_SPELL_BANDS] = {0.4, 0.05, 0.3, 0.02, 0.2, 0.01}, age[MDL_AGE_BANDS] = {1.5, 0.0, 0.5};
  static const int spells[] = {0, 1, 3, 4, 7, 13, 25, 37, 60};
  for (int a = 0; a < MDL_AGE_BANDS; a++)
    for (size_t k = 0; k < sizeof spells / sizeof spells[0]; k++) {
      int sp = spells[k];
      const double *cdf = tab.emp_cdf + ((size_t)sp * MDL_AGE_BANDS + (size_t)a) * MDL_EMP_LEVELS;
      double acc = 0;
      for (int i = 0; i < MDL_EMP_LEVELS; i++) {
        double surv = 1;
        for (int m = 0; m < sp; m++) {
          int b = m < 3 ? 0 : m < 6 ? 1 : m < 12 ? 2 : m < 24 ? 3 : m < 36 ? 4 : 5;
          double h = rate[b] * age[a] * tab.emp_level[i];
          surv *= h < 1 ? 1 - h : 0;
        }
        acc += surv;
        assert_true(fabs(cdf[i] - acc) <= 1e-9 * acc);
      }
      if (sp == 0 || a == 1) assert_true(fabs(cdf[MDL_EMP_LEVELS - 1] - MDL_EMP_LEVELS) < 1e-9);
    }
  mdl_tables_free(&tab);
  mdl_scenario_free(&s);
}

static void test_employability_table(void **state) {
  (void)state;
  static const char *const sig[] = {"labour.employability_sigma=0.7", "labour.employability_sigma=1.3"};
  static const double sigmas[] = {0.7, 1.3};
  for (int k = 0; k < 2; k++) {
    mdl_scenario s;
    mdl_tables tab;
    tu_load(tu_small, &sig[k], 1, &s);
    assert_int_equal(mdl_tables_init(&tab, &s), SIM_OK);
    const double *e = tab.emp_level, sigma = sigmas[k];
    double sum = 0;
    for (int i = 0; i < MDL_EMP_LEVELS; i++) sum += e[i];
    assert_true(fabs(sum / MDL_EMP_LEVELS - 1.0) < 1e-12);
    for (int i = 1; i < MDL_EMP_LEVELS; i++) assert_true(e[i] > e[i - 1]);
    /* Symmetric in log about the median, which lies near -sigma^2 / 2 (the log-normal of mean 1;
     * the rescaling of the 256 quantiles moves it slightly). */
    double c = log(e[0]) + log(e[MDL_EMP_LEVELS - 1]);
    for (int i = 0; i < MDL_EMP_LEVELS / 2; i++)
      assert_true(fabs(log(e[i]) + log(e[MDL_EMP_LEVELS - 1 - i]) - c) < 1e-9);
    assert_true(fabs(c / 2 + 0.5 * sigma * sigma) < 0.02 * sigma * sigma);
    /* The spread: the log-levels are sigma times the mid-point normal quantiles. */
    double z = gsl_cdf_ugaussian_Pinv((MDL_EMP_LEVELS - 0.5) / MDL_EMP_LEVELS);
    assert_true(fabs(log(e[MDL_EMP_LEVELS - 1]) - log(e[0]) - 2 * sigma * z) < 1e-9);
    z = gsl_cdf_ugaussian_Pinv(128.5 / MDL_EMP_LEVELS);
    assert_true(fabs(log(e[128]) - log(e[127]) - 2 * sigma * z) < 1e-9);
    mdl_tables_free(&tab);
    mdl_scenario_free(&s);
  }
  /* sigma = 0: everybody exactly 1. */
  mdl_scenario s;
  mdl_tables tab;
  const char *zero = "labour.employability_sigma=0.0";
  tu_load(tu_small, &zero, 1, &s);
  assert_int_equal(mdl_tables_init(&tab, &s), SIM_OK);
  for (int i = 0; i < MDL_EMP_LEVELS; i++) assert_true(tab.emp_level[i] == 1.0);
  mdl_tables_free(&tab);
  mdl_scenario_free(&s);
}

/* The registry's defaults keep the documented age gradient (docs/model.md 7.2, 7.3): the young
 * lose and find jobs more often than the old, and job finding falls with the spell. */
static void test_default_gradients(void **state) {
  (void)state;
  mdl_scenario s;
  tu_load(tu_small, NULL, 0, &s);
  assert_true(s.separation[0] > s.separation[1] && s.separation[1] > s.separation[2]);
  assert_true(s.job_finding_age[0] > s.job_finding_age[1] && s.job_finding_age[1] > s.job_finding_age[2]);
  for (int b = 1; b < MDL_SPELL_BANDS; b++) assert_true(s.job_finding[b] <= s.job_finding[b - 1]);
  assert_true(s.job_finding[2] < s.job_finding[1]);
  mdl_scenario_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_band_edges),
      cmocka_unit_test(test_spell_band_edges_in_pass),
      cmocka_unit_test(test_age_band_edges_job_finding),
      cmocka_unit_test(test_age_band_edges_job_loss),
      cmocka_unit_test(test_job_finding_table),
      cmocka_unit_test(test_seniority_one_band),
      cmocka_unit_test(test_long_initial_spells_saturate),
      cmocka_unit_test(test_seniority_split),
      cmocka_unit_test(test_initial_ages),
      cmocka_unit_test(test_stationary_initial_spells),
      cmocka_unit_test(test_stationary_youth_inflow),
      cmocka_unit_test(test_stationary_age_structure),
      cmocka_unit_test(test_employability_table),
      cmocka_unit_test(test_jobless_employability),
      cmocka_unit_test(test_default_gradients),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
