/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout.h: how a model's results are laid out (groups, arms, metrics, headline figures): plain
 * names and counts, no engine, so that the readers and the figures of plots/ can use it too. */
#ifndef SIM_LAYOUT_H
#define SIM_LAYOUT_H
#include <stdint.h>

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
  int32_t first_month; /* calendar month index of the first reported step */
  int n_figures;
  const sim_figure *figures;
} sim_layout;

#endif
