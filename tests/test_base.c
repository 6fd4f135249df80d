/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_base.c: a scenario's `base` group — the shipped scenario a user's own one starts from. Its
 * scenario keys, territory_defaults and territories are read first; the top level overrides the
 * first two key by key and replaces the territories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/scenario.h"

/* What a shipped scenario such as pilots.cfg brings when it is a base. */
#define BASE_GROUP                                                                                                     \
  "base: { name = \"base\"; start = \"2017-01\"; months = 24; seed = 3;\n"                                             \
  "  territory_defaults: { hire_max = 3; ebe_quit_rate = 0.01; };\n"                                                   \
  "  territories = ( { name = \"Base A\"; population = 1000; ppde_start = 50; unemployed_start = 60; program_start = " \
  "\"2017-01\"; },\n"                                                                                                  \
  "                  { name = \"Base B\"; population = 2000; ppde_start = 80; unemployed_start = 90; program_start = " \
  "\"2017-02\"; } );\n"                                                                                                \
  "};\n"

static void load_ok(const char *text, mdl_scenario *s) {
  sim_errs e;
  sim_errs_init(&e);
  sim_status st = mdl_scenario_load(NULL, text, "base-test.cfg", NULL, 0, s, &e);
  if (st != SIM_OK) fail_msg("load failed: %s", e.count ? e.msg[0] : "(no message)");
  sim_errs_destroy(&e);
}

/* No territories at the top level: the base's are used, with both layers of defaults. */
static void test_base_territories_and_defaults(void **state) {
  (void)state;
  mdl_scenario s;
  load_ok(BASE_GROUP "name = \"mine\"; months = 12;\nterritory_defaults: { hire_max = 5; };\n", &s);
  assert_string_equal(s.name, "mine");
  assert_int_equal(s.months, 12);
  assert_int_equal(s.seed, 3); /* from the base */
  assert_int_equal(s.n_territories, 2);
  assert_string_equal(s.territories[1].name, "Base B");
  assert_int_equal(s.territories[0].hire_max, 5);              /* top level over base */
  assert_float_equal(s.territories[0].ebe_quit_rate, 0.01, 0); /* base over the registry's 0.003 */
  mdl_scenario_free(&s);
}

/* Top-level territories replace the base's; the base's defaults still apply to them. */
static void test_top_territories_replace(void **state) {
  (void)state;
  mdl_scenario s;
  load_ok(BASE_GROUP "territories = ( { name = \"Mine\"; population = 3000; ppde_start = 70; unemployed_start = 80;"
                     " program_start = \"2017-03\"; hire_max = 7; } );\n",
          &s);
  assert_int_equal(s.n_territories, 1);
  assert_string_equal(s.territories[0].name, "Mine");
  assert_int_equal(s.territories[0].hire_max, 7);
  assert_float_equal(s.territories[0].ebe_quit_rate, 0.01, 0);
  mdl_scenario_free(&s);
}

/* A key of the base's territory_defaults is checked like any other, named with its group. */
static void test_base_defaults_checked(void **state) {
  (void)state;
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  const char *text = "base: { territory_defaults: { hire_maxx = 3; }; };\n"
                     "name = \"x\"; start = \"2017-01\"; months = 12;\n"
                     "territories = ( { name = \"A\"; population = 1000; ppde_start = 50; unemployed_start = 60; "
                     "program_start = \"2017-01\"; } );\n";
  assert_int_equal(mdl_scenario_load(NULL, text, "base-test.cfg", NULL, 0, &s, &e), SIM_EPARAM);
  assert_true(e.count >= 1);
  assert_non_null(strstr(e.msg[0], "base-test.cfg:1: base.territory_defaults.hire_maxx: unknown key"));
  sim_errs_destroy(&e);
  mdl_scenario_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_base_territories_and_defaults),
      cmocka_unit_test(test_top_territories_replace),
      cmocka_unit_test(test_base_defaults_checked),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
