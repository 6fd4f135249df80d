/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gp.h: writing gnuplot scripts safely, and driving gnuplot through a pipe. */
#ifndef PLT_GP_H
#define PLT_GP_H
#include <signal.h>
#include <stdio.h>

#include "plots/i18n.h"
#include "sim/errs.h"

/* Text as a gnuplot single-quoted string: the only special character there is the quote, which is
 * doubled; control characters become spaces and invalid UTF-8 bytes '?', so no text can end the
 * string or the line, and backquotes and @macros are not expanded inside single quotes. */
void plt_gp_str(FILE *f, const char *text);
/* Text for a comment line or a data field: control characters (tabs, newlines) become spaces. */
void plt_plain(FILE *f, const char *text);

/* Okabe-Ito colours, readable by colour-blind readers; index taken modulo their number. */
const char *plt_colour(int i);

/* The opening of a figure's script: what it draws, how to redraw it, its data file, and the
 * settings every figure shares (UTF-8, tab-separated data, NaN as missing, no enhanced text so
 * that names print as written). */
void plt_gp_begin(FILE *f, const char *base, const char *what, const char *source);
/* The time axis from first to last ("YYYY-MM", n months): yearly ticks, or every 3 months for
 * short horizons; and an optional dotted vertical line at the program start (NULL: none); labels in lang. */
void plt_gp_time_axis(FILE *f, const char *first, const char *last, int n_months, const char *program_start,
                      plt_lang lang);
/* The loop that draws the figure twice, as base.png (pngcairo) and base.svg: write the plot
 * commands between plt_gp_outputs_begin and plt_gp_outputs_end. */
void plt_gp_outputs_begin(FILE *f, const char *base, int width, int height);
void plt_gp_outputs_end(FILE *f);

/* ---- running gnuplot ---- */

typedef enum {
  PLT_GNUPLOT_OK = 0,
  PLT_GNUPLOT_MISSING, /* not on PATH (or the shell could not run it: exit 127) */
  PLT_GNUPLOT_FAILED   /* it ran and reported an error, or died */
} plt_gnuplot_status;

/* 1 if an executable named gnuplot is on PATH (what `command -v gnuplot` says). */
int plt_gnuplot_found(void);
/* gnuplot, started in folder dir (through popen) with its stderr appended to dir/gnuplot.log,
 * loads each script, one process per script (a few at a time), until one fails or *stop is set. On failure `why`
 * gets a short reason (gnuplot's last error line, or its exit status). */
plt_gnuplot_status plt_gnuplot_run(const char *dir, const char *const *scripts, int n,
                                   const volatile sig_atomic_t *stop, char *why, size_t why_n);

#endif
