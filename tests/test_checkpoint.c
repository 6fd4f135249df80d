/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_checkpoint.c: untrusted checkpoints (issue 14). A real checkpoint of a small scenario is
 * edited one field at a time and its FNV-1a trailer recomputed (tests/ckpt_tamper.c), as anyone
 * can: `tzsim run --from` must refuse each with one line naming the file and the field (and the
 * replication, territory and agent), exit 2, and write nothing. An untouched checkpoint still
 * continues to the bytes of a run straight through. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ckpt_tamper.h"
#include "models/labour.h"
#include "e2e_util.h"
#include "models/cohorts.h"
#include "models/ebe.h"
#include "models/population.h"
#include "sim/checkpoint.h"
#include "sim/errs.h"
#include "sim/stats.h"
#include "version.h"

#define SCENARIO "../scenarios/pilots.cfg"
static const char *const sets[] = {"scale=40", "months=12"};
static mdl_scenario scen;
static char ck_path[4300], straight[4200];

/* tzsim run SCENARIO --set scale=40 --set months=12 -r 2 [extra...] -o out --quiet */
static e2e_result run_small(const char *out, const char *a, const char *b, const char *c) {
  const char *args[16] = {"run", SCENARIO, "--set", sets[0], "--set", sets[1], "-r", "2", "--quiet", "-o", out};
  int n = 11;
  if (a) args[n++] = a;
  if (b) args[n++] = b;
  if (c) args[n++] = c;
  args[n] = NULL;
  return e2e_run(args);
}

static int setup(void **state) {
  (void)state;
  sim_errs e;
  sim_errs_init(&e);
  if (mdl_scenario_load(SCENARIO, NULL, NULL, sets, 2, &scen, &e) != SIM_OK) return -1;
  sim_errs_destroy(&e);
  snprintf(straight, sizeof straight, "%s", e2e_path("straight"));
  e2e_result r = run_small(straight, NULL, NULL, NULL);
  int bad = r.status != 0;
  e2e_result_free(&r);
  char ck[4200];
  snprintf(ck, sizeof ck, "%s", e2e_path("ck"));
  r = run_small(ck, "--checkpoint-at", "2017-07", NULL);
  bad = bad || r.status != 0;
  e2e_result_free(&r);
  snprintf(ck_path, sizeof ck_path, "%s/checkpoint.tzck", ck);
  return bad ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  mdl_scenario_free(&scen);
  return 0;
}

static void load(ckt_file *f) { assert_int_equal(ckt_load(f, ck_path, &scen), 0); }

/* One month's hires of territory k, in agents (at least 1): what an allowance never exceeds. */
static double allowance_max(int k) {
  double m = (double)scen.territories[k].hire_max / scen.scale;
  return m > 1.0 ? m : 1.0;
}

/* Save the edited file as NAME.tzck, continue from it: exit 2, exactly "<file>: --from: WANT", no
 * output folder. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
expect_refused(ckt_file *f, const char *name, const char *fmt, ...) {
  char path[4300], out[4300], want[2048], line[6500];
  snprintf(path, sizeof path, "%s.tzck", e2e_path(name));
  snprintf(out, sizeof out, "%s-out", e2e_path(name));
  assert_int_equal(ckt_save(f, path), 0);
  ckt_free(f);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(want, sizeof want, fmt, ap);
  va_end(ap);
  snprintf(line, sizeof line, "%s: --from: %s\n", path, want);
  e2e_result r = run_small(out, "--from", path, NULL);
  assert_string_equal(r.err, line);
  assert_int_equal(r.status, 2);
  e2e_result_free(&r);
  assert_false(e2e_exists(out));
}

/* The first territory whose queue (replication 0) has a live entry at its head and at least two
 * entries; its index, or -1. */
static int queue_with_live_head(const ckt_file *f) {
  for (int k = 0; k < f->K; k++) {
    size_t q = ckt_queue(f, 0, k), cap = ckt_queue_cap(f, k);
    uint64_t head = ckt_get(f, q, 8), len = ckt_get(f, q + 8, 8);
    if (len < 2) continue;
    uint32_t slot = (uint32_t)ckt_get(f, q + 16 + 4 * head, 4);
    uint16_t stamp = (uint16_t)ckt_get(f, q + 16 + 4 * cap + 2 * head, 2);
    if (ckt_get(f, ckt_agent(f, 0, CKT_STATUS, MDL_PROG, slot), 1) == MDL_PPDE &&
        ckt_get(f, ckt_agent(f, 0, CKT_VOL, 0, slot), 2) == stamp)
      return k;
  }
  return -1;
}

static void test_untouched_continues(void **state) {
  (void)state;
  ckt_file f;
  load(&f); /* the helper reads the real layout: its size adds up */
  ckt_free(&f);
  e2e_result r = run_small(e2e_path("continued"), "--from", ck_path, NULL);
  assert_int_equal(r.status, 0);
  e2e_result_free(&r);
  char a[4400], b[4400];
  snprintf(a, sizeof a, "%s/monthly.csv", straight);
  snprintf(b, sizeof b, "%s/monthly.csv", e2e_path("continued"));
  assert_true(e2e_same_file(a, b));
  snprintf(a, sizeof a, "%s/cohorts.csv", straight);
  snprintf(b, sizeof b, "%s/cohorts.csv", e2e_path("continued"));
  assert_true(e2e_same_file(a, b));
}

static void test_header_out_width(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_header("out_width"), 8, 1651);
  expect_refused(&f, "out_width",
                 "header field out_width is 1651 (expected 1650, the monthly columns of this scenario)");
}

static void test_header_reported_before(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_header("reported_before"), 4, 5);
  expect_refused(&f, "reported_before",
                 "header field reported_before is 5 (expected 6, the reported months before its date 2017-07)");
}

static void test_header_replications(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_header("replications"), 4, 3);
  expect_refused(&f, "replications", "header field replications is 3 (expected 2, this scenario's replications)");
}

static void test_header_date_outside(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t at = ckt_header("date");
  ckt_put(&f, at, 4, ckt_get(&f, at, 4) + 12); /* 2018-07 */
  expect_refused(&f, "date_outside",
                 "header field date is 2018-07, outside this scenario's horizon (expected a month from 2017-02 to "
                 "2017-12)");
}

static void test_header_date_moved(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t at = ckt_header("date");
  ckt_put(&f, at, 4, ckt_get(&f, at, 4) + 1); /* 2017-08: its step would be 7 */
  expect_refused(&f, "date_moved",
                 "header field step is 6 (expected 7, the engine step of its date 2017-08 with 0 burn-in months)");
}

static void test_header_step(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_header("step"), 4, 7);
  expect_refused(&f, "step",
                 "header field step is 7 (expected 6, the engine step of its date 2017-07 with 0 burn-in months)");
}

static void test_header_seed(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t at = ckt_header("seed");
  ckt_put(&f, at, 8, ckt_get(&f, at, 8) + 1);
  expect_refused(&f, "seed", "header field seed is 20170102 (expected 20170101, this scenario's seed)");
}

static void test_header_version_unterminated(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  memset(f.buf + ckt_header("version"), 'A', 32); /* no NUL: never printed as a string */
  expect_refused(&f, "version",
                 "was written by another version of tzsim (expected a checkpoint of tzsim %s %s; header field version "
                 "is \"?\", "
                 "git_revision \"%s\")",
                 TZSIM_VERSION, TZSIM_GIT_REV, TZSIM_GIT_REV);
}

/* The size is exactly what the header and the scenario imply. */
static void test_truncated_statistics(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t len = f.len;
  f.len -= sizeof(sim_stats_acc);
  expect_refused(&f, "truncated",
                 "the file is %zu bytes (expected %zu: the header, 2 replication states and 6 months x 1650 monthly "
                 "statistics, "
                 "and the checksum; it is truncated or has extra bytes)",
                 len - sizeof(sim_stats_acc), len);
}

static void test_truncated_state(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  f.len = f.rep_at[1] + 1000; /* replication 1's agents are cut short */
  expect_refused(&f, "truncated_state",
                 "replication 1: the file ends inside its state (expected a complete checkpoint of this scenario)");
}

static void test_extended(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t len = f.len;
  memset(f.buf + f.len, 0, 16);
  f.len += 16;
  expect_refused(&f, "extended",
                 "the file is %zu bytes (expected %zu: the header, 2 replication states and 6 months x 1650 monthly "
                 "statistics, "
                 "and the checksum; it is truncated or has extra bytes)",
                 len + 16, len);
}

static void test_agent_status(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_agent(&f, 1, CKT_STATUS, MDL_PROG, f.first[2] + 5), 1, 7);
  expect_refused(&f, "status", "replication 1: territory 2, agent 5: program status is 7 (expected 0 to 4)");
}

/* The first agent of replication 0 asleep (scheduled engine) in territory k: her slot, or -1. */
static long first_sleeper(const ckt_file *f, int k) {
  for (size_t j = 0; j < f->count[k]; j++)
    if (ckt_get(f, ckt_due(f, 0, f->first[k] + j), 2)) return (long)j;
  return -1;
}

/* A wake word with both event flags: refused, whatever the month. */
static void test_due_two_flags(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  assert_true(f.due); /* the default engine is the scheduled one */
  long j = first_sleeper(&f, 1);
  assert_true(j >= 0);
  size_t at = ckt_due(&f, 0, f.first[1] + (size_t)j);
  unsigned v = (unsigned)ckt_get(&f, at, 2) | MDL_DUE_EXIT | MDL_DUE_LOSS;
  ckt_put(&f, at, 2, v);
  expect_refused(&f, "due-flags",
                 "replication 0: territory 1, agent %ld: asleep until 0x%04x (expected employed in both arms and a "
                 "wake step from 1 to %d with at most one event flag)",
                 j, v, (int)(scen.burn_in_months + scen.months));
}

/* A sleeper who is not employed: refused (the pass would count her employed until she wakes). */
static void test_due_sleeper_jobless(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  long j = first_sleeper(&f, 4);
  assert_true(j >= 0);
  size_t slot = f.first[4] + (size_t)j;
  ckt_put(&f, ckt_agent(&f, 0, CKT_STATUS, MDL_CF, slot), 1, MDL_UNEMPLOYED);
  expect_refused(&f, "due-jobless",
                 "replication 0: territory 4, agent %ld: asleep until 0x%04x (expected employed in both arms and a "
                 "wake step from 1 to %d with at most one event flag)",
                 j, (unsigned)ckt_get(&f, ckt_due(&f, 0, slot), 2), (int)(scen.burn_in_months + scen.months));
}

/* A wake month beyond the run: refused. */
static void test_due_beyond_run(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  long j = first_sleeper(&f, 0);
  assert_true(j >= 0);
  size_t at = ckt_due(&f, 1, f.first[0] + (size_t)j);
  ckt_put(&f, at, 2, 0x3000);
  expect_refused(&f, "due-month",
                 "replication 1: territory 0, agent %ld: asleep until 0x3000 (expected employed in both arms and a "
                 "wake step from 1 to %d with at most one event flag)",
                 j, (int)(scen.burn_in_months + scen.months));
}

static void test_agent_regime_flag(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t at = ckt_agent(&f, 0, CKT_REGIME, MDL_CF, f.first[3] + 11);
  unsigned v = (unsigned)ckt_get(&f, at, 1) | 0x10u;
  ckt_put(&f, at, 1, v);
  expect_refused(&f, "regime",
                 "replication 0: territory 3, agent 11: counterfactual regime is 0x%02x (expected a regime 0 to 3 with "
                 "only the flags "
                 "0x40 and 0x80)",
                 v);
}

static void test_agent_vol_future(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_agent(&f, 0, CKT_VOL, 0, f.first[1] + 2), 2, 40);
  expect_refused(&f, "vol",
                 "replication 0: territory 1, agent 2: vol is 40 (expected 0, a month stamp from 1 to 6, or 65535 for "
                 "declined)");
}

static void test_agent_age(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_agent(&f, 0, CKT_AGE, 0, f.first[0] + 9), 2, 60000);
  expect_refused(&f, "age",
                 "replication 0: territory 0, agent 9: age is 60000 months (expected at most 744, the retirement age)");
}

static void test_queue_slot_other_territory(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  int k = queue_with_live_head(&f);
  assert_true(k >= 0);
  int other = (k + 1) % f.K;
  size_t q = ckt_queue(&f, 0, k), head = (size_t)ckt_get(&f, q, 8);
  ckt_put(&f, q + 16 + 4 * head, 4, f.first[other]);
  expect_refused(&f, "slot_other",
                 "replication 0: territory %d: queue entry 0 is slot %zu, not an agent of this territory (expected %zu "
                 "to %zu)",
                 k, f.first[other], f.first[k], f.first[k] + f.count[k] - 1);
}

static void test_queue_slot_beyond_n(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  int k = queue_with_live_head(&f);
  assert_true(k >= 0);
  size_t q = ckt_queue(&f, 0, k), head = (size_t)ckt_get(&f, q, 8);
  ckt_put(&f, q + 16 + 4 * ((head + 1) % ckt_queue_cap(&f, k)), 4, 0xFFFFFFFFu);
  expect_refused(&f, "slot_beyond",
                 "replication 0: territory %d: queue entry 1 is slot 4294967295, not an agent of this territory "
                 "(expected %zu to %zu)",
                 k, f.first[k], f.first[k] + f.count[k] - 1);
}

static void test_queue_len_over_cap(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t q = ckt_queue(&f, 1, 4), cap = ckt_queue_cap(&f, 4), head = (size_t)ckt_get(&f, q, 8);
  ckt_put(&f, q + 8, 8, cap + 1);
  expect_refused(&f, "len",
                 "replication 1: territory 4: queue head is %zu, len %zu (expected head below %zu and len at most %zu, "
                 "the territory's slots)",
                 head, cap + 1, cap, cap);
}

static void test_queue_head_at_cap(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t q = ckt_queue(&f, 0, 6), cap = ckt_queue_cap(&f, 6), len = (size_t)ckt_get(&f, q + 8, 8);
  ckt_put(&f, q, 8, cap);
  expect_refused(&f, "head",
                 "replication 0: territory 6: queue head is %zu, len %zu (expected head below %zu and len at most %zu, "
                 "the territory's slots)",
                 cap, len, cap, cap);
}

static void test_queue_duplicate(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  int k = queue_with_live_head(&f);
  assert_true(k >= 0);
  size_t q = ckt_queue(&f, 0, k), cap = ckt_queue_cap(&f, k), head = (size_t)ckt_get(&f, q, 8), next = (head + 1) % cap;
  uint64_t slot = ckt_get(&f, q + 16 + 4 * head, 4), stamp = ckt_get(&f, q + 16 + 4 * cap + 2 * head, 2);
  ckt_put(&f, q + 16 + 4 * next, 4, slot);
  ckt_put(&f, q + 16 + 4 * cap + 2 * next, 2, stamp);
  expect_refused(&f, "duplicate",
                 "replication 0: territory %d: queue entry 1 repeats agent %zu, already waiting on the list (expected "
                 "each volunteer once)",
                 k, (size_t)slot - f.first[k]);
}

static void test_nan_hire_allowance(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put_double(&f, ckt_hire_allowance(&f, 0, 2), (double)NAN);
  expect_refused(&f, "nan_allowance",
                 "replication 0: territory 2: hire allowance is nan (expected a number from 0 to %g, one month's "
                 "hires)",
                 allowance_max(2));
}

/* Found by fuzz_checkpoint: a finite but huge allowance overflowed the conversion to hires allowed. */
static void test_huge_hire_allowance(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put_double(&f, ckt_hire_allowance(&f, 1, 5), 6.5e155);
  expect_refused(&f, "huge_allowance",
                 "replication 1: territory 5: hire allowance is 6.5e+155 (expected a number from 0 to %g, one month's "
                 "hires)",
                 allowance_max(5));
}

static void test_ebe_over_ceiling(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  int k = -1;
  for (int j = 0; j < f.K && k < 0; j++)
    if ((int32_t)ckt_get(&f, ckt_ebe(&f, 0, j), 4) > 0) k = j;
  assert_true(k >= 0);
  double ceiling = mdl_ebe_ceiling(&scen.territories[k]);
  ckt_put_double(&f, ckt_ebe(&f, 0, k) + offsetof(mdl_ebe_set, cap), 2 * ceiling);
  double total = 0;
  int n = (int)(int32_t)ckt_get(&f, ckt_ebe(&f, 0, k), 4);
  for (int j = 0; j < n; j++) {
    double c;
    memcpy(&c, f.buf + ckt_ebe(&f, 0, k) + offsetof(mdl_ebe_set, cap) + 8 * (size_t)j, 8);
    total += c;
  }
  expect_refused(&f, "ebe_ceiling",
                 "replication 0: territory %d: its EBE total %g FTE (expected at most %g, the territory's capacity "
                 "ceiling)",
                 k, total, ceiling);
}

static void test_nan_cap_runmax(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put_double(&f, ckt_cap_runmax(&f, 1, 0), (double)NAN);
  expect_refused(&f, "nan_runmax",
                 "replication 1: territory 0: cap_runmax is nan (expected a capacity from 0 to %g FTE, the territory's "
                 "ceiling)",
                 mdl_ebe_ceiling(&scen.territories[0]));
}

static void test_nan_statistic(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t at = f.stats_at + (1650 + 7) * sizeof(sim_stats_acc) + offsetof(sim_stats_acc, mean);
  ckt_put_double(&f, at, (double)NAN);
  double m2;
  memcpy(&m2, f.buf + at + 8, 8);
  expect_refused(&f, "nan_statistic",
                 "monthly statistic 1657 (month 1, column 7) is n=2 mean=nan m2=%g (expected n = 2 replications, a "
                 "finite mean and m2 >= 0)",
                 m2);
}

static void test_accumulator_negative(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_acc(&f, 0, 1), 8, (uint64_t)-5);
  expect_refused(&f, "acc",
                 "replication 0: group 1: accumulators hires_cum -5, emptied %d, exhausted %d (expected a count from 0 "
                 "to %zu and flags 0 or 1)",
                 (int)ckt_get(&f, ckt_acc(&f, 0, 1) + 8, 4), (int)ckt_get(&f, ckt_acc(&f, 0, 1) + 12, 4),
                 f.count[1] * 6);
}

/* Near INT64_MAX the step's sum of hires so far would overflow. */
static void test_accumulator_huge(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_acc(&f, 1, 0), 8, (uint64_t)INT64_MAX);
  expect_refused(&f, "acc_huge",
                 "replication 1: group 0: accumulators hires_cum %lld, emptied %d, exhausted %d (expected a count from "
                 "0 to %zu and flags 0 or 1)",
                 (long long)INT64_MAX, (int)ckt_get(&f, ckt_acc(&f, 1, 0) + 8, 4),
                 (int)ckt_get(&f, ckt_acc(&f, 1, 0) + 12, 4), f.count[0] * 6);
}

static void test_ebe_count_negative(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  ckt_put(&f, ckt_ebe(&f, 1, 3), 4, (uint32_t)-1);
  expect_refused(&f, "ebe_count", "replication 1: territory 3: EBE count is -1 (expected 0 to 8)");
}

static void test_cohort_count_negative(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t at = ckt_coh_count(&f, 0, 0, 0);
  ckt_put(&f, at, 8, (uint64_t)-1);
  size_t most = (f.len - 8 - (at + 8)) / sizeof(mdl_coh_rec);
  expect_refused(&f, "cohort_count",
                 "replication 0: territory 0, open cohort records: count is -1 (expected 0 to %zu, what the rest of "
                 "the file holds)",
                 most);
}

static void test_cohort_record_slot(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  /* The first list with a record: its slot moved to another territory's agent. */
  for (int k = 0; k < f.K; k++)
    for (int closed = 0; closed < 2; closed++) {
      size_t at = ckt_coh_count(&f, 0, k, closed);
      if (ckt_get(&f, at, 8) == 0) continue;
      int other = (k + 1) % f.K;
      ckt_put(&f, at + 8, 4, f.first[other]);
      expect_refused(&f, "cohort_slot",
                     "replication 0: territory %d, %s cohort record 0: slot is %zu, not an agent of this territory "
                     "(expected %zu to %zu)",
                     k, closed ? "closed" : "open", f.first[other], f.first[k], f.first[k] + f.count[k] - 1);
      return;
    }
  fail_msg("no cohort record in the checkpoint");
}

/* Issue 15: a checkpoint of the same scenario with another seed is refused by naming the key. */
static void test_other_seed(void **state) {
  (void)state;
  char want[6000];
  const char *args[] = {"run",     SCENARIO, "--set",  sets[0], "--set",
                        sets[1],   "--set",  "seed=7", "-r",    "2",
                        "--quiet", "--from", ck_path,  "-o",    e2e_path("other_seed_out"),
                        NULL};
  e2e_result r = e2e_run(args);
  snprintf(want, sizeof want, "%s: --from: header field seed is 20170101 (expected 7, this scenario's seed)\n",
           ck_path);
  assert_string_equal(r.err, want);
  assert_int_equal(r.status, 2);
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("other_seed_out")));
}

/* Issue 15: another past is refused naming the first key that differs (from the prefix text the
 * checkpoint keeps). */
static void test_other_past_names_key(void **state) {
  (void)state;
  char want[6000];
  const char *args[] = {"run",
                        SCENARIO,
                        "--set",
                        sets[0],
                        "--set",
                        sets[1],
                        "--set",
                        "territories.Jouques.capacity_max=70",
                        "-r",
                        "2",
                        "--quiet",
                        "--from",
                        ck_path,
                        "-o",
                        e2e_path("other_past_out"),
                        NULL};
  e2e_result r = e2e_run(args);
  snprintf(want, sizeof want,
           "%s: --from: comes from a scenario that differs before its date: first key that differs: territory 2 "
           "capacity_max (here "
           "70.0, in the checkpoint 40.0) (expected a checkpoint of this scenario's first months; checkpoint date "
           "2017-07)\n",
           ck_path);
  assert_string_equal(r.err, want);
  assert_int_equal(r.status, 2);
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("other_past_out")));
}

/* The prefix text's length is checked against the file before anything is allocated for it. */
static void test_prefix_len(void **state) {
  (void)state;
  ckt_file f;
  load(&f);
  size_t room = f.len - 8 - (size_t)SIM_CKPT_PREFIX_AT;
  ckt_put(&f, ckt_header("prefix_len"), 8, UINT64_MAX / 2);
  expect_refused(&f, "prefix_len", "header field prefix_len is %llu (expected at most %zu, what the file holds)",
                 (unsigned long long)(UINT64_MAX / 2), room);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_untouched_continues),
      cmocka_unit_test(test_header_out_width),
      cmocka_unit_test(test_header_reported_before),
      cmocka_unit_test(test_header_replications),
      cmocka_unit_test(test_header_date_outside),
      cmocka_unit_test(test_header_date_moved),
      cmocka_unit_test(test_header_step),
      cmocka_unit_test(test_header_seed),
      cmocka_unit_test(test_header_version_unterminated),
      cmocka_unit_test(test_truncated_statistics),
      cmocka_unit_test(test_truncated_state),
      cmocka_unit_test(test_extended),
      cmocka_unit_test(test_agent_status),
      cmocka_unit_test(test_agent_regime_flag),
      cmocka_unit_test(test_due_two_flags),
      cmocka_unit_test(test_due_sleeper_jobless),
      cmocka_unit_test(test_due_beyond_run),
      cmocka_unit_test(test_agent_vol_future),
      cmocka_unit_test(test_agent_age),
      cmocka_unit_test(test_queue_slot_other_territory),
      cmocka_unit_test(test_queue_slot_beyond_n),
      cmocka_unit_test(test_queue_len_over_cap),
      cmocka_unit_test(test_queue_head_at_cap),
      cmocka_unit_test(test_queue_duplicate),
      cmocka_unit_test(test_nan_hire_allowance),
      cmocka_unit_test(test_huge_hire_allowance),
      cmocka_unit_test(test_ebe_over_ceiling),
      cmocka_unit_test(test_accumulator_huge),
      cmocka_unit_test(test_nan_cap_runmax),
      cmocka_unit_test(test_nan_statistic),
      cmocka_unit_test(test_accumulator_negative),
      cmocka_unit_test(test_ebe_count_negative),
      cmocka_unit_test(test_cohort_count_negative),
      cmocka_unit_test(test_cohort_record_slot),
      cmocka_unit_test(test_other_seed),
      cmocka_unit_test(test_other_past_names_key),
      cmocka_unit_test(test_prefix_len),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
