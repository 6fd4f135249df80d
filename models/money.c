/* SPDX-License-Identifier: GPL-3.0-or-later */
/* money.c: EBE costs, revenue and funding; avoided cost; outlays by payer (docs/model.md 7.8). */
#include "models/money.h"

#include <string.h>

#include "models/report.h"
#include "models/tally.h"

void mdl_money_date_at(const mdl_scenario *s, int32_t cal, mdl_money_date *d) {
  d->smic_hourly = sim_cal_steps_at(&s->smic_hourly, cal);
  d->cde_rate = sim_cal_steps_at(&s->cde_rate, cal);
  d->department_share_min = sim_cal_steps_at(&s->department_share_min, cal);
  d->supervision_cde = sim_cal_steps_at(&s->supervision_cde, cal);
  d->cde_total_cap = sim_cal_steps_at(&s->cde_total_cap, cal);
  d->startup_grant_per_new_fte = sim_cal_steps_at(&s->startup_grant_per_new_fte, cal);
  d->ass = sim_cal_steps_at(&s->ass_per_month, cal);
  d->rsa = sim_cal_steps_at(&s->rsa_per_month, cal);
  d->bonus_base = sim_cal_steps_at(&s->bonus_base, cal);
  d->bonus_top_share = sim_cal_steps_at(&s->bonus_top_share, cal);
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }
static double pos(double x) { return x > 0 ? x : 0; }

/* Housing aid (expected over the tenants' share) of a single person with monthly resources r:
 * full up to the RSA, then a linear taper. */
static double housing_aid(const mdl_scenario *s, const mdl_money_date *d, double r) {
  return s->housing_aid_share * pos(s->housing_aid_max - s->housing_aid_taper * pos(r - d->rsa));
}

void mdl_money_situation(const mdl_scenario *s, const mdl_money_date *d, mdl_situation *x) {
  memset(x, 0, sizeof *x);
  double smic_month = d->smic_hourly * s->hours_per_month;
  double are = s->are_share_of_smic * smic_month;
  x->benefit[MDL_ARE] = are;
  x->benefit[MDL_ASS] = d->ass;
  x->benefit[MDL_RSA] = d->rsa * (1.0 - s->housing_aid_share * s->rsa_housing_deduction);
  x->benefit[MDL_NONE] = 0;
  /* Resources counted by housing aid: the RSA is neutralised (aid at its maximum). */
  x->housing_jobless[MDL_ARE] = housing_aid(s, d, are);
  x->housing_jobless[MDL_ASS] = housing_aid(s, d, d->ass);
  x->housing_jobless[MDL_RSA] = housing_aid(s, d, 0);
  x->housing_jobless[MDL_NONE] = housing_aid(s, d, 0);
  double lo = 59.0 * d->smic_hourly, hi = 95.0 * d->smic_hourly; /* the individual top-up's range */
  double base = d->bonus_base, deduction = s->housing_aid_share * s->rsa_housing_deduction * base;
  for (int b = 0; b < MDL_FTE_BANDS; b++) {
    double net = (1.0 - s->employee_rate) * smic_month * (double)b / 10.0;
    double top = d->bonus_top_share * base * clamp01((net - lo) / (hi - lo));
    double resources = net + deduction;
    double bonus = base + s->bonus_earnings_rate * net + top - (resources > base ? resources : base);
    x->bonus[b] = b == 0 ? 0 : s->bonus_take_up * pos(bonus);
    x->housing_ebe[b] = housing_aid(s, d, net);
  }
  x->induced_state = s->induced_share * s->induced_per_month;
  x->induced_ui = s->induced_share * s->employment_services_per_month;
}

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

/* Situation mode: the arm's spending on its people by payer (benefits of the people without job;
 * bonus and housing aid of EBE employees, less the contributions on their wages), its components
 * and the gross avoided cost. Returns the gross avoided cost, EUR of the month. */
static double situation_spend(const mdl_scenario *s, const mdl_money_date *d, const int64_t *agg, double scale,
                              double *m, double spend[MDL_NPAYER]) {
  mdl_situation x;
  mdl_money_situation(s, d, &x);
  static const int benefit_payer[MDL_NREGIME] = {MDL_PAY_UI, MDL_PAY_STATE, MDL_PAY_DEPARTMENT, -1};
  static const int benefit_metric[MDL_NREGIME] = {MDL_M_SPEND_ARE, MDL_M_SPEND_ASS, MDL_M_SPEND_RSA, -1};
  double factor = s->short_term_cost_factor, housing = 0, induced = 0, gross = 0;
  for (int r = 0; r < MDL_NREGIME; r++) {
    double people = ((double)agg[MDL_T_REG_P + r] + factor * (double)agg[MDL_T_REG_U + r]) * scale;
    double hired = (double)agg[MDL_T_EBE_REG + r] * scale;
    if (benefit_payer[r] >= 0) {
      m[benefit_metric[r]] = people * x.benefit[r];
      spend[benefit_payer[r]] += m[benefit_metric[r]];
    }
    housing += people * x.housing_jobless[r];
    spend[MDL_PAY_STATE] += people * x.induced_state;
    spend[MDL_PAY_UI] += people * x.induced_ui;
    induced += people * (x.induced_state + x.induced_ui);
    gross += hired * (x.benefit[r] + x.housing_jobless[r] + x.induced_state + x.induced_ui);
  }
  double bonus = 0, housing_ebe = 0;
  for (int b = 0; b < MDL_FTE_BANDS; b++) {
    double n = (double)agg[MDL_T_EBE_BAND + b] * scale;
    bonus += n * x.bonus[b];
    housing_ebe += n * x.housing_ebe[b];
  }
  double contributions = (s->employee_rate + s->employer_rate) * m[MDL_M_WAGES];
  m[MDL_M_ACTIVITY_BONUS] = bonus;
  m[MDL_M_SPEND_HOUSING] = housing + housing_ebe;
  m[MDL_M_SPEND_CONTRIB] = -contributions;
  m[MDL_M_SPEND_INDUCED] = induced;
  spend[MDL_PAY_STATE] += bonus;
  spend[MDL_PAY_FAMILY] += housing + housing_ebe;
  spend[MDL_PAY_SOCIAL_SECURITY] -= contributions;
  return gross - bonus - housing_ebe + contributions;
}

void mdl_money_month(const mdl_scenario *s, const mdl_territory *t, const mdl_money_date *d, const mdl_money_ebe *e,
                     const int64_t *agg, double scale, double *m) {
  double fte = (double)agg[MDL_T_FTE_PCT] / 100.0 * scale;
  double headcount = (double)agg[MDL_T_COUNT + MDL_EBE] * scale;
  double supervision_fte = s->supervision_share * fte;
  double smic_month = d->smic_hourly * s->hours_per_month;
  double age_years = (double)e->age_months / 12.0;

  /* EBE side: costs proportional to FTE, fixed costs per operating EBE, revenue by age. */
  m[MDL_M_WAGES] = smic_month * fte;
  m[MDL_M_EMPLOYER_CONTRIB] = m[MDL_M_WAGES] * s->employer_rate;
  m[MDL_M_SUPERVISION] = supervision_fte * s->supervision_cost_per_fte_year / 12.0;
  m[MDL_M_OPEX] = s->opex_per_fte_year / 12.0 * fte;
  m[MDL_M_FIXED_COSTS] =
      e->active ? (double)e->n_ebe * s->fixed_cost_per_month + (double)e->n_startup * s->startup_surcharge_per_month
                : 0.0;
  m[MDL_M_COSTS] =
      m[MDL_M_WAGES] + m[MDL_M_EMPLOYER_CONTRIB] + m[MDL_M_SUPERVISION] + m[MDL_M_OPEX] + m[MDL_M_FIXED_COSTS];
  double per_fte_year = s->revenue_start_share * t->revenue_per_fte_year + s->revenue_growth_per_year * age_years;
  if (per_fte_year > s->revenue_max) per_fte_year = s->revenue_max;
  double revenue = per_fte_year / 12.0 * fte;
  m[MDL_M_REVENUE_RESIDENTS] = revenue * s->revenue_family_shares[0];
  m[MDL_M_REVENUE_FIRMS] = revenue * s->revenue_family_shares[1];
  m[MDL_M_REVENUE_ECOLOGY] = revenue * s->revenue_family_shares[2];
  m[MDL_M_REVENUE] = m[MDL_M_REVENUE_RESIDENTS] + m[MDL_M_REVENUE_FIRMS] + m[MDL_M_REVENUE_ECOLOGY];

  /* Public funding by the rules in force: the CDE covers supervision staff once the rule is on;
   * the Departement pays at least its minimum share; in phase 1 State and Departement together
   * stay within the total cap (the Departement's part is cut). */
  double covered = fte + d->supervision_cde * supervision_fte;
  m[MDL_M_CDE] = d->cde_rate * smic_month * covered;
  double department = t->department_share * m[MDL_M_CDE] + t->department_per_fte_year / 12.0 * fte;
  if (department < d->department_share_min * m[MDL_M_CDE]) department = d->department_share_min * m[MDL_M_CDE];
  if (d->cde_total_cap > 0) {
    double room = pos(d->cde_total_cap * smic_month * covered - m[MDL_M_CDE]);
    if (department > room) department = room;
  }
  m[MDL_M_DEPARTMENT] = department;
  m[MDL_M_NEW_CAPACITY_FTE] = e->new_capacity_fte;
  m[MDL_M_STARTUP] =
      s->startup_grant_per_hire * (double)e->hires * scale + d->startup_grant_per_new_fte * e->new_capacity_fte;
  m[MDL_M_OTHER_GRANTS] = t->other_grants_per_fte_year / 12.0 * fte;
  m[MDL_M_FUNDING] = m[MDL_M_CDE] + m[MDL_M_DEPARTMENT] + m[MDL_M_STARTUP] + m[MDL_M_OTHER_GRANTS];
  m[MDL_M_DEFICIT] = m[MDL_M_COSTS] - m[MDL_M_REVENUE] - m[MDL_M_FUNDING];
  m[MDL_M_DEFICIT_COVER] = s->deficit_payer != MDL_DEFICIT_NONE ? pos(m[MDL_M_DEFICIT]) : 0.0;
  m[MDL_M_LOANS] = e->active ? (double)e->n_opened * s->loan_per_ebe : 0.0;

  /* The promoters' premise, beside the measure: the midpoint of their range per person. */
  double premise_month = (s->cost_min + s->cost_max) / 2.0 / 12.0;
  double jobless =
      ((double)agg[MDL_T_COUNT + MDL_PPDE] + s->short_term_cost_factor * (double)agg[MDL_T_COUNT + MDL_UNEMPLOYED]) *
      scale;
  m[MDL_M_PREMISE_GROSS] = premise_month * headcount;
  m[MDL_M_PREMISE_SPEND] = premise_month * jobless;

  /* What the public purse spends on the people of this arm, by payer. */
  double spend[MDL_NPAYER] = {0};
  double factor = s->short_term_cost_factor;
  if (s->cost_mode == MDL_COST_SITUATION) {
    m[MDL_M_AVOIDED_GROSS] = situation_spend(s, d, agg, scale, m, spend);
  } else {
    /* Avoided cost, gross: the yearly cost each EBE employee had as a PPDE. */
    m[MDL_M_AVOIDED_GROSS] = (double)agg[MDL_T_EBE_COST] / 12.0 * scale;
    m[MDL_M_ACTIVITY_BONUS] = s->activity_bonus_per_month * headcount;
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
  }

  /* Local dynamics (an accounting effect): people in work outside the EBE thanks to the
   * territory's mobilisation, each saving the arm's mean spending per person without job. */
  if (s->local_dynamics_per_employee > 0 && e->active && jobless > 0) {
    double people = s->local_dynamics_per_employee * headcount, saved = 0;
    if (people > jobless) people = jobless;
    double benefits[MDL_NPAYER] = {0};
    if (s->cost_mode == MDL_COST_SITUATION) { /* the people without job only: not the EBE's bonus, aid, contributions */
      benefits[MDL_PAY_UI] = m[MDL_M_SPEND_ARE];
      benefits[MDL_PAY_STATE] = m[MDL_M_SPEND_ASS];
      benefits[MDL_PAY_DEPARTMENT] = m[MDL_M_SPEND_RSA];
      mdl_situation x;
      mdl_money_situation(s, d, &x);
      for (int r = 0; r < MDL_NREGIME; r++) {
        double n = ((double)agg[MDL_T_REG_P + r] + factor * (double)agg[MDL_T_REG_U + r]) * scale;
        benefits[MDL_PAY_FAMILY] += n * x.housing_jobless[r];
        benefits[MDL_PAY_STATE] += n * x.induced_state;
        benefits[MDL_PAY_UI] += n * x.induced_ui;
      }
    } else {
      for (int p = 0; p < MDL_NPAYER; p++) benefits[p] = spend[p];
    }
    for (int p = 0; p < MDL_NPAYER; p++) {
      double cut = benefits[p] * people / jobless;
      spend[p] -= cut;
      saved += cut;
    }
    m[MDL_M_LOCAL_DYNAMICS] = saved;
  }

  double total_spend = 0;
  for (int p = 0; p < MDL_NPAYER; p++) total_spend += spend[p];
  m[MDL_M_JOBLESS_SPEND] = total_spend;

  /* Who pays: every funding euro and every euro spent on the people booked to its budget. In the
   * uniform and regime modes the flat activity bonus goes to the State and the EBE's employer
   * contributions back to social security; situation mode has them in spend[]. */
  double *o = m + MDL_M_OUTLAY;
  o[MDL_PAY_STATE] = m[MDL_M_CDE] + m[MDL_M_STARTUP] + spend[MDL_PAY_STATE];
  o[MDL_PAY_DEPARTMENT] = m[MDL_M_DEPARTMENT] + spend[MDL_PAY_DEPARTMENT];
  o[MDL_PAY_UI] = spend[MDL_PAY_UI];
  o[MDL_PAY_FAMILY] = spend[MDL_PAY_FAMILY];
  o[MDL_PAY_SOCIAL_SECURITY] = spend[MDL_PAY_SOCIAL_SECURITY];
  o[MDL_PAY_LOCAL] = m[MDL_M_OTHER_GRANTS] + spend[MDL_PAY_LOCAL];
  if (s->cost_mode != MDL_COST_SITUATION) {
    o[MDL_PAY_STATE] += m[MDL_M_ACTIVITY_BONUS];
    o[MDL_PAY_SOCIAL_SECURITY] -= m[MDL_M_EMPLOYER_CONTRIB];
  }
  if (s->deficit_payer == MDL_DEFICIT_STATE) o[MDL_PAY_STATE] += m[MDL_M_DEFICIT_COVER];
  if (s->deficit_payer == MDL_DEFICIT_LOCAL) o[MDL_PAY_LOCAL] += m[MDL_M_DEFICIT_COVER];
  /* Substitution: displaced local jobs cost the budgets as a person without job does. */
  if (s->substitution_share > 0) {
    m[MDL_M_SUBSTITUTION] = s->substitution_share * fte * s->substitution_cost_per_fte_year / 12.0;
    for (int p = 0; p < MDL_NPAYER - 1; p++) o[p] += m[MDL_M_SUBSTITUTION] * s->cost_payer_shares[p];
  }
}

void mdl_money_compare(const mdl_scenario *s, const double *cf, double *prog) {
  (void)s;
  prog[MDL_M_AVOIDED_NET] = cf[MDL_M_JOBLESS_SPEND] - prog[MDL_M_JOBLESS_SPEND];
  prog[MDL_M_PREMISE_NET] = cf[MDL_M_PREMISE_SPEND] - prog[MDL_M_PREMISE_SPEND];
}
