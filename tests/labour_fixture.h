/* SPDX-License-Identifier: GPL-3.0-or-later */
/* labour_fixture.h: a hand-made population run through the monthly pass (mdl_labour_block), shared
 * by the tests of the transitions, of the band tables and of the volunteer list. */
#ifndef LABOUR_FIXTURE_H
#define LABOUR_FIXTURE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/labour.h"
#include "models/tally.h"
#include "test_util.h"

typedef struct {
  mdl_scenario s;
  mdl_tables tab;
  mdl_pop pop;
  mdl_step_params sp;
  sim_rng_key key;
  int64_t tally[MDL_T_WIDTH];
  size_t newvol_cap;
  uint32_t *newvol;
} tu_lab;

/* n agents aged 40 (480 months) at employability level 128, each in `status` for `spell` months,
 * regime NONE and cost 0 in both arms, in the scenario tu_small with `sets`; the step parameters of
 * step 3 (stamp 4): retirement at 62, 24 months of ARE for half the job losers, every contacted PPDE
 * volunteers, exhaustivity after 3 months; the key of (seed, replication 0); room for newvol_cap new
 * volunteers per pass. The caller sets the thresholds the test needs (exit, separation, program...). */
static inline tu_lab *tu_lab_setup(const char *const *sets, int nsets, size_t n, int status, int spell, uint64_t seed,
                                   size_t newvol_cap) {
  tu_lab *f = calloc(1, sizeof *f);
  assert_non_null(f);
  tu_load(tu_small, sets, nsets, &f->s);
  assert_int_equal(mdl_tables_init(&f->tab, &f->s), SIM_OK);
  assert_int_equal(mdl_pop_alloc(&f->pop, n), SIM_OK);
  for (size_t i = 0; i < n; i++) {
    f->pop.age[i] = 480;
    f->pop.emp[i] = 128;
    for (int a = 0; a < MDL_NARM; a++) {
      f->pop.status[a][i] = (uint8_t)status;
      f->pop.regime[a][i] = MDL_NONE;
      f->pop.spell[a][i] = mdl_spell_store(spell);
      f->pop.cost[a][i] = 0;
    }
  }
  f->sp.step = 3;
  f->sp.stamp = 4;
  f->sp.retire_months = 62 * 12;
  f->sp.are_duration = 24;
  f->sp.are_eligible = 0.5;
  f->sp.accept_thr = sim_rng_threshold(1.0);
  f->sp.wait_over = 3;
  f->key = sim_rng_key_make(seed, 0);
  f->newvol_cap = newvol_cap;
  f->newvol = calloc(newvol_cap, sizeof *f->newvol);
  assert_non_null(f->newvol);
  return f;
}

static inline void tu_lab_free(tu_lab *f) {
  mdl_pop_free(&f->pop);
  mdl_tables_free(&f->tab);
  mdl_scenario_free(&f->s);
  free(f->newvol);
  free(f);
}

/* One monthly pass over agents [first, first + count), from cleared tallies. */
static inline void tu_lab_run(tu_lab *f, size_t first, size_t count) {
  memset(f->tally, 0, sizeof f->tally);
  mdl_labour_block(&f->pop, &f->tab, &f->s, &f->sp, f->key, first, count, f->tally, f->newvol, f->newvol_cap);
}

/* Agent i in `status` for `spell` months, in both arms. */
static inline void tu_lab_set_status(tu_lab *f, size_t i, int status, int spell) {
  for (int a = 0; a < MDL_NARM; a++) {
    f->pop.status[a][i] = (uint8_t)status;
    f->pop.spell[a][i] = mdl_spell_store(spell);
  }
}

#endif
