/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cohorts.h: beneficiary cohorts (MODEL.md section 7.x): what the persons the EBE hired, and the
 * volunteers it never hired, are in each arm 6, 12, 24 and 36 months after their own hiring (or
 * volunteering) month, by territory and half-year. Tracked in the sequential part of the step from
 * per-territory lists of records, so the per-agent pass is not touched. */
#ifndef MDL_COHORTS_H
#define MDL_COHORTS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "models/population.h"
#include "sim/engine.h"

/* The two populations followed. */
enum { MDL_COH_HIRED = 0, MDL_COH_VOLUNTEERS = 1, MDL_COH_NPOP = 2 };
/* Horizons: months after the reference month, and the average over months 1..24. */
enum { MDL_COH_H6, MDL_COH_H12, MDL_COH_H24, MDL_COH_H36, MDL_COH_AVG24, MDL_COH_NHOR };
#define MDL_COH_NPOINT 4 /* the point horizons (all but the average) */
/* States of a followed person in one arm. */
/* EMPLOYED: a stable classic job; PRECARIOUS: a precarious job, still deprived of employment in the
 * fund's sense (status UNEMPLOYED or PPDE with the precarious flag, §7.3); UNEMPLOYED and PPDE: the
 * others without job. Employment = EMPLOYED + PRECARIOUS (+ EBE in the program arm). */
enum {
  MDL_COH_EMPLOYED,
  MDL_COH_PRECARIOUS,
  MDL_COH_EBE,
  MDL_COH_UNEMPLOYED,
  MDL_COH_PPDE,
  MDL_COH_OUT,
  MDL_COH_NSTATE
};
/* Values of one cell (territory, population, half-year, horizon) of a replication's table. */
enum {
  MDL_COH_V_PERSONS = 0,                                        /* persons observed (scale applied) */
  MDL_COH_V_COUNT = 1,                                          /* + arm * NSTATE + state: persons (scale applied) */
  MDL_COH_V_RATE = MDL_COH_V_COUNT + MDL_NARM * MDL_COH_NSTATE, /* + arm: employment rate, % (NaN if nobody) */
  MDL_COH_V_EFFECT = MDL_COH_V_RATE + MDL_NARM,                 /* classic job + EBE (program) - classic job (cf), pp */
  MDL_COH_V_EFFECT_CLASSIC,                                     /* classic job (program) - classic job (cf), pp */
  MDL_COH_NV
};

extern const int mdl_coh_horizon_months[MDL_COH_NPOINT];

/* One followed person. */
typedef struct {
  uint32_t slot;
  uint16_t ref;                          /* step + 1 of the reference month: first hiring, or first volunteering */
  uint8_t pop;                           /* MDL_COH_HIRED or MDL_COH_VOLUNTEERS */
  uint8_t out;                           /* left the working-age population (exit or retirement) */
  uint8_t at[MDL_COH_NPOINT][MDL_NARM];  /* state at each point horizon, 0xFF until reached */
  uint8_t occ[MDL_NARM][MDL_COH_NSTATE]; /* months 1..24 after the reference month in each state */
} mdl_coh_rec;

/* An open list is kept in order of reference month, the volunteers of a month first and by slot
 * (unsorted: a record came out of that order and the list is sorted before its next use); removed
 * records stay in place, marked, until `dead` of them make compacting worth it. */
typedef struct {
  mdl_coh_rec *r;
  size_t n, cap;
  size_t dead;
  int unsorted;
} mdl_coh_list;

typedef struct {
  int K, H;             /* territories; half-years of the reported period */
  int32_t first_cal;    /* calendar month of step 0 */
  int32_t start;        /* first reported month: earlier hires and volunteers are not followed */
  int32_t first_half;   /* half-year index (year * 2 + half) of the start */
  int last_step;        /* the run's last step */
  mdl_coh_list *open;   /* [K]: persons still followed month by month */
  mdl_coh_list *closed; /* [K]: persons whose record is final */
  int failed;           /* a record could not be stored: this replication's table is NaN */
  int threads;          /* for following a month's records (0: one) */
} mdl_cohorts;

/* Dimensions only (no lists) suffice for the width and the writer. */
sim_status mdl_coh_alloc(mdl_cohorts *c, int K, int32_t start, int burn, int steps, int with_lists);
void mdl_coh_free(mdl_cohorts *c);
void mdl_coh_reset(mdl_cohorts *c);
size_t mdl_coh_width(const mdl_cohorts *c);

/* A new volunteer of territory k this step (its first volunteering starts a record). */
void mdl_coh_volunteer(mdl_cohorts *c, int k, mdl_pop *p, uint32_t slot, int step);
/* The persons hired for the first time this step in territory k (the hiring log of mdl_ebe_hire):
 * their records start, and a hired volunteer's record leaves the comparison group. */
void mdl_coh_hired(mdl_cohorts *c, int k, const mdl_pop *p, int step);
/* After the step's hiring in territory k: follow its persons one month (only those at a month that
 * counts for them: months 1..24 after their reference month, and the point horizons). */
void mdl_coh_month(mdl_cohorts *c, int k, const mdl_pop *p, int step);
/* The replication's table (mdl_coh_width doubles): [territory..., total][population][half-year...,
 * all][horizon][value] ("all": every half-year's persons pooled). */
void mdl_coh_extra(const mdl_cohorts *c, double scale, double *out);
/* Checkpoint state (the records). */
int mdl_coh_io(mdl_cohorts *c, FILE *f, int (*io)(FILE *, void *, size_t), int reading);
/* Reading a checkpoint nobody vouches for: records are read within the `avail` bytes left before its
 * trailer, then each is checked: its slot an agent of [t_first[k], t_first[k] + t_count[k]), its
 * reference month stamp a reported month up to last_ref, its states in range. Each returns 0, or -1
 * with one line in why. */
int mdl_coh_read(mdl_cohorts *c, FILE *f, uint64_t avail, char *why, size_t whylen);
int mdl_coh_check(const mdl_cohorts *c, const size_t *t_first, const size_t *t_count, int last_ref, char *why,
                  size_t whylen);

/* cohorts.csv from the statistics over replications of the tables. */
sim_status mdl_coh_write_csv(FILE *f, const mdl_cohorts *c, const char *const *group_names, const sim_run_result *r);

#endif
