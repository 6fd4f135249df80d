/* money.h: the money of one territory in one month (MODEL.md sections 5 and 6). */
#ifndef MDL_MONEY_H
#define MDL_MONEY_H
#include <stdint.h>

#include "models/params.h"

/* Fill the money metrics (MDL_M_WAGES ... the outlays, not MDL_M_AVOIDED_NET) of one arm from its
 * end-of-month counters `agg` (MDL_T_* of one arm) and the month's hires. Every sum is over
 * integer counters, so the result is the same whatever the order agents were processed in.
 * `scale` turns agents into persons. */
void mdl_money_month(const mdl_scenario *s, const mdl_territory *t, double smic_hourly, double cde_rate,
                     const int64_t *agg, int64_t hires, double scale, double *metrics);

/* The monthly cost components of a person without job in a regime, booked to their payer. */
void mdl_money_regime_split(const mdl_scenario *s, int regime, double by_payer[MDL_NPAYER]);

#endif
