/* ebe.h: the EBE's activity capacity, the queue of volunteers and the hiring rule (MODEL.md step 7). */
#ifndef MDL_EBE_H
#define MDL_EBE_H
#include <stddef.h>
#include <stdint.h>

#include "models/population.h"

/* Activity capacity in FTE, `m` months after the territory's program start (m < 0: none):
 * from capacity_start to capacity_max along a linear or logistic ramp, never above the ceiling. */
double mdl_ebe_capacity(const mdl_territory *t, int m);

/* Volunteers in order of volunteering: a ring of agent slots with the stamp each volunteered
 * with. An entry whose agent is no longer a PPDE volunteer with that stamp is stale and skipped. */
typedef struct {
  uint32_t *slot;
  uint16_t *stamp;
  size_t cap, head, len;
} mdl_queue;

sim_status mdl_queue_alloc(mdl_queue *q, size_t cap);
void mdl_queue_free(mdl_queue *q);
void mdl_queue_clear(mdl_queue *q);
/* Append a volunteer; when the ring is full its stale entries are dropped first. Returns 0, or -1
 * if it is full of live entries (impossible when cap is the territory's slot count). */
int mdl_queue_push(mdl_queue *q, const mdl_pop *p, uint32_t slot);

typedef struct {
  int64_t hires;
  int64_t fte_pct;   /* working time of the hires, percent of an FTE */
  int64_t cost;      /* their yearly avoided cost, EUR */
  int64_t regime[MDL_NREGIME]; /* the regimes they leave */
  int64_t cost_hired_ppde; /* same as cost: the PPDE cost sum they take out */
  int64_t unregistered;    /* hires who were not registered job seekers */
  int64_t precarious;      /* hires who held a precarious job (which they leave) */
} mdl_hiring;

/* Hire up to `h` volunteers from the head of the queue (in the program arm), each drawing its
 * working time; stops early if `fte_budget_pct` (the national cap's remaining room, percent of
 * an FTE; negative = no cap) would be exceeded. */
mdl_hiring mdl_ebe_hire(mdl_queue *q, mdl_pop *p, const mdl_scenario *s, sim_rng_key key, uint32_t step,
                        int64_t h, int64_t fte_budget_pct);

/* Mean working time of a hire, FTE. */
double mdl_ebe_mean_fte(const mdl_scenario *s);

#endif
