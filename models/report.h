/* report.h: what the model reports: monthly metrics per territory and arm, headline figures. */
#ifndef MDL_REPORT_H
#define MDL_REPORT_H

/* Monthly metrics, in monthly.csv column order. Counts are persons (scale applied), money is EUR of
 * the month. */
enum {
  MDL_M_POPULATION, MDL_M_EMPLOYED, MDL_M_UNEMPLOYED, MDL_M_PPDE, MDL_M_EBE, MDL_M_EBE_FTE,
  MDL_M_QUEUE, MDL_M_CAPACITY_FTE, MDL_M_HIRES, MDL_M_VOLUNTEERS_NEW,
  MDL_M_JOB_LOSSES, MDL_M_UNEMPLOYED_TO_JOB, MDL_M_PPDE_TO_JOB, MDL_M_UNEMPLOYED_TO_PPDE,
  MDL_M_EBE_TO_JOB, MDL_M_EBE_TO_PPDE,
  MDL_M_EXITS_EMPLOYED, MDL_M_EXITS_UNEMPLOYED, MDL_M_EXITS_PPDE, MDL_M_EXITS_EBE,
  MDL_M_ENTRANTS_EMPLOYED, MDL_M_ENTRANTS_UNEMPLOYED, MDL_M_GROWTH_ENTRANTS,
  MDL_M_WAGES, MDL_M_EMPLOYER_CONTRIB, MDL_M_SUPERVISION, MDL_M_OPEX, MDL_M_COSTS,
  MDL_M_REVENUE_RESIDENTS, MDL_M_REVENUE_FIRMS, MDL_M_REVENUE_ECOLOGY, MDL_M_REVENUE,
  MDL_M_CDE, MDL_M_DEPARTMENT, MDL_M_STARTUP, MDL_M_OTHER_GRANTS, MDL_M_FUNDING, MDL_M_DEFICIT,
  MDL_M_AVOIDED_GROSS, MDL_M_JOBLESS_SPEND, MDL_M_AVOIDED_NET, MDL_M_ACTIVITY_BONUS,
  MDL_M_OUTLAY, /* + payer */
  MDL_M_PPDE_UNREGISTERED = MDL_M_OUTLAY + 6, /* PPDE who are not registered job seekers */
  MDL_M_UNEMPLOYED_PRECARIOUS, MDL_M_PPDE_PRECARIOUS, /* of which holding a precarious job */
  MDL_M_PRECARIOUS_STARTS, MDL_M_PRECARIOUS_ENDS,
  MDL_M_COUNT
};

/* Headline figures per territory and total, per replication. */
enum {
  MDL_H_EBE_HEADCOUNT, MDL_H_EBE_FTE, MDL_H_PPDE_PROGRAM, MDL_H_PPDE_COUNTERFACTUAL, MDL_H_PPDE_REDUCTION,
  MDL_H_PUBLIC_FUNDING, MDL_H_FUNDING_PER_FTE_YEAR, MDL_H_AVOIDED_GROSS, MDL_H_AVOIDED_NET,
  MDL_H_NET_COST_PER_FTE_YEAR_GROSS, MDL_H_NET_COST_PER_FTE_YEAR_NET, MDL_H_RATIO_NET, MDL_H_RATIO_GROSS,
  MDL_H_MONTHS_TO_EMPTY_QUEUE, MDL_H_QUEUE_EMPTIED, MDL_H_FTE_YEARS, MDL_H_HIRES, MDL_H_EBE_COSTS,
  MDL_H_EBE_REVENUE, MDL_H_EBE_DEFICIT, MDL_H_FUNDING_MINUS_GROSS, MDL_H_FUNDING_MINUS_NET,
  MDL_H_PPDE_CF_START, MDL_H_PPDE_CF_CHANGE, MDL_H_PPDE_DRIFT,
  MDL_H_NET_COST_PAYER, /* + payer: program outlay minus counterfactual outlay, EUR */
  MDL_H_EBE_CF_STABLE = MDL_H_NET_COST_PAYER + 6, /* EBE staff at the horizon with a stable job in the counterfactual */
  MDL_H_EBE_CF_PRECARIOUS,                       /* ... holding a precarious job there */
  MDL_H_EBE_CF_IN_WORK,                          /* the two added */
  MDL_H_EBE_CF_EMPLOYMENT_SHARE,                 /* ratio: in work / EBE headcount */
  MDL_H_COUNT
};

#include "sim/output.h"

/* Names and units of the metrics and figures, for the writers. */
extern const char *const mdl_metric_names[MDL_M_COUNT];
extern const sim_figure mdl_figures[MDL_H_COUNT];

#endif
