/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_restart.c: libFuzzer target over the checks of `tzsim run --resume` (the restart files of
 * --checkpoint-every: sim_restart_open_stream in sim/checkpoint.c, then the model's load hook).
 *
 * The input is a restart file of a small fixed scenario (scenarios/generalisation.cfg with a tiny
 * population: see SETS). Its checksum detects accidents, not tampering, so the target does what
 * an attacker can: it writes this build's version and the expected scenario hash into the header
 * and recomputes the FNV-1a trailer, so that every input reaches the field checks. Then it runs
 * them as --resume does (the engine's restore hook: header, statistics, the state of the
 * replication in progress, the size), and continues an accepted file to the end of the run.
 *
 * Properties, checked by abort() so that the fuzzer keeps the input: a refused file gives exactly
 * one message naming the file and --resume, with status 2 (bad input); an accepted one runs to the
 * end without error. Memory errors and undefined behaviour are the sanitizers' to catch.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when TZSIM_FUZZ=ON; replay.c runs the same
 * function over files with any compiler (the CTest test "fuzz_restart_replay"). */
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

/* 205 agents in one territory, 2 burn-in months, 12 months, 3 replications. */
static const char *const SETS[] = {"scale=200000", "months=12", "burn_in_months=2", "replications=3"};
#define NSETS ((int)(sizeof SETS / sizeof *SETS))
/* The fuzzer's stand-in for the resolved scenario's hash (what --resume compares it with). */
#define HASH 0x5eed5eed5eed5eedULL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

_Noreturn static void fail(const char *what, const sim_errs *e) {
  fprintf(stderr, "fuzz_restart: %s\n", what);
  for (size_t i = 0; e && i < e->count; i++) fprintf(stderr, "  %s\n", e->msg[i]);
  abort();
}

static mdl_scenario scen;
static mdl_world *world;

/* TZSIM_FUZZ_MAKE_SEEDS=DIR: write the seed corpus, restart files of the fixed scenario at a few
 * points of a real run, with the hash and version the target writes (tests/fuzz/README.md). */
static sim_status save_seed(void *arg, const sim_model *m, const sim_run_result *r, uint32_t rep, int step) {
  const char *dir = arg;
  if (step % 5 != 3) return SIM_OK;
  char path[4200];
  snprintf(path, sizeof path, "%s/rep%u-step%d.ckpt", dir, rep, step);
  sim_restart_header h;
  memset(&h, 0, sizeof h);
  snprintf(h.version, sizeof h.version, "%s", TZSIM_VERSION);
  snprintf(h.git_revision, sizeof h.git_revision, "%s", TZSIM_GIT_REV);
  h.scenario_hash = HASH;
  h.seed = scen.seed;
  h.replications = (uint32_t)scen.replications;
  h.rep = rep;
  h.step = step;
  h.reported_steps = m->steps - m->first_reported;
  h.out_width = m->out_width;
  h.headline_width = m->headline_width;
  h.extra_width = m->extra_width;
  return sim_restart_write(path, &h, r, m->save, m->ctx);
}

static void init(void) {
  if (world) return;
  sim_errs e;
  sim_errs_init(&e);
  if (mdl_scenario_load(TZSIM_FUZZ_SCENARIO, NULL, NULL, SETS, NSETS, &scen, &e) != SIM_OK || mdl_world_alloc(&world, &scen, &e) != SIM_OK)
    fail("the fixed scenario does not load", &e);
  char *seeds = getenv("TZSIM_FUZZ_MAKE_SEEDS");
  if (seeds) {
    sim_model m = mdl_world_model(world);
    sim_run_opts o = {.replications = (uint32_t)scen.replications, .threads = 1, .snapshot = save_seed, .snapshot_arg = seeds};
    sim_run_result r;
    if (sim_engine_run(&m, &o, &r, &e) != SIM_OK) fail("the seeds could not be written", &e);
    sim_run_result_free(&r);
  }
  sim_errs_destroy(&e);
}

typedef struct {
  FILE *f;
  long size;
  sim_restart_header x;
  int first_reported;
  sim_errs *e;
} restore_ctx;

/* The restore hook as cmd_run.c's: the header and statistics, then the model's own checks. */
static sim_status restore(void *arg, const sim_model *m, sim_run_result *r, uint32_t *rep, int *step) {
  restore_ctx *c = arg;
  sim_status st = sim_restart_open_stream(c->f, "fuzz.ckpt", &c->x, c->first_reported, r, rep, step, &c->size, c->e);
  if (st != SIM_OK) return st;
  if (m->load(m->ctx, *rep, c->f) != SIM_OK || ftell(c->f) != c->size - 8) {
    sim_errs_add(c->e, "fuzz.ckpt", 0, "--resume", "the state of replication %u does not fit this scenario", *rep);
    return SIM_EPARAM;
  }
  return SIM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  init();
  if (size == 0) return 0;
  unsigned char *buf = malloc(size);
  if (!buf) return 0;
  memcpy(buf, data, size);
  const size_t at = strlen(SIM_RESTART_MAGIC);
  if (size >= at + sizeof(sim_restart_header)) {
    sim_restart_header h;
    memcpy(&h, buf + at, sizeof h);
    memset(h.version, 0, sizeof h.version);
    memset(h.git_revision, 0, sizeof h.git_revision);
    snprintf(h.version, sizeof h.version, "%s", TZSIM_VERSION);
    snprintf(h.git_revision, sizeof h.git_revision, "%s", TZSIM_GIT_REV);
    h.scenario_hash = HASH;
    memcpy(buf + at, &h, sizeof h);
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
  sim_model m = mdl_world_model(world);
  sim_errs e;
  sim_errs_init(&e);
  restore_ctx c;
  memset(&c, 0, sizeof c);
  c.f = f;
  c.first_reported = m.first_reported;
  c.e = &e;
  snprintf(c.x.version, sizeof c.x.version, "%s", TZSIM_VERSION);
  snprintf(c.x.git_revision, sizeof c.x.git_revision, "%s", TZSIM_GIT_REV);
  c.x.scenario_hash = HASH;
  c.x.seed = scen.seed;
  c.x.replications = (uint32_t)scen.replications;
  c.x.reported_steps = m.steps - m.first_reported;
  c.x.out_width = m.out_width;
  c.x.headline_width = m.headline_width;
  c.x.extra_width = m.extra_width;
  sim_run_opts o = {.replications = (uint32_t)scen.replications, .threads = 1, .restore = restore, .restore_arg = &c};
  sim_run_result r;
  sim_status st = sim_engine_run(&m, &o, &r, &e);
  /* TZSIM_FUZZ_VERBOSE: each input's verdict, to see that the seeds reach the end. */
  if (getenv("TZSIM_FUZZ_VERBOSE")) fprintf(stderr, "fuzz_restart: status %d%s%s\n", (int)st, e.count ? ": " : "", e.count ? e.msg[0] : "");
  if (st == SIM_OK) {
    sim_run_result_free(&r);
  } else {
    if (st != SIM_EPARAM && st != SIM_ENOMEM) fail("refused with an unexpected status", &e);
    if (e.count != 1) fail("refused without exactly one message", &e);
    if (strncmp(e.msg[0], "fuzz.ckpt: --resume: ", 21) != 0) fail("the message does not name the file and --resume", &e);
  }
  sim_errs_destroy(&e);
  (void)fclose(f);
  free(buf);
  return 0;
}
