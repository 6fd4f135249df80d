/* output.h: the writers of a run's results (monthly.csv, summary.json, summary.csv): they need the
 * engine. The result folders are in sim/outdir.h, the text, CSV and JSON helpers in sim/textio.h,
 * sim/csv.h and sim/json.h, which plots/ uses without the engine. */
#ifndef SIM_OUTPUT_H
#define SIM_OUTPUT_H
#include <stdint.h>
#include <stdio.h>

#include "sim/csv.h"
#include "sim/engine.h"
#include "sim/errs.h"
#include "sim/json.h"
#include "sim/outdir.h"
#include "sim/textio.h"

/* A headline figure: plain (num = den = -1: statistics of its per-replication values) or a ratio
 * of means of two other figures (mean(num)/mean(den), delta-method interval). */
typedef struct {
  const char *name, *unit, *text;
  int num, den;
} sim_figure;

/* How a model's output row is laid out: out[((group * n_arms) + arm) * n_metrics + metric], and
 * headline[group * n_figures + figure]. The group `total_group` is written as "total". */
typedef struct {
  int n_groups;
  const char *const *group_names;
  int total_group;
  int n_arms;
  const char *const *arm_names;
  int n_metrics;
  const char *const *metric_names;
  int32_t first_month;            /* calendar month index of the first reported step */
  int n_figures;
  const sim_figure *figures;
} sim_layout;

/* monthly.csv: one row per group, month and arm; per metric its mean, and with more than one
 * replication its 95% interval as metric_lo and metric_hi. */
sim_status sim_write_monthly_csv(FILE *f, const sim_layout *l, const sim_run_result *r);
/* The statistics of every headline figure of every group ([group][figure]). */
sim_status sim_summarise(const sim_layout *l, const sim_run_result *r, sim_stats_ci *out);
/* summary.json and summary.csv from those statistics. */
sim_status sim_write_summary_json(FILE *f, const sim_layout *l, const sim_stats_ci *ci, const char *scenario,
                                  uint64_t seed, uint32_t replications, sim_errs *e);
/* {"mean", "lo", "hi", "n"} of a statistic, as summary.json and compare.json write it. */
json_t *sim_json_ci(const sim_stats_ci *c);
sim_status sim_write_summary_csv(FILE *f, const sim_layout *l, const sim_stats_ci *ci);

#endif
