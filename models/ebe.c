/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ebe.c: capacity ramp, the volunteers' queue, hiring at the head of the queue. */
#include "models/ebe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double mdl_ebe_ceiling(const mdl_territory *t) {
  double local = t->activity_max_share > 0 ? t->activity_max_share * (double)t->population : (double)INFINITY;
  return t->capacity_ceiling < local ? t->capacity_ceiling : local;
}

double mdl_ebe_capacity(const mdl_territory *t, int m) {
  if (m < 0) return 0.0;
  double share;
  if (t->ramp_months <= 0) {
    share = 1.0;
  } else if (t->ramp_shape == MDL_RAMP_LINEAR) {
    share = (double)m / (double)t->ramp_months;
  } else {
    /* A logistic centred on the ramp's middle, rescaled to run exactly from 0 at m = 0 to 1 at
     * m = ramp_months, so that both ends keep their meaning. */
    double r = (double)t->ramp_months, k = 8.0 / r;
    double l0 = 1.0 / (1.0 + exp(k * r / 2.0)), l1 = 1.0 / (1.0 + exp(-k * r / 2.0));
    double lm = 1.0 / (1.0 + exp(-k * ((double)m - r / 2.0)));
    share = (lm - l0) / (l1 - l0);
  }
  if (share > 1.0) share = 1.0;
  double c = t->capacity_start + (t->capacity_max - t->capacity_start) * share;
  double ceiling = mdl_ebe_ceiling(t);
  return c < ceiling ? c : ceiling;
}

double mdl_ebe_set_capacity(const mdl_ebe_set *e) {
  double c = 0;
  for (int j = 0; j < e->n; j++) c += e->cap[j];
  return c;
}

static double min2(double a, double b) { return a < b ? a : b; }

static void open_ebe(mdl_ebe_set *e, int32_t step, double cap) {
  e->opened[e->n] = step;
  e->cap[e->n] = cap > 0 ? cap : 0;
  e->n++;
}

double mdl_ebe_develop(mdl_ebe_set *e, const mdl_territory *t, int32_t step, double waiting_fte, double employed_fte,
                       double funded_max) {
  if (e->n == 0) {
    open_ebe(e, step, min2(t->capacity_start, mdl_ebe_ceiling(t)));
    return 0.0;
  }
  double c = mdl_ebe_set_capacity(e);
  double need = waiting_fte - (c - employed_fte);
  /* Activity the envelope cannot fund is not developed. */
  double room = min2(mdl_ebe_ceiling(t), funded_max) - c;
  double left = min2(need, room), grown = 0;
  for (int j = 0; j < e->n && left > 0; j++) {
    double g = min2(min2(t->ebe_growth_per_month, t->ebe_size_max - e->cap[j]), left);
    if (g <= 0) continue;
    e->cap[j] += g;
    left -= g;
    grown += g;
  }
  /* Demand not met by growth: the newest EBE, once big enough, makes room for another. */
  if (need - grown > 0 && room - grown > 0 && e->n < t->ebe_max_count && e->n < MDL_EBE_MAX &&
      e->cap[e->n - 1] >= t->ebe_split) {
    double launch = min2(t->ebe_launch, room - grown);
    open_ebe(e, step, launch);
    grown += launch;
  }
  return grown;
}

sim_status mdl_queue_alloc(mdl_queue *q, size_t cap) {
  memset(q, 0, sizeof *q);
  q->cap = cap ? cap : 1;
  q->used = q->cap < MDL_QUEUE_START ? q->cap : MDL_QUEUE_START;
  /* Zeroed: a checkpoint writes all cap entries, so unused ones must not be heap leftovers. */
  q->slot = calloc(q->cap, sizeof *q->slot);
  q->stamp = calloc(q->cap, sizeof *q->stamp);
  if (!q->slot || !q->stamp) {
    mdl_queue_free(q);
    return SIM_ENOMEM;
  }
  return SIM_OK;
}

void mdl_queue_free(mdl_queue *q) {
  free(q->slot);
  free(q->stamp);
  memset(q, 0, sizeof *q);
}

void mdl_queue_clear(mdl_queue *q) {
  q->head = q->len = 0;
  q->used = q->cap < MDL_QUEUE_START ? q->cap : MDL_QUEUE_START; /* each replication alike */
}

void mdl_queue_unwrap(mdl_queue *q) {
  if (q->len == 0) {
    q->head = 0;
  } else if (q->head + q->len > q->cap) {
    /* Rotate both arrays left by head (three reversals, in place): the entries come to [0, len). */
    size_t n = q->cap, h = q->head;
    for (int pass = 0; pass < 3; pass++) {
      size_t lo = pass == 0 ? 0 : pass == 1 ? h : 0, hi = pass == 0 ? h : n; /* [lo, hi) reversed */
      for (; lo + 1 < hi; lo++, hi--) {
        uint32_t s = q->slot[lo];
        q->slot[lo] = q->slot[hi - 1];
        q->slot[hi - 1] = s;
        uint16_t t = q->stamp[lo];
        q->stamp[lo] = q->stamp[hi - 1];
        q->stamp[hi - 1] = t;
      }
    }
    q->head = 0;
  }
  while (q->used < q->head + q->len) q->used = q->used < q->cap / 2 ? 2 * q->used : q->cap;
}

static int live(const mdl_pop *p, uint32_t slot, uint16_t stamp) {
  return p->status[MDL_PROG][slot] == MDL_PPDE && p->vol[slot] == stamp;
}

int mdl_queue_push(mdl_queue *q, const mdl_pop *p, uint32_t slot) {
  if (q->head + q->len == q->used) {
    /* Move the live entries to the front, in order (each is written at or before where it was
     * read), dropping the stale ones; grow if that frees less than half. */
    size_t kept = 0;
    for (size_t k = q->head; k < q->head + q->len; k++)
      if (live(p, q->slot[k], q->stamp[k])) {
        q->slot[kept] = q->slot[k];
        q->stamp[kept] = q->stamp[k];
        kept++;
      }
    q->head = 0;
    q->len = kept;
    if (2 * kept > q->used) q->used = q->used < q->cap / 2 ? 2 * q->used : q->cap;
    if (q->len == q->used) return -1;
  }
  size_t at = q->head + q->len;
  q->slot[at] = slot;
  q->stamp[at] = p->vol[slot];
  q->len++;
  return 0;
}

double mdl_ebe_mean_fte(const mdl_scenario *s) {
  double m = 0;
  for (int i = 0; i < MDL_FTE_CHOICES; i++) m += s->fte_values[i] * s->fte_shares[i];
  return m;
}

/* Working time in percent, from the chosen-time distribution. */
static uint8_t draw_fte(const mdl_scenario *s, uint32_t u) {
  double x = sim_rng_u01(u), acc = 0;
  int pick = MDL_FTE_CHOICES - 1;
  for (int i = 0; i < MDL_FTE_CHOICES; i++) {
    acc += s->fte_shares[i];
    if (x < acc) {
      pick = i;
      break;
    }
  }
  return (uint8_t)floor(100.0 * s->fte_values[pick] + 0.5);
}

mdl_hiring mdl_ebe_hire(mdl_queue *q, mdl_pop *p, const mdl_scenario *s, sim_rng_key key, uint32_t step, int64_t h,
                        int64_t fte_budget_pct, int wait_over) {
  mdl_hiring r;
  memset(&r, 0, sizeof r);
  while (r.hires < h && q->len > 0) {
    uint32_t slot = q->slot[q->head];
    uint16_t stamp = q->stamp[q->head];
    if (!live(p, slot, stamp)) { /* left the queue since: found a job, retired... */
      q->len--;
      q->head = q->len ? q->head + 1 : 0;
      continue;
    }
    sim_rng_block w = sim_rng_philox(key, slot, step, MDL_RNG_HIRE, 0);
    uint8_t fte = draw_fte(s, w.v[0]);
    if (fte_budget_pct >= 0 && r.fte_pct + fte > fte_budget_pct) break; /* the national cap binds */
    q->len--;
    q->head = q->len ? q->head + 1 : 0;
    r.hires++;
    r.fte_pct += fte;
    r.cost += p->cost[MDL_PROG][slot];
    uint8_t rg = p->regime[MDL_PROG][slot];
    r.regime[mdl_benefit(rg)]++;
    r.unregistered += (rg & MDL_REG_UNREGISTERED) != 0;
    r.precarious += (rg & MDL_REG_PRECARIOUS) != 0;
    int wait = (int)step + 1 - stamp;
    r.wait += wait;
    r.wait_over += wait > wait_over;
    r.ppde_24 += p->spell[MDL_PROG][slot] >= 24;
    r.band[mdl_fte_band(fte)]++;
    p->status[MDL_PROG][slot] = MDL_EBE;
    p->spell[MDL_PROG][slot] = 0;
    p->fte[slot] = fte;
    p->vol[slot] = 0;
    mdl_pop_note_hire(p, slot, step);
  }
  r.cost_hired_ppde = r.cost;
  return r;
}
