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
  MDL_RNG_VOLUNTEER = 6 /* a contacted PPDE accepts or declines */
};

/* vol of a PPDE who declined or left the list: not contacted again while jobless. Stamps are
 * step + 1 <= 1801, so this never collides with one. */
#define MDL_VOL_DECLINED UINT16_MAX
static inline int mdl_vol_waiting(uint16_t vol) { return vol != 0 && vol != MDL_VOL_DECLINED; }

#define MDL_EMP_LEVELS 256 /* employability is stored as a quantile index of its log-normal */

/* Per agent: 3 bytes shared, 6 bytes per arm, 3 bytes of program-only EBE state, 4 bytes of the
 * beneficiary cohorts (models/cohorts.h). */
typedef struct {
  size_t n;
  uint16_t *age;                 /* months */
  uint8_t *emp;                  /* quantile index into the employability table */
  uint8_t *status[MDL_NARM];     /* MDL_EMPLOYED ... MDL_INACTIVE */
  uint8_t *regime[MDL_NARM];     /* MDL_ARE ... MDL_NONE, meaningful while without job */
  uint16_t *spell[MDL_NARM];     /* months in the current status */
  uint16_t *cost[MDL_NARM];      /* EUR per year that this person costs while without job */
  uint8_t *fte;                  /* program arm: working time in percent while EBE */
  uint16_t *vol;                 /* program arm: step+1 of volunteering, 0 = not a volunteer, MDL_VOL_DECLINED */
  uint16_t *hired;               /* program arm: step+1 of the first EBE hiring, 0 = never; cleared at exit */
  uint16_t *vol_first;           /* program arm: step+1 of the first volunteering, 0 = never; cleared at exit */
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
  double emp_level[MDL_EMP_LEVELS]; /* employability of each quantile index, mean exactly 1 */
  double jf[MDL_SPELL_BANDS][MDL_AGE_BANDS]; /* job-finding hazard at employability 1 */
  /* The same hazard for each employability level as a threshold on a 32-bit word (word < thr),
   * so the monthly pass compares integers instead of computing probabilities. */
  uint64_t jf_thr[MDL_SPELL_BANDS][MDL_AGE_BANDS][MDL_EMP_LEVELS];
  int max_spell;                    /* rows of emp_cdf */
  double *emp_cdf;                  /* [spell][age band][level]: employability of the jobless */
} mdl_tables;

sim_status mdl_tables_init(mdl_tables *t, const mdl_scenario *s);
void mdl_tables_free(mdl_tables *t);

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

/* Make slot i a new entrant aged 18-25 in both arms (after an exit, or from the reserve). */
void mdl_pop_make_entrant(mdl_pop *p, const mdl_scenario *s, size_t i, sim_rng_key key, uint32_t step);

#endif
