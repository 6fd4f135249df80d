/* SPDX-License-Identifier: GPL-3.0-or-later */
/* money.h: the money of one territory in one month (docs/model.md section 7.8). */
#ifndef MDL_MONEY_H
#define MDL_MONEY_H
#include <stdint.h>

#include "models/params.h"

/* The dated rules and amounts in force in one calendar month (calendar.* step functions). */
typedef struct {
  double smic_hourly, cde_rate;
  double department_share_min; /* Departement at least this share of the State CDE */
  double supervision_cde;      /* 1: the CDE also funds supervision staff */
  double cde_total_cap;        /* State + Departement per FTE, share of gross SMIC; 0 = none */
  double startup_grant_per_new_fte;
  double ass, rsa, bonus_base, bonus_top_share; /* EUR per month; share */
} mdl_money_date;

void mdl_money_date_at(const mdl_scenario *s, int32_t cal, mdl_money_date *d);

/* The territory's EBE in one arm this month: its hires (agents), the FTE of capacity created this
 * month (persons), whether they operate in this arm, the age of the activity (months since program
 * start: revenue grows with it), how many EBE are open, how many of them are in their start-up
 * phase (opened less than money.ebe_startup_months ago), and how many opened this month. */
typedef struct {
  int64_t hires;
  double new_capacity_fte;
  int active;
  int32_t age_months;
  int n_ebe, n_startup, n_opened;
} mdl_money_ebe;

/* Situation mode: the public money one person moves in a month, by regime (without job) and by
 * working-time band (EBE employee), at the date's amounts. Housing aid and the RSA are expected
 * values over money.housing_aid_share. */
typedef struct {
  double benefit[MDL_NREGIME]; /* ARE, ASS, RSA net of the housing deduction, none */
  double housing_jobless[MDL_NREGIME];
  double bonus[MDL_FTE_BANDS]; /* activity bonus of an EBE employee, per person */
  double housing_ebe[MDL_FTE_BANDS];
  double induced_state, induced_ui; /* money.induced_share of the national averages, per person without job */
} mdl_situation;

void mdl_money_situation(const mdl_scenario *s, const mdl_money_date *d, mdl_situation *x);

/* Fill the money metrics of one arm (MDL_M_WAGES ... the outlays and the metrics after them, not
 * MDL_M_AVOIDED_NET nor MDL_M_PREMISE_NET, which compare the arms) from its end-of-month counters
 * `agg` (MDL_T_* of one arm). Every sum is over integer counters, so the result is the same
 * whatever the order agents were processed in. `scale` turns agents into persons. */
void mdl_money_month(const mdl_scenario *s, const mdl_territory *t, const mdl_money_date *d, const mdl_money_ebe *e,
                     const int64_t *agg, double scale, double *metrics);

/* The monthly cost components of a person without job in a regime, booked to their payer
 * (regime mode). */
void mdl_money_regime_split(const mdl_scenario *s, int regime, double by_payer[MDL_NPAYER]);

/* Program arm, after both arms are filled: the comparisons of the arms (avoided_net, premise_net)
 * and the effects that depend on them (local dynamics), added to the program arm's ledger. */
void mdl_money_compare(const mdl_scenario *s, const double *cf, double *prog);

#endif
