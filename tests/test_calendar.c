/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_calendar.c: tests for sim/calendar: strict month parsing, formatting and calendar step functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "sim/calendar.h"

/* The month index of year y, month m (1..12), written out independently of the parser. */
static int32_t mi(int y, int m) { return (int32_t)(y * 12 + (m - 1)); }

/* Parse text expecting success, returning the month index. */
static int32_t parse_ok(const char *text) {
  int32_t out = -12345;

  assert_int_equal(sim_cal_parse(text, &out), 0);
  return out;
}

static void test_parse_valid(void **state) {
  (void)state;
  assert_int_equal(parse_ok("2017-01"), mi(2017, 1));
  assert_int_equal(parse_ok("2017-12"), mi(2017, 12));
  assert_int_equal(parse_ok("1900-01"), mi(1900, 1));
  assert_int_equal(parse_ok("2200-12"), mi(2200, 12));
  /* Full dates are accepted and the day is ignored. */
  assert_int_equal(parse_ok("2017-03-15"), mi(2017, 3));
  assert_int_equal(parse_ok("2017-01-31"), mi(2017, 1));
  assert_int_equal(parse_ok("2016-02-29"), mi(2016, 2));
  assert_int_equal(parse_ok("2000-02-29"), mi(2000, 2));
  assert_int_equal(parse_ok("2017-04-30"), mi(2017, 4));
  /* Consecutive months must differ by exactly one across a year boundary. */
  assert_int_equal(parse_ok("2018-01") - parse_ok("2017-12"), 1);
}

static void test_parse_invalid(void **state) {
  static const char *const bad[] = {
      "",            /* empty */
      " 2017-01",    /* leading space */
      "2017-01 ",    /* trailing space */
      "2017 -01",    /* inner space */
      "2017/01",     /* wrong separator */
      "2017-1",      /* one-digit month */
      "17-01",       /* two-digit year */
      "2017-13",     /* month too large */
      "2017-00",     /* month zero */
      "1899-12",     /* year too early */
      "2201-01",     /* year too late */
      "2017-01x",    /* trailing junk */
      "2017-01-",    /* dangling separator */
      "2017-01-1",   /* one-digit day */
      "2017-01-32",  /* day too large */
      "2017-01-00",  /* day zero */
      "2017-02-29",  /* not a leap year */
      "1900-02-29",  /* century year that is not a leap year */
      "2017-04-31",  /* April has 30 days */
      "2017-01-01T", /* junk after a full date */
      "2017-01-015", /* three-digit day */
      "+017-01",     /* sign instead of a digit */
      "2017-0a",     /* letter in the month */
      "2017",        /* year only */
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int32_t out = 777;

    if (sim_cal_parse(bad[i], &out) != -1) {
      fail_msg("accepted bad date \"%s\"", bad[i]);
    }
    /* A failed parse must leave the output alone. */
    assert_int_equal(out, 777);
  }
  assert_int_equal(sim_cal_parse(NULL, NULL), -1);
  {
    int32_t out;

    assert_int_equal(sim_cal_parse(NULL, &out), -1);
  }
  assert_int_equal(sim_cal_parse("2017-01", NULL), -1);
}

static void test_format(void **state) {
  char buf[8];

  (void)state;
  sim_cal_format(mi(2017, 1), buf);
  assert_string_equal(buf, "2017-01");
  sim_cal_format(mi(1999, 12), buf);
  assert_string_equal(buf, "1999-12");
  sim_cal_format(mi(987, 10), buf);
  assert_string_equal(buf, "0987-10");
  sim_cal_format(-1, buf);
  assert_string_equal(buf, "XXXX-XX");
  sim_cal_format(mi(10000, 1), buf);
  assert_string_equal(buf, "XXXX-XX");
}

static void test_format_round_trip(void **state) {
  int32_t m;
  char buf[8];

  (void)state;
  /* Every month of the accepted range must survive format then parse unchanged. */
  for (m = mi(1900, 1); m <= mi(2200, 12); m++) {
    int32_t back = -1;

    sim_cal_format(m, buf);
    assert_int_equal(strlen(buf), 7);
    assert_int_equal(sim_cal_parse(buf, &back), 0);
    assert_int_equal(back, m);
  }
}

/* A step function with three steps: 1.0 from 2015-01, 2.0 from 2017-07, 3.0 from 2020-01. */
static sim_cal_steps three_steps(void) {
  sim_cal_steps s;

  memset(&s, 0, sizeof s);
  assert_int_equal(sim_cal_steps_add(&s, mi(2015, 1), 1.0), 0);
  assert_int_equal(sim_cal_steps_add(&s, mi(2017, 7), 2.0), 0);
  assert_int_equal(sim_cal_steps_add(&s, mi(2020, 1), 3.0), 0);
  assert_int_equal(s.n, 3);
  return s;
}

static void test_steps_lookup(void **state) {
  sim_cal_steps s = three_steps();

  (void)state;
  /* Before the first step the first value is in force. */
  assert_true(sim_cal_steps_at(&s, mi(2000, 1)) == 1.0);
  assert_true(sim_cal_steps_at(&s, mi(2014, 12)) == 1.0);
  /* At a step its own value applies, and the month before still has the previous value. */
  assert_true(sim_cal_steps_at(&s, mi(2015, 1)) == 1.0);
  assert_true(sim_cal_steps_at(&s, mi(2017, 6)) == 1.0);
  assert_true(sim_cal_steps_at(&s, mi(2017, 7)) == 2.0);
  /* Between steps. */
  assert_true(sim_cal_steps_at(&s, mi(2018, 3)) == 2.0);
  assert_true(sim_cal_steps_at(&s, mi(2019, 12)) == 2.0);
  assert_true(sim_cal_steps_at(&s, mi(2020, 1)) == 3.0);
  /* After the last step, indefinitely. */
  assert_true(sim_cal_steps_at(&s, mi(2100, 6)) == 3.0);
  assert_true(sim_cal_steps_at(&s, INT32_MAX) == 3.0);
  assert_true(sim_cal_steps_at(&s, INT32_MIN) == 1.0);
}

static void test_steps_single_and_empty(void **state) {
  sim_cal_steps s;
  double out[3];

  (void)state;
  memset(&s, 0, sizeof s);
  /* An empty step function has no value to give, so it yields NaN. */
  assert_true(isnan(sim_cal_steps_at(&s, mi(2017, 1))));
  assert_true(isnan(sim_cal_steps_at(NULL, mi(2017, 1))));
  sim_cal_steps_tabulate(&s, mi(2017, 1), 3, out);
  assert_true(isnan(out[0]) && isnan(out[1]) && isnan(out[2]));

  assert_int_equal(sim_cal_steps_add(&s, mi(2017, 1), 0.25), 0);
  assert_true(sim_cal_steps_at(&s, mi(2010, 1)) == 0.25);
  assert_true(sim_cal_steps_at(&s, mi(2017, 1)) == 0.25);
  assert_true(sim_cal_steps_at(&s, mi(2030, 1)) == 0.25);
}

static void test_steps_add_errors(void **state) {
  sim_cal_steps s = three_steps();
  int i;

  (void)state;
  /* Earlier than the last step, and equal to it, are both out of order. */
  assert_int_equal(sim_cal_steps_add(&s, mi(2016, 1), 9.0), -2);
  assert_int_equal(sim_cal_steps_add(&s, mi(2020, 1), 9.0), -2);
  assert_int_equal(s.n, 3);
  assert_true(sim_cal_steps_at(&s, mi(2020, 1)) == 3.0);

  /* Fill to capacity, then one more must report full. */
  for (i = s.n; i < SIM_CAL_MAX_STEPS; i++) {
    assert_int_equal(sim_cal_steps_add(&s, mi(2021, 1) + i, (double)i), 0);
  }
  assert_int_equal(s.n, SIM_CAL_MAX_STEPS);
  assert_int_equal(sim_cal_steps_add(&s, mi(2100, 1), 1.0), -1);
  assert_int_equal(s.n, SIM_CAL_MAX_STEPS);
  assert_int_equal(sim_cal_steps_add(NULL, mi(2100, 1), 1.0), -1);

  /* With every slot used, lookups must still find the last step. */
  assert_true(sim_cal_steps_at(&s, mi(2100, 1)) == (double)(SIM_CAL_MAX_STEPS - 1));
}

static void test_steps_tabulate(void **state) {
  sim_cal_steps s = three_steps();
  enum { MONTHS = 120 };
  double out[MONTHS + 1];
  int32_t start = mi(2014, 1);
  int i;

  (void)state;
  out[MONTHS] = -99.0;
  sim_cal_steps_tabulate(&s, start, MONTHS, out);
  for (i = 0; i < MONTHS; i++) {
    assert_true(out[i] == sim_cal_steps_at(&s, start + i));
  }
  /* Spot checks against hand-computed positions, independent of sim_cal_steps_at. */
  assert_true(out[0] == 1.0); /* 2014-01, before the first step */
  assert_true(out[mi(2017, 6) - start] == 1.0);
  assert_true(out[mi(2017, 7) - start] == 2.0);
  assert_true(out[mi(2020, 1) - start] == 3.0);
  assert_true(out[MONTHS - 1] == 3.0); /* 2023-12 */
  /* The tabulation must not write past the requested length. */
  assert_true(out[MONTHS] == -99.0);

  /* A start after a step boundary and a zero length. */
  sim_cal_steps_tabulate(&s, mi(2019, 11), 4, out);
  assert_true(out[0] == 2.0 && out[1] == 2.0 && out[2] == 3.0 && out[3] == 3.0);
  out[0] = -1.0;
  sim_cal_steps_tabulate(&s, mi(2019, 11), 0, out);
  assert_true(out[0] == -1.0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_valid),      cmocka_unit_test(test_parse_invalid),
      cmocka_unit_test(test_format),           cmocka_unit_test(test_format_round_trip),
      cmocka_unit_test(test_steps_lookup),     cmocka_unit_test(test_steps_single_and_empty),
      cmocka_unit_test(test_steps_add_errors), cmocka_unit_test(test_steps_tabulate),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
