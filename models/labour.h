/* SPDX-License-Identifier: GPL-3.0-or-later */
/* labour.h: the monthly per-agent pass (MODEL.md section 3, steps 1-6), both arms at once. */
#ifndef MDL_LABOUR_H
#define MDL_LABOUR_H
#include <stddef.h>
#include <stdint.h>

#include "models/population.h"

/* What the pass needs to know about one territory in one step, precomputed by the world. */
typedef struct {
  uint32_t step;
  uint16_t stamp;    /* step + 1: the volunteering stamp of this step */
  int retire_months; /* retirement age in force, months */
  uint64_t exit_thr; /* threshold of the exit hazard (word < thr) */
  uint64_t sep_thr[MDL_AGE_BANDS];
  int program_active;       /* the program runs in this territory this step */
  uint64_t vol_thr;         /* contact of a PPDE not yet reached (word w2) */
  uint64_t accept_thr;      /* a contacted PPDE volunteers (MDL_RNG_VOLUNTEER word 0) */
  uint64_t queue_leave_thr; /* a waiting volunteer leaves the list (word w2) */
  int wait_over;            /* exhaustivity_wait_months: waits above it are counted */
  uint64_t to_job_thr;      /* EBE -> job */
  uint64_t leave_thr;       /* EBE -> job or PPDE (to_job + quit) */
  int are_duration;
  double are_eligible, exhaust_ass, exhaust_rsa;
} mdl_step_params;

/* Run steps 1-6 for agents [first, first+count) and add their counters to tally (MDL_T_WIDTH
 * entries). New volunteers' slots are written to newvol (at most newvol_cap; beyond, the
 * overflow counter is set and the world finds them by their stamp). */
void mdl_labour_block(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_step_params *sp,
                      sim_rng_key key, size_t first, size_t count, int64_t *tally, uint32_t *newvol, size_t newvol_cap);

/* The scheduled engine (docs/model.md, "The scheduled engine"): a person employed in both arms
 * faces constant hazards (exit, job loss in her age band) until her age band changes or she
 * retires, so the month of her next event is drawn once and she is skipped until then. While she
 * sleeps, her age and spells are already those of the start of her wake month. */
typedef struct {
  uint16_t *due;     /* per agent: 0 = visited monthly; else the wake month | MDL_DUE_* flags */
  const int *retire; /* [steps]: retirement age in force at each step, months */
  int steps;
  int retire_const; /* the retirement age when it is the same at every step, else 0 */
  int retire_min;   /* the lowest retirement age in force at any step */
} mdl_sched;
#define MDL_DUE_MONTH 0x3fffu /* the wake step (steps <= 1800 fit) */
#define MDL_DUE_EXIT 0x8000u  /* at the wake step she leaves (exit hazard) */
#define MDL_DUE_LOSS 0x4000u  /* at the wake step she loses her job; neither flag: a band change, retirement */

/* The same pass as mdl_labour_block, visiting only the agents that are awake or due this step;
 * sleeping agents count as employed in both arms. Returns the agents visited (for the bench). */
size_t mdl_labour_block_sched(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_step_params *sp,
                              sim_rng_key key, const mdl_sched *sc, size_t first, size_t count, int64_t *tally,
                              uint32_t *newvol, size_t newvol_cap);

/* The agents the scheduled pass visited and the active slots it scanned since the last reset (a
 * measurement for tzsim bench: the share of agents still passed each month). */
void mdl_labour_sched_visits(unsigned long long *visited, unsigned long long *slots, int reset);

#endif
