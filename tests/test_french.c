/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_french.c: the terminal tables of run and compare in French (--lang fr, or LANG=fr_...): French
 * words, French numbers ("14 629 €", "135,5 M€", integer counts, intervals [lo ; hi]), at most 100
 * display columns; --lang en overrides the environment; and compare --plot shows every scenario's
 * calendar, seed and replications in its report and figures, in the language asked (issue 15). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

#define PILOTS "../scenarios/pilots.cfg"
#define EXT50 "../scenarios/extension-50.cfg"
#define NNBSP "\xE2\x80\xAF" /* U+202F, the French thousands separator */
#define NBSP "\xC2\xA0"      /* U+00A0, between a number and its unit */

static void has(const char *text, const char *part) {
  if (!strstr(text, part)) fail_msg("expected \"%s\" in:\n%s", part, text);
}

/* Display columns of a line: one per UTF-8 character (the tables hold no wide characters), so "€"
 * and the no-break spaces, several bytes each, count one. */
static int columns(const char *s, size_t len) {
  int cols = 0;
  for (size_t i = 0; i < len; i++) cols += ((unsigned char)s[i] & 0xC0) != 0x80;
  return cols;
}

/* Every line within 100 columns, except the one naming the output folder (as long as the user made it). */
static void expect_narrow(const char *text, const char *outdir) {
  for (const char *line = text; *line;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    char shown[600];
    snprintf(shown, sizeof shown, "%.*s", (int)(len < 590 ? len : 590), line);
    if (columns(line, len) > 100 && !strstr(shown, outdir))
      fail_msg("line of %d columns: %s", columns(line, len), shown);
    if (!end) break;
    line = end + 1;
  }
}

/* The integer part of a number grouped by three with sep ("1234567" -> "1 234 567"). */
static void grouped(const char *digits, const char *sep, char *out, size_t n) {
  size_t len = strlen(digits), k = 0;
  out[0] = '\0';
  for (size_t i = 0; i < len && k + 8 < n; i++) {
    out[k++] = digits[i];
    if ((len - i - 1) % 3 == 0 && i + 1 < len) k += (size_t)snprintf(out + k, n - k, "%s", sep);
  }
  out[k] = '\0';
}

/* The French form of an amount, written here independently of plots/i18n.c: "14 629 €" below a
 * million, "135,5 M€" from a million. */
static void french_money(double v, char *out, size_t n) {
  char raw[64], intpart[64], grp[128];
  const char *sign = v < 0 ? "-" : "";
  if (fabs(v) >= 1e6) {
    snprintf(raw, sizeof raw, "%.1f", fabs(v) / 1e6);
    char *dot = strchr(raw, '.');
    snprintf(intpart, sizeof intpart, "%.*s", (int)(dot - raw), raw);
    grouped(intpart, NNBSP, grp, sizeof grp);
    snprintf(out, n, "%s%s,%s" NBSP "M€", sign, grp, dot + 1);
  } else {
    snprintf(intpart, sizeof intpart, "%.0f", fabs(v));
    grouped(intpart, NNBSP, grp, sizeof grp);
    snprintf(out, n, "%s%s" NBSP "€", sign, grp);
  }
}

/* The mean of a figure for the total, from summary.csv (territory,figure,unit,mean,...). */
static double total_mean(const char *dir, const char *figure) {
  char *csv = e2e_slurp(e2e_in(dir, "summary.csv"), NULL);
  assert_non_null(csv);
  char key[200];
  snprintf(key, sizeof key, "\ntotal,%s,", figure);
  const char *at = strstr(csv, key);
  if (!at) fail_msg("no %s for the total in %s/summary.csv", figure, dir);
  at = strchr(at + strlen(key), ','); /* after the unit */
  double v = strtod(at + 1, NULL);
  free(csv);
  return v;
}

/* The line of the table that starts with "  KEY " (the figure's key, which links it to the files). */
static void table_line(const char *out, const char *key, char *line, size_t n) {
  char want[200];
  snprintf(want, sizeof want, "\n  %s ", key);
  const char *at = strstr(out, want);
  if (!at) fail_msg("no line for %s in:\n%s", key, out);
  at += 1;
  const char *end = strchr(at, '\n');
  snprintf(line, n, "%.*s", (int)(end ? end - at : (long)strlen(at)), at);
}

/* run --lang fr: French words, French numbers checked against summary.csv, 100 columns. */
static void test_run_table_french(void **state) {
  (void)state;
  const char *out = e2e_path("run-fr");
  e2e_result r = e2e_run((const char *[]){"run", PILOTS, "--set", "months=24", "--set", "scale=40", "-r", "3", "-t",
                                          "2", "--lang", "fr", "-o", out, "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.err, "");
  expect_narrow(r.out, out);
  has(r.out, "pilots : 3 réplications, 10 territoires\n  2017-01 à 2018-12 (24 mois), graine 20170101, ");
  has(r.out, "\n  total des territoires                      moyenne  intervalle à 95 %\n");
  has(r.out, "\n  [bas ; haut] : intervalle à 95 % sur les 3 réplications (erreur de Monte-Carlo seule)\n");
  has(r.out, "\n  chaque indicateur, par territoire, avec son unité : summary.csv et summary.json\n");
  assert_null(strstr(r.out, "replication")); /* no English word left */
  assert_null(strstr(r.out, "interval "));
  /* Money: millions as "5,4 M€", euros grouped by narrow no-break spaces, intervals "[lo ; hi]". */
  static const char *const money[] = {"public_funding_eur", "net_cost_per_fte_year_net_eur",
                                      "net_cost_per_fte_year_premise_eur"};
  for (size_t i = 0; i < sizeof money / sizeof *money; i++) {
    char line[400], want[120], value[80];
    table_line(r.out, money[i], line, sizeof line);
    french_money(total_mean(out, money[i]), value, sizeof value);
    snprintf(want, sizeof want, " %s  [", value);
    if (!strstr(line, want)) fail_msg("expected \"%s\" in the line: %s", want, line);
    has(line, " ; ");
    assert_null(strchr(line, '.')); /* decimal comma only */
  }
  char line[400];
  table_line(r.out, "public_funding_eur", line, sizeof line);
  has(line, NBSP "M€ ; "); /* the interval in the mean's unit */
  /* A count is a whole number, with French grouping when large. */
  table_line(r.out, "ebe_headcount", line, sizeof line);
  char count[64], grp[96];
  snprintf(count, sizeof count, "%.0f", total_mean(out, "ebe_headcount"));
  grouped(count, NNBSP, grp, sizeof grp);
  char want[160];
  snprintf(want, sizeof want, " %s  [", grp);
  if (!strstr(line, want)) fail_msg("expected \"%s\" in the line: %s", want, line);
  /* A ratio with a decimal comma. */
  table_line(r.out, "avoided_to_funding_ratio_net", line, sizeof line);
  has(line, "0,");
  e2e_result_free(&r);
}

/* One replication in French: the note says so, in French, and the interval column is "—". */
static void test_one_replication_french(void **state) {
  (void)state;
  const char *out = e2e_path("run-fr-1");
  e2e_result r = e2e_run((const char *[]){"run", PILOTS, "--set", "months=12", "--set", "scale=40", "-r", "1", "--lang",
                                          "fr", "-o", out, "--quiet", NULL});
  e2e_expect_ok(&r);
  expect_narrow(r.out, out);
  has(r.out, "pilots : 1 réplication, 10 territoires\n");
  has(r.out, NBSP "€  —\n");
  has(r.out, "\n  — pas d'intervalle avec 1 réplication : lancer avec -r 2 ou plus pour les intervalles à 95 %\n");
  e2e_result_free(&r);
}

/* LANG=fr_FR.UTF-8 picks French; --lang en overrides it; LC_ALL comes before LANG. */
static void test_language_from_environment(void **state) {
  (void)state;
  const char *const args[] = {"run", PILOTS, "--set", "months=12", "--set", "scale=40", "-r",
                              "1",   "-o",   NULL,    "--quiet",   NULL,    NULL};
  const char *argv[13];
  memcpy(argv, args, sizeof args);
  setenv("LANG", "fr_FR.UTF-8", 1);
  argv[9] = e2e_path("env-fr");
  e2e_result r = e2e_run(argv);
  e2e_expect_ok(&r);
  has(r.out, "pilots : 1 réplication, 10 territoires\n");
  has(r.out, "  total des territoires ");
  e2e_result_free(&r);
  argv[9] = e2e_path("env-fr-en");
  argv[11] = "--lang=en";
  r = e2e_run(argv);
  e2e_expect_ok(&r);
  has(r.out, "pilots: 1 replication, 10 territories\n");
  has(r.out, "  total of the territories ");
  has(r.out, "\n  — no interval with 1 replication (n/a): run with -r 2 or more for 95% intervals\n");
  assert_null(strstr(r.out, "réplication"));
  e2e_result_free(&r);
  argv[11] = NULL;
  setenv("LC_ALL", "C.UTF-8", 1); /* LC_ALL wins over LANG: English */
  argv[9] = e2e_path("env-lcall");
  r = e2e_run(argv);
  e2e_expect_ok(&r);
  has(r.out, "pilots: 1 replication, 10 territories\n");
  e2e_result_free(&r);
  unsetenv("LC_ALL");
  setenv("LANG", "C.UTF-8", 1);
}

/* compare in French, the case (120 against 144 months, --common-months): the table in French
 * within 100 columns; the report and the figures give every scenario's start, months, seed and
 * replications, in French, then in English when redrawn with --lang en. */
static void test_compare_french_and_calendars(void **state) {
  (void)state;
  const char *out = e2e_path("cmp-fr");
  e2e_result r = e2e_run((const char *[]){"compare", PILOTS, EXT50, "--common-months", "--set", "scale=40", "-r", "2",
                                          "-t", "2", "--lang", "fr", "--plot", "-o", out, "--quiet", NULL});
  e2e_expect_ok(&r);
  expect_narrow(r.out, out);
  has(r.out, "2 scénarios, graine 20170101 pour tous (celle du premier scénario), 2 réplications chacun\n");
  has(r.out, "  B  extension-50\n     2017-01 à 2026-12, 120 mois (sur ses 144 : --common-months)\n"
             "     graine 20170101, 2 réplications\n");
  has(r.out, "\npublic_funding_eur (€)\n  A     ");
  has(r.out, NBSP "M€  [");
  has(r.out, "\navoided_to_funding_ratio_net\n  A ");
  has(r.out, "\n  [bas ; haut] : intervalle à 95 % sur les 2 réplications (erreur de Monte-Carlo seule)\n");
  e2e_result_free(&r);
  char *html = e2e_slurp(e2e_in(out, "report.html"), NULL);
  assert_non_null(html);
  has(html, "<html lang=\"fr\">");
  has(html, "<li><b>A</b> = pilots : <span class=\"calendar\">2017-01 à 2026-12 (120 mois), graine 20170101, 2 "
            "réplications</span>");
  has(html, "<li><b>B</b> = extension-50 : <span class=\"calendar\">2017-01 à 2026-12 (120 mois), graine 20170101, 2 "
            "réplications</span>");
  free(html);
  char *gp = e2e_slurp(e2e_in(out, "plots/compare-headline.gp"), NULL);
  assert_non_null(gp);
  has(gp, "'B = extension-50 : 2017-01 à 2026-12 (120 mois), graine 20170101, 2 réplications'");
  has(gp, "'Les scénarios côte à côte'");
  has(gp, "set decimalsign ','");
  free(gp);
  gp = e2e_slurp(e2e_in(out, "plots/compare-series.gp"), NULL);
  assert_non_null(gp);
  has(gp, "title 'A = pilots : 2017-01 à 2026-12 (120 mois), graine 20170101, 2 réplications — PPDE'");
  free(gp);
  char *tsv = e2e_slurp(e2e_in(out, "plots/compare-headline.tsv"), NULL);
  assert_non_null(tsv);
  has(tsv, "# scenario 1: B = extension-50: 2017-01 to 2026-12 (120 months), seed 20170101, 2 replications\n");
  free(tsv);
  /* The same folder redrawn in English. */
  r = e2e_run((const char *[]){"plot", out, "--lang", "en", "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  html = e2e_slurp(e2e_in(out, "report.html"), NULL);
  assert_non_null(html);
  has(html, "<html lang=\"en\">");
  has(html, "<li><b>A</b> = pilots: <span class=\"calendar\">2017-01 to 2026-12 (120 months), seed 20170101, 2 "
            "replications</span>");
  free(html);
  gp = e2e_slurp(e2e_in(out, "plots/compare-series.gp"), NULL);
  assert_non_null(gp);
  has(gp, "title 'B = extension-50: 2017-01 to 2026-12 (120 months), seed 20170101, 2 replications — PPDE'");
  assert_null(strstr(gp, "decimalsign"));
  free(gp);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_run_table_french),
      cmocka_unit_test(test_one_replication_french),
      cmocka_unit_test(test_language_from_environment),
      cmocka_unit_test(test_compare_french_and_calendars),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
