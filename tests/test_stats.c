/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_stats.c: t-intervals, ratio-of-means intervals, and the output quoting helpers. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/engine.h"
#include "sim/output.h"
#include "sim/stats.h"

static void test_t_interval_known_values(void **state) {
  (void)state;
  /* x = 1..5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445105. */
  double x[] = {1, 2, 3, 4, 5};
  sim_stats_ci c = sim_stats_ci_of(x, 1, 5);
  double half = 2.7764451051977987 * sqrt(2.5) / sqrt(5.0);
  assert_true(fabs(c.mean - 3) < 1e-12);
  assert_true(fabs(c.hi - (3 + half)) < 1e-9 && fabs(c.lo - (3 - half)) < 1e-9);
  /* Running moments give the same. */
  sim_stats_acc a = {0, 0, 0};
  for (int i = 0; i < 5; i++) sim_stats_add(&a, x[i]);
  sim_stats_ci d = sim_stats_ci_of_acc(&a);
  assert_true(fabs(d.lo - c.lo) < 1e-12 && fabs(d.hi - c.hi) < 1e-12);
  /* One value: a point. NaN values are skipped. */
  double y[] = {(double)NAN, 7, (double)NAN};
  c = sim_stats_ci_of(y, 1, 3);
  assert_int_equal(c.n, 1);
  assert_true(c.lo == 7 && c.hi == 7);
}

static void test_ratio_of_means(void **state) {
  (void)state;
  /* Interleaved storage (stride 2), as headline figures are stored. */
  double xy[] = {10, 2, 12, 2, 14, 3, 16, 3};
  sim_stats_ci r = sim_stats_ratio_ci(xy, xy + 1, 2, 4);
  assert_true(fabs(r.mean - 13.0 / 2.5) < 1e-12); /* ratio of means, not mean of ratios (5.4) */
  assert_true(r.lo < r.mean && r.hi > r.mean);
  /* Perfectly proportional pairs: no uncertainty in the ratio. */
  double p[] = {2, 1, 4, 2, 6, 3};
  r = sim_stats_ratio_ci(p, p + 1, 2, 3);
  assert_true(fabs(r.mean - 2) < 1e-12 && fabs(r.hi - r.lo) < 1e-9);
}

static char *capture(void (*fn)(FILE *, const char *), const char *s) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  fn(f, s);
  fclose(f);
  return buf;
}

static void test_quoting(void **state) {
  (void)state;
  char *c = capture(sim_csv_field, "Paris 13e");
  assert_string_equal(c, "Paris 13e");
  free(c);
  c = capture(sim_csv_field, "a,\"b\"\nc");
  assert_string_equal(c, "\"a,\"\"b\"\"\nc\"");
  free(c);
  /* JSON strings are jansson's: escapes for quotes and controls, invalid UTF-8 as U+FFFD. */
  json_t *j = sim_json_text("Nièvre \"et\" Forêt\n\x01");
  c = json_dumps(j, JSON_ENCODE_ANY);
  assert_string_equal(c, "\"Nièvre \\\"et\\\" Forêt\\n\\u0001\"");
  free(c);
  json_decref(j);
  j = sim_json_text("bad \xff\xfe utf8");
  assert_string_equal(json_string_value(j), "bad \xef\xbf\xbd\xef\xbf\xbd utf8");
  json_decref(j);
}

static void test_safe_names(void **state) {
  (void)state;
  char out[64];
  sim_safe_name("Nièvre et Forêt", out, sizeof out);
  assert_string_equal(out, "Nievre_et_Foret");
  sim_safe_name("../../etc/passwd", out, sizeof out);
  assert_string_equal(out, "_etc_passwd");
  sim_safe_name("..", out, sizeof out);
  assert_string_equal(out, "unnamed");
  sim_safe_name("Paris 13e / \"Bédier\"", out, sizeof out);
  assert_string_equal(out, "Paris_13e_Bedier");
  sim_safe_name("%n%s", out, sizeof out);
  assert_string_equal(out, "_n_s");
}

/* The model's extra vectors: running statistics in replication order, a missing value (NaN) left
 * out of its cell only; the same as a run of the engine would give. */
static void test_extra_vectors_skip_missing(void **state) {
  (void)state;
  sim_run_result r;
  assert_int_equal(sim_result_begin(&r, 3, 1, 1, 0), SIM_OK);
  assert_int_equal(sim_result_begin_extra(&r, 2), SIM_OK);
  const double row = 0, a[2] = {1.0, (double)NAN}, b[2] = {3.0, 5.0}, c[2] = {5.0, 7.0};
  const double *reps[3] = {a, b, c};
  for (int k = 0; k < 3; k++) {
    sim_result_add_replication(&r, &row, &row); /* no headline figures: nothing is read */
    sim_result_add_extra(&r, reps[k]);
  }
  sim_stats_ci x = sim_stats_ci_of_acc(&r.extra[0]), y = sim_stats_ci_of_acc(&r.extra[1]);
  assert_int_equal(x.n, 3);
  assert_true(x.mean == 3.0);
  assert_int_equal(y.n, 2);
  assert_true(y.mean == 6.0);
  assert_true(isfinite(y.lo) && isfinite(y.hi));
  sim_run_result_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_t_interval_known_values),
      cmocka_unit_test(test_extra_vectors_skip_missing),
      cmocka_unit_test(test_ratio_of_means),
      cmocka_unit_test(test_quoting),
      cmocka_unit_test(test_safe_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
