/* result.c: reading a run or a comparison folder for the figures and the report. */
#include "plots/result.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/output.h"

static void json_field(const char *json, const char *key, char *out, size_t n, const char *fallback) {
  if (!json || plt_json_scalar(json, key, 0, out, n) != 0) snprintf(out, n, "%s", fallback);
}

static sim_status index_groups(plt_run *r, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/monthly.csv", r->dir);
  const plt_table *t = &r->monthly;
  int ct = plt_table_col(t, "territory"), cd = plt_table_col(t, "date"), ca = plt_table_col(t, "arm");
  if (ct < 0 || cd < 0 || ca < 0 || t->nrows == 0) {
    sim_errs_add(e, path, 1, NULL, "not a tzsim monthly.csv (expected the columns territory, date, arm and rows)");
    return SIM_EPARAM;
  }
  int lo = -1, hi = -1;
  for (size_t i = 0; i < t->nrows; i++) {
    int m = plt_month(plt_table_get(t, i, cd));
    if (m < 0) {
      sim_errs_add(e, path, (int)i + 2, "date", "'%s' is not a month (expected YYYY-MM)", plt_table_get(t, i, cd));
      return SIM_EPARAM;
    }
    if (lo < 0 || m < lo) lo = m;
    if (m > hi) hi = m;
  }
  r->n_months = hi - lo + 1;
  r->dates = calloc((size_t)r->n_months, sizeof *r->dates);
  r->groups = calloc(t->nrows, sizeof *r->groups);
  if (!r->dates || !r->groups) goto nomem;
  for (int k = 0; k < r->n_months; k++) {
    unsigned m = (unsigned)(lo + k);
    snprintf(r->dates[k], sizeof r->dates[k], "%04u-%02u", m / 12u % 10000u, m % 12u + 1u);
  }
  size_t cells = (size_t)r->n_months * 2;
  int last = -1;
  for (size_t i = 0; i < t->nrows; i++) {
    const char *name = plt_table_get(t, i, ct);
    int g = last >= 0 && strcmp(r->groups[last].name, name) == 0 ? last : -1;
    for (int k = 0; g < 0 && k < r->n_groups; k++)
      if (strcmp(r->groups[k].name, name) == 0) g = k;
    if (g < 0) {
      g = r->n_groups++;
      plt_group *x = &r->groups[g];
      x->name = name;
      x->is_total = strcmp(name, "total") == 0;
      x->program_start = -1;
      if (!(x->rows = malloc(cells * sizeof *x->rows))) goto nomem;
      for (size_t c = 0; c < cells; c++) x->rows[c] = SIZE_MAX;
    }
    last = g;
    const char *arm = plt_table_get(t, i, ca);
    int a = strcmp(arm, "program") == 0 ? PLT_PROGRAM : strcmp(arm, "counterfactual") == 0 ? PLT_COUNTERFACTUAL : -1;
    if (a < 0) continue;
    int m = plt_month(plt_table_get(t, i, cd)) - lo;
    r->groups[g].rows[(size_t)m * 2 + (size_t)a] = i;
  }
  /* The total last, whatever its place in the file. */
  for (int g = 0; g + 1 < r->n_groups; g++)
    if (r->groups[g].is_total) {
      plt_group tot = r->groups[g];
      memmove(&r->groups[g], &r->groups[g + 1], (size_t)(r->n_groups - g - 1) * sizeof *r->groups);
      r->groups[r->n_groups - 1] = tot;
      break;
    }
  /* File names: safe, and distinct even where two names differ only by accents or punctuation. */
  for (int g = 0; g < r->n_groups; g++) {
    plt_group *x = &r->groups[g];
    char base[140];
    sim_safe_name(x->name, base, sizeof base);
    snprintf(x->safe, sizeof x->safe, "%s", base);
    for (int n = 2;; n++) {
      int clash = 0;
      for (int k = 0; k < g && !clash; k++) clash = strcasecmp(r->groups[k].safe, x->safe) == 0;
      if (!clash) break;
      snprintf(x->safe, sizeof x->safe, "%s-%d", base, n);
    }
  }
  int cap = plt_table_col(t, "capacity_fte");
  for (int g = 0; g < r->n_groups && cap >= 0; g++)
    for (int m = 0; m < r->n_months; m++) {
      size_t row = r->groups[g].rows[(size_t)m * 2 + PLT_PROGRAM];
      if (row != SIZE_MAX && plt_table_num(t, row, cap) > 0) {
        r->groups[g].program_start = m;
        break;
      }
    }
  return SIM_OK;
nomem:
  sim_errs_add(e, path, 0, NULL, "out of memory while reading it");
  return SIM_ENOMEM;
}

sim_status plt_run_load(const char *dir, plt_run *r, sim_errs *e) {
  memset(r, 0, sizeof *r);
  snprintf(r->dir, sizeof r->dir, "%s", dir);
  char path[4200];
  snprintf(path, sizeof path, "%s/monthly.csv", dir);
  sim_status st = plt_table_read(path, &r->monthly, e);
  if (st != SIM_OK) return st;
  snprintf(path, sizeof path, "%s/summary.csv", dir);
  if ((st = plt_table_read(path, &r->summary, e)) != SIM_OK) return st;
  snprintf(path, sizeof path, "%s/run.json", dir);
  r->run_json = plt_slurp(path, NULL);
  if ((st = index_groups(r, e)) != SIM_OK) return st;
  r->ci = r->monthly.ncols > 3 && plt_table_col(&r->monthly, "ppde_lo") >= 0;
  const char *slash = strrchr(dir, '/');
  json_field(r->run_json, "scenario", r->scenario, sizeof r->scenario, slash && slash[1] ? slash + 1 : dir);
  json_field(r->run_json, "version", r->version, sizeof r->version, "unknown");
  json_field(r->run_json, "git_revision", r->git, sizeof r->git, "unknown");
  json_field(r->run_json, "seed", r->seed, sizeof r->seed, "unknown");
  json_field(r->run_json, "scenario_file", r->scenario_file, sizeof r->scenario_file, "unknown");
  json_field(r->run_json, "finished_utc", r->finished, sizeof r->finished, "unknown");
  char reps[32];
  json_field(r->run_json, "replications", reps, sizeof reps, "");
  r->replications = strtol(reps, NULL, 10);
  if (r->replications <= 0) { /* no manifest: the largest n of summary.csv */
    int cn = plt_table_col(&r->summary, "n");
    for (size_t i = 0; i < r->summary.nrows; i++) {
      long n = strtol(plt_table_get(&r->summary, i, cn), NULL, 10);
      if (n > r->replications) r->replications = n;
    }
  }
  return SIM_OK;
}

void plt_run_free(plt_run *r) {
  for (int g = 0; g < r->n_groups; g++) free(r->groups[g].rows);
  free(r->groups);
  free(r->dates);
  free(r->run_json);
  plt_table_free(&r->monthly);
  plt_table_free(&r->summary);
  memset(r, 0, sizeof *r);
}

double plt_run_value(const plt_run *r, int g, int m, int arm, const char *metric, int which) {
  if (g < 0 || g >= r->n_groups || m < 0 || m >= r->n_months) return (double)NAN;
  size_t row = r->groups[g].rows[(size_t)m * 2 + (size_t)arm];
  if (row == SIZE_MAX) return (double)NAN;
  char name[160];
  snprintf(name, sizeof name, "%s%s", metric, which < 0 ? "_lo" : which > 0 ? "_hi" : "");
  int col = plt_table_col(&r->monthly, name);
  if (col < 0 && which != 0) col = plt_table_col(&r->monthly, metric); /* one replication */
  return plt_table_num(&r->monthly, row, col);
}

static void fill_ci(const plt_table *t, size_t i, plt_ci *out) {
  out->mean = plt_table_num(t, i, plt_table_col(t, "mean"));
  out->lo = plt_table_num(t, i, plt_table_col(t, "lo"));
  out->hi = plt_table_num(t, i, plt_table_col(t, "hi"));
  out->n = strtol(plt_table_get(t, i, plt_table_col(t, "n")), NULL, 10);
  out->unit = plt_table_get(t, i, plt_table_col(t, "unit"));
  if (isnan(out->lo)) out->lo = out->mean;
  if (isnan(out->hi)) out->hi = out->mean;
}

int plt_summary(const plt_run *r, const char *group, const char *figure, plt_ci *out) {
  const plt_table *t = &r->summary;
  int ct = plt_table_col(t, "territory"), cf = plt_table_col(t, "figure");
  for (size_t i = 0; i < t->nrows; i++)
    if (strcmp(plt_table_get(t, i, ct), group) == 0 && strcmp(plt_table_get(t, i, cf), figure) == 0) {
      fill_ci(t, i, out);
      return 0;
    }
  out->mean = out->lo = out->hi = (double)NAN;
  out->n = 0;
  out->unit = "";
  return -1;
}

/* ---- comparisons ---- */

sim_status plt_compare_load(const char *dir, plt_compare *c, sim_errs *e) {
  memset(c, 0, sizeof *c);
  snprintf(c->dir, sizeof c->dir, "%s", dir);
  char path[4200];
  snprintf(path, sizeof path, "%s/compare.csv", dir);
  sim_status st = plt_table_read(path, &c->compare, e);
  if (st != SIM_OK) return st;
  snprintf(path, sizeof path, "%s/compare.json", dir);
  if (!(c->compare_json = plt_slurp(path, NULL))) {
    sim_errs_add(e, path, 0, NULL, "cannot read it (expected the manifest of a tzsim compare folder)");
    return SIM_EIO;
  }
  char tmp[512];
  while (plt_json_scalar(c->compare_json, "folder", c->n, tmp, sizeof tmp) == 0) c->n++;
  if (c->n == 0) {
    sim_errs_add(e, path, 0, "scenarios", "no scenario listed (expected the compare.json tzsim writes)");
    return SIM_EPARAM;
  }
  if (!(c->s = calloc((size_t)c->n, sizeof *c->s))) {
    sim_errs_add(e, path, 0, NULL, "out of memory while reading it");
    return SIM_ENOMEM;
  }
  json_field(c->compare_json, "seed", c->seed, sizeof c->seed, "unknown");
  json_field(c->compare_json, "replications", c->replications, sizeof c->replications, "unknown");
  for (int j = 0; j < c->n; j++) {
    plt_scenario *s = &c->s[j];
    plt_json_scalar(c->compare_json, "folder", j, s->folder, sizeof s->folder);
    if (plt_json_scalar(c->compare_json, "label", j, s->label, sizeof s->label) != 0)
      snprintf(s->label, sizeof s->label, "%s", s->folder);
    if (strstr(s->folder, "..") || s->folder[0] == '/') {
      sim_errs_add(e, path, 0, "folder", "'%s' is outside the comparison (expected scenarios/N-name)", s->folder);
      return SIM_EPARAM;
    }
    char sub[4700];
    snprintf(sub, sizeof sub, "%s/%s", dir, s->folder);
    if ((st = plt_run_load(sub, &s->run, e)) != SIM_OK) return st;
  }
  return SIM_OK;
}

void plt_compare_free(plt_compare *c) {
  for (int j = 0; j < c->n && c->s; j++) plt_run_free(&c->s[j].run);
  free(c->s);
  free(c->compare_json);
  plt_table_free(&c->compare);
  memset(c, 0, sizeof *c);
}

/* The k-th row of compare.csv of kind for group and figure, in file order. */
static int compare_row(const plt_compare *c, const char *group, const char *figure, const char *kind, int k, plt_ci *out) {
  const plt_table *t = &c->compare;
  int ct = plt_table_col(t, "territory"), cf = plt_table_col(t, "figure"), ck = plt_table_col(t, "kind");
  for (size_t i = 0; i < t->nrows; i++)
    if (strcmp(plt_table_get(t, i, ct), group) == 0 && strcmp(plt_table_get(t, i, cf), figure) == 0 &&
        strcmp(plt_table_get(t, i, ck), kind) == 0 && k-- == 0) {
      fill_ci(t, i, out);
      return 0;
    }
  out->mean = out->lo = out->hi = (double)NAN;
  out->n = 0;
  out->unit = "";
  return -1;
}

int plt_compare_value(const plt_compare *c, const char *group, const char *figure, int j, plt_ci *out) {
  return compare_row(c, group ? group : "total", figure, "value", j, out);
}

int plt_compare_diff(const plt_compare *c, const char *group, const char *figure, int j, plt_ci *out) {
  return compare_row(c, group ? group : "total", figure, "difference", j - 1, out);
}

const char *plt_figure_label(const char *figure) {
  static const struct { const char *key, *label; } names[] = {
      {"ebe_headcount", "EBE employees at the horizon"},
      {"ebe_fte", "EBE FTE at the horizon"},
      {"ppde_program", "PPDE at the horizon, with the program"},
      {"ppde_counterfactual", "PPDE at the horizon, without the program"},
      {"ppde_reduction", "PPDE out of long-term unemployment because of the program"},
      {"public_funding_eur", "public funding of the EBE, whole horizon"},
      {"funding_per_fte_year_eur", "public funding per FTE-year"},
      {"avoided_gross_eur", "avoided cost, gross"},
      {"avoided_net_eur", "avoided cost, net of the counterfactual"},
      {"net_cost_per_fte_year_gross_eur", "funding minus gross avoided cost per FTE-year (not the net cost)"},
      {"net_cost_per_fte_year_net_eur", "net cost per FTE-year (sum over payers)"},
      {"avoided_to_funding_ratio_net", "net avoided cost / funding"},
      {"avoided_to_funding_ratio_gross", "gross avoided cost / funding"},
      {"months_to_empty_queue", "months until the queue first empties"},
      {"queue_emptied_share", "share of replications where the queue empties"},
      {"fte_years", "EBE FTE-years"},
      {"hires", "EBE hires"},
      {"ebe_costs_eur", "EBE costs"},
      {"ebe_revenue_eur", "EBE revenue"},
      {"ebe_deficit_eur", "EBE deficit"},
      {"funding_minus_avoided_gross_eur", "funding minus gross avoided cost"},
      {"funding_minus_avoided_net_eur", "funding minus net avoided cost"},
      {"ppde_counterfactual_start", "PPDE at the start, without the program"},
      {"ppde_counterfactual_change", "change of PPDE without the program"},
      {"ppde_drift_counterfactual", "relative drift of PPDE without the program"},
      {"net_cost_state_eur", "net cost to the State"},
      {"net_cost_department_eur", "net cost to the Département"},
      {"net_cost_unemployment_insurance_eur", "net cost to unemployment insurance"},
      {"net_cost_family_fund_eur", "net cost to the family-benefit fund"},
      {"net_cost_social_security_eur", "net cost to social security"},
      {"net_cost_local_authorities_eur", "net cost to local authorities"},
      {"net_cost_eur", "net cost, sum over payers, whole horizon"},
      {"net_cost_per_person_out_eur", "net cost per person out of long-term unemployment"},
      {"ebe_person_years", "EBE person-years"},
      {"premise_gross_eur", "promoters' premise, gross"},
      {"premise_net_eur", "promoters' premise, net of the counterfactual"},
      {"premise_gross_per_person_year_eur", "premise, gross, per person-year"},
      {"premise_gross_per_fte_year_eur", "premise, gross, per FTE-year"},
      {"premise_net_per_person_year_eur", "premise, net, per person-year"},
      {"premise_net_per_fte_year_eur", "premise, net, per FTE-year"},
      {"avoided_gross_per_person_year_eur", "measured avoided cost, gross, per person-year"},
      {"avoided_gross_per_fte_year_eur", "measured avoided cost, gross, per FTE-year"},
      {"avoided_net_per_person_year_eur", "measured avoided cost, net, per person-year"},
      {"avoided_net_per_fte_year_eur", "measured avoided cost, net, per FTE-year"},
      {"net_cost_premise_eur", "net cost if the premise were true"},
      {"net_cost_per_fte_year_premise_eur", "net cost per FTE-year if the premise were true"},
      {"avoided_net_are_eur", "avoided ARE, net"},
      {"avoided_net_ass_eur", "avoided ASS, net"},
      {"avoided_net_rsa_eur", "avoided RSA, net"},
      {"avoided_net_housing_eur", "avoided housing aid, net"},
      {"avoided_net_contributions_eur", "contributions on EBE wages, net"},
      {"avoided_net_induced_eur", "avoided induced costs and services, net"},
      {"avoided_net_activity_bonus_eur", "activity bonus saved, net (negative: paid)"},
      {"deficit_cover_eur", "EBE deficit covered"},
      {"startup_grant_eur", "start-up grants"},
      {"loans_eur", "participatory loans (not a public cost)"},
      {"substitution_eur", "cost of displaced local jobs"},
      {"local_dynamics_eur", "saved by exits to work outside the EBE"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(names[i].key, figure) == 0) return names[i].label;
  return "";
}
