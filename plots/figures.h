/* SPDX-License-Identifier: GPL-3.0-or-later */
/* figures.h: the figures of a run and of a comparison: for each, a data file extracted from the
 * result (BASE.tsv) and a gnuplot script (BASE.gp) that draws BASE.png and BASE.svg from it. */
#ifndef PLT_FIGURES_H
#define PLT_FIGURES_H

#include "plots/i18n.h"
#include "plots/result.h"
#include "sim/errs.h"

typedef enum {
  PLT_FIG_PPDE,             /* PPDE stock, program vs counterfactual */
  PLT_FIG_EBE,              /* EBE headcount and FTE, with the capacity */
  PLT_FIG_QUEUE,            /* queue of volunteers; hires and new volunteers per month */
  PLT_FIG_MONEY,            /* funding and avoided cost, monthly and cumulative */
  PLT_FIG_HEADLINE,         /* bars across territories of the headline ratios */
  PLT_FIG_COMPARE_HEADLINE, /* scenarios side by side on the headline figures */
  PLT_FIG_COMPARE_SERIES    /* total PPDE and EBE of each scenario */
} plt_fig_kind;

typedef struct {
  plt_fig_kind kind;
  char base[200];     /* BASE: file name without extension inside plots/ */
  int group;          /* plt_run group, -1 for figures across territories or scenarios */
  char title[400];    /* short title, for the report */
  char caption[1200]; /* one sentence, for the report */
} plt_fig;

typedef struct {
  plt_fig *v;
  int n, cap;
} plt_figs;

void plt_figs_free(plt_figs *f);

/* Write the data files and scripts of a run's figures into folder out (the total's first, then the
 * bars across territories, then each territory's) and list them in figs; texts in lang. */
sim_status plt_write_run_figures(const plt_run *r, const char *out, plt_lang lang, plt_figs *figs, sim_errs *e);
/* The same for a comparison. */
sim_status plt_write_compare_figures(const plt_compare *c, const char *out, plt_lang lang, plt_figs *figs, sim_errs *e);
/* What scenario j of a comparison ran, from its own folder: "2017-01 to 2026-12 (120 months), seed
 * 20170101, 2 replications" (in French: "2017-01 à 2026-12 (120 mois), graine ..."). */
void plt_compare_calendar(const plt_compare *c, int j, plt_lang lang, char *buf, size_t n);

#endif
