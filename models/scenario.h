/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario.h: a TZCLD scenario from a libconfig file (or text) and --set overrides, fully checked. */
#ifndef MDL_SCENARIO_H
#define MDL_SCENARIO_H
#include <stdio.h>

#include "models/params.h"
#include "sim/errs.h"

/* The most territories a scenario may have (listed and drawn). */
#define MDL_MAX_TERRITORIES 100000

/* Load and validate a scenario. `path` is the file to read, or NULL to read `text` (then
 * `display_name` names it in messages). `sets` are nsets "KEY=VALUE" strings applied after the
 * file; territory keys are addressed as "territories.NAME.key" or "territories.*.key", template
 * keys as "territory_templates.N.key" (N from 1). Territory templates (models/template.h) are drawn
 * after the other overrides and before the territory ones, and appended to `territories`.
 * On error every problem found is in e (one line each) and *out holds nothing to free. */
sim_status mdl_scenario_load(const char *path, const char *text, const char *display_name, const char *const *sets,
                             int nsets, mdl_scenario *out, sim_errs *e);

void mdl_scenario_free(mdl_scenario *s);

/* Write the fully resolved scenario (every parameter, the seed, every territory) in libconfig
 * syntax; `tzsim run` reads it back to the same values. Returns 0, or -1 on a write error. */
int mdl_scenario_write(FILE *f, const mdl_scenario *s);

/* Number of agents of territory k (population / scale, at least 1). */
int64_t mdl_scenario_agents(const mdl_scenario *s, int k);

#endif
