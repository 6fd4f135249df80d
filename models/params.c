/* SPDX-License-Identifier: GPL-3.0-or-later */
/* params.c: the registry tables of every TZCLD parameter, expanded from models/scenario_params.def
 * and models/territory_params.def (key, field, range, default, unit, meaning, source); the loader,
 * the validator, the resolved scenario and `tzsim params` all read these tables. */
#include "models/params.h"

#include <stddef.h>

/* Sources named in the "source" column refer to data/README.md rows (P = official,
 * P-press, P-local, E = estimate from published figures) or say "assumption". */
#define REAL(k_, off_, lo_, hi_, def_, unit_, meaning_, src_)                                                          \
  {k_, SIM_PT_REAL, FIELD(off_), 0, lo_, hi_, def_, NULL, unit_, meaning_, src_, NULL, NULL, 0, 0, NULL, 0},
#define INT(k_, off_, lo_, hi_, def_, unit_, meaning_, src_)                                                           \
  {k_, SIM_PT_INT, FIELD(off_), 0, lo_, hi_, def_, NULL, unit_, meaning_, src_, NULL, NULL, 0, 0, NULL, 0},
#define BOOL(k_, off_, def_, meaning_, src_)                                                                           \
  {k_, SIM_PT_BOOL, FIELD(off_), 0, 0, 1, def_, NULL, "-", meaning_, src_, NULL, NULL, 0, 0, NULL, 0},
#define DATE(k_, off_, def_, meaning_, src_)                                                                           \
  {k_, SIM_PT_DATE, FIELD(off_), 0, 0, 0, def_, NULL, "YYYY-MM", meaning_, src_, NULL, NULL, 0, 0, NULL, 0},
#define STR(k_, off_, def_, meaning_)                                                                                  \
  {k_, SIM_PT_STRING, FIELD(off_), 0, 0, 0, def_, NULL, "text", meaning_, "-", NULL, NULL, 0, 0, NULL, 0},
#define CHOICE(k_, off_, choices_, def_, meaning_, src_)                                                               \
  {k_, SIM_PT_CHOICE, FIELD(off_), 0, 0, 0, def_, choices_, "-", meaning_, src_, NULL, NULL, 0, 0, NULL, 0},
#define STEPS(k_, off_, lo_, hi_, def_, unit_, meaning_, src_)                                                         \
  {k_, SIM_PT_STEPS, FIELD(off_), 0, lo_, hi_, def_, NULL, unit_, meaning_, src_, NULL, NULL, 0, 0, NULL, 0},
#define ARRAY(k_, off_, n_, lo_, hi_, def_, unit_, meaning_, src_)                                                     \
  {k_, SIM_PT_ARRAY, FIELD(off_), n_, lo_, hi_, def_, NULL, unit_, meaning_, src_, NULL, NULL, 0, 0, NULL, 0},

static const sim_param scenario_params[] = {
#define FIELD(f) offsetof(mdl_scenario, f)
#include "models/scenario_params.def"
#undef FIELD
};

static const sim_param territory_params[] = {
#define FIELD(f) offsetof(mdl_territory, f)
#include "models/territory_params.def"
#define DRAWN_REAL REAL
#include "models/drawn_params.def"
#undef DRAWN_REAL
#undef FIELD
};

const sim_param_table mdl_scenario_params = {.scope = "scenario",
                                             .params = scenario_params,
                                             .count = sizeof scenario_params / sizeof scenario_params[0]};
const sim_param_table mdl_territory_params = {.scope = "territory",
                                              .params = territory_params,
                                              .count = sizeof territory_params / sizeof territory_params[0]};

const char *const mdl_status_names[MDL_NSTATUS] = {"employed", "unemployed", "ppde", "ebe", "inactive"};
const char *const mdl_payer_names[MDL_NPAYER] = {"state",       "department",      "unemployment_insurance",
                                                 "family_fund", "social_security", "local_authorities"};
