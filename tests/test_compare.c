/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_compare.c: tzsim compare end to end: a scenario against itself, a CDE change, --vary,
 * and --precision (whose result equals a plain run with as many replications). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

/* A JSON file as one line: jansson writes each member on its own indented line. */
static char *json_flat(char *text) {
  if (!text) return NULL;
  char *w = text;
  for (const char *r = text; *r; r++) {
    if (*r == '\n') {
      while (r[1] == ' ') r++;
      continue;
    }
    *w++ = *r;
  }
  *w = '\0';
  return text;
}

typedef struct {
  char group[128], figure[96], scenario[512], kind[16];
  double mean, lo, hi;
  int n, has;
} row;

/* Parse compare.csv (fields never contain commas in these tests except quoted labels). */
static int read_rows(const char *path, row *rows, int max) {
  char *text = e2e_slurp(path, NULL);
  if (!text) return -1;
  int n = 0;
  char *line = strtok(text, "\n"); /* header */
  while ((line = strtok(NULL, "\n")) != NULL && n < max) {
    row *r = &rows[n];
    memset(r, 0, sizeof *r);
    char *f[16];
    int nf = 0, quoted = 0;
    f[nf++] = line;
    for (char *p = line; *p; p++) {
      if (*p == '"') quoted = !quoted;
      if (*p == ',' && !quoted && nf < 16) {
        *p = '\0';
        f[nf++] = p + 1;
      }
    }
    if (nf < 9) continue;
    snprintf(r->group, sizeof r->group, "%s", f[0]);
    snprintf(r->figure, sizeof r->figure, "%s", f[1]);
    snprintf(r->scenario, sizeof r->scenario, "%s", f[3]);
    snprintf(r->kind, sizeof r->kind, "%s", f[4]);
    r->has = f[5][0] != '\0';
    r->mean = r->has ? atof(f[5]) : (double)NAN;
    r->lo = r->has ? atof(f[6]) : (double)NAN;
    r->hi = r->has ? atof(f[7]) : (double)NAN;
    r->n = atoi(f[8]);
    n++;
  }
  free(text);
  return n;
}

static const row *find(const row *rows, int n, const char *group, const char *figure, const char *kind, int index) {
  for (int i = 0; i < n; i++)
    if (!strcmp(rows[i].group, group) && !strcmp(rows[i].figure, figure) && !strcmp(rows[i].kind, kind) && index-- == 0)
      return &rows[i];
  return NULL;
}

static row rows[20000];

/* A scenario against itself: every difference is exactly 0 with a zero-width interval. */
static void test_self_compare_is_zero(void **state) {
  (void)state;
  const char *d = e2e_path("self");
  e2e_result r = e2e_run((const char *[]){"compare", "../scenarios/pilots.cfg", "../scenarios/pilots.cfg", "-r", "3",
                                          "--set", "months=36", "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char path[4200];
  snprintf(path, sizeof path, "%s/compare.csv", d);
  int n = read_rows(path, rows, 20000);
  assert_true(n > 100);
  int diffs = 0;
  for (int i = 0; i < n; i++) {
    if (strcmp(rows[i].kind, "difference") != 0 || !rows[i].has) continue;
    if (!(rows[i].mean == 0.0 && rows[i].lo == 0.0 && rows[i].hi == 0.0))
      fail_msg("%s %s: difference %g [%g, %g]", rows[i].group, rows[i].figure, rows[i].mean, rows[i].lo, rows[i].hi);
    diffs++;
  }
  assert_true(diffs >= 25 * 11); /* the total and the ten pilots */
  /* Each scenario's own result is there too. */
  snprintf(path, sizeof path, "%s/scenarios/1-pilots/monthly.csv", d);
  assert_true(e2e_exists(path));
  snprintf(path, sizeof path, "%s/scenarios/2-pilots_2/summary.json", d);
  assert_true(e2e_exists(path));
}

/* A higher CDE rate raises public funding and leaves the counterfactual exactly as it was. */
static void test_cde_rate_direction(void **state) {
  (void)state;
  const char *d = e2e_path("cde");
  e2e_result r = e2e_run((const char *[]){"compare", "../scenarios/pilots.cfg", "--vary",
                                          "calendar.cde_rate=((\"2016-01\", 0.95)),((\"2016-01\", 1.01))", "-r", "3",
                                          "--set", "months=36", "-o", d, NULL});
  e2e_expect_ok(&r);
  /* The terminal table: lettered scenarios, one line each per figure (with its unit). */
  assert_non_null(strstr(r.out, "\n  A  pilots [calendar.cde_rate="));
  assert_non_null(strstr(r.out, "\n  B − A "));
  assert_non_null(strstr(r.out, "\npublic_funding_eur (EUR)\n"));
  e2e_result_free(&r);
  char path[4200];
  snprintf(path, sizeof path, "%s/compare.csv", d);
  int n = read_rows(path, rows, 20000);
  const row *f = find(rows, n, "total", "public_funding_eur", "difference", 0);
  assert_non_null(f);
  assert_true(f->mean > 0 && f->lo > 0);
  const row *cf = find(rows, n, "total", "ppde_counterfactual", "difference", 0);
  assert_non_null(cf);
  assert_true(cf->mean == 0.0 && cf->lo == 0.0 && cf->hi == 0.0);
  const row *pr = find(rows, n, "total", "ppde_program", "difference", 0);
  assert_true(pr->mean == 0.0); /* the CDE rate changes money, not people */
  const row *ratio = find(rows, n, "total", "avoided_to_funding_ratio_net", "difference", 0);
  assert_true(ratio->hi < 0);
  /* compare.json lists both scenarios. */
  snprintf(path, sizeof path, "%s/compare.json", d);
  char *js = json_flat(e2e_slurp(path, NULL));
  assert_non_null(strstr(js, "\"baseline\": \"pilots [calendar.cde_rate="));
  assert_non_null(strstr(js, "\"differences\": [null,{\"mean\": "));
  free(js);
}

/* --precision adds replications until the interval is narrow enough; the result is the same as a
 * plain run with that many replications. */
static void test_precision_reproducible(void **state) {
  (void)state;
  const char *a = e2e_path("prec"), *b = e2e_path("plain");
  e2e_result r =
      e2e_run((const char *[]){"run", "-r", "2", "--set", "months=24", "--precision",
                               "net_cost_per_fte_year_net_eur=0.02", "--max-replications", "40", "-o", a, NULL});
  e2e_expect_ok(&r);
  assert_non_null(strstr(r.out, "precision: net_cost_per_fte_year_net_eur within"));
  e2e_result_free(&r);
  char path[4200];
  snprintf(path, sizeof path, "%s/run.json", a);
  char *manifest = json_flat(e2e_slurp(path, NULL));
  char *reps = strstr(manifest, "\"replications\": ");
  assert_non_null(reps);
  int n = atoi(reps + 16);
  assert_true(n > 2 && n <= 40);
  assert_non_null(strstr(manifest, "\"precision\": {\"figure\": \"net_cost_per_fte_year_net_eur\""));
  free(manifest);
  char nr[16];
  snprintf(nr, sizeof nr, "%d", n);
  r = e2e_run((const char *[]){"run", "-r", nr, "--set", "months=24", "-o", b, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char pa[4200], pb[4200];
  snprintf(pa, sizeof pa, "%s/monthly.csv", a);
  snprintf(pb, sizeof pb, "%s/monthly.csv", b);
  assert_true(e2e_same_file(pa, pb));
  snprintf(pa, sizeof pa, "%s/summary.json", a);
  snprintf(pb, sizeof pb, "%s/summary.json", b);
  assert_true(e2e_same_file(pa, pb));
}

/* Scenarios of different sizes: each column is that scenario's own total (its summary.csv). */
static void test_different_territory_lists(void **state) {
  (void)state;
  const char *d = e2e_path("ext");
  e2e_result r = e2e_run((const char *[]){"compare", "../scenarios/pilots.cfg", "../scenarios/extension-50.cfg", "-r",
                                          "2", "--set", "months=84", "-o", d, NULL});
  e2e_expect_ok(&r);
  char path[4200];
  snprintf(path, sizeof path, "%s/compare.csv", d);
  int n = read_rows(path, rows, 20000);
  const row *b = find(rows, n, "total", "ebe_headcount", "value", 1);
  const row *a = find(rows, n, "total", "ebe_headcount", "value", 0);
  const row *diff = find(rows, n, "total", "ebe_headcount", "difference", 0);
  assert_non_null(b);
  assert_true(b->mean > a->mean); /* 60 territories employ more than 10 */
  assert_true(diff->mean == b->mean - a->mean);
  /* The same figure in B's own summary. */
  snprintf(path, sizeof path, "%s/scenarios/2-extension-50/summary.csv", d);
  char *summary = e2e_slurp(path, NULL);
  assert_non_null(summary);
  const char *line = strstr(summary, "\ntotal,ebe_headcount,persons,");
  assert_non_null(line);
  assert_true(atof(line + strlen("\ntotal,ebe_headcount,persons,")) == b->mean);
  free(summary);
  /* Only the territories present in both are compared one by one (the pilots). */
  assert_non_null(find(rows, n, "Jouques", "ebe_headcount", "difference", 0));
  assert_null(find(rows, n, "Generated 001", "ebe_headcount", "value", 0));
  /* The terminal table's B line is B's own total: "ebe_headcount (persons)", "  A  N  [..]", "  B  N  [..]". */
  const char *tab = strstr(r.out, "\nebe_headcount (persons)\n");
  assert_non_null(tab);
  const char *cell = strstr(tab, "\n  B   ");
  assert_non_null(cell);
  char digits[32];
  int k = 0;
  for (cell += 4; *cell == ' '; cell++) continue;
  for (; *cell && *cell != ' ' && k < 31; cell++)
    if (*cell != ',') digits[k++] = *cell;
  digits[k] = '\0';
  if (fabs(atof(digits) - b->mean) > 0.5) fail_msg("table shows B = %s, summary says %g", digits, b->mean);
  e2e_result_free(&r);
}

static void test_compare_needs_two(void **state) {
  (void)state;
  e2e_result r = e2e_run((const char *[]){"compare", "../scenarios/pilots.cfg", "-o", e2e_path("one"), NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err,
                      "command line: compare: one scenario alone (expected at least two scenarios, or --vary)\n");
  e2e_result_free(&r);
  assert_false(e2e_exists(e2e_path("one")));
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_self_compare_is_zero),      cmocka_unit_test(test_cde_rate_direction),
      cmocka_unit_test(test_precision_reproducible),    cmocka_unit_test(test_compare_needs_two),
      cmocka_unit_test(test_different_territory_lists),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
