/* SPDX-License-Identifier: GPL-3.0-or-later */
/* labour.c: ageing and exits, job loss, job finding, becoming long-term, volunteering, EBE exits. */
#include "models/labour.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "models/tally.h"
#include "sim/rng_batch.h"

/* Agents whose monthly words are computed together (a multiple of every SIMD width; 1.5 KB of stack). */
#define MONTH_CHUNK 128

/* On entering joblessness: a benefit regime, then the person's yearly cost. Both arms use the same
 * words for the same person and month, so the same event gives the same draw in both. */
static void enter_joblessness(mdl_pop *p, const mdl_scenario *s, const mdl_step_params *sp, int arm, size_t i,
                              sim_rng_key key) {
  sim_rng_block e = sim_rng_philox(key, (uint32_t)i, sp->step, MDL_RNG_ENTRY, 0);
  int regime = sim_rng_u01(e.v[0]) < sp->are_eligible ? MDL_ARE : MDL_NONE;
  uint8_t flags = 0;
  if (sim_rng_u01(e.v[2]) < s->unregistered_share) { /* not registered: no insurance either */
    regime = MDL_NONE;
    flags = MDL_REG_UNREGISTERED;
  }
  p->regime[arm][i] = (uint8_t)(regime | flags);
  p->cost[arm][i] = mdl_entry_cost(s, regime, e.v[1]);
}

/* When unemployment insurance runs out: ASS, RSA or nothing. */
static void exhaust_are(mdl_pop *p, const mdl_scenario *s, const mdl_step_params *sp, int arm, size_t i,
                        sim_rng_key key) {
  sim_rng_block e = sim_rng_philox(key, (uint32_t)i, sp->step, MDL_RNG_ENTRY, 1);
  double u = sim_rng_u01(e.v[0]);
  int regime = u < sp->exhaust_ass ? MDL_ASS : u < sp->exhaust_ass + sp->exhaust_rsa ? MDL_RSA : MDL_NONE;
  p->regime[arm][i] = (uint8_t)((unsigned)regime | (p->regime[arm][i] & ~MDL_REGIME_MASK)); /* flags kept */
  if (s->cost_mode == MDL_COST_REGIME) p->cost[arm][i] = mdl_regime_cost(s, regime);
}

static inline uint8_t inc_spell(uint8_t x) { return x < MDL_SPELL_MAX ? (uint8_t)(x + 1) : x; }

/* Flows of one transition: up to two counters (MDL_T_*), packed as (a + 1) | (b + 1) << 8. */
static inline int flow2(int a, int b) { return (a + 1) | (b + 1) << 8; }
static inline void add_flows(int64_t *t, int f) {
  if (f & 0xff) t[(f & 0xff) - 1]++;
  if (f >> 8) t[(f >> 8) - 1]++;
}

/* One arm's labour-market transition for one agent: at most one per month, decided on the status at
 * the start of the month, with the words w shared by both arms. Returns the flow counters it adds
 * to (flow2), or 0 for none. */
static inline int transition(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_step_params *sp,
                             int arm, size_t i, sim_rng_block w, int age_band, sim_rng_key key) {
  uint8_t st = p->status[arm][i];
  uint8_t spell = p->spell[arm][i];
  int flow = 0;
  switch (st) {
  case MDL_EMPLOYED: /* a stable job: the age-band separation table */
    if (w.v[1] < sp->sep_thr[age_band]) {
      st = MDL_UNEMPLOYED;
      spell = 0;
      enter_joblessness(p, s, sp, arm, i, key);
      flow = flow2(MDL_T_JOB_LOSS, -1);
    } else {
      spell = inc_spell(spell);
    }
    break;
  case MDL_UNEMPLOYED:
  case MDL_PPDE: {
    /* Without a stable job for `spell` months. A precarious job keeps the status and the clock
     * (the fund's definition of deprivation); only a stable job ends the spell. */
    uint8_t rg = p->regime[arm][i];
    int a = -1, b = -1;
    if (rg & MDL_REG_PRECARIOUS) {
      if (w.v[1] < tab->prec_sep_thr[spell >= 12][p->emp[i]]) {
        rg = (uint8_t)(rg & ~MDL_REG_PRECARIOUS);
        a = MDL_T_PREC_END;
      }
    } else {
      uint64_t thr = tab->jf_thr[mdl_spell_band(spell)][age_band][p->emp[i]];
      if (rg & MDL_REG_UNREGISTERED) thr = (thr * tab->unreg_q) >> 16;
      if (w.v[1] < thr) {
        /* Given a job is found, w1 is uniform below thr: its low share is a precarious job. */
        if (((uint64_t)w.v[1] << 16) < thr * tab->prec_q[p->emp[i]]) {
          rg |= MDL_REG_PRECARIOUS;
          a = MDL_T_PREC_START;
        } else {
          p->status[arm][i] = MDL_EMPLOYED;
          p->spell[arm][i] = 0;
          if (arm == MDL_PROG) p->vol[i] = 0;
          return flow2(st == MDL_PPDE ? MDL_T_P_TO_JOB : MDL_T_U_TO_JOB, -1);
        }
      }
    }
    p->regime[arm][i] = rg;
    spell = inc_spell(spell);
    if (st == MDL_UNEMPLOYED && spell >= 12) {
      st = MDL_PPDE;
      b = MDL_T_U_TO_P;
    }
    if (mdl_benefit(rg) == MDL_ARE && spell >= sp->are_duration) exhaust_are(p, s, sp, arm, i, key);
    flow = flow2(a, b);
    break;
  }
  case MDL_EBE:
    if (w.v[2] < sp->to_job_thr) {
      st = MDL_EMPLOYED;
      spell = 0;
      p->fte[i] = 0;
      flow = flow2(MDL_T_EBE_TO_JOB, -1);
    } else if (w.v[2] < sp->leave_thr) {
      /* Back to long-term unemployment: the spell restarts at the long-term threshold. */
      st = MDL_PPDE;
      spell = 12;
      p->fte[i] = 0;
      enter_joblessness(p, s, sp, arm, i, key);
      flow = flow2(MDL_T_EBE_TO_P, -1);
    } else {
      spell = inc_spell(spell);
    }
    break;
  default: break;
  }
  p->status[arm][i] = st;
  p->spell[arm][i] = spell;
  return flow;
}

static inline void count(const mdl_pop *p, const mdl_step_params *sp, int arm, size_t i, int64_t *t) {
  uint8_t st = p->status[arm][i];
  t[MDL_T_COUNT + st]++;
  if (st == MDL_EBE) {
    t[MDL_T_FTE_PCT] += p->fte[i];
    t[MDL_T_EBE_COST] += p->cost[arm][i];
    /* The regime byte of an EBE employee is the one they had when hired (money, situation mode). */
    t[MDL_T_EBE_REG + mdl_benefit(p->regime[arm][i])]++;
    t[MDL_T_EBE_BAND + mdl_fte_band(p->fte[i])]++;
  } else if (st == MDL_UNEMPLOYED) {
    uint8_t rg = p->regime[arm][i];
    t[MDL_T_COST_U] += p->cost[arm][i];
    t[MDL_T_REG_U + mdl_benefit(rg)]++;
    t[MDL_T_PREC_U] += (rg & MDL_REG_PRECARIOUS) != 0;
  } else if (st == MDL_PPDE) {
    uint8_t rg = p->regime[arm][i];
    t[MDL_T_COST_P] += p->cost[arm][i];
    t[MDL_T_REG_P + mdl_benefit(rg)]++;
    t[MDL_T_PREC_P] += (rg & MDL_REG_PRECARIOUS) != 0;
    t[MDL_T_UNREG_P] += (rg & MDL_REG_UNREGISTERED) != 0;
    if (p->spell[arm][i] >= 24) t[MDL_T_PPDE_24]++;
    if (arm == MDL_PROG && mdl_vol_waiting(p->vol[i])) {
      int wait = sp->stamp - p->vol[i]; /* months since the volunteering month */
      t[MDL_T_QUEUE]++;
      t[MDL_T_QUEUE_WAIT] += wait;
      if (wait > sp->wait_over) t[MDL_T_QUEUE_OVER_N]++;
    }
  }
}

/* Copy arm 0's person into arm 1 (the two were identical and met the same fate). */
static inline void mirror(mdl_pop *p, size_t i) {
  p->status[MDL_PROG][i] = p->status[MDL_CF][i];
  p->spell[MDL_PROG][i] = p->spell[MDL_CF][i];
  p->regime[MDL_PROG][i] = p->regime[MDL_CF][i];
  p->cost[MDL_PROG][i] = p->cost[MDL_CF][i];
}

/* What one agent-month needs besides the agent: the block's pass. */
typedef struct {
  mdl_pop *p;
  const mdl_tables *tab;
  const mdl_scenario *s;
  const mdl_step_params *sp;
  sim_rng_key key;
  const sim_rng_round_keys *rk;
  int64_t *tally, *t0, *t1;
  uint32_t *newvol;
  size_t newvol_cap;
} pass_ctx;

/* One active agent's month (steps 1-6, both arms) with its monthly words w. Returns 1 for the
 * common case, employed in both arms and keeping the job (the caller counts those), else 0. */
static inline int agent_month(const pass_ctx *c, size_t i, sim_rng_block w) {
  mdl_pop *p = c->p;
  const mdl_step_params *sp = c->sp;
  int64_t *t0 = c->t0, *t1 = c->t1, *tally = c->tally;
  uint8_t st = p->status[MDL_CF][i];
  int age = p->age[i] + 1;
  /* Step 1: retirement or another exit, the same in both arms; the slot is taken at once by an
   * entrant so the working-age population stays on its path. */
  if (age >= sp->retire_months || w.v[0] < sp->exit_thr) {
    t0[MDL_T_EXIT + st]++;
    t1[MDL_T_EXIT + p->status[MDL_PROG][i]]++;
    mdl_pop_make_entrant(p, c->s, i, c->key, sp->step);
    int entered = p->status[MDL_CF][i];
    t0[MDL_T_ENTRANT + entered]++;
    t1[MDL_T_ENTRANT + entered]++;
  } else {
    p->age[i] = (uint16_t)age;
    int band = mdl_age_band(age);
    /* The common case, employed in both arms and keeping the job (the decision depends only on
     * age and the shared word): spells grow, counters add, nothing else happens. */
    if (st == MDL_EMPLOYED && p->status[MDL_PROG][i] == MDL_EMPLOYED && w.v[1] >= sp->sep_thr[band]) {
      p->spell[MDL_CF][i] = inc_spell(p->spell[MDL_CF][i]);
      p->spell[MDL_PROG][i] = inc_spell(p->spell[MDL_PROG][i]);
      return 1;
    }
    /* Most people are in the same state in both arms, and the program cannot touch them this
     * month (it acts on EBE staff and on PPDE where it runs): compute their month once. Same
     * state, same words, same rules: the result is what two separate computations would give. */
    int same = st == p->status[MDL_PROG][i] && p->spell[MDL_CF][i] == p->spell[MDL_PROG][i] &&
               p->regime[MDL_CF][i] == p->regime[MDL_PROG][i] && p->cost[MDL_CF][i] == p->cost[MDL_PROG][i] &&
               p->vol[i] == 0 && !(st == MDL_PPDE && sp->program_active);
    int f0 = transition(p, c->tab, c->s, sp, MDL_CF, i, w, band, c->key), f1;
    if (same) {
      mirror(p, i);
      f1 = f0;
    } else {
      f1 = transition(p, c->tab, c->s, sp, MDL_PROG, i, w, band, c->key);
      /* The volunteer list, in the program arm of a territory where the program runs, for a PPDE
       * jobless at the start of the month (not an EBE leaver). w2 serves one purpose per state:
       * contact of one not yet reached, leaving the list for one waiting (EBE exits for staff). */
      if (p->status[MDL_PROG][i] == MDL_PPDE && f1 != flow2(MDL_T_EBE_TO_P, -1) && sp->program_active) {
        uint16_t v = p->vol[i];
        if (v == 0 && w.v[2] < sp->vol_thr) {
          if (sp->accept_thr > UINT32_MAX || /* everyone accepts: no draw */
              sim_rng_philox_rk(c->rk, (uint32_t)i, sp->step, MDL_RNG_VOLUNTEER, 0).v[0] < sp->accept_thr) {
            p->vol[i] = sp->stamp;
            t1[MDL_T_VOL_NEW]++;
            if ((size_t)tally[MDL_T_NEWVOL_LISTED] < c->newvol_cap)
              c->newvol[tally[MDL_T_NEWVOL_LISTED]++] = (uint32_t)i;
            else
              tally[MDL_T_NEWVOL_OVERFLOW] = 1;
          } else {
            p->vol[i] = MDL_VOL_DECLINED;
            t1[MDL_T_VOL_DECLINED]++;
          }
        } else if (mdl_vol_waiting(v) && w.v[2] < sp->queue_leave_thr) {
          p->vol[i] = MDL_VOL_DECLINED; /* her queue entry is now stale */
          t1[MDL_T_QUEUE_LEAVE]++;
        }
      }
    }
    add_flows(t0, f0);
    add_flows(t1, f1);
  }
  count(p, sp, MDL_CF, i, t0);
  count(p, sp, MDL_PROG, i, t1);
  return 0;
}

/* tally and newvol are written through the pass context. */
// NOLINTBEGIN(readability-non-const-parameter)
void mdl_labour_block(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_step_params *sp,
                      sim_rng_key key, size_t first, size_t count_, int64_t *tally, uint32_t *newvol,
                      size_t newvol_cap) {
  // NOLINTEND(readability-non-const-parameter)
  const sim_rng_round_keys rk = sim_rng_schedule(key);
  const pass_ctx c = {p, tab, s, sp, key, &rk, tally, tally, tally + MDL_T_ARM_WIDTH, newvol, newvol_cap};
  /* Counted in a local (not through t0/t1, which the byte-sized status stores may alias as far as
   * the compiler knows) and added at the end. */
  int64_t both_employed = 0;
  /* The monthly words (counter (agent, step, MDL_RNG_MONTH, 0), words 0-2) of a chunk of agents are
   * computed before its agents are visited: the batch runs Philox in SIMD lanes, where one call per
   * agent was over half the instructions of the pass. They are the words sim_rng_philox_rk gives
   * agent by agent, so results are unchanged; inactive slots leave theirs unused. Without SIMD
   * lanes each agent's words are computed in its turn, overlapped with its logic (a scalar batch
   * is slower). */
  const int batched = sim_rng_batch_vector();
  uint32_t w0[MONTH_CHUNK], w1[MONTH_CHUNK], w2[MONTH_CHUNK];
  for (size_t i = first; i < first + count_; i++) {
    size_t j = (i - first) % MONTH_CHUNK; /* i's place in the chunk */
    if (batched && j == 0) {
      size_t left = first + count_ - i;
      sim_rng_philox_batch(&rk, (uint32_t)i, left < MONTH_CHUNK ? left : MONTH_CHUNK, sp->step, MDL_RNG_MONTH, 0, w0,
                           w1, w2, NULL);
    }
    if (p->status[MDL_CF][i] == MDL_INACTIVE) { /* a reserve slot, not yet in the population */
      c.t0[MDL_T_COUNT + MDL_INACTIVE]++;
      c.t1[MDL_T_COUNT + MDL_INACTIVE]++;
      continue;
    }
    const sim_rng_block w = batched ? (sim_rng_block){{w0[j], w1[j], w2[j], 0}}
                                    : sim_rng_philox_rk(&rk, (uint32_t)i, sp->step, MDL_RNG_MONTH, 0);
    both_employed += agent_month(&c, i, w);
  }
  c.t0[MDL_T_COUNT + MDL_EMPLOYED] += both_employed;
  c.t1[MDL_T_COUNT + MDL_EMPLOYED] += both_employed;
}

/* ---- the scheduled engine ---- */

/* Agents visited and agent slots scanned by the scheduled pass, over all blocks since the last
 * reset: a measurement for tzsim bench (added once per block; results never read it). */
static _Atomic unsigned long long sched_visited, sched_slots;

void mdl_labour_sched_visits(unsigned long long *visited, unsigned long long *slots, int reset) {
  *visited = atomic_load(&sched_visited);
  *slots = atomic_load(&sched_slots);
  if (reset) {
    atomic_store(&sched_visited, 0);
    atomic_store(&sched_slots, 0);
  }
}

/* The first step after `step` at which a person aged `age` months (at `step`) is in another age
 * band or retires, or sc->steps if neither happens within the run. Until then her monthly hazards
 * are those of `step`: the exit hazard and her band's job-loss hazard. */
static int hazard_horizon(const mdl_sched *sc, int step, int age) {
  int band = mdl_age_band(age), cap = sc->steps;
  int to_band = band == 0 ? 360 - age : band == 1 ? 600 - age : cap; /* months until the next band */
  if (step + to_band < cap) cap = step + to_band;
  /* Retirement: the first month m whose age age + m - step reaches the age in force at m. */
  if (sc->retire_const > 0) {
    int m = step + (sc->retire_const - age);
    if (m <= step) m = step + 1;
    return m < cap ? m : cap;
  }
  int m0 = step + (sc->retire_min - age); /* nobody retires before the lowest age in force */
  for (int m = m0 > step ? m0 : step + 1; m < cap; m++)
    if (age + (m - step) >= sc->retire[m]) return m;
  return cap;
}

/* At the end of `step`, a person employed in both arms falls asleep: the months without event
 * before her next one are geometric with the monthly no-event probability q = (1 - exit)(1 - loss),
 * drawn by inversion from one uniform keyed by (agent, step, MDL_RNG_SLEEP), a pure function of
 * the keys. If the event falls before her hazards change she wakes at it with its kind drawn from
 * its conditional law; else she wakes at the change and is passed as usual from then on. */
/* The monthly hazards of a sleeper in each age band, the same for every agent of a block's step:
 * exit pe, no event q = (1 - exit)(1 - loss), and log q (computed once per block, not per agent). */
typedef struct {
  double pe, q[MDL_AGE_BANDS], log_q[MDL_AGE_BANDS];
} sleep_hazards;

static sleep_hazards sleep_hazards_of(const mdl_step_params *sp) {
  sleep_hazards h;
  const double two32 = 4294967296.0;
  h.pe = (double)sp->exit_thr / two32;
  if (h.pe > 1) h.pe = 1;
  for (int b = 0; b < MDL_AGE_BANDS; b++) {
    double ps = (double)sp->sep_thr[b] / two32;
    if (ps > 1) ps = 1;
    h.q[b] = (1.0 - h.pe) * (1.0 - ps); /* the probabilities the monthly pass's thresholds realise */
    h.log_q[b] = h.q[b] > 0 && h.q[b] < 1 ? log(h.q[b]) : 0;
  }
  return h;
}

static void fall_asleep(const pass_ctx *c, const mdl_sched *sc, const sleep_hazards *hz, size_t i, int step) {
  int age = c->p->age[i], cap = hazard_horizon(sc, step, age);
  if (cap <= step + 1) return; /* her hazards change next month: nothing to skip */
  const double pe = hz->pe, q = hz->q[mdl_age_band(age)];
  sim_rng_block r = sim_rng_philox_rk(c->rk, (uint32_t)i, (uint32_t)step, MDL_RNG_SLEEP, 0);
  /* P(D >= d) = P(u <= q^d) = q^d: D = floor(log u / log q) months without event. */
  double d = q <= 0   ? 0
             : q >= 1 ? (double)sc->steps
                      : floor(log(sim_rng_u01_53(r.v[0], r.v[1])) / hz->log_q[mdl_age_band(age)]);
  unsigned due;
  if (d < (double)(cap - step - 1)) {
    /* The event's kind: the exit comes first in the month, so P(exit | event) = pe / (1 - q). */
    due = (unsigned)(step + 1 + (int)d) | (sim_rng_u01(r.v[2]) * (1.0 - q) < pe ? MDL_DUE_EXIT : MDL_DUE_LOSS);
  } else {
    due = (unsigned)cap;
  }
  sc->due[i] = (uint16_t)due;
  /* Her age and spells now are what they will be at the start of her wake month: the lines are
   * in cache here, and the wake then needs nothing but the due word. */
  int gap = (int)(due & MDL_DUE_MONTH) - step - 1;
  mdl_pop *p = c->p;
  p->age[i] = (uint16_t)(age + gap);
  for (int a = 0; a < MDL_NARM; a++) {
    int sp_ = p->spell[a][i] + gap;
    p->spell[a][i] = mdl_spell_store(sp_);
  }
}

/* Bit k of the result is set when agent base + k (k < n <= 64) must be passed at `step`: awake
 * (due 0) or due at or before it. A sleeper's wake month is above the step, and an awake agent's
 * due word is 0, so one comparison per agent decides; with SSE2 eight at a time. */
static uint64_t wake_mask(const uint16_t *due, size_t n, int step) {
  uint64_t asleep = 0;
  size_t k = 0;
#ifdef __SSE2__
  const __m128i month = _mm_set1_epi16((short)MDL_DUE_MONTH), now = _mm_set1_epi16((short)step);
  for (; k + 16 <= n; k += 16) {
    /* Months are below 2^14: the signed comparison is the unsigned one. */
    __m128i a = _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(due + k)), month);
    __m128i b = _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(due + k + 8)), month);
    __m128i gt = _mm_packs_epi16(_mm_cmpgt_epi16(a, now), _mm_cmpgt_epi16(b, now));
    asleep |= (uint64_t)(unsigned)_mm_movemask_epi8(gt) << k;
  }
#endif
  for (; k < n; k++) asleep |= (uint64_t)((int)(due[k] & MDL_DUE_MONTH) > step) << k;
  uint64_t all = n == 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
  return ~asleep & all;
}

size_t mdl_labour_block_sched(
    mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_step_params *sp, sim_rng_key key,
    const mdl_sched *sc, size_t first, size_t count_, int64_t *tally,
    uint32_t *newvol, // NOLINT(readability-non-const-parameter): written through the pass context
    size_t newvol_cap) {
  const sim_rng_round_keys rk = sim_rng_schedule(key);
  const pass_ctx c = {p, tab, s, sp, key, &rk, tally, tally, tally + MDL_T_ARM_WIDTH, newvol, newvol_cap};
  const int step = (int)sp->step;
  const sleep_hazards hz = sleep_hazards_of(sp);
  int64_t both_employed = 0, inactive = 0;
  size_t visited = 0;
  const size_t end = first + count_;
  /* The wake words say, sixty-four agents at a time, which agents to pass (most sleep); their slots
   * are listed in order until the list holds a few hundred, whose monthly words are then drawn
   * together in SIMD lanes (the words sim_rng_philox_rk gives each) before they are passed. */
  enum { LIST = 256 };
  uint32_t slot[LIST], w0[LIST], w1[LIST], w2[LIST];
  for (size_t base = first; base < end;) {
    int nv = 0;
    for (; base < end && nv <= LIST - 64; base += 64) {
      size_t n = end - base < 64 ? end - base : 64;
      uint64_t m = wake_mask(sc->due + base, n, step);
      int before = nv;
      while (m) {
        slot[nv++] = (uint32_t)(base + (size_t)__builtin_ctzll(m));
        m &= m - 1;
      }
      both_employed += (int64_t)n - (nv - before); /* asleep: employed in both arms, nothing happens */
    }
    sim_rng_philox_gather(&rk, slot, (size_t)nv, sp->step, MDL_RNG_MONTH, 0, w0, w1, w2, NULL);
    for (int k = 0; k < nv; k++) {
      size_t i = slot[k];
      if (k + 12 < nv) { /* an agent passed soon: her line in each array (they are far apart) */
        size_t f = slot[k + 12];
        __builtin_prefetch(&p->status[MDL_CF][f], 1);
        __builtin_prefetch(&p->status[MDL_PROG][f], 1);
        __builtin_prefetch(&p->age[f], 1);
        __builtin_prefetch(&p->spell[MDL_CF][f], 1);
        __builtin_prefetch(&p->spell[MDL_PROG][f], 1);
        __builtin_prefetch(&p->regime[MDL_CF][f], 1);
        __builtin_prefetch(&p->regime[MDL_PROG][f], 1);
        __builtin_prefetch(&p->cost[MDL_CF][f], 1);
        __builtin_prefetch(&p->cost[MDL_PROG][f], 1);
        __builtin_prefetch(&p->vol[f], 1);
        __builtin_prefetch(&p->emp[f], 0);
      }
      unsigned due = sc->due[i];
      sim_rng_block w = {{w0[k], w1[k], w2[k], 0}};
      if (due) {
        /* Awake: the months slept had no event (her age and spells were advanced when she fell asleep). */
        sc->due[i] = 0;
        /* A drawn event is forced through the pass's own rules with words that make it happen. */
        if (due & MDL_DUE_EXIT)
          w = (sim_rng_block){{0, UINT32_MAX, UINT32_MAX, 0}};
        else if (due & MDL_DUE_LOSS)
          w = (sim_rng_block){{UINT32_MAX, 0, UINT32_MAX, 0}};
      } else if (p->status[MDL_CF][i] == MDL_INACTIVE) {
        inactive++;
        continue;
      }
      visited++;
      both_employed += agent_month(&c, i, w);
      if (p->status[MDL_CF][i] == MDL_EMPLOYED && p->status[MDL_PROG][i] == MDL_EMPLOYED)
        fall_asleep(&c, sc, &hz, i, step);
    }
  }
  for (int a = 0; a < MDL_NARM; a++) {
    int64_t *t = tally + (size_t)a * MDL_T_ARM_WIDTH;
    t[MDL_T_COUNT + MDL_EMPLOYED] += both_employed;
    t[MDL_T_COUNT + MDL_INACTIVE] += inactive;
  }
  atomic_fetch_add(&sched_visited, visited);
  atomic_fetch_add(&sched_slots, count_ - (size_t)inactive);
  return visited;
}
