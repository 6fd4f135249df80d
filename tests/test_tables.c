/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_tables.c: the conversions between a result's files and what a reader sees, recomputed
 * exactly: the plots layer's CSV reader (quoted fields, numbers, months; plots/table.c), the month
 * labels of sim/calendar.c it must agree with, and the probability thresholds of sim/rng.c
 * (round to nearest, so an event of probability p happens with probability p to 2^-33). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/table.h"
#include "sim/calendar.h"
#include "sim/rng.h"

static void test_csv_reader(void **state) {
  (void)state;
  char path[] = "/tmp/tzsim_test_tables_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  assert_non_null(f);
  fputs("territory,date,value,note\r\n"
        "\"Saint-Jean, \"\"Villeurbanne\"\"\",2017-01,12.5,\r\n"
        "Thiers,2023-12,-3e2,12abc\n"
        "Pipriac,1999-06,,7 \n",
        f);
  fclose(f);
  plt_table t;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(plt_table_read(path, &t, &e), SIM_OK);
  remove(path);
  assert_int_equal(t.ncols, 4);
  assert_int_equal(t.nrows, 3);
  int c_t = plt_table_col(&t, "territory"), c_d = plt_table_col(&t, "date"), c_v = plt_table_col(&t, "value"),
      c_n = plt_table_col(&t, "note");
  assert_int_equal(c_n, 3);
  assert_int_equal(plt_table_col(&t, "missing"), -1);
  assert_string_equal(plt_table_get(&t, 0, c_t), "Saint-Jean, \"Villeurbanne\"");
  assert_string_equal(plt_table_get(&t, 1, c_t), "Thiers");
  /* Numbers: the whole field or NaN (a unit or a stray character is not a number). */
  assert_true(plt_table_num(&t, 0, c_v) == 12.5);
  assert_true(plt_table_num(&t, 1, c_v) == -300.0);
  assert_true(isnan(plt_table_num(&t, 2, c_v)));
  assert_true(isnan(plt_table_num(&t, 1, c_n)));
  assert_true(isnan(plt_table_num(&t, 2, c_n)));
  assert_true(isnan(plt_table_num(&t, 0, c_n)));
  /* Months: year * 12 + month - 1, the index sim/calendar.c gives the same label. */
  const char *dates[] = {"2017-01", "2023-12", "1999-06"};
  for (size_t r = 0; r < 3; r++) {
    int32_t m = 0;
    char back[8];
    assert_string_equal(plt_table_get(&t, r, c_d), dates[r]);
    assert_int_equal(sim_cal_parse(dates[r], &m), 0);
    assert_int_equal(plt_month(dates[r]), m);
    sim_cal_format(m, back);
    assert_string_equal(back, dates[r]);
  }
  assert_int_equal(plt_month("2017-01"), 2017 * 12);
  assert_int_equal(plt_month("2017-13"), -1);
  assert_int_equal(plt_month("2017-1"), -1);
  plt_table_free(&t);
  sim_errs_destroy(&e);
}

static void test_thresholds(void **state) {
  (void)state;
  /* p * 2^32 rounded to the nearest integer. */
  const double p[] = {0.3, 0.1, 1e-9, 0.5, 0.7, 0.999999999, 1.0 / 3.0};
  for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
    double exact = p[i] * 4294967296.0;
    uint64_t want = (uint64_t)floor(exact + 0.5);
    if (sim_rng_threshold(p[i]) != want)
      fail_msg("threshold(%.17g) = %llu, expected %llu", p[i], (unsigned long long)sim_rng_threshold(p[i]),
               (unsigned long long)want);
  }
  assert_true(sim_rng_threshold(1.0) == UINT64_C(1) << 32);
  assert_true(sim_rng_threshold(0.0) == 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csv_reader),
      cmocka_unit_test(test_thresholds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
