/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tzcld.c: the world of a scenario: territories and blocks, the per-step glue of MODEL.md sections
 * 3-6 (agent pass, queue, hiring, money) and the headline figures of a replication. */
#include "models/tzcld.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "models/cohorts.h"
#include "models/ebe.h"
#include "models/labour.h"
#include "models/money.h"
#include "models/population.h"
#include "models/report.h"
#include "models/tally.h"
#include "sim/hash.h"

#define BLOCK_AGENTS 4096 /* agents per block: big enough to amortise, small enough to balance threads */
#define NEWVOL_CAP 256    /* new volunteers a block lists per month before the world rescans it */

static const char *const arm_names[MDL_NARM] = {"counterfactual", "program"};

typedef struct {
  int64_t hires_cum;
  int emptied;
  int exhausted; /* nobody on the list has waited longer than exhaustivity_wait_months */
  double sums[MDL_H_COUNT];
} terr_acc;

struct mdl_world {
  const mdl_scenario *s;
  int K, steps, burn;
  mdl_pop pop;
  mdl_tables tab;
  size_t *t_first, *t_count, *t_active, *t_block0, *t_nblocks, *t_next_reserve;
  size_t n_blocks;
  size_t *b_first, *b_count;
  int *b_terr;
  uint32_t *newvol;
  mdl_queue *queue;
  mdl_ebe_set *ebe;    /* [K]: the EBE of demand mode */
  mdl_step_params *sp; /* [step][territory], without the separation thresholds */
  uint64_t (*sep_thr)[MDL_AGE_BANDS];
  double *smic, *cde, *cap_national;
  mdl_money_date *md; /* [step]: dated money rules and amounts */
  double *cap_runmax; /* [K]: running maximum of the territory's capacity, persons-FTE (start-up grant) */
  sim_rng_key key;
  terr_acc *acc;                             /* [K + 1] */
  int64_t (*agg)[MDL_NARM][MDL_T_ARM_WIDTH]; /* [K]: scratch of step_world, allocated once */
  const char **group_names;                  /* territory names, then "total" */
  double mean_fte;
  double *hire_allowance;      /* [K]: hires allowed so far this month, in agents (hire_max / scale) */
  int32_t first_program_start; /* earliest program start: the origin of the total's queue figure */
  int max_wait_over;           /* largest exhaustivity_wait_months of the program territories */
  int threads;                 /* for the initial population (the engine runs the monthly pass) */
  mdl_cohorts coh;             /* beneficiary cohorts (cohorts.csv) */
  mdl_sched sched;             /* the scheduled engine's per-agent wake months; due == NULL: monthly */
  int *retire;                 /* [step]: retirement age in force, months (scheduled engine) */
};

void mdl_world_set_threads(mdl_world *w, int threads) {
  w->threads = threads > 0 ? threads : 1;
  w->coh.threads = w->threads;
}

static uint64_t thr(double p) { return sim_rng_threshold(p); }

/* Months-to-calendar: step 0 is `burn` months before the start date. */
static int32_t cal_of(const mdl_world *w, int step) { return w->s->start - w->burn + step; }

double mdl_world_agents(const mdl_scenario *s) {
  double total = 0, years = (double)(s->burn_in_months + s->months) / 12.0;
  for (int k = 0; k < s->n_territories; k++) {
    double a = (double)mdl_scenario_agents(s, k);
    total += a + ceil(a * (pow(1.0 + s->population_growth, years) - 1.0)) + (s->population_growth > 0 ? 1 : 0);
  }
  return total;
}

size_t mdl_world_extra_width(const mdl_scenario *s) {
  mdl_cohorts c; /* dimensions only: no lists to free */
  (void)mdl_coh_alloc(&c, s->n_territories, s->start, (int)s->burn_in_months, (int)(s->burn_in_months + s->months), 0);
  return mdl_coh_width(&c);
}

double mdl_world_bytes(const mdl_scenario *s) {
  double agents = mdl_world_agents(s);
  double per_agent = (double)mdl_pop_bytes_per_agent() + sizeof(uint32_t) + sizeof(uint16_t) /* queue */ +
                     (s->engine == MDL_ENGINE_SCHEDULED ? sizeof(uint16_t) : 0.0) /* wake month */ +
                     (double)NEWVOL_CAP * 4.0 / BLOCK_AGENTS + MDL_T_WIDTH * 8.0 / BLOCK_AGENTS;
  double steps = (double)(s->burn_in_months + s->months);
  double tables =
      (double)(s->max_initial_spell + 1) * MDL_AGE_BANDS * MDL_EMP_LEVELS * 8.0 * 13.0 + /* emp_cdf, st_prof */
      steps * (double)s->n_territories * sizeof(mdl_step_params);
  double outputs = (double)s->months * (s->n_territories + 1) * MDL_NARM * MDL_M_COUNT * sizeof(sim_stats_acc);
  /* The cohort table: one vector per replication being combined, and its statistics. */
  double half_years = (double)s->months / 6.0 + 2.0;
  double cohorts = (double)(s->n_territories + 1) * MDL_COH_NPOP * half_years * MDL_COH_NHOR * MDL_COH_NV *
                   (2.0 * sizeof(double) + sizeof(sim_stats_acc));
  return agents * per_agent + tables + outputs + cohorts;
}

void mdl_world_free(mdl_world *w) {
  if (!w) return;
  mdl_pop_free(&w->pop);
  mdl_coh_free(&w->coh);
  free(w->sched.due);
  free(w->retire);
  mdl_tables_free(&w->tab);
  if (w->queue)
    for (int k = 0; k < w->K; k++) mdl_queue_free(&w->queue[k]);
  free(w->queue);
  free(w->ebe);
  free(w->t_first);
  free(w->t_count);
  free(w->t_active);
  free(w->t_block0);
  free(w->t_nblocks);
  free(w->t_next_reserve);
  free(w->b_first);
  free(w->b_count);
  free(w->b_terr);
  free(w->newvol);
  free(w->sp);
  free(w->sep_thr);
  free(w->smic);
  free(w->cde);
  free(w->cap_national);
  free(w->md);
  free(w->cap_runmax);
  free(w->acc);
  free(w->agg);
  free(w->hire_allowance);
  free(w->group_names);
  free(w);
}

static void precompute_steps(mdl_world *w) {
  const mdl_scenario *s = w->s;
  for (int step = 0; step < w->steps; step++) {
    int32_t cal = cal_of(w, step);
    w->smic[step] = sim_cal_steps_at(&s->smic_hourly, cal);
    w->cde[step] = sim_cal_steps_at(&s->cde_rate, cal);
    w->cap_national[step] = sim_cal_steps_at(&s->cde_fte_cap, cal);
    mdl_money_date_at(s, cal, &w->md[step]);
    int retire = (int)floor(sim_cal_steps_at(&s->retirement_age, cal) * 12.0 + 0.5);
    for (int k = 0; k < w->K; k++) {
      const mdl_territory *t = &s->territories[k];
      mdl_step_params *p = &w->sp[(size_t)step * (size_t)w->K + (size_t)k];
      memset(p, 0, sizeof *p);
      p->step = (uint32_t)step;
      p->stamp = (uint16_t)(step + 1);
      p->retire_months = retire;
      p->exit_thr = thr(s->exit_rate);
      p->program_active = s->program_enabled && t->program && cal >= t->program_start;
      /* In the first month the committee's prepared volunteers join the month's new ones. */
      double v = t->volunteer_rate;
      if (cal == t->program_start) v = 1.0 - (1.0 - t->initial_volunteer_share) * (1.0 - v);
      p->vol_thr = thr(v);
      p->accept_thr = thr(t->volunteer_accept_share);
      p->queue_leave_thr = thr(t->queue_leave_rate);
      p->wait_over = (int)t->exhaustivity_wait_months;
      p->to_job_thr = thr(t->ebe_to_job_rate);
      p->leave_thr = thr(t->ebe_to_job_rate + t->ebe_quit_rate);
      p->are_duration = (int)s->are_duration;
      p->are_eligible = s->are_eligible_share;
      p->exhaust_ass = s->are_exhaust_to_ass;
      p->exhaust_rsa = s->are_exhaust_to_rsa;
    }
  }
}

static sim_status world_alloc(mdl_world **out, const mdl_scenario *s, int with_agents, sim_errs *e);

/* The scheduled engine: a wake month per agent and the retirement age of every step. */
static sim_status sched_alloc(mdl_world *w) {
  size_t n = w->pop.n ? w->pop.n : 1;
  w->sched.due = calloc(n, sizeof *w->sched.due);
  w->retire = malloc((size_t)w->steps * sizeof *w->retire);
  if (!w->sched.due || !w->retire) return SIM_ENOMEM;
  w->sched.steps = w->steps;
  w->sched.retire = w->retire;
  w->sched.retire_const = w->sched.retire_min = w->sp[0].retire_months;
  for (int st = 0; st < w->steps; st++) {
    w->retire[st] = w->sp[(size_t)st * (size_t)w->K].retire_months;
    if (w->retire[st] != w->retire[0]) w->sched.retire_const = 0;
    if (w->retire[st] < w->sched.retire_min) w->sched.retire_min = w->retire[st];
  }
  return SIM_OK;
}

sim_status mdl_world_alloc(mdl_world **w, const mdl_scenario *s, sim_errs *e) { return world_alloc(w, s, 1, e); }
sim_status mdl_world_alloc_layout(mdl_world **w, const mdl_scenario *s, sim_errs *e) { return world_alloc(w, s, 0, e); }

static sim_status world_alloc(mdl_world **out, const mdl_scenario *s, int with_agents, sim_errs *e) {
  *out = NULL;
  mdl_world *w = calloc(1, sizeof *w);
  if (!w) return SIM_ENOMEM;
  w->s = s;
  w->K = s->n_territories;
  w->burn = (int)s->burn_in_months;
  w->steps = (int)(s->burn_in_months + s->months);
  w->mean_fte = mdl_ebe_mean_fte(s);
  w->threads = 1;
  size_t K = (size_t)w->K;
  w->t_first = calloc(K, sizeof(size_t));
  w->t_count = calloc(K, sizeof(size_t));
  w->t_active = calloc(K, sizeof(size_t));
  w->t_block0 = calloc(K, sizeof(size_t));
  w->t_nblocks = calloc(K, sizeof(size_t));
  w->t_next_reserve = calloc(K, sizeof(size_t));
  w->queue = calloc(K, sizeof *w->queue);
  w->ebe = calloc(K, sizeof *w->ebe);
  w->sep_thr = calloc(K, sizeof *w->sep_thr);
  w->acc = calloc(K + 1, sizeof *w->acc);
  w->agg = calloc(K, sizeof *w->agg);
  w->hire_allowance = calloc(K, sizeof *w->hire_allowance);
  w->group_names = calloc(K + 1, sizeof *w->group_names);
  w->sp = calloc((size_t)w->steps * K, sizeof *w->sp);
  w->smic = calloc((size_t)w->steps, sizeof(double));
  w->cde = calloc((size_t)w->steps, sizeof(double));
  w->cap_national = calloc((size_t)w->steps, sizeof(double));
  w->md = calloc((size_t)w->steps, sizeof *w->md);
  w->cap_runmax = calloc(K, sizeof *w->cap_runmax);
  if (!w->t_first || !w->t_count || !w->t_active || !w->t_block0 || !w->t_nblocks || !w->t_next_reserve || !w->queue ||
      !w->ebe || !w->sep_thr || !w->acc || !w->agg || !w->hire_allowance || !w->group_names || !w->sp || !w->smic ||
      !w->cde || !w->cap_national || !w->md || !w->cap_runmax)
    goto nomem;
  /* Slots: each territory's agents, then its reserve for population growth; blocks never straddle
   * two territories, so a block's tally is one territory's. */
  size_t total = 0, blocks = 0;
  double years = (double)w->steps / 12.0;
  for (size_t k = 0; k < K; k++) {
    size_t a = (size_t)mdl_scenario_agents(s, (int)k);
    size_t reserve =
        s->population_growth > 0 ? (size_t)ceil((double)a * (pow(1.0 + s->population_growth, years) - 1.0)) + 1 : 0;
    w->t_first[k] = total;
    w->t_active[k] = a;
    w->t_count[k] = a + reserve;
    w->t_block0[k] = blocks;
    w->t_nblocks[k] = (w->t_count[k] + BLOCK_AGENTS - 1) / BLOCK_AGENTS;
    total += w->t_count[k];
    blocks += w->t_nblocks[k];
    w->group_names[k] = s->territories[k].name;
  }
  w->group_names[K] = "total";
  if (total > UINT32_MAX) {
    sim_errs_add(e, NULL, 0, "scale", "%zu agents exceed the 2^32 agent slots (expected a larger scale)", total);
    mdl_world_free(w);
    return SIM_EPARAM;
  }
  w->n_blocks = blocks;
  if (mdl_coh_alloc(&w->coh, w->K, s->start, w->burn, w->steps, with_agents) != SIM_OK) goto nomem;
  if (!with_agents) { /* names and layout only: no agents, blocks or queues */
    *out = w;
    return SIM_OK;
  }
  if (blocks == 0) goto nomem; /* a scenario has at least one agent: no block is a bug, not a state */
  w->b_first = calloc(blocks, sizeof(size_t));
  w->b_count = calloc(blocks, sizeof(size_t));
  w->b_terr = calloc(blocks, sizeof(int));
  w->newvol = calloc(blocks * NEWVOL_CAP, sizeof(uint32_t));
  if (!w->b_first || !w->b_count || !w->b_terr || !w->newvol) goto nomem;
  for (size_t k = 0; k < K; k++)
    for (size_t j = 0; j < w->t_nblocks[k]; j++) {
      size_t b = w->t_block0[k] + j, start = j * BLOCK_AGENTS;
      w->b_first[b] = w->t_first[k] + start;
      w->b_count[b] = w->t_count[k] - start < BLOCK_AGENTS ? w->t_count[k] - start : BLOCK_AGENTS;
      w->b_terr[b] = (int)k;
    }
  if (mdl_pop_alloc(&w->pop, total) != SIM_OK) goto nomem;
  /* A month's first hires in one territory are at most its slots. */
  for (size_t k = 0; k < K; k++)
    if (w->t_count[k] > w->pop.hire_log_cap) w->pop.hire_log_cap = w->t_count[k];
  if (!(w->pop.hire_log = malloc((w->pop.hire_log_cap + 1) * sizeof *w->pop.hire_log))) goto nomem;
  if (mdl_tables_init(&w->tab, s) != SIM_OK) goto nomem;
  for (size_t k = 0; k < K; k++)
    if (mdl_queue_alloc(&w->queue[k], w->t_count[k]) != SIM_OK) goto nomem;
  precompute_steps(w);
  if (s->engine == MDL_ENGINE_SCHEDULED && sched_alloc(w) != SIM_OK) goto nomem;
  if (mdl_tables_stationary(&w->tab, s, w->sp[0].retire_months) != SIM_OK) goto nomem;
  *out = w;
  return SIM_OK;
nomem:
  sim_errs_add(e, NULL, 0, NULL, "out of memory while allocating the world (%.0f MB estimated)",
               mdl_world_bytes(s) / 1e6);
  mdl_world_free(w);
  return SIM_ENOMEM;
}

/* ---- replication set-up ---- */

/* The separation scale sigma_k of territory k (docs/model.md section 7.2).
 * "steady": scale the job-loss hazards so that, in the initial population, the expected flows
 * into joblessness (job losses, unemployed entrants) equal the expected flows out (stable job
 * finds, exits of the jobless). "stationary": scale them so that the hazard model's stationary
 * PPDE share equals the territory's initial one (the population is then drawn from that
 * stationary distribution, so without the program the stocks have no built-in trend). */
static double separation_scale(mdl_world *w, size_t k) {
  const mdl_scenario *s = w->s;
  double scale = 1.0;
  if (s->separation_mode == MDL_SEP_STATIONARY) {
    double n = (double)w->t_active[k];
    double np = floor((double)s->territories[k].ppde_start / s->scale + 0.5);
    scale = mdl_stationary_sigma(&w->tab, s, n > 0 ? (np < n ? np : n) / n : 0.0);
  } else if (s->separation_mode == MDL_SEP_STEADY) {
    double finds = 0, losses = 0, jobless = 0, n = (double)w->t_active[k];
    for (size_t i = w->t_first[k]; i < w->t_first[k] + w->t_active[k]; i++) {
      int st = w->pop.status[MDL_CF][i], band = mdl_age_band(w->pop.age[i]);
      if (st == MDL_EMPLOYED) {
        losses += s->separation[band];
      } else if (st == MDL_UNEMPLOYED || st == MDL_PPDE) {
        /* Only a stable job ends joblessness; precarious-job holders are not searching. */
        uint8_t rg = w->pop.regime[MDL_CF][i];
        int e = w->pop.emp[i];
        if (!(rg & MDL_REG_PRECARIOUS))
          finds += w->tab.jf[mdl_spell_band(w->pop.spell[MDL_CF][i])][band] * w->tab.emp_level[e] *
                   (rg & MDL_REG_UNREGISTERED ? (double)w->tab.unreg_q / 65536.0 : 1.0) *
                   (1.0 - (double)w->tab.prec_q[e] / 65536.0);
        jobless += 1;
      }
    }
    /* Ages are spread over the working life, so about 1/(working-life months) retire each month. */
    double leave = s->exit_rate + 1.0 / (double)(w->sp[0].retire_months - 216);
    double inflow_other = n * leave * s->youth_unemployed_share, outflow = finds + jobless * leave;
    scale = losses > 0 ? (outflow - inflow_other) / losses : 1.0;
    if (scale < 0) scale = 0;
  }
  return scale;
}

static void set_separation(mdl_world *w, size_t k, double scale) {
  const mdl_scenario *s = w->s;
  for (int a = 0; a < MDL_AGE_BANDS; a++) {
    double p = s->separation[a] * scale;
    w->sep_thr[k][a] = thr(p < 1.0 ? p : 1.0);
  }
}

/* The total's exhaustivity and empty-queue figures: earliest start, largest wait threshold. */
static void set_program_origin(mdl_world *w) {
  w->first_program_start = INT32_MAX;
  w->max_wait_over = 0;
  for (int k = 0; k < w->K; k++) {
    const mdl_territory *t = &w->s->territories[k];
    if (!t->program) continue;
    if (t->program_start < w->first_program_start) w->first_program_start = t->program_start;
    if (t->exhaustivity_wait_months > w->max_wait_over) w->max_wait_over = (int)t->exhaustivity_wait_months;
  }
}

static sim_status begin(void *ctx, uint32_t rep) {
  mdl_world *w = ctx;
  const mdl_scenario *s = w->s;
  w->key = sim_rng_key_make((uint64_t)s->seed, rep);
  int retire = w->sp[0].retire_months;
  for (size_t k = 0; k < (size_t)w->K; k++) {
    if (s->separation_mode == MDL_SEP_STATIONARY) {
      double sigma = separation_scale(w, k);
      mdl_pop_init_stationary(&w->pop, &w->tab, s, &s->territories[k], s->scale, w->t_first[k], w->t_active[k],
                              w->t_count[k], w->key, retire, sigma, w->threads);
      set_separation(w, k, sigma);
    } else {
      mdl_pop_init_territory(&w->pop, &w->tab, s, &s->territories[k], s->scale, w->t_first[k], w->t_active[k],
                             w->t_count[k], w->key, retire, w->threads);
      set_separation(w, k, separation_scale(w, k));
    }
    mdl_queue_clear(&w->queue[k]);
    w->t_next_reserve[k] = w->t_first[k] + w->t_active[k];
  }
  if (w->sched.due) memset(w->sched.due, 0, w->pop.n * sizeof *w->sched.due); /* everyone awake */
  memset(w->acc, 0, ((size_t)w->K + 1) * sizeof *w->acc);
  memset(w->ebe, 0, (size_t)w->K * sizeof *w->ebe);
  memset(w->hire_allowance, 0, (size_t)w->K * sizeof *w->hire_allowance);
  mdl_coh_reset(&w->coh);
  memset(w->cap_runmax, 0, (size_t)w->K * sizeof *w->cap_runmax);
  set_program_origin(w);
  if (w->burn == 0) /* the start-date stock, for the drift figure */
    for (size_t k = 0; k < (size_t)w->K; k++) {
      double n = floor((double)s->territories[k].ppde_start / s->scale + 0.5) * s->scale;
      w->acc[k].sums[MDL_H_PPDE_CF_START] = n;
      w->acc[w->K].sums[MDL_H_PPDE_CF_START] += n;
    }
  return SIM_OK;
}

/* ---- the per-agent pass ---- */

static void step_block(void *ctx, int step, size_t b, int64_t *tally) {
  mdl_world *w = ctx;
  int k = w->b_terr[b];
  mdl_step_params sp = w->sp[(size_t)step * (size_t)w->K + (size_t)k];
  memcpy(sp.sep_thr, w->sep_thr[k], sizeof sp.sep_thr);
  if (w->sched.due) {
    (void)mdl_labour_block_sched(&w->pop, &w->tab, w->s, &sp, w->key, &w->sched, w->b_first[b], w->b_count[b], tally,
                                 w->newvol + b * NEWVOL_CAP, NEWVOL_CAP);
    return;
  }
  mdl_labour_block(&w->pop, &w->tab, w->s, &sp, w->key, w->b_first[b], w->b_count[b], tally, w->newvol + b * NEWVOL_CAP,
                   NEWVOL_CAP);
}

/* ---- the sequential part of a step ---- */

/* Queue this step's new volunteers of territory k, in slot order (block order, then within). */
static void enqueue_volunteers(mdl_world *w, size_t k, int step, const int64_t *tallies) {
  uint16_t stamp = (uint16_t)(step + 1);
  for (size_t b = w->t_block0[k]; b < w->t_block0[k] + w->t_nblocks[k]; b++) {
    const int64_t *t = tallies + b * MDL_T_WIDTH;
    if (t[MDL_T_NEWVOL_OVERFLOW]) {
      for (size_t i = w->b_first[b]; i < w->b_first[b] + w->b_count[b]; i++)
        if (w->pop.status[MDL_PROG][i] == MDL_PPDE && w->pop.vol[i] == stamp) {
          mdl_queue_push(&w->queue[k], &w->pop, (uint32_t)i);
          mdl_coh_volunteer(&w->coh, (int)k, &w->pop, (uint32_t)i, step);
        }
    } else {
      for (int64_t j = 0; j < t[MDL_T_NEWVOL_LISTED]; j++) {
        mdl_queue_push(&w->queue[k], &w->pop, w->newvol[b * NEWVOL_CAP + (size_t)j]);
        mdl_coh_volunteer(&w->coh, (int)k, &w->pop, w->newvol[b * NEWVOL_CAP + (size_t)j], step);
      }
    }
  }
}

/* Population growth: this step's entrants from outside take reserve slots, the same in both arms. */
static int64_t grow(mdl_world *w, size_t k, int step, int64_t agg[MDL_NARM][MDL_T_ARM_WIDTH]) {
  const mdl_scenario *s = w->s;
  if (s->population_growth <= 0) return 0;
  double n0 = (double)w->t_active[k];
  double before = floor(n0 * pow(1.0 + s->population_growth, (double)step / 12.0) + 0.5);
  double after = floor(n0 * pow(1.0 + s->population_growth, (double)(step + 1) / 12.0) + 0.5);
  int64_t n = (int64_t)(after - before), made = 0;
  for (; made < n && w->t_next_reserve[k] < w->t_first[k] + w->t_count[k]; made++) {
    size_t i = w->t_next_reserve[k]++;
    mdl_pop_make_entrant(&w->pop, s, i, w->key, (uint32_t)step);
    int st = w->pop.status[MDL_CF][i];
    for (int a = 0; a < MDL_NARM; a++) {
      agg[a][MDL_T_COUNT + MDL_INACTIVE]--;
      agg[a][MDL_T_COUNT + st]++;
      if (st == MDL_UNEMPLOYED) {
        agg[a][MDL_T_COST_U] += w->pop.cost[a][i];
        agg[a][MDL_T_REG_U + mdl_benefit(w->pop.regime[a][i])]++;
      }
    }
  }
  return made;
}

static void counts_to_metrics(const int64_t *t, double scale, double *m) {
  m[MDL_M_EMPLOYED] = (double)t[MDL_T_COUNT + MDL_EMPLOYED] * scale;
  m[MDL_M_UNEMPLOYED] = (double)t[MDL_T_COUNT + MDL_UNEMPLOYED] * scale;
  m[MDL_M_PPDE] = (double)t[MDL_T_COUNT + MDL_PPDE] * scale;
  m[MDL_M_EBE] = (double)t[MDL_T_COUNT + MDL_EBE] * scale;
  m[MDL_M_POPULATION] = m[MDL_M_EMPLOYED] + m[MDL_M_UNEMPLOYED] + m[MDL_M_PPDE] + m[MDL_M_EBE];
  m[MDL_M_EBE_FTE] = (double)t[MDL_T_FTE_PCT] / 100.0 * scale;
  m[MDL_M_QUEUE] = (double)t[MDL_T_QUEUE] * scale;
  m[MDL_M_VOLUNTEERS_NEW] = (double)t[MDL_T_VOL_NEW] * scale;
  m[MDL_M_JOB_LOSSES] = (double)t[MDL_T_JOB_LOSS] * scale;
  m[MDL_M_UNEMPLOYED_TO_JOB] = (double)t[MDL_T_U_TO_JOB] * scale;
  m[MDL_M_PPDE_TO_JOB] = (double)t[MDL_T_P_TO_JOB] * scale;
  m[MDL_M_UNEMPLOYED_TO_PPDE] = (double)t[MDL_T_U_TO_P] * scale;
  m[MDL_M_EBE_TO_JOB] = (double)t[MDL_T_EBE_TO_JOB] * scale;
  m[MDL_M_EBE_TO_PPDE] = (double)t[MDL_T_EBE_TO_P] * scale;
  m[MDL_M_EXITS_EMPLOYED] = (double)t[MDL_T_EXIT + MDL_EMPLOYED] * scale;
  m[MDL_M_EXITS_UNEMPLOYED] = (double)t[MDL_T_EXIT + MDL_UNEMPLOYED] * scale;
  m[MDL_M_EXITS_PPDE] = (double)t[MDL_T_EXIT + MDL_PPDE] * scale;
  m[MDL_M_EXITS_EBE] = (double)t[MDL_T_EXIT + MDL_EBE] * scale;
  m[MDL_M_ENTRANTS_EMPLOYED] = (double)t[MDL_T_ENTRANT + MDL_EMPLOYED] * scale;
  m[MDL_M_ENTRANTS_UNEMPLOYED] = (double)t[MDL_T_ENTRANT + MDL_UNEMPLOYED] * scale;
  m[MDL_M_QUEUE_LEAVERS] = (double)t[MDL_T_QUEUE_LEAVE] * scale;
  m[MDL_M_QUEUE_WAIT_MEAN] = t[MDL_T_QUEUE] > 0 ? (double)t[MDL_T_QUEUE_WAIT] / (double)t[MDL_T_QUEUE] : 0.0;
  m[MDL_M_QUEUE_WAITED_OVER_N] = (double)t[MDL_T_QUEUE_OVER_N] * scale;
  m[MDL_M_PPDE_OVER_24] = (double)t[MDL_T_PPDE_24] * scale;
  m[MDL_M_VOLUNTEERS_DECLINED_NEW] = (double)t[MDL_T_VOL_DECLINED] * scale;
  m[MDL_M_PPDE_UNREGISTERED] = (double)t[MDL_T_UNREG_P] * scale;
  m[MDL_M_UNEMPLOYED_PRECARIOUS] = (double)t[MDL_T_PREC_U] * scale;
  m[MDL_M_PPDE_PRECARIOUS] = (double)t[MDL_T_PREC_P] * scale;
  m[MDL_M_PRECARIOUS_STARTS] = (double)t[MDL_T_PREC_START] * scale;
  m[MDL_M_PRECARIOUS_ENDS] = (double)t[MDL_T_PREC_END] * scale;
}

/* Capacity in agent FTE of an active territory this step, and its EBE count and summed ages. */
static double capacity_now(mdl_world *w, size_t k, int step, int64_t budget, const int64_t *prog, mdl_money_ebe *ebe,
                           int64_t *age_sum) {
  const mdl_scenario *s = w->s;
  const mdl_territory *t = &s->territories[k];
  if (t->capacity_mode == MDL_CAP_RAMP) { /* one EBE, opened at program start */
    int32_t age = cal_of(w, step) - t->program_start;
    ebe->n_ebe = 1;
    ebe->n_startup = age < s->startup_months;
    ebe->n_opened = age == 0;
    *age_sum = age;
    return mdl_ebe_capacity(t, age) / s->scale;
  }
  mdl_ebe_set *e = &w->ebe[k];
  double waiting = (double)prog[MDL_T_QUEUE] * w->mean_fte * s->scale;
  double employed = (double)prog[MDL_T_FTE_PCT] / 100.0 * s->scale;
  /* What the envelope can fund: the EBE's FTE and the room left, summed in integers first. */
  double funded = budget >= 0 ? (double)(prog[MDL_T_FTE_PCT] + budget) / 100.0 * s->scale : (double)INFINITY;
  mdl_ebe_develop(e, t, (int32_t)step, waiting, employed, funded);
  ebe->n_ebe = e->n;
  *age_sum = 0;
  for (int j = 0; j < e->n; j++) {
    int age = step - e->opened[j];
    *age_sum += age;
    ebe->n_startup += age < s->startup_months;
    ebe->n_opened += age == 0;
  }
  return mdl_ebe_set_capacity(e) / s->scale;
}

/* Add a territory's reported month to its headline sums. */
static void accumulate(terr_acc *acc, const double *cf, const double *prog, int last) {
  double *h = acc->sums;
  h[MDL_H_PUBLIC_FUNDING] += prog[MDL_M_FUNDING];
  h[MDL_H_AVOIDED_GROSS] += prog[MDL_M_AVOIDED_GROSS];
  h[MDL_H_AVOIDED_NET] += prog[MDL_M_AVOIDED_NET];
  h[MDL_H_FTE_YEARS] += prog[MDL_M_EBE_FTE] / 12.0;
  h[MDL_H_HIRES] += prog[MDL_M_HIRES];
  h[MDL_H_EBE_COSTS] += prog[MDL_M_COSTS];
  h[MDL_H_EBE_REVENUE] += prog[MDL_M_REVENUE];
  h[MDL_H_EBE_DEFICIT] += prog[MDL_M_DEFICIT];
  for (int p = 0; p < MDL_NPAYER; p++) h[MDL_H_NET_COST_PAYER + p] += prog[MDL_M_OUTLAY + p] - cf[MDL_M_OUTLAY + p];
  h[MDL_H_PERSON_YEARS] += prog[MDL_M_EBE] / 12.0;
  h[MDL_H_PREMISE_GROSS] += prog[MDL_M_PREMISE_GROSS];
  h[MDL_H_PREMISE_NET] += prog[MDL_M_PREMISE_NET];
  for (int c = 0; c < MDL_NCOMP - 1; c++)
    h[MDL_H_AVOIDED_NET_COMP + c] += cf[MDL_M_SPEND_ARE + c] - prog[MDL_M_SPEND_ARE + c];
  h[MDL_H_AVOIDED_NET_COMP + MDL_NCOMP - 1] += cf[MDL_M_ACTIVITY_BONUS] - prog[MDL_M_ACTIVITY_BONUS];
  h[MDL_H_DEFICIT_COVER] += prog[MDL_M_DEFICIT_COVER];
  h[MDL_H_STARTUP_GRANT] += prog[MDL_M_STARTUP];
  h[MDL_H_LOANS] += prog[MDL_M_LOANS];
  h[MDL_H_SUBSTITUTION] += prog[MDL_M_SUBSTITUTION];
  h[MDL_H_LOCAL_DYNAMICS] += prog[MDL_M_LOCAL_DYNAMICS];
  if (last) {
    h[MDL_H_EBE_HEADCOUNT] = prog[MDL_M_EBE];
    h[MDL_H_EBE_FTE] = prog[MDL_M_EBE_FTE];
    h[MDL_H_PPDE_PROGRAM] = prog[MDL_M_PPDE];
    h[MDL_H_PPDE_COUNTERFACTUAL] = cf[MDL_M_PPDE];
  }
}

static void step_world(void *ctx, int step, const int64_t *tallies, double *out) {
  mdl_world *w = ctx;
  const mdl_scenario *s = w->s;
  const size_t K = (size_t)w->K, M = MDL_M_COUNT;
  int32_t cal = cal_of(w, step);
  int reported = step >= w->burn, last = step == w->steps - 1;
  memset(out, 0, (K + 1) * MDL_NARM * M * sizeof *out);

  /* Per territory, both arms: the blocks' counters summed in block order. */
  int64_t(*agg)[MDL_NARM][MDL_T_ARM_WIDTH] = w->agg;
  memset(agg, 0, K * sizeof *agg);
  int64_t national_fte_pct = 0;
  for (size_t k = 0; k < K; k++) {
    for (size_t b = w->t_block0[k]; b < w->t_block0[k] + w->t_nblocks[k]; b++)
      for (int a = 0; a < MDL_NARM; a++)
        for (int j = 0; j < MDL_T_ARM_WIDTH; j++)
          agg[k][a][j] += tallies[b * MDL_T_WIDTH + (size_t)a * MDL_T_ARM_WIDTH + (size_t)j];
    national_fte_pct += agg[k][MDL_PROG][MDL_T_FTE_PCT];
  }
  double cap = w->cap_national[step];
  /* The national cap's room, in percent of an agent FTE; never negative once the cap binds (an
   * EBE already above the cap hires no one; nobody is dismissed). -1 means no cap. */
  int64_t budget = -1;
  if (cap > 0) {
    budget = (int64_t)floor(cap * 100.0 / s->scale) - national_fte_pct;
    if (budget < 0) budget = 0;
  }

  int64_t total_queue = 0, total_hires_cum = 0, total_wait = 0, total_over = 0, total_ebe = 0, total_age = 0;
  for (size_t k = 0; k < K; k++) {
    const mdl_territory *t = &s->territories[k];
    const mdl_step_params *sp = &w->sp[(size_t)step * K + k];
    enqueue_volunteers(w, k, step, tallies);
    int64_t growth = grow(w, k, step, agg[k]);
    /* Step 7: hiring at the head of the queue, within capacity, hire_max and the national cap. */
    mdl_hiring h;
    memset(&h, 0, sizeof h);
    double capacity = 0;
    mdl_money_ebe ebe_now; /* the EBE this month, for their accounts */
    memset(&ebe_now, 0, sizeof ebe_now);
    int64_t age_sum = 0;
    if (sp->program_active) {
      capacity = capacity_now(w, k, step, budget, agg[k][MDL_PROG], &ebe_now, &age_sum);
      double room = capacity - (double)agg[k][MDL_PROG][MDL_T_FTE_PCT] / 100.0;
      int64_t n = room > 0 ? (int64_t)floor(room / w->mean_fte) : 0;
      if (n > agg[k][MDL_PROG][MDL_T_QUEUE]) n = agg[k][MDL_PROG][MDL_T_QUEUE];
      /* hire_max is in persons: with scale > 1 its agent equivalent accumulates month to month. */
      w->hire_allowance[k] += (double)t->hire_max / s->scale;
      int64_t allowed = (int64_t)floor(w->hire_allowance[k]);
      if (n > allowed) n = allowed;
      if (budget == 0) n = 0;
      w->pop.hire_log_n = 0;
      if (n > 0) h = mdl_ebe_hire(&w->queue[k], &w->pop, s, w->key, (uint32_t)step, n, budget, sp->wait_over);
      mdl_coh_hired(&w->coh, (int)k, &w->pop, step);
      if (budget >= 0) budget -= h.fte_pct;
      /* Unused allowance is not banked beyond one month's worth. */
      w->hire_allowance[k] -= (double)h.hires;
      double one_month = (double)t->hire_max / s->scale;
      if (w->hire_allowance[k] > (one_month > 1.0 ? one_month : 1.0))
        w->hire_allowance[k] = one_month > 1.0 ? one_month : 1.0;
      int64_t *p = agg[k][MDL_PROG];
      p[MDL_T_COUNT + MDL_PPDE] -= h.hires;
      p[MDL_T_COUNT + MDL_EBE] += h.hires;
      p[MDL_T_FTE_PCT] += h.fte_pct;
      p[MDL_T_EBE_COST] += h.cost;
      p[MDL_T_COST_P] -= h.cost;
      for (int r = 0; r < MDL_NREGIME; r++) {
        p[MDL_T_REG_P + r] -= h.regime[r];
        p[MDL_T_EBE_REG + r] += h.regime[r];
      }
      for (int b = 0; b < MDL_FTE_BANDS; b++) p[MDL_T_EBE_BAND + b] += h.band[b];
      p[MDL_T_UNREG_P] -= h.unregistered;
      p[MDL_T_PREC_P] -= h.precarious;
      p[MDL_T_QUEUE] -= h.hires;
      p[MDL_T_QUEUE_WAIT] -= h.wait;
      p[MDL_T_QUEUE_OVER_N] -= h.wait_over;
      p[MDL_T_PPDE_24] -= h.ppde_24;
    }
    mdl_coh_month(&w->coh, (int)k, &w->pop, step); /* the month's states are final here */
    /* New FTE of capacity (start-up grant): the rise of the running maximum, in persons-FTE. */
    double new_capacity = 0;
    if (sp->program_active && capacity * s->scale > w->cap_runmax[k]) {
      new_capacity = capacity * s->scale - w->cap_runmax[k];
      w->cap_runmax[k] = capacity * s->scale;
    }
    double *row[MDL_NARM];
    for (int a = 0; a < MDL_NARM; a++) {
      row[a] = out + (k * MDL_NARM + (size_t)a) * M;
      counts_to_metrics(agg[k][a], s->scale, row[a]);
      row[a][MDL_M_GROWTH_ENTRANTS] = (double)growth * s->scale;
      int on = a == MDL_PROG && sp->program_active;
      mdl_money_ebe ebe = {a == MDL_PROG ? h.hires : 0,     on ? new_capacity : 0.0, on,
                           on ? cal - t->program_start : 0, on ? ebe_now.n_ebe : 0,  on ? ebe_now.n_startup : 0,
                           on ? ebe_now.n_opened : 0};
      row[a][MDL_M_HIRES] = (double)ebe.hires * s->scale;
      mdl_money_month(s, t, &w->md[step], &ebe, agg[k][a], s->scale, row[a]);
    }
    row[MDL_PROG][MDL_M_CAPACITY_FTE] = capacity * s->scale;
    int n_ebe = ebe_now.n_ebe;
    row[MDL_PROG][MDL_M_EBE_COUNT] = n_ebe;
    row[MDL_PROG][MDL_M_EBE_MEAN_AGE] = n_ebe > 0 ? (double)age_sum / n_ebe : 0.0;
    mdl_money_compare(s, row[MDL_CF], row[MDL_PROG]);

    terr_acc *acc = &w->acc[k];
    acc->hires_cum += h.hires;
    total_queue += agg[k][MDL_PROG][MDL_T_QUEUE];
    total_wait += agg[k][MDL_PROG][MDL_T_QUEUE_WAIT];
    total_over += agg[k][MDL_PROG][MDL_T_QUEUE_OVER_N];
    total_ebe += n_ebe;
    total_age += age_sum;
    total_hires_cum += acc->hires_cum;
    if (step == w->burn - 1) acc->sums[MDL_H_PPDE_CF_START] = row[MDL_CF][MDL_M_PPDE];
    if (reported) {
      accumulate(acc, row[MDL_CF], row[MDL_PROG], last);
      if (last) { /* what the horizon's EBE staff would be doing without the program */
        double stable = 0, prec = 0;
        for (size_t i = w->t_first[k]; i < w->t_first[k] + w->t_count[k]; i++) {
          if (w->pop.status[MDL_PROG][i] != MDL_EBE) continue;
          uint8_t c = w->pop.status[MDL_CF][i];
          if (c == MDL_EMPLOYED)
            stable += 1;
          else if ((c == MDL_UNEMPLOYED || c == MDL_PPDE) && (w->pop.regime[MDL_CF][i] & MDL_REG_PRECARIOUS))
            prec += 1;
        }
        acc->sums[MDL_H_EBE_CF_STABLE] = stable * s->scale;
        acc->sums[MDL_H_EBE_CF_PRECARIOUS] = prec * s->scale;
        acc->sums[MDL_H_EBE_CF_IN_WORK] = (stable + prec) * s->scale;
        for (int f = MDL_H_EBE_CF_STABLE; f <= MDL_H_EBE_CF_IN_WORK; f++) w->acc[K].sums[f] += acc->sums[f];
      }
      if (!acc->emptied && sp->program_active && acc->hires_cum > 0 && agg[k][MDL_PROG][MDL_T_QUEUE] == 0) {
        acc->emptied = 1;
        acc->sums[MDL_H_MONTHS_TO_EMPTY_QUEUE] = (double)(cal - t->program_start + 1);
      }
      /* Only once a wait longer than N months is possible: before, it would hold trivially. */
      if (!acc->exhausted && sp->program_active && acc->hires_cum > 0 && cal - t->program_start > sp->wait_over &&
          agg[k][MDL_PROG][MDL_T_QUEUE_OVER_N] == 0) {
        acc->exhausted = 1;
        acc->sums[MDL_H_MONTHS_TO_EXHAUSTIVITY] = (double)(cal - t->program_start + 1);
      }
    }
  }
  /* The total: territories added in list order. */
  double *tot[MDL_NARM];
  for (int a = 0; a < MDL_NARM; a++) {
    tot[a] = out + (K * MDL_NARM + (size_t)a) * M;
    for (size_t k = 0; k < K; k++)
      for (size_t m = 0; m < M; m++) tot[a][m] += out[(k * MDL_NARM + (size_t)a) * M + m];
  }
  /* Means are not sums: over all waiting volunteers, and over all open EBE. */
  tot[MDL_PROG][MDL_M_QUEUE_WAIT_MEAN] = total_queue > 0 ? (double)total_wait / (double)total_queue : 0.0;
  tot[MDL_PROG][MDL_M_EBE_MEAN_AGE] = total_ebe > 0 ? (double)total_age / (double)total_ebe : 0.0;
  terr_acc *all = &w->acc[K];
  if (step == w->burn - 1) all->sums[MDL_H_PPDE_CF_START] = tot[MDL_CF][MDL_M_PPDE];
  if (reported) {
    accumulate(all, tot[MDL_CF], tot[MDL_PROG], last);
    if (!all->emptied && total_hires_cum > 0 && total_queue == 0) {
      all->emptied = 1;
      all->sums[MDL_H_MONTHS_TO_EMPTY_QUEUE] = (double)(cal - w->first_program_start + 1);
    }
    if (!all->exhausted && total_hires_cum > 0 && cal - w->first_program_start > w->max_wait_over && total_over == 0) {
      all->exhausted = 1;
      all->sums[MDL_H_MONTHS_TO_EXHAUSTIVITY] = (double)(cal - w->first_program_start + 1);
    }
  }
}

static void finish(void *ctx, double *headline) {
  mdl_world *w = ctx;
  for (size_t g = 0; g <= (size_t)w->K; g++) {
    double *h = headline + g * MDL_H_COUNT;
    const terr_acc *acc = &w->acc[g];
    memcpy(h, acc->sums, sizeof acc->sums);
    h[MDL_H_PPDE_REDUCTION] = h[MDL_H_PPDE_COUNTERFACTUAL] - h[MDL_H_PPDE_PROGRAM];
    h[MDL_H_FUNDING_MINUS_GROSS] = h[MDL_H_PUBLIC_FUNDING] - h[MDL_H_AVOIDED_GROSS];
    h[MDL_H_FUNDING_MINUS_NET] = h[MDL_H_PUBLIC_FUNDING] - h[MDL_H_AVOIDED_NET];
    /* The one net cost: the sum over payers, in payer order (docs/model.md 7.10). */
    h[MDL_H_NET_COST] = 0;
    for (int p = 0; p < MDL_NPAYER; p++) h[MDL_H_NET_COST] += h[MDL_H_NET_COST_PAYER + p];
    h[MDL_H_NET_COST_PREMISE] = h[MDL_H_NET_COST] + h[MDL_H_AVOIDED_NET] - h[MDL_H_PREMISE_NET];
    h[MDL_H_PPDE_CF_CHANGE] = h[MDL_H_PPDE_COUNTERFACTUAL] - h[MDL_H_PPDE_CF_START];
    if (!acc->emptied) h[MDL_H_MONTHS_TO_EMPTY_QUEUE] = (double)NAN;
    h[MDL_H_QUEUE_EMPTIED] = acc->emptied ? 1.0 : 0.0;
    if (!acc->exhausted) h[MDL_H_MONTHS_TO_EXHAUSTIVITY] = (double)NAN;
    h[MDL_H_EXHAUSTIVITY_REACHED] = acc->exhausted ? 1.0 : 0.0;
    /* Per-replication ratios (the summary replaces them by ratios of means). */
    for (int k = 0; k < MDL_H_COUNT; k++)
      if (mdl_figures[k].num >= 0)
        h[k] = h[mdl_figures[k].den] != 0.0 ? h[mdl_figures[k].num] / h[mdl_figures[k].den] : (double)NAN;
  }
}

static void finish_extra(void *ctx, double *extra) {
  mdl_world *w = ctx;
  mdl_coh_extra(&w->coh, w->s->scale, extra);
}

sim_status mdl_world_write_cohorts(FILE *f, const mdl_world *w, const sim_run_result *r) {
  return mdl_coh_write_csv(f, &w->coh, w->group_names, r);
}

/* ---- checkpoints: the full state of a replication in progress ---- */

static int put(FILE *f, const void *p, size_t n) { return n == 0 || fwrite(p, 1, n, f) == n; }
static int get(FILE *f, void *p, size_t n) { return n == 0 || fread(p, 1, n, f) == n; }

/* Everything that changes during a replication; the rest is rebuilt from the scenario. */
static int state_io(mdl_world *w, FILE *f, int (*io)(FILE *, void *, size_t)) {
  mdl_pop *p = &w->pop;
  size_t n = p->n, K = (size_t)w->K;
  int ok = io(f, p->age, n * sizeof *p->age) && io(f, p->emp, n) && io(f, p->fte, n) &&
           io(f, p->vol, n * sizeof *p->vol) && io(f, p->hired, n * sizeof *p->hired) &&
           io(f, p->vol_first, n * sizeof *p->vol_first);
  for (int a = 0; a < MDL_NARM && ok; a++)
    ok = io(f, p->status[a], n) && io(f, p->regime[a], n) && io(f, p->spell[a], n * sizeof *p->spell[a]) &&
         io(f, p->cost[a], n * sizeof *p->cost[a]);
  for (size_t k = 0; k < K && ok; k++) {
    mdl_queue *q = &w->queue[k];
    uint64_t hl[2] = {q->head, q->len};
    ok = io(f, hl, sizeof hl) && io(f, q->slot, q->cap * sizeof *q->slot) && io(f, q->stamp, q->cap * sizeof *q->stamp);
    q->head = (size_t)hl[0];
    q->len = (size_t)hl[1]; /* checked before use (check_queues) */
  }
  if (ok && w->sched.due) /* the scheduled engine's wake months (the scenario's engine is in its hash) */
    ok = io(f, w->sched.due, n * sizeof *w->sched.due);
  return ok && io(f, w->acc, (K + 1) * sizeof *w->acc) && io(f, w->ebe, K * sizeof *w->ebe) &&
         io(f, w->hire_allowance, K * sizeof *w->hire_allowance) && io(f, w->sep_thr, K * sizeof *w->sep_thr) &&
         io(f, w->t_next_reserve, K * sizeof *w->t_next_reserve) && io(f, w->cap_runmax, K * sizeof *w->cap_runmax);
}

static int put_io(FILE *f, void *p, size_t n) { return put(f, p, n); }
static int get_io(FILE *f, void *p, size_t n) { return get(f, p, n); }

static sim_status save_state(void *ctx, void *file) {
  mdl_world *w = ctx;
  return state_io(w, file, put_io) && mdl_coh_io(&w->coh, file, put_io, 0) ? SIM_OK : SIM_EIO;
}

/* ---- checking a checkpoint nobody vouches for (its checksum detects accidents, not tampering) ---- */

typedef struct {
  sim_errs *e; /* NULL: only the status counts */
  const char *path;
  uint32_t rep;
  int last_stamp; /* largest month stamp (step + 1) the state may hold: the checkpoint's step */
} ck_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static sim_status
ck_bad(const ck_ctx *c, const char *fmt, ...) {
  if (c->e) {
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    sim_errs_add(c->e, c->path, 0, "--from", "replication %lu: %s", (unsigned long)c->rep, what);
  }
  return SIM_EPARAM;
}

/* A month stamp (step + 1 of a past month) or 0 for none. */
static int stamp_ok(const ck_ctx *c, unsigned v) { return v <= (unsigned)c->last_stamp; }

static sim_status check_agent(const mdl_world *w, const ck_ctx *c, int k, size_t i, int age_max, int spell_max) {
  const mdl_pop *p = &w->pop;
  size_t j = i - w->t_first[k];
  if (p->age[i] > age_max)
    return ck_bad(c, "territory %d, agent %zu: age is %u months (expected at most %d, the retirement age)", k, j,
                  p->age[i], age_max);
  if (p->fte[i] > 100) return ck_bad(c, "territory %d, agent %zu: fte is %u%% (expected 0 to 100)", k, j, p->fte[i]);
  if (p->vol[i] != MDL_VOL_DECLINED && !stamp_ok(c, p->vol[i]))
    return ck_bad(c, "territory %d, agent %zu: vol is %u (expected 0, a month stamp from 1 to %d, or %u for declined)",
                  k, j, p->vol[i], c->last_stamp, (unsigned)MDL_VOL_DECLINED);
  if (!stamp_ok(c, p->hired[i]) || !stamp_ok(c, p->vol_first[i]))
    return ck_bad(c, "territory %d, agent %zu: hired is %u, vol_first %u (expected 0 or a month stamp from 1 to %d)", k,
                  j, p->hired[i], p->vol_first[i], c->last_stamp);
  for (int a = 0; a < MDL_NARM; a++) {
    if (p->status[a][i] >= MDL_NSTATUS)
      return ck_bad(c, "territory %d, agent %zu: %s status is %u (expected 0 to %d)", k, j, arm_names[a],
                    p->status[a][i], MDL_NSTATUS - 1);
    if (p->regime[a][i] & ~(MDL_REGIME_MASK | MDL_REG_PRECARIOUS | MDL_REG_UNREGISTERED))
      return ck_bad(c,
                    "territory %d, agent %zu: %s regime is 0x%02x (expected a regime 0 to 3 with only the flags 0x40 "
                    "and 0x80)",
                    k, j, arm_names[a], p->regime[a][i]);
    if (p->spell[a][i] > spell_max + (w->sched.due && w->sched.due[i] ? w->steps : 0)) /* a sleeper's: at her wake */
      return ck_bad(c, "territory %d, agent %zu: %s spell is %u months (expected at most %d)", k, j, arm_names[a],
                    p->spell[a][i], spell_max);
  }
  /* Only the program arm has EBE staff; a reserve slot is inactive in both arms. */
  if (p->status[MDL_CF][i] == MDL_EBE)
    return ck_bad(c, "territory %d, agent %zu: counterfactual status is %u (ebe) (expected a status other than ebe)", k,
                  j, MDL_EBE);
  if ((p->status[MDL_CF][i] == MDL_INACTIVE) != (p->status[MDL_PROG][i] == MDL_INACTIVE))
    return ck_bad(c, "territory %d, agent %zu: inactive in one arm only (expected both arms inactive, or neither)", k,
                  j);
  if (i >= w->t_next_reserve[k] && p->status[MDL_CF][i] != MDL_INACTIVE)
    return ck_bad(c, "territory %d, agent %zu: an unused reserve slot is not inactive (expected status 4)", k, j);
  if (w->sched.due && w->sched.due[i]) { /* asleep: employed in both arms until a step not yet run */
    unsigned due = w->sched.due[i], m = due & MDL_DUE_MONTH;
    if ((due & MDL_DUE_EXIT && due & MDL_DUE_LOSS) || due & ~(MDL_DUE_MONTH | MDL_DUE_EXIT | MDL_DUE_LOSS) || m < 1 ||
        m > (unsigned)w->steps || p->status[MDL_CF][i] != MDL_EMPLOYED || p->status[MDL_PROG][i] != MDL_EMPLOYED)
      return ck_bad(c,
                    "territory %d, agent %zu: asleep until 0x%04x (expected employed in both arms and a wake step from "
                    "1 to %d with at most one event flag)",
                    k, j, due, w->steps);
  }
  return SIM_OK;
}

/* Every agent, territory by territory (after the scalars: t_next_reserve is checked there). */
static sim_status check_agents(const mdl_world *w, const ck_ctx *c) {
  int age_max = 0;
  for (int st = 0; st < w->steps; st++)
    if (w->sp[(size_t)st * (size_t)w->K].retire_months > age_max)
      age_max = w->sp[(size_t)st * (size_t)w->K].retire_months;
  int spell_max = (int)w->s->max_initial_spell + c->last_stamp;
  if (spell_max > MDL_SPELL_MAX) spell_max = MDL_SPELL_MAX;
  for (int k = 0; k < w->K; k++)
    for (size_t i = w->t_first[k]; i < w->t_first[k] + w->t_count[k]; i++)
      if (check_agent(w, c, k, i, age_max, spell_max) != SIM_OK) return SIM_EPARAM;
  return SIM_OK;
}

/* Each queue: head and length within the ring, every entry an agent of the territory's own slots
 * with a past stamp, and no agent live twice (a live entry is hired; twice would hire one twice). */
static sim_status check_queues(const mdl_world *w, const ck_ctx *c) {
  const mdl_pop *p = &w->pop;
  for (int k = 0; k < w->K; k++) {
    const mdl_queue *q = &w->queue[k];
    size_t first = w->t_first[k], count = w->t_count[k];
    if (q->head >= q->cap || q->len > q->cap)
      return ck_bad(c,
                    "territory %d: queue head is %zu, len %zu (expected head below %zu and len at most %zu, the "
                    "territory's slots)",
                    k, q->head, q->len, q->cap, q->cap);
    uint8_t *seen = calloc(count + 1, 1);
    if (!seen) return ck_bad(c, "territory %d: no memory to check its queue", k);
    for (size_t n = 0; n < q->len; n++) {
      size_t at = (q->head + n) % q->cap;
      uint32_t slot = q->slot[at];
      uint16_t stamp = q->stamp[at];
      if (slot < first || slot - first >= count) {
        free(seen);
        return ck_bad(c,
                      "territory %d: queue entry %zu is slot %lu, not an agent of this territory (expected %zu to %zu)",
                      k, n, (unsigned long)slot, first, first + count - 1);
      }
      if (stamp == 0 || !stamp_ok(c, stamp)) {
        free(seen);
        return ck_bad(c, "territory %d: queue entry %zu has stamp %u (expected a month stamp from 1 to %d)", k, n,
                      stamp, c->last_stamp);
      }
      int live = p->status[MDL_PROG][slot] == MDL_PPDE && p->vol[slot] == stamp;
      if (live && seen[slot - first]++) {
        free(seen);
        return ck_bad(c,
                      "territory %d: queue entry %zu repeats agent %zu, already waiting on the list (expected each "
                      "volunteer once)",
                      k, n, (size_t)(slot - first));
      }
    }
    free(seen);
  }
  return SIM_OK;
}

/* Slack for sums of doubles that a run keeps below a bound. */
static double above(double bound) { return bound + 1e-9 * (bound > 1.0 ? bound : 1.0); }

/* The per-territory scalars: accumulators, EBE, hiring allowance, thresholds, reserve, capacity.
 * Finite is not enough: the step converts some of them to integers (hires allowed, hires so far),
 * so each is held to the bound a run keeps it under. */
static sim_status check_scalars(const mdl_world *w, const ck_ctx *c) {
  const mdl_scenario *s = w->s;
  for (int k = 0; k <= w->K; k++) {
    const terr_acc *a = &w->acc[k];
    /* At most one hire per agent slot and month. */
    double most = (double)(k < w->K ? w->t_count[k] : w->pop.n) * (double)c->last_stamp;
    if (a->hires_cum < 0 || (double)a->hires_cum > most || (a->emptied != 0 && a->emptied != 1) ||
        (a->exhausted != 0 && a->exhausted != 1))
      return ck_bad(c,
                    "group %d: accumulators hires_cum %lld, emptied %d, exhausted %d (expected a count from 0 to %.0f "
                    "and flags 0 or 1)",
                    k, (long long)a->hires_cum, a->emptied, a->exhausted, most);
    for (int f = 0; f < MDL_H_COUNT; f++)
      if (!isfinite(a->sums[f]))
        return ck_bad(c, "group %d: accumulator %s is %g (expected a finite number)", k, mdl_figures[f].name,
                      a->sums[f]);
  }
  for (int k = 0; k < w->K; k++) {
    const mdl_territory *t = &s->territories[k];
    const mdl_ebe_set *b = &w->ebe[k];
    /* Capacity never exceeds the territory's ceiling (persons-FTE), whichever way it grew. */
    double ceiling = mdl_ebe_ceiling(t), total = 0;
    if (b->n < 0 || b->n > MDL_EBE_MAX)
      return ck_bad(c, "territory %d: EBE count is %d (expected 0 to %d)", k, b->n, MDL_EBE_MAX);
    for (int j = 0; j < b->n; j++) {
      if (b->opened[j] < 0 || b->opened[j] >= c->last_stamp || !isfinite(b->cap[j]) || b->cap[j] < 0)
        return ck_bad(c,
                      "territory %d: EBE %d opened at step %ld with capacity %g FTE (expected a step from 0 to %d and "
                      "a finite capacity >= 0)",
                      k, j, (long)b->opened[j], b->cap[j], c->last_stamp - 1);
      total += b->cap[j];
    }
    if (total > above(ceiling))
      return ck_bad(c, "territory %d: its EBE total %g FTE (expected at most %g, the territory's capacity ceiling)", k,
                    total, ceiling);
    double allowance_max = (double)t->hire_max / s->scale > 1.0 ? (double)t->hire_max / s->scale : 1.0;
    if (!isfinite(w->hire_allowance[k]) || w->hire_allowance[k] < 0 || w->hire_allowance[k] > above(allowance_max))
      return ck_bad(c, "territory %d: hire allowance is %g (expected a number from 0 to %g, one month's hires)", k,
                    w->hire_allowance[k], allowance_max);
    if (!isfinite(w->cap_runmax[k]) || w->cap_runmax[k] < 0 || w->cap_runmax[k] > above(ceiling))
      return ck_bad(c, "territory %d: cap_runmax is %g (expected a capacity from 0 to %g FTE, the territory's ceiling)",
                    k, w->cap_runmax[k], ceiling);
    for (int b2 = 0; b2 < MDL_AGE_BANDS; b2++)
      if (w->sep_thr[k][b2] > ((uint64_t)1 << 32))
        return ck_bad(c, "territory %d: separation threshold %d is %llu (expected at most 2^32)", k, b2,
                      (unsigned long long)w->sep_thr[k][b2]);
    size_t lo = w->t_first[k] + w->t_active[k], hi = w->t_first[k] + w->t_count[k];
    if (w->t_next_reserve[k] < lo || w->t_next_reserve[k] > hi)
      return ck_bad(c, "territory %d: next reserve slot is %zu (expected %zu to %zu, the territory's reserve)", k,
                    w->t_next_reserve[k], lo, hi);
  }
  return SIM_OK;
}

/* Bytes of f left before its 8-byte trailer. */
static uint64_t bytes_left(FILE *f) {
  long at = ftell(f), end;
  if (at < 0 || fseek(f, 0, SEEK_END) != 0 || (end = ftell(f)) < 0 || fseek(f, at, SEEK_SET) != 0 || end - 8 < at)
    return 0;
  return (uint64_t)(end - 8 - at);
}

/* Read one replication's state and check every field before anything uses it. */
static sim_status load_checked(mdl_world *w, uint32_t rep, FILE *f, const ck_ctx *c) {
  const mdl_scenario *s = w->s;
  w->key = sim_rng_key_make((uint64_t)s->seed, rep);
  set_program_origin(w); /* policy, from the scenario being continued */
  if (!state_io(w, f, get_io))
    return ck_bad(c, "the file ends inside its state (expected a complete checkpoint of this scenario)");
  char why[512];
  sim_status st;
  if ((st = check_scalars(w, c)) != SIM_OK || (st = check_agents(w, c)) != SIM_OK ||
      (st = check_queues(w, c)) != SIM_OK)
    return st;
  for (int k = 0; k < w->K; k++) mdl_queue_unwrap(&w->queue[k]);
  if (mdl_coh_read(&w->coh, f, bytes_left(f), why, sizeof why) != 0 ||
      mdl_coh_check(&w->coh, w->t_first, w->t_count, c->last_stamp, why, sizeof why) != 0)
    return ck_bad(c, "%s", why);
  return SIM_OK;
}

/* The engine's hook: the same checks (memory safety never depends on an earlier pass or on the
 * checksum), with the loosest calendar bound since the hook does not know the checkpoint's step. */
static sim_status load_state(void *ctx, uint32_t rep, void *file) {
  mdl_world *w = ctx;
  ck_ctx c = {NULL, NULL, rep, w->steps};
  return load_checked(w, rep, file, &c);
}

sim_status mdl_ckpt_verify_world(mdl_world *w, FILE *f, const char *path, const sim_ckpt_header *h, long size,
                                 sim_stats_acc **acc, sim_errs *e) {
  *acc = NULL;
  sim_status st = SIM_OK;
  if (fseek(f, sim_ckpt_states_at(h), SEEK_SET) != 0) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint file)");
    return SIM_EIO;
  }
  for (uint32_t rep = 0; rep < h->replications && st == SIM_OK; rep++) {
    ck_ctx c = {e, path, rep, h->step};
    st = load_checked(w, rep, f, &c);
  }
  if (st == SIM_OK) st = sim_ckpt_read_stats(f, path, h, size, acc, e);
  if (st == SIM_OK && fseek(f, sim_ckpt_states_at(h), SEEK_SET) != 0) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint file)");
    st = SIM_EIO;
  }
  if (st != SIM_OK) {
    free(*acc);
    *acc = NULL;
  }
  return st;
}

sim_status mdl_ckpt_verify(const mdl_scenario *s, FILE *f, const char *path, const sim_ckpt_header *h, long size,
                           sim_stats_acc **acc, sim_errs *e) {
  *acc = NULL;
  mdl_world *w = NULL;
  sim_status st = mdl_world_alloc(&w, s, e);
  if (st != SIM_OK) return st;
  st = mdl_ckpt_verify_world(w, f, path, h, size, acc, e);
  mdl_world_free(w);
  return st;
}

char *mdl_scenario_prefix_text(const mdl_scenario *s, int32_t date, size_t *len) {
  char *text = NULL;
  *len = 0;
  FILE *f = open_memstream(&text, len);
  if (!f) return NULL;
  /* What shapes the people and the EBE before the date: everything but the names, the horizon and
   * the money (money before the date is in the checkpoint's statistics; after it, it is policy);
   * calendar steps before the date; each territory's population, and its program if it started. */
  const sim_param_table *t = &mdl_scenario_params;
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    if (!strcmp(p->key, "name") || !strcmp(p->key, "description") || !strcmp(p->key, "months") ||
        !strncmp(p->key, "money.", 6))
      continue;
    fprintf(f, "%s=", p->key);
    if (p->type == SIM_PT_STEPS) {
      const sim_cal_steps *st = (const sim_cal_steps *)(const void *)((const char *)s + p->offset);
      for (int k = 0; k < st->n && st->from[k] < date; k++) fprintf(f, "(%d,%.17g)", st->from[k], st->value[k]);
    } else {
      sim_params_write_value(f, p, s);
    }
    fputc('\n', f);
  }
  const sim_param_table *tt = &mdl_territory_params;
  static const char *const always[] = {"name", "department", "population", "ppde_start", "unemployed_start"};
  for (int k = 0; k < s->n_territories; k++) {
    const mdl_territory *ter = &s->territories[k];
    int started = ter->program && ter->program_start < date;
    for (size_t i = 0; i < tt->count; i++) {
      int keep = started;
      for (size_t a = 0; a < sizeof always / sizeof *always; a++) keep = keep || !strcmp(tt->params[i].key, always[a]);
      if (!keep) continue;
      fprintf(f, "territory %d %s=", k, tt->params[i].key);
      sim_params_write_value(f, &tt->params[i], ter);
      fputc('\n', f);
    }
  }
  if (fclose(f) != 0) {
    free(text);
    return NULL;
  }
  return text;
}

uint64_t mdl_scenario_prefix_hash(const mdl_scenario *s, int32_t date) {
  size_t len = 0;
  char *text = mdl_scenario_prefix_text(s, date, &len);
  if (!text) return 0;
  uint64_t h = sim_fnv1a(SIM_FNV1A_INIT, text, len);
  free(text);
  return h;
}

sim_model mdl_world_model(mdl_world *w) {
  sim_model m;
  memset(&m, 0, sizeof m);
  m.ctx = w;
  m.n_blocks = w->n_blocks;
  m.tally_width = MDL_T_WIDTH;
  m.out_width = ((size_t)w->K + 1) * MDL_NARM * MDL_M_COUNT;
  m.headline_width = ((size_t)w->K + 1) * MDL_H_COUNT;
  m.steps = w->steps;
  m.first_reported = w->burn;
  m.begin = begin;
  m.step_block = step_block;
  m.step_world = step_world;
  m.finish = finish;
  m.save = save_state;
  m.load = load_state;
  m.extra_width = mdl_coh_width(&w->coh);
  m.finish_extra = finish_extra;
  return m;
}

sim_layout mdl_world_layout(const mdl_world *w) {
  sim_layout l;
  memset(&l, 0, sizeof l);
  l.n_groups = w->K + 1;
  l.group_names = w->group_names;
  l.total_group = w->K;
  l.n_arms = MDL_NARM;
  l.arm_names = arm_names;
  l.n_metrics = MDL_M_COUNT;
  l.metric_names = mdl_metric_names;
  l.first_month = w->s->start;
  l.n_figures = MDL_H_COUNT;
  l.figures = mdl_figures;
  return l;
}
