/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_untrusted.c: shard folders and result folders travel between machines and are untrusted
 * input. Each case takes a real folder, changes one thing the way an attacker would (tamper.c
 * recomputes the checksums the folder carries, so only tzsim's field and value checks can catch
 * it), and asserts the exact message, exit status 2 (3 for an existing output folder), and that
 * nothing was written: no output folder, an existing one untouched, no figures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "e2e_util.h"
#include "models/report.h"
#include "tamper.h"

/* One territory, two months, three replications: shard 1/2 holds replication 1, shard 2/2
 * replications 2 and 3. */
static const char scenario[] = "name = \"small\";\nstart = \"2017-01\";\nmonths = 2;\nreplications = 3;\n"
                               "territories = (\n  { name = \"A\";\n    population = 1000;\n    ppde_start = 50;\n"
                               "    unemployed_start = 60;\n    program_start = \"2017-01\"; }\n);\n";

static char base1[4200], base2[4200], base_res[4200], out[4200];

/* A fresh path in the scratch folder (e2e_path's buffers rotate: keep a copy). */
static const char *keep(char *buf, const char *name) {
  snprintf(buf, 4200, "%s", e2e_path(name));
  return buf;
}

static void run_ok(const char *const *args) {
  e2e_result r = e2e_run(args);
  if (r.status != 0) fail_msg("exit %d, stderr: %s", r.status, r.err);
  e2e_result_free(&r);
}

static int set_up(void **state) {
  (void)state;
  const char *cfg = e2e_path("small.cfg");
  FILE *f = fopen(cfg, "w");
  if (!f || fputs(scenario, f) < 0 || fclose(f) != 0) return -1;
  char c[4200];
  snprintf(c, sizeof c, "%s", cfg);
  keep(base1, "base-s1");
  keep(base2, "base-s2");
  keep(base_res, "base-result");
  keep(out, "merged");
  run_ok((const char *[]){"run", c, "--shard", "1/2", "-o", base1, "--quiet", NULL});
  run_ok((const char *[]){"run", c, "--shard", "2/2", "-o", base2, "--quiet", NULL});
  run_ok((const char *[]){"run", c, "-o", base_res, "--quiet", NULL});
  return 0;
}

/* Fresh copies of the two shards, to tamper with. */
static void copies(char *s1, char *s2) {
  keep(s1, "s1");
  keep(s2, "s2");
  assert_int_equal(tamper_copy(base1, s1), 0);
  assert_int_equal(tamper_copy(base2, s2), 0);
}

/* tzsim merge DIRS... -o out: exactly the one line expected (the whole of stderr), the status, and
 * no output folder. An intact set merges (checked once, in test_intact_shards_merge). */
static void expect_merge(const char *const *dirs, int n, int status, const char *line) {
  char cmd[4400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", out); /* a failed case before must not fail this one */
  e2e_result clean = e2e_sh(cmd);
  e2e_result_free(&clean);
  const char *args[12] = {"merge"};
  int k = 1;
  for (int i = 0; i < n; i++) args[k++] = dirs[i];
  args[k++] = "-o";
  args[k++] = out;
  args[k] = NULL;
  e2e_result r = e2e_run(args);
  char want[9000];
  snprintf(want, sizeof want, "%s\n", line);
  if (r.status != status || strcmp(r.err, want) != 0)
    fail_msg("exit %d (expected %d), stderr:\n%s(expected:\n%s)", r.status, status, r.err, want);
  assert_false(e2e_exists(out));
  e2e_result_free(&r);
}

static void expect_merge2(const char *s1, const char *s2, const char *line) {
  expect_merge((const char *[]){s1, s2}, 2, 2, line);
}

static void test_intact_shards_merge(void **state) {
  (void)state;
  char s1[4200], s2[4200];
  copies(s1, s2);
  run_ok((const char *[]){"merge", s1, s2, "-o", out, NULL});
  assert_true(e2e_exists(out));
  char a[4300], b[4300];
  snprintf(a, sizeof a, "%s/summary.csv", out);
  snprintf(b, sizeof b, "%s/summary.csv", base_res);
  assert_true(e2e_same_file(a, b)); /* the shards merge to exactly the single run */
  char cmd[4300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
  e2e_result r = e2e_sh(cmd);
  e2e_result_free(&r);
}

/* A manifest field set to value in shard 2, with its message. */
static void expect_field(const char *key, const char *value, const char *what) {
  char s1[4200], s2[4200], path[4300], line[9000];
  copies(s1, s2);
  snprintf(path, sizeof path, "%s/shard.json", s2);
  assert_int_equal(tamper_json_set(path, key, value), 0);
  snprintf(line, sizeof line, "%s: %s", path, what);
  expect_merge2(s1, s2, line);
}

static void test_shard_9_of_2(void **state) {
  (void)state;
  expect_field("shard", "9", "shard: 9 is out of range (expected 1 to 2, the shard count)");
}

static void test_shard_minus_100000(void **state) {
  (void)state;
  expect_field("shard", "-100000", "shard: -100000 is out of range (expected 1 to 2, the shard count)");
}

static void test_shard_0(void **state) {
  (void)state;
  expect_field("shard", "0", "shard: 0 is out of range (expected 1 to 2, the shard count)");
}

static void test_shard_string(void **state) {
  (void)state;
  expect_field("shard", "\"2\"", "shard: is a string (expected an integer from 1 to 2, the shard count)");
}

static void test_shard_count_changed_in_one(void **state) {
  (void)state;
  char s1[4200], s2[4200], path[4300], line[9000];
  copies(s1, s2);
  snprintf(path, sizeof path, "%s/shard.json", s2);
  assert_int_equal(tamper_json_set(path, "shards", "3"), 0);
  snprintf(line, sizeof line,
           "%s: shards: 3 differs from %s/shard.json (expected 2, the same shard count in every shard)", path, s1);
  expect_merge2(s1, s2, line);
}

static void test_replication_count_changed_in_one(void **state) {
  (void)state;
  expect_field("count", "1",
               "count: first 1 and count 1 are not shard 2/2's slice (expected first 1 and count 2 of 3 replications)");
}

/* The replications of the run changed in both manifests. */
static void expect_replications(const char *value, const char *what) {
  char s1[4200], s2[4200], p1[4300], p2[4300], line[9000];
  copies(s1, s2);
  snprintf(p1, sizeof p1, "%s/shard.json", s1);
  snprintf(p2, sizeof p2, "%s/shard.json", s2);
  assert_int_equal(tamper_json_set(p1, "replications", value), 0);
  assert_int_equal(tamper_json_set(p2, "replications", value), 0);
  snprintf(line, sizeof line, "%s: %s", p1, what);
  expect_merge2(s1, s2, line);
}

static void test_replications_lowered_in_both(void **state) {
  (void)state;
  expect_replications("2", "replications: 2 does not match the scenario (expected 3, as scenario.cfg says)");
}

static void test_replications_raised_in_both(void **state) {
  (void)state;
  expect_replications("1000", "replications: 1000 does not match the scenario (expected 3, as scenario.cfg says)");
}

/* The months of the run changed in both shards' scenario.cfg, their hashes recomputed. */
static void test_months_changed(void **state) {
  (void)state;
  char s1[4200], s2[4200], line[9000];
  copies(s1, s2);
  assert_int_equal(tamper_scenario(s1, "months = 2L;", "months = 3L;"), 0);
  assert_int_equal(tamper_scenario(s2, "months = 2L;", "months = 3L;"), 0);
  snprintf(line, sizeof line,
           "%s/shard.json: steps: 2 does not match the scenario (expected 3, the months scenario.cfg reports)", s1);
  expect_merge2(s1, s2, line);
}

/* A data file of shard 2 resized, the checksum recomputed. Shard 2 holds 2 replications of 2
 * months of 2 groups x 2 arms x MDL_M_COUNT doubles. */
static void expect_resized(const char *name, long delta, size_t want, const char *how) {
  char s1[4200], s2[4200], line[9000];
  copies(s1, s2);
  assert_int_equal(tamper_resize(s2, name, delta), 0);
  snprintf(line, sizeof line, "%s/%s: has %ld bytes (expected %zu: %s, as shard.json says)", s2, name,
           (long)want + delta, want, how);
  expect_merge2(s1, s2, line);
}

static void test_rows_cut_by_8_bytes(void **state) {
  (void)state;
  expect_resized("rows.bin", -8, 2u * 2 * 2 * 2 * MDL_M_COUNT * 8, "count x steps x out_width doubles");
}

static void test_rows_longer(void **state) {
  (void)state;
  expect_resized("rows.bin", 8, 2u * 2 * 2 * 2 * MDL_M_COUNT * 8, "count x steps x out_width doubles");
}

static void test_extra_cut(void **state) {
  (void)state;
  char s2[4200], path[4300];
  keep(s2, "base-s2");
  snprintf(path, sizeof path, "%s/extra.bin", s2);
  size_t n = 0;
  free(e2e_slurp(path, &n));
  assert_true(n > 8);
  expect_resized("extra.bin", -8, n, "count x extra_width doubles");
}

/* The ppde count of territory A, first arm (the counterfactual), second month, of shard 2's second
 * replication. */
static void expect_count(double v, const char *shown) {
  char s1[4200], s2[4200], line[9000];
  copies(s1, s2);
  size_t row = (size_t)2 * 2 * MDL_M_COUNT, index = row * 2 + row + MDL_M_PPDE;
  assert_int_equal(tamper_set_double(s2, "rows.bin", index, v), 0);
  snprintf(line, sizeof line,
           "%s/rows.bin: ppde: %s in replication 3, 2017-02, A, counterfactual is not a count of persons (expected a "
           "whole number "
           "from 0 to 1000, the population)",
           s2, shown);
  expect_merge2(s1, s2, line);
}

static void test_count_minus_1(void **state) {
  (void)state;
  expect_count(-1, "-1");
}

static void test_count_nan(void **state) {
  (void)state;
  expect_count((double)NAN, "nan");
}

static void test_count_1e300(void **state) {
  (void)state;
  expect_count(1e300, "1e+300");
}

static void test_count_fraction(void **state) {
  (void)state;
  expect_count(12.5, "12.5");
}

/* A value of the cohort tables (extra.bin) that no table can hold. */
static void test_extra_1e300(void **state) {
  (void)state;
  char s1[4200], s2[4200], line[9000];
  copies(s1, s2);
  assert_int_equal(tamper_set_double(s2, "extra.bin", 0, 1e300), 0);
  snprintf(line, sizeof line,
           "%s/extra.bin: 1e+300 at value 1 of replication 2 is not a cohort statistic (expected NaN or a number from "
           "-100 to "
           "3000: percentages, percentage points, or persons over the horizon)",
           s2);
  expect_merge2(s1, s2, line);
}

static void test_same_shard_twice(void **state) {
  (void)state;
  char s1[4200], s2[4200], s1b[4200], line[9000];
  copies(s1, s2);
  keep(s1b, "s1b");
  assert_int_equal(tamper_copy(s1, s1b), 0);
  snprintf(line, sizeof line, "%s: is shard 1/2 again (expected each shard once; also in %s)", s1b, s1);
  expect_merge((const char *[]){s1, s1b}, 2, 2, line);
}

static void test_missing_shard(void **state) {
  (void)state;
  char s1[4200], s2[4200];
  copies(s1, s2);
  expect_merge((const char *[]){s2}, 1, 2, "merge: shard 1/2 is missing (expected all 2 shards of the run)");
}

/* A FIFO as rows.bin would block a plain fopen forever: refused without waiting. */
static void test_rows_fifo(void **state) {
  (void)state;
  char s1[4200], s2[4200], path[4300], line[9000];
  copies(s1, s2);
  snprintf(path, sizeof path, "%s/rows.bin", s2);
  assert_int_equal(unlink(path), 0);
  assert_int_equal(mkfifo(path, 0600), 0);
  snprintf(line, sizeof line, "%s: cannot read it: not a regular file (expected a complete shard folder)", path);
  expect_merge2(s1, s2, line);
}

static void test_manifest_not_json(void **state) {
  (void)state;
  char s1[4200], s2[4200], path[4300];
  copies(s1, s2);
  snprintf(path, sizeof path, "%s/shard.json", s2);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("shard = 2\n", f);
  assert_int_equal(fclose(f), 0);
  e2e_result r = e2e_run((const char *[]){"merge", s1, s2, "-o", out, NULL});
  assert_int_equal(r.status, 2);
  char head[4400];
  snprintf(head, sizeof head, "%s:1: not valid JSON: ", path);
  assert_int_equal(strncmp(r.err, head, strlen(head)), 0);
  assert_non_null(strstr(r.err, " (expected a JSON object written by tzsim)\n"));
  assert_null(strchr(r.err, '\n') + 1 == r.err + strlen(r.err) ? NULL : "more than one line");
  assert_false(e2e_exists(out));
  e2e_result_free(&r);
}

/* An existing output folder is refused before any shard is read (the shards named do not even
 * exist), and left as it was. */
static void test_existing_output_refused_first(void **state) {
  (void)state;
  char marker[4300];
  assert_int_equal(mkdir(out, 0777), 0);
  snprintf(marker, sizeof marker, "%s/keep.txt", out);
  FILE *f = fopen(marker, "w");
  assert_non_null(f);
  fputs("mine\n", f);
  assert_int_equal(fclose(f), 0);
  e2e_result r =
      e2e_run((const char *[]){"merge", e2e_path("no-such-shard-1"), e2e_path("no-such-shard-2"), "-o", out, NULL});
  char want[4400];
  snprintf(want, sizeof want, "%s: output directory exists (expected a new directory, or --force to replace it)\n",
           out);
  assert_int_equal(r.status, 3);
  assert_string_equal(r.err, want);
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(out), 1);
  char *text = e2e_slurp(marker, NULL);
  assert_string_equal(text, "mine\n");
  free(text);
  /* With --force and a tampered shard: refused, and the existing folder is still untouched. */
  char s1[4200], s2[4200], path[4300];
  copies(s1, s2);
  snprintf(path, sizeof path, "%s/shard.json", s2);
  assert_int_equal(tamper_json_set(path, "shard", "9"), 0);
  r = e2e_run((const char *[]){"merge", s1, s2, "-o", out, "--force", NULL});
  assert_int_equal(r.status, 2);
  snprintf(want, sizeof want, "%s: shard: 9 is out of range (expected 1 to 2, the shard count)\n", path);
  assert_string_equal(r.err, want);
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(out), 1);
  text = e2e_slurp(marker, NULL);
  assert_string_equal(text, "mine\n");
  free(text);
  char cmd[4400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
  r = e2e_sh(cmd);
  e2e_result_free(&r);
}

/* ---- result folders read by tzsim plot ---- */

/* A fresh copy of the result folder, its monthly.csv path. */
static const char *result_copy(char *dir, char *monthly) {
  keep(dir, "result");
  assert_int_equal(tamper_copy(base_res, dir), 0);
  snprintf(monthly, 4300, "%s/monthly.csv", dir);
  return dir;
}

/* tzsim plot DIR: the one line expected, exit 2, and nothing written into the folder. */
static void expect_plot(const char *dir, const char *line) {
  int before = e2e_count_entries(dir);
  e2e_result r = e2e_run((const char *[]){"plot", dir, NULL});
  char want[9000];
  snprintf(want, sizeof want, "%s\n", line);
  if (r.status != 2 || strcmp(r.err, want) != 0)
    fail_msg("exit %d (expected 2), stderr:\n%s(expected:\n%s)", r.status, r.err, want);
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), before); /* no plots/, no report.html, no partial folder */
}

/* The result's scenario.cfg goes through the scenario reader: a syntax error is named by line, a
 * months that is not a number by key. */
static void test_plot_scenario_cfg_broken(void **state) {
  (void)state;
  char dir[4200], monthly[4300], cfg[4300], line[9000];
  result_copy(dir, monthly);
  snprintf(cfg, sizeof cfg, "%s/scenario.cfg", dir);
  FILE *f = fopen(cfg, "w");
  assert_non_null(f);
  fputs("name = \"x\";\nmonths = ;\n", f);
  assert_int_equal(fclose(f), 0);
  snprintf(line, sizeof line, "%s:2: syntax error (expected libconfig syntax: key = value;)", cfg);
  expect_plot(dir, line);
  f = fopen(cfg, "w");
  assert_non_null(f);
  fputs("months = \"2\";\nterritories = ( { name = \"A\"; } );\n", f);
  assert_int_equal(fclose(f), 0);
  snprintf(line, sizeof line,
           "%s: months: cannot read the months and territories (expected the resolved scenario tzsim writes)", cfg);
  expect_plot(dir, line);
}

static void test_plot_monthly_cut_mid_line(void **state) {
  (void)state;
  char dir[4200], monthly[4300], line[9000];
  result_copy(dir, monthly);
  size_t n = 0;
  free(e2e_slurp(monthly, &n));
  assert_int_equal(tamper_cut(monthly, n - 10), 0);
  /* 1 header line and 2 months x 2 groups x 2 arms rows: the last one, line 9, is cut. */
  snprintf(line, sizeof line, "%s:9: the last line has no end (expected a complete file: it was cut short)", monthly);
  expect_plot(dir, line);
}

static void test_plot_monthly_row_missing(void **state) {
  (void)state;
  char dir[4200], monthly[4300], line[9000];
  result_copy(dir, monthly);
  assert_int_equal(tamper_drop_line(monthly, 5), 0); /* A, 2017-02, program */
  snprintf(line, sizeof line,
           "%s: date: no row for A, 2017-02, program (expected one row per territory, month and arm: the file is "
           "incomplete)",
           monthly);
  expect_plot(dir, line);
}

static void test_plot_monthly_last_month_missing(void **state) {
  (void)state;
  char dir[4200], monthly[4300], line[9000];
  result_copy(dir, monthly);
  /* Rows are territory by territory, month by month: drop 2017-02 of A and of the total. */
  assert_int_equal(tamper_drop_line(monthly, 9), 0);
  assert_int_equal(tamper_drop_line(monthly, 8), 0);
  assert_int_equal(tamper_drop_line(monthly, 5), 0);
  assert_int_equal(tamper_drop_line(monthly, 4), 0);
  snprintf(line, sizeof line,
           "%s: has 1 month of 1 territory and the total (expected 2 months of 1 territory and the total, as "
           "scenario.cfg says: the file is incomplete)",
           monthly);
  expect_plot(dir, line);
}

static void test_plot_monthly_not_a_number(void **state) {
  (void)state;
  char dir[4200], monthly[4300], line[9000];
  result_copy(dir, monthly);
  assert_int_equal(tamper_csv_set(monthly, 3, 12, "12x"), 0); /* the ppde column */
  snprintf(line, sizeof line, "%s:3: ppde: '12x' is not a number (expected a number, as tzsim writes it)", monthly);
  expect_plot(dir, line);
}

static void test_plot_monthly_short_line(void **state) {
  (void)state;
  char dir[4200], monthly[4300], line[9000];
  result_copy(dir, monthly);
  char *text = e2e_slurp(monthly, NULL);
  assert_non_null(text);
  int fields = 1;
  for (const char *p = text; *p != '\n'; p++) fields += *p == ',';
  free(text);
  /* Line 4 ends after its third field. */
  assert_int_equal(tamper_csv_set(monthly, 4, 3, "1\n"), 0);
  assert_int_equal(tamper_drop_line(monthly, 5), 0); /* the rest of the old line 4 */
  snprintf(line, sizeof line, "%s:4: population_lo: missing: the line has 4 fields (expected %d, as the header has)",
           monthly, fields);
  expect_plot(dir, line);
}

static void test_plot_summary_json_wrong_type(void **state) {
  (void)state;
  char dir[4200], monthly[4300], path[4300], line[9000];
  result_copy(dir, monthly);
  snprintf(path, sizeof path, "%s/summary.json", dir);
  assert_int_equal(tamper_json_set(path, "replications", "\"3\""), 0);
  snprintf(line, sizeof line, "%s: replications: is a string (expected an integer from 1 to 4294967295)", path);
  expect_plot(dir, line);
}

static void test_plot_run_json_replications_disagree(void **state) {
  (void)state;
  char dir[4200], monthly[4300], path[4300], line[9000];
  result_copy(dir, monthly);
  snprintf(path, sizeof path, "%s/summary.json", dir);
  assert_int_equal(tamper_json_set(path, "replications", "30"), 0);
  snprintf(line, sizeof line, "%s: replications: 30 differs from run.json (expected 3, the replications of the run)",
           path);
  expect_plot(dir, line);
}

/* summary.csv as a link to /dev/zero would be read until memory runs out: refused. */
static void test_plot_summary_not_a_file(void **state) {
  (void)state;
  char dir[4200], monthly[4300], path[4300], line[9000];
  result_copy(dir, monthly);
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  assert_int_equal(unlink(path), 0);
  assert_int_equal(symlink("/dev/zero", path), 0);
  snprintf(line, sizeof line, "%s: cannot read: not a regular file (expected a file of a tzsim result folder)", path);
  expect_plot(dir, line);
}

/* summary.csv cut at the end of a line: fewer rows than summary.json's figures for each territory. */
static void test_plot_summary_rows_missing(void **state) {
  (void)state;
  char dir[4200], monthly[4300], path[4300], line[9000];
  result_copy(dir, monthly);
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  char *text = e2e_slurp(path, NULL);
  assert_non_null(text);
  size_t rows = 0;
  for (const char *p = text; *p; p++) rows += *p == '\n';
  free(text);
  rows--;                        /* the header */
  assert_int_equal(rows % 2, 0); /* A and the total */
  assert_int_equal(tamper_drop_line(path, (int)rows + 1), 0);
  snprintf(line, sizeof line,
           "%s: has %zu rows (expected %zu: the %zu figures of summary.json for 1 territory and the total: the file is "
           "incomplete)",
           path, rows - 1, rows, rows / 2);
  expect_plot(dir, line);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_intact_shards_merge),
      cmocka_unit_test(test_shard_9_of_2),
      cmocka_unit_test(test_shard_minus_100000),
      cmocka_unit_test(test_shard_0),
      cmocka_unit_test(test_shard_string),
      cmocka_unit_test(test_shard_count_changed_in_one),
      cmocka_unit_test(test_replication_count_changed_in_one),
      cmocka_unit_test(test_replications_lowered_in_both),
      cmocka_unit_test(test_replications_raised_in_both),
      cmocka_unit_test(test_months_changed),
      cmocka_unit_test(test_rows_cut_by_8_bytes),
      cmocka_unit_test(test_rows_longer),
      cmocka_unit_test(test_extra_cut),
      cmocka_unit_test(test_count_minus_1),
      cmocka_unit_test(test_count_nan),
      cmocka_unit_test(test_count_1e300),
      cmocka_unit_test(test_count_fraction),
      cmocka_unit_test(test_extra_1e300),
      cmocka_unit_test(test_same_shard_twice),
      cmocka_unit_test(test_missing_shard),
      cmocka_unit_test(test_rows_fifo),
      cmocka_unit_test(test_manifest_not_json),
      cmocka_unit_test(test_existing_output_refused_first),
      cmocka_unit_test(test_plot_monthly_cut_mid_line),
      cmocka_unit_test(test_plot_monthly_row_missing),
      cmocka_unit_test(test_plot_monthly_last_month_missing),
      cmocka_unit_test(test_plot_monthly_not_a_number),
      cmocka_unit_test(test_plot_monthly_short_line),
      cmocka_unit_test(test_plot_summary_not_a_file),
      cmocka_unit_test(test_plot_summary_rows_missing),
      cmocka_unit_test(test_plot_summary_json_wrong_type),
      cmocka_unit_test(test_plot_run_json_replications_disagree),
      cmocka_unit_test(test_plot_scenario_cfg_broken),
  };
  return cmocka_run_group_tests(tests, set_up, NULL);
}
