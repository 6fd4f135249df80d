/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario.c: loading, overriding and cross-checking a TZCLD scenario. */
#include "models/scenario.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/template.h"

#define NSCN 128 /* capacity of the origin tables; checked against the registry sizes */
#define NTER 64
#define NTPL 64

/* A territory template as read, with where each of its values came from. */
typedef struct {
  mdl_tpl t;
  sim_param_origin where[NTPL];
  mdl_territory fixed; /* territory_defaults, then the template's `territory` group */
  sim_param_origin fixed_where[NTER];
  char (*names)[SIM_PARAM_STR_MAX];       /* owned; n_names entries */
  char (*departments)[SIM_PARAM_STR_MAX]; /* owned or NULL; n_names entries */
  int n_names;
  sim_param_origin at; /* the template's group */
  sim_param_origin names_at;
  char path[64]; /* "territory_templates[1]." or "territory_template." */
  int bad;       /* an error was found in it: nothing is drawn */
} tpl_in;

/* Where each value came from: the scenario's parameters, and per territory. */
typedef struct {
  sim_param_origin scn[NSCN];
  sim_param_origin tdef[NTER];
  sim_param_origin (*ter)[NTER];
  const char *file;
  tpl_in *tpl;
  int n_tpl;
  int single_tpl; /* the templates came as one territory_template group */
} origins;

/* A number for a message (see sim_params_fmt_num); buf holds 32 bytes. */
static const char *num(char *buf, double v) {
  sim_params_fmt_num(buf, 32, v);
  return buf;
}

/* The same in %g style (exponent for large values), with the digits the value needs. */
static const char *num_g(char *buf, double v) {
  for (int digits = 6; digits <= 17; digits++) {
    snprintf(buf, 32, "%.*g", digits, v);
    if (!isfinite(v) || strtod(buf, NULL) == v) break;
  }
  return buf;
}

static sim_param_origin where_of(const origins *o, const sim_param_table *t, const sim_param_origin *w,
                                 const char *key) {
  const sim_param *p = sim_params_find(t, key);
  sim_param_origin at = {o->file, 0, 0};
  if (p && w[p - t->params].file) at = w[p - t->params];
  return at;
}

/* A key whose value can be trusted by a cross-check: read without error, or defaulted. */
static int usable(const sim_param_table *t, const sim_param_origin *w, const char *key) {
  const sim_param *p = sim_params_find(t, key);
  if (!p) return 0;
  const sim_param_origin *o = &w[p - t->params];
  return !o->invalid && (o->file || p->def);
}
#define SCN_OK(key) usable(&mdl_scenario_params, o->scn, key)
#define TER_OK(key) usable(&mdl_territory_params, w, key)

static int64_t round_agents(double persons, double scale) {
  double a = floor(persons / scale + 0.5);
  return a < 0 ? 0 : (int64_t)a;
}

int64_t mdl_scenario_agents(const mdl_scenario *s, int k) {
  int64_t a = round_agents((double)s->territories[k].population, s->scale);
  return a < 1 ? 1 : a;
}

/* A share vector must sum to 1: a typo in one element would silently renormalise otherwise. */
static void check_sum(const origins *o, const double *v, int n, const char *key, sim_errs *e) {
  if (!SCN_OK(key)) return;
  double sum = 0;
  for (int i = 0; i < n; i++) sum += v[i];
  if (fabs(sum - 1.0) > 1e-6) {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, key);
    sim_errs_add(e, at.file, at.line, key, "shares sum to %.6g (expected a sum of 1)", sum);
  }
}

static const mdl_scenario *sort_scenario; /* qsort has no context argument; the loader is single-threaded */
static int by_name(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  int c = strcmp(sort_scenario->territories[x].name, sort_scenario->territories[y].name);
  return c != 0 ? c : (x > y) - (x < y);
}

static int *find_duplicates(const mdl_scenario *s) {
  int n = s->n_territories;
  int *order = malloc(((size_t)n + 1) * sizeof *order), *dup = malloc(((size_t)n + 1) * sizeof *dup);
  if (!order || !dup) {
    free(order);
    free(dup);
    return NULL;
  }
  for (int k = 0; k < n; k++) {
    order[k] = k;
    dup[k] = -1;
  }
  sort_scenario = s;
  qsort(order, (size_t)n, sizeof *order, by_name);
  for (int i = 1, first = n > 0 ? order[0] : 0; i < n; i++) {
    if (strcmp(s->territories[order[i]].name, s->territories[first].name) == 0)
      dup[order[i]] = first;
    else
      first = order[i];
  }
  free(order);
  return dup;
}

/* What is wrong with a name as text, or NULL: names go into JSON, CSV and terminals, so they must
 * be valid UTF-8 (no overlong forms, surrogates or truncated sequences) without control
 * characters other than tab and newline. *at gets the 1-based byte where the problem starts. */
static const char *name_problem(const char *name, size_t *at) {
  const unsigned char *p = (const unsigned char *)name;
  for (size_t i = 0; p[i];) {
    *at = i + 1;
    unsigned c = p[i];
    /* Tab and newline stay data (quoted in CSV, escaped in JSON); ESC and the rest could drive a
     * terminal that shows a message or a table. */
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return "is a control character";
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (c == 0xc0 || c == 0xc1) return "starts an overlong UTF-8 form";
    if (n == 0) return "starts no UTF-8 character";
    for (size_t k = 1; k < n; k++)
      if ((p[i + k] & 0xc0) != 0x80) return "starts a truncated UTF-8 sequence";
    unsigned c1 = p[i + 1];
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xf0 && c1 < 0x90)) return "starts an overlong UTF-8 form";
    if (c == 0xed && c1 >= 0xa0) return "starts a UTF-16 surrogate encoded in UTF-8";
    if (c == 0xf4 && c1 >= 0x90) return "starts a code point beyond U+10FFFF";
    if (c == 0xc2 && c1 <= 0x9f) return "starts a control character (U+0080 to U+009F)";
    i += n;
  }
  return NULL;
}

/* Refuse a name that name_problem finds wrong; 1 if refused. */
static int refuse_name(const char *name, sim_param_origin at, const char *key, sim_errs *e) {
  size_t where = 0;
  const char *why = name_problem(name, &where);
  if (!why) return 0;
  sim_errs_add(e, at.file, at.line, key,
               "byte %zu %s (expected valid UTF-8 text without control characters other than tab and newline)", where,
               why);
  return 1;
}

static void cross_check(const mdl_scenario *s, const origins *o, sim_errs *e) {
  char n1[32], n2[32];
  check_sum(o, s->seniority_shares, MDL_SPELL_BANDS, "labour.seniority_shares", e);
  check_sum(o, s->regime_shares_ppde, MDL_NREGIME, "labour.regime_shares_ppde", e);
  check_sum(o, s->regime_shares_unemployed, MDL_NREGIME, "labour.regime_shares_unemployed", e);
  check_sum(o, s->fte_shares, MDL_FTE_CHOICES, "ebe.fte_shares", e);
  check_sum(o, s->revenue_family_shares, MDL_FAMILIES, "money.revenue_family_shares", e);
  check_sum(o, s->cost_payer_shares, MDL_NPAYER - 1, "money.cost_payer_shares", e);
  if (SCN_OK("labour.are_exhaust_to_ass") && SCN_OK("labour.are_exhaust_to_rsa") &&
      s->are_exhaust_to_ass + s->are_exhaust_to_rsa > 1.0 + 1e-12) {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "labour.are_exhaust_to_rsa");
    sim_errs_add(e, at.file, at.line, "labour.are_exhaust_to_rsa",
                 "%s + labour.are_exhaust_to_ass %s exceeds 1 (expected shares summing to at most 1)",
                 num(n1, s->are_exhaust_to_rsa), num(n2, s->are_exhaust_to_ass));
  }
  if (SCN_OK("money.avoided_cost_min_eur") && SCN_OK("money.avoided_cost_max_eur") && s->cost_min > s->cost_max) {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "money.avoided_cost_min_eur");
    sim_errs_add(e, at.file, at.line, "money.avoided_cost_min_eur",
                 "%s is above money.avoided_cost_max_eur %s (expected min <= max)", num(n1, s->cost_min),
                 num(n2, s->cost_max));
  }
  /* Costs are stored per agent as 16-bit euros per year: the regime-built cost must fit. */
  int money_ok = SCN_OK("money.benefit_eur_per_month") && SCN_OK("money.housing_eur_per_month") &&
                 SCN_OK("money.lost_contributions_eur_per_month") && SCN_OK("money.induced_eur_per_month") &&
                 SCN_OK("money.employment_services_eur_per_month");
  for (int r = 0; r < MDL_NREGIME && money_ok; r++) {
    double year = 12.0 * (s->benefit_per_month[r] + s->housing_per_month[r] + s->lost_contributions_per_month +
                          s->induced_per_month + s->employment_services_per_month);
    if (year > 65535.0) {
      sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "money.benefit_eur_per_month");
      sim_errs_add(e, at.file, at.line, "money.benefit_eur_per_month",
                   "regime %d costs %.0f EUR per year in all (expected at most 65535)", r + 1, year);
    }
  }
  /* The State's CDE rate within its legal range by date (decret 2016-1027 phase 1, decret 2021-863
   * art. 24 phase 2), checked at each rate step and at each change of the range while it is in
   * force, unless the scenario explicitly studies extralegal rates. */
  if (SCN_OK("calendar.cde_rate") && SCN_OK("calendar.cde_rate_min") && SCN_OK("calendar.cde_rate_max") &&
      SCN_OK("calendar.allow_extralegal_rates") && !s->allow_extralegal_rates) {
    const sim_cal_steps *r = &s->cde_rate, *lo = &s->cde_rate_min, *hi = &s->cde_rate_max;
    for (int k = 0; k < r->n; k++) {
      int32_t from = r->from[k], until = k + 1 < r->n ? r->from[k + 1] : INT32_MAX;
      /* The months where the rate or its range changes within this step. */
      int32_t at_month[2 * SIM_CAL_MAX_STEPS + 1];
      int n = 0;
      at_month[n++] = from;
      for (int j = 0; j < lo->n; j++)
        if (lo->from[j] > from && lo->from[j] < until) at_month[n++] = lo->from[j];
      for (int j = 0; j < hi->n; j++)
        if (hi->from[j] > from && hi->from[j] < until) at_month[n++] = hi->from[j];
      for (int j = 0; j < n; j++) {
        double min = sim_cal_steps_at(lo, at_month[j]), max = sim_cal_steps_at(hi, at_month[j]);
        if (r->value[k] < min - 1e-12 || r->value[k] > max + 1e-12) {
          char when[8], n3[32];
          sim_cal_format(at_month[j], when);
          sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "calendar.cde_rate");
          sim_errs_add(e, at.file, at.line, "calendar.cde_rate",
                       "%s is outside the legal range %s-%s in force in %s (expected a rate within "
                       "calendar.cde_rate_min/max: decret 2016-1027, decret 2021-863 art. 24; or "
                       "calendar.allow_extralegal_rates = true)",
                       num(n1, r->value[k]), num(n2, min), num(n3, max), when);
          break;
        }
      }
    }
  }
  const sim_cal_steps *ra = &s->retirement_age;
  (void)ra; /* The registry range [55, 70] already keeps retirement above 18 + entrant ages. */
  int horizon_ok = SCN_OK("start") && SCN_OK("months");
  int32_t end = s->start + (int32_t)s->months;
  double agents = 0;
  /* Duplicate names by sorting (n log n: scenarios may have thousands of territories); dup_of[k]
   * is the first earlier territory with the same name, or -1. */
  int *dup_of = find_duplicates(s);
  for (int k = 0; k < s->n_territories; k++) {
    const mdl_territory *t = &s->territories[k];
    const sim_param_origin *w = o->ter[k];
    char key[SIM_PARAM_STR_MAX + 64];
    sim_param_origin at;
    if (TER_OK("ppde_start") && TER_OK("unemployed_start") && TER_OK("population") &&
        t->ppde_start + t->unemployed_start > t->population) {
      at = where_of(o, &mdl_territory_params, w, "ppde_start");
      snprintf(key, sizeof key, "territories[%d].ppde_start", k + 1);
      sim_errs_add(e, at.file, at.line, key,
                   "%lld + unemployed_start %lld exceed population %lld (expected at most the population)",
                   (long long)t->ppde_start, (long long)t->unemployed_start, (long long)t->population);
    }
    if (TER_OK("capacity_start") && TER_OK("capacity_max") && t->capacity_start > t->capacity_max) {
      at = where_of(o, &mdl_territory_params, w, "capacity_start");
      snprintf(key, sizeof key, "territories[%d].capacity_start", k + 1);
      sim_errs_add(e, at.file, at.line, key, "%s is above capacity_max %s (expected start <= max)",
                   num(n1, t->capacity_start), num(n2, t->capacity_max));
    }
    if (horizon_ok && TER_OK("program_start") && TER_OK("program") && t->program &&
        (t->program_start < s->start || t->program_start >= end)) {
      char a[8], b[8], c[8];
      sim_cal_format(t->program_start, a);
      sim_cal_format(s->start, b);
      sim_cal_format(end - 1, c);
      at = where_of(o, &mdl_territory_params, w, "program_start");
      snprintf(key, sizeof key, "territories[%d].program_start", k + 1);
      sim_errs_add(e, at.file, at.line, key, "%s is outside the horizon (expected a date from %s to %s)", a, b, c);
    }
    int name_ok = 1;
    if (TER_OK("name")) {
      at = where_of(o, &mdl_territory_params, w, "name");
      snprintf(key, sizeof key, "territories[%d].name", k + 1);
      name_ok = !refuse_name(t->name, at, key, e);
    }
    for (int j = dup_of ? dup_of[k] : -1; j >= 0 && name_ok && TER_OK("name"); j = -1)
      if (s->territories[j].name[0]) {
        at = where_of(o, &mdl_territory_params, w, "name");
        snprintf(key, sizeof key, "territories[%d].name", k + 1);
        sim_errs_add(e, at.file, at.line, key, "\"%s\" is already the name of territory %d (expected unique names)",
                     t->name, j + 1);
      }
    if (TER_OK("name") && t->name[0] == '\0') {
      at = where_of(o, &mdl_territory_params, w, "name");
      snprintf(key, sizeof key, "territories[%d].name", k + 1);
      sim_errs_add(e, at.file, at.line, key, "is empty (expected a non-empty name)");
    }
    if (TER_OK("population")) agents += floor((double)t->population / s->scale + 0.5);
  }
  free(dup_of);
  if (SCN_OK("scale") && agents > 4.0e9) {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "scale");
    sim_errs_add(e, at.file, at.line, "scale", "%.0f agents in all (expected at most 4e9 agents: raise scale)", agents);
  }
  if (SCN_OK("name")) refuse_name(s->name, where_of(o, &mdl_scenario_params, o->scn, "name"), "name", e);
  if (SCN_OK("name") && s->name[0] == '\0') {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "name");
    sim_errs_add(e, at.file, at.line, "name", "is empty (expected a non-empty name)");
  }
}

/* Set a key of a template's fixed `territory` group (drawn keys are refused). Returns the index
 * of the parameter, or -1. */
static int set_fixed_key(tpl_in *ti, const char *tkey, const char *value, sim_param_origin at, const char *shown,
                         sim_errs *e) {
  const char *hint = mdl_tpl_hint_of(tkey);
  if (hint) {
    sim_errs_add(e, at.file, at.line, shown,
                 "is drawn by the template (expected %s, or a key the template does not draw)", hint);
    return -1;
  }
  return sim_params_set_text(&mdl_territory_params, &ti->fixed, tkey, value, at, shown, e);
}

/* Apply "territory_templates.N.KEY=VALUE" (or "territory_template.KEY=VALUE" when there is one
 * template); KEY is a template key, or "territory.KEY" for one of its fixed territory keys. */
static void apply_template_set(origins *o, const char *key, const char *value, sim_errs *e) {
  sim_param_origin at = {"--set", 0, 0};
  const char *rest;
  int index = 0;
  if (strncmp(key, "territory_templates.", 20) == 0) {
    const char *p = key + 20;
    char *end = NULL;
    long n = strtol(p, &end, 10);
    if (end == p || *end != '.' || n < 1 || p[0] == '+' || p[0] == '-') {
      sim_errs_add(e, at.file, 0, key, "malformed template override (expected territory_templates.N.key, N from 1)");
      return;
    }
    if (o->n_tpl == 0) {
      sim_errs_add(e, at.file, 0, key, "no template in the scenario (expected a scenario with territory_templates)");
      return;
    }
    if (n > o->n_tpl) {
      sim_errs_add(e, at.file, 0, key, "no template number %ld (expected N from 1 to %d)", n, o->n_tpl);
      return;
    }
    index = (int)n - 1;
    rest = end + 1;
  } else {
    if (o->n_tpl != 1) {
      sim_errs_add(e, at.file, 0, key, "%d templates in the scenario (expected territory_templates.N.key)", o->n_tpl);
      return;
    }
    rest = key + 19;
  }
  tpl_in *ti = &o->tpl[index];
  int idx;
  if (strncmp(rest, "territory.", 10) == 0) {
    idx = set_fixed_key(ti, rest + 10, value, at, key, e);
    if (idx >= 0) ti->fixed_where[idx] = at;
  } else {
    /* The template key, then the full key for messages. */
    // NOLINTNEXTLINE(readability-suspicious-call-argument)
    idx = sim_params_set_text(&mdl_template_params, &ti->t, rest, value, at, key, e);
    if (idx >= 0) ti->where[idx] = at;
  }
  if (idx < 0) ti->bad = 1;
}

/* Apply one "KEY=VALUE" override to the scenario, to templates or to territories. */
static void apply_set(mdl_scenario *s, origins *o, const char *arg, sim_errs *e) {
  const char *eq = strchr(arg, '=');
  sim_param_origin at = {"--set", 0, 0};
  if (!eq || eq == arg) {
    sim_errs_add(e, at.file, 0, arg, "malformed override (expected KEY=VALUE)");
    return;
  }
  /* A key is printed in messages: a control character in it would break the one-line rule. */
  for (const char *c = arg; c < eq; c++)
    if ((unsigned char)*c < 0x20 || *c == 0x7f) {
      sim_errs_add(e, at.file, 0, NULL,
                   "the key holds the control character 0x%02x at byte %d (expected KEY=VALUE, "
                   "a key listed by 'tzsim params')",
                   (unsigned char)*c, (int)(c - arg) + 1);
      return;
    }
  char key[512];
  size_t klen = (size_t)(eq - arg);
  if (klen >= sizeof key) klen = sizeof key - 1;
  memcpy(key, arg, klen);
  key[klen] = '\0';
  const char *value = eq + 1;
  if (strncmp(key, "territory_templates.", 20) == 0 || strncmp(key, "territory_template.", 19) == 0) {
    apply_template_set(o, key, value, e);
    return;
  }
  if (strncmp(key, "territories.", 12) == 0) {
    char *last = strrchr(key, '.');
    if (last == key + 11) {
      sim_errs_add(e, at.file, 0, key,
                   "malformed territory override (expected territories.NAME.key or territories.*.key)");
      return;
    }
    *last = '\0';
    const char *who = key + 12, *tkey = last + 1;
    int hit = 0;
    for (int k = 0; k < s->n_territories; k++) {
      if (strcmp(who, "*") != 0 && strcmp(who, s->territories[k].name) != 0) continue;
      hit = 1;
      char shown[600];
      snprintf(shown, sizeof shown, "%s.%s", key, tkey);
      int idx = sim_params_set_text(&mdl_territory_params, &s->territories[k], tkey, value, at, shown, e);
      if (idx < 0) return;
      o->ter[k][idx] = at;
    }
    if (!hit)
      sim_errs_add(e, at.file, 0, key, "no territory of that name (expected a name listed in territories, or *)");
    return;
  }
  int idx = sim_params_set_text(&mdl_scenario_params, s, key, value, at, NULL, e);
  if (idx >= 0) o->scn[idx] = at;
}

static const char *const handled_elsewhere[] =
    {"territories", "territory_defaults", "territory_templates", "territory_template", "base", "sweep", "calibrate",
     NULL};
/* In a base group: read with the top level's (territory_defaults) or instead of it (territories). */
static const char *const base_handled_elsewhere[] = {"territories", "territory_defaults", NULL};
static const char *const template_handled_elsewhere[] = {"territory", "names", "departments", NULL};

/* Where a setting was read: its file and line through the reader's line map. */
static sim_param_origin setting_at(const void *s, const char *file) { return sim_params_origin(s, file); }

/* A list (or array) of strings (non-empty unless allow_empty), e.g. the names of a template's
 * named territories. */
static int read_strings(const void *s, const char *file, const char *shown, int allow_empty,
                        char (**out)[SIM_PARAM_STR_MAX], int *n, sim_errs *e) {
  sim_param_origin at = setting_at(s, file);
  if (!sim_params_is_list(s) && !sim_params_is_array(s)) {
    sim_errs_add(e, at.file, at.line, shown, "wrong type, %s (expected a list of strings [\"...\", ...])",
                 sim_params_type_name(s));
    return -1;
  }
  int len = sim_params_length(s), bad = 0;
  *out = calloc(len > 0 ? (size_t)len : 1, sizeof **out);
  if (!*out) {
    sim_errs_add(e, at.file, at.line, shown, "out of memory");
    return -1;
  }
  *n = len;
  for (int i = 0; i < len; i++) {
    const void *el = sim_params_elem(s, i);
    const char *text = sim_params_string(el);
    if (!text) {
      sim_errs_add(e, at.file, at.line, shown, "element %d is %s (expected a list of strings [\"...\", ...])", i + 1,
                   sim_params_type_name(el));
      bad = 1;
    } else if ((text[0] == '\0' && !allow_empty) || strlen(text) >= SIM_PARAM_STR_MAX) {
      sim_errs_add(e, at.file, at.line, shown, "element %d has %zu bytes (expected a %sstring of at most %d bytes)",
                   i + 1, strlen(text), allow_empty ? "" : "non-empty ", SIM_PARAM_STR_MAX - 1);
      bad = 1;
    } else {
      memcpy((*out)[i], text, strlen(text) + 1);
    }
  }
  return bad ? -1 : 0;
}

/* Read one template group: its keys, its fixed `territory` keys (on top of territory_defaults),
 * its names and departments. Errors mark it bad, so nothing is drawn from it. */
static void read_template(const void *g, origins *o, const mdl_scenario *out, tpl_in *ti, sim_errs *e) {
  size_t before = e->count;
  ti->at = setting_at(g, o->file);
  sim_params_defaults(&mdl_template_params, &ti->t, e);
  ti->fixed = out->territory_defaults;
  memcpy(ti->fixed_where, o->tdef, sizeof o->tdef);
  if (!sim_params_is_group(g)) {
    char key[64];
    snprintf(key, sizeof key, "%.*s", (int)strlen(ti->path) - 1, ti->path);
    sim_errs_add(e, ti->at.file, ti->at.line, key, "wrong type, %s (expected a group { count = ...; ... })",
                 sim_params_type_name(g));
    ti->bad = 1;
    return;
  }
  sim_params_read_group(g, o->file, &mdl_template_params, &ti->t, ti->where, ti->path, template_handled_elsewhere, e);
  sim_params_check_required(&mdl_template_params, ti->where, ti->at, ti->path, e);
  char shown[128];
  const void *fixed = sim_params_member(g, "territory");
  if (fixed) {
    snprintf(shown, sizeof shown, "%sterritory", ti->path);
    if (!sim_params_is_group(fixed)) {
      sim_param_origin at = setting_at(fixed, o->file);
      sim_errs_add(e, at.file, at.line, shown, "wrong type, %s (expected a group { ... })",
                   sim_params_type_name(fixed));
    } else {
      sim_param_origin got[NTER];
      memset(got, 0, sizeof got);
      snprintf(shown, sizeof shown, "%sterritory.", ti->path);
      /* The keys the template draws cannot also be fixed: refused here, and skipped by the reader. */
      for (int i = 0; i < sim_params_length(fixed); i++) {
        const void *m = sim_params_elem(fixed, i);
        const char *hint = sim_params_name(m) ? mdl_tpl_hint_of(sim_params_name(m)) : NULL;
        if (!hint) continue;
        char k2[160];
        sim_param_origin at = setting_at(m, o->file);
        snprintf(k2, sizeof k2, "%s%s", shown, sim_params_name(m));
        sim_errs_add(e, at.file, at.line, k2,
                     "is drawn by the template (expected %s, or a key the template does not draw)", hint);
      }
      sim_params_read_group(fixed, o->file, &mdl_territory_params, &ti->fixed, got, shown, mdl_tpl_drawn_keys, e);
      for (size_t i = 0; i < mdl_territory_params.count; i++)
        if (got[i].file) ti->fixed_where[i] = got[i];
    }
  }
  const void *names = sim_params_member(g, "names");
  if (names) {
    snprintf(shown, sizeof shown, "%snames", ti->path);
    ti->names_at = setting_at(names, o->file);
    read_strings(names, o->file, shown, 0, &ti->names, &ti->n_names, e);
  }
  const void *depts = sim_params_member(g, "departments");
  if (depts) {
    int nd = 0;
    snprintf(shown, sizeof shown, "%sdepartments", ti->path);
    if (read_strings(depts, o->file, shown, 1, &ti->departments, &nd, e) == 0 && nd != ti->n_names) {
      sim_param_origin at = setting_at(depts, o->file);
      sim_errs_add(e, at.file, at.line, shown, "has %d elements for %d names (expected one department per name)", nd,
                   ti->n_names);
    }
  }
  if (e->count != before) ti->bad = 1;
}

/* Read `territory_templates` (a list of groups) or `territory_template` (one group). */
static sim_status read_templates(const void *root, origins *o, const mdl_scenario *out, sim_errs *e) {
  const void *one = sim_params_member(root, "territory_template");
  const void *list = sim_params_member(root, "territory_templates");
  if (one && list) {
    sim_param_origin at = setting_at(one, o->file);
    sim_errs_add(e, at.file, at.line, "territory_template", "given with territory_templates (expected one of them)");
    one = NULL;
  }
  if (list && !sim_params_is_list(list)) {
    sim_param_origin at = setting_at(list, o->file);
    sim_errs_add(e, at.file, at.line, "territory_templates",
                 "wrong type, %s (expected a list of template groups ( { count = ...; ... }, ... ))",
                 sim_params_type_name(list));
    return SIM_OK;
  }
  int n = one ? 1 : list ? sim_params_length(list) : 0;
  if (n == 0) return SIM_OK;
  o->tpl = calloc((size_t)n, sizeof *o->tpl);
  if (!o->tpl) return SIM_ENOMEM;
  o->n_tpl = n;
  o->single_tpl = one != NULL;
  for (int i = 0; i < n; i++) {
    tpl_in *ti = &o->tpl[i];
    if (one)
      snprintf(ti->path, sizeof ti->path, "territory_template.");
    else
      snprintf(ti->path, sizeof ti->path, "territory_templates[%d].", i + 1);
    read_template(one ? one : sim_params_elem(list, i), o, out, ti, e);
  }
  return SIM_OK;
}

static void free_templates(origins *o) {
  for (int i = 0; i < o->n_tpl; i++) {
    free(o->tpl[i].names);
    free(o->tpl[i].departments);
  }
  free(o->tpl);
  o->tpl = NULL;
  o->n_tpl = 0;
}

/* Check the templates, draw their territories and append them after the listed ones. A template
 * with an error draws nothing (its problems are already reported). */
static sim_status generate_templates(mdl_scenario *s, origins *o, sim_errs *e) {
  char n1[32], n2[32], n3[32];
  int horizon_ok = SCN_OK("start") && SCN_OK("months");
  int32_t end = s->start + (int32_t)s->months;
  int64_t extra = 0;
  for (int i = 0; i < o->n_tpl; i++) {
    tpl_in *ti = &o->tpl[i];
    size_t before = e->count;
    /* Checked even after reading errors, on the values that were read correctly. */
    mdl_tpl_check(&ti->t, ti->where, ti->at, ti->path, ti->n_names, horizon_ok, s->start, end, e);
    if (e->count != before) ti->bad = 1;
    if (!ti->bad) extra += ti->t.count;
  }
  if (extra == 0) return SIM_OK;
  int n0 = s->n_territories;
  /* A cap on the territories of a scenario (a whole country by department is about 100): a few
   * templates with large counts would otherwise take memory and time before any check. */
  if (n0 + extra > MDL_MAX_TERRITORIES) {
    sim_errs_add(e, o->tpl[0].at.file, o->tpl[0].at.line, "territory_templates",
                 "%lld territories in all (expected at most %d; merge small territories or raise scale)",
                 (long long)n0 + (long long)extra, MDL_MAX_TERRITORIES);
    return SIM_EPARAM;
  }
  mdl_territory *ter = realloc(s->territories, (size_t)(n0 + extra) * sizeof *ter);
  if (!ter) return SIM_ENOMEM;
  s->territories = ter;
  sim_param_origin(*w)[NTER] = realloc(o->ter, (size_t)(n0 + extra) * sizeof *w);
  if (!w) return SIM_ENOMEM;
  o->ter = w;
  int k = n0;
  for (int i = 0; i < o->n_tpl; i++) {
    tpl_in *ti = &o->tpl[i];
    if (ti->bad || ti->t.count == 0) continue;
    sim_status st = mdl_tpl_generate(&ti->t, &ti->fixed, (const char(*)[SIM_PARAM_STR_MAX])ti->names,
                                     (const char(*)[SIM_PARAM_STR_MAX])ti->departments, ti->n_names, (uint64_t)s->seed,
                                     (uint32_t)i, s->territories + k, NULL);
    if (st != SIM_OK) return st;
    const sim_param *pname = sim_params_find(&mdl_template_params, "name_prefix");
    sim_param_origin prefix_at = ti->where[pname - mdl_template_params.params];
    if (!prefix_at.file) prefix_at = ti->at;
    for (int64_t j = 0; j < ti->t.count; j++, k++) {
      memcpy(o->ter[k], ti->fixed_where, sizeof ti->fixed_where);
      for (const char *const *dk = mdl_tpl_drawn_keys; *dk; dk++) {
        const sim_param *p = sim_params_find(&mdl_territory_params, *dk);
        o->ter[k][p - mdl_territory_params.params] = ti->at;
      }
      const sim_param *pn = sim_params_find(&mdl_territory_params, "name");
      o->ter[k][pn - mdl_territory_params.params] = j < ti->n_names ? ti->names_at : prefix_at;
      /* Drawn values must be valid territory values too (e.g. capacity_max of a huge territory). */
      for (size_t q = 0; q < mdl_territory_params.count; q++) {
        const sim_param *p = &mdl_territory_params.params[q];
        double v;
        if (p->type == SIM_PT_REAL)
          v = *(const double *)(const void *)((const char *)&s->territories[k] + p->offset);
        else if (p->type == SIM_PT_INT)
          v = (double)*(const int64_t *)(const void *)((const char *)&s->territories[k] + p->offset);
        else
          continue;
        if (v >= p->lo && v <= p->hi) continue;
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)strlen(ti->path) - 1, ti->path);
        sim_errs_add(e, ti->at.file, ti->at.line, key,
                     "drawn territory \"%s\" has %s = %s (expected %s in [%s, %s]: narrow the template's ranges)",
                     s->territories[k].name, p->key, num_g(n1, v), p->type == SIM_PT_INT ? "an integer" : "a number",
                     num_g(n2, p->lo), num_g(n3, p->hi));
      }
    }
  }
  s->n_territories = k;
  return SIM_OK;
}

/* Append src's messages (all located at "--set") to dst in order, and empty src. */
static void move_errs(sim_errs *dst, sim_errs *src) {
  for (size_t i = 0; i < src->count; i++) {
    const char *m = src->msg[i], *f = src->file[i];
    char head[256];
    if (f && src->line[i] > 0)
      snprintf(head, sizeof head, "%s:%d: ", f, src->line[i]);
    else if (f)
      snprintf(head, sizeof head, "%s: ", f);
    else
      head[0] = '\0';
    size_t hn = strlen(head);
    if (strncmp(m, head, hn) == 0)
      sim_errs_add(dst, f, src->line[i], NULL, "%s", m + hn);
    else
      sim_errs_add(dst, NULL, 0, NULL, "%s", m);
  }
  sim_errs_destroy(src);
}

/* A territory_defaults group (tdef may be NULL: nothing to read); `key` names it in messages. */
static void read_territory_defaults(const void *tdef, const char *key, origins *o, mdl_scenario *out, sim_errs *e) {
  if (!tdef) return;
  if (!sim_params_is_group(tdef)) {
    sim_param_origin at = setting_at(tdef, o->file);
    sim_errs_add(e, at.file, at.line, key, "wrong type, %s (expected a group { ... })", sim_params_type_name(tdef));
    return;
  }
  char prefix[64];
  snprintf(prefix, sizeof prefix, "%s.", key);
  sim_params_read_group(tdef, o->file, &mdl_territory_params, &out->territory_defaults, o->tdef, prefix, NULL, e);
}

sim_status mdl_scenario_load(const char *path, const char *text, const char *display_name, const char *const *sets,
                             int nsets, mdl_scenario *out, sim_errs *e) {
  memset(out, 0, sizeof *out);
  if (mdl_scenario_params.count > NSCN || mdl_territory_params.count > NTER || mdl_template_params.count > NTPL) {
    sim_errs_add(e, NULL, 0, NULL, "internal: parameter registry larger than the loader's tables");
    return SIM_EPARAM;
  }
  origins *o = calloc(1, sizeof *o);
  if (!o) return SIM_ENOMEM;
  o->file = path ? path : display_name;
  size_t errs_before = e->count;
  sim_status st = SIM_OK;
  sim_errs *set_errs = NULL;

  sim_params_doc *doc = NULL;
  st = sim_params_doc_open(path, text, o->file, &doc, e);
  if (st != SIM_OK) {
    free(o);
    return st;
  }

  sim_params_defaults(&mdl_scenario_params, out, e);
  sim_params_defaults(&mdl_territory_params, &out->territory_defaults, e);
  const void *root = sim_params_doc_root(doc);
  /* A `base` group (typically `base: { @include "common.cfg" };`) is read first; the top-level keys
   * then override it key by key, which a second `calendar` group could not do (libconfig refuses a
   * group set twice). */
  const void *base = sim_params_member(root, "base");
  if (base) {
    if (!sim_params_is_group(base)) {
      sim_param_origin at = setting_at(base, o->file);
      sim_errs_add(e, at.file, at.line, "base", "wrong type, %s (expected a group { @include \"common.cfg\" })",
                   sim_params_type_name(base));
    } else {
      sim_params_read_group(base, o->file, &mdl_scenario_params, out, o->scn, "base.", base_handled_elsewhere, e);
    }
  }
  sim_params_read_group(root, o->file, &mdl_scenario_params, out, o->scn, "", handled_elsewhere, e);

  /* territory_defaults: the base's first, then the top level's, key by key (so a scenario can take
   * a shipped scenario's fitted EBE behaviour as its base and change one key). */
  if (base && sim_params_is_group(base))
    read_territory_defaults(sim_params_member(base, "territory_defaults"), "base.territory_defaults", o, out, e);
  read_territory_defaults(sim_params_member(root, "territory_defaults"), "territory_defaults", o, out, e);

  /* Templates are read first: with them the territories list may be left out. */
  if ((st = read_templates(root, o, out, e)) != SIM_OK) goto done;
  /* The top level's territories replace the base's; the base's are used when the top level has none. */
  const void *list = sim_params_member(root, "territories");
  if (!list && base && sim_params_is_group(base) && o->n_tpl == 0) list = sim_params_member(base, "territories");
  if (!list) {
    if (o->n_tpl == 0)
      sim_errs_add(e, o->file, 0, "territories",
                   "missing (expected a list of territory groups ( { name = ...; }, ... ))");
  } else if (!sim_params_is_list(list) || (sim_params_length(list) == 0 && o->n_tpl == 0)) {
    sim_param_origin lat = setting_at(list, o->file);
    char what[64];
    snprintf(what, sizeof what, "wrong type, %s", sim_params_type_name(list));
    sim_errs_add(e, lat.file, lat.line, "territories",
                 "%s (expected a non-empty list of territory groups ( { name = ...; }, ... ))",
                 sim_params_is_list(list) ? "is empty" : what);
  } else if (sim_params_length(list) > 0) {
    int n = sim_params_length(list);
    out->territories = calloc((size_t)n, sizeof *out->territories);
    o->ter = calloc((size_t)n, sizeof *o->ter);
    if (!out->territories || !o->ter) {
      st = SIM_ENOMEM;
      goto done;
    }
    out->n_territories = n;
    for (int k = 0; k < n; k++) {
      const void *g = sim_params_elem(list, k);
      char path_k[64];
      snprintf(path_k, sizeof path_k, "territories[%d].", k + 1);
      sim_param_origin gat = setting_at(g, o->file);
      out->territories[k] = out->territory_defaults;
      memcpy(o->ter[k], o->tdef, sizeof o->tdef);
      if (!sim_params_is_group(g)) {
        char key[64];
        snprintf(key, sizeof key, "territories[%d]", k + 1);
        sim_errs_add(e, gat.file, gat.line, key, "wrong type, %s (expected a group { name = ...; })",
                     sim_params_type_name(g));
        continue;
      }
      sim_params_read_group(g, o->file, &mdl_territory_params, &out->territories[k], o->ter[k], path_k, NULL, e);
      sim_params_check_required(&mdl_territory_params, o->ter[k], gat, path_k, e);
    }
  }
  sim_params_check_required(&mdl_scenario_params, o->scn, (sim_param_origin){o->file, 0, 0}, "", e);

  /* Overrides of scenario and template keys come before drawing (the seed and the templates decide
   * the drawn territories); overrides of territory keys after, so that "territories.*" and a drawn
   * territory's name reach them. Their messages keep the order of the command line. */
  if (nsets > 0) {
    set_errs = calloc((size_t)nsets, sizeof *set_errs);
    if (!set_errs) {
      st = SIM_ENOMEM;
      goto done;
    }
  }
  for (int i = 0; i < nsets; i++)
    if (strncmp(sets[i], "territories.", 12) != 0) apply_set(out, o, sets[i], &set_errs[i]);
  if ((st = generate_templates(out, o, e)) != SIM_OK) goto done;
  for (int i = 0; i < nsets; i++)
    if (strncmp(sets[i], "territories.", 12) == 0) apply_set(out, o, sets[i], &set_errs[i]);
  for (int i = 0; i < nsets; i++) move_errs(e, &set_errs[i]);
  if (out->n_territories == 0 && o->n_tpl > 0 && e->count == errs_before)
    sim_errs_add(e, o->file, 0, "territories",
                 "no territory listed and none drawn (expected a territories list or a template with count >= 1)");
  /* Cross-checks run even after other errors, on the values that were read correctly. */
  cross_check(out, o, e);

done:
  if (st != SIM_OK && st != SIM_EPARAM) {
    if (st == SIM_ENOMEM) sim_errs_add(e, o->file, 0, NULL, "out of memory while loading the scenario");
  }
  sim_errs_sort(e, errs_before);
  if (set_errs)
    for (int i = 0; i < nsets; i++) sim_errs_destroy(&set_errs[i]);
  free(set_errs);
  sim_params_doc_close(doc);
  free_templates(o);
  free(o->ter);
  free(o);
  if (st != SIM_OK || e->count != errs_before) {
    mdl_scenario_free(out);
    return st != SIM_OK ? st : SIM_EPARAM;
  }
  return SIM_OK;
}

void mdl_scenario_free(mdl_scenario *s) {
  free(s->territories);
  s->territories = NULL;
  s->n_territories = 0;
}

int mdl_scenario_write(FILE *f, const mdl_scenario *s) {
  fprintf(f, "// Fully resolved scenario: every parameter tzsim used, with the seed.\n");
  fprintf(f, "// Run it again with: tzsim run scenario.cfg\n\n");
  sim_params_write(f, &mdl_scenario_params, s, 0);
  fprintf(f, "\nterritories = (\n");
  for (int k = 0; k < s->n_territories; k++) {
    fprintf(f, "  {\n");
    sim_params_write(f, &mdl_territory_params, &s->territories[k], 4);
    fprintf(f, "  }%s\n", k + 1 < s->n_territories ? "," : "");
  }
  fprintf(f, ");\n");
  return ferror(f) ? -1 : 0;
}
