/* report.c: names, units and definitions of the monthly metrics and headline figures. */
#include "models/report.h"

const char *const mdl_metric_names[MDL_M_COUNT] = {
  "population", "employed", "unemployed", "ppde", "ebe", "ebe_fte",
  "queue", "capacity_fte", "hires", "volunteers_new",
  "job_losses", "unemployed_to_job", "ppde_to_job", "unemployed_to_ppde",
  "ebe_to_job", "ebe_to_ppde",
  "exits_employed", "exits_unemployed", "exits_ppde", "exits_ebe",
  "entrants_employed", "entrants_unemployed", "growth_entrants",
  "wages_eur", "employer_contributions_eur", "supervision_eur", "opex_eur", "ebe_costs_eur",
  "revenue_residents_eur", "revenue_firms_eur", "revenue_ecology_eur", "revenue_eur",
  "cde_state_eur", "department_eur", "startup_grant_eur", "other_grants_eur", "funding_eur", "deficit_eur",
  "avoided_gross_eur", "jobless_spend_eur", "avoided_net_eur", "activity_bonus_eur",
  "outlay_state_eur", "outlay_department_eur", "outlay_unemployment_insurance_eur",
  "outlay_family_fund_eur", "outlay_social_security_eur", "outlay_local_authorities_eur",
  "ppde_unregistered", "unemployed_precarious", "ppde_precarious", "precarious_starts", "precarious_ends",
};

#define PLAIN(name, unit, text) {name, unit, text, -1, -1}
#define RATIO(name, unit, text, num, den) {name, unit, text, num, den}

const sim_figure mdl_figures[MDL_H_COUNT] = {
  PLAIN("ebe_headcount", "persons", "EBE employees at the horizon"),
  PLAIN("ebe_fte", "FTE", "EBE working time at the horizon"),
  PLAIN("ppde_program", "persons", "PPDE at the horizon, with the program"),
  PLAIN("ppde_counterfactual", "persons", "PPDE at the horizon, without the program"),
  PLAIN("ppde_reduction", "persons", "PPDE out of long-term unemployment because of the program (counterfactual - program, at the horizon)"),
  PLAIN("public_funding_eur", "EUR", "public funding of the EBE over the horizon (CDE, Departement, start-up and other grants)"),
  RATIO("funding_per_fte_year_eur", "EUR per FTE-year", "public funding per FTE-year (ratio of means)", MDL_H_PUBLIC_FUNDING, MDL_H_FTE_YEARS),
  PLAIN("avoided_gross_eur", "EUR", "avoided cost, gross: every EBE employee counted as a person taken out of long-term unemployment"),
  PLAIN("avoided_net_eur", "EUR", "avoided cost net of the counterfactual: jobless spending without minus with the program"),
  RATIO("net_cost_per_fte_year_gross_eur", "EUR per FTE-year", "(funding - gross avoided cost) per FTE-year (ratio of means)", MDL_H_FUNDING_MINUS_GROSS, MDL_H_FTE_YEARS),
  RATIO("net_cost_per_fte_year_net_eur", "EUR per FTE-year", "(funding - net avoided cost) per FTE-year (ratio of means)", MDL_H_FUNDING_MINUS_NET, MDL_H_FTE_YEARS),
  RATIO("avoided_to_funding_ratio_net", "-", "net avoided cost / public funding (ratio of means)", MDL_H_AVOIDED_NET, MDL_H_PUBLIC_FUNDING),
  RATIO("avoided_to_funding_ratio_gross", "-", "gross avoided cost / public funding (ratio of means)", MDL_H_AVOIDED_GROSS, MDL_H_PUBLIC_FUNDING),
  PLAIN("months_to_empty_queue", "months", "months from program start until the queue of volunteers is first empty after a hire (replications where it empties)"),
  PLAIN("queue_emptied_share", "-", "share of replications in which the queue emptied within the horizon"),
  PLAIN("fte_years", "FTE-years", "EBE working time summed over the horizon"),
  PLAIN("hires", "persons", "EBE hires over the horizon"),
  PLAIN("ebe_costs_eur", "EUR", "EBE costs over the horizon (wages, contributions, supervision, other)"),
  PLAIN("ebe_revenue_eur", "EUR", "EBE revenue over the horizon"),
  PLAIN("ebe_deficit_eur", "EUR", "EBE deficit over the horizon (costs - revenue - funding)"),
  PLAIN("funding_minus_avoided_gross_eur", "EUR", "public funding - gross avoided cost"),
  PLAIN("funding_minus_avoided_net_eur", "EUR", "public funding - net avoided cost"),
  PLAIN("ppde_counterfactual_start", "persons", "PPDE at the start date (after burn-in), without the program"),
  PLAIN("ppde_counterfactual_change", "persons", "change of PPDE from start to horizon without the program"),
  RATIO("ppde_drift_counterfactual", "-", "relative drift of PPDE without the program, start to horizon (ratio of means)", MDL_H_PPDE_CF_CHANGE, MDL_H_PPDE_CF_START),
  PLAIN("net_cost_state_eur", "EUR", "State: outlay with minus without the program (CDE, start-up grant, activity bonus, ASS, induced costs)"),
  PLAIN("net_cost_department_eur", "EUR", "Departement: outlay with minus without (its CDE share, RSA)"),
  PLAIN("net_cost_unemployment_insurance_eur", "EUR", "unemployment insurance: outlay with minus without (ARE, employment services)"),
  PLAIN("net_cost_family_fund_eur", "EUR", "family-benefit fund: outlay with minus without (housing aid)"),
  PLAIN("net_cost_social_security_eur", "EUR", "social security: outlay with minus without (lost contributions, less EBE employer contributions)"),
  PLAIN("net_cost_local_authorities_eur", "EUR", "local authorities: outlay with minus without (other grants)"),
  PLAIN("ebe_staff_cf_stable_job", "persons", "EBE employees at the horizon who hold a stable job in the counterfactual"),
  PLAIN("ebe_staff_cf_precarious_job", "persons", "EBE employees at the horizon who hold a precarious job in the counterfactual"),
  PLAIN("ebe_staff_cf_in_work", "persons", "EBE employees at the horizon in work (stable or precarious) in the counterfactual"),
  RATIO("ebe_staff_cf_employment_share", "-", "share of the EBE employees at the horizon in work in the counterfactual (ratio of means)", MDL_H_EBE_CF_IN_WORK, MDL_H_EBE_HEADCOUNT),
};
