/* SPDX-License-Identifier: GPL-3.0-or-later */
/* i18n.c: the language of the output and number formats per language. Formatting never depends on
 * the process locale (tzsim keeps the C locale): the separators are written here. */
#include "plots/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/result.h"

#define NNBSP "\xE2\x80\xAF" /* U+202F narrow no-break space: the French thousands separator */
#define NBSP "\xC2\xA0"      /* U+00A0 no-break space: between a number and its unit */

int plt_lang_parse(const char *text, plt_lang *out) {
  if (!text) return -1;
  if (strncmp(text, "fr", 2) == 0 && (text[2] == '\0' || text[2] == '_' || text[2] == '-' || text[2] == '.')) {
    *out = PLT_LANG_FR;
    return 0;
  }
  if (strncmp(text, "en", 2) == 0 && (text[2] == '\0' || text[2] == '_' || text[2] == '-' || text[2] == '.')) {
    *out = PLT_LANG_EN;
    return 0;
  }
  return -1;
}

plt_lang plt_lang_env(void) {
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]); // NOLINT(concurrency-mt-unsafe): read once, before any thread starts
    if (v && *v) return strncmp(v, "fr", 2) == 0 ? PLT_LANG_FR : PLT_LANG_EN;
  }
  return PLT_LANG_EN;
}

plt_lang plt_lang_choose(const char *option) {
  plt_lang l;
  if (option && plt_lang_parse(option, &l) == 0) return l;
  return plt_lang_env();
}

const char *plt_lang_code(plt_lang l) { return l == PLT_LANG_FR ? "fr" : "en"; }

const char *plt_tr(plt_lang l, const char *en, const char *fr) { return l == PLT_LANG_FR ? fr : en; }

void plt_fmt_number(plt_lang l, char *buf, size_t n, double v, int dec) {
  if (n == 0) return;
  if (!isfinite(v)) {
    snprintf(buf, n, "–");
    return;
  }
  if (dec < 0) dec = 0;
  if (dec > 9) dec = 9;
  char raw[400];
  snprintf(raw, sizeof raw, "%.*f", dec, fabs(v));
  int zero = strspn(raw, "0.") == strlen(raw); /* no "-0" */
  const char *dot = strchr(raw, '.');
  size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
  const char *group = l == PLT_LANG_FR ? NNBSP : ",";
  char out[800];
  size_t k = 0;
  if (v < 0 && !zero) out[k++] = '-';
  for (size_t i = 0; i < intlen; i++) {
    out[k++] = raw[i];
    size_t left = intlen - i - 1;
    if (left > 0 && left % 3 == 0) {
      memcpy(out + k, group, strlen(group));
      k += strlen(group);
    }
  }
  if (dot) {
    out[k++] = l == PLT_LANG_FR ? ',' : '.';
    for (const char *d = dot + 1; *d; d++) out[k++] = *d;
  }
  out[k] = '\0';
  snprintf(buf, n, "%s", out);
}

void plt_fmt_count(plt_lang l, char *buf, size_t n, double v) {
  plt_fmt_number(l, buf, n, isfinite(v) ? round(v) : v, 0);
}

/* A number then its unit, with a no-break space between. */
static void with_unit(plt_lang l, char *buf, size_t n, double v, int dec, const char *unit) {
  char num[400];
  plt_fmt_number(l, num, sizeof num, v, dec);
  if (!isfinite(v))
    snprintf(buf, n, "%s", num);
  else
    snprintf(buf, n, "%s" NBSP "%s", num, unit);
}

void plt_fmt_eur(plt_lang l, char *buf, size_t n, double v) { with_unit(l, buf, n, v, 0, "€"); }

void plt_fmt_meur(plt_lang l, char *buf, size_t n, double v) { with_unit(l, buf, n, v / 1e6, 1, "M€"); }

void plt_fmt_money(plt_lang l, char *buf, size_t n, double v) {
  if (isfinite(v) && fabs(v) >= 1e6)
    plt_fmt_meur(l, buf, n, v);
  else
    plt_fmt_eur(l, buf, n, v);
}

void plt_fmt_share(plt_lang l, char *buf, size_t n, double v) { with_unit(l, buf, n, v * 100.0, 1, "%"); }

const char *plt_figure_label_lang(plt_lang l, const char *figure) {
  static const struct {
    const char *key, *fr;
  } fr[] = {
      {"ebe_headcount", "salariés de l'EBE à l'horizon"},
      {"ebe_fte", "ETP de l'EBE à l'horizon"},
      {"ppde_program", "PPDE à l'horizon, avec le programme"},
      {"ppde_counterfactual", "PPDE à l'horizon, sans le programme"},
      {"ppde_reduction", "PPDE sortis du chômage de longue durée grâce au programme"},
      {"public_funding_eur", "financement public de l'EBE, tout l'horizon"},
      {"funding_per_fte_year_eur", "financement public par année-ETP"},
      {"avoided_gross_eur", "coût évité, brut"},
      {"avoided_net_eur", "coût évité, net du contrefactuel"},
      {"net_cost_per_fte_year_gross_eur", "financement moins coût évité brut par année-ETP (pas le coût net)"},
      {"net_cost_per_fte_year_net_eur", "coût net par année-ETP (somme des payeurs)"},
      {"avoided_to_funding_ratio_net", "coût évité net / financement"},
      {"avoided_to_funding_ratio_gross", "coût évité brut / financement"},
      {"months_to_empty_queue", "mois avant que la file d'attente se vide"},
      {"queue_emptied_share", "part des réplications où la file se vide"},
      {"fte_years", "années-ETP de l'EBE"},
      {"hires", "embauches de l'EBE"},
      {"ebe_costs_eur", "charges de l'EBE"},
      {"ebe_revenue_eur", "chiffre d'affaires de l'EBE"},
      {"ebe_deficit_eur", "déficit de l'EBE"},
      {"funding_minus_avoided_gross_eur", "financement moins coût évité brut"},
      {"funding_minus_avoided_net_eur", "financement moins coût évité net"},
      {"ppde_counterfactual_start", "PPDE au départ, sans le programme"},
      {"ppde_counterfactual_change", "variation des PPDE sans le programme"},
      {"ppde_drift_counterfactual", "dérive relative des PPDE sans le programme"},
      {"net_cost_state_eur", "coût net pour l'État"},
      {"net_cost_department_eur", "coût net pour le Département"},
      {"net_cost_unemployment_insurance_eur", "coût net pour l'assurance chômage"},
      {"net_cost_family_fund_eur", "coût net pour la CAF"},
      {"net_cost_social_security_eur", "coût net pour la sécurité sociale"},
      {"net_cost_local_authorities_eur", "coût net pour les collectivités locales"},
      {"net_cost_eur", "coût net, somme des payeurs, tout l'horizon"},
      {"net_cost_per_person_out_eur", "coût net par personne sortie du chômage de longue durée"},
      {"ebe_person_years", "années-personnes dans l'EBE"},
      {"premise_gross_eur", "hypothèse des promoteurs, brute"},
      {"premise_net_eur", "hypothèse des promoteurs, nette du contrefactuel"},
      {"premise_gross_per_person_year_eur", "hypothèse, brute, par année-personne"},
      {"premise_gross_per_fte_year_eur", "hypothèse, brute, par année-ETP"},
      {"premise_net_per_person_year_eur", "hypothèse, nette, par année-personne"},
      {"premise_net_per_fte_year_eur", "hypothèse, nette, par année-ETP"},
      {"avoided_gross_per_person_year_eur", "coût évité mesuré, brut, par année-personne"},
      {"avoided_gross_per_fte_year_eur", "coût évité mesuré, brut, par année-ETP"},
      {"avoided_net_per_person_year_eur", "coût évité mesuré, net, par année-personne"},
      {"avoided_net_per_fte_year_eur", "coût évité mesuré, net, par année-ETP"},
      {"net_cost_premise_eur", "coût net si l'hypothèse était vraie"},
      {"net_cost_per_fte_year_premise_eur", "coût net par année-ETP si l'hypothèse était vraie"},
      {"avoided_net_are_eur", "ARE évitée, nette"},
      {"avoided_net_ass_eur", "ASS évitée, nette"},
      {"avoided_net_rsa_eur", "RSA évité, net"},
      {"avoided_net_housing_eur", "aides au logement évitées, nettes"},
      {"avoided_net_contributions_eur", "cotisations sur les salaires de l'EBE, nettes"},
      {"avoided_net_induced_eur", "coûts induits et services évités, nets"},
      {"avoided_net_activity_bonus_eur", "prime d'activité économisée, nette (négatif : versée)"},
      {"deficit_cover_eur", "déficit de l'EBE couvert"},
      {"startup_grant_eur", "aides au démarrage"},
      {"loans_eur", "prêts participatifs (pas un coût public)"},
      {"substitution_eur", "coût des emplois locaux déplacés"},
      {"local_dynamics_eur", "économisé par les sorties vers l'emploi hors EBE"},
      {"ebe_staff_cf_stable_job", "salariés de l'EBE qui auraient eu un emploi stable sans le programme"},
      {"ebe_staff_cf_precarious_job", "salariés de l'EBE qui auraient eu un emploi précaire sans le programme"},
      {"ebe_staff_cf_in_work", "salariés de l'EBE qui auraient travaillé sans le programme"},
      {"ebe_staff_cf_employment_share", "part des salariés de l'EBE qui auraient travaillé sans le programme"},
      {"months_to_exhaustivity", "mois jusqu'à l'exhaustivité"},
      {"exhaustivity_reached_share", "part des réplications où l'exhaustivité est atteinte"},
  };
  if (l == PLT_LANG_FR)
    for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++)
      if (strcmp(fr[i].key, figure) == 0) return fr[i].fr;
  return plt_figure_label(figure);
}

const char *plt_unit_lang(plt_lang l, const char *unit) {
  static const struct {
    const char *unit, *en, *fr;
  } u[] = {
      {"EUR", "€", "€"},
      {"EUR per FTE-year", "€ per FTE-year", "€ par année-ETP"},
      {"EUR per person", "€ per person", "€ par personne"},
      {"EUR per person-year", "€ per person-year", "€ par année-personne"},
      {"persons", "persons", "personnes"},
      {"FTE", "FTE", "ETP"},
      {"FTE-years", "FTE-years", "années-ETP"},
      {"person-years", "person-years", "années-personnes"},
      {"months", "months", "mois"},
      {"-", "", ""},
  };
  for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
    if (strcmp(u[i].unit, unit) == 0) return l == PLT_LANG_FR ? u[i].fr : u[i].en;
  return unit;
}
