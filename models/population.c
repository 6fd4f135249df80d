/* population.c: agent storage, employability tables and the initial population of a territory. */
#include "models/population.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

sim_status mdl_pop_alloc(mdl_pop *p, size_t n) {
  memset(p, 0, sizeof *p);
  p->n = n;
  size_t m = n ? n : 1;
  p->age = malloc(m * sizeof *p->age);
  p->emp = malloc(m);
  p->fte = calloc(m, 1);
  p->vol = calloc(m, sizeof *p->vol);
  p->hired = calloc(m, sizeof *p->hired);
  p->vol_first = calloc(m, sizeof *p->vol_first);
  int ok = p->age && p->emp && p->fte && p->vol && p->hired && p->vol_first;
  for (int a = 0; a < MDL_NARM; a++) {
    p->status[a] = malloc(m);
    p->regime[a] = calloc(m, 1);
    p->spell[a] = calloc(m, sizeof *p->spell[a]);
    p->cost[a] = calloc(m, sizeof *p->cost[a]);
    ok = ok && p->status[a] && p->regime[a] && p->spell[a] && p->cost[a];
  }
  if (!ok) {
    mdl_pop_free(p);
    return SIM_ENOMEM;
  }
  return SIM_OK;
}

void mdl_pop_free(mdl_pop *p) {
  free(p->age);
  free(p->emp);
  free(p->fte);
  free(p->vol);
  free(p->hired);
  free(p->vol_first);
  free(p->hire_log);
  for (int a = 0; a < MDL_NARM; a++) {
    free(p->status[a]);
    free(p->regime[a]);
    free(p->spell[a]);
    free(p->cost[a]);
  }
  memset(p, 0, sizeof *p);
}

size_t mdl_pop_bytes_per_agent(void) {
  return sizeof(uint16_t) + 1 + MDL_NARM * (1 + 1 + 2 * sizeof(uint16_t)) + 1 + sizeof(uint16_t) + 2 * sizeof(uint16_t);
}

/* ---- tables ---- */

sim_status mdl_tables_init(mdl_tables *t, const mdl_scenario *s) {
  memset(t, 0, sizeof *t);
  /* Employability: quantiles of a log-normal with mean 1, at the mid-points of 256 equal-probability
   * cells, rescaled so their mean is exactly 1 (a 'draw list', cheap to sample and to store). */
  double sigma = s->employability_sigma, mu = -0.5 * sigma * sigma, sum = 0;
  for (int i = 0; i < MDL_EMP_LEVELS; i++) {
    double z = gsl_cdf_ugaussian_Pinv(((double)i + 0.5) / MDL_EMP_LEVELS);
    t->emp_level[i] = exp(mu + sigma * z);
    sum += t->emp_level[i];
  }
  for (int i = 0; i < MDL_EMP_LEVELS; i++) t->emp_level[i] *= MDL_EMP_LEVELS / sum;
  for (int b = 0; b < MDL_SPELL_BANDS; b++)
    for (int a = 0; a < MDL_AGE_BANDS; a++) {
      t->jf[b][a] = s->job_finding[b] * s->job_finding_age[a];
      for (int i = 0; i < MDL_EMP_LEVELS; i++) t->jf_thr[b][a][i] = sim_rng_threshold(t->jf[b][a] * t->emp_level[i]);
    }
  /* The jobless are a selected population: someone without job for s months has survived s months
   * of job-finding hazards, which the employable rarely do. Their employability is drawn from the
   * log-normal weighted by that survival, so the initial stock is consistent with the hazards. */
  t->max_spell = (int)s->max_initial_spell;
  size_t rows = (size_t)(t->max_spell + 1) * MDL_AGE_BANDS;
  t->emp_cdf = malloc(rows * MDL_EMP_LEVELS * sizeof *t->emp_cdf);
  if (!t->emp_cdf) return SIM_ENOMEM;
  for (int a = 0; a < MDL_AGE_BANDS; a++) {
    double surv[MDL_EMP_LEVELS];
    for (int i = 0; i < MDL_EMP_LEVELS; i++) surv[i] = 1.0;
    for (int sp = 0; sp <= t->max_spell; sp++) {
      double *cdf = t->emp_cdf + ((size_t)sp * MDL_AGE_BANDS + (size_t)a) * MDL_EMP_LEVELS;
      double acc = 0;
      for (int i = 0; i < MDL_EMP_LEVELS; i++) {
        acc += surv[i];
        cdf[i] = acc;
      }
      for (int i = 0; i < MDL_EMP_LEVELS; i++) {
        double h = t->jf[mdl_spell_band(sp)][a] * t->emp_level[i];
        surv[i] *= h < 1.0 ? 1.0 - h : 0.0;
      }
    }
  }
  return SIM_OK;
}

void mdl_tables_free(mdl_tables *t) {
  free(t->emp_cdf);
  t->emp_cdf = NULL;
}

/* ---- costs and regimes ---- */

uint16_t mdl_regime_cost(const mdl_scenario *s, int r) {
  double month = s->benefit_per_month[r] + s->housing_per_month[r] + s->lost_contributions_per_month +
                 s->induced_per_month + s->employment_services_per_month;
  double year = floor(12.0 * month + 0.5);
  return (uint16_t)(year > 65535.0 ? 65535.0 : year);
}

uint16_t mdl_entry_cost(const mdl_scenario *s, int regime, uint32_t u) {
  if (s->cost_mode == MDL_COST_REGIME) return mdl_regime_cost(s, regime);
  double c = s->cost_min + (s->cost_max - s->cost_min) * sim_rng_u01(u);
  return (uint16_t)floor(c + 0.5);
}

int mdl_draw_regime(const double shares[MDL_NREGIME], uint32_t u) {
  double x = sim_rng_u01(u), acc = 0;
  for (int r = 0; r < MDL_NREGIME - 1; r++) {
    acc += shares[r];
    if (x < acc) return r;
  }
  return MDL_NREGIME - 1;
}

/* Index of the first cdf entry above u * total (binary search). */
static int draw_level(const double *cdf, uint32_t u) {
  double target = sim_rng_u01(u) * cdf[MDL_EMP_LEVELS - 1];
  int lo = 0, hi = MDL_EMP_LEVELS - 1;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (cdf[mid] > target)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

/* Uniform integer in [lo, hi) from a word. */
static int uniform_int(uint32_t u, int lo, int hi) {
  if (hi <= lo) return lo;
  return lo + (int)(((uint64_t)u * (uint64_t)(hi - lo)) >> 32);
}

static void set_both(mdl_pop *p, size_t i, uint8_t status, uint8_t regime, uint16_t spell, uint16_t cost) {
  for (int a = 0; a < MDL_NARM; a++) {
    p->status[a][i] = status;
    p->regime[a][i] = regime;
    p->spell[a][i] = spell;
    p->cost[a][i] = cost;
  }
  p->fte[i] = 0;
  p->vol[i] = 0;
  /* A new person in the slot (initial population, or an entrant after an exit): no cohort. */
  p->hired[i] = 0;
  p->vol_first[i] = 0;
}

void mdl_pop_init_territory(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_territory *t,
                            double scale, size_t first, size_t active, size_t count, sim_rng_key key,
                            int retirement_months, int threads) {
  /* Exact stocks: the first slots are the PPDE, then the short-term unemployed, then the employed. */
  size_t n_ppde = (size_t)floor((double)t->ppde_start / scale + 0.5);
  size_t n_unemp = (size_t)floor((double)t->unemployed_start / scale + 0.5);
  if (n_ppde > active) n_ppde = active;
  if (n_unemp > active - n_ppde) n_unemp = active - n_ppde;
  /* Spell bands: the short-term bands are 0-2, 3-5, 6-11; the long-term ones 12-23, 24-35, 36+. */
  static const int band_lo[MDL_SPELL_BANDS] = {0, 3, 6, 12, 24, 36};
  int band_hi[MDL_SPELL_BANDS] = {3, 6, 12, 24, 36, (int)s->max_initial_spell + 1};
  double su = s->seniority_shares[0] + s->seniority_shares[1] + s->seniority_shares[2];
  double sp = s->seniority_shares[3] + s->seniority_shares[4] + s->seniority_shares[5];
  /* Each agent is a pure function of (key, slot): any thread may draw it. */
#pragma omp parallel for schedule(static) num_threads(threads)
  for (size_t j = 0; j < active; j++) {
    size_t i = first + j;
    sim_rng_block w = sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 0);
    sim_rng_block w2 = sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 1);
    uint8_t status = j < n_ppde ? MDL_PPDE : j < n_ppde + n_unemp ? MDL_UNEMPLOYED : MDL_EMPLOYED;
    int age;
    if (status == MDL_PPDE)
      age = sim_rng_u01(w.v[0]) < s->ppde_age50_share ? uniform_int(w.v[1], 600, retirement_months)
                                                       : uniform_int(w.v[1], 216 + 12, 600);
    else
      age = uniform_int(w.v[1], 216, retirement_months);
    p->age[i] = (uint16_t)age;
    if (status == MDL_EMPLOYED) {
      p->emp[i] = (uint8_t)(w.v[2] >> 24);
      set_both(p, i, status, MDL_NONE, 0, 0);
      continue;
    }
    /* Spell band from the seniority shares restricted to the status's bands, then uniform within. */
    const int b0 = status == MDL_PPDE ? 3 : 0;
    double total = status == MDL_PPDE ? sp : su, x = sim_rng_u01(w.v[2]) * total, acc = 0;
    int band = b0 + 2;
    for (int b = b0; b < b0 + 3; b++) {
      acc += s->seniority_shares[b];
      if (x < acc) {
        band = b;
        break;
      }
    }
    int spell = uniform_int(w.v[3], band_lo[band], band_hi[band]);
    if (spell > tab->max_spell) spell = tab->max_spell;
    const double *cdf = tab->emp_cdf + ((size_t)spell * MDL_AGE_BANDS + (size_t)mdl_age_band(age)) * MDL_EMP_LEVELS;
    p->emp[i] = (uint8_t)draw_level(cdf, w2.v[0]);
    int regime = mdl_draw_regime(status == MDL_PPDE ? s->regime_shares_ppde : s->regime_shares_unemployed, w2.v[1]);
    /* Insurance runs out after are_duration months: someone drawn on ARE with a longer spell has
     * already moved on, as the monthly pass would have moved them (ASS, RSA or nothing). */
    if (regime == MDL_ARE && spell >= s->are_duration) {
      double u = sim_rng_u01(w2.v[3]);
      regime = u < s->are_exhaust_to_ass ? MDL_ASS : u < s->are_exhaust_to_ass + s->are_exhaust_to_rsa ? MDL_RSA : MDL_NONE;
    }
    set_both(p, i, status, (uint8_t)regime, (uint16_t)spell, mdl_entry_cost(s, regime, w2.v[2]));
  }
  for (size_t i = first + active; i < first + count; i++) {
    p->age[i] = 0;
    p->emp[i] = 0;
    set_both(p, i, MDL_INACTIVE, MDL_NONE, 0, 0);
  }
}

void mdl_pop_make_entrant(mdl_pop *p, const mdl_scenario *s, size_t i, sim_rng_key key, uint32_t step) {
  sim_rng_block w = sim_rng_philox(key, (uint32_t)i, step, MDL_RNG_ENTRANT, 0);
  p->age[i] = (uint16_t)uniform_int(w.v[0], 216, 312);
  p->emp[i] = (uint8_t)(w.v[1] >> 24);
  int unemployed = sim_rng_u01(w.v[2]) < s->youth_unemployed_share;
  /* A young entrant has no insurance record and no RSA before 25: no benefit. */
  set_both(p, i, unemployed ? MDL_UNEMPLOYED : MDL_EMPLOYED, MDL_NONE, 0,
           unemployed ? mdl_entry_cost(s, MDL_NONE, w.v[3]) : 0);
}
