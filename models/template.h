/* SPDX-License-Identifier: GPL-3.0-or-later */
/* template.h: generated territories: a territory template describes a family of territories by
 * distributions and a count, and draws them from the scenario seed (MODEL.md section 8). */
#ifndef MDL_TEMPLATE_H
#define MDL_TEMPLATE_H
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/params.h"
#include "sim/errs.h"
#include "sim/params.h"
#include "sim/rng.h"

enum { MDL_TPL_LOGNORMAL = 0, MDL_TPL_UNIFORM = 1 };        /* inhabitants.dist */
enum { MDL_TPL_SHARE_UNIFORM = 0, MDL_TPL_SHARE_BETA = 1 }; /* ppde_share.dist */

/* One template (scope "template"); its registry is mdl_template_params. Ranges are inclusive. */
typedef struct {
  char name_prefix[SIM_PARAM_STR_MAX];                   /* drawn territories are "<prefix> 001", "<prefix> 002", ... */
  int64_t count;                                         /* territories drawn */
  double working_age_share;                              /* working-age population per inhabitant */
  int inhabitants_dist;                                  /* MDL_TPL_LOGNORMAL or MDL_TPL_UNIFORM */
  double inhabitants_median;                             /* log-normal: median (e^mu) */
  double inhabitants_sigma;                              /* log-normal: sigma of the log */
  int64_t inhabitants_min, inhabitants_max;              /* truncation of the log-normal, or the uniform range */
  int ppde_share_dist;                                   /* MDL_TPL_SHARE_UNIFORM or MDL_TPL_SHARE_BETA */
  double ppde_share_lo, ppde_share_hi;                   /* support: PPDE per working-age person */
  double ppde_share_alpha, ppde_share_beta;              /* beta: lo + (hi - lo) Beta(alpha, beta) */
  double unemployed_per_ppde_lo, unemployed_per_ppde_hi; /* short-term unemployed per PPDE */
  double volunteer_rate_lo, volunteer_rate_hi;
  double capacity_max_per_ppde_lo, capacity_max_per_ppde_hi; /* FTE of capacity_max per initial PPDE */
  double capacity_start_share_lo, capacity_start_share_hi;   /* capacity_start / capacity_max */
  int64_t ramp_months_lo, ramp_months_hi;
  int32_t entry_from, entry_to;                      /* program_start: a month uniform in [from, to] */
#define DRAWN_REAL(k, f, ...) double f##_lo, f##_hi; /* models/drawn_params.def: f uniform in [lo, hi] */
#include "models/drawn_params.def"
#undef DRAWN_REAL
} mdl_tpl;

extern const sim_param_table mdl_template_params;

/* What one territory of a template drew, before it becomes territory keys. */
typedef struct {
  double inhabitants;         /* in [inhabitants_min, inhabitants_max] */
  double ppde_share;          /* in [ppde_share_lo, ppde_share_hi] */
  double unemployed_per_ppde; /* in [lo, hi], and so on */
  double volunteer_rate;
  double capacity_max_per_ppde;
  double capacity_start_share;
  int64_t ramp_months;
  int32_t program_start;
#define DRAWN_REAL(k, f, ...) double f;
#include "models/drawn_params.def"
#undef DRAWN_REAL
} mdl_tpl_draw;

/* Purpose word (counter c2) of the template streams; the monthly purposes are 0-4 (population.h). */
#define MDL_RNG_TEMPLATE 5u
/* The "replication" whose key the template streams use: no run has that many replications
 * (at most 100,000), so the streams are apart from every replication's, and the drawn territories
 * are the same in every replication. */
#define MDL_TPL_KEY_REPLICATION UINT32_MAX

/* The key of the template streams of a scenario seed. */
sim_rng_key mdl_tpl_key(uint64_t seed);

/* Draw territory j (0-based) of template `index` (0-based, in scenario order): the generator r
 * (of sim_rng_philox_type) is positioned at counter (j, index, MDL_RNG_TEMPLATE) of
 * mdl_tpl_key(seed), so a territory's draws depend only on (seed, index, j) and the template's
 * values: a larger count appends territories and leaves the first ones unchanged. The draws, in
 * this order: inhabitants, ppde_share, unemployed_per_ppde, volunteer_rate, capacity_max_per_ppde,
 * capacity_start_share, ramp_months, program_start. */
void mdl_tpl_draw_one(const mdl_tpl *t, gsl_rng *r, uint64_t seed, uint32_t index, uint32_t j, mdl_tpl_draw *d);

/* Turn a draw into territory keys of *out (which holds the family's fixed keys): population =
 * max(1, round(inhabitants x working_age_share)); ppde_start = round(population x ppde_share);
 * unemployed_start = round(ppde_start x unemployed_per_ppde), at most population - ppde_start;
 * capacity_max = ppde_start x capacity_max_per_ppde; capacity_start = capacity_max x
 * capacity_start_share; ramp_months, volunteer_rate and program_start as drawn. The name and
 * every other key (program included) are left as they are. */
void mdl_tpl_apply(const mdl_tpl *t, const mdl_tpl_draw *d, mdl_territory *out);

/* Draw the template's `count` territories into out[0 .. count-1], each starting from `base` (the
 * family's fixed keys); territory j is named names[j] (and gets departments[j] if departments is
 * not NULL) for j < n_names, else "<name_prefix> NNN" with NNN = j + 1 - n_names on at least three
 * digits. `draws` (may be NULL) receives the raw draws. Returns SIM_OK or SIM_ENOMEM. */
sim_status mdl_tpl_generate(const mdl_tpl *t, const mdl_territory *base, const char (*names)[SIM_PARAM_STR_MAX],
                            const char (*departments)[SIM_PARAM_STR_MAX], int n_names, uint64_t seed, uint32_t index,
                            mdl_territory *out, mdl_tpl_draw *draws);

/* Cross-checks of one template after reading: lo <= hi of every range, min <= median <= max,
 * ppde_share_hi x (1 + unemployed_per_ppde_hi) <= 1, the entry window inside the reported horizon
 * [start, end), and generated names short enough. `where` (mdl_template_params.count entries)
 * locates the keys; `at` the template group; `path` prefixes keys ("territory_templates[1].").
 * horizon_ok = 0 skips the horizon check (start or months was invalid). */
void mdl_tpl_check(const mdl_tpl *t, const sim_param_origin *where, sim_param_origin at, const char *path, int n_names,
                   int horizon_ok, int32_t start, int32_t end, sim_errs *e);

/* The territory keys a template draws (NULL-terminated); a template's fixed `territory` group may
 * not set them. hint_of gives the template keys that set a drawn key, for messages. */
extern const char *const mdl_tpl_drawn_keys[];
const char *mdl_tpl_hint_of(const char *territory_key);

#endif
