/* scenario.c: loading, overriding and cross-checking a TZCLD scenario. */
#include "models/scenario.h"

#include <libconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NSCN 128 /* capacity of the origin tables; checked against the registry sizes */
#define NTER 64

/* Where each value came from: the scenario's parameters, and per territory. */
typedef struct {
  sim_param_origin scn[NSCN];
  sim_param_origin tdef[NTER];
  sim_param_origin (*ter)[NTER];
  sim_param_origin territories_at;
  const char *file;
} origins;

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

static void cross_check(const mdl_scenario *s, const origins *o, sim_errs *e) {
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
                 "%g + labour.are_exhaust_to_ass %g exceeds 1 (expected shares summing to at most 1)",
                 s->are_exhaust_to_rsa, s->are_exhaust_to_ass);
  }
  if (SCN_OK("money.avoided_cost_min_eur") && SCN_OK("money.avoided_cost_max_eur") && s->cost_min > s->cost_max) {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "money.avoided_cost_min_eur");
    sim_errs_add(e, at.file, at.line, "money.avoided_cost_min_eur",
                 "%g is above money.avoided_cost_max_eur %g (expected min <= max)", s->cost_min, s->cost_max);
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
  const sim_cal_steps *ra = &s->retirement_age;
  (void)ra; /* The registry range [55, 70] already keeps retirement above 18 + entrant ages. */
  int horizon_ok = SCN_OK("start") && SCN_OK("months");
  int32_t end = s->start + (int32_t)s->months;
  double agents = 0;
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
      sim_errs_add(e, at.file, at.line, key, "%g is above capacity_max %g (expected start <= max)",
                   t->capacity_start, t->capacity_max);
    }
    if (horizon_ok && TER_OK("program_start") && TER_OK("program") && t->program &&
        (t->program_start < s->start || t->program_start >= end)) {
      char a[8], b[8], c[8];
      sim_cal_format(t->program_start, a);
      sim_cal_format(s->start, b);
      sim_cal_format(end - 1, c);
      at = where_of(o, &mdl_territory_params, w, "program_start");
      snprintf(key, sizeof key, "territories[%d].program_start", k + 1);
      sim_errs_add(e, at.file, at.line, key, "%s is outside the horizon (expected a date from %s to %s)", a,
                   b, c);
    }
    for (int j = 0; j < k && TER_OK("name"); j++)
      if (s->territories[j].name[0] && strcmp(s->territories[j].name, t->name) == 0) {
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
  if (SCN_OK("scale") && agents > 4.0e9) {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "scale");
    sim_errs_add(e, at.file, at.line, "scale",
                 "%.0f agents in all (expected at most 4e9 agents: raise scale)", agents);
  }
  if (SCN_OK("name") && s->name[0] == '\0') {
    sim_param_origin at = where_of(o, &mdl_scenario_params, o->scn, "name");
    sim_errs_add(e, at.file, at.line, "name", "is empty (expected a non-empty name)");
  }
}

/* Apply one "KEY=VALUE" override to the scenario or to territories. */
static void apply_set(mdl_scenario *s, origins *o, const char *arg, sim_errs *e) {
  const char *eq = strchr(arg, '=');
  sim_param_origin at = {"--set", 0, 0};
  if (!eq || eq == arg) {
    sim_errs_add(e, at.file, 0, arg, "malformed override (expected KEY=VALUE)");
    return;
  }
  char key[512];
  size_t klen = (size_t)(eq - arg);
  if (klen >= sizeof key) klen = sizeof key - 1;
  memcpy(key, arg, klen);
  key[klen] = '\0';
  const char *value = eq + 1;
  if (strncmp(key, "territories.", 12) == 0) {
    char *last = strrchr(key, '.');
    if (last == key + 11) {
      sim_errs_add(e, at.file, 0, key, "malformed territory override (expected territories.NAME.key or territories.*.key)");
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
    if (!hit) sim_errs_add(e, at.file, 0, key, "no territory of that name (expected a name listed in territories, or *)");
    return;
  }
  int idx = sim_params_set_text(&mdl_scenario_params, s, key, value, at, NULL, e);
  if (idx >= 0) o->scn[idx] = at;
}

static const char *setting_type_name(const config_setting_t *s) {
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_GROUP: return "a group";
  case CONFIG_TYPE_INT: case CONFIG_TYPE_INT64: return "an integer";
  case CONFIG_TYPE_FLOAT: return "a number";
  case CONFIG_TYPE_STRING: return "a string";
  case CONFIG_TYPE_BOOL: return "a boolean";
  case CONFIG_TYPE_ARRAY: return "an array";
  case CONFIG_TYPE_LIST: return "a list";
  default: return "nothing";
  }
}

/* The file name of an @include on a given line of a file, for a clear message. */
static int include_name(const char *file, int line, char *out, size_t n) {
  FILE *f = file ? fopen(file, "r") : NULL;
  if (!f) return 0;
  char buf[4096];
  int at = 0, found = 0;
  while (fgets(buf, sizeof buf, f))
    if (++at == line) {
      const char *q = strstr(buf, "@include");
      const char *a = q ? strchr(q, '"') : NULL;
      const char *b = a ? strchr(a + 1, '"') : NULL;
      if (b && (size_t)(b - a - 1) < n) {
        snprintf(out, n, "%.*s", (int)(b - a - 1), a + 1);
        found = 1;
      }
      break;
    }
  fclose(f);
  return found;
}

static const char *const handled_elsewhere[] = {"territories", "territory_defaults", NULL};

sim_status mdl_scenario_load(const char *path, const char *text, const char *display_name,
                             const char *const *sets, int nsets, mdl_scenario *out, sim_errs *e) {
  memset(out, 0, sizeof *out);
  if (mdl_scenario_params.count > NSCN || mdl_territory_params.count > NTER) {
    sim_errs_add(e, NULL, 0, NULL, "internal: parameter registry larger than the loader's tables");
    return SIM_EPARAM;
  }
  origins *o = calloc(1, sizeof *o);
  if (!o) return SIM_ENOMEM;
  o->file = path ? path : display_name;
  size_t errs_before = e->count;

  config_t cfg;
  config_init(&cfg);
  int ok;
  if (path) {
    /* @include names are relative to the scenario's own folder, wherever tzsim runs from. */
    char *dir = malloc(strlen(path) + 2);
    if (!dir) {
      free(o);
      config_destroy(&cfg);
      return SIM_ENOMEM;
    }
    strcpy(dir, path);
    char *slash = strrchr(dir, '/');
    if (slash)
      *slash = '\0';
    else
      strcpy(dir, ".");
    config_set_include_dir(&cfg, dir);
    free(dir);
    ok = config_read_file(&cfg, path);
  } else {
    ok = config_read_string(&cfg, text);
  }
  if (ok != CONFIG_TRUE) {
    const char *efile = config_error_file(&cfg) ? config_error_file(&cfg) : o->file;
    const char *etext = config_error_text(&cfg);
    char name[256];
    if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
      sim_errs_add(e, efile, 0, NULL, "cannot read the file (expected a readable libconfig scenario file)");
    else if (strstr(etext, "include") && include_name(efile, config_error_line(&cfg), name, sizeof name)) {
      const char *slash = strrchr(efile, '/');
      sim_errs_add(e, efile, config_error_line(&cfg), NULL,
                   "@include \"%s\": cannot open %.*s%s (expected a readable file, named relative to the scenario's folder)",
                   name, slash ? (int)(slash - efile + 1) : 0, efile, name);
    }
    else if (strcmp(etext, "duplicate setting name") == 0)
      sim_errs_add(e, efile, config_error_line(&cfg), NULL, "a key is set twice in the same group (expected each key once)");
    else if (strcmp(etext, "syntax error") == 0)
      sim_errs_add(e, efile, config_error_line(&cfg), NULL, "syntax error (expected libconfig syntax: key = value;)");
    else
      sim_errs_add(e, efile, config_error_line(&cfg), NULL, "%s (expected libconfig syntax: key = value;)", etext);
    config_destroy(&cfg);
    free(o);
    return SIM_EPARAM;
  }

  sim_params_defaults(&mdl_scenario_params, out, e);
  sim_params_defaults(&mdl_territory_params, &out->territory_defaults, e);
  const config_setting_t *root = config_root_setting(&cfg);
  sim_params_read_group(root, o->file, &mdl_scenario_params, out, o->scn, "", handled_elsewhere, e);

  const config_setting_t *tdef = config_setting_get_member(root, "territory_defaults");
  if (tdef) {
    if (config_setting_type(tdef) != CONFIG_TYPE_GROUP)
      sim_errs_add(e, config_setting_source_file(tdef) ? config_setting_source_file(tdef) : o->file,
                   (int)config_setting_source_line(tdef), "territory_defaults", "wrong type, %s (expected a group { ... })",
                   setting_type_name(tdef));
    else
      sim_params_read_group(tdef, o->file, &mdl_territory_params, &out->territory_defaults, o->tdef,
                            "territory_defaults.", NULL, e);
  }

  const config_setting_t *list = config_setting_get_member(root, "territories");
  if (!list) {
    sim_errs_add(e, o->file, 0, "territories", "missing (expected a list of territory groups ( { name = ...; }, ... ))");
  } else if (config_setting_type(list) != CONFIG_TYPE_LIST || config_setting_length(list) == 0) {
    const char *f = config_setting_source_file(list) ? config_setting_source_file(list) : o->file;
    char what[64];
    snprintf(what, sizeof what, "wrong type, %s", setting_type_name(list));
    sim_errs_add(e, f, (int)config_setting_source_line(list), "territories",
                 "%s (expected a non-empty list of territory groups ( { name = ...; }, ... ))",
                 config_setting_type(list) == CONFIG_TYPE_LIST ? "is empty" : what);
  } else {
    int n = config_setting_length(list);
    out->territories = calloc((size_t)n, sizeof *out->territories);
    o->ter = calloc((size_t)n, sizeof *o->ter);
    if (!out->territories || !o->ter) {
      free(out->territories);
      free(o->ter);
      free(o);
      config_destroy(&cfg);
      out->territories = NULL;
      return SIM_ENOMEM;
    }
    out->n_territories = n;
    for (int k = 0; k < n; k++) {
      const config_setting_t *g = config_setting_get_elem(list, (unsigned)k);
      char path_k[64];
      snprintf(path_k, sizeof path_k, "territories[%d].", k + 1);
      sim_param_origin gat = {config_setting_source_file(g) ? config_setting_source_file(g) : o->file,
                              (int)config_setting_source_line(g), 0};
      out->territories[k] = out->territory_defaults;
      memcpy(o->ter[k], o->tdef, sizeof o->tdef);
      if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
        char key[64];
        snprintf(key, sizeof key, "territories[%d]", k + 1);
        sim_errs_add(e, gat.file, gat.line, key, "wrong type, %s (expected a group { name = ...; })",
                     setting_type_name(g));
        continue;
      }
      sim_params_read_group(g, o->file, &mdl_territory_params, &out->territories[k], o->ter[k], path_k, NULL, e);
      sim_params_check_required(&mdl_territory_params, o->ter[k], gat, path_k, e);
    }
  }
  sim_params_check_required(&mdl_scenario_params, o->scn, (sim_param_origin){o->file, 0, 0}, "", e);

  for (int i = 0; i < nsets; i++) apply_set(out, o, sets[i], e);
  /* Cross-checks run even after other errors, on the values that were read correctly. */
  cross_check(out, o, e);
  sim_errs_sort(e, errs_before);

  config_destroy(&cfg);
  free(o->ter);
  free(o);
  if (e->count != errs_before) {
    mdl_scenario_free(out);
    return SIM_EPARAM;
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
