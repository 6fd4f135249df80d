/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_json_out.c: the JSON files tzsim writes with jansson (sim/json.c) hold what the hand-written
 * writers they replaced held. tests/data/json-ref/ keeps the files those writers wrote (tzsim
 * 0.1.0 at d21973e) for the example one-territory scenario, with the fields of the machine and the
 * moment (command, compiler, flags, git revision, time) blanked; each new file is parsed back and
 * compared member by member: the same keys in the same order, the same values to the last bit.
 * They were written on the monthly engine, the default then: the runs here ask for it. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"
#include "sim/json.h"

/* Members that depend on the machine, the moment or the path given, not on the writer. */
static int volatile_key(const char *k) {
  static const char *const keys[] = {"command", "compiler",     "c_flags",     "build_type", "git_revision",
                                     "version", "finished_utc", "wall_time_s", "threads",    "scenario_file"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (!strcmp(k, keys[i])) return 1;
  return 0;
}

/* Same tree: keys in the same order, numbers equal (an integer and a real of the same value are
 * equal: 0 became 0.0), strings byte for byte. Prints the first difference. */
// NOLINTNEXTLINE(misc-no-recursion): one level per level of the file
static int same(json_t *a, json_t *b, const char *where) {
  if (json_is_number(a) && json_is_number(b)) {
    if (json_number_value(a) == json_number_value(b)) return 1;
    print_message("%s: %.17g != %.17g\n", where, json_number_value(a), json_number_value(b));
    return 0;
  }
  if (json_typeof(a) != json_typeof(b)) {
    print_message("%s: of another type\n", where);
    return 0;
  }
  if (json_is_string(a)) {
    if (!strcmp(json_string_value(a), json_string_value(b))) return 1;
    print_message("%s: \"%s\" != \"%s\"\n", where, json_string_value(a), json_string_value(b));
    return 0;
  }
  if (json_is_array(a)) {
    if (json_array_size(a) != json_array_size(b)) {
      print_message("%s: %zu != %zu elements\n", where, json_array_size(a), json_array_size(b));
      return 0;
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
      char w[512];
      snprintf(w, sizeof w, "%s[%zu]", where, i);
      if (!same(json_array_get(a, i), json_array_get(b, i), w)) return 0;
    }
    return 1;
  }
  if (json_is_object(a)) {
    void *ia = json_object_iter(a), *ib = json_object_iter(b);
    for (; ia && ib; ia = json_object_iter_next(a, ia), ib = json_object_iter_next(b, ib)) {
      const char *ka = json_object_iter_key(ia), *kb = json_object_iter_key(ib);
      char w[512];
      snprintf(w, sizeof w, "%s.%s", where, ka);
      if (strcmp(ka, kb) != 0) {
        print_message("%s: key \"%s\" where \"%s\" was\n", where, kb, ka);
        return 0;
      }
      if (!volatile_key(ka) && !same(json_object_iter_value(ia), json_object_iter_value(ib), w)) return 0;
    }
    if (ia || ib) print_message("%s: %s keys\n", where, ia ? "missing" : "extra");
    return !ia && !ib;
  }
  return 1; /* true, false, null */
}

/* The file tzsim wrote against the reference, and its bytes: the canonical dump of it (two-space
 * indent, key order kept, shortest round-trip reals), ending with one newline. */
static void check(const char *ref, const char *dir, const char *name) {
  char path[4200], rpath[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(rpath, sizeof rpath, "data/json-ref/%s", ref);
  json_error_t err;
  json_t *want = json_load_file(rpath, JSON_DECODE_ANY, &err), *got = json_load_file(path, 0, &err);
  assert_non_null(want);
  assert_non_null(got);
  assert_true(same(want, got, ref));
  size_t len = 0;
  char *bytes = e2e_slurp(path, &len);
  char *dump = sim_json_dumps(got);
  assert_non_null(dump);
  assert_true(len == strlen(dump) + 1 && bytes[len - 1] == '\n');
  assert_memory_equal(bytes, dump, len - 1);
  free(dump);
  free(bytes);
  json_decref(want);
  json_decref(got);
}

static void run_ok(const char *const *args) {
  e2e_result r = e2e_run(args);
  if (r.status != 0) print_message("%s", r.err);
  assert_int_equal(r.status, 0);
  e2e_result_free(&r);
}

static void test_run(void **state) {
  (void)state;
  const char *d = e2e_path("run");
  run_ok((const char *[]){"run", "../scenarios/examples/one-territory.cfg", "-r", "2", "-o", d, "-q", "--precision",
                          "net_cost_per_fte_year_net_eur=0.5", "--max-replications", "4", "--engine", "monthly", NULL});
  check("summary.json", d, "summary.json");
  check("run-precision.json", d, "run.json");
}

static void test_compare(void **state) {
  (void)state;
  const char *d = e2e_path("cmp");
  run_ok((const char *[]){"compare", "../scenarios/examples/one-territory.cfg",
                          "../scenarios/examples/five-territories.cfg", "-r", "2", "-o", d, "-q", "--common-months",
                          "--engine", "monthly", NULL});
  check("compare.json", d, "compare.json");
}

static void test_shard(void **state) {
  (void)state;
  const char *d = e2e_path("sh1");
  run_ok((const char *[]){"run", "../scenarios/examples/one-territory.cfg", "-r", "2", "--shard", "1/2", "-o", d, "-q",
                          "--engine", "monthly", NULL});
  check("shard.json", d, "shard.json");
}

/* A name with quotes, a backslash and accents: escaped by jansson, the accents kept as UTF-8 (the
 * scenario loader refuses invalid UTF-8 and control characters before any writer sees them). */
static void test_hostile_name(void **state) {
  (void)state;
  const char *d = e2e_path("quotes");
  run_ok((const char *[]){"run", "../scenarios/examples/one-territory.cfg", "-r", "1", "--set", "months=2", "--set",
                          "name=Ni\xc3\xa8vre \"x\" \\ y", "-o", d, "-q", NULL});
  char path[4200];
  snprintf(path, sizeof path, "%s/summary.json", d);
  json_error_t err;
  json_t *j = json_load_file(path, 0, &err);
  assert_non_null(j);
  assert_string_equal(json_string_value(json_object_get(j, "scenario")), "Ni\xc3\xa8vre \"x\" \\ y");
  json_decref(j);
  char *bytes = e2e_slurp(path, NULL);
  assert_non_null(strstr(bytes, "\"scenario\": \"Ni\xc3\xa8vre \\\"x\\\" \\\\ y\",\n"));
  free(bytes);
}

/* Reals in their shortest round-trip form, whole ones with ".0", integers and strings untouched,
 * even a string with an escaped quote (the rewrite must not take it for the string's end). */
static void test_shortest_reals(void **state) {
  (void)state;
  json_t *t = json_pack("{s:f, s:f, s:f, s:f, s:f, s:I, s:s, s:s, s:[f, f]}", "a", 0.1, "b", 6.567, "c", 2.0, "d", -0.0,
                        "e", 1e300, "i", (json_int_t)42, "s", "0.10000000000000001", "q", "say \"1.50", "l", 1.0 / 3.0,
                        123456.789e-20);
  char *s = sim_json_dumps(t);
  assert_non_null(s);
  assert_string_equal(s, "{\n  \"a\": 0.1,\n  \"b\": 6.567,\n  \"c\": 2.0,\n  \"d\": -0.0,\n  \"e\": 1e+300,\n"
                         "  \"i\": 42,\n  \"s\": \"0.10000000000000001\",\n  \"q\": \"say \\\"1.50\",\n"
                         "  \"l\": [\n    0.3333333333333333,\n    1.23456789e-15\n  ]\n}");
  json_t *back = json_loads(s, 0, NULL);
  assert_non_null(back);
  assert_true(json_equal(t, back)); /* the same doubles, bit for bit */
  free(s);
  json_decref(back);
  json_decref(t);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_run), cmocka_unit_test(test_compare),
                                     cmocka_unit_test(test_shard), cmocka_unit_test(test_hostile_name),
                                     cmocka_unit_test(test_shortest_reals)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
