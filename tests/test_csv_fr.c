/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_csv_fr.c: --csv fr writes NAME.fr.csv beside every NAME.csv of a result: a UTF-8 byte-order
 * mark, ';' between cells, a decimal comma; the same values as the RFC 4180 file, which stays byte
 * for byte what a run without the option writes. A bad dialect is refused before anything runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"
#include "sim/csv.h"

/* The French file against the default one: same rows and cells, numbers with ',' for '.'. */
static void same_values(const char *dir, const char *name) {
  char path[4200], fr[4200];
  snprintf(path, sizeof path, "%s/%s.csv", dir, name);
  snprintf(fr, sizeof fr, "%s/%s.fr.csv", dir, name);
  sim_errs e;
  sim_errs_init(&e);
  sim_csv_table t;
  assert_int_equal(sim_csv_read(path, &t, &e), SIM_OK);
  size_t len = 0;
  char *text = e2e_slurp(fr, &len);
  assert_non_null(text);
  assert_memory_equal(text, "\xEF\xBB\xBF", 3);
  char *p = text + 3;
  size_t cells = 0, numbers = 0;
  for (size_t r = 0; r <= t.nrows; r++)
    for (int c = 0; c < t.ncols; c++) {
      const char *want = r == 0 ? t.head[c] : sim_csv_get(&t, r - 1, c);
      size_t n = strcspn(p, ";\n\""); /* tzsim's own names here: no quoted cell */
      char got[256];
      assert_true(n < sizeof got);
      memcpy(got, p, n);
      got[n] = '\0';
      assert_int_equal(p[n], c + 1 < t.ncols ? ';' : '\n');
      p += n + 1;
      char *end = NULL;
      double v = strtod(want, &end);
      if (*want && !*end && strchr(want, '.')) { /* a number with a fraction: a decimal comma */
        numbers++;
        assert_null(strchr(got, '.'));
        for (char *q = got; *q; q++)
          if (*q == ',') *q = '.';
        assert_true(strtod(got, NULL) == v);
      } else {
        assert_string_equal(got, want);
      }
      cells++;
    }
  assert_true(*p == '\0' && cells > 0 && numbers > 0);
  free(text);
  sim_csv_free(&t);
  sim_errs_destroy(&e);
}

static void test_run_fr(void **state) {
  (void)state;
  const char *d = e2e_path("fr"), *plain = e2e_path("plain");
  e2e_result r = e2e_run((const char *[]){"run", "../scenarios/examples/one-territory.cfg", "-r", "2", "--set",
                                          "months=12", "-o", d, "-q", "--csv", "fr", NULL});
  assert_int_equal(r.status, 0);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "../scenarios/examples/one-territory.cfg", "-r", "2", "--set", "months=12", "-o",
                               plain, "-q", "--csv", "rfc4180", NULL});
  assert_int_equal(r.status, 0);
  e2e_result_free(&r);
  const char *names[] = {"monthly", "summary", "cohorts"};
  for (size_t i = 0; i < 3; i++) {
    same_values(d, names[i]);
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/%s.csv", d, names[i]);
    snprintf(b, sizeof b, "%s/%s.csv", plain, names[i]);
    assert_true(e2e_same_file(a, b)); /* the default file is unchanged by the option */
    snprintf(b, sizeof b, "%s/%s.fr.csv", plain, names[i]);
    assert_false(e2e_exists(b)); /* rfc4180 (the default) writes no French copy */
  }
}

/* compare: its own files and those of each scenario's folder. */
static void test_compare_fr(void **state) {
  (void)state;
  const char *d = e2e_path("cmp-fr");
  e2e_result r = e2e_run((const char *[]){"compare", "../scenarios/examples/one-territory.cfg",
                                          "../scenarios/examples/one-territory.cfg", "-r", "2", "--set", "months=12",
                                          "-o", d, "-q", "--csv", "fr", NULL});
  assert_int_equal(r.status, 0);
  e2e_result_free(&r);
  same_values(d, "compare");
  char sub[4200];
  snprintf(sub, sizeof sub, "%s/scenarios/1-my-territory", d);
  same_values(sub, "monthly");
}

/* Names are data: a formula stays neutralised (OWASP, as in the default files) and a ';' or a quote
 * is quoted, so that a French spreadsheet shows the name in one cell and runs nothing. */
static void test_hostile_names(void **state) {
  (void)state;
  const struct {
    const char *name, *fr, *rfc;
  } cases[] = {{"=1+2;x", "\n\"'=1+2;x\";ebe_headcount;persons;", "\n\"'=1+2;x\",ebe_headcount,persons,"},
               {"a;b \"c\"", "\n\"a;b \"\"c\"\"\";ebe_headcount;persons;",
                "\n\"a;b \"\"c\"\"\",ebe_headcount,persons,"},
               {"x,y", "\nx,y;ebe_headcount;persons;", "\n\"x,y\",ebe_headcount,persons,"},
               {"p;q", "\n\"p;q\";ebe_headcount;persons;", "\np;q,ebe_headcount,persons,"}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char set[200], dir[64];
    snprintf(set, sizeof set, "territories.My territory.name=%s", cases[i].name);
    snprintf(dir, sizeof dir, "hostile-%zu", i);
    const char *d = e2e_path(dir);
    e2e_result r = e2e_run((const char *[]){"run", "../scenarios/examples/one-territory.cfg", "-r", "1", "--set",
                                            "months=2", "--set", set, "-o", d, "-q", "--csv", "fr", NULL});
    assert_int_equal(r.status, 0);
    e2e_result_free(&r);
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.fr.csv", d);
    char *fr = e2e_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/summary.csv", d);
    char *rfc = e2e_slurp(path, NULL);
    assert_non_null(fr);
    assert_non_null(rfc);
    assert_non_null(strstr(fr, cases[i].fr));
    assert_non_null(strstr(rfc, cases[i].rfc));
    free(fr);
    free(rfc);
  }
}

static void test_bad_dialect(void **state) {
  (void)state;
  const char *d = e2e_path("bad");
  e2e_result r =
      e2e_run((const char *[]){"run", "../scenarios/examples/one-territory.cfg", "-o", d, "--csv", "excel", NULL});
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "command line: --csv: 'excel' is not a CSV dialect (expected rfc4180 or fr)"));
  assert_false(e2e_exists(d));
  e2e_result_free(&r);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_run_fr), cmocka_unit_test(test_compare_fr),
                                     cmocka_unit_test(test_hostile_names), cmocka_unit_test(test_bad_dialect)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
