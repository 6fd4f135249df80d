/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_compare2.c: compare cannot mislead: scenarios with different calendars are refused or run on
 * their common months with a notice, a replaced seed is named, --vary can move keys together, and
 * the terminal tables of run and compare fit 100 columns (and --quiet keeps them). */
#define _DEFAULT_SOURCE /* realpath */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

/* A JSON file as one line: jansson writes each member on its own indented line. */
static char *json_flat(char *text) {
  if (!text) return NULL;
  char *w = text;
  for (const char *r = text; *r; r++) {
    if (*r == '\n') {
      while (r[1] == ' ') r++;
      continue;
    }
    *w++ = *r;
  }
  *w = '\0';
  return text;
}

#define PILOTS "../scenarios/pilots.cfg"

static const char *join(const char *dir, const char *file) {
  static char buf[4][4096];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, file);
  return buf[k];
}

/* pilots.cfg with some top-level lines replaced ("months = 120;" -> "months = 30;"), in scratch. */
static const char *variant_of_pilots(const char *name, const char *const *from_in, const char *const *to_in, int n) {
  char *text = e2e_slurp(PILOTS, NULL);
  assert_non_null(text);
  /* pilots.cfg includes common.cfg beside it: the copy names it by its full path. */
  char common[4200], include[4300], *abs = realpath("../scenarios/common.cfg", NULL);
  assert_non_null(abs);
  snprintf(common, sizeof common, "%s", abs);
  free(abs);
  snprintf(include, sizeof include, "@include \"%s\"", common);
  const char *from[8] = {"@include \"common.cfg\""}, *to[8] = {include};
  for (int i = 0; i < n && i < 7; i++) {
    from[i + 1] = from_in[i];
    to[i + 1] = to_in[i];
  }
  n++;
  for (int i = 0; i < n; i++) {
    char *at = strstr(text, from[i]);
    if (!at) fail_msg("pilots.cfg has no line '%s'", from[i]);
    size_t lf = strlen(from[i]), lt = strlen(to[i]), rest = strlen(at + lf);
    char *grown = malloc(strlen(text) - lf + lt + 1);
    assert_non_null(grown);
    memcpy(grown, text, (size_t)(at - text));
    memcpy(grown + (at - text), to[i], lt);
    memcpy(grown + (at - text) + lt, at + lf, rest + 1);
    free(text);
    text = grown;
  }
  const char *path = e2e_path(name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
  free(text);
  return path;
}

/* Every line of text at most 100 columns (UTF-8 characters), except those naming the output folder. */
static void expect_narrow(const char *text, const char *outdir) {
  const char *line = text;
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    int cols = 0;
    for (size_t i = 0; i < len; i++) cols += ((unsigned char)line[i] & 0xC0) != 0x80;
    char shown[512];
    snprintf(shown, sizeof shown, "%.*s", (int)(len < 500 ? len : 500), line);
    if (cols > 100 && !strstr(shown, outdir)) fail_msg("line of %d columns: %s", cols, shown);
    if (!end) break;
    line = end + 1;
  }
}

/* 120 months against 30: refused with both calendars and the way out; nothing written. */
static void test_different_horizons_refused(void **state) {
  (void)state;
  const char *short_cfg = variant_of_pilots("short.cfg", (const char *[]){"months = 120;", "name = \"pilots\";"},
                                            (const char *[]){"months = 30;", "name = \"short\";"}, 2);
  const char *out = e2e_path("horizons");
  e2e_result r =
      e2e_run((const char *[]){"compare", PILOTS, short_cfg, "--set", "scale=40", "-r", "1", "-o", out, NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err,
                      "command line: compare: the scenarios cover different horizons: A \"pilots\" 2017-01 to 2026-12 "
                      "(120 months), B \"short\" 2017-01 to 2019-06 (30 months) (expected the same months; "
                      "--common-months "
                      "compares them on their 30 common months, 2017-01 to 2019-06)\n");
  assert_string_equal(r.out, "");
  assert_false(e2e_exists(out));
  e2e_result_free(&r);
}

/* --common-months: the longer scenario runs the common months, with a notice, and its result is
 * exactly a run of it with that horizon; every file records the calendar. */
static void test_common_months(void **state) {
  (void)state;
  const char *short_cfg = variant_of_pilots("short2.cfg", (const char *[]){"months = 120;", "name = \"pilots\";"},
                                            (const char *[]){"months = 30;", "name = \"short\";"}, 2);
  const char *out = e2e_path("common"), *plain = e2e_path("common-plain");
  e2e_result r = e2e_run((const char *[]){"compare", PILOTS, short_cfg, "--set", "scale=40", "-r", "2", "-t", "1",
                                          "--common-months", "-o", out, "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.err, "compare: notice: A \"pilots\" runs its first 30 of 120 months (2017-01 to 2019-06), the "
                             "months every "
                             "scenario covers (--common-months)\n");
  assert_non_null(
      strstr(r.out,
             "     2017-01 to 2019-06, 30 months (of its 120: --common-months)\n     seed 20170101, 2 replications\n"));
  e2e_result_free(&r);
  char *js = json_flat(e2e_slurp(join(out, "compare.json"), NULL));
  assert_non_null(js);
  assert_non_null(
      strstr(js, "\"calendar\": {\"start\": \"2017-01\",\"end\": \"2019-06\",\"months\": 30,\"common_months\": true}"));
  assert_non_null(strstr(js, "\"start\": \"2017-01\",\"months\": 30,\"months_in_scenario\": 120,\"seed\": 20170101,"
                             "\"seed_in_scenario\": 20170101,\"replications\": 2,\"replications_in_scenario\": 2}"));
  assert_non_null(strstr(js, "\"months\": 30,\"months_in_scenario\": 30,"));
  free(js);
  char *csv = e2e_slurp(join(out, "compare.csv"), NULL);
  assert_non_null(csv);
  assert_true(strncmp(csv, "territory,figure,unit,scenario,kind,mean,lo,hi,n,start,months,seed,replications\n", 80) ==
              0);
  assert_non_null(strstr(csv, ",2,2017-01,30,20170101,2\n"));
  assert_null(strstr(csv, ",2017-01,120,"));
  free(csv);
  /* A's result is a plain run of pilots over 30 months. */
  r = e2e_run((const char *[]){"run", PILOTS, "--set", "scale=40", "--set", "months=30", "-r", "2", "-t", "1", "-o",
                               plain, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  assert_true(e2e_same_file(join(out, "scenarios/1-pilots/monthly.csv"), join(plain, "monthly.csv")));
  assert_true(e2e_same_file(join(out, "scenarios/1-pilots/summary.json"), join(plain, "summary.json")));
}

/* Different starts cannot be aligned: refused even with --common-months. */
static void test_different_starts_refused(void **state) {
  (void)state;
  const char *early = variant_of_pilots("early.cfg", (const char *[]){"start = \"2017-01\";", "name = \"pilots\";"},
                                        (const char *[]){"start = \"2016-01\";", "name = \"early\";"}, 2);
  const char *out = e2e_path("starts");
  e2e_result r = e2e_run((const char *[]){"compare", PILOTS, early, "--set", "months=36", "--set", "scale=40",
                                          "--common-months", "-o", out, NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err,
                      "command line: compare: the scenarios start at different months: A \"pilots\" 2017-01 to 2019-12 "
                      "(36 months), B \"early\" 2016-01 to 2018-12 (36 months) (expected the same start: figures are "
                      "paired "
                      "month by month from it; e.g. --set start=YYYY-MM)\n");
  assert_false(e2e_exists(out));
  e2e_result_free(&r);
}

/* One's own scenario with its own seed: the seed used for all is named, and the files record both. */
static void test_seed_notice(void **state) {
  (void)state;
  const char *mine =
      variant_of_pilots("mine.cfg", (const char *[]){"seed = 20170101;", "name = \"pilots\";", "replications = 1;"},
                        (const char *[]){"seed = 42;", "name = \"mine\";", "replications = 3;"}, 3);
  const char *out = e2e_path("seed");
  e2e_result r = e2e_run((const char *[]){"compare", PILOTS, mine, "--set", "months=12", "--set", "scale=40", "-t", "1",
                                          "-o", out, "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.err,
                      "compare: notice: B \"mine\" has seed 42; it runs with seed 20170101, A's, so that the "
                      "differences are "
                      "paired (-s SEED sets the seed of all)\n"
                      "compare: notice: B \"mine\" has 3 replications; it runs 1, A's (-r N sets those of all)\n");
  assert_non_null(strstr(r.out, "2 scenarios, seed 20170101 for all (the first scenario's), 1 replication each\n"));
  assert_non_null(strstr(r.out, "\n     seed 20170101 (its own: 42), 1 replication\n"));
  e2e_result_free(&r);
  char *js = json_flat(e2e_slurp(join(out, "compare.json"), NULL));
  assert_non_null(js);
  assert_non_null(
      strstr(js, "\"seed\": 20170101,\"seed_in_scenario\": 42,\"replications\": 1,\"replications_in_scenario\": 3}"));
  free(js);
  /* -s sets every seed: nothing is replaced, nothing to say. */
  r = e2e_run((const char *[]){"compare", PILOTS, mine, "--set", "months=12", "--set", "scale=40", "-s", "7", "-r", "1",
                               "-t", "1", "-o", e2e_path("seed-s"), "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.err, "");
  assert_non_null(strstr(r.out, "2 scenarios, seed 7 for all (set on the command line), 1 replication each\n"));
  e2e_result_free(&r);
}

/* Avoided cost 15 k€ against 20 k€: two keys that move together, two points. */
static void test_paired_vary(void **state) {
  (void)state;
  const char *out = e2e_path("paired");
  e2e_result r =
      e2e_run((const char *[]){"compare", PILOTS, "--vary",
                               "money.avoided_cost_min_eur,money.avoided_cost_max_eur=15000:15000,20000:20000", "--set",
                               "months=12", "--set", "scale=40", "-r", "2", "-t", "1", "-o", out, NULL});
  e2e_expect_ok(&r);
  assert_non_null(strstr(r.out, "  A  pilots [money.avoided_cost_min_eur=15000, money.avoided_cost_max_eur=15000]\n"));
  assert_non_null(strstr(r.out, "  B  pilots [money.avoided_cost_min_eur=20000, money.avoided_cost_max_eur=20000]\n"));
  assert_null(strstr(r.out, "  C  "));
  e2e_result_free(&r);
  /* Each point set both keys: the resolved scenarios say so. */
  const char *want[2][2] = {{"avoided_cost_min_eur = 15000", "avoided_cost_max_eur = 15000"},
                            {"avoided_cost_min_eur = 20000", "avoided_cost_max_eur = 20000"}};
  char *js = json_flat(e2e_slurp(join(out, "compare.json"), NULL));
  assert_non_null(js);
  for (int i = 0; i < 2; i++) {
    /* the folder names come from compare.json, not from a guess of sim_safe_name */
    const char *f = strstr(js, i ? "\"folder\": \"scenarios/2-" : "\"folder\": \"scenarios/1-");
    assert_non_null(f);
    char folder[400];
    assert_int_equal(sscanf(f, "\"folder\": \"%399[^\"]\"", folder), 1);
    char path[4600];
    snprintf(path, sizeof path, "%s/%s/scenario.cfg", out, folder);
    char *cfg = e2e_slurp(path, NULL);
    assert_non_null(cfg);
    for (int k = 0; k < 2; k++)
      if (!strstr(cfg, want[i][k])) fail_msg("%s lacks %s", folder, want[i][k]);
    free(cfg);
  }
  free(js);
}

/* Two plain --vary are still crossed: 2 x 2 points. */
static void test_crossed_vary_is_factorial(void **state) {
  (void)state;
  const char *out = e2e_path("crossed");
  e2e_result r = e2e_run((const char *[]){"compare", PILOTS, "--vary", "labour.exit_rate=0.001,0.002", "--vary",
                                          "money.avoided_cost_min_eur=10000,12000", "--set", "months=6", "--set",
                                          "scale=40", "-r", "1", "-t", "1", "-o", out, "--quiet", NULL});
  e2e_expect_ok(&r);
  for (const char *l = "ABCD"; *l; l++) {
    char head[8];
    snprintf(head, sizeof head, "\n  %c  ", *l);
    if (!strstr(r.out, head)) fail_msg("no scenario %c in:\n%s", *l, r.out);
  }
  assert_null(strstr(r.out, "\n  E  "));
  e2e_result_free(&r);
}

/* A point with fewer values than keys: refused with its number, nothing written. */
static void test_paired_vary_unequal(void **state) {
  (void)state;
  const char *out = e2e_path("unequal");
  e2e_result r = e2e_run((const char *[]){"compare", PILOTS, "--vary",
                                          "money.avoided_cost_min_eur,money.avoided_cost_max_eur=15000:15000,20000",
                                          "-o", out, NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err,
                      "command line: --vary money.avoided_cost_min_eur,money.avoided_cost_max_eur: point 2 '20000' has "
                      "1 value "
                      "for 2 keys (expected one value per key, separated by ':', e.g. 15000:15000,20000:20000)\n");
  assert_false(e2e_exists(out));
  e2e_result_free(&r);
  /* One too many, and a value out of range in a paired point, each named. */
  r = e2e_run((const char *[]){"compare", PILOTS, "--vary",
                               "money.avoided_cost_min_eur,money.avoided_cost_max_eur=1:2:3", "-o", out, NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err,
                      "command line: --vary money.avoided_cost_min_eur,money.avoided_cost_max_eur: point 1 '1:2:3' has "
                      "3 values "
                      "for 2 keys (expected one value per key, separated by ':', e.g. 15000:15000,20000:20000)\n");
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"compare", PILOTS, "--vary",
                               "money.avoided_cost_min_eur,money.avoided_cost_max_eur=1000:99999", "-o", out, NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: --vary money.avoided_cost_max_eur: 99999 is out of range (expected a "
                             "number in [0, 60000])\n");
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"compare", PILOTS, "--vary", "money.avoided_cost_min_eur,=1:2", "-o", out, NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: --vary: 'money.avoided_cost_min_eur,=1:2' has an empty key or one longer "
                             "than 127 bytes "
                             "(expected KEY=V1,V2,... or K1,K2=V1:W1,V2:W2,...)\n");
  e2e_result_free(&r);
  assert_false(e2e_exists(out));
}

/* The terminal tables of run and compare fit 100 columns, --quiet keeps them, and one replication
 * says it has no interval. */
static void test_tables_fit_and_quiet(void **state) {
  (void)state;
  const char *run_out = e2e_path("table-run"), *cmp_out = e2e_path("table-cmp");
  e2e_result r = e2e_run((const char *[]){"run", PILOTS, "--set", "months=12", "--set", "scale=40", "-r", "1", "-o",
                                          run_out, "--quiet", NULL});
  e2e_expect_ok(&r);
  expect_narrow(r.out, run_out);
  assert_non_null(
      strstr(r.out, "pilots: 1 replication, 10 territories\n  2017-01 to 2017-12 (12 months), seed 20170101, "));
  assert_non_null(strstr(r.out, "\n  public_funding_eur "));
  assert_non_null(strstr(r.out, "\u00a0€  —\n"));
  assert_non_null(strstr(r.out, "  — no interval with 1 replication (n/a): run with -r 2 or more for 95% intervals\n"));
  assert_null(strstr(r.out, ".00")); /* no "47.00" headcounts */
  assert_string_equal(r.err, "");
  e2e_result_free(&r);
  /* The case: the pilots' 120 months against extension-50's 144, on their common months. */
  r = e2e_run((const char *[]){"compare", PILOTS, "../scenarios/extension-50.cfg", "--common-months", "--set",
                               "scale=40", "-r", "2", "-o", cmp_out, "--quiet", NULL});
  e2e_expect_ok(&r);
  expect_narrow(r.out, cmp_out);
  assert_non_null(strstr(r.out, "  B  extension-50\n     2017-01 to 2026-12, 120 months (of its 144: --common-months)\n"
                                "     seed 20170101, 2 replications\n"));
  assert_non_null(strstr(r.out, "\npublic_funding_eur (EUR)\n  A     "));
  assert_non_null(strstr(r.out, "\n  B − A "));
  assert_non_null(strstr(r.out, "  [lo, hi]: 95% interval over the 2 replications (Monte Carlo error only)\n"));
  assert_string_equal(r.err, "compare: notice: B \"extension-50\" runs its first 120 of 144 months (2017-01 to "
                             "2026-12), the months "
                             "every scenario covers (--common-months)\n");
  e2e_result_free(&r);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_different_horizons_refused),
      cmocka_unit_test(test_common_months),
      cmocka_unit_test(test_different_starts_refused),
      cmocka_unit_test(test_seed_notice),
      cmocka_unit_test(test_paired_vary),
      cmocka_unit_test(test_crossed_vary_is_factorial),
      cmocka_unit_test(test_paired_vary_unequal),
      cmocka_unit_test(test_tables_fit_and_quiet),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
