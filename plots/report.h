/* report.h: report.html, one self-contained page per result folder: the scenario, its seed and
 * version, the headline table with intervals and every figure (its SVG embedded as a data URI,
 * with relative links to the PNG, script and data). No network access, no script. */
#ifndef PLT_REPORT_H
#define PLT_REPORT_H

#include "plots/figures.h"
#include "plots/result.h"
#include "sim/errs.h"

/* Write the report of a run to path; the figures are read from the folder png_dir. */
sim_status plt_write_run_report(const plt_run *r, const plt_figs *figs, const char *png_dir, const char *path,
                                const char *shown, sim_errs *e);
sim_status plt_write_compare_report(const plt_compare *c, const plt_figs *figs, const char *png_dir, const char *path,
                                    const char *shown, sim_errs *e);

#endif
