/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_headline.c: the headline figures are what docs/model.md 7.10 says they are, computed from the
 * monthly rows a reader sees (sums over the reported months, last-month stocks, ratios), the total
 * row is the sum of the territories, and the program arm is wired through the real code path
 * (scenario -> derived thresholds -> monthly pass -> world step): EBE exit hazards, the national
 * cap, and a counterfactual arm that program parameters cannot touch. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/money.h"
#include "models/population.h"
#include "test_util.h"

/* tests/test_headline.c test_queue_order_fingerprint, measured at this commit. */
#define QUEUE_ORDER_FINGERPRINT 0xd2da7091e2588e78ULL

/* Three territories, the first of two blocks (> 4096 agents), different starts, demand and ramp. */
static const char three[] =
    "name = \"headline\"; start = \"2017-01\"; months = 30; seed = 11;\n"
    "territories = (\n"
    " { name = \"A\"; population = 9000; ppde_start = 700; unemployed_start = 600; program_start = \"2017-01\";\n"
    "   capacity_start = 10.0; hire_max = 6; },\n"
    " { name = \"B\"; population = 2500; ppde_start = 200; unemployed_start = 180; program_start = \"2017-07\";\n"
    "   capacity_mode = \"ramp\"; capacity_start = 5.0; capacity_max = 30.0; ramp_months = 18; hire_max = 4; },\n"
    " { name = \"C\"; population = 1500; ppde_start = 120; unemployed_start = 100; program_start = \"2018-01\";\n"
    "   capacity_start = 4.0; }\n"
    ");\n";

static int close_to(double got, double want) {
  if (isnan(got) || isnan(want)) return isnan(got) && isnan(want);
  double d = fabs(got - want);
  return d <= 1e-6 || d <= 1e-12 * fabs(want);
}

#define CHECK(got, want, what)                                                                                         \
  do {                                                                                                                 \
    double g_ = (got), w_ = (want);                                                                                    \
    if (!close_to(g_, w_)) fail_msg("group %d %s: headline %.17g, from the monthly rows %.17g", g, what, g_, w_);      \
  } while (0)

/* The headline figures of one group recomputed from the monthly means (one replication: the values). */
static void check_group(const sim_run_result *r, int g, const double *h, int cost_mode) {
  double bonus = 0, contrib = 0, funding = 0, gross = 0, net = 0, fte_years = 0, hires = 0, costs = 0, revenue = 0,
         deficit = 0;
  double person_years = 0, premise_gross = 0, premise_net = 0, cover = 0, startup = 0, loans = 0, subst = 0, local = 0;
  double payer[MDL_NPAYER] = {0}, comp[MDL_NCOMP] = {0};
  int T = r->reported_steps;
  for (int t = 0; t < T; t++) {
    funding += tu_val(r, t, g, MDL_PROG, MDL_M_FUNDING);
    gross += tu_val(r, t, g, MDL_PROG, MDL_M_AVOIDED_GROSS);
    net += tu_val(r, t, g, MDL_PROG, MDL_M_AVOIDED_NET);
    fte_years += tu_val(r, t, g, MDL_PROG, MDL_M_EBE_FTE) / 12.0;
    person_years += tu_val(r, t, g, MDL_PROG, MDL_M_EBE) / 12.0;
    hires += tu_val(r, t, g, MDL_PROG, MDL_M_HIRES);
    costs += tu_val(r, t, g, MDL_PROG, MDL_M_COSTS);
    revenue += tu_val(r, t, g, MDL_PROG, MDL_M_REVENUE);
    deficit += tu_val(r, t, g, MDL_PROG, MDL_M_DEFICIT);
    premise_gross += tu_val(r, t, g, MDL_PROG, MDL_M_PREMISE_GROSS);
    premise_net += tu_val(r, t, g, MDL_PROG, MDL_M_PREMISE_NET);
    cover += tu_val(r, t, g, MDL_PROG, MDL_M_DEFICIT_COVER);
    startup += tu_val(r, t, g, MDL_PROG, MDL_M_STARTUP);
    loans += tu_val(r, t, g, MDL_PROG, MDL_M_LOANS);
    subst += tu_val(r, t, g, MDL_PROG, MDL_M_SUBSTITUTION);
    local += tu_val(r, t, g, MDL_PROG, MDL_M_LOCAL_DYNAMICS);
    bonus += tu_val(r, t, g, MDL_PROG, MDL_M_ACTIVITY_BONUS);
    contrib += tu_val(r, t, g, MDL_PROG, MDL_M_EMPLOYER_CONTRIB);
    for (int p = 0; p < MDL_NPAYER; p++)
      payer[p] += tu_val(r, t, g, MDL_PROG, MDL_M_OUTLAY + p) - tu_val(r, t, g, MDL_CF, MDL_M_OUTLAY + p);
    for (int c = 0; c < MDL_NCOMP - 1; c++)
      comp[c] += tu_val(r, t, g, MDL_CF, MDL_M_SPEND_ARE + c) - tu_val(r, t, g, MDL_PROG, MDL_M_SPEND_ARE + c);
    comp[MDL_NCOMP - 1] +=
        tu_val(r, t, g, MDL_CF, MDL_M_ACTIVITY_BONUS) - tu_val(r, t, g, MDL_PROG, MDL_M_ACTIVITY_BONUS);
  }
  int L = T - 1;
  CHECK(h[MDL_H_EBE_HEADCOUNT], tu_val(r, L, g, MDL_PROG, MDL_M_EBE), "ebe_headcount");
  CHECK(h[MDL_H_EBE_FTE], tu_val(r, L, g, MDL_PROG, MDL_M_EBE_FTE), "ebe_fte");
  CHECK(h[MDL_H_PPDE_PROGRAM], tu_val(r, L, g, MDL_PROG, MDL_M_PPDE), "ppde_program");
  CHECK(h[MDL_H_PPDE_COUNTERFACTUAL], tu_val(r, L, g, MDL_CF, MDL_M_PPDE), "ppde_counterfactual");
  double reduction = tu_val(r, L, g, MDL_CF, MDL_M_PPDE) - tu_val(r, L, g, MDL_PROG, MDL_M_PPDE);
  CHECK(h[MDL_H_PPDE_REDUCTION], reduction, "ppde_reduction");
  CHECK(h[MDL_H_PUBLIC_FUNDING], funding, "public_funding_eur");
  CHECK(h[MDL_H_AVOIDED_GROSS], gross, "avoided_gross_eur");
  CHECK(h[MDL_H_AVOIDED_NET], net, "avoided_net_eur");
  CHECK(h[MDL_H_FTE_YEARS], fte_years, "fte_years");
  CHECK(h[MDL_H_PERSON_YEARS], person_years, "ebe_person_years");
  CHECK(h[MDL_H_HIRES], hires, "hires");
  CHECK(h[MDL_H_EBE_COSTS], costs, "ebe_costs_eur");
  CHECK(h[MDL_H_EBE_REVENUE], revenue, "ebe_revenue_eur");
  CHECK(h[MDL_H_EBE_DEFICIT], deficit, "ebe_deficit_eur");
  CHECK(h[MDL_H_PREMISE_GROSS], premise_gross, "premise_gross_eur");
  CHECK(h[MDL_H_PREMISE_NET], premise_net, "premise_net_eur");
  CHECK(h[MDL_H_DEFICIT_COVER], cover, "deficit_cover_eur");
  CHECK(h[MDL_H_STARTUP_GRANT], startup, "startup_grant_eur");
  CHECK(h[MDL_H_LOANS], loans, "loans_eur");
  CHECK(h[MDL_H_SUBSTITUTION], subst, "substitution_eur");
  CHECK(h[MDL_H_LOCAL_DYNAMICS], local, "local_dynamics_eur");
  double net_cost = 0;
  for (int p = 0; p < MDL_NPAYER; p++) {
    CHECK(h[MDL_H_NET_COST_PAYER + p], payer[p], "net_cost_<payer>_eur");
    net_cost += payer[p];
  }
  CHECK(h[MDL_H_NET_COST], net_cost, "net_cost_eur");
  /* docs/model.md 7.8: the payers' net costs add up to funding + deficit cover + substitution
   * (+ bonus - employer contributions outside situation mode) - the measured avoided cost. */
  double identity = funding + cover + subst - net;
  if (cost_mode != MDL_COST_SITUATION) identity += bonus - contrib;
  CHECK(net_cost, identity, "net_cost_eur against funding + cover + substitution - avoided_net");
  for (int c = 0; c < MDL_NCOMP; c++) CHECK(h[MDL_H_AVOIDED_NET_COMP + c], comp[c], "avoided_net_<component>_eur");
  CHECK(h[MDL_H_FUNDING_MINUS_GROSS], funding - gross, "funding_minus_avoided_gross_eur");
  CHECK(h[MDL_H_FUNDING_MINUS_NET], funding - net, "funding_minus_avoided_net_eur");
  double premise_cost = net_cost + net - premise_net;
  CHECK(h[MDL_H_NET_COST_PREMISE], premise_cost, "net_cost_premise_eur");
  CHECK(h[MDL_H_PPDE_CF_CHANGE], tu_val(r, L, g, MDL_CF, MDL_M_PPDE) - h[MDL_H_PPDE_CF_START],
        "ppde_counterfactual_change");
  /* The ratios of one replication. */
  CHECK(h[MDL_H_FUNDING_PER_FTE_YEAR], funding / fte_years, "funding_per_fte_year_eur");
  CHECK(h[MDL_H_NET_COST_PER_FTE_YEAR_NET], net_cost / fte_years, "net_cost_per_fte_year_net_eur");
  CHECK(h[MDL_H_NET_COST_PER_FTE_YEAR_GROSS], (funding - gross) / fte_years, "net_cost_per_fte_year_gross_eur");
  CHECK(h[MDL_H_NET_COST_PER_PERSON_OUT], reduction != 0 ? net_cost / reduction : (double)NAN,
        "net_cost_per_person_out_eur");
  CHECK(h[MDL_H_RATIO_NET], net / funding, "avoided_to_funding_ratio_net");
  CHECK(h[MDL_H_RATIO_GROSS], gross / funding, "avoided_to_funding_ratio_gross");
  CHECK(h[MDL_H_PREMISE_GROSS_PER_PERSON_YEAR], premise_gross / person_years, "premise_gross_per_person_year_eur");
  CHECK(h[MDL_H_PREMISE_GROSS_PER_FTE_YEAR], premise_gross / fte_years, "premise_gross_per_fte_year_eur");
  CHECK(h[MDL_H_PREMISE_NET_PER_PERSON_YEAR], premise_net / person_years, "premise_net_per_person_year_eur");
  CHECK(h[MDL_H_PREMISE_NET_PER_FTE_YEAR], premise_net / fte_years, "premise_net_per_fte_year_eur");
  CHECK(h[MDL_H_AVOIDED_GROSS_PER_PERSON_YEAR], gross / person_years, "avoided_gross_per_person_year_eur");
  CHECK(h[MDL_H_AVOIDED_GROSS_PER_FTE_YEAR], gross / fte_years, "avoided_gross_per_fte_year_eur");
  CHECK(h[MDL_H_AVOIDED_NET_PER_PERSON_YEAR], net / person_years, "avoided_net_per_person_year_eur");
  CHECK(h[MDL_H_AVOIDED_NET_PER_FTE_YEAR], net / fte_years, "avoided_net_per_fte_year_eur");
  CHECK(h[MDL_H_NET_COST_PER_FTE_YEAR_PREMISE], premise_cost / fte_years, "net_cost_per_fte_year_premise_eur");
  CHECK(h[MDL_H_PPDE_DRIFT], (tu_val(r, L, g, MDL_CF, MDL_M_PPDE) - h[MDL_H_PPDE_CF_START]) / h[MDL_H_PPDE_CF_START],
        "ppde_drift_counterfactual");
}

static void test_headline_from_monthly_rows(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"replications=1"};
  tu_load(three, sets, 1, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  int K = s.n_territories;
  assert_int_equal(r.replications, 1);
  assert_true(r.headline_width >= (size_t)(K + 1) * MDL_H_COUNT);
  for (int g = 0; g <= K; g++) {
    const double *h = r.headline + (size_t)g * MDL_H_COUNT;
    assert_true(h[MDL_H_HIRES] > 0 && h[MDL_H_FTE_YEARS] > 0 && h[MDL_H_PPDE_REDUCTION] != 0);
    check_group(&r, g, h, s.cost_mode);
  }
  /* The total row is the territories' rows added in list order, bit for bit, for every additive
   * metric (the two means are not sums). */
  for (int t = 0; t < r.reported_steps; t++)
    for (int a = 0; a < MDL_NARM; a++)
      for (int m = 0; m < MDL_M_COUNT; m++) {
        if (m == MDL_M_QUEUE_WAIT_MEAN || m == MDL_M_EBE_MEAN_AGE) continue;
        double sum = 0;
        for (int k = 0; k < K; k++) sum += tu_val(&r, t, k, a, m);
        if (tu_val(&r, t, K, a, m) != sum)
          fail_msg("step %d arm %d metric %s: total %.17g, territories %.17g", t, a, mdl_metric_names[m],
                   tu_val(&r, t, K, a, m), sum);
      }
  /* The total's additive headline figures are the territories' (to rounding: summed the other way). */
  static const int additive[] = {MDL_H_EBE_HEADCOUNT,  MDL_H_EBE_FTE,
                                 MDL_H_PPDE_PROGRAM,   MDL_H_PPDE_COUNTERFACTUAL,
                                 MDL_H_PPDE_REDUCTION, MDL_H_PUBLIC_FUNDING,
                                 MDL_H_AVOIDED_GROSS,  MDL_H_AVOIDED_NET,
                                 MDL_H_FTE_YEARS,      MDL_H_HIRES,
                                 MDL_H_EBE_COSTS,      MDL_H_EBE_REVENUE,
                                 MDL_H_EBE_DEFICIT,    MDL_H_NET_COST,
                                 MDL_H_PERSON_YEARS,   MDL_H_PPDE_CF_START,
                                 MDL_H_EBE_CF_IN_WORK};
  for (size_t i = 0; i < sizeof additive / sizeof *additive; i++) {
    double sum = 0;
    for (int k = 0; k < K; k++) sum += r.headline[(size_t)k * MDL_H_COUNT + (size_t)additive[i]];
    double tot = r.headline[(size_t)K * MDL_H_COUNT + (size_t)additive[i]];
    if (fabs(tot - sum) > 1e-6 + 1e-12 * fabs(sum))
      fail_msg("total %s: %.17g, territories %.17g", mdl_figures[additive[i]].name, tot, sum);
  }
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* With several replications the mean of each summed figure is the sum of the monthly means. */
static void test_headline_means_over_replications(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"replications=3"};
  tu_load(three, sets, 1, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  int K = s.n_territories;
  for (int g = 0; g <= K; g++) {
    double h[MDL_H_COUNT];
    memset(h, 0, sizeof h);
    for (uint32_t rep = 0; rep < r.replications; rep++)
      for (int f = 0; f < MDL_H_COUNT; f++)
        h[f] += r.headline[rep * r.headline_width + (size_t)g * MDL_H_COUNT + (size_t)f] / r.replications;
    double funding = 0, net_cost = 0, fte_years = 0;
    for (int t = 0; t < r.reported_steps; t++) {
      funding += tu_val(&r, t, g, MDL_PROG, MDL_M_FUNDING);
      fte_years += tu_val(&r, t, g, MDL_PROG, MDL_M_EBE_FTE) / 12.0;
      for (int p = 0; p < MDL_NPAYER; p++)
        net_cost += tu_val(&r, t, g, MDL_PROG, MDL_M_OUTLAY + p) - tu_val(&r, t, g, MDL_CF, MDL_M_OUTLAY + p);
    }
    assert_true(fabs(h[MDL_H_PUBLIC_FUNDING] - funding) <= 1e-9 * fabs(funding) + 1e-6);
    assert_true(fabs(h[MDL_H_FTE_YEARS] - fte_years) <= 1e-9 * fabs(fte_years) + 1e-6);
    assert_true(fabs(h[MDL_H_NET_COST] - net_cost) <= 1e-9 * fabs(net_cost) + 1e-6);
    int L = r.reported_steps - 1;
    assert_true(fabs(h[MDL_H_PPDE_REDUCTION] -
                     (tu_val(&r, L, g, MDL_CF, MDL_M_PPDE) - tu_val(&r, L, g, MDL_PROG, MDL_M_PPDE))) < 1e-6);
  }
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* Sum of a program-arm flow over the run, all territories. */
static double flow(const sim_run_result *r, int K, int metric) {
  double x = 0;
  for (int t = 0; t < r->reported_steps; t++) x += tu_val(r, t, K, MDL_PROG, metric);
  return x;
}

/* The EBE's two exit hazards reach the pass each as itself. */
static void test_ebe_exit_hazards_not_swapped(void **state) {
  (void)state;
  const char *to_job[] = {"replications=1", "territories.*.ebe_to_job_rate=0.05", "territories.*.ebe_quit_rate=0"};
  const char *quit[] = {"replications=1", "territories.*.ebe_to_job_rate=0", "territories.*.ebe_quit_rate=0.05"};
  const char *both[] = {"replications=1", "territories.*.ebe_to_job_rate=0.04", "territories.*.ebe_quit_rate=0.04"};
  for (int v = 0; v < 3; v++) {
    mdl_scenario s;
    tu_load(three, v == 0 ? to_job : v == 1 ? quit : both, 3, &s);
    sim_run_result r;
    mdl_world *w = tu_run(&s, 2, &r);
    int K = s.n_territories;
    double j = flow(&r, K, MDL_M_EBE_TO_JOB), q = flow(&r, K, MDL_M_EBE_TO_PPDE);
    if (v == 0) {
      assert_true(j > 0);
      assert_true(q == 0);
    } else if (v == 1) {
      assert_true(j == 0);
      assert_true(q > 0);
    } else { /* equal hazards: both flows, of similar size (the quit threshold is the sum's) */
      assert_true(j > 0 && q > 0);
      assert_true(q > 0.5 * j && q < 2.0 * j);
    }
    for (int t = 0; t < r.reported_steps; t++) /* and never in the counterfactual arm */
      assert_true(tu_val(&r, t, K, MDL_CF, MDL_M_EBE_TO_JOB) == 0 && tu_val(&r, t, K, MDL_CF, MDL_M_EBE_TO_PPDE) == 0);
    sim_run_result_free(&r);
    mdl_world_free(w);
    mdl_scenario_free(&s);
  }
}

/* The national cap binds exactly: with whole-time hires only, the EBE's FTE never exceeds the cap
 * and reaches it exactly; with the default working times it stays within one hire below. */
static void test_national_cap_binds_exactly(void **state) {
  (void)state;
  for (int v = 0; v < 2; v++) {
    const char *whole[] = {"replications=1", "territories.*.initial_volunteer_share=0.9",
                           "calendar.cde_fte_cap=((\"2016-01\", 23.0))", "ebe.fte_values=[1.0, 1.0, 1.0, 1.0, 1.0]"};
    mdl_scenario s;
    tu_load(three, whole, v == 0 ? 4 : 3, &s);
    sim_run_result r;
    mdl_world *w = tu_run(&s, 2, &r);
    int K = s.n_territories;
    double top = 0;
    for (int t = 0; t < r.reported_steps; t++) {
      double f = tu_val(&r, t, K, MDL_PROG, MDL_M_EBE_FTE);
      assert_true(f <= 23.0 + 1e-9);
      if (f > top) top = f;
    }
    if (v == 0)
      assert_true(top == 23.0);
    else
      assert_true(top > 23.0 - 1.0);
    sim_run_result_free(&r);
    mdl_world_free(w);
    mdl_scenario_free(&s);
  }
}

/* Program parameters cannot touch the counterfactual arm: every counterfactual cell bit for bit. */
static void test_counterfactual_untouched_by_program_keys(void **state) {
  (void)state;
  const char *a[] = {"replications=2"};
  const char *b[] = {"replications=2", "territories.*.volunteer_rate=0.09", "territories.*.hire_max=2",
                     "territories.*.ebe_quit_rate=0.02"};
  mdl_scenario sa, sb;
  tu_load(three, a, 1, &sa);
  tu_load(three, b, 4, &sb);
  sim_run_result ra, rb;
  mdl_world *wa = tu_run(&sa, 2, &ra), *wb = tu_run(&sb, 2, &rb);
  int K = sa.n_territories, differs = 0;
  assert_int_equal(ra.reported_steps, rb.reported_steps);
  for (int t = 0; t < ra.reported_steps; t++)
    for (int g = 0; g <= K; g++) {
      for (int m = 0; m < MDL_M_COUNT; m++) {
        const sim_stats_acc *x = tu_cell(&ra, t, g, MDL_CF, m), *y = tu_cell(&rb, t, g, MDL_CF, m);
        if (memcmp(&x->mean, &y->mean, sizeof x->mean) != 0 || memcmp(&x->m2, &y->m2, sizeof x->m2) != 0)
          fail_msg("step %d group %d counterfactual %s differs", t, g, mdl_metric_names[m]);
      }
      differs += tu_val(&ra, t, g, MDL_PROG, MDL_M_HIRES) != tu_val(&rb, t, g, MDL_PROG, MDL_M_HIRES);
    }
  assert_true(differs > 0); /* the program arm did change */
  sim_run_result_free(&ra);
  sim_run_result_free(&rb);
  mdl_world_free(wa);
  mdl_world_free(wb);
  mdl_scenario_free(&sa);
  mdl_scenario_free(&sb);
}

/* The queue serves a month's volunteers in slot order, block after block. Everybody volunteers in
 * the first month of a territory of three blocks whose initial PPDE (the first slots, §5) fill two
 * of them, and the EBE takes 3 a month for two years: which
 * volunteers are hired decides (through their own draws of working time, exits and so on) the
 * program arm's rows. No public API shows the slots, so this pins a fingerprint of the program
 * arm's EBE FTE column, as measured at this commit: any change of the hiring order (served from
 * the last block first, from the tail...) moves it. A deliberate change of the model that moves it
 * must re-measure it (the test prints the new value). */
static void test_queue_order_fingerprint(void **state) {
  (void)state;
  static const char one[] =
      "name = \"order\"; start = \"2017-01\"; months = 24; seed = 5; replications = 1;\n"
      "territories = ({ name = \"A\"; population = 11000; ppde_start = 6500; unemployed_start = 700;\n"
      "  program_start = \"2017-01\"; capacity_mode = \"ramp\"; capacity_start = 200.0; capacity_max = 200.0;\n"
      "  ramp_months = 0; hire_max = 3; initial_volunteer_share = 1.0; volunteer_rate = 0.0; queue_leave_rate = 0.0; "
      "});\n";
  mdl_scenario s;
  tu_load(one, NULL, 0, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  uint64_t h = 0xcbf29ce484222325ULL;
  double fte = 0;
  for (int t = 0; t < r.reported_steps; t++) {
    double x = tu_val(&r, t, 0, MDL_PROG, MDL_M_EBE_FTE);
    fte += x;
    int64_t pct = (int64_t)llround(x * 100.0);
    for (int i = 0; i < 8; i++) {
      h ^= (uint64_t)((pct >> (8 * i)) & 0xff);
      h *= 0x100000001b3ULL;
    }
  }
  print_message("  queue order fingerprint: %016llx (sum of monthly EBE FTE %.2f)\n", (unsigned long long)h, fte);
  assert_true(tu_val(&r, 0, 0, MDL_PROG, MDL_M_HIRES) == 3.0);
  assert_int_equal(h, QUEUE_ORDER_FINGERPRINT);
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

/* The EBE's fixed costs and loans follow each EBE's age through the world step: an EBE costs the
 * fixed cost a month, plus the start-up surcharge in its first startup_months months (ages 0 ..
 * startup_months - 1), and brings its loan in its opening month (age 0) only. */
static void test_fixed_costs_and_loans_by_age(void **state) {
  (void)state;
  const char *sets[] = {"replications=1", "money.loan_per_ebe_eur=100000", "money.ebe_fixed_cost_eur_per_month=6000",
                        "money.ebe_startup_surcharge_eur_per_month=4000", "money.ebe_startup_months=12"};
  mdl_scenario s;
  tu_load(three, sets, 5, &s);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  int K = s.n_territories, seen_young = 0, seen_old = 0;
  for (int k = 0; k < K; k++) {
    double loans = 0;
    for (int t = 0; t < r.reported_steps; t++) {
      double n = tu_val(&r, t, k, MDL_PROG, MDL_M_EBE_COUNT), age = tu_val(&r, t, k, MDL_PROG, MDL_M_EBE_MEAN_AGE);
      double fixed = tu_val(&r, t, k, MDL_PROG, MDL_M_FIXED_COSTS), loan = tu_val(&r, t, k, MDL_PROG, MDL_M_LOANS);
      loans += loan;
      if (n != 1.0) continue; /* one EBE: its age is the mean age */
      double want = 6000.0 + (age < 12.0 ? 4000.0 : 0.0);
      if (fixed != want)
        fail_msg("territory %d step %d: EBE aged %g months, fixed costs %g, expected %g", k, t, age, fixed, want);
      if (loan != (age == 0.0 ? 100000.0 : 0.0))
        fail_msg("territory %d step %d: EBE aged %g months, loans %g", k, t, age, loan);
      seen_young += age == 11.0;
      seen_old += age == 12.0;
    }
    /* Every EBE opened within the run brought one loan, none closes. */
    double last = tu_val(&r, r.reported_steps - 1, k, MDL_PROG, MDL_M_EBE_COUNT);
    assert_true(last >= 1.0);
    assert_true(loans == 100000.0 * last);
  }
  assert_true(seen_young > 0 && seen_old > 0); /* the boundary of the start-up period was crossed */
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_headline_from_monthly_rows),
      cmocka_unit_test(test_headline_means_over_replications),
      cmocka_unit_test(test_ebe_exit_hazards_not_swapped),
      cmocka_unit_test(test_national_cap_binds_exactly),
      cmocka_unit_test(test_counterfactual_untouched_by_program_keys),
      cmocka_unit_test(test_queue_order_fingerprint),
      cmocka_unit_test(test_fixed_costs_and_loans_by_age),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
