/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "sim/layout.h"
#include "sim/outdir.h"
#include "sim/textio.h"

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
