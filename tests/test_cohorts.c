/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cohorts.c: cohorts.csv, the beneficiary cohorts (docs/model.md section 7.11): its header, no
 * rows without the program, and a closed check against the per-arm stocks of monthly.csv in a
 * scenario where every hire happens in one month and nobody leaves the EBE. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

static const char *join(const char *dir, const char *file) {
  static char buf[4][4200];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, file);
  return buf[k];
}

#define HEADER                                                                                                         \
  "territory,cohort,population,horizon_months,persons,counterfactual_employed,counterfactual_precarious,"              \
  "counterfactual_ebe,counterfactual_unemployed,counterfactual_ppde,counterfactual_out,program_employed,"              \
  "program_precarious,program_ebe,program_unemployed,"                                                                 \
  "program_ppde,program_out,employment_rate_counterfactual_pct,employment_rate_counterfactual_pct_lo,"                 \
  "employment_rate_counterfactual_pct_hi,employment_rate_program_pct,employment_rate_program_pct_lo,"                  \
  "employment_rate_program_pct_hi,effect_pp,effect_pp_lo,effect_pp_hi,effect_classic_pp,effect_classic_pp_lo,"         \
  "effect_classic_pp_hi,replications\n"

/* Columns of cohorts.csv after the four labels. */
enum {
  PERSONS,
  CF_EMP,
  CF_PREC,
  CF_EBE,
  CF_UNEMP,
  CF_PPDE,
  CF_OUT,
  PG_EMP,
  PG_PREC,
  PG_EBE,
  PG_UNEMP,
  PG_PPDE,
  PG_OUT,
  RATE_CF,
  RATE_CF_LO,
  RATE_CF_HI,
  RATE_PG,
  RATE_PG_LO,
  RATE_PG_HI,
  EFFECT,
  EFFECT_LO,
  EFFECT_HI,
  CLASSIC,
  CLASSIC_LO,
  CLASSIC_HI,
  REPS,
  NCOL
};

/* The numbers of the row that starts with `labels` ("A,2017-H1,hired,24,"); 0 if there is none. */
static int cohort_row(const char *csv, const char *labels, double v[NCOL]) {
  char want[256];
  snprintf(want, sizeof want, "\n%s", labels);
  const char *p = strstr(csv, want);
  if (!p) return 0;
  p += strlen(want);
  for (int i = 0; i < NCOL; i++) {
    char *end;
    v[i] = strtod(p, &end);
    if (end == p) v[i] = (double)NAN;
    p = strchr(end, i + 1 < NCOL ? ',' : '\n');
    if (!p) fail_msg("short row %s", labels);
    p++;
  }
  return 1;
}

/* A metric of monthly.csv (single replication: no interval columns) at a date and arm. */
static double monthly_value(const char *csv, const char *territory, const char *date, const char *arm,
                            const char *metric) {
  const char *nl = strchr(csv, '\n');
  int col = -1, c = 0;
  size_t mlen = strlen(metric);
  for (const char *p = csv; p < nl; c++) {
    const char *e = strpbrk(p, ",\n");
    if ((size_t)(e - p) == mlen && strncmp(p, metric, mlen) == 0) col = c;
    p = e + 1;
  }
  if (col < 0) fail_msg("no column %s", metric);
  char want[256];
  snprintf(want, sizeof want, "\n%s,%s,%s,", territory, date, arm);
  const char *p = strstr(csv, want);
  if (!p) fail_msg("no row %s", want + 1);
  p++;
  for (int i = 0; i < col; i++) p = strchr(p, ',') + 1;
  return atof(p);
}

static const char *write_scenario(const char *name, const char *extra) {
  static char path[4200];
  snprintf(path, sizeof path, "%s/%s.cfg", e2e_scratch, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  /* Every PPDE volunteers in the program's first month, nobody later; capacity and hire_max let
   * the EBE hire them all at once, and nobody leaves the EBE but by leaving the population. */
  fprintf(f,
          "name = \"%s\";\nstart = \"2017-01\";\nmonths = 40;\nseed = 11;\nreplications = 1;\n%s\n"
          "territories = (\n"
          "  { name = \"A\"; population = 3000; ppde_start = 300; unemployed_start = 250; program_start = "
          "\"2017-03\";\n"
          "    capacity_start = 1000.0; capacity_max = 1000.0; ramp_months = 0; hire_max = 100000;\n"
          "    initial_volunteer_share = 1.0; volunteer_rate = 0.0; ebe_to_job_rate = 0.0; ebe_quit_rate = 0.0; }\n"
          ");\n",
          name, extra);
  fclose(f);
  return path;
}

/* The header, exactly. */
static void test_header(void **state) {
  (void)state;
  const char *d = e2e_path("header");
  e2e_result r = e2e_run((const char *[]){"run", "-r", "2", "--set", "months=12", "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char *csv = e2e_slurp(join(d, "cohorts.csv"), NULL);
  assert_non_null(csv);
  assert_memory_equal(csv, HEADER, strlen(HEADER));
  /* Horizons not reached in 12 months are not reported; reached ones are. */
  assert_non_null(strstr(csv, "\ntotal,2017-H1,hired,6,"));
  assert_null(strstr(csv, ",hired,12,"));
  assert_null(strstr(csv, ",avg24,"));
  free(csv);
}

/* Without the program nobody is hired or volunteers: the header and no row (so no effect but 0). */
static void test_program_off(void **state) {
  (void)state;
  const char *d = e2e_path("off");
  e2e_result r = e2e_run((const char *[]){"run", "-r", "3", "--set", "months=40", "--set", "program_enabled=false",
                                          "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char *csv = e2e_slurp(join(d, "cohorts.csv"), NULL);
  assert_non_null(csv);
  assert_string_equal(csv, HEADER);
  free(csv);
}

/* In work in territory A: a stable job, or a precarious one (the holder keeps a jobless status). */
static double work(const char *monthly, const char *date, const char *arm) {
  return monthly_value(monthly, "A", date, arm, "employed") +
         monthly_value(monthly, "A", date, arm, "unemployed_precarious") +
         monthly_value(monthly, "A", date, arm, "ppde_precarious");
}

/* All hires in one month, no EBE exits. Everyone but the hired lives the same life in both arms (the
 * volunteers are all hired, entrants in the slots of leavers are the same in both arms), so the
 * hired cohort's difference between the arms is the whole population's: at +h months,
 *   persons x effect_pp / 100 = (work + ebe)[program] - work[counterfactual]  (monthly.csv)
 *   persons x effect_classic_pp / 100 = work[program] - work[counterfactual],
 * where work = employed + unemployed_precarious + ppde_precarious (a stable or a precarious job),
 * the cohort's program-arm EBE headcount is the EBE stock, and the rest of it has left the population
 * (as many in both arms). */
static void test_closed_check_one_hiring_month(void **state) {
  (void)state;
  const char *d = e2e_path("one");
  e2e_result r = e2e_run((const char *[]){"run", write_scenario("one", ""), "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char *csv = e2e_slurp(join(d, "cohorts.csv"), NULL), *monthly = e2e_slurp(join(d, "monthly.csv"), NULL);
  assert_non_null(csv);
  assert_non_null(monthly);
  /* Hires in March 2017 only. */
  double hired = monthly_value(monthly, "A", "2017-03", "program", "hires");
  assert_true(hired > 100);
  static const char *const months[] = {"2017-01", "2017-02", "2017-04", "2017-05", "2017-09", "2018-03"};
  for (size_t i = 0; i < sizeof months / sizeof *months; i++)
    assert_true(monthly_value(monthly, "A", months[i], "program", "hires") == 0.0);
  static const struct {
    const char *label, *date;
  } at[] = {{"A,2017-H1,hired,6,", "2017-09"},
            {"A,2017-H1,hired,12,", "2018-03"},
            {"A,2017-H1,hired,24,", "2019-03"},
            {"A,2017-H1,hired,36,", "2020-03"}};
  for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
    double v[NCOL];
    if (!cohort_row(csv, at[i].label, v)) fail_msg("no row %s", at[i].label);
    assert_true(v[PERSONS] == hired);
    assert_true(v[REPS] == 1);
    double emp_cf = work(monthly, at[i].date, "counterfactual"), emp_pg = work(monthly, at[i].date, "program");
    double ebe_pg = monthly_value(monthly, "A", at[i].date, "program", "ebe");
    assert_true(v[PG_EBE] == ebe_pg);
    assert_true(v[PG_EMP] == 0 && v[PG_PREC] == 0 && v[PG_UNEMP] == 0 && v[PG_PPDE] == 0 && v[CF_EBE] == 0);
    assert_true(v[PG_EBE] + v[PG_OUT] == v[PERSONS]);
    assert_true(v[CF_OUT] == v[PG_OUT]);
    assert_true(v[CF_EMP] + v[CF_PREC] + v[CF_UNEMP] + v[CF_PPDE] + v[CF_OUT] == v[PERSONS]);
    if (fabs(v[PERSONS] * v[EFFECT] / 100.0 - (emp_pg + ebe_pg - emp_cf)) > 1e-6)
      fail_msg("%s: effect %.6f pp of %.0f persons, monthly.csv difference %.0f", at[i].label, v[EFFECT], v[PERSONS],
               emp_pg + ebe_pg - emp_cf);
    assert_true(fabs(v[PERSONS] * v[CLASSIC] / 100.0 - (emp_pg - emp_cf)) < 1e-6);
    assert_true(fabs(v[RATE_CF] - 100.0 * (v[CF_EMP] + v[CF_PREC]) / v[PERSONS]) < 1e-9);
    assert_true(fabs(v[RATE_PG] - v[RATE_CF] - v[EFFECT]) < 1e-9);
  }
  /* The 24-month average: the mean of the monthly differences of April 2017 .. March 2019. */
  double v[NCOL], diff = 0, ebe = 0;
  assert_true(cohort_row(csv, "A,2017-H1,hired,avg24,", v));
  for (int m = 0; m < 24; m++) {
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d", 2017 + (3 + m) / 12, (3 + m) % 12 + 1);
    diff += work(monthly, date, "program") + monthly_value(monthly, "A", date, "program", "ebe") -
            work(monthly, date, "counterfactual");
    ebe += monthly_value(monthly, "A", date, "program", "ebe");
  }
  assert_true(fabs(v[PERSONS] * v[EFFECT] / 100.0 - diff / 24.0) < 1e-6);
  assert_true(fabs(v[PG_EBE] - ebe / 24.0) < 1e-6);
  /* Nobody volunteered without being hired; the total repeats the one territory. */
  assert_null(strstr(csv, "volunteers_not_hired"));
  double t[NCOL];
  assert_true(cohort_row(csv, "total,2017-H1,hired,24,", t));
  assert_true(cohort_row(csv, "A,2017-H1,hired,24,", v));
  assert_memory_equal(t, v, sizeof t);
  /* One hiring half-year: "all" pools only it. */
  assert_true(cohort_row(csv, "A,all,hired,24,", t));
  assert_memory_equal(t, v, sizeof t);
  free(csv);
  free(monthly);
}

/* Volunteers not hired: a capacity that hires only some of the first month's volunteers leaves the
 * others waiting; they appear by their volunteering half-year, and no one is in both tables' first
 * half-year rows more than there were volunteers. */
static void test_volunteers_not_hired(void **state) {
  (void)state;
  const char *d = e2e_path("wait");
  e2e_result r = e2e_run((const char *[]){"run", write_scenario("wait", ""), "--set", "territories.A.capacity_max=60",
                                          "--set", "territories.A.capacity_start=60", "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char *csv = e2e_slurp(join(d, "cohorts.csv"), NULL), *monthly = e2e_slurp(join(d, "monthly.csv"), NULL);
  assert_non_null(csv);
  double h[NCOL], w[NCOL];
  assert_true(cohort_row(csv, "A,2017-H1,hired,6,", h));
  assert_true(cohort_row(csv, "A,2017-H1,volunteers_not_hired,6,", w));
  double volunteers = monthly_value(monthly, "A", "2017-03", "program", "volunteers_new");
  assert_true(w[PERSONS] > 0);
  assert_true(h[PERSONS] + w[PERSONS] <= volunteers);
  /* Never hired: nobody of them is in the EBE, and the program does nothing else for them. */
  assert_true(w[PG_EBE] == 0);
  assert_true(w[EFFECT] == 0 && w[CLASSIC] == 0);
  free(csv);
  free(monthly);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_header),
      cmocka_unit_test(test_program_off),
      cmocka_unit_test(test_closed_check_one_hiring_month),
      cmocka_unit_test(test_volunteers_not_hired),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
