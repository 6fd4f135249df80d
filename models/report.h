/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.h: what the model reports: monthly metrics per territory and arm, headline figures. */
#ifndef MDL_REPORT_H
#define MDL_REPORT_H

#include "models/params.h"

/* Monthly metrics, in monthly.csv column order (models/metrics.def). Counts are persons (scale
 * applied), money is EUR of the month. */
enum {
#define MDL_METRIC(id, name, drawn) MDL_M_##id,
#define MDL_FIGURE(...)
#include "models/metrics.def"
#undef MDL_METRIC
#undef MDL_FIGURE
  MDL_M_COUNT
};

/* Headline figures per territory and total, per replication (models/metrics.def). */
enum {
#define MDL_METRIC(...)
#define MDL_FIGURE(id, name, unit, text, num, den, label, by_territory) MDL_H_##id,
#include "models/metrics.def"
#undef MDL_METRIC
#undef MDL_FIGURE
  MDL_H_COUNT
};
/* Components of the avoided cost (MDL_M_SPEND_ARE ... in metric order, then the bonus). */
#define MDL_NCOMP 7

/* The blocks by payer and by component are as wide as their lists. */
_Static_assert(MDL_M_EBE_COUNT - MDL_M_OUTLAY == MDL_NPAYER, "one outlay metric per payer");
_Static_assert(MDL_H_MONTHS_TO_EXHAUSTIVITY - MDL_H_NET_COST_PAYER == MDL_NPAYER, "one net cost figure per payer");
_Static_assert(MDL_H_DEFICIT_COVER - MDL_H_AVOIDED_NET_COMP == MDL_NCOMP, "one avoided-cost figure per component");
_Static_assert(MDL_M_SPEND_INDUCED - MDL_M_SPEND_ARE + 1 == MDL_NCOMP - 1,
               "one spending metric per avoided-cost component but the bonus (MDL_M_ACTIVITY_BONUS)");

#include "sim/layout.h"

/* Names and units of the metrics and figures, for the writers (models/metrics.def; plots/ reads
 * the same list for the columns it draws, the figures' labels and the report's tables). */
extern const char *const mdl_metric_names[MDL_M_COUNT];
extern const sim_figure mdl_figures[MDL_H_COUNT];

#endif
