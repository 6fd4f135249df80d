/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_params.c: the parameter registry and the scenario loader: defaults, ranges, the resolved
 * scenario round trip, overrides and error collection. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/params.h"
#include "models/scenario.h"
#include "test_util.h"

/* Keys of one group are contiguous, so the writer emits each group once; keys are unique. */
static void check_table(const sim_param_table *t) {
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    assert_non_null(p->meaning);
    assert_non_null(p->unit);
    assert_non_null(p->source);
    for (size_t j = i + 1; j < t->count; j++) assert_string_not_equal(p->key, t->params[j].key);
    const char *dot = strchr(p->key, '.');
    if (!dot) continue;
    size_t g = (size_t)(dot - p->key);
    int left = 0;
    for (size_t j = i + 1; j < t->count; j++) {
      int same = strncmp(t->params[j].key, p->key, g + 1) == 0;
      if (!same) left = 1;
      if (same && left) fail_msg("group of %s is split in the registry", p->key);
    }
  }
}

static void test_registry_shape(void **state) {
  (void)state;
  check_table(&mdl_scenario_params);
  check_table(&mdl_territory_params);
}

/* Every default parses and lies in its declared range. */
static void test_defaults_valid(void **state) {
  (void)state;
  mdl_scenario s;
  mdl_territory t;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(sim_params_defaults(&mdl_scenario_params, &s, &e), SIM_OK);
  assert_int_equal(sim_params_defaults(&mdl_territory_params, &t, &e), SIM_OK);
  assert_int_equal(e.count, 0);
  assert_true(fabs(s.hours_per_month - 151.67) < 1e-12);
  assert_int_equal(s.months, 120);
  assert_int_equal(t.ramp_shape, MDL_RAMP_LINEAR);
  sim_errs_destroy(&e);
}

/* Writing the resolved scenario and reading it back gives the same values, and writes the same text. */
static void test_resolved_round_trip(void **state) {
  (void)state;
  mdl_scenario a, b;
  const char *sets[] = {"seed=123456789012", "territories.A.ramp_shape=logistic",
                        "labour.exit_rate=0.0012345678901234567"};
  tu_load_file("../scenarios/pilots.cfg", NULL, 0, &a);
  mdl_scenario_free(&a);
  tu_load(tu_small, sets, 3, &a);
  char *text = NULL, *text2 = NULL;
  size_t n = 0, n2 = 0;
  FILE *f = open_memstream(&text, &n);
  assert_int_equal(mdl_scenario_write(f, &a), 0);
  fclose(f);
  tu_load(text, NULL, 0, &b);
  f = open_memstream(&text2, &n2);
  assert_int_equal(mdl_scenario_write(f, &b), 0);
  fclose(f);
  assert_int_equal(n, n2);
  assert_memory_equal(text, text2, n);
  assert_int_equal(b.seed, 123456789012LL);
  assert_true(b.exit_rate == 0.0012345678901234567);
  assert_int_equal(b.territories[0].ramp_shape, MDL_RAMP_LOGISTIC);
  assert_string_equal(b.territories[1].name, "B é");
  free(text);
  free(text2);
  mdl_scenario_free(&a);
  mdl_scenario_free(&b);
}

/* Territory defaults apply, territories override them, and --set overrides both. */
static void test_territory_defaults_and_overrides(void **state) {
  (void)state;
  static const char text[] = "name = \"d\"; start = \"2017-01\";\n"
                             "territory_defaults: { hire_max = 7; volunteer_rate = 0.05; };\n"
                             "territories = ( { name = \"A\"; population = 100; ppde_start = 10; unemployed_start = 5; "
                             "program_start = \"2017-01\"; },\n"
                             "                { name = \"B\"; population = 100; ppde_start = 10; unemployed_start = 5; "
                             "program_start = \"2017-02\"; hire_max = 3; } );\n";
  mdl_scenario s;
  const char *sets[] = {"territories.B.volunteer_rate=0.2"};
  tu_load(text, sets, 1, &s);
  assert_int_equal(s.territories[0].hire_max, 7);
  assert_int_equal(s.territories[1].hire_max, 3);
  assert_true(s.territories[0].volunteer_rate == 0.05);
  assert_true(s.territories[1].volunteer_rate == 0.2);
  mdl_scenario_free(&s);
}

/* Every problem of a file is reported, in order, each as FILE:LINE: key: problem (expected ...). */
static void test_all_errors_reported(void **state) {
  (void)state;
  static const char text[] = "name = \"x\"; start = \"2017-01\"; months = 0;\n"
                             "labour: { exit_rat = 0.1; separation_rate = [0.1, 2.0, 0.1]; };\n"
                             "territories = ( { name = \"A\"; population = -5; ppde_start = 1; unemployed_start = 1; "
                             "program_start = \"2017-13\"; } );\n";
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(mdl_scenario_load(NULL, text, "t.cfg", NULL, 0, &s, &e), SIM_EPARAM);
  const char *expect[] = {
      "t.cfg:1: months: 0 is out of range (expected an integer in [1, 1200])",
      "t.cfg:2: labour.exit_rat: unknown key (expected a scenario parameter; did you mean 'labour.exit_rate'?)",
      "t.cfg:2: labour.separation_rate: element 2 = 2 is out of range (expected an array of 3 numbers in [0, 0.5])",
      "t.cfg:3: territories[1].population: -5 is out of range (expected an integer in [1, 70000000])",
      "t.cfg:3: territories[1].program_start: \"2017-13\" is not a valid date (expected a date \"YYYY-MM\")",
  };
  size_t n = sizeof expect / sizeof *expect;
  for (size_t i = 0; i < e.count && i < n; i++) assert_string_equal(e.msg[i], expect[i]);
  assert_int_equal(e.count, n);
  sim_errs_destroy(&e);
}

static void test_set_errors(void **state) {
  (void)state;
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  const char *sets[] = {"labour.exit_rate=abc", "territories.Nowhere.hire_max=3", "ebe.supervision_share=0.5"};
  assert_int_equal(mdl_scenario_load(NULL, tu_small, "t.cfg", sets, 3, &s, &e), SIM_EPARAM);
  assert_int_equal(e.count, 3);
  assert_string_equal(e.msg[0], "--set: labour.exit_rate: cannot parse 'abc' (expected a number in [0, 0.05])");
  assert_string_equal(e.msg[1], "--set: territories.Nowhere: no territory of that name (expected a name listed in "
                                "territories, or *)");
  assert_string_equal(e.msg[2], "--set: ebe.supervision_share: 0.5 is out of range (expected a number in [0, 0.1])");
  sim_errs_destroy(&e);
}

/* Load text that must be refused with exactly these messages. */
static void expect_refused_text(const char *text, const char *const *sets, int nsets, const char *const *want,
                                size_t n) {
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(mdl_scenario_load(NULL, text, "t.cfg", sets, nsets, &s, &e), SIM_EPARAM);
  for (size_t i = 0; i < e.count && i < n; i++) assert_string_equal(e.msg[i], want[i]);
  assert_int_equal(e.count, n);
  sim_errs_destroy(&e);
}

#define TER                                                                                                            \
  "territories = ( { name = \"A\"; population = 1000; ppde_start = 50; unemployed_start = 60; program_start = "        \
  "\"2017-01\"; } );\n"

/* Scenario text given as a string goes through the same reader as files: its literals are checked
 * (a string load was not), an @include in it is refused (no folder to resolve it in, and libconfig
 * must never open a file), and libconfig's own errors keep their line. */
static void test_text_reader(void **state) {
  (void)state;
  const char *wrap[] = {"t.cfg:2: months: 0x10000000C is out of range (expected an integer in [1, 1200])"};
  expect_refused_text("name = \"x\"; start = \"2017-01\";\nmonths = 0x10000000C;\n" TER, NULL, 0, wrap, 1);
  const char *inc[] = {"t.cfg:2: @include \"common.cfg\": not available in scenario text without a file (expected the "
                       "directive in a scenario file)"};
  expect_refused_text("name = \"x\"; start = \"2017-01\";\n  @include \"common.cfg\"\n" TER, NULL, 0, inc, 1);
  const char *syntax[] = {"t.cfg:3: syntax error (expected libconfig syntax: key = value;)"};
  expect_refused_text("name = \"x\"; start = \"2017-01\";\n// a comment\nmonths = = 3;\n" TER, NULL, 0, syntax, 1);
  const char *string[] = {
      "t.cfg:3: string opened here is never closed (expected a closing \" before the end of the file)"};
  expect_refused_text("name = \"x\"; start = \"2017-01\";\n" TER "months = 3; x = \"open\n", NULL, 0, string, 1);
  /* --set values: the same literal check, whatever the key; no control character. */
  const char *sets[] = {"months=0x10000000C", "territories.A.population=0x1000003E8", "name=a\tb"};
  const char *set_msgs[] = {
      "--set: months: 0x10000000C is out of range (expected an integer in [1, 1200])",
      "--set: territories.A.population: 0x1000003E8 is out of range (expected an integer in [1, 70000000])",
      "--set: name: the value holds the control character 0x09 at byte 2 (expected a value on one line, without "
      "control "
      "characters)",
  };
  expect_refused_text("name = \"x\"; start = \"2017-01\"; months = 12;\n" TER, sets, 3, set_msgs, 3);
}

/* A value just outside a bound shows the digits that put it outside, not the bound itself. */
static void test_range_message_digits(void **state) {
  (void)state;
  const char *want[] = {
      "t.cfg:2: labour.exit_rate: 0.0500000000000001 is out of range (expected a number in [0, 0.05])",
      "t.cfg:3: scale: 0.9999999999999999 is out of range (expected a number in [1, 1000000])",
  };
  expect_refused_text("name = \"x\"; start = \"2017-01\"; months = 12;\nlabour: { exit_rate = 0.0500000000000001; };\n"
                      "scale = 0.9999999999999999;\n" TER,
                      NULL, 0, want, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_registry_shape),      cmocka_unit_test(test_defaults_valid),
      cmocka_unit_test(test_resolved_round_trip), cmocka_unit_test(test_territory_defaults_and_overrides),
      cmocka_unit_test(test_all_errors_reported), cmocka_unit_test(test_set_errors),
      cmocka_unit_test(test_text_reader),         cmocka_unit_test(test_range_message_digits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
