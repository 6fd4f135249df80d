/* params.c: the registry of every TZCLD parameter: key, meaning, unit, default, range, source.
 * Adding a parameter is one line here plus its field in params.h; the loader, the validator,
 * the resolved scenario and `tzsim params` all read this list. */
#include "models/params.h"

#include <stddef.h>

/* Sources named in the "source" column refer to ../shared/data/README.md rows (P = official,
 * P-press, P-local, E = estimate from published figures) or say "assumption". */
#define S(field) offsetof(mdl_scenario, field)
#define T(field) offsetof(mdl_territory, field)
#define REAL(k, off, lo, hi, def, unit, meaning, src) {k, SIM_PT_REAL, off, 0, lo, hi, def, NULL, unit, meaning, src}
#define INT(k, off, lo, hi, def, unit, meaning, src) {k, SIM_PT_INT, off, 0, lo, hi, def, NULL, unit, meaning, src}
#define BOOL(k, off, def, meaning, src) {k, SIM_PT_BOOL, off, 0, 0, 1, def, NULL, "-", meaning, src}
#define DATE(k, off, def, meaning, src) {k, SIM_PT_DATE, off, 0, 0, 0, def, NULL, "YYYY-MM", meaning, src}
#define STR(k, off, def, meaning) {k, SIM_PT_STRING, off, 0, 0, 0, def, NULL, "text", meaning, "-"}
#define CHOICE(k, off, choices, def, meaning, src) {k, SIM_PT_CHOICE, off, 0, 0, 0, def, choices, "-", meaning, src}
#define STEPS(k, off, lo, hi, def, unit, meaning, src) {k, SIM_PT_STEPS, off, 0, lo, hi, def, NULL, unit, meaning, src}
#define ARRAY(k, off, n, lo, hi, def, unit, meaning, src) {k, SIM_PT_ARRAY, off, n, lo, hi, def, NULL, unit, meaning, src}

static const sim_param scenario_params[] = {
  STR("name", S(name), NULL, "scenario name; names the default output directory results/<name>"),
  STR("description", S(description), "\"\"", "one line saying what the scenario is for"),
  DATE("start", S(start), NULL, "calendar month of t = 0", "-"),
  INT("months", S(months), 1, 1200, "120", "months", "horizon T", "-"),
  INT("seed", S(seed), 0, 9.007199254740992e15, "1", "-", "master seed of every random draw", "-"),
  INT("replications", S(replications), 1, 100000, "1", "-", "independent replications (different random numbers)", "-"),
  REAL("scale", S(scale), 1, 1e6, "1.0", "persons per agent", "one agent stands for this many persons; outputs are multiplied back", "-"),
  INT("burn_in_months", S(burn_in_months), 0, 600, "0", "months", "counterfactual dynamics run before the start date so spells and stocks settle", "-"),
  BOOL("program_enabled", S(program_enabled), "true", "master switch: false makes the program arm identical to the counterfactual", "-"),

  STEPS("calendar.smic_hourly_eur", S(smic_hourly), 5, 50, "((\"2016-01\", 9.67), (\"2017-01\", 9.76), (\"2018-01\", 9.88), (\"2019-01\", 10.03), (\"2020-01\", 10.15), (\"2021-01\", 10.25), (\"2021-10\", 10.48), (\"2022-01\", 10.57), (\"2022-05\", 10.85), (\"2022-08\", 11.07), (\"2023-01\", 11.27), (\"2023-05\", 11.52), (\"2024-01\", 11.65), (\"2024-11\", 11.88), (\"2026-01\", 12.02))",
        "EUR per hour", "gross hourly minimum wage (SMIC) by date", "data/smic.csv (INSEE series; decrets)"),
  STEPS("calendar.cde_rate", S(cde_rate), 0, 1.13, "((\"2017-01\", 1.01), (\"2019-01\", 0.95), (\"2020-04\", 1.02), (\"2023-10\", 0.95))",
        "share of gross SMIC", "State job-development contribution (CDE) per FTE, by date", "data/cde-rates.csv"),
  STEPS("calendar.retirement_age_years", S(retirement_age), 55, 70, "((\"2016-01\", 62.0), (\"2023-12\", 62.25), (\"2024-07\", 62.5), (\"2025-10\", 62.75))",
        "years", "legal retirement age in force, by date", "assumption: 62 (law of 2010); loi 2023-270 raised it 3 months per birth cohort from those born in September 1961, converted to the dates cohorts reach it"),
  STEPS("calendar.cde_fte_cap", S(cde_fte_cap), 0, 1e9, "((\"2016-01\", 0.0))",
        "FTE", "national cap on CDE-funded FTE in force (0 = no cap); territories compete for it in list order", "-"),

  REAL("labour.exit_rate", S(exit_rate), 0, 0.05, "0.0008", "per month", "hazard of leaving the working-age population before retirement (death, moving away, long illness)", "assumption"),
  ARRAY("labour.separation_rate", S(separation), MDL_AGE_BANDS, 0, 0.5, "[0.012, 0.006, 0.005]", "per month",
        "job-loss hazard EMPLOYED -> UNEMPLOYED by age band (under 30, 30-49, 50+)", "assumption (scaled per territory when separation_mode = \"steady\")"),
  CHOICE("labour.separation_mode", S(separation_mode), "table|steady|stationary", "\"stationary\"",
         "\"table\": use separation_rate as is; \"steady\": rescale it per territory so the initial population's expected flows balance; \"stationary\": rescale it so the hazard model's stationary PPDE share is the territory's, and draw the initial population from that stationary distribution", "-"),
  ARRAY("labour.job_finding_rate", S(job_finding), MDL_SPELL_BANDS, 0, 1, "[0.194, 0.194, 0.059, 0.057, 0.052, 0.052]", "per month",
        "job-finding hazard (stable or precarious job) at employability 1, age 30-49, registered, by spell band (0-2, 3-5, 6-11, 12-23, 24-35, 36+ months since the last stable job)", "E: least-squares fit printed by tools/calibrate_hazards.py to INSEE 2016 via latribune.fr 26/07/2017 (inflow-cohort exits 42/64/73/77 % after 1-4 quarters; 10.3 % a month under one year, 2.3 % after three years; data/README.md 'People and the labour market')"),
  ARRAY("labour.job_finding_age_factor", S(job_finding_age), MDL_AGE_BANDS, 0, 5, "[1.1, 1.0, 0.8]", "-",
        "multiplier of the job-finding hazard by age band (under 30, 30-49, 50+)", "assumption"),
  REAL("labour.employability_sigma", S(employability_sigma), 0, 2, "0.7", "-", "sigma of the log-normal employability (mean 1)", "assumption"),
  REAL("labour.youth_unemployed_share", S(youth_unemployed_share), 0, 1, "0.18", "-", "share of entrants (aged 18-25) who start unemployed", "assumption (youth unemployment rate order of magnitude)"),
  REAL("labour.population_growth", S(population_growth), 0, 0.05, "0.0", "per year", "growth of the working-age population (entrants from outside)", "assumption"),
  REAL("labour.ppde_age50_share", S(ppde_age50_share), 0, 1, "0.40", "-", "share of the initial PPDE aged 50+ (\"table\" and \"steady\" modes; \"stationary\" draws ages from the stationary distribution)", "P-press: over 40 % of EBE staff aged 50+ (second evaluation, interim note, Oct 2024)"),
  ARRAY("labour.seniority_shares", S(seniority_shares), MDL_SPELL_BANDS, 0, 1, "[0.21, 0.15, 0.20, 0.20, 0.10, 0.14]", "-",
        "seniority of job seekers by spell band, for initial spells (\"table\" and \"steady\" modes)", "P-press: DARES, metropolitan, Aug 2015"),
  INT("labour.max_initial_spell_months", S(max_initial_spell), 36, 600, "96", "months", "upper end of the 36+ seniority band at the start", "assumption"),
  REAL("labour.are_eligible_share", S(are_eligible_share), 0, 1, "0.51", "-", "share of job losers entitled to unemployment insurance (ARE)", "E: 49 % not covered (Dares Resultats 2016-071)"),
  INT("labour.are_duration_months", S(are_duration), 0, 48, "24", "months", "duration of ARE", "assumption (24 months for most claimants before 2023)"),
  REAL("labour.are_exhaust_to_ass", S(are_exhaust_to_ass), 0, 1, "0.3", "-", "share moving to ASS when ARE ends", "assumption"),
  REAL("labour.are_exhaust_to_rsa", S(are_exhaust_to_rsa), 0, 1, "0.4", "-", "share moving to RSA when ARE ends (the rest: no benefit)", "assumption"),
  ARRAY("labour.regime_shares_ppde", S(regime_shares_ppde), MDL_NREGIME, 0, 1, "[0.30, 0.15, 0.30, 0.25]", "-",
        "initial benefit regimes of PPDE (ARE, ASS, RSA, none)", "E: Dares Resultats 2016-071 (49 % uncovered, about 10 % on ASS), shifted towards ASS/RSA for the long-term"),
  ARRAY("labour.regime_shares_unemployed", S(regime_shares_unemployed), MDL_NREGIME, 0, 1, "[0.55, 0.0, 0.20, 0.25]", "-",
        "initial benefit regimes of short-term unemployed (ARE, ASS, RSA, none)", "E: Dares Resultats 2016-071"),
  REAL("labour.precarious_share", S(precarious_share), 0, 1, "0.55", "-",
       "share of the jobs found by a person without job that are precarious (short contracts), at employability 1",
       "E: about two thirds of the counterfactual employment of phase-1 beneficiaries was not a CDI (comite scientifique, final report phase 1, April 2021: 56 % employed, one in three in a CDI; data/evaluations-2017-2023.md)"),
  REAL("labour.precarious_share_elasticity", S(precarious_share_elasticity), 0, 5, "0.3", "-",
       "the precarious share scales as employability^-elasticity (capped at 1): the less employable find shorter jobs", "assumption"),
  ARRAY("labour.precarious_separation_rate", S(precarious_separation), 2, 0, 1, "[0.15, 0.25]", "per month",
        "monthly hazard that a precarious job ends, at employability 1, for a person without stable job for under 12 months, and for 12 months or more",
        "assumption: short contracts last a few months (mean 4-7 months); longer for those with a short past of unemployment"),
  REAL("labour.precarious_separation_elasticity", S(precarious_separation_elasticity), 0, 5, "0.5", "-",
       "the precarious separation hazard scales as employability^-elasticity (capped at 1)", "assumption"),
  REAL("labour.unregistered_share", S(unregistered_share), 0, 1, "0.2", "-",
       "share of the people entering joblessness (job losers, EBE leavers, unemployed entrants) who are not registered job seekers (inactive, unregistered); also the initial share in \"table\" and \"steady\" modes",
       "assumption: a non-negligible share of EBE hires received no benefit before hiring (IGAS-IGF report Oct 2019; data/evaluations-2017-2023.md)"),
  REAL("labour.unregistered_finding_factor", S(unregistered_finding_factor), 0, 1, "0.5", "-",
       "multiplier of the job-finding hazard of people without job who are not registered", "assumption"),

  ARRAY("ebe.fte_values", S(fte_values), MDL_FTE_CHOICES, 0.1, 1, "[0.5, 0.6, 0.7, 0.8, 1.0]", "FTE", "working-time options chosen at hiring", "assumption"),
  ARRAY("ebe.fte_shares", S(fte_shares), MDL_FTE_CHOICES, 0, 1, "[0.2, 0.1, 0.1, 0.1, 0.5]", "-",
        "probability of each working-time option", "P-press: half of phase-2 hires part time (second evaluation, Oct 2024); split of part time: assumption"),
  REAL("ebe.supervision_share", S(supervision_share), 0, 0.1, "0.1", "FTE per EBE FTE", "supervision staff not drawn from PPDE, fundable by the CDE", "P: decret 2021-863 (within 10 % of the EBE's FTE)"),
  REAL("ebe.supervision_cost_per_fte_year_eur", S(supervision_cost_per_fte_year), 0, 200000, "32000", "EUR per FTE-year", "full cost of a supervisor", "assumption"),

  REAL("money.hours_per_month", S(hours_per_month), 1, 300, "151.67", "hours", "paid hours of one FTE per month", "P: data/README.md (151.67 h)"),
  REAL("money.employer_rate", S(employer_rate), 0, 0.6, "0.035", "share of gross wages", "employer contributions at SMIC after general reductions", "P-press (weak): about 3.5 % of gross (2024)"),
  REAL("money.opex_per_fte_year_eur", S(opex_per_fte_year), 0, 200000, "6500", "EUR per FTE-year", "other operating costs (equipment, premises, materials)", "E: full cost 29,000 EUR per FTE 2021 (tzcld.fr FAQ) minus wages, contributions, supervision"),
  ARRAY("money.revenue_family_shares", S(revenue_family_shares), MDL_FAMILIES, 0, 1, "[0.6, 0.2, 0.2]", "-",
        "split of EBE revenue over services to residents, to firms, ecological transition", "P-press: 60 % of phase-2 jobs in services to individuals; rest: assumption"),
  REAL("money.startup_grant_eur", S(startup_grant_per_hire), 0, 100000, "0", "EUR per hire", "start-up grant (dotation d'amorcage) paid in the month of each hire", "assumption: paid per new job (experimentation fund) but no amount in shared/data; 0 until sourced"),
  REAL("money.activity_bonus_eur_per_month", S(activity_bonus_per_month), 0, 2000, "0", "EUR per month", "State activity bonus (prime d'activite) per EBE employee", "assumption: no published figure in shared/data; 0 until sourced"),
  CHOICE("money.avoided_cost_mode", S(cost_mode), "uniform|regime", "\"uniform\"",
         "\"uniform\": cost drawn uniformly in [min, max]; \"regime\": built from the benefit regime (MODEL.md section 6)", "-"),
  REAL("money.avoided_cost_min_eur", S(cost_min), 0, 60000, "15000", "EUR per year", "lower end of the uniform yearly cost of a person without job", "P (promoter): 15,000-20,000 EUR per year (seed, 2018; ATD Quart Monde 2015)"),
  REAL("money.avoided_cost_max_eur", S(cost_max), 0, 60000, "20000", "EUR per year", "upper end of the uniform yearly cost of a person without job", "P (promoter): same"),
  REAL("money.short_term_cost_factor", S(short_term_cost_factor), 0, 1, "1.0", "-", "share of a person's cost counted while short-term unemployed", "assumption"),
  ARRAY("money.cost_payer_shares", S(cost_payer_shares), MDL_NPAYER - 1, 0, 1, "[0.383, 0.124, 0.170, 0.124, 0.199]", "-",
        "uniform mode: split of the cost over State, Departement, unemployment insurance, family fund, social security", "E: ATD Quart Monde 2015 national breakdown (services 5.59 to UI; benefits 8.15 half RSA half housing; induced 8.29 to State; taxes and contributions 10.94: 60 % social security, 40 % State)"),
  ARRAY("money.benefit_eur_per_month", S(benefit_per_month), MDL_NREGIME, 0, 5000, "[1000.0, 545.10, 607.75, 0.0]", "EUR per month",
        "benefit paid by regime (ARE, ASS, RSA, none)", "P: ASS 545.10 and RSA 607.75 (2023, decret 2023-340); ARE: assumption"),
  ARRAY("money.housing_eur_per_month", S(housing_per_month), MDL_NREGIME, 0, 2000, "[100.0, 200.0, 250.0, 150.0]", "EUR per month",
        "housing aid by regime, paid by the family-benefit fund", "assumption"),
  REAL("money.lost_contributions_eur_per_month", S(lost_contributions_per_month), 0, 5000, "380", "EUR per month",
       "taxes and contributions lost while without job (social security)", "E: ATD Quart Monde 2015, 10.94 bn / 2.4 M persons / 12"),
  REAL("money.lost_contributions_state_share", S(lost_contributions_state_share), 0, 1, "0.4", "-",
       "regime mode: share of the lost taxes and contributions booked to the State (the rest: social security)",
       "E: same split as money.cost_payer_shares (assumption on the ATD Quart Monde 10.94 bn item)"),
  REAL("money.induced_eur_per_month", S(induced_per_month), 0, 5000, "288", "EUR per month",
       "induced costs (health, housing, security, child protection), State", "E: ATD Quart Monde 2015, 8.29 bn / 2.4 M persons / 12"),
  REAL("money.employment_services_eur_per_month", S(employment_services_per_month), 0, 5000, "194", "EUR per month",
       "employment services, unemployment insurance", "E: ATD Quart Monde 2015, 5.59 bn / 2.4 M persons / 12"),
};

static const sim_param territory_params[] = {
  STR("name", T(name), NULL, "territory name (any text; file names are derived safely)"),
  STR("department", T(department), "\"\"", "departement number"),
  INT("population", T(population), 1, 7e7, NULL, "persons", "working-age population (18 to retirement)", "-"),
  INT("ppde_start", T(ppde_start), 0, 7e7, NULL, "persons", "people durably deprived of employment at the start", "-"),
  INT("unemployed_start", T(unemployed_start), 0, 7e7, NULL, "persons", "short-term unemployed at the start (\"table\" and \"steady\" modes; \"stationary\" uses the stationary number per PPDE)", "-"),
  BOOL("program", T(program), "true", "does this territory run an EBE", "-"),
  DATE("program_start", T(program_start), NULL, "month of the first EBE contracts", "-"),
  REAL("capacity_start", T(capacity_start), 0, 1e7, "10", "FTE", "activity capacity identified at program start", "assumption"),
  REAL("capacity_max", T(capacity_max), 0, 1e7, "100", "FTE", "activity capacity the ramp tends to", "assumption"),
  INT("ramp_months", T(ramp_months), 0, 1200, "24", "months", "months from capacity_start to capacity_max", "assumption"),
  CHOICE("ramp_shape", T(ramp_shape), "linear|logistic", "\"linear\"", "shape of the capacity ramp", "-"),
  REAL("capacity_ceiling", T(capacity_ceiling), 0, 1e9, "1e9", "FTE", "non-substitution ceiling: capacity never exceeds it", "assumption (none)"),
  REAL("volunteer_rate", T(volunteer_rate), 0, 1, "0.028", "per month", "hazard that a PPDE volunteers for the EBE",
       "E: with initial_volunteer_share 0.15, 52 % volunteers after 20 months: 1,711 volunteers by Oct 2018 (Les Echos 13/12/2018) of about 3,300 PPDE"),
  REAL("initial_volunteer_share", T(initial_volunteer_share), 0, 1, "0.15", "-",
       "share of PPDE already volunteering when the program starts (the local committee's preparation)", "assumption"),
  INT("hire_max", T(hire_max), 0, 1e7, "10", "persons per month", "hires per month at most",
      "P-local: launch burst of 68 hires in 7 months (Metropole de Lille)"),
  REAL("ebe_to_job_rate", T(ebe_to_job_rate), 0, 1, "0.006", "per month", "hazard EBE -> classic job",
       "E: about 10 of 70 left for outside jobs in 2 years (Mauleon, francebleu.fr)"),
  REAL("ebe_quit_rate", T(ebe_quit_rate), 0, 1, "0.003", "per month", "hazard EBE -> PPDE (resignation, dismissal)", "assumption"),
  REAL("revenue_per_fte_year_eur", T(revenue_per_fte_year), 0, 1e6, "3000", "EUR per FTE-year", "revenue of the EBE's activities",
       "P-press: about 3,000 EUR per employee (Les Echos 2018)"),
  REAL("department_share", T(department_share), 0, 2, "0.15", "share of State CDE", "Departement funding as a share of the State's CDE",
       "P: decret 2021-863 art. 24 (at least 15 %, phase 2); phase 1 not fixed"),
  REAL("department_eur_per_fte_year", T(department_per_fte_year), 0, 1e5, "0", "EUR per FTE-year", "Departement funding as a fixed sum per FTE", "-"),
  REAL("other_grants_eur_per_fte_year", T(other_grants_per_fte_year), 0, 1e5, "5000", "EUR per FTE-year",
       "other public grants (local authorities, ministries)", "P-press: 5,000 EUR other subsidies per post (Les Echos 13/12/2018)"),
};

const sim_param_table mdl_scenario_params = {"scenario", scenario_params,
                                             sizeof scenario_params / sizeof scenario_params[0]};
const sim_param_table mdl_territory_params = {"territory", territory_params,
                                              sizeof territory_params / sizeof territory_params[0]};

const char *const mdl_status_names[MDL_NSTATUS] = {"employed", "unemployed", "ppde", "ebe", "inactive"};
const char *const mdl_payer_names[MDL_NPAYER] = {"state", "department", "unemployment_insurance",
                                                  "family_fund", "social_security", "local_authorities"};
