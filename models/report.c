/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c: names, units and definitions of the monthly metrics and headline figures, expanded from
 * models/metrics.def. */
#include "models/report.h"

const char *const mdl_metric_names[MDL_M_COUNT] = {
#define MDL_METRIC(id, name, drawn) name,
#define MDL_FIGURE(...)
#include "models/metrics.def"
#undef MDL_METRIC
#undef MDL_FIGURE
};

const sim_figure mdl_figures[MDL_H_COUNT] = {
#define MDL_METRIC(...)
#define MDL_FIGURE(id, name, unit, text, num, den, label, by_territory) {name, unit, text, num, den},
#include "models/metrics.def"
#undef MDL_METRIC
#undef MDL_FIGURE
};
