/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_sweep.c: libFuzzer target over the reader of the `sweep` and `calibrate` blocks
 * (models/sweep_spec.c) and the scenario text reader under it (sim/scenario_text.c).
 *
 * The input is scenario text with a sweep or calibrate block. It is written to a private file and
 * read as `tzsim sweep FILE` / `tzsim calibrate FILE` / `tzsim check FILE` read it: the scenario is
 * loaded (its territories name the keys a block may vary), then both blocks are checked, then each
 * read on its own. Properties, checked by abort() so that the fuzzer keeps the input: a refused
 * block says why, one line per message; an accepted block holds values within the documented
 * bounds (the integers libconfig 1.5 wraps to 32 bits among them); the --set overrides of every
 * accepted parameter at its bounds can be built and given back to the loader. Memory errors, leaks
 * and undefined behaviour are the sanitizers' to catch.
 *
 * Built with clang -fsanitize=fuzzer when TZSIM_FUZZ=ON; replay.c runs the same function over
 * files with any compiler (the CTest test "fuzz_sweep_replay"). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario.h"
#include "models/sweep_spec.h"
#include "sim/errs.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

_Noreturn static void fail(const char *what, const sim_errs *e) {
  fprintf(stderr, "fuzz_sweep: %s\n", what);
  for (size_t i = 0; e && i < e->count; i++) fprintf(stderr, "  %s\n", e->msg[i]);
  abort();
}

/* A refusal must say why, one line per message; an acceptance must say nothing. */
static void check_messages(sim_status st, sim_errs *e, const char *what) {
  if (st == SIM_OK && e->count != 0) fail(what, e);
  if (st == SIM_EPARAM && e->count == 0) fail(what, e);
  for (size_t i = 0; i < e->count; i++)
    if (!e->msg[i] || !e->msg[i][0] || strchr(e->msg[i], '\n')) fail(what, e);
}

static void check_param(const mdl_study_param *p, const mdl_scenario *base, const char *path) {
  if (p->nkeys < 1 || p->nkeys > MDL_STUDY_MAX_KEYS || !p->name[0]) fail("a parameter without a key or a name", NULL);
  int ranged = p->in.dist == SA_UNIFORM || p->in.dist == SA_LOGUNIFORM || p->in.dist == SA_TRIANGULAR;
  if (ranged && !(p->in.lo < p->in.hi)) fail("a parameter whose range is reversed or empty", NULL);
  if (p->in.dist == SA_DISCRETE && (p->in.nvalues < 1 || p->in.nvalues > MDL_STUDY_MAX_VALUES))
    fail("a parameter with no values or too many", NULL);
  if (!base) return;
  /* Its overrides at both ends can be built and loaded (the load may refuse a cross-check). */
  for (int end = 0; end < 2; end++) {
    double x = p->in.dist == SA_DISCRETE ? p->values[end ? p->in.nvalues - 1 : 0]
               : p->in.dist == SA_NORMAL  ? p->in.mean
               : end                      ? p->in.hi
                                          : p->in.lo;
    if (!isfinite(x)) continue;
    mdl_setlist sets = {0, 0, NULL};
    sim_errs e;
    sim_errs_init(&e);
    if (mdl_study_sets(p, x, base, &sets, &e) == 0) {
      mdl_scenario s;
      sim_errs le;
      sim_errs_init(&le);
      sim_status st = mdl_scenario_load(path, NULL, NULL, (const char *const *)sets.s, sets.n, &s, &le);
      if (st == SIM_OK) mdl_scenario_free(&s);
      check_messages(st, &le, "the scenario with a parameter's overrides");
      sim_errs_destroy(&le);
    }
    check_messages(e.count ? SIM_EPARAM : SIM_OK, &e, "the overrides of a parameter");
    sim_errs_destroy(&e);
    mdl_setlist_free(&sets);
  }
}

static void check_sweep(const mdl_sweep_spec *sw, const mdl_scenario *base, const char *path) {
  if (!sw->present) return;
  if (sw->samples < 2 || sw->samples > SA_MAX_POINTS) fail("sweep.samples out of its bounds", NULL);
  if (sw->levels < 2 || sw->levels > 1000 || sw->bootstrap < 0 || sw->bootstrap > 100000)
    fail("sweep.levels or sweep.bootstrap out of its bounds", NULL);
  if (sw->replications < 0 || sw->replications > 100000) fail("sweep.replications out of its bounds", NULL);
  if (sw->has_seed && sw->seed > 9007199254740992ULL) fail("sweep.seed out of its bounds", NULL);
  if (sw->nparams < 1 || sw->nparams > SA_MAX_INPUTS || sw->noutputs < 1) fail("a sweep without parameters or outputs", NULL);
  for (int i = 0; i < sw->nparams; i++) check_param(&sw->params[i], base, path);
}

static void check_calib(const mdl_calib_spec *ca, const mdl_scenario *base, const char *path) {
  if (!ca->present) return;
  if (ca->months < 0 || ca->months > 1200) fail("calibrate.months out of its bounds", NULL);
  if (ca->replications < 0 || ca->replications > 100000) fail("calibrate.replications out of its bounds", NULL);
  if (ca->max_evaluations < 1 || ca->max_evaluations > 100000) fail("calibrate.max_evaluations out of its bounds", NULL);
  if (ca->abc_samples != 0 && (ca->abc_samples < 2 || ca->abc_samples > 100000)) fail("calibrate.abc.samples out of its bounds", NULL);
  if (ca->nparams < 0 || ca->nparams > MDL_CALIB_MAX_PARAMS) fail("too many calibrate parameters", NULL);
  for (int i = 0; i < ca->nparams; i++) check_param(&ca->params[i], base, path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_as_file("fuzz_sweep", data, size);
  if (!path) return 0;
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  sim_status st = mdl_scenario_load(path, NULL, NULL, NULL, 0, &s, &e);
  check_messages(st, &e, "the scenario");
  const mdl_scenario *base = st == SIM_OK ? &s : NULL;
  sim_errs_destroy(&e);

  sim_errs_init(&e);
  check_messages(mdl_study_check(path, base, &e), &e, "the sweep and calibrate blocks");
  sim_errs_destroy(&e);

  mdl_sweep_spec *sw = calloc(1, sizeof *sw);
  mdl_calib_spec *ca = calloc(1, sizeof *ca);
  if (sw && ca) {
    sim_errs_init(&e);
    st = mdl_sweep_read(path, base, sw, &e);
    check_messages(st, &e, "the sweep block");
    if (st == SIM_OK) check_sweep(sw, base, path);
    sim_errs_destroy(&e);
    sim_errs_init(&e);
    st = mdl_calib_read(path, base, ca, &e);
    check_messages(st, &e, "the calibrate block");
    if (st == SIM_OK) check_calib(ca, base, path);
    sim_errs_destroy(&e);
  }
  free(sw);
  free(ca);
  if (base) mdl_scenario_free(&s);
  return 0;
}
