/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_targets.c: libFuzzer target over the calibration targets reader (sim/calib.c,
 * sim_targets_read_opts) and the message escaping every one of its messages goes through
 * (sim/errs.c).
 *
 * The input is the bytes of a targets CSV file. It is written to a scratch file (the reader takes a
 * path) and read twice against a fixed layout -- the ten pilots with their accents and "total",
 * arms counterfactual and program, the monthly metrics the published targets use, 2017-01 to
 * 2023-12 -- once plainly, once as `tzsim calibrate --skip-unknown --cutoff 2020-12
 * --total-label NATIONAL` reads it.
 *
 * Properties, checked by abort() so that the fuzzer keeps the input:
 *  - refused: SIM_EPARAM (or SIM_ENOMEM) with at least one message, no target returned;
 *  - accepted: no message, at least one target, each inside the layout (group, arm, metric, month),
 *    with a finite value, a finite weight >= 0 and a finite se > 0, and no two for the same
 *    observation;
 *  - every message (errors and --skip-unknown notices) is one line naming the file, free of control
 *    characters, valid UTF-8 with no C1 or bidirectional control, and of bounded length.
 * Memory errors, leaks and undefined behaviour are the sanitizers' to catch.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when TZSIM_FUZZ=ON; replay.c runs the same
 * function over files with any compiler (the CTest test "fuzz_targets_replay"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/calendar.h"
#include "sim/calib.h"
#include "sim/errs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const groups[] = {"Colombelles", "Colombey-les-Belles", "Jouques", "Maul\xc3\xa9on",
                                     "M\xc3\xa9tropole de Lille", "Ni\xc3\xa8vre et For\xc3\xaat", "Paris 13e", "Pipriac",
                                     "Thiers", "Villeurbanne Saint-Jean", "total"};
static const char *const arms[] = {"counterfactual", "program"};
static const char *const metrics[] = {"ebe", "ebe_count", "ebe_fte", "hires", "hires_since_2021", "other_jobs",
                                      "out_of_ltu", "ppde", "ppde_over_24_months", "queue", "volunteers_new"};
#define N_GROUPS ((int)(sizeof groups / sizeof *groups))
#define N_METRICS ((int)(sizeof metrics / sizeof *metrics))
#define N_STEPS 84

_Noreturn static void fail(const char *what, const sim_errs *e) {
  fprintf(stderr, "fuzz_targets: %s\n", what);
  for (size_t i = 0; e && i < e->count; i++) fprintf(stderr, "  %s\n", e->msg[i]);
  abort();
}

/* One line, naming the file, safe for a terminal, not unbounded. */
static void check_messages(const sim_errs *e, const char *path) {
  for (size_t i = 0; i < e->count; i++) {
    const unsigned char *m = (const unsigned char *)e->msg[i];
    if (!m || strncmp((const char *)m, path, strlen(path)) != 0) fail("a message does not start with the file", e);
    if (strlen((const char *)m) > 4 * SIM_ERRS_MAX_LEN + 64) fail("a message is too long", e);
    while (*m) {
      int n = sim_utf8_valid_len(m);
      if (n == 0) fail("a message is not valid UTF-8", e);
      if (n == 1 && (*m < 0x20 || *m == 0x7F)) fail("a message holds a control character", e);
      if (n == 2 && m[0] == 0xC2 && m[1] < 0xA0) fail("a message holds a C1 control", e);
      if (n == 3 && m[0] == 0xE2 && ((m[1] == 0x80 && ((m[2] >= 0x8E && m[2] <= 0x8F) || (m[2] >= 0xAA && m[2] <= 0xAE))) ||
                                     (m[1] == 0x81 && m[2] >= 0xA6 && m[2] <= 0xA9)))
        fail("a message holds a bidirectional control", e);
      m += n;
    }
  }
}

static void check_targets(const sim_target *t, int n, const sim_targets_opts *o, sim_errs *e) {
  if (n <= 0 || !t) fail("accepted without a target", e);
  for (int i = 0; i < n; i++) {
    const sim_target *x = &t[i];
    if (x->group < 0 || x->group >= N_GROUPS || x->arm < 0 || x->arm > 1 || x->metric < 0 || x->metric >= N_METRICS)
      fail("a target outside the layout", e);
    if (x->step < 0 || x->step >= N_STEPS || x->month != (2017 * 12) + x->step) fail("a target outside the horizon", e);
    if (!(x->value - x->value == 0) || !(x->weight >= 0 && x->weight - x->weight == 0) || !(x->se > 0 && x->se - x->se == 0))
      fail("a target with a value, weight or se out of range", e);
    if (o->has_cutoff && (x->month > o->cutoff) != x->after_cutoff) fail("a target on the wrong side of the cutoff", e);
    for (int j = 0; j < i; j++)
      if (t[j].group == x->group && t[j].arm == x->arm && t[j].metric == x->metric && t[j].cumulative == x->cumulative &&
          t[j].month == x->month)
        fail("the same target twice", e);
  }
}

static void read_once(const char *path, const sim_layout *l, const sim_targets_opts *o) {
  sim_errs e, skipped;
  sim_errs_init(&e);
  sim_errs_init(&skipped);
  sim_targets_opts opts = *o;
  if (opts.skip_unknown) opts.skipped = &skipped;
  sim_target *t = NULL;
  int n = -1;
  sim_status st = sim_targets_read_opts(path, l, N_STEPS, &opts, &t, &n, &e);
  check_messages(&e, path);
  check_messages(&skipped, path);
  if (getenv("FUZZ_TARGETS_VERBOSE")) { /* to see what a corpus file does */
    fprintf(stderr, "  %s: status %d, %d targets, %zu skipped\n", opts.skip_unknown ? "calibrate" : "plain", (int)st, n, skipped.count);
    for (size_t i = 0; i < e.count; i++) fprintf(stderr, "    %s\n", e.msg[i]);
  }
  if (st == SIM_OK) {
    if (e.count) fail("accepted with error messages", &e);
    check_targets(t, n, &opts, &e);
  } else {
    if (st != SIM_EPARAM && st != SIM_ENOMEM) fail("refused with an unexpected status", &e);
    if (e.count == 0) fail("refused without a message", &e);
    if (t || n != 0) fail("refused but returned targets", &e);
  }
  free(t);
  sim_errs_destroy(&e);
  sim_errs_destroy(&skipped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char path[64];
  if (!path[0]) {
    snprintf(path, sizeof path, "/tmp/fuzz_targets-%ld.csv", (long)getpid());
  }
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  int ok = fwrite(data, 1, size, f) == size;
  if (fclose(f) != 0 || !ok) return 0;
  sim_layout l;
  memset(&l, 0, sizeof l);
  l.n_groups = N_GROUPS;
  l.group_names = groups;
  l.total_group = N_GROUPS - 1;
  l.n_arms = 2;
  l.arm_names = arms;
  l.n_metrics = N_METRICS;
  l.metric_names = metrics;
  l.first_month = (2017 * 12);
  sim_targets_opts plain;
  memset(&plain, 0, sizeof plain);
  read_once(path, &l, &plain);
  sim_targets_opts calibrate = plain;
  calibrate.skip_unknown = 1;
  calibrate.has_cutoff = 1;
  calibrate.cutoff = (2020 * 12 + 11);
  calibrate.total_label = "NATIONAL";
  read_once(path, &l, &calibrate);
  unlink(path);
  return 0;
}
