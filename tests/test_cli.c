/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cli.c: the tzsim command end to end: outputs, reproducibility, threads, overwrite rules,
 * signals and a full disk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

static const char *join(const char *dir, const char *file) {
  static char buf[4][4096];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, file);
  return buf[k];
}

static void test_help_and_version(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"--help", NULL});
  e2e_expect_ok(&r);
  assert_non_null(strstr(r.out, "tzsim run [SCENARIO]"));
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"--version", NULL});
  e2e_expect_ok(&r);
  assert_true(strncmp(r.out, "tzsim ", 6) == 0);
  e2e_result_free(&r);
}

static void test_params_table_lists_every_key(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"params", NULL});
  e2e_expect_ok(&r);
  const char *keys[] = {"`labour.job_finding_rate`", "`calendar.cde_rate`",
                        "`money.cost_payer_shares`", "`capacity_max`",
                        "`volunteer_rate`",          "| key | meaning | unit | default | valid range | source |"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (!strstr(r.out, keys[i])) fail_msg("tzsim params lacks %s", keys[i]);
  /* The committed documentation is the registry's own output: regenerate it with
   * ./build/tzsim params > docs/params.md when a parameter changes. */
  char *doc = e2e_slurp("../docs/params.md", NULL);
  assert_non_null(doc);
  if (strcmp(doc, r.out) != 0) fail_msg("docs/params.md is out of date: run ./build/tzsim params > docs/params.md");
  free(doc);
  e2e_result_free(&r);
}

/* -t 1 and -t 2 write byte-identical results; the resolved scenario reproduces them exactly. */
static void test_threads_and_resolved_scenario(void **state) {
  (void)state;
  const char *a = e2e_path("t1"), *b = e2e_path("t2"), *c = e2e_path("again");
  e2e_result r =
      e2e_run((const char *[]){"run", "../scenarios/pilots.cfg", "-r", "3", "-t", "1", "-o", a, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "../scenarios/pilots.cfg", "-r", "3", "-t", "2", "-o", b, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  const char *files[] = {"monthly.csv", "summary.json", "summary.csv", "scenario.cfg", "cohorts.csv"};
  for (size_t i = 0; i < 5; i++)
    if (!e2e_same_file(join(a, files[i]), join(b, files[i]))) fail_msg("%s differs between -t 1 and -t 2", files[i]);
  r = e2e_run((const char *[]){"run", join(a, "scenario.cfg"), "-o", c, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  for (size_t i = 0; i < 5; i++)
    if (!e2e_same_file(join(a, files[i]), join(c, files[i])))
      fail_msg("%s differs when rerun from scenario.cfg", files[i]);
  /* The manifest records the run. */
  char *manifest = e2e_slurp(join(a, "run.json"), NULL);
  assert_non_null(manifest);
  assert_non_null(strstr(manifest, "\"seed\": 20170101"));
  assert_non_null(strstr(manifest, "\"replications\": 3"));
  assert_non_null(strstr(manifest, "\"threads\": 1"));
  free(manifest);
  /* Intervals appear with more than one replication. */
  char *monthly = e2e_slurp(join(a, "monthly.csv"), NULL);
  assert_non_null(strstr(monthly, "territory,date,arm,population,population_lo,population_hi,"));
  assert_non_null(strstr(monthly, "\nMauléon,2017-01,program,"));
  assert_non_null(strstr(monthly, "\ntotal,2026-12,counterfactual,"));
  free(monthly);
}

/* The seed matters and is the only source of randomness. */
static void test_seed_changes_results(void **state) {
  (void)state;
  const char *a = e2e_path("seed1"), *b = e2e_path("seed2");
  e2e_result r = e2e_run((const char *[]){"run", "-s", "1", "--set", "months=24", "-o", a, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "-s", "2", "--set", "months=24", "-o", b, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  assert_false(e2e_same_file(join(a, "monthly.csv"), join(b, "monthly.csv")));
}

/* An existing result is never overwritten without --force, and --force replaces it whole. */
static void test_existing_output_kept(void **state) {
  (void)state;
  const char *d = e2e_path("keep");
  e2e_result r = e2e_run((const char *[]){"run", "--set", "months=12", "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  size_t n0;
  char *before = e2e_slurp(join(d, "monthly.csv"), &n0);
  r = e2e_run((const char *[]){"run", "--set", "months=13", "-o", d, "--quiet", NULL});
  assert_int_equal(r.status, 3);
  assert_non_null(strstr(r.err, "output directory exists"));
  e2e_result_free(&r);
  size_t n1;
  char *after = e2e_slurp(join(d, "monthly.csv"), &n1);
  assert_true(n0 == n1 && memcmp(before, after, n0) == 0);
  free(after);
  r = e2e_run((const char *[]){"run", "--set", "months=13", "-o", d, "--quiet", "--force", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  after = e2e_slurp(join(d, "monthly.csv"), &n1);
  assert_true(n1 > n0);
  free(before);
  free(after);
}

/* With no scenario, the built-in pilots run into results/pilots under the working folder. */
static void test_default_scenario(void **state) {
  (void)state;
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run -r 1 --set months=6 --quiet", e2e_scratch, e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  assert_true(e2e_exists(e2e_path("results/pilots/summary.json")));
  char *summary = e2e_slurp(e2e_path("results/pilots/summary.json"), NULL);
  const char *keys[] = {"ebe_headcount",
                        "ebe_fte",
                        "ppde_program",
                        "ppde_counterfactual",
                        "ppde_reduction",
                        "public_funding_eur",
                        "funding_per_fte_year_eur",
                        "avoided_gross_eur",
                        "avoided_net_eur",
                        "net_cost_per_fte_year_gross_eur",
                        "net_cost_per_fte_year_net_eur",
                        "avoided_to_funding_ratio_net",
                        "months_to_empty_queue",
                        "\"Nièvre et Forêt\""};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (!strstr(summary, keys[i])) fail_msg("summary.json lacks %s", keys[i]);
  free(summary);
}

/* SIGTERM (a batch scheduler's time limit) stops the run with a message and leaves nothing. */
static void test_sigterm_leaves_nothing(void **state) {
  (void)state;
  char cmd[8192];
  const char *d = e2e_path("killed");
  snprintf(cmd, sizeof cmd, "'%s' run -r 200 -o '%s' --quiet & pid=$!; sleep 1; kill -TERM $pid; wait $pid", e2e_tzsim,
           d);
  e2e_result r = e2e_sh(cmd);
  assert_int_equal(r.status, 130);
  assert_non_null(strstr(r.err, "interrupted by signal 15"));
  e2e_result_free(&r);
  assert_false(e2e_exists(d));
  char partial[4200];
  snprintf(partial, sizeof partial, "ls -a '%s' | grep -c partial", e2e_scratch);
  r = e2e_sh(partial);
  assert_true(strncmp(r.out, "0", 1) == 0);
  e2e_result_free(&r);
}

/* A full disk (here a file-size limit) gives a clear error, no result, and keeps older results. */
static void test_full_disk(void **state) {
  (void)state;
  char cmd[8192];
  const char *d = e2e_path("full");
  snprintf(cmd, sizeof cmd, "ulimit -f 20; '%s' run --set months=24 -o '%s' --quiet", e2e_tzsim, d);
  e2e_result r = e2e_sh(cmd);
  assert_int_equal(r.status, 4);
  assert_non_null(strstr(r.err, "write failed"));
  int lines = 0;
  for (const char *p = r.err; *p; p++) lines += *p == '\n';
  assert_int_equal(lines, 1); /* one clear line */
  e2e_result_free(&r);
  assert_false(e2e_exists(d));
}

/* ---- CLI conventions (issue 15) ---- */

/* tzsim COMMAND --help (and -h) prints that command's usage and exits 0, whatever else is given. */
static void test_command_help(void **state) {
  (void)state;
  const char *words[] = {"run", "compare", "merge", "bench", "sweep", "calibrate", "plot", "check", "params"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    for (int form = 0; form < 2; form++) {
      e2e_result r = e2e_run((const char *[]){words[i], form ? "-h" : "--help", "-r", "zz", NULL});
      if (r.status != 0)
        fail_msg("tzsim %s %s: exit %d, stderr: %s", words[i], form ? "-h" : "--help", r.status, r.err);
      char head[64];
      snprintf(head, sizeof head, "Usage:\n  tzsim %s", words[i]);
      if (strncmp(r.out, head, strlen(head)) != 0)
        fail_msg("tzsim %s --help does not start with '%s':\n%s", words[i], head, r.out);
      snprintf(head, sizeof head, "Options of tzsim %s ", words[i]);
      if (!strstr(r.out, head)) fail_msg("tzsim %s --help lists no options", words[i]);
      assert_string_equal(r.err, "");
      for (const char *p = r.out; *p;) { /* every line under 100 columns */
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 100) fail_msg("tzsim %s --help: a line of %zu columns", words[i], len);
        p += len + (end != NULL);
      }
      e2e_result_free(&r);
    }
  /* Each command lists the options it takes, long beside short. */
  e2e_result r = e2e_run((const char *[]){"run", "--help", NULL});
  assert_non_null(strstr(r.out, "-o, --output DIR"));
  assert_non_null(strstr(r.out, "-t, --threads THREADS"));
  assert_null(strstr(r.out, "--vary"));
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"compare", "--help", NULL});
  assert_non_null(strstr(r.out, "--common-months"));
  assert_non_null(strstr(r.out, "[--vary K1,K2=V1:W1,V2:W2,...]"));
  e2e_result_free(&r);
}

/* --output, --replications, --seed, --threads beside -o, -r, -s, -t; --opt=VALUE and --opt VALUE. */
static void test_long_options(void **state) {
  (void)state;
  const char *a = e2e_path("long-eq"), *b = e2e_path("long-sp"), *c = e2e_path("short");
  char out_eq[4200];
  snprintf(out_eq, sizeof out_eq, "--output=%s", a);
  e2e_result r = e2e_run((const char *[]){"run", "--set", "months=6", "--set", "scale=40", out_eq, "--replications=2",
                                          "--seed=5", "--threads=1", "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "--set", "months=6", "--set", "scale=40", "--output", b, "--replications", "2",
                               "--seed", "5", "--threads", "1", "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "--set", "months=6", "--set", "scale=40", "-o", c, "-r", "2", "-s", "5", "-t",
                               "1", "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char *manifest = e2e_slurp(join(a, "run.json"), NULL);
  assert_non_null(manifest);
  assert_non_null(strstr(manifest, "\"seed\": 5,"));
  assert_non_null(strstr(manifest, "\"replications\": 2,"));
  assert_non_null(strstr(manifest, "\"threads\": 1,"));
  free(manifest);
  assert_true(e2e_same_file(join(a, "monthly.csv"), join(b, "monthly.csv")));
  assert_true(e2e_same_file(join(a, "summary.json"), join(c, "summary.json")));
  /* The long forms are checked like the short ones, and a flag takes no value. */
  r = e2e_run((const char *[]){"run", "--replications=5x", "-o", e2e_path("never"), NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: -r: '5x' is not valid (expected an integer in [1, 100000])\n");
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "--force=yes", "-o", e2e_path("never"), NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: --force=yes: unknown option (expected one listed by 'tzsim --help')\n");
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "--output=", NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: -o: empty directory name (expected a path)\n");
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("never")));
}

static void expect_lines_under_100(const char *text) {
  for (const char *p = text; *p;) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    int cols = 0;
    for (size_t i = 0; i < len; i++) cols += ((unsigned char)p[i] & 0xC0) != 0x80;
    if (cols > 100) fail_msg("a line of %d columns: %.*s", cols, (int)len, p);
    p += len + (end != NULL);
  }
}

/* tzsim params KEY: that parameter's entry, readable; a pattern gives every match. */
static void test_params_key(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"params", "money.avoided_cost_min_eur", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.out, "money.avoided_cost_min_eur  (scenario parameter)\n"
                             "  meaning  lower end of the uniform yearly cost of a person without job\n"
                             "  unit     EUR per year\n"
                             "  default  15000\n"
                             "  range    a number in [0, 60000]\n"
                             "  source   P (promoter): 15,000-20,000 EUR per year (seed, 2018; ATD Quart Monde 2015); "
                             "in every\n"
                             "           mode also reported as the premise (its midpoint)\n");
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"params", "capacity_max", NULL});
  e2e_expect_ok(&r);
  assert_true(strncmp(r.out, "capacity_max  (territory parameter)\n", 36) == 0);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"params", "money.*", NULL});
  e2e_expect_ok(&r);
  expect_lines_under_100(r.out);
  int entries = 0;
  for (const char *p = r.out; (p = strstr(p, "(scenario parameter)\n")) != NULL; p++) entries++;
  assert_true(entries >= 10);
  for (const char *p = r.out; *p;) { /* every entry is a money key */
    if (*p != ' ' && *p != '\n' && strncmp(p, "money.", 6) != 0) fail_msg("not a money key: %.40s", p);
    p = strchr(p, '\n');
    if (!p) break;
    p++;
  }
  e2e_result_free(&r);
  /* All of them, readable: no line of the registry passes 100 columns. */
  r = e2e_run((const char *[]){"params", "*", NULL});
  e2e_expect_ok(&r);
  expect_lines_under_100(r.out);
  assert_non_null(strstr(r.out, "\nvolunteer_rate  (territory parameter)\n"));
  e2e_result_free(&r);
}

static void test_params_unknown_key(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"params", "money.avoided_cost_min", NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: params: no parameter 'money.avoided_cost_min' (expected a key listed by "
                             "'tzsim params'; "
                             "did you mean 'money.avoided_cost_min_eur'?)\n");
  assert_string_equal(r.out, "");
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"params", "cde_rate", NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: params: no parameter 'cde_rate' (expected a key listed by 'tzsim params'; "
                             "did you mean "
                             "'calendar.cde_rate'?)\n");
  e2e_result_free(&r);
}

/* An unknown command lists every command. */
static void test_unknown_command_lists_all(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"simulate", NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: simulate: unknown command (expected one of run, compare, merge, bench, "
                             "sweep, calibrate, "
                             "plot, check, params, --help or --version)\n");
  assert_string_equal(r.out, "");
  e2e_result_free(&r);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_help_and_version),
      cmocka_unit_test(test_params_table_lists_every_key),
      cmocka_unit_test(test_threads_and_resolved_scenario),
      cmocka_unit_test(test_seed_changes_results),
      cmocka_unit_test(test_existing_output_kept),
      cmocka_unit_test(test_default_scenario),
      cmocka_unit_test(test_sigterm_leaves_nothing),
      cmocka_unit_test(test_full_disk),
      cmocka_unit_test(test_command_help),
      cmocka_unit_test(test_long_options),
      cmocka_unit_test(test_params_key),
      cmocka_unit_test(test_params_unknown_key),
      cmocka_unit_test(test_unknown_command_lists_all),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
