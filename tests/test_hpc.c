/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_hpc.c: shards and merge, MPI ranks (when TZSIM_TEST_MPIRUN names mpirun), and the benchmark
 * command at a tiny size. Every split of the replications must give the single run's bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

static const char *single(void) {
  static int done;
  const char *d = e2e_path("single");
  if (!done) {
    e2e_result r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "-o", d, "--quiet", NULL});
    e2e_expect_ok(&r);
    e2e_result_free(&r);
    done = 1;
  }
  return d;
}

static void run_shard(const char *k, const char *dir, const char *reps) {
  e2e_result r =
      e2e_run((const char *[]){"run", "-r", reps, "--set", "months=24", "--shard", k, "-o", dir, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
}

/* Shards 1/3, 2/3, 3/3 merged give the single run byte for byte, in any order on the command line. */
static void test_shards_merge_to_single_run(void **state) {
  (void)state;
  run_shard("1/3", e2e_path("s1"), "5");
  run_shard("2/3", e2e_path("s2"), "5");
  run_shard("3/3", e2e_path("s3"), "5");
  e2e_result r = e2e_run(
      (const char *[]){"merge", e2e_path("s3"), e2e_path("s1"), e2e_path("s2"), "-o", e2e_path("merged"), NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  e2e_expect_same_results(single(), e2e_path("merged"));
  /* A resubmitted shard that is complete is skipped. */
  e2e_result again =
      e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--shard", "2/3", "-o", e2e_path("s2"), NULL});
  e2e_expect_ok(&again);
  assert_non_null(strstr(again.out, "already complete"));
  e2e_result_free(&again);
}

static void expect_merge_error(const char *const *args, const char *message) {
  e2e_result r = e2e_run(args);
  assert_int_equal(r.status, 2);
  if (!strstr(r.err, message)) fail_msg("expected '%s' in: %s", message, r.err);
  e2e_result_free(&r);
}

/* Mismatched, overlapping and incomplete sets of shards are refused, and nothing is written. */
static void test_merge_refuses_bad_sets(void **state) {
  (void)state;
  run_shard("1/3", e2e_path("s1"), "5"); /* skipped if already there */
  run_shard("2/3", e2e_path("s2"), "5");
  run_shard("3/3", e2e_path("s3"), "5");
  run_shard("1/3", e2e_path("other1"), "6"); /* another run: 6 replications */
  char out[4200];                            /* e2e_path's buffers rotate: keep a copy */
  snprintf(out, sizeof out, "%s", e2e_path("bad_merge"));
  expect_merge_error((const char *[]){"merge", e2e_path("s1"), e2e_path("s2"), "-o", out, NULL},
                     "shard 3/3 is missing");
  expect_merge_error((const char *[]){"merge", e2e_path("s1"), e2e_path("s1"), e2e_path("s2"), e2e_path("s3"), "-o",
                                      out, NULL},
                     "is shard 1/3 again");
  expect_merge_error((const char *[]){"merge", e2e_path("other1"), e2e_path("s2"), e2e_path("s3"), "-o", out, NULL},
                     "is a shard of another scenario");
  expect_merge_error((const char *[]){"merge", e2e_path("single"), "-o", out, NULL},
                     "shard.json: cannot read it (expected the folder of a run made with --shard K/N)");
  assert_false(e2e_exists(out));
  /* A damaged shard is caught by its checksum. */
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "cp -r '%s' '%s' && printf 'x' | dd of='%s' bs=1 seek=100 conv=notrunc 2>/dev/null",
           e2e_path("s2"), e2e_path("s2bad"), e2e_in(e2e_path("s2bad"), "rows.bin"));
  e2e_result r = e2e_sh(cmd);
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  expect_merge_error((const char *[]){"merge", e2e_path("s1"), e2e_path("s2bad"), e2e_path("s3"), "-o", out, NULL},
                     "does not match its checksum");
  assert_false(e2e_exists(out));
}

/* mpirun -np 2 and -np 3 give the single run's bytes (only when built with TZSIM_MPI). */
static void test_mpi_ranks(void **state) {
  (void)state;
  const char *mpirun = getenv("TZSIM_TEST_MPIRUN");
  if (!mpirun || !*mpirun) skip();
  const char *np[] = {"2", "3"};
  for (int i = 0; i < 2; i++) {
    char cmd[8192], name[32];
    snprintf(name, sizeof name, "mpi%s", np[i]);
    snprintf(cmd, sizeof cmd,
             "'%s' --allow-run-as-root --oversubscribe -np %s '%s' run -r 5 --set months=24 -t 1 -o '%s' --quiet",
             mpirun, np[i], e2e_tzsim, e2e_path(name));
    e2e_result r = e2e_sh(cmd);
    e2e_expect_ok(&r);
    e2e_result_free(&r);
    e2e_expect_same_results(single(), e2e_path(name));
  }
}

/* mpirun -np N tzsim ARGS... (the arguments single-quoted), its result. */
static e2e_result mpi_tzsim(const char *mpirun, const char *np, const char *const *args) {
  char cmd[16384];
  size_t used =
      (size_t)snprintf(cmd, sizeof cmd, "'%s' --allow-run-as-root --oversubscribe -np %s '%s'", mpirun, np, e2e_tzsim);
  for (int i = 0; args[i] && used < sizeof cmd; i++)
    used += (size_t)snprintf(cmd + used, sizeof cmd - used, " '%s'", args[i]);
  return e2e_sh(cmd);
}

static void expect_same_files(const char *a, const char *b, const char *const *files) {
  for (int i = 0; files[i]; i++)
    if (!e2e_same_file(e2e_in(a, files[i]), e2e_in(b, files[i])))
      fail_msg("%s differs between %s and %s", files[i], a, b);
}

static void copy_to_scratch(const char *from, const char *name) {
  size_t n = 0;
  char *text = e2e_slurp(from, &n);
  assert_non_null(text);
  FILE *f = fopen(e2e_path(name), "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
  free(text);
}

static void write_scratch(const char *name, const char *text) {
  FILE *f = fopen(e2e_path(name), "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

/* compare, sweep and calibrate (with ABC) under mpirun -np 2 and 3 write the bytes of one process:
 * the points, or each evaluation's replications, are split across the ranks. */
static void test_mpi_studies(void **state) {
  (void)state;
  const char *mpirun = getenv("TZSIM_TEST_MPIRUN");
  if (!mpirun || !*mpirun) skip();
  copy_to_scratch("../scenarios/pilots.cfg", "pilots.cfg");
  copy_to_scratch("../scenarios/common.cfg", "common.cfg");
  write_scratch("mpi-sweep.cfg",
                "@include \"pilots.cfg\"\n"
                "sweep: {\n  method = \"morris\";\n  samples = 3;\n  levels = 4;\n  seed = 5;\n"
                "  outputs = [\"net_cost_per_fte_year_net_eur\", \"territories.Jouques.ebe_headcount\"];\n"
                "  parameters = (\n"
                "    { name = \"avoided_cost\"; keys = [\"money.avoided_cost_min_eur\", "
                "\"money.avoided_cost_max_eur\"]; range = [15000.0, 20000.0]; },\n"
                "    { key = \"territories.*.hire_max\"; range = [5.0, 15.0]; }\n  );\n};\n");
  write_scratch("mpi-calib.cfg",
                "name = \"toy\";\nstart = \"2017-01\";\nmonths = 18;\nreplications = 3;\nterritories = (\n"
                "  { name = \"A\"; population = 3000; ppde_start = 300; unemployed_start = 300; program_start = "
                "\"2017-01\";\n"
                "    capacity_start = 20.0; capacity_max = 200.0; ramp_months = 12; hire_max = 30; }\n);\n"
                "calibrate: {\n  max_evaluations = 12;\n  abc: { samples = 7; accept = 0.3; };\n"
                "  parameters = ( { key = \"territories.*.volunteer_rate\"; range = [0.005, 0.08]; } );\n};\n");
  write_scratch("mpi-targets.csv",
                "territory,date,variable,value,weight\nA,2017-06,ebe,40,1\nA,2017-12,ebe,70,1\nA,2018-06,ebe,90,0\n");
  char sweep_cfg[4200], calib_cfg[4200], targets[4200];
  snprintf(sweep_cfg, sizeof sweep_cfg, "%s", e2e_path("mpi-sweep.cfg"));
  snprintf(calib_cfg, sizeof calib_cfg, "%s", e2e_path("mpi-calib.cfg"));
  snprintf(targets, sizeof targets, "%s", e2e_path("mpi-targets.csv"));
  const char *vary = "territories.*.hire_max=5,12";
  const char *np[] = {"1", "2", "3"};
  char cmp[3][4200], swp[3][4200], cal[3][4200];
  for (int i = 0; i < 3; i++) {
    snprintf(cmp[i], sizeof cmp[i], "%s", e2e_path(i == 0 ? "cmp-single" : i == 1 ? "cmp-np2" : "cmp-np3"));
    snprintf(swp[i], sizeof swp[i], "%s", e2e_path(i == 0 ? "swp-single" : i == 1 ? "swp-np2" : "swp-np3"));
    snprintf(cal[i], sizeof cal[i], "%s", e2e_path(i == 0 ? "cal-single" : i == 1 ? "cal-np2" : "cal-np3"));
    const char *c_args[] = {"compare", "../scenarios/pilots.cfg",
                            "--vary",  vary,
                            "-r",      "4",
                            "--set",   "months=18",
                            "-t",      "1",
                            "-o",      cmp[i],
                            "--quiet", NULL};
    const char *s_args[] = {"sweep", sweep_cfg, "-r", "2",    "--set",   "months=18",
                            "-t",    "1",       "-o", swp[i], "--quiet", NULL};
    const char *k_args[] = {"calibrate", calib_cfg, "--targets", targets, "-t", "1", "-o", cal[i], "--quiet", NULL};
    const char *const *all[] = {c_args, s_args, k_args};
    for (int j = 0; j < 3; j++) {
      e2e_result r = i == 0 ? e2e_run(all[j]) : mpi_tzsim(mpirun, np[i], all[j]);
      e2e_expect_ok(&r);
      e2e_result_free(&r);
    }
  }
  for (int i = 1; i < 3; i++) {
    expect_same_files(cmp[0], cmp[i], (const char *const[]){"compare.csv", "compare.json", NULL});
    expect_same_files(swp[0], swp[i], (const char *const[]){"sweep.csv", "indices.csv", NULL});
    expect_same_files(cal[0], cal[i],
                      (const char *const[]){"fit.csv", "trace.csv", "trajectories.csv", "abc.csv", NULL});
  }
  /* A file that one rank cannot read (a node-local path): every rank stops, none waits for the
   * others, and rank 0 prints the message of the rank that failed. */
  char calib_extra[4300];
  snprintf(calib_extra, sizeof calib_extra, "--targets %s", targets);
  const char *kinds[][3] = {{"sweep", sweep_cfg, ""},
                            {"calibrate", calib_cfg, calib_extra},
                            {"compare", "../scenarios/pilots.cfg", "../scenarios/pilots.cfg"},
                            {"run", "../scenarios/pilots.cfg", ""}};
  for (int i = 0; i < 4; i++) {
    char cmd[16384], out[4200];
    snprintf(out, sizeof out, "%s-lost", e2e_path(kinds[i][0]));
    snprintf(cmd, sizeof cmd,
             "timeout 300 '%s' --allow-run-as-root --oversubscribe -np 2 sh -c 'if [ \"$OMPI_COMM_WORLD_RANK\" = 1 ]; "
             "then "
             "f=no-such-file.cfg; else f=%s; fi; exec \"%s\" %s \"$f\" %s -t 1 -o %s --quiet'",
             mpirun, kinds[i][1], e2e_tzsim, kinds[i][0], kinds[i][2], out);
    e2e_result r = e2e_sh(cmd);
    if (r.status == 124) fail_msg("%s: a rank waited for the others (timeout): %s", kinds[i][0], r.err);
    assert_int_not_equal(r.status, 0);
    if (!strstr(r.err, "no-such-file.cfg: cannot read the file"))
      fail_msg("%s: rank 1's message did not reach rank 0: %s", kinds[i][0], r.err);
    e2e_result_free(&r);
    assert_false(e2e_exists(out));
  }
  /* A point that fails on rank 1 of 3 (points 4 to 6): rank 0 names it, nothing is written. */
  e2e_result bad = mpi_tzsim(mpirun, "3",
                             (const char *const[]){"sweep", "data/inner-sweep.cfg", "-t", "1", "-o",
                                                   e2e_path("inner-np3"), "--quiet", NULL});
  assert_int_not_equal(bad.status, 0);
  if (!strstr(bad.err, "data/inner-sweep.cfg:8: sweep: point 4 (territories.A.capacity_start=55, "
                       "territories.A.capacity_max=10)"))
    fail_msg("the first failing point is not named: %s", bad.err);
  e2e_result_free(&bad);
  assert_false(e2e_exists(e2e_path("inner-np3")));
  /* rank 0 speaks for all: one message, once, and a failure exit */
  e2e_result r =
      mpi_tzsim(mpirun, "2", (const char *const[]){"sweep", sweep_cfg, "-r", "2", "-o", swp[1], "--quiet", NULL});
  assert_int_not_equal(r.status, 0);
  const char *first = strstr(r.err, "output directory exists");
  if (!first) fail_msg("no message that the folder exists: %s", r.err);
  if (strstr(first + 1, "output directory exists")) fail_msg("the message came more than once: %s", r.err);
  e2e_result_free(&r);
}

/* The monthly pass draws its words in SIMD batches or agent by agent (sim/rng_batch.h): every
 * path gives the bytes of the automatic one (a path this CPU lacks falls back to it). */
static void test_rng_paths_same_bytes(void **state) {
  (void)state;
  const char *paths[] = {"scalar", "avx2", "avx512"};
  for (int i = 0; i < 3; i++) {
    char cmd[8192], name[32];
    snprintf(name, sizeof name, "rng-%s", paths[i]);
    snprintf(cmd, sizeof cmd, "TZSIM_RNG_SIMD=%s '%s' run -r 5 --set months=24 -t 2 -o '%s' --quiet", paths[i],
             e2e_tzsim, e2e_path(name));
    e2e_result r = e2e_sh(cmd);
    e2e_expect_ok(&r);
    e2e_result_free(&r);
    e2e_expect_same_results(single(), e2e_path(name));
  }
}

/* The benchmark runs at a tiny size and prints its figures (no timing is asserted). */
static void test_bench_prints_figures(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"bench", "--agents", "2000,3000", "--months", "3,5", "-t", "2", NULL});
  e2e_expect_ok(&r);
  const char *want[] = {"agent-months/s",
                        "bytes/agent",
                        "peak MB",
                        "ideal/s",
                        "speed-up from 1 to 2 threads",
                        "    2000       3        1",
                        "    2000       5        2",
                        "    3000       3        2",
                        "    3000       5        1",
                        "random words: Philox4x32-10, "};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (!strstr(r.out, want[i])) fail_msg("bench output lacks '%s':\n%s", want[i], r.out);
  e2e_result_free(&r);
}

/* --dry-run prints the plan and the memory per process, and writes nothing. */
static void test_dry_run(void **state) {
  (void)state;
  e2e_result r =
      e2e_run((const char *[]){"run", "--dry-run", "--shard", "2/4", "-r", "8", "-o", e2e_path("dry"), NULL});
  e2e_expect_ok(&r);
  assert_non_null(strstr(r.out, "replications 2 to 3 of 8 (this shard)"));
  assert_non_null(strstr(r.out, "MB per process (per MPI rank)"));
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("dry")));
}

/* Checkpoint then continue gives the bytes of a run straight through; another policy from the
 * checkpoint's date on is accepted, a different past is refused, a damaged file too. */
static void test_checkpoint_and_fork(void **state) {
  (void)state;
  const char *straight = single();
  char ck[4200], path[4300];
  snprintf(ck, sizeof ck, "%s", e2e_path("ck"));
  e2e_result r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--checkpoint-at", "2017-09", "-o",
                                          ck, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  e2e_expect_same_results(straight, ck); /* taking a checkpoint changes nothing */
  snprintf(path, sizeof path, "%s/checkpoint.tzck", ck);
  r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--from", path, "-o", e2e_path("continued"),
                               "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  e2e_expect_same_results(straight, e2e_path("continued"));
  /* Another policy from the date on: the pilots whose program has not started by then may change. */
  char early[4200], early_path[4300];
  snprintf(early, sizeof early, "%s", e2e_path("ck_early"));
  r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--checkpoint-at", "2017-02", "-o", early,
                               "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  snprintf(early_path, sizeof early_path, "%s/checkpoint.tzck", early);
  r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--set", "territories.Thiers.program=false",
                               "--from", early_path, "-o", e2e_path("forked"), "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char *forked = e2e_slurp(e2e_in(e2e_path("forked"), "monthly.csv"), NULL),
       *base = e2e_slurp(e2e_in(straight, "monthly.csv"), NULL);
  assert_non_null(strstr(forked, "\nThiers,2018-12,program,"));
  /* Thiers employs nobody in the fork, and others' months before the date are untouched. */
  char *th = strstr(forked, "\nThiers,2018-12,program,");
  assert_non_null(th);
  /* The ebe column (5th metric, each with _lo and _hi): field 3 + 4 * 3 of the row. */
  const char *f = th + 1;
  for (int comma = 0; comma < 15; f++)
    if (*f == ',') comma++;
  assert_true(atof(f) == 0.0);
  char *th_base = strstr(base, "\nThiers,2018-12,program,");
  const char *g = th_base + 1;
  for (int comma = 0; comma < 15; g++)
    if (*g == ',') comma++;
  assert_true(atof(g) > 10.0); /* while it employs people straight through */
  assert_int_not_equal(strcmp(forked, base), 0);
  assert_non_null(strstr(forked, "\nColombelles,2017-01,program,"));
  free(forked);
  free(base);
  /* A different past (a started territory's capacity) is refused. */
  r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--set", "territories.Jouques.capacity_max=70",
                               "--from", path, "-o", e2e_path("refused"), NULL});
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "comes from a scenario that differs before its date"));
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("refused")));
  /* A damaged checkpoint is refused by its checksum. */
  char cmd[14000];
  snprintf(cmd, sizeof cmd, "cp '%s' '%s.bad' && printf 'x' | dd of='%s.bad' bs=1 seek=5000 conv=notrunc 2>/dev/null",
           path, path, path);
  r = e2e_sh(cmd);
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char bad[4400];
  snprintf(bad, sizeof bad, "%s.bad", path);
  r = e2e_run((const char *[]){"run", "-r", "5", "--set", "months=24", "--from", bad, "-o", e2e_path("refused"), NULL});
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "checksum does not match"));
  e2e_result_free(&r);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shards_merge_to_single_run),
      cmocka_unit_test(test_merge_refuses_bad_sets),
      cmocka_unit_test(test_mpi_ranks),
      cmocka_unit_test(test_mpi_studies),
      cmocka_unit_test(test_rng_paths_same_bytes),
      cmocka_unit_test(test_bench_prints_figures),
      cmocka_unit_test(test_dry_run),
      cmocka_unit_test(test_checkpoint_and_fork),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
