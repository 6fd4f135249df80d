/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ebe.h: the EBE's activity capacity, the queue of volunteers and the hiring rule (MODEL.md step 7). */
#ifndef MDL_EBE_H
#define MDL_EBE_H
#include <stddef.h>
#include <stdint.h>

#include "models/population.h"

/* The most activity the territory can develop without competing with existing jobs, in FTE:
 * capacity_ceiling, and activity_max_share x the working-age population when that share is set
 * (unmet local needs grow with the population they serve). */
double mdl_ebe_ceiling(const mdl_territory *t);

/* Activity capacity in FTE, `m` months after the territory's program start (m < 0: none):
 * from capacity_start to capacity_max along a linear or logistic ramp, never above the ceiling. */
double mdl_ebe_capacity(const mdl_territory *t, int m);

/* The EBE of a territory in capacity_mode "demand": capacities in FTE (persons, not agents) and
 * the step each opened, in opening order. */
typedef struct {
  int n;
  int32_t opened[MDL_EBE_MAX];
  double cap[MDL_EBE_MAX];
} mdl_ebe_set;

double mdl_ebe_set_capacity(const mdl_ebe_set *e);

/* One month of demand mode in an active territory (docs/model.md 7.7). With no EBE yet, the first
 * opens at capacity_start (under mdl_ebe_ceiling). Otherwise the need is the waiting volunteers'
 * FTE beyond the spare capacity, `waiting_fte - (C - employed_fte)`; growth is bounded by the need,
 * the ceiling and the envelope (`funded_max - C`: funded_max is the employed FTE plus the national
 * cap's room left, INFINITY without a cap), and shared in opening order, at most ebe_growth_fte_per_month and ebe_size_max_fte per EBE.
 * If need and room are left and the newest EBE has reached ebe_split_fte, one more opens (below
 * ebe_max_count) at ebe_launch_fte under the room left. Capacity never shrinks. Returns growth. */
double mdl_ebe_develop(mdl_ebe_set *e, const mdl_territory *t, int32_t step, double waiting_fte, double employed_fte,
                       double funded_max);

/* Volunteers in order of volunteering: agent slots with the stamp each volunteered with, at
 * [head, head + len) of arrays of cap entries. An entry whose agent is no longer a PPDE volunteer
 * with that stamp is stale and skipped. Entries stay below `used`, which starts at
 * MDL_QUEUE_START and doubles (up to cap) only when dropping the stale entries leaves it over half
 * full: the arrays are allocated for the territory's slots, but the pages past `used` are never
 * touched (at national scale most of them). A checkpoint holds the cap entries, head and len. */
typedef struct {
  uint32_t *slot;
  uint16_t *stamp;
  size_t cap, head, len, used;
} mdl_queue;
#define MDL_QUEUE_START 4096

sim_status mdl_queue_alloc(mdl_queue *q, size_t cap);
void mdl_queue_free(mdl_queue *q);
void mdl_queue_clear(mdl_queue *q); /* empty, `used` back to its start */
/* Append a volunteer; when the used part is full its stale entries are dropped first (and it grows
 * if they were fewer than half). Returns 0, or -1 if all cap entries are live (impossible when cap
 * is the territory's slot count). */
int mdl_queue_push(mdl_queue *q, const mdl_pop *p, uint32_t slot);
/* After a checkpoint is read: a ring that wraps past the end (written by an older tzsim) is
 * rotated so its entries are at [0, len), and `used` covers them. */
void mdl_queue_unwrap(mdl_queue *q);

typedef struct {
  int64_t hires;
  int64_t fte_pct;             /* working time of the hires, percent of an FTE */
  int64_t cost;                /* their yearly avoided cost, EUR */
  int64_t regime[MDL_NREGIME]; /* the regimes they leave */
  int64_t cost_hired_ppde;     /* same as cost: the PPDE cost sum they take out */
  int64_t wait;                /* months they had waited on the list, summed */
  int64_t wait_over;           /* of them, those who had waited more than wait_over months */
  int64_t ppde_24;             /* of them, those with a spell of 24 months or more */
  int64_t band[MDL_FTE_BANDS]; /* their working-time bands (mdl_fte_band) */
  int64_t unregistered;        /* hires who were not registered job seekers */
  int64_t precarious;          /* hires who held a precarious job (which they leave) */
} mdl_hiring;

/* Hire up to `h` volunteers from the head of the queue (in the program arm), each drawing its
 * working time; stops early if `fte_budget_pct` (the national cap's remaining room, percent of
 * an FTE; negative = no cap) would be exceeded. Waits are counted as in the monthly tally (wait_over:
 * exhaustivity_wait_months) so the world can take the hires out of it. */
mdl_hiring mdl_ebe_hire(mdl_queue *q, mdl_pop *p, const mdl_scenario *s, sim_rng_key key, uint32_t step, int64_t h,
                        int64_t fte_budget_pct, int wait_over);

/* Mean working time of a hire, FTE. */
double mdl_ebe_mean_fte(const mdl_scenario *s);

#endif
