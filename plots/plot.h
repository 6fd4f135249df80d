/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot.h: the figures and the report of a result folder (layer 4, beside the writers). It reads
 * only what the folder holds -- monthly.csv, summary.csv, run.json of a run; compare.csv,
 * compare.json and each scenario's folder of a comparison -- and knows nothing of the engine or
 * of the model. gnuplot draws the figures, driven through a pipe.
 *
 * DIR/plots/ gets, for each figure BASE, BASE.tsv (its data, extracted from the result),
 * BASE.gp (a standalone gnuplot script: `cd DIR/plots && gnuplot BASE.gp` redraws it), BASE.png
 * (pngcairo) and BASE.svg; DIR/report.html embeds the figures of all territories together and
 * links each territory's (plots/BASE.svg), so that it stays small with many territories. The folder is written beside DIR/plots
 * and renamed into place once complete, so a folder named plots is never half-drawn and an existing
 * one is replaced only by a complete one. The result files themselves are never touched. */
#ifndef PLT_PLOT_H
#define PLT_PLOT_H
#include <signal.h>

#include "plots/i18n.h"
#include "sim/errs.h"

typedef enum {
  PLT_OK = 0,
  PLT_EINPUT, /* not a result folder, or its files are malformed */
  PLT_EIO,    /* the figures or the report could not be written */
  PLT_ENOMEM,
  PLT_ENOGNUPLOT, /* gnuplot is not installed: data and scripts are written, no figure */
  PLT_EGNUPLOT,   /* gnuplot failed: data and scripts are written, no figure */
  PLT_EINTR       /* a signal asked to stop: nothing is left behind */
} plt_status;

typedef struct {
  volatile sig_atomic_t *stop; /* checked between steps when not NULL */
  plt_lang lang;               /* of the report and the figures' texts */
} plt_options;

typedef struct {
  int compare;       /* the folder was a comparison */
  int figures;       /* figures drawn */
  char plots[4200];  /* DIR/plots */
  char report[4200]; /* DIR/report.html */
} plt_done;

/* Draw the figures of the run or comparison folder dir and write its report. On failure e holds
 * exactly one line saying what happened and what to do. */
plt_status plt_plot_dir(const char *dir, const plt_options *o, plt_done *done, sim_errs *e);

#endif
