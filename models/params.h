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
enum { MDL_PAY_STATE = 0, MDL_PAY_DEPARTMENT = 1, MDL_PAY_UI = 2, MDL_PAY_FAMILY = 3,
       MDL_PAY_SOCIAL_SECURITY = 4, MDL_PAY_LOCAL = 5, MDL_NPAYER = 6 };
/* Bands of the hazard tables. */
#define MDL_SPELL_BANDS 6 /* spell in months: 0-2, 3-5, 6-11, 12-23, 24-35, 36+ */
#define MDL_AGE_BANDS 3   /* age in years: under 30, 30-49, 50+ */
#define MDL_FTE_CHOICES 5 /* working-time options offered at hiring */
#define MDL_FAMILIES 3    /* EBE activity families: residents, firms, ecological transition */

enum { MDL_RAMP_LINEAR = 0, MDL_RAMP_LOGISTIC = 1 };
enum { MDL_CAP_RAMP = 0, MDL_CAP_DEMAND = 1 }; /* capacity_mode */
#define MDL_EBE_MAX 8 /* EBE per territory at most (demand mode); bounds ebe_max_count */
enum { MDL_SEP_TABLE = 0, MDL_SEP_STEADY = 1, MDL_SEP_STATIONARY = 2 };
enum { MDL_ENGINE_MONTHLY = 0, MDL_ENGINE_SCHEDULED = 1 }; /* engine: docs/model.md, the scheduled engine */
enum { MDL_COST_UNIFORM = 0, MDL_COST_REGIME = 1, MDL_COST_SITUATION = 2 };
/* Who covers the EBE's deficit (money.deficit_payer). */
enum { MDL_DEFICIT_NONE = 0, MDL_DEFICIT_STATE = 1, MDL_DEFICIT_LOCAL = 2 };
/* Working-time bands of the EBE tallies: band b holds working times in [10b - 5, 10b + 5) percent. */
#define MDL_FTE_BANDS 11
static inline int mdl_fte_band(int fte_pct) { return fte_pct >= 100 ? 10 : (fte_pct + 5) / 10; }

/* One territory (scope "territory"): its people and its EBE. */
typedef struct {
  char name[SIM_PARAM_STR_MAX];
  char department[SIM_PARAM_STR_MAX];
  int64_t population;         /* working-age persons */
  int64_t ppde_start;         /* persons durably deprived of employment at the start */
  int64_t unemployed_start;   /* short-term unemployed at the start */
  int program;                /* does this territory run an EBE at all */
  int32_t program_start;      /* month index of the first EBE contracts */
  double capacity_start;      /* FTE of activity identified at program start */
  double capacity_max;        /* FTE the ramp tends to */
  int64_t ramp_months;        /* months from capacity_start to capacity_max */
  int ramp_shape;             /* MDL_RAMP_* */
  double capacity_ceiling;    /* non-substitution ceiling, FTE */
  double activity_max_share;  /* non-substitution ceiling per working-age person, FTE (0 = none) */
  double volunteer_rate;      /* monthly hazard that a PPDE volunteers */
  double initial_volunteer_share; /* share of PPDE already volunteering when the program starts */
  int64_t hire_max;           /* hires per month at most */
  double ebe_to_job_rate;     /* monthly hazard EBE -> classic job */
  double ebe_quit_rate;       /* monthly hazard EBE -> PPDE */
  double revenue_per_fte_year;/* EUR per FTE-year of EBE activity revenue */
  double department_share;    /* Departement funding as a share of the State CDE */
  double department_per_fte_year; /* Departement funding as EUR per FTE-year */
  double other_grants_per_fte_year; /* local authorities and other grants, EUR per FTE-year */
  int capacity_mode;          /* MDL_CAP_*: fixed ramp, or grown by the queue */
  double ebe_growth_per_month;/* demand mode: FTE an EBE's capacity grows by a month at most */
  double ebe_size_max;        /* demand mode: FTE capacity of one EBE at most */
  double ebe_split;           /* demand mode: FTE at which the newest EBE makes the territory open another */
  double ebe_launch;          /* demand mode: FTE capacity of a further EBE at opening */
  int64_t ebe_max_count;      /* demand mode: EBE per territory at most (<= MDL_EBE_MAX) */
  double volunteer_accept_share; /* share of contacted PPDE who volunteer (the others decline) */
  double queue_leave_rate;    /* monthly hazard that a waiting volunteer leaves the list */
  int64_t exhaustivity_wait_months; /* exhaustivity: nobody on the list waited longer than this */
} mdl_territory;

/* Everything else (scope "scenario"). */
typedef struct {
  char name[SIM_PARAM_STR_MAX];
  char description[SIM_PARAM_STR_MAX];
  int32_t start;              /* month index of t = 0 */
  int64_t months;             /* horizon T */
  int64_t seed;
  int64_t replications;
  double scale;               /* persons per agent */
  int64_t burn_in_months;
  int program_enabled;        /* master switch: off = the program arm is the counterfactual */
  int engine;                 /* MDL_ENGINE_*: how the agent pass visits agents (same model) */

  sim_cal_steps smic_hourly;      /* EUR per hour, gross */
  sim_cal_steps cde_rate;         /* State CDE as a share of the gross SMIC per FTE */
  sim_cal_steps retirement_age;   /* years */
  sim_cal_steps cde_fte_cap;      /* national cap on CDE-funded FTE in force; 0 = none */

  double exit_rate;                         /* monthly hazard of leaving the working-age population */
  double separation[MDL_AGE_BANDS];         /* monthly job-loss hazard by age band */
  int separation_mode;                      /* MDL_SEP_* */
  double job_finding[MDL_SPELL_BANDS];      /* monthly hazard by spell band, employability 1, age 30-49 */
  double job_finding_age[MDL_AGE_BANDS];    /* multiplier by age band */
  double employability_sigma;               /* log-normal sigma of the latent employability */
  double youth_unemployed_share;            /* share of entrants who start unemployed */
  double population_growth;                 /* per year, >= 0 */
  double ppde_age50_share;                  /* share of initial PPDE aged 50+ */
  double seniority_shares[MDL_SPELL_BANDS]; /* initial spell distribution of job seekers */
  int64_t max_initial_spell;                /* months, upper end of the 36+ band at start */
  double are_eligible_share;                /* share of job losers entitled to ARE */
  int64_t are_duration;                     /* months of ARE */
  double are_exhaust_to_ass;                /* share moving to ASS when ARE ends */
  double are_exhaust_to_rsa;                /* share moving to RSA when ARE ends */
  double regime_shares_ppde[MDL_NREGIME];   /* initial regimes of PPDE */
  double regime_shares_unemployed[MDL_NREGIME]; /* initial regimes of short-term unemployed */
  double precarious_share;                  /* share of jobs found that are precarious, at employability 1 */
  double precarious_share_elasticity;       /* that share scales as employability^-this (capped at 1) */
  double precarious_separation[2];          /* monthly end of a precarious job at employability 1: spell <12, >=12 */
  double precarious_separation_elasticity;  /* that hazard scales as employability^-this (capped at 1) */
  double unregistered_share;                /* share of people entering joblessness who do not register */
  double unregistered_finding_factor;       /* multiplier of the job-finding hazard of the unregistered */

  double fte_values[MDL_FTE_CHOICES];
  double fte_shares[MDL_FTE_CHOICES];
  double supervision_share;          /* supervision FTE per EBE FTE (not PPDE) */
  double supervision_cost_per_fte_year;

  double hours_per_month;
  double employer_rate;
  double opex_per_fte_year;
  double revenue_family_shares[MDL_FAMILIES];
  double startup_grant_per_hire;
  double activity_bonus_per_month;   /* State's activity bonus per EBE employee, EUR per month */
  int cost_mode;                     /* MDL_COST_* */
  double cost_min, cost_max;         /* uniform avoided cost, EUR per year */
  double short_term_cost_factor;     /* share of the cost counted while short-term unemployed */
  double cost_payer_shares[MDL_NPAYER - 1]; /* uniform mode: split over State..social security */
  double benefit_per_month[MDL_NREGIME];
  double housing_per_month[MDL_NREGIME];
  double lost_contributions_per_month;
  double lost_contributions_state_share; /* share of lost taxes and contributions that is the State's */
  double induced_per_month;
  double employment_services_per_month;

  /* Situation mode (docs/model.md section 7.8): benefits by date and the EBE wage's effects. */
  sim_cal_steps ass_per_month;       /* ASS, EUR per month, by date */
  sim_cal_steps rsa_per_month;       /* RSA of a single person without resources, EUR per month, by date */
  sim_cal_steps bonus_base;          /* activity bonus lump sum (montant forfaitaire), single person, by date */
  sim_cal_steps bonus_top_share;     /* individual top-up at its maximum, share of the lump sum, by date */
  double are_share_of_smic;          /* ARE as a share of the gross full-time SMIC month */
  double employee_rate;              /* employee contributions (incl. CSG-CRDS), share of gross wages */
  double rsa_housing_deduction;      /* RSA housing deduction (forfait logement), share of the RSA */
  double housing_aid_max;            /* housing aid at resources up to the RSA, EUR per month */
  double housing_aid_taper;          /* housing aid lost per euro of resources above the RSA */
  double housing_aid_share;          /* share of people who receive housing aid */
  double bonus_earnings_rate;        /* share of net earnings counted by the activity bonus */
  double bonus_take_up;              /* share of eligible EBE employees who claim the activity bonus */
  double induced_share;              /* situation mode: share of induced costs and employment services counted */

  /* Funding rules by date. */
  sim_cal_steps department_share_min; /* Departement at least this share of the State's CDE */
  sim_cal_steps supervision_cde;      /* 1 when the CDE also covers supervision staff */
  sim_cal_steps cde_rate_min, cde_rate_max; /* legal range of the State rate */
  sim_cal_steps cde_total_cap;        /* State + Departement per FTE, share of gross SMIC; 0 = no cap */
  sim_cal_steps startup_grant_per_new_fte; /* EUR per new FTE of capacity */
  int allow_extralegal_rates;

  /* The EBE's own accounts. */
  double fixed_cost_per_month;        /* per EBE */
  double startup_surcharge_per_month; /* per EBE, over its first startup_months */
  int64_t startup_months;
  double revenue_start_share;         /* revenue per FTE at age 0, share of revenue_per_fte_year */
  double revenue_growth_per_year;     /* EUR per FTE-year added per year of age */
  double revenue_max;                 /* EUR per FTE-year at most */
  int deficit_payer;                  /* MDL_DEFICIT_* */
  double loan_per_ebe;                /* participatory loan at program start, EUR (not a public cost) */

  /* Effects beyond the EBE (0 = none). */
  double substitution_share;          /* share of EBE FTE that displaces local jobs */
  double substitution_cost_per_fte_year; /* public cost of a displaced job, EUR per FTE-year */
  double local_dynamics_per_employee; /* people in work outside the EBE per EBE employee */

  mdl_territory territory_defaults;
  int n_territories;
  mdl_territory *territories;        /* owned */
} mdl_scenario;

extern const sim_param_table mdl_scenario_params;
extern const sim_param_table mdl_territory_params;

/* Short names, for output columns and messages. */
extern const char *const mdl_status_names[MDL_NSTATUS];
extern const char *const mdl_payer_names[MDL_NPAYER];

#endif
