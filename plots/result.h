/* SPDX-License-Identifier: GPL-3.0-or-later */
/* result.h: a result folder as the figures and the report see it, read from its files only:
 * a run (monthly.csv, summary.csv, run.json) or a comparison (compare.csv, compare.json and each
 * scenario's run folder). */
#ifndef PLT_RESULT_H
#define PLT_RESULT_H
#include <stddef.h>

#include "plots/table.h"
#include "sim/errs.h"

enum { PLT_PROGRAM = 0, PLT_COUNTERFACTUAL = 1 };

/* A territory, or the total, of monthly.csv. */
typedef struct {
  const char *name; /* as written in monthly.csv ("total" for the total) */
  char safe[160];   /* its part of file names: sim_safe_name, made unique */
  int is_total;
  size_t *rows;      /* monthly.csv row of [month * 2 + arm], SIZE_MAX if absent */
  int program_start; /* first month index with an activity capacity, -1 if none */
} plt_group;

typedef struct {
  char dir[4096]; /* the result folder */
  plt_table monthly, summary;
  char scenario[256]; /* its name */
  char version[64], git[64], seed[32], scenario_file[1024], finished[64];
  long replications;
  size_t summary_figures; /* headline figures summary.json lists (its "units"), 0 if unknown */
  int ci;                 /* monthly.csv has _lo and _hi columns */
  int n_months;
  char (*dates)[8]; /* "YYYY-MM" of each month */
  int n_groups;     /* territories in their order, then the total last */
  plt_group *groups;
} plt_run;

/* Read a run folder; one message in e on failure (SIM_EPARAM for a malformed or incomplete file:
 * the folder is untrusted input, and nothing is drawn from a partial one). */
sim_status plt_run_load(const char *dir, plt_run *r, sim_errs *e);
void plt_run_free(plt_run *r);
/* A monthly value of group g: metric (a monthly.csv column name) in arm at month m; which = 0 the
 * mean, -1 its lower, +1 its upper 95% bound (the mean with one replication). NaN if absent. */
double plt_run_value(const plt_run *r, int g, int m, int arm, const char *metric, int which);
/* A headline figure of summary.csv for a territory (or "total"): 0 and mean, lo, hi, n, or -1. */
typedef struct {
  double mean, lo, hi;
  long n;
  const char *unit;
} plt_ci;
int plt_summary(const plt_run *r, const char *group, const char *figure, plt_ci *out);

/* A comparison folder. */
typedef struct {
  char label[512];  /* as in compare.csv */
  char folder[512]; /* relative to the comparison folder */
  plt_run run;
} plt_scenario;

typedef struct {
  char dir[4096];
  plt_table compare;
  char seed[32], replications[32];
  int n;
  plt_scenario *s;
} plt_compare;

sim_status plt_compare_load(const char *dir, plt_compare *c, sim_errs *e);
void plt_compare_free(plt_compare *c);
/* The value of a headline figure for scenario j (the total unless group names a territory). */
int plt_compare_value(const plt_compare *c, const char *group, const char *figure, int j, plt_ci *out);
/* Its paired difference with the first scenario (j >= 1). */
int plt_compare_diff(const plt_compare *c, const char *group, const char *figure, int j, plt_ci *out);

/* What the figures and the report call a headline figure: a short label, "" if unknown. */
const char *plt_figure_label(const char *figure);

#endif
