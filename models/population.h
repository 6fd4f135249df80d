/* SPDX-License-Identifier: GPL-3.0-or-later */
/* population.h: the agent store (a structure of arrays, both arms) and the initial population. */
#ifndef MDL_POPULATION_H
#define MDL_POPULATION_H
#include <stddef.h>
#include <stdint.h>

#include "models/params.h"
#include "sim/errs.h"
#include "sim/rng.h"

/* Arms: every agent lives twice, once without the program and once with it, from the same
 * initial state and the same random numbers. */
enum { MDL_CF = 0, MDL_PROG = 1, MDL_NARM = 2 };

/* Counter words of the random streams: c0 = agent slot, c1 = step, c2 = purpose. */
enum {
  MDL_RNG_MONTH = 0,   /* the four monthly draws of every agent */
  MDL_RNG_ENTRY = 1,   /* cost and regime on entering joblessness, regime changes */
  MDL_RNG_ENTRANT = 2, /* age, status and employability of an entrant */
  MDL_RNG_HIRE = 3,    /* working time chosen at hiring */
  MDL_RNG_INIT = 4,    /* the initial population (c1 = 0) */
  /* 5 is MDL_RNG_TEMPLATE (models/template.h), the generated territories */
  MDL_RNG_VOLUNTEER = 6, /* a contacted PPDE accepts or declines */
  MDL_RNG_SLEEP = 7      /* scheduled engine: the next event of one falling asleep (c1 = her step) */
};

/* vol of a PPDE who declined or left the list: not contacted again while jobless. Stamps are
 * step + 1 <= 1801, so this never collides with one. */
#define MDL_VOL_DECLINED UINT16_MAX
static inline int mdl_vol_waiting(uint16_t vol) { return vol != 0 && vol != MDL_VOL_DECLINED; }
/* The regime byte of a person without job (UNEMPLOYED, PPDE): the benefit regime in its low bits,
 * and two flags (docs/model.md section 2.1). A precarious job does not end the spell without a
 * stable job: its holder keeps the jobless status (the fund's definition of deprivation counts
 * people with only precarious activity) with the PRECARIOUS flag. While EMPLOYED or EBE the byte
 * is not read. */
#define MDL_REGIME_MASK 0x03u      /* the benefit regime, MDL_ARE ... MDL_NONE */
#define MDL_REG_PRECARIOUS 0x40u   /* holds a precarious job (short contract) */
#define MDL_REG_UNREGISTERED 0x80u /* not a registered job seeker (inactive, unregistered) */
static inline int mdl_benefit(uint8_t regime_byte) { return (int)(regime_byte & MDL_REGIME_MASK); }

#define MDL_EMP_LEVELS 256 /* employability is stored as a quantile index of its log-normal */

/* Per agent: 3 bytes shared, 5 bytes per arm, 3 bytes of program-only EBE state, 4 bytes of the
 * beneficiary cohorts (models/cohorts.h). */
typedef struct {
  size_t n;
  uint16_t *age;             /* months */
  uint8_t *emp;              /* quantile index into the employability table */
  uint8_t *status[MDL_NARM]; /* MDL_EMPLOYED ... MDL_INACTIVE */
  uint8_t *regime[MDL_NARM]; /* MDL_ARE ... MDL_NONE, meaningful while without job */
  uint8_t *spell[MDL_NARM];  /* months in the current status, up to MDL_SPELL_MAX */
  uint16_t *cost[MDL_NARM];  /* EUR per year that this person costs while without job */
  uint8_t *fte;              /* program arm: working time in percent while EBE */
  uint16_t *vol;             /* program arm: step+1 of volunteering, 0 = not a volunteer, MDL_VOL_DECLINED */
  uint16_t *hired;           /* program arm: step+1 of the first EBE hiring, 0 = never; cleared at exit */
  uint16_t *vol_first;       /* program arm: step+1 of the first volunteering, 0 = never; cleared at exit */
  /* The slots hired for the first time by the last mdl_ebe_hire call (the world empties it before
   * each call); NULL when nobody follows cohorts. */
  uint32_t *hire_log;
  size_t hire_log_n, hire_log_cap;
} mdl_pop;

/* Hook of the hiring rule: a person enters the EBE (program arm) in step `step`. */
static inline void mdl_pop_note_hire(mdl_pop *p, uint32_t slot, uint32_t step) {
  if (p->hired[slot]) return; /* a re-hiring: the person's cohort is that of the first */
  p->hired[slot] = (uint16_t)(step + 1);
  if (p->hire_log && p->hire_log_n < p->hire_log_cap) p->hire_log[p->hire_log_n++] = slot;
}

sim_status mdl_pop_alloc(mdl_pop *p, size_t n);
void mdl_pop_free(mdl_pop *p);
/* Bytes of agent state per agent (both arms), for memory estimates. */
size_t mdl_pop_bytes_per_agent(void);

/* Tables derived from the scenario that the population and the monthly pass share. */
typedef struct {
  double emp_level[MDL_EMP_LEVELS];          /* employability of each quantile index, mean exactly 1 */
  double jf[MDL_SPELL_BANDS][MDL_AGE_BANDS]; /* job-finding hazard at employability 1 */
  /* The same hazard for each employability level as a threshold on a 32-bit word (word < thr),
   * so the monthly pass compares integers instead of computing probabilities. */
  uint64_t jf_thr[MDL_SPELL_BANDS][MDL_AGE_BANDS][MDL_EMP_LEVELS];
  int max_spell;   /* rows of emp_cdf */
  double *emp_cdf; /* [spell][age band][level]: employability of the jobless */
  /* Precarious jobs and the unregistered, in fixed point (x 2^16) or as thresholds. */
  uint64_t unreg_q;                         /* unregistered_finding_factor x 2^16 */
  uint64_t prec_q[MDL_EMP_LEVELS];          /* precarious share of jobs found x 2^16, by level */
  uint64_t prec_sep_thr[2][MDL_EMP_LEVELS]; /* end of a precarious job: [spell >= 12][level] */
  /* The stationary distribution of the hazard model (docs/model.md sections 5 and 7.2), per
   * employability level j: the age structure of a population fed by entrants aged 18-26 (st_n:
   * band shares; st_age_cdf: cumulative density of ages 216 ... R-1), and, per unit inflow into
   * joblessness in age band b, the months spent without stable job in band a (st_D[b][a][j]), those
   * at spell >= 12 (st_DP), and the spell profile st_prof[b][a][j][spell * 4 + flags] (flags: bit 0
   * precarious, bit 1 unregistered; spell max_spell lumps the tail), cumulative over the index. */
  double st_ell;                  /* entrants (= exits) per month, per person */
  double st_x;                    /* exit hazard other than retirement */
  double st_kappa[MDL_AGE_BANDS]; /* monthly move out of a band: ageing (0, 1), retirement (2) */
  double st_n[MDL_AGE_BANDS];     /* stationary share of the population in each band */
  int st_R;                       /* retirement age of the age density, months */
  double *st_age_cdf;             /* [R - 216] */
  double st_D[MDL_AGE_BANDS][MDL_AGE_BANDS][MDL_EMP_LEVELS], st_DP[MDL_AGE_BANDS][MDL_AGE_BANDS][MDL_EMP_LEVELS];
  double *st_prof; /* [b][a][j][(max_spell+1) * 4] */
} mdl_tables;

sim_status mdl_tables_init(mdl_tables *t, const mdl_scenario *s);
/* The stationary tables (st_*) for the retirement age R in months at step 0. */
sim_status mdl_tables_stationary(mdl_tables *t, const mdl_scenario *s, int retire_months);
/* Stationary shares of the population without stable job (UNEMPLOYED + PPDE) and PPDE at
 * separation scale sigma. */
void mdl_stationary_shares(const mdl_tables *t, const mdl_scenario *s, double sigma, double *jobless, double *ppde);
/* The separation scale whose stationary PPDE share is `target` (Brent's method), clamped to
 * [0, 1 / max separation_rate]. */
double mdl_stationary_sigma(const mdl_tables *t, const mdl_scenario *s, double target);
void mdl_tables_free(mdl_tables *t);

/* Spells stop counting at 255 months: no rule reads a spell beyond 48 (the spell bands end at 36,
 * insurance at are_duration_months <= 48), so a byte holds them (docs/model.md section 2.1). */
#define MDL_SPELL_MAX 255
static inline uint8_t mdl_spell_store(int spell) { return (uint8_t)(spell < MDL_SPELL_MAX ? spell : MDL_SPELL_MAX); }

static inline int mdl_spell_band(int spell) {
  /* A table for the short spells the pass meets most, branches beyond. */
  static const unsigned char band[36] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3,
                                         3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
  return spell < 36 ? band[spell] : 5;
}
static inline int mdl_age_band(int age_months) { return age_months < 360 ? 0 : age_months < 600 ? 1 : 2; }

/* The yearly cost of a person without job in a regime (regime mode), in whole euros. */
uint16_t mdl_regime_cost(const mdl_scenario *s, int regime);
/* A person's cost on entering joblessness in `regime`, from the uniform word u (uniform mode). */
uint16_t mdl_entry_cost(const mdl_scenario *s, int regime, uint32_t u);
/* A regime drawn from shares with the word u. */
int mdl_draw_regime(const double shares[MDL_NREGIME], uint32_t u);

/* Fill agents [first, first+active) of territory t with its initial population (on `threads`
 * threads; the result does not depend on them) and mark [first+active, first+count) as INACTIVE
 * reserve slots (for population growth). */
void mdl_pop_init_territory(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_territory *t,
                            double scale, size_t first, size_t active, size_t count, sim_rng_key key,
                            int retirement_months, int threads);
/* The same from the stationary distribution at separation scale sigma ("stationary" mode). */
void mdl_pop_init_stationary(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_territory *t,
                             double scale, size_t first, size_t active, size_t count, sim_rng_key key,
                             int retirement_months, double sigma, int threads);

/* Make slot i a new entrant aged 18-25 in both arms (after an exit, or from the reserve). */
void mdl_pop_make_entrant(mdl_pop *p, const mdl_scenario *s, size_t i, sim_rng_key key, uint32_t step);

#endif
