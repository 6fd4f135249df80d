/* money.c: EBE costs, revenue and funding; avoided cost; outlays by payer. */
#include "models/money.h"

#include <string.h>

#include "models/report.h"
#include "models/tally.h"

void mdl_money_regime_split(const mdl_scenario *s, int regime, double by_payer[MDL_NPAYER]) {
  memset(by_payer, 0, MDL_NPAYER * sizeof *by_payer);
  static const int benefit_payer[MDL_NREGIME] = {MDL_PAY_UI, MDL_PAY_STATE, MDL_PAY_DEPARTMENT, -1};
  if (benefit_payer[regime] >= 0) by_payer[benefit_payer[regime]] += s->benefit_per_month[regime];
  by_payer[MDL_PAY_FAMILY] += s->housing_per_month[regime];
  by_payer[MDL_PAY_SOCIAL_SECURITY] += s->lost_contributions_per_month * (1.0 - s->lost_contributions_state_share);
  by_payer[MDL_PAY_STATE] += s->lost_contributions_per_month * s->lost_contributions_state_share;
  by_payer[MDL_PAY_STATE] += s->induced_per_month;
  by_payer[MDL_PAY_UI] += s->employment_services_per_month;
}

void mdl_money_month(const mdl_scenario *s, const mdl_territory *t, double smic_hourly, double cde_rate,
                     const int64_t *agg, int64_t hires, double scale, double *m) {
  double fte = (double)agg[MDL_T_FTE_PCT] / 100.0 * scale;
  double headcount = (double)agg[MDL_T_COUNT + MDL_EBE] * scale;
  double supervision_fte = s->supervision_share * fte;
  double smic_month = smic_hourly * s->hours_per_month;

  /* EBE side. */
  m[MDL_M_WAGES] = smic_month * fte;
  m[MDL_M_EMPLOYER_CONTRIB] = m[MDL_M_WAGES] * s->employer_rate;
  m[MDL_M_SUPERVISION] = supervision_fte * s->supervision_cost_per_fte_year / 12.0;
  m[MDL_M_OPEX] = s->opex_per_fte_year / 12.0 * fte;
  m[MDL_M_COSTS] = m[MDL_M_WAGES] + m[MDL_M_EMPLOYER_CONTRIB] + m[MDL_M_SUPERVISION] + m[MDL_M_OPEX];
  double revenue = t->revenue_per_fte_year / 12.0 * fte;
  m[MDL_M_REVENUE_RESIDENTS] = revenue * s->revenue_family_shares[0];
  m[MDL_M_REVENUE_FIRMS] = revenue * s->revenue_family_shares[1];
  m[MDL_M_REVENUE_ECOLOGY] = revenue * s->revenue_family_shares[2];
  m[MDL_M_REVENUE] = m[MDL_M_REVENUE_RESIDENTS] + m[MDL_M_REVENUE_FIRMS] + m[MDL_M_REVENUE_ECOLOGY];

  /* Public funding: the CDE covers the employees and the supervision staff (within 10 %). */
  m[MDL_M_CDE] = cde_rate * smic_month * (fte + supervision_fte);
  m[MDL_M_DEPARTMENT] = t->department_share * m[MDL_M_CDE] + t->department_per_fte_year / 12.0 * fte;
  m[MDL_M_STARTUP] = s->startup_grant_per_hire * (double)hires * scale;
  m[MDL_M_OTHER_GRANTS] = t->other_grants_per_fte_year / 12.0 * fte;
  m[MDL_M_FUNDING] = m[MDL_M_CDE] + m[MDL_M_DEPARTMENT] + m[MDL_M_STARTUP] + m[MDL_M_OTHER_GRANTS];
  m[MDL_M_DEFICIT] = m[MDL_M_COSTS] - m[MDL_M_REVENUE] - m[MDL_M_FUNDING];

  /* Avoided cost, gross: the yearly cost each EBE employee had as a PPDE. */
  m[MDL_M_AVOIDED_GROSS] = (double)agg[MDL_T_EBE_COST] / 12.0 * scale;
  m[MDL_M_ACTIVITY_BONUS] = s->activity_bonus_per_month * headcount;

  /* What the public purse spends on the people without job in this arm, by payer. */
  double spend[MDL_NPAYER] = {0};
  double factor = s->short_term_cost_factor;
  if (s->cost_mode == MDL_COST_UNIFORM) {
    double total = ((double)agg[MDL_T_COST_P] + factor * (double)agg[MDL_T_COST_U]) / 12.0 * scale;
    for (int p = 0; p < MDL_NPAYER - 1; p++) spend[p] = total * s->cost_payer_shares[p];
  } else {
    for (int r = 0; r < MDL_NREGIME; r++) {
      double people = ((double)agg[MDL_T_REG_P + r] + factor * (double)agg[MDL_T_REG_U + r]) * scale;
      double split[MDL_NPAYER];
      mdl_money_regime_split(s, r, split);
      for (int p = 0; p < MDL_NPAYER; p++) spend[p] += people * split[p];
    }
  }
  double jobless = 0;
  for (int p = 0; p < MDL_NPAYER; p++) jobless += spend[p];
  m[MDL_M_JOBLESS_SPEND] = jobless;

  /* Who pays: every funding euro and every jobless euro booked to its budget. The EBE's employer
   * contributions go back to social security. */
  m[MDL_M_OUTLAY + MDL_PAY_STATE] = m[MDL_M_CDE] + m[MDL_M_STARTUP] + m[MDL_M_ACTIVITY_BONUS] + spend[MDL_PAY_STATE];
  m[MDL_M_OUTLAY + MDL_PAY_DEPARTMENT] = m[MDL_M_DEPARTMENT] + spend[MDL_PAY_DEPARTMENT];
  m[MDL_M_OUTLAY + MDL_PAY_UI] = spend[MDL_PAY_UI];
  m[MDL_M_OUTLAY + MDL_PAY_FAMILY] = spend[MDL_PAY_FAMILY];
  m[MDL_M_OUTLAY + MDL_PAY_SOCIAL_SECURITY] = spend[MDL_PAY_SOCIAL_SECURITY] - m[MDL_M_EMPLOYER_CONTRIB];
  m[MDL_M_OUTLAY + MDL_PAY_LOCAL] = m[MDL_M_OTHER_GRANTS] + spend[MDL_PAY_LOCAL];
}
