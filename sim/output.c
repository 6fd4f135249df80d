/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output.c: the CSV and JSON writers of a run's results. */
#include "sim/output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/calendar.h"
#include "sim/stats.h"

/* ---- writers ---- */

static const char *group_name(const sim_layout *l, int g) { return g == l->total_group ? "total" : l->group_names[g]; }

sim_status sim_write_monthly_csv(FILE *f, const sim_layout *l, const sim_run_result *r) {
  int with_ci = r->replications > 1;
  fputs("territory,date,arm", f);
  for (int m = 0; m < l->n_metrics; m++) {
    fprintf(f, ",%s", l->metric_names[m]);
    if (with_ci) fprintf(f, ",%s_lo,%s_hi", l->metric_names[m], l->metric_names[m]);
  }
  fputc('\n', f);
  for (int g = 0; g < l->n_groups; g++)
    for (int step = 0; step < r->reported_steps; step++)
      for (int a = 0; a < l->n_arms; a++) {
        char date[8];
        sim_cal_format(l->first_month + step, date);
        sim_csv_field(f, group_name(l, g));
        fprintf(f, ",%s,%s", date, l->arm_names[a]);
        const sim_stats_acc *row = r->monthly + (size_t)step * r->out_width +
                                   ((size_t)g * (size_t)l->n_arms + (size_t)a) * (size_t)l->n_metrics;
        for (int m = 0; m < l->n_metrics; m++) {
          sim_stats_ci c = sim_stats_ci_of_acc(&row[m]);
          fputc(',', f);
          sim_csv_number(f, c.mean);
          if (with_ci) {
            fputc(',', f);
            sim_csv_number(f, c.lo);
            fputc(',', f);
            sim_csv_number(f, c.hi);
          }
        }
        fputc('\n', f);
      }
  return ferror(f) ? SIM_EIO : SIM_OK;
}

sim_status sim_summarise(const sim_layout *l, const sim_run_result *r, sim_stats_ci *out) {
  size_t stride = r->headline_width;
  for (int g = 0; g < l->n_groups; g++)
    for (int k = 0; k < l->n_figures; k++) {
      const sim_figure *fig = &l->figures[k];
      const double *base = r->headline + (size_t)g * (size_t)l->n_figures;
      sim_stats_ci c;
      if (fig->num >= 0)
        c = sim_stats_ratio_ci(base + fig->num, base + fig->den, stride, r->replications);
      else
        c = sim_stats_ci_of(base + k, stride, r->replications);
      out[(size_t)g * (size_t)l->n_figures + (size_t)k] = c;
    }
  return SIM_OK;
}

json_t *sim_json_ci(const sim_stats_ci *c) {
  return json_pack("{s:o, s:o, s:o, s:i}", "mean", sim_json_num(c->mean), "lo", sim_json_num(c->lo), "hi",
                   sim_json_num(c->hi), "n", c->n);
}

static json_t *json_figures(const sim_layout *l, const sim_stats_ci *ci, int g) {
  json_t *o = json_object();
  for (int k = 0; o && k < l->n_figures; k++)
    if (json_object_set_new(o, l->figures[k].name, sim_json_ci(&ci[(size_t)g * (size_t)l->n_figures + (size_t)k])) !=
        0) {
      json_decref(o);
      o = NULL;
    }
  return o;
}

sim_status sim_write_summary_json(FILE *f, const sim_layout *l, const sim_stats_ci *ci, const char *scenario,
                                  uint64_t seed, uint32_t replications, sim_errs *e) {
  json_t *units = json_object(), *groups = json_object();
  for (int k = 0; k < l->n_figures; k++)
    units = sim_json_put(units, l->figures[k].name, sim_json_text(l->figures[k].unit));
  for (int g = 0; g < l->n_groups; g++)
    if (g != l->total_group) groups = sim_json_put(groups, l->group_names[g], json_figures(l, ci, g));
  json_t *root =
      json_pack("{s:o, s:I, s:I, s:s, s:o, s:o, s:o}", "scenario", sim_json_text(scenario), "seed", (json_int_t)seed,
                "replications", (json_int_t)replications, "interval",
                "95% Student t interval over replications; ratios are ratios of means with a delta-method interval",
                "units", units, "total", json_figures(l, ci, l->total_group), "territories", groups);
  return sim_json_write(f, root, "summary.json", e);
}

sim_status sim_write_summary_csv(FILE *f, const sim_layout *l, const sim_stats_ci *ci) {
  fputs("territory,figure,unit,mean,lo,hi,sd,n\n", f);
  for (int g = 0; g < l->n_groups; g++)
    for (int k = 0; k < l->n_figures; k++) {
      const sim_stats_ci *c = &ci[(size_t)g * (size_t)l->n_figures + (size_t)k];
      sim_csv_field(f, group_name(l, g));
      fprintf(f, ",%s,", l->figures[k].name);
      sim_csv_field(f, l->figures[k].unit);
      fputc(',', f);
      sim_csv_number(f, c->mean);
      fputc(',', f);
      sim_csv_number(f, c->lo);
      fputc(',', f);
      sim_csv_number(f, c->hi);
      fputc(',', f);
      sim_csv_number(f, c->sd);
      fprintf(f, ",%d\n", c->n);
    }
  return ferror(f) ? SIM_EIO : SIM_OK;
}
