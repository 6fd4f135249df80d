/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_checkpoint.c: libFuzzer target over the checks of `tzsim run --from` (sim/checkpoint.c and
 * the checkpoint section of models/tzcld.c, models/cohorts.c).
 *
 * The input is a checkpoint file of a small fixed scenario (scenarios/generalisation.cfg with a
 * tiny population: see SETS). The checksum detects accidents, not tampering, so the target does
 * what an attacker can: it writes this build's version into the header and recomputes the FNV-1a
 * trailer over the fuzzed bytes, so every input reaches the field checks. Then it runs them as
 * --from does: the header against the scenario, every replication's state, the size and the
 * statistics.
 *
 * Properties, checked by abort() so that the fuzzer keeps the input: a refused checkpoint gives
 * exactly one message, about this file; an accepted one runs to the end of the horizon (the
 * engine's load hook checks the states again) without error. Memory errors, leaks and undefined
 * behaviour are the sanitizers' to catch: memory safety must never depend on the checksum.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when TZSIM_FUZZ=ON; replay.c runs the same
 * function over files with any compiler (the CTest test "fuzz_checkpoint_replay"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario.h"
#include "models/tzcld.h"
#include "sim/checkpoint.h"
#include "sim/engine.h"
#include "sim/errs.h"
#include "sim/shard.h"
#include "version.h"

#ifndef TZSIM_FUZZ_SCENARIO
#error "TZSIM_FUZZ_SCENARIO: the scenario file (tests/fuzz/CMakeLists.txt sets it)"
#endif

/* 205 agents in one territory, 2 burn-in months, 12 months, 2 replications: files of about 25 kB. */
static const char *const SETS[] = {"scale=200000", "months=12", "burn_in_months=2", "replications=2"};
#define NSETS ((int)(sizeof SETS / sizeof *SETS))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

_Noreturn static void fail(const char *what, const sim_errs *e) {
  fprintf(stderr, "fuzz_checkpoint: %s\n", what);
  for (size_t i = 0; e && i < e->count; i++) fprintf(stderr, "  %s\n", e->msg[i]);
  abort();
}

/* The scenario and a world of it, made once: each input overwrites the world's state. */
static mdl_scenario scen;
static mdl_world *world;

static void init(void) {
  if (world) return;
  sim_errs e;
  sim_errs_init(&e);
  if (mdl_scenario_load(TZSIM_FUZZ_SCENARIO, NULL, NULL, SETS, NSETS, &scen, &e) != SIM_OK || mdl_world_alloc(&world, &scen, &e) != SIM_OK)
    fail("the fixed scenario does not load", &e);
  sim_errs_destroy(&e);
}

/* A refusal: one message, about this file, and a status of bad input. */
static void expect_refusal(sim_status st, const sim_errs *e) {
  if (st != SIM_EPARAM && st != SIM_ENOMEM) fail("refused with an unexpected status", e);
  if (e->count != 1) fail("refused without exactly one message", e);
  if (strncmp(e->msg[0], "fuzz.tzck: --from: ", 19) != 0) fail("the message does not name the file and --from", e);
}

/* Continue the accepted checkpoint to the end of the horizon, as `tzsim run --from` does. */
static void run_from(FILE *f, const sim_ckpt_header *h) {
  sim_model m = mdl_world_model(world);
  sim_run_opts o = {.replications = h->replications, .threads = 1, .resume_step = h->step, .resume_file = f};
  sim_run_result r;
  sim_errs e;
  sim_errs_init(&e);
  sim_status st = sim_engine_run(&m, &o, &r, &e);
  if (st != SIM_OK) fail("an accepted checkpoint does not run", &e);
  sim_run_result_free(&r);
  sim_errs_destroy(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  init();
  if (size == 0) return 0;
  unsigned char *buf = malloc(size);
  if (!buf) return 0;
  memcpy(buf, data, size);
  /* What an attacker can do: the expected version, a matching checksum. */
  if (size >= (size_t)SIM_CKPT_PREFIX_AT) {
    sim_ckpt_header h;
    memcpy(&h, buf + SIM_CKPT_HEADER_AT, sizeof h);
    memset(h.version, 0, sizeof h.version);
    memset(h.git_revision, 0, sizeof h.git_revision);
    snprintf(h.version, sizeof h.version, "%s", TZSIM_VERSION);
    snprintf(h.git_revision, sizeof h.git_revision, "%s", TZSIM_GIT_REV);
    memcpy(buf + SIM_CKPT_HEADER_AT, &h, sizeof h);
  }
  if (size >= 8) {
    uint64_t sum = sim_fnv1a(SIM_FNV1A_INIT, buf, size - 8);
    memcpy(buf + size - 8, &sum, 8);
  }
  FILE *f = fmemopen(buf, size, "rb");
  if (!f) {
    free(buf);
    return 0;
  }
  sim_errs e;
  sim_errs_init(&e);
  sim_ckpt_header h;
  long fsize = 0;
  sim_stats_acc *acc = NULL;
  char *theirs = NULL;
  sim_status st = sim_ckpt_open_stream(f, "fuzz.tzck", &h, &fsize, &theirs, &e);
  if (st == SIM_OK) {
    size_t len;
    char *ours = mdl_scenario_prefix_text(&scen, h.date, &len);
    if (!ours) fail("out of memory for the prefix text", NULL);
    sim_ckpt_expect x = {TZSIM_VERSION, TZSIM_GIT_REV, mdl_scenario_prefix_hash(&scen, h.date), ours, scen.seed,
                         (uint32_t)scen.replications, (int32_t)scen.start, (int32_t)scen.months, (int32_t)scen.burn_in_months,
                         mdl_world_model(world).out_width};
    st = sim_ckpt_check_header("fuzz.tzck", &h, theirs, &x, &e);
    free(ours);
  }
  free(theirs);
  if (st == SIM_OK) st = mdl_ckpt_verify_world(world, f, "fuzz.tzck", &h, fsize, &acc, &e);
  if (st == SIM_OK)
    run_from(f, &h);
  else
    expect_refusal(st, &e);
  free(acc);
  sim_errs_destroy(&e);
  (void)fclose(f);
  free(buf);
  return 0;
}
