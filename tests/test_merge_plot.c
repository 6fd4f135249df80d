/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_merge_plot.c: tzsim merge as a run: its run.json records real threads and wall times (the
 * merge's own, and the sum of the shards'), it prints the table a run prints (in French with --lang
 * fr), --plot draws the figures and the report of the merged result; an MPI run prints its table
 * even with --quiet, as a serial run does (when TZSIM_TEST_MPIRUN names mpirun), and the memory
 * --dry-run plans per MPI rank does not grow with the replications (issue 15). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "e2e_util.h"

static void has(const char *text, const char *part) {
  if (!strstr(text, part)) fail_msg("expected \"%s\" in:\n%s", part, text);
}

/* A number of a JSON file written by tzsim; fails if absent. */
static double json_number(const char *path, const char *key) {
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  if (!root) fail_msg("%s: %s", path, err.text);
  const json_t *v = json_object_get(root, key);
  if (!json_is_number(v)) fail_msg("%s has no number %s", path, key);
  double x = json_number_value(v);
  json_decref(root);
  return x;
}

static int json_has(const char *path, const char *key) {
  json_t *root = json_load_file(path, 0, NULL);
  int there = root && json_object_get(root, key) != NULL;
  json_decref(root);
  return there;
}

static void shards(void) {
  static int done;
  if (done) return;
  static const char *const k[] = {"1/2", "2/2"}, *const dir[] = {"s1", "s2"};
  for (int i = 0; i < 2; i++) {
    e2e_result r = e2e_run((const char *[]){"run", "-r", "3", "--set", "months=12", "--set", "scale=40", "--shard",
                                            k[i], "-o", e2e_path(dir[i]), "--quiet", NULL});
    e2e_expect_ok(&r);
    e2e_result_free(&r);
    if (!(json_number(e2e_in(e2e_path(dir[i]), "shard.json"), "wall_time_s") > 0))
      fail_msg("shard %s: no wall time", k[i]);
  }
  done = 1;
}

/* The merged run.json: the merge ran on one thread for a measured time; the shards' own times summed. */
static void test_merge_manifest(void **state) {
  (void)state;
  shards();
  const char *out = e2e_path("merged");
  e2e_result r = e2e_run((const char *[]){"merge", e2e_path("s1"), e2e_path("s2"), "-o", out, NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.err, "");
  has(r.out, "merged 2 shards of \"pilots\" (3 replications) -> ");
  /* The table a run prints. */
  has(r.out, "\npilots: 3 replications, 10 territories\n  2017-01 to 2017-12 (12 months), seed 20170101, ");
  has(r.out, " s on 1 thread(s)\n");
  has(r.out, "\n  total of the territories                      mean  95% interval\n");
  has(r.out, "\n  public_funding_eur ");
  has(r.out, "\n  [lo, hi]: 95% interval over the 3 replications (Monte Carlo error only)\n");
  e2e_result_free(&r);
  const char *manifest = e2e_in(out, "run.json");
  assert_true(json_number(manifest, "threads") == 1);
  assert_true(json_number(manifest, "wall_time_s") > 0);
  double sum = json_number(e2e_in(e2e_path("s1"), "shard.json"), "wall_time_s") +
               json_number(e2e_in(e2e_path("s2"), "shard.json"), "wall_time_s");
  double shards_wall = json_number(manifest, "shards_wall_time_s");
  if (shards_wall < sum - 0.0015 || shards_wall > sum + 0.0015)
    fail_msg("shards_wall_time_s %g, the shards' sum %g", shards_wall, sum);
  assert_false(e2e_exists(e2e_in(out, "report.html"))); /* no --plot: no figures */
  assert_false(e2e_exists(e2e_in(out, "plots")));
  /* A plain run records no shards' time. */
  r = e2e_run((const char *[]){"run", "-r", "1", "--set", "months=12", "--set", "scale=40", "-o", e2e_path("plain"),
                               "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  assert_false(json_has(e2e_in(e2e_path("plain"), "run.json"), "shards_wall_time_s"));
}

/* merge --plot --lang fr: the French table, then the figures and the French report of the merged
 * result, as run --plot draws them. */
static void test_merge_plot_french(void **state) {
  (void)state;
  shards();
  const char *out = e2e_path("merged-fr");
  e2e_result r =
      e2e_run((const char *[]){"merge", e2e_path("s2"), e2e_path("s1"), "-o", out, "--plot", "--lang", "fr", NULL});
  e2e_expect_ok(&r);
  has(r.out, "2 tranches de \"pilots\" fusionnées (3 réplications) -> ");
  has(r.out, "\npilots : 3 réplications, 10 territoires\n");
  has(r.out, " s sur 1 thread(s)\n");
  has(r.out, " figures -> ");
  has(r.out, "rapport -> "); /* the plot line follows --lang too */
  e2e_result_free(&r);
  char *html = e2e_slurp(e2e_in(out, "report.html"), NULL);
  assert_non_null(html);
  has(html, "<html lang=\"fr\">");
  has(html, "pilots");
  free(html);
  assert_true(e2e_exists(e2e_in(out, "plots/ppde-total.png")));
  assert_true(e2e_exists(e2e_in(out, "plots/ppde-total.svg")));
  /* The merged files are those of the merge without --plot. */
  assert_true(e2e_same_file(e2e_in(out, "monthly.csv"), e2e_in(e2e_path("merged"), "monthly.csv")));
}

/* merge --plot into an existing folder: refused before anything is read or drawn (exit 3). */
static void test_merge_plot_existing(void **state) {
  (void)state;
  shards();
  const char *out = e2e_path("merged"); /* written by test_merge_manifest */
  e2e_result r = e2e_run((const char *[]){"merge", e2e_path("s1"), e2e_path("s2"), "-o", out, "--plot", NULL});
  assert_int_equal(r.status, 3);
  assert_string_equal(r.out, "");
  char want[4400];
  snprintf(want, sizeof want, "%s: output directory exists (expected a new directory, or --force to replace it)\n",
           out);
  assert_string_equal(r.err, want);
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_in(out, "report.html")));
  assert_false(e2e_exists(e2e_in(out, "plots")));
}

/* mpirun -np 2 tzsim run --quiet prints the table of the serial run (the figures' lines are the
 * same bytes: the result is the same), and a note of the ranks. */
static void test_mpi_run_prints_table(void **state) {
  (void)state;
  const char *mpirun = getenv("TZSIM_TEST_MPIRUN");
  if (!mpirun || !*mpirun) skip();
  const char *serial = e2e_path("mpi-serial"), *ranks = e2e_path("mpi-ranks");
  e2e_result s = e2e_run((const char *[]){"run", "-r", "3", "--set", "months=12", "--set", "scale=40", "-t", "1", "-o",
                                          serial, "--quiet", NULL});
  e2e_expect_ok(&s);
  char cmd[9000];
  snprintf(cmd, sizeof cmd,
           "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 '%s' --allow-run-as-root --oversubscribe -np 2 "
           "'%s' run -r 3 "
           "--set months=12 --set scale=40 -t 1 -o '%s' --quiet",
           mpirun, e2e_tzsim, ranks);
  e2e_result m = e2e_sh(cmd);
  e2e_expect_ok(&m);
  has(m.out, "pilots: 3 replication(s) on 2 MPI ranks x 1 thread(s), ");
  const char *a = strstr(s.out, "\n  total of the territories"), *b = strstr(m.out, "\n  total of the territories");
  assert_non_null(a);
  if (!b) fail_msg("no table in the MPI run's output:\n%s", m.out);
  assert_string_equal(a, b);
  e2e_result_free(&s);
  e2e_result_free(&m);
}

/* The memory per MPI rank --dry-run plans for a run does not grow with the replications (a rank
 * keeps one replication computed and one received), where a shard's grows with its replications. */
static double rank_mb(const char *reps, const char *extra) {
  e2e_result r = e2e_run((const char *[]){"run", "../scenarios/extension-50.cfg", "-r", reps, "--dry-run", "--ranks",
                                          extra ? "1" : "2", extra ? "--shard" : NULL, extra, NULL});
  e2e_expect_ok(&r);
  const char *at = strstr(r.out, "; memory per rank: about ");
  if (!at) fail_msg("no memory per rank in:\n%s", r.out);
  double mb = strtod(at + strlen("; memory per rank: about "), NULL);
  e2e_result_free(&r);
  return mb;
}

static void test_dry_run_rank_memory_bounded(void **state) {
  (void)state;
  double r10 = rank_mb("10", NULL), r1000 = rank_mb("1000", NULL);
  if (r1000 != r10 || r1000 > 300)
    fail_msg("memory per rank: %g MB at -r 10, %g MB at -r 1000 (expected the same, bounded)", r10, r1000);
  double shard10 = rank_mb("10", "1/1"), shard100 = rank_mb("100", "1/1");
  if (!(shard100 > shard10 + 1000))
    fail_msg("a shard of 100 replications: %g MB, of 10: %g MB (expected it to keep their rows)", shard100, shard10);
  e2e_result r = e2e_run(
      (const char *[]){"run", "../scenarios/extension-50.cfg", "-r", "1000", "--dry-run", "--ranks", "2", NULL});
  has(r.out,
      " MB (the world, the combined statistics, the rows and cohort tables of 2 replications whatever their number, ");
  e2e_result_free(&r);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_merge_manifest),
      cmocka_unit_test(test_merge_plot_french),
      cmocka_unit_test(test_merge_plot_existing),
      cmocka_unit_test(test_mpi_run_prints_table),
      cmocka_unit_test(test_dry_run_rank_memory_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
