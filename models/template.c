/* SPDX-License-Identifier: GPL-3.0-or-later */
/* template.c: the territory-template registry, its checks, and drawing generated territories. */
#include "models/template.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sim/calendar.h"

/* Defaults are the phase-2 figures of data/README.md where it has them (E: fitted),
 * else the range of the 10 pilots in scenarios/pilots.cfg (E), else an assumption. */
#define P(field) offsetof(mdl_tpl, field)
#define REAL(k_, off_, lo_, hi_, def_, unit_, meaning_, src_)                                                          \
  { k_, SIM_PT_REAL, off_, 0, lo_, hi_, def_, NULL, unit_, meaning_, src_, NULL, NULL, 0, 0, NULL, 0 }
#define INT(k_, off_, lo_, hi_, def_, unit_, meaning_, src_)                                                           \
  { k_, SIM_PT_INT, off_, 0, lo_, hi_, def_, NULL, unit_, meaning_, src_, NULL, NULL, 0, 0, NULL, 0 }
#define DATE(k_, off_, def_, meaning_, src_)                                                                           \
  { k_, SIM_PT_DATE, off_, 0, 0, 0, def_, NULL, "YYYY-MM", meaning_, src_, NULL, NULL, 0, 0, NULL, 0 }
#define STR(k_, off_, def_, meaning_)                                                                                  \
  { k_, SIM_PT_STRING, off_, 0, 0, 0, def_, NULL, "text", meaning_, "-", NULL, NULL, 0, 0, NULL, 0 }
#define CHOICE(k_, off_, choices_, def_, meaning_, src_)                                                               \
  { k_, SIM_PT_CHOICE, off_, 0, 0, 0, def_, choices_, "-", meaning_, src_, NULL, NULL, 0, 0, NULL, 0 }

#define PILOTS_E "E: range of the 10 pilots in scenarios/pilots.cfg"

static const sim_param template_params[] = {
    STR("name_prefix", P(name_prefix), "\"Generated\"",
        "drawn territories are named \"<name_prefix> 001\", \"<name_prefix> 002\", ... (after the names of the `names` "
        "list, if any)"),
    INT("count", P(count), 0, 10000, NULL, "territories", "number of territories drawn from the template", "-"),
    REAL("working_age_share", P(working_age_share), 0.01, 1, "0.6", "-",
         "working-age population (territory key population) per inhabitant",
         "assumption: INSEE order of magnitude for ages 18-62, as in scenarios/pilots.cfg"),
    CHOICE("inhabitants.dist", P(inhabitants_dist), "lognormal|uniform", "\"lognormal\"",
           "distribution of inhabitants: \"lognormal\" (median, sigma) truncated to [min, max], or \"uniform\" on "
           "[min, max]",
           "-"),
    REAL("inhabitants.median", P(inhabitants_median), 1, 7e7, "6900", "inhabitants",
         "log-normal: median (exp(mu)); must lie in [min, max]",
         "E: fitted to the phase-2 territories (mean 7,400; 35 % under 5,000; 39 % 5,000-10,000; 26 % over 10,000; "
         "second evaluation, Oct 2024): 36/39/25 %, mean 7,460"),
    REAL("inhabitants.sigma", P(inhabitants_sigma), 0, 5, "0.74", "-", "log-normal: sigma of log(inhabitants)",
         "E: same fit"),
    INT("inhabitants.min", P(inhabitants_min), 1, 7e7, "1000", "inhabitants",
        "smallest territory (truncation, or lower end of the uniform)", "assumption (part of the same fit)"),
    INT("inhabitants.max", P(inhabitants_max), 1, 7e7, "20000", "inhabitants",
        "largest territory (truncation, or upper end of the uniform)", "assumption (part of the same fit)"),
    CHOICE("ppde_share.dist", P(ppde_share_dist), "uniform|beta", "\"uniform\"",
           "distribution of the PPDE share: \"uniform\" on [lo, hi], or \"beta\": lo + (hi - lo) x Beta(alpha, beta)",
           "-"),
    REAL("ppde_share.lo", P(ppde_share_lo), 0, 1, "0.04", "PPDE per working-age person",
         "lower end of the PPDE share at the start", PILOTS_E " (ppde_start / population 0.042-0.133)"),
    REAL("ppde_share.hi", P(ppde_share_hi), 0, 1, "0.13", "PPDE per working-age person",
         "upper end of the PPDE share at the start", PILOTS_E),
    REAL("ppde_share.alpha", P(ppde_share_alpha), 0.01, 1000, "2", "-", "beta: first shape parameter", "assumption"),
    REAL("ppde_share.beta", P(ppde_share_beta), 0.01, 1000, "2", "-", "beta: second shape parameter", "assumption"),
    REAL("unemployed_per_ppde.lo", P(unemployed_per_ppde_lo), 0, 100, "1.2727", "persons per PPDE",
         "lower end of short-term unemployed per PPDE at the start (uniform)",
         "E: DARES Aug 2015 seniority, 56 % of job seekers below one year and 44 % above: 56/44"),
    REAL("unemployed_per_ppde.hi", P(unemployed_per_ppde_hi), 0, 100, "1.2727", "persons per PPDE",
         "upper end of the same", "E: same"),
    REAL("volunteer_rate.lo", P(volunteer_rate_lo), 0, 1, "0.028", "per month",
         "lower end of the territory's volunteer_rate (uniform)",
         "E: as territory volunteer_rate (1,711 volunteers of about 3,300 PPDE by Oct 2018)"),
    REAL("volunteer_rate.hi", P(volunteer_rate_hi), 0, 1, "0.028", "per month", "upper end of the same", "E: same"),
    REAL("capacity_max_per_ppde.lo", P(capacity_max_per_ppde_lo), 0, 2, "0.1", "FTE per PPDE",
         "lower end of capacity_max / ppde_start (uniform; in demand mode it only scales capacity_start)",
         PILOTS_E " (capacity_max / ppde_start 0.09-0.49)"),
    REAL("capacity_max_per_ppde.hi", P(capacity_max_per_ppde_hi), 0, 2, "0.5", "FTE per PPDE", "upper end of the same",
         PILOTS_E),
    REAL("capacity_start_share.lo", P(capacity_start_share_lo), 0, 1, "0.1", "-",
         "lower end of capacity_start / capacity_max (uniform): the ramp's start, or the first EBE's launch size in "
         "demand mode",
         PILOTS_E " (0.06-0.37)"),
    REAL("capacity_start_share.hi", P(capacity_start_share_hi), 0, 1, "0.3", "-", "upper end of the same", PILOTS_E),
    INT("ramp_months.lo", P(ramp_months_lo), 0, 1200, "12", "months",
        "lower end of ramp_months (uniform integer; capacity_mode \"ramp\" only)", PILOTS_E " (12-48)"),
    INT("ramp_months.hi", P(ramp_months_hi), 0, 1200, "48", "months", "upper end of ramp_months", PILOTS_E),
    DATE("program_start.from", P(entry_from), NULL,
         "first month a drawn territory's program can start (uniform month in [from, to])", "-"),
    DATE("program_start.to", P(entry_to), NULL, "last month a drawn territory's program can start", "-"),
#define DRAWN_REAL(k_, f_, lo_, hi_, def_, unit_, meaning_, src_)                                                      \
  REAL(k_ ".lo", P(f_##_lo), lo_, hi_, def_, unit_, "lower end of the territory's " k_ " (uniform)",                   \
       "as territory " k_),                                                                                            \
      REAL(k_ ".hi", P(f_##_hi), lo_, hi_, def_, unit_, "upper end of the same", "as territory " k_),
#include "models/drawn_params.def"
#undef DRAWN_REAL
};

const sim_param_table mdl_template_params = {.scope = "template",
                                             .params = template_params,
                                             .count = sizeof template_params / sizeof template_params[0]};

const char *const mdl_tpl_drawn_keys[] = {"name",
                                          "population",
                                          "ppde_start",
                                          "unemployed_start",
                                          "program_start",
                                          "capacity_start",
                                          "capacity_max",
                                          "ramp_months",
                                          "volunteer_rate",
#define DRAWN_REAL(k, ...) k,
#include "models/drawn_params.def"
#undef DRAWN_REAL
                                          NULL};

const char *mdl_tpl_hint_of(const char *territory_key) {
  static const char *const hints[][2] = {
      {"name", "name_prefix or names"},
      {"population", "inhabitants.* and working_age_share"},
      {"ppde_start", "ppde_share.*"},
      {"unemployed_start", "unemployed_per_ppde.*"},
      {"program_start", "program_start.from and program_start.to"},
      {"capacity_start", "capacity_start_share.*"},
      {"capacity_max", "capacity_max_per_ppde.*"},
      {"ramp_months", "ramp_months.lo and ramp_months.hi"},
      {"volunteer_rate", "volunteer_rate.lo and volunteer_rate.hi"},
#define DRAWN_REAL(k, ...) {k, k ".lo and " k ".hi"},
#include "models/drawn_params.def"
#undef DRAWN_REAL
  };
  for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
    if (strcmp(hints[i][0], territory_key) == 0) return hints[i][1];
  return NULL;
}

sim_rng_key mdl_tpl_key(uint64_t seed) { return sim_rng_key_make(seed, MDL_TPL_KEY_REPLICATION); }

/* ---- drawing ---- */

/* Inhabitants: a log-normal truncated to [min, max] by inversion (one uniform, no rejection loop),
 * or a uniform on [min, max]. */
static double draw_inhabitants(const mdl_tpl *t, gsl_rng *r) {
  double lo = (double)t->inhabitants_min, hi = (double)t->inhabitants_max;
  double u = gsl_rng_uniform_pos(r);
  double x;
  if (t->inhabitants_dist == MDL_TPL_UNIFORM) {
    x = lo + (hi - lo) * u;
  } else if (t->inhabitants_sigma <= 0.0) {
    x = t->inhabitants_median;
  } else {
    double zeta = log(t->inhabitants_median), sigma = t->inhabitants_sigma;
    double pa = gsl_cdf_lognormal_P(lo, zeta, sigma), pb = gsl_cdf_lognormal_P(hi, zeta, sigma);
    double p = pa + (pb - pa) * u;
    x = (p > 0.0 && p < 1.0) ? gsl_cdf_lognormal_Pinv(p, zeta, sigma) : t->inhabitants_median;
  }
  /* Rounding in the inversion must not step outside the declared support. */
  if (!(x >= lo)) x = lo;
  if (x > hi) x = hi;
  return x;
}

static double flat(gsl_rng *r, double lo, double hi) {
  double x = lo + (hi - lo) * gsl_rng_uniform(r);
  return x > hi ? hi : x;
}

void mdl_tpl_draw_one(const mdl_tpl *t, gsl_rng *r, uint64_t seed, uint32_t index, uint32_t j, mdl_tpl_draw *d) {
  sim_rng_gsl_position(r, mdl_tpl_key(seed), j, index, MDL_RNG_TEMPLATE);
  d->inhabitants = draw_inhabitants(t, r);
  if (t->ppde_share_dist == MDL_TPL_SHARE_BETA)
    d->ppde_share = t->ppde_share_lo +
                    (t->ppde_share_hi - t->ppde_share_lo) * gsl_ran_beta(r, t->ppde_share_alpha, t->ppde_share_beta);
  else
    d->ppde_share = flat(r, t->ppde_share_lo, t->ppde_share_hi);
  if (d->ppde_share > t->ppde_share_hi) d->ppde_share = t->ppde_share_hi;
  if (d->ppde_share < t->ppde_share_lo) d->ppde_share = t->ppde_share_lo;
  d->unemployed_per_ppde = flat(r, t->unemployed_per_ppde_lo, t->unemployed_per_ppde_hi);
  d->volunteer_rate = flat(r, t->volunteer_rate_lo, t->volunteer_rate_hi);
  d->capacity_max_per_ppde = flat(r, t->capacity_max_per_ppde_lo, t->capacity_max_per_ppde_hi);
  d->capacity_start_share = flat(r, t->capacity_start_share_lo, t->capacity_start_share_hi);
  d->ramp_months =
      t->ramp_months_lo + (int64_t)gsl_rng_uniform_int(r, (unsigned long)(t->ramp_months_hi - t->ramp_months_lo + 1));
  d->program_start =
      t->entry_from +
      (int32_t)gsl_rng_uniform_int(r, (unsigned long)((int64_t)t->entry_to - (int64_t)t->entry_from + 1));
#define DRAWN_REAL(k, f, ...) d->f = flat(r, t->f##_lo, t->f##_hi);
#include "models/drawn_params.def"
#undef DRAWN_REAL
}

static int64_t round_nonneg(double x) { return x <= 0.0 ? 0 : (int64_t)floor(x + 0.5); }

void mdl_tpl_apply(const mdl_tpl *t, const mdl_tpl_draw *d, mdl_territory *out) {
  int64_t pop = round_nonneg(d->inhabitants * t->working_age_share);
  if (pop < 1) pop = 1;
  int64_t ppde = round_nonneg((double)pop * d->ppde_share);
  if (ppde > pop) ppde = pop;
  int64_t unemp = round_nonneg((double)ppde * d->unemployed_per_ppde);
  if (unemp > pop - ppde) unemp = pop - ppde;
  out->population = pop;
  out->ppde_start = ppde;
  out->unemployed_start = unemp;
  out->capacity_max = (double)ppde * d->capacity_max_per_ppde;
  out->capacity_start = out->capacity_max * d->capacity_start_share;
  if (out->capacity_start > out->capacity_max) out->capacity_start = out->capacity_max;
  out->ramp_months = d->ramp_months;
  out->volunteer_rate = d->volunteer_rate;
  out->program_start = d->program_start;
#define DRAWN_REAL(k, f, ...) out->f = d->f;
#include "models/drawn_params.def"
#undef DRAWN_REAL
}

sim_status mdl_tpl_generate(const mdl_tpl *t, const mdl_territory *base, const char (*names)[SIM_PARAM_STR_MAX],
                            const char (*departments)[SIM_PARAM_STR_MAX], int n_names, uint64_t seed, uint32_t index,
                            mdl_territory *out, mdl_tpl_draw *draws) {
  if (t->count <= 0) return SIM_OK;
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);
  if (!r) return SIM_ENOMEM;
  for (int64_t j = 0; j < t->count; j++) {
    mdl_tpl_draw d;
    mdl_tpl_draw_one(t, r, seed, index, (uint32_t)j, &d);
    out[j] = *base;
    mdl_tpl_apply(t, &d, &out[j]);
    if (j < n_names) {
      snprintf(out[j].name, sizeof out[j].name, "%s", names[j]);
      if (departments) snprintf(out[j].department, sizeof out[j].department, "%s", departments[j]);
    } else {
      snprintf(out[j].name, sizeof out[j].name, "%.*s %03lld", SIM_PARAM_STR_MAX - 24, t->name_prefix,
               (long long)(j + 1 - n_names));
    }
    if (draws) draws[j] = d;
  }
  gsl_rng_free(r);
  return SIM_OK;
}

/* ---- checks ---- */

static int usable(const sim_param_origin *where, const char *key) {
  const sim_param *p = sim_params_find(&mdl_template_params, key);
  if (!p) return 0;
  const sim_param_origin *o = &where[p - mdl_template_params.params];
  return !o->invalid && (o->file || p->def);
}

/* Where a key was set, else the template group (a default is located at the group). */
static sim_param_origin locate(const sim_param_origin *where, sim_param_origin at, const char *key) {
  const sim_param *p = sim_params_find(&mdl_template_params, key);
  if (p && where[p - mdl_template_params.params].file) return where[p - mdl_template_params.params];
  return at;
}

static void range_check(const sim_param_origin *where, sim_param_origin at, const char *path, const char *group,
                        const char *lo_name, const char *hi_name, double lo, double hi, sim_errs *e) {
  char klo[64], khi[64], shown[256];
  snprintf(klo, sizeof klo, "%s.%s", group, lo_name);
  snprintf(khi, sizeof khi, "%s.%s", group, hi_name);
  if (!usable(where, klo) || !usable(where, khi) || lo <= hi) return;
  sim_param_origin w = locate(where, at, klo);
  snprintf(shown, sizeof shown, "%s%s", path, klo);
  sim_errs_add(e, w.file, w.line, shown, "%g is above %s %g (expected %s <= %s)", lo, khi, hi, lo_name, hi_name);
}

void mdl_tpl_check(const mdl_tpl *t, const sim_param_origin *where, sim_param_origin at, const char *path, int n_names,
                   int horizon_ok, int32_t start, int32_t end, sim_errs *e) {
  char shown[256];
  sim_param_origin w;
  range_check(where, at, path, "inhabitants", "min", "max", (double)t->inhabitants_min, (double)t->inhabitants_max, e);
  if (t->inhabitants_dist == MDL_TPL_LOGNORMAL && usable(where, "inhabitants.dist") &&
      usable(where, "inhabitants.median") && usable(where, "inhabitants.min") && usable(where, "inhabitants.max") &&
      t->inhabitants_min <= t->inhabitants_max &&
      (t->inhabitants_median < (double)t->inhabitants_min || t->inhabitants_median > (double)t->inhabitants_max)) {
    w = locate(where, at, "inhabitants.median");
    snprintf(shown, sizeof shown, "%sinhabitants.median", path);
    sim_errs_add(e, w.file, w.line, shown,
                 "%g is outside [inhabitants.min, inhabitants.max] = [%lld, %lld] (expected min <= median <= max)",
                 t->inhabitants_median, (long long)t->inhabitants_min, (long long)t->inhabitants_max);
  }
  range_check(where, at, path, "ppde_share", "lo", "hi", t->ppde_share_lo, t->ppde_share_hi, e);
  range_check(where, at, path, "unemployed_per_ppde", "lo", "hi", t->unemployed_per_ppde_lo, t->unemployed_per_ppde_hi,
              e);
  range_check(where, at, path, "volunteer_rate", "lo", "hi", t->volunteer_rate_lo, t->volunteer_rate_hi, e);
  range_check(where, at, path, "capacity_max_per_ppde", "lo", "hi", t->capacity_max_per_ppde_lo,
              t->capacity_max_per_ppde_hi, e);
  range_check(where, at, path, "capacity_start_share", "lo", "hi", t->capacity_start_share_lo,
              t->capacity_start_share_hi, e);
  range_check(where, at, path, "ramp_months", "lo", "hi", (double)t->ramp_months_lo, (double)t->ramp_months_hi, e);
#define DRAWN_REAL(k, f, ...) range_check(where, at, path, k, "lo", "hi", t->f##_lo, t->f##_hi, e);
#include "models/drawn_params.def"
#undef DRAWN_REAL
  /* The PPDE and the short-term unemployed must fit in the population whatever is drawn. */
  if (usable(where, "ppde_share.hi") && usable(where, "unemployed_per_ppde.hi") &&
      t->ppde_share_hi * (1.0 + t->unemployed_per_ppde_hi) > 1.0 + 1e-12) {
    w = locate(where, at, "unemployed_per_ppde.hi");
    snprintf(shown, sizeof shown, "%sunemployed_per_ppde.hi", path);
    sim_errs_add(e, w.file, w.line, shown,
                 "ppde_share.hi %g x (1 + %g) exceeds 1 (expected PPDE and short-term unemployed to fit in the "
                 "population)",
                 t->ppde_share_hi, t->unemployed_per_ppde_hi);
  }
  int from_ok = usable(where, "program_start.from"), to_ok = usable(where, "program_start.to");
  if (from_ok && to_ok && t->entry_from > t->entry_to) {
    char a[8], b[8];
    sim_cal_format(t->entry_from, a);
    sim_cal_format(t->entry_to, b);
    w = locate(where, at, "program_start.from");
    snprintf(shown, sizeof shown, "%sprogram_start.from", path);
    sim_errs_add(e, w.file, w.line, shown, "%s is after program_start.to %s (expected from <= to)", a, b);
  }
  if (horizon_ok) {
    static const char *const keys[2] = {"program_start.from", "program_start.to"};
    const int32_t vals[2] = {t->entry_from, t->entry_to};
    const int ok[2] = {from_ok, to_ok};
    for (int i = 0; i < 2; i++) {
      if (!ok[i] || (vals[i] >= start && vals[i] < end)) continue;
      char a[8], b[8], c[8];
      sim_cal_format(vals[i], a);
      sim_cal_format(start, b);
      sim_cal_format(end - 1, c);
      w = locate(where, at, keys[i]);
      snprintf(shown, sizeof shown, "%s%s", path, keys[i]);
      sim_errs_add(e, w.file, w.line, shown, "%s is outside the horizon (expected a date from %s to %s)", a, b, c);
    }
  }
  if (usable(where, "count") && usable(where, "name_prefix") && t->count > n_names) {
    char digits[32];
    int nd = snprintf(digits, sizeof digits, "%03lld", (long long)(t->count - n_names));
    size_t len = strlen(t->name_prefix) + 1 + (size_t)nd;
    if (len >= SIM_PARAM_STR_MAX) {
      w = locate(where, at, "name_prefix");
      snprintf(shown, sizeof shown, "%sname_prefix", path);
      sim_errs_add(e, w.file, w.line, shown,
                   "generated names would have %zu bytes (expected names of at most %d bytes)", len,
                   SIM_PARAM_STR_MAX - 1);
    }
    if (t->name_prefix[0] == '\0') {
      w = locate(where, at, "name_prefix");
      snprintf(shown, sizeof shown, "%sname_prefix", path);
      sim_errs_add(e, w.file, w.line, shown, "is empty (expected a non-empty prefix)");
    }
  }
  if (usable(where, "count") && n_names > t->count) {
    w = locate(where, at, "count");
    snprintf(shown, sizeof shown, "%scount", path);
    sim_errs_add(e, w.file, w.line, shown, "%lld is below the %d names listed (expected count >= the number of names)",
                 (long long)t->count, n_names);
  }
}
