/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.h: report.html, one page per result folder, in English or French: the headline answer
 * (net cost per FTE-year and per person out of long-term unemployment), who pays, the assumptions,
 * the cohorts, the tables, and the figures: those of all territories together embedded as SVG data
 * URIs, each territory's linked from plots/ (so 60 territories stay under 1 MB). No network
 * access, no script. */
#ifndef PLT_REPORT_H
#define PLT_REPORT_H

#include "plots/figures.h"
#include "plots/i18n.h"
#include "plots/result.h"
#include "sim/errs.h"

/* Write the report of a run to path; the figures are read from the folder png_dir. */
sim_status plt_write_run_report(const plt_run *r, const plt_figs *figs, const char *png_dir, plt_lang lang,
                                const char *path, const char *shown, sim_errs *e);
sim_status plt_write_compare_report(const plt_compare *c, const plt_figs *figs, const char *png_dir, plt_lang lang,
                                    const char *path, const char *shown, sim_errs *e);

#endif
