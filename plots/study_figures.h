/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study_figures.h: the figures of tzsim sweep and tzsim calibrate (--plot): each a tab-separated
 * data file plots/BASE.tsv and a gnuplot script plots/BASE.gp in an open result folder. The
 * commands hand over plain names and numbers; nothing here knows the model. */
#ifndef PLT_STUDY_FIGURES_H
#define PLT_STUDY_FIGURES_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/calib.h"
#include "sim/layout.h"
#include "sim/outdir.h"
#include "sim/sa.h"

/* A number for TSV data of gnuplot: %.12g, NaN for NaN. */
void plt_tsv_num(FILE *f, double v);

/* ---- sweep ---- */

/* The bar chart of a sweep's indices for one output, the "tornado": two estimators per parameter
 * (est[i][0], the one the parameters are ranked by, largest |value| at the top; est[i][1]). */
typedef struct {
  const char *base;          /* plots/BASE.tsv, plots/BASE.gp */
  const char *output;        /* the output's text */
  const char *unit;          /* its unit: the axis of Morris's mu* */
  sa_method method;          /* which estimators: their legends */
  const char *method_name;   /* sa_method_name(method) (sim/sa.c is not in the plots library) */
  int k;                     /* parameters (nothing is drawn when 0) */
  const char *const *params; /* their names */
  const char *names[2];      /* the estimators' names: the data file's columns */
  const sa_est (*est)[2];    /* k estimates of each */
} plt_indices_figure;
sim_status plt_write_indices_figure(sim_outdir *dir, const plt_indices_figure *fig, sim_errs *e);

/* One output against every parameter, one panel each. */
typedef struct {
  const char *base, *output, *unit;
  int k; /* parameters */
  const char *const *params;
  size_t n_points;
  const double *x; /* n_points x k: the design */
  const double *y; /* the output of point p: y[p * y_stride] */
  size_t y_stride;
} plt_scatter_figure;
sim_status plt_write_scatter_figure(sim_outdir *dir, const plt_scatter_figure *fig, sim_errs *e);

/* ---- calibrate ---- */

/* A simulated value: mean and 95 % interval over replications. */
typedef struct {
  double mean, lo, hi;
} plt_interval;

/* The replications' rows of the final run (reps x steps x width, as sim_runner_slice keeps them). */
typedef struct {
  const sim_layout *layout;
  const double *rows;
  size_t steps, width;
  uint32_t reps;
} plt_run_rows;

/* The fit's figures: fit-trajectories[-N] (the simulated series with their 95 % band against the
 * observed targets, 12 panels a figure) and fit-scatter (simulated against observed, every target;
 * v[i] the simulated value of target t[i]). series: the first target of each distinct series. The
 * scripts' names ("BASE.gp") are added to names[*nnames]. */
sim_status plt_write_fit_figures(sim_outdir *dir, const plt_run_rows *run, const sim_target *t, int nt,
                                 const plt_interval *v, const int *series, int ns, char names[][64], int *nnames,
                                 sim_errs *e);

#endif
