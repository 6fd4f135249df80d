/* SPDX-License-Identifier: GPL-3.0-or-later */
/* params.h: every parameter of the TZCLD model, as typed structs; their registry is in params.c. */
#ifndef MDL_PARAMS_H
#define MDL_PARAMS_H
#include <stdint.h>

#include "sim/calendar.h"
#include "sim/params.h"

/* Agent statuses (MODEL.md section 2). INACTIVE slots are outside the working-age population. */
enum { MDL_EMPLOYED = 0, MDL_UNEMPLOYED = 1, MDL_PPDE = 2, MDL_EBE = 3, MDL_INACTIVE = 4, MDL_NSTATUS = 5 };
/* Benefit regimes of a person without job. */
enum { MDL_ARE = 0, MDL_ASS = 1, MDL_RSA = 2, MDL_NONE = 3, MDL_NREGIME = 4 };
/* Budgets that pay or save (MODEL.md section 6). */
enum {
  MDL_PAY_STATE = 0,
  MDL_PAY_DEPARTMENT = 1,
  MDL_PAY_UI = 2,
  MDL_PAY_FAMILY = 3,
  MDL_PAY_SOCIAL_SECURITY = 4,
  MDL_PAY_LOCAL = 5,
  MDL_NPAYER = 6
};
/* Bands of the hazard tables. */
#define MDL_SPELL_BANDS 6 /* spell in months: 0-2, 3-5, 6-11, 12-23, 24-35, 36+ */
#define MDL_AGE_BANDS 3   /* age in years: under 30, 30-49, 50+ */
#define MDL_FTE_CHOICES 5 /* working-time options offered at hiring */
#define MDL_FAMILIES 3    /* EBE activity families: residents, firms, ecological transition */

enum { MDL_RAMP_LINEAR = 0, MDL_RAMP_LOGISTIC = 1 };
enum { MDL_CAP_RAMP = 0, MDL_CAP_DEMAND = 1 }; /* capacity_mode */
#define MDL_EBE_MAX 8                          /* EBE per territory at most (demand mode); bounds ebe_max_count */
enum { MDL_SEP_TABLE = 0, MDL_SEP_STEADY = 1, MDL_SEP_STATIONARY = 2 };
enum { MDL_ENGINE_MONTHLY = 0, MDL_ENGINE_SCHEDULED = 1 }; /* engine: docs/model.md, the scheduled engine */
enum { MDL_COST_UNIFORM = 0, MDL_COST_REGIME = 1, MDL_COST_SITUATION = 2 };
/* Who covers the EBE's deficit (money.deficit_payer). */
enum { MDL_DEFICIT_NONE = 0, MDL_DEFICIT_STATE = 1, MDL_DEFICIT_LOCAL = 2 };
/* Working-time bands of the EBE tallies: band b holds working times in [10b - 5, 10b + 5) percent. */
#define MDL_FTE_BANDS 11
static inline int mdl_fte_band(int fte_pct) { return fte_pct >= 100 ? 10 : (fte_pct + 5) / 10; }

/* The fields of a registry line (models/scenario_params.def, models/territory_params.def). */
#define REAL(k, f, ...) double f;
#define INT(k, f, ...) int64_t f;
#define BOOL(k, f, ...) int f;
#define DATE(k, f, ...) int32_t f;
#define STR(k, f, ...) char f[SIM_PARAM_STR_MAX];
#define CHOICE(k, f, ...) int f;
#define STEPS(k, f, ...) sim_cal_steps f;
#define ARRAY(k, f, n, ...) double f[n];
#define DRAWN_REAL(k, f, ...) double f;

/* One territory (scope "territory"): its people and its EBE. */
typedef struct {
#include "models/territory_params.def"
#include "models/drawn_params.def"
} mdl_territory;

/* Everything else (scope "scenario"). */
typedef struct {
#include "models/scenario_params.def"

  mdl_territory territory_defaults;
  int n_territories;
  mdl_territory *territories; /* owned */
} mdl_scenario;
#undef REAL
#undef INT
#undef BOOL
#undef DATE
#undef STR
#undef CHOICE
#undef STEPS
#undef ARRAY
#undef DRAWN_REAL

extern const sim_param_table mdl_scenario_params;
extern const sim_param_table mdl_territory_params;

/* Short names, for output columns and messages. */
extern const char *const mdl_status_names[MDL_NSTATUS];
extern const char *const mdl_payer_names[MDL_NPAYER];

#endif
