/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sched_e2e.c: the scheduled engine through the tzsim command: the same bytes on 1 and 2
 * threads, across shards and merge, and across a checkpoint and its continuation; the --engine
 * option is checked, and a checkpoint of one engine is not continued by the other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

/* tzsim run on the pilots, 5 replications over 24 months, scheduled engine, with extra options. */
static void run(const char *dir, const char *threads, const char *a1, const char *a2) {
  e2e_result r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--engine", "scheduled", "-t",
                                          threads, "-o", dir, "--quiet", a1, a2, NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
}

static const char *straight(void) {
  static int done;
  const char *d = e2e_path("straight");
  if (!done) {
    run(d, "1", NULL, NULL);
    done = 1;
  }
  return d;
}

static void test_threads_same_bytes(void **state) {
  (void)state;
  run(e2e_path("t2"), "2", NULL, NULL);
  e2e_expect_same_results(straight(), e2e_path("t2"));
  /* The engine is part of the resolved scenario. */
  size_t n;
  char *cfg = e2e_slurp(e2e_in(straight(), "scenario.cfg"), &n);
  assert_non_null(cfg);
  assert_non_null(strstr(cfg, "engine = \"scheduled\""));
  free(cfg);
}

static void test_shards_same_bytes(void **state) {
  (void)state;
  run(e2e_path("s1"), "2", "--shard", "1/2");
  run(e2e_path("s2"), "1", "--shard", "2/2");
  e2e_result r = e2e_run((const char *[]){"merge", e2e_path("s2"), e2e_path("s1"), "-o", e2e_path("merged"), NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  e2e_expect_same_results(straight(), e2e_path("merged"));
}

/* A checkpoint in the middle of the sleeps: the wake months are part of the state. */
static void test_checkpoint_same_bytes(void **state) {
  (void)state;
  char ck[4200], path[4300];
  snprintf(ck, sizeof ck, "%s", e2e_path("ck"));
  run(ck, "2", "--checkpoint-at", "2017-09");
  e2e_expect_same_results(straight(), ck);
  snprintf(path, sizeof path, "%s/checkpoint.tzck", ck);
  run(e2e_path("continued"), "2", "--from", path);
  e2e_expect_same_results(straight(), e2e_path("continued"));
  /* The monthly engine cannot continue it: the engine is part of the scenario's past. */
  e2e_result r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--engine", "monthly", "--from", path,
                                          "-o", e2e_path("other_engine"), "--quiet", NULL});
  assert_int_equal(r.status, 2);
  if (!strstr(r.err, "engine")) fail_msg("no word of the engine in: %s", r.err);
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("other_engine")));
}

static void test_engine_option_refused(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"run", "--engine", "weekly", "-o", e2e_path("weekly"), NULL});
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "command line: --engine: unknown engine 'weekly' (expected monthly or scheduled)"));
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("weekly")));
  r = e2e_run((const char *[]){"run", "--set", "engine=\"weekly\"", "-o", e2e_path("weekly"), NULL});
  assert_int_equal(r.status, 2);
  if (!strstr(r.err, "engine")) fail_msg("no word of the engine in: %s", r.err);
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("weekly")));
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads_same_bytes),
      cmocka_unit_test(test_shards_same_bytes),
      cmocka_unit_test(test_checkpoint_same_bytes),
      cmocka_unit_test(test_engine_option_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
