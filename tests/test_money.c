/* test_money.c: the money of a month at known inputs and at the extremes of the integer tallies
 * (4 billion agents with the largest yearly cost): exact, finite, no overflow. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/money.h"
#include "models/report.h"
#include "models/tally.h"
#include "test_util.h"

static void test_known_month(void **state) {
  (void)state;
  mdl_scenario s;
  tu_load(tu_small, NULL, 0, &s);
  int64_t agg[MDL_T_ARM_WIDTH];
  memset(agg, 0, sizeof agg);
  agg[MDL_T_COUNT + MDL_EBE] = 10;
  agg[MDL_T_FTE_PCT] = 800; /* 8 FTE */
  agg[MDL_T_EBE_COST] = 10 * 18000;
  double m[MDL_M_COUNT];
  memset(m, 0, sizeof m);
  mdl_money_month(&s, &s.territories[0], 10.0, 1.0, agg, 2, 1.0, m);
  double wages = 10.0 * s.hours_per_month * 8.0;
  assert_true(fabs(m[MDL_M_WAGES] - wages) < 1e-9);
  assert_true(fabs(m[MDL_M_CDE] - wages * (1.0 + s.supervision_share)) < 1e-9);
  assert_true(fabs(m[MDL_M_AVOIDED_GROSS] - 10.0 * 18000.0 / 12.0) < 1e-9);
  assert_true(fabs(m[MDL_M_COSTS] - (m[MDL_M_REVENUE] + m[MDL_M_FUNDING] + m[MDL_M_DEFICIT])) < 1e-6);
  mdl_scenario_free(&s);
}

static void test_extreme_tallies(void **state) {
  (void)state;
  mdl_scenario s;
  tu_load(tu_small, NULL, 0, &s);
  /* The largest tallies a run can make: 2^32 agents, all EBE at full time with the largest cost. */
  const int64_t n = (int64_t)1 << 32;
  int64_t agg[MDL_T_ARM_WIDTH];
  memset(agg, 0, sizeof agg);
  agg[MDL_T_COUNT + MDL_EBE] = n;
  agg[MDL_T_FTE_PCT] = 100 * n;
  agg[MDL_T_EBE_COST] = 65535 * n;
  agg[MDL_T_COST_P] = 65535 * n;
  agg[MDL_T_COST_U] = 65535 * n;
  for (int r = 0; r < MDL_NREGIME; r++) agg[MDL_T_REG_P + r] = n / 4;
  assert_true(agg[MDL_T_EBE_COST] > 0 && agg[MDL_T_EBE_COST] / 65535 == n); /* no wrap in int64 */
  double m[MDL_M_COUNT];
  memset(m, 0, sizeof m);
  mdl_money_month(&s, &s.territories[0], 50.0, 1.13, agg, n, 1e6, m);
  for (int k = MDL_M_WAGES; k < MDL_M_COUNT; k++) assert_true(isfinite(m[k]));
  assert_true(m[MDL_M_AVOIDED_GROSS] == 65535.0 * (double)n / 12.0 * 1e6);
  assert_true(m[MDL_M_WAGES] > 0 && m[MDL_M_FUNDING] > 0);
  mdl_scenario_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_known_month),
      cmocka_unit_test(test_extreme_tallies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
