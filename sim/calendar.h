/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calendar.h: calendar months as integer indices, strict date parsing and piecewise-constant step functions of time. */
#ifndef SIM_CALENDAR_H
#define SIM_CALENDAR_H

#include <stdint.h>

/*
 * A month is counted by its "month index" = year * 12 + (month - 1), so that
 * consecutive months differ by one and January 2017 is 2017 * 12 + 0.
 */

/*
 * Parse "YYYY-MM" (exactly that shape, year 1900..2200, month 01..12) into a
 * month index.  "YYYY-MM-DD" is accepted too when DD is a valid day of that
 * month in the Gregorian calendar, because official texts give full dates;
 * the day is then ignored.  Anything else (spaces, "2017/01", "2017-1",
 * "2017-13", trailing junk, NULL) is rejected.  Returns 0 on success and -1
 * on a bad format; *month_index is written only on success.
 */
int sim_cal_parse(const char *text, int32_t *month_index);

/*
 * Write "YYYY-MM" and a terminating NUL into buf (size >= 8).  A month index
 * whose year lies outside 0..9999 cannot be written in that shape, so it is
 * written as "XXXX-XX" instead.
 */
void sim_cal_format(int32_t month_index, char buf[8]);

/*
 * A calendar step function: the value in force at a month is the value of
 * the last step whose start is <= that month.  Before the first step the
 * first step's value is in force, so a rule is taken to have applied since
 * before the simulated period began.  An empty step function has no value
 * and yields NaN, which propagates visibly instead of posing as a real 0.
 */
#define SIM_CAL_MAX_STEPS 64
typedef struct {
  int n;
  int32_t from[SIM_CAL_MAX_STEPS];
  double value[SIM_CAL_MAX_STEPS];
} sim_cal_steps;

/*
 * Add a step starting at month index `from`.  Steps must be added in
 * strictly increasing date order.  Returns 0 on success, -1 if the function
 * is full (or s is NULL), -2 if `from` is not after the previous step.
 */
int sim_cal_steps_add(sim_cal_steps *s, int32_t from, double value);

/* The value in force at month_index, by the rule above. */
double sim_cal_steps_at(const sim_cal_steps *s, int32_t month_index);

/*
 * Fill out[0..months-1] with the values in force at start + 0 ..
 * start + months - 1, so hot loops can index an array instead of searching.
 * Nothing is written when months <= 0.
 */
void sim_cal_steps_tabulate(const sim_cal_steps *s, int32_t start, int months, double *out);

#endif /* SIM_CALENDAR_H */
