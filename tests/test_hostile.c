/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_hostile.c: names from files are data (never paths, code or broken quoting), unwritable
 * outputs and oversized scenarios fail cleanly, before anything is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "e2e_util.h"

/* Run from the scratch folder, so that the default output folder (results/<name>) lands there. */
static e2e_result run_in_scratch(const char *args) {
  char cmd[20000];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s", e2e_scratch, e2e_tzsim, args);
  return e2e_sh(cmd);
}

static void test_hostile_names_run(void **state) {
  (void)state;
  char cwd[2048], args[8192];
  if (!getcwd(cwd, sizeof cwd)) fail();
  snprintf(args, sizeof args, "run '%s/hostile/names.cfg' -r 2 --quiet", cwd);
  e2e_result r = run_in_scratch(args);
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  /* The scenario name "../../evil %n %s" gives a safe folder inside results/, nothing elsewhere. */
  assert_int_equal(e2e_count_entries(e2e_scratch), 1);
  assert_int_equal(e2e_count_entries(e2e_path("results")), 1);
  const char *dir = e2e_path("results/_evil_n_s");
  char path[4200];
  snprintf(path, sizeof path, "%s/summary.json", dir);
  char *json = e2e_slurp(path, NULL);
  assert_non_null(json);
  assert_non_null(strstr(json, "\"scenario\": \"../../evil %n %s\""));
  assert_non_null(strstr(json, "\"Saint-\\\"Jean\\\" d'Été / ../../x, %n\\nnext line\": {"));
  /* Valid non-ASCII UTF-8 is written as is; a name that is not UTF-8 never loads (tests/bad/77-81). */
  assert_non_null(strstr(json, "\"bad \xc3\xbf\xc3\xbe utf8 \\\\ back\": {"));
  free(json);
  snprintf(path, sizeof path, "%s/monthly.csv", dir);
  char *csv = e2e_slurp(path, NULL);
  assert_non_null(strstr(csv, "\n\"Saint-\"\"Jean\"\" d'Été / ../../x, %n\nnext line\",2017-01,counterfactual,"));
  free(csv);
  /* The resolved scenario, names and all, reproduces the run. */
  char again[4200];
  snprintf(args, sizeof args, "run '%s/scenario.cfg' -o again --quiet", dir);
  r = run_in_scratch(args);
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  snprintf(again, sizeof again, "%s/monthly.csv", e2e_path("again"));
  assert_true(e2e_same_file(path, again));
}

static void test_hostile_names_compare(void **state) {
  (void)state;
  char cwd[2048], args[8192];
  if (!getcwd(cwd, sizeof cwd)) fail();
  snprintf(args, sizeof args, "compare '%s/hostile/names.cfg' '%s/hostile/names.cfg' -r 2 -o cmp --quiet", cwd, cwd);
  e2e_result r = run_in_scratch(args);
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char path[4200];
  snprintf(path, sizeof path, "%s/compare.csv", e2e_path("cmp"));
  char *csv = e2e_slurp(path, NULL);
  assert_non_null(csv);
  assert_non_null(strstr(csv, "\n\"Saint-\"\"Jean\"\" d'Été / ../../x, %n\nnext line\",ebe_headcount,persons,"));
  free(csv);
  snprintf(path, sizeof path, "%s/scenarios/1-_evil_n_s/summary.json", e2e_path("cmp"));
  assert_true(e2e_exists(path));
}

/* An output folder that cannot be created: one clear line, exit 4, nothing written. */
static void test_unwritable_output(void **state) {
  (void)state;
  FILE *f = fopen(e2e_path("afile"), "w");
  assert_non_null(f);
  fclose(f);
  char out[4200];
  snprintf(out, sizeof out, "%s/out", e2e_path("afile"));
  e2e_result r = e2e_run((const char *[]){"run", "--set", "months=12", "-o", out, NULL});
  assert_int_equal(r.status, 4);
  char want[4400];
  snprintf(want, sizeof want, "%s: cannot be created: %s is not a folder (expected a path in a writable folder)\n", out,
           e2e_path("afile"));
  assert_string_equal(r.err, want);
  e2e_result_free(&r);
}

/* A scenario too large for the machine is refused before anything is allocated, with the estimate. */
static void test_oversized_scenario_refused(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"run", "hostile/huge.cfg", "-o", e2e_path("huge"), NULL});
  assert_int_equal(r.status, 5);
  assert_non_null(strstr(r.err, "hostile/huge.cfg: scale: the run needs about "));
  assert_non_null(strstr(r.err, "GB are available (expected a larger scale or fewer territories)"));
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("huge")));
  /* The same scenario at a large scale fits. */
  r = e2e_run((const char *[]){"check", "hostile/huge.cfg", "--set", "scale=10000", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
}

/* Agent numbers are 32-bit slots: a scenario beyond 2^32 agents is refused, not wrapped. */
static void test_agent_count_limit(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"check", "hostile/too-many-agents.cfg", NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "hostile/too-many-agents.cfg: scale: 4340000000 agents in all (expected at most 4e9 "
                             "agents: raise scale)\n");
  e2e_result_free(&r);
}

/* SIGINT stops a run cleanly too: a message, exit 130, no folder. */
static void test_sigint_leaves_nothing(void **state) {
  (void)state;
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "'%s' run -r 200 -o '%s' --quiet & pid=$!; sleep 1; kill -INT $pid; wait $pid", e2e_tzsim,
           e2e_path("interrupted"));
  e2e_result r = e2e_sh(cmd);
  assert_int_equal(r.status, 130);
  assert_non_null(strstr(r.err, "interrupted by signal 2"));
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("interrupted")));
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hostile_names_run), cmocka_unit_test(test_hostile_names_compare),
      cmocka_unit_test(test_unwritable_output), cmocka_unit_test(test_oversized_scenario_refused),
      cmocka_unit_test(test_agent_count_limit), cmocka_unit_test(test_sigint_leaves_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
