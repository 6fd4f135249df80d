/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_report.c: the report as a committee reads it (issue 15): the answer first, who pays with its
 * sign convention, the assumptions with their values, the one-replication note, whole headcounts,
 * English and French (lang attribute, "14 629 €", "135,5 M€"), the size bound of a 60-territory
 * report, and the page opened in a real browser (Debian's chromium, headless) with every image
 * checked. The expected numbers are computed here from summary.csv, not copied from a run. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "e2e_util.h"
#include "plots/i18n.h"

#define NNBSP "\xE2\x80\xAF"
#define NBSP "\xC2\xA0"

/* The report of a 60-territory run must stay under this (it was 13 MB with every figure inlined). */
#define SIZE_BOUND (2L * 1024 * 1024)

static const char *join(const char *dir, const char *name) {
  static char buf[4][4300];
  static int next;
  char *b = buf[next++ % 4];
  snprintf(b, sizeof buf[0], "%.4000s/%.250s", dir, name);
  return b;
}

static int have(const char *tool) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
  e2e_result r = e2e_sh(cmd);
  int ok = r.status == 0;
  e2e_result_free(&r);
  return ok;
}

/* ---- number formats (plots/i18n.c) ---- */

static void test_number_formats(void **state) {
  (void)state;
  char b[128];
  plt_fmt_eur(PLT_LANG_FR, b, sizeof b, 14629.4);
  assert_string_equal(b, "14" NNBSP "629" NBSP "€");
  plt_fmt_eur(PLT_LANG_EN, b, sizeof b, 14629.4);
  assert_string_equal(b, "14,629" NBSP "€");
  plt_fmt_meur(PLT_LANG_FR, b, sizeof b, 135510468.33);
  assert_string_equal(b, "135,5" NBSP "M€");
  plt_fmt_meur(PLT_LANG_EN, b, sizeof b, 135510468.33);
  assert_string_equal(b, "135.5" NBSP "M€");
  plt_fmt_money(PLT_LANG_FR, b, sizeof b, -2412345.0);
  assert_string_equal(b, "-2,4" NBSP "M€");
  plt_fmt_money(PLT_LANG_FR, b, sizeof b, -58787.2);
  assert_string_equal(b, "-58" NNBSP "787" NBSP "€");
  plt_fmt_count(PLT_LANG_EN, b, sizeof b, 47.0);
  assert_string_equal(b, "47");
  plt_fmt_count(PLT_LANG_FR, b, sizeof b, 1234567.4);
  assert_string_equal(b, "1" NNBSP "234" NNBSP "567");
  plt_fmt_share(PLT_LANG_FR, b, sizeof b, 0.125);
  assert_string_equal(b, "12,5" NBSP "%");
  plt_fmt_number(PLT_LANG_FR, b, sizeof b, -0.0004, 2);
  assert_string_equal(b, "0,00"); /* no "-0,00" */
  plt_fmt_eur(PLT_LANG_FR, b, sizeof b, (double)NAN);
  assert_string_equal(b, "–");
  plt_fmt_eur(PLT_LANG_FR, b, 6, 14629.0); /* cut, never overrun */
  assert_int_equal(strlen(b), 5);
}

static void test_language_choice(void **state) {
  (void)state;
  plt_lang l = PLT_LANG_EN;
  assert_int_equal(plt_lang_parse("fr", &l), 0);
  assert_int_equal(l, PLT_LANG_FR);
  assert_int_equal(plt_lang_parse("en", &l), 0);
  assert_int_equal(l, PLT_LANG_EN);
  assert_int_equal(plt_lang_parse("de", &l), -1);
  assert_int_equal(plt_lang_parse("french", &l), -1);
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  setenv("LANG", "fr_FR.UTF-8", 1);
  assert_int_equal(plt_lang_choose(NULL), PLT_LANG_FR);
  assert_int_equal(plt_lang_choose("en"), PLT_LANG_EN); /* the option wins */
  setenv("LC_ALL", "C.UTF-8", 1);                       /* LC_ALL wins over LANG */
  assert_int_equal(plt_lang_choose(NULL), PLT_LANG_EN);
  unsetenv("LC_ALL");
  unsetenv("LANG");
  assert_int_equal(plt_lang_choose(NULL), PLT_LANG_EN);
}

/* ---- the pages ---- */

static void browser_check(const char *dir, const char *lang, int figures);

/* A figure of the total from summary.csv ("total,KEY,unit,mean,..."): its mean. */
static double total_mean(const char *dir, const char *key) {
  char *s = e2e_slurp(join(dir, "summary.csv"), NULL);
  assert_non_null(s);
  char pat[200];
  snprintf(pat, sizeof pat, "\ntotal,%s,", key);
  const char *p = strstr(s, pat);
  if (!p) fail_msg("summary.csv has no total %s", key);
  p += strlen(pat);
  p = strchr(p, ',') + 1; /* after the unit */
  double v = strtod(p, NULL);
  free(s);
  return v;
}

/* Whole euros with thousands grouped by sep, written here independently of plots/i18n.c. */
static void euros(char *out, size_t n, double v, const char *sep) {
  char raw[64];
  snprintf(raw, sizeof raw, "%.0f", fabs(v));
  size_t len = strlen(raw), k = 0;
  if (v < 0 && strcmp(raw, "0") != 0) out[k++] = '-';
  for (size_t i = 0; i < len; i++) {
    out[k++] = raw[i];
    if ((len - i - 1) % 3 == 0 && i + 1 < len) {
      memcpy(out + k, sep, strlen(sep));
      k += strlen(sep);
    }
  }
  snprintf(out + k, n - k, NBSP "€");
}

static void in_order(const char *html, const char *const *marks, int n) {
  const char *prev = html;
  for (int i = 0; i < n; i++) {
    const char *p = strstr(html, marks[i]);
    if (!p) fail_msg("the report lacks %s", marks[i]);
    if (i > 0 && p < prev)
      fail_msg("%s comes before %s in the report (expected the answer first)", marks[i], marks[i - 1]);
    prev = p;
  }
}

static void has(const char *html, const char *what) {
  if (!strstr(html, what)) fail_msg("the report lacks: %s", what);
}

static const char *pilots_dir(void) {
  static char dir[4300];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "%s", e2e_path("pilots"));
    e2e_result r = e2e_run((const char *[]){"run", "pilots", "-r", "1", "--set", "months=24", "--plot", "--lang", "en",
                                            "--quiet", "-o", dir, NULL});
    if (r.status != 0) fail_msg("tzsim run --plot failed (%d): %s", r.status, r.err);
    e2e_result_free(&r);
  }
  return dir;
}

static void test_report_english(void **state) {
  (void)state;
  if (!have("gnuplot")) skip();
  const char *dir = pilots_dir();
  char *html = e2e_slurp(join(dir, "report.html"), NULL);
  assert_non_null(html);
  has(html, "<html lang=\"en\">");
  static const char *const order[] = {"id=\"one-replication\"",
                                      "id=\"answer\"",
                                      "id=\"net_cost_per_fte_year_net_eur\"",
                                      "id=\"net_cost_per_person_out_eur\"",
                                      "id=\"who-pays\"",
                                      "id=\"who-pays-chart\"",
                                      "id=\"assumptions\"",
                                      "id=\"cohorts\"",
                                      "All headline figures",
                                      "By territory"};
  in_order(html, order, (int)(sizeof order / sizeof *order));
  has(html, "<p class=\"note\" id=\"one-replication\">One replication: no interval; run with -r 20 for intervals.</p>");
  /* The answer, computed here from summary.csv. */
  char want[160], v[64];
  euros(v, sizeof v, total_mean(dir, "net_cost_per_fte_year_net_eur"), ",");
  snprintf(want, sizeof want, "<div class=\"v\">%s</div>", v);
  has(html, want);
  euros(v, sizeof v, total_mean(dir, "net_cost_per_person_out_eur"), ",");
  snprintf(want, sizeof want, "<div class=\"v\">%s</div>", v);
  has(html, want);
  /* Who pays: six budgets, the sign convention said. */
  has(html, "positive = that budget pays more with the program; negative = that budget saves.");
  const char *chart = strstr(html, "id=\"who-pays-chart\""), *end = strstr(html, "</svg>");
  int bars = 0;
  for (const char *p = chart; p && p < end && (p = strstr(p, "<rect ")) != NULL && p < end; p++) bars++;
  assert_int_equal(bars, 6);
  has(html, "<code>net_cost_local_authorities_eur</code>");
  /* The assumptions with their values and sources. */
  has(html, "<td>101.0" NBSP "% of the gross SMIC per FTE in 2017-01; 101.0" NBSP "% in 2018-12</td>");
  has(html, "<td>15,000" NBSP "€ to 20,000" NBSP "€ per person and year</td>");
  has(html, "<code>calendar.smic_hourly_eur</code>");
  has(html, "decrees 2016-1027 and 2021-863 (data/cde-rates.csv)");
  has(html, "the same people, labour market and random numbers without the program");
  /* Whole headcounts: the PPDE taken out, as summary.csv has it, without decimals. */
  snprintf(want, sizeof want, "PPDE taken out of long-term unemployment: <b>%.0f</b>",
           total_mean(dir, "ppde_reduction"));
  has(html, want);
  /* and each territory's EBE headcount a whole number ("48", not "48.00"), its FTE with one decimal. */
  const char *row = strstr(html, "<tr><td>Colombelles</td><td>");
  assert_non_null(row);
  row += strlen("<tr><td>Colombelles</td><td>");
  size_t digits = strspn(row, "0123456789,");
  assert_true(digits > 0);
  assert_true(strncmp(row + digits, "</td><td>", 9) == 0);
  row += digits + 9;
  digits = strspn(row, "0123456789,");
  assert_true(row[digits] == '.' && strspn(row + digits + 1, "0123456789") == 1);
  assert_null(strstr(html, ".00</td>")); /* no "47.00" anywhere in a table */
  free(html);
  browser_check(dir, "en", 45); /* every figure: 5 embedded, 40 linked */
}

static void test_report_french(void **state) {
  (void)state;
  if (!have("gnuplot")) skip();
  const char *dir = pilots_dir();
  /* LANG alone gives French (no --lang). */
  char cmd[9000];
  snprintf(cmd, sizeof cmd, "env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 '%s' plot '%s' --quiet", e2e_tzsim, dir);
  e2e_result r = e2e_sh(cmd);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");
  e2e_result_free(&r);
  char *html = e2e_slurp(join(dir, "report.html"), NULL);
  assert_non_null(html);
  has(html, "<html lang=\"fr\">");
  has(html, "Une seule réplication : pas d'intervalle ; relancez avec -r 20 pour obtenir des intervalles.");
  has(html, "Convention de signe : positif = ce budget paie davantage avec le programme ; négatif = ce budget "
            "économise.");
  char want[160], v[64];
  euros(v, sizeof v, total_mean(dir, "net_cost_per_fte_year_net_eur"), NNBSP);
  snprintf(want, sizeof want, "<div class=\"v\">%s</div>", v);
  has(html, want); /* "22 067 €": narrow no-break space, no comma */
  /* Public funding in M€ with a decimal comma: "12,4 M€". */
  double funding = total_mean(dir, "public_funding_eur");
  snprintf(want, sizeof want, "<b>%.1f" NBSP "M€</b>", floor(funding / 1e5 + 0.5) / 10);
  *strchr(want, '.') = ',';
  has(html, want);
  has(html, "<td>de 15" NNBSP "000" NBSP "€ à 20" NNBSP "000" NBSP "€ par personne et par an</td>");
  has(html, "Qui paie");
  has(html, "Hypothèses derrière ces chiffres");
  has(html, "<td>volontaires non embauchés</td>"); /* the cohort table's populations too */
  assert_null(strstr(html, "volunteers_not_hired"));
  free(html);
  /* The figures' labels and titles too. */
  char *gp = e2e_slurp(join(dir, "plots/ppde-total.gp"), NULL);
  assert_non_null(gp);
  assert_non_null(strstr(gp, "'personnes (fin de mois)'"));
  assert_non_null(strstr(gp, "'sans le programme (contrefactuel)'"));
  assert_non_null(strstr(gp, "set xlabel 'mois'"));
  free(gp);
  char *svg = e2e_slurp(join(dir, "plots/ebe-total.svg"), NULL);
  assert_non_null(svg);
  assert_non_null(strstr(svg, "capacité d'activité (ETP)"));
  free(svg);
  browser_check(dir, "fr", 45);
}

static void test_bad_language(void **state) {
  (void)state;
  const char *out = e2e_path("bad-lang");
  e2e_result r = e2e_run((const char *[]){"run", "pilots", "--lang", "de", "--plot", "-o", out, NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: --lang: 'de' is not a language of the report (expected en or fr)\n");
  assert_string_equal(r.out, "");
  e2e_result_free(&r);
  assert_false(e2e_exists(out));
  r = e2e_run((const char *[]){"plot", e2e_path("nowhere"), "--lang", NULL});
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "command line: --lang: missing value (expected --lang en|fr)\n");
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"check", "pilots", "--lang", "fr", NULL}); /* not an option of check */
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "--lang"));
  e2e_result_free(&r);
}

/* ---- images and the browser ---- */

/* Base64 of the first bytes of a data URI into out; the count decoded. */
static size_t unbase64(const char *s, unsigned char *out, size_t n) {
  static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t k = 0;
  unsigned acc = 0;
  int bits = 0;
  for (; *s && *s != '"' && *s != '=' && k < n; s++) {
    const char *p = strchr(abc, *s);
    if (!p) return 0;
    acc = acc << 6 | (unsigned)(p - abc);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (unsigned char)(acc >> bits & 0xFF);
    }
  }
  return k;
}

/* 1 if the bytes start as a PNG or an SVG (the XML declaration or the root element). */
static int image_header(const unsigned char *b, size_t n) {
  if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return 1;
  return (n >= 5 && memcmp(b, "<?xml", 5) == 0) || (n >= 4 && memcmp(b, "<svg", 4) == 0);
}

/* Every <img> of the report: a data URI that decodes to a PNG or SVG, or a file beside the report
 * that exists and is one. The number of images, or -1 with why filled. */
static int check_images(const char *dir, const char *html, char *why, size_t n) {
  int count = 0;
  for (const char *p = html; (p = strstr(p, "<img ")) != NULL; p++) {
    const char *src = strstr(p, " src=\"");
    const char *close = strchr(p, '>');
    if (!src || !close || src > close) {
      snprintf(why, n, "an <img> without src");
      return -1;
    }
    src += 6;
    unsigned char head[64];
    size_t got = 0;
    char name[600] = "";
    if (strncmp(src, "data:image/svg+xml;base64,", 26) == 0) {
      got = unbase64(src + 26, head, sizeof head);
      snprintf(name, sizeof name, "an embedded figure");
    } else {
      size_t len = strcspn(src, "\"");
      snprintf(name, sizeof name, "%.*s", (int)(len < 500 ? len : 500), src);
      FILE *f = fopen(join(dir, name), "rb");
      if (!f) {
        snprintf(why, n, "%s is missing", name);
        return -1;
      }
      got = fread(head, 1, sizeof head, f);
      fclose(f);
    }
    if (!image_header(head, got)) {
      snprintf(why, n, "%s is not a PNG or SVG", name);
      return -1;
    }
    count++;
  }
  return count;
}

/* The page in headless chromium: a screenshot, a PNG of the window's size that is not blank (a
 * blank 1280x2000 page compresses to a few kilobytes; a page of text and charts to far more). */
static void screenshot(const char *report, const char *png) {
  char cmd[9000];
  snprintf(cmd, sizeof cmd,
           "timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot='%s' "
           "--window-size=1280,2000 'file://%s' >/dev/null 2>&1",
           png, report);
  remove(png);
  e2e_result r = e2e_sh(cmd);
  e2e_result_free(&r);
  size_t n = 0;
  unsigned char *b = (unsigned char *)e2e_slurp(png, &n);
  if (!b) fail_msg("chromium wrote no screenshot of %s", report);
  assert_true(n > 24 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
  unsigned w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
  unsigned h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
  assert_int_equal(w, 1280);
  assert_int_equal(h, 2000);
  if (n < 40000) fail_msg("the screenshot of %s looks blank (%zu bytes)", report, n);
  free(b);
}

static const char *abs_path(const char *p) {
  static char buf[4][4300];
  static int next;
  char *b = buf[next++ % 4];
  if (!realpath(p, b)) fail_msg("no %s", p);
  return b;
}

/* The page of dir in the browser, when there is one: every image checked, then a screenshot. */
static void browser_check(const char *dir, const char *lang, int figures) {
  char *html = e2e_slurp(join(dir, "report.html"), NULL);
  assert_non_null(html);
  char why[700];
  int n = check_images(dir, html, why, sizeof why);
  if (n < 0) fail_msg("report.html (%s): %s", lang, why);
  assert_int_equal(n, figures);
  free(html);
  if (!have("chromium")) {
    print_message("chromium not found: the browser check of the %s report is skipped (Debian: apt-get install "
                  "chromium)\n",
                  lang);
    return;
  }
  char png[300];
  snprintf(png, sizeof png, "%s-%s.png", strstr(dir, "ext50") ? "ext50" : "pilots", lang);
  screenshot(abs_path(join(dir, "report.html")), e2e_path(png));
}

/* The checker must fail on a broken page: a linked figure missing, or not an image. */
static void test_broken_image_detected(void **state) {
  (void)state;
  if (!have("gnuplot")) skip();
  const char *dir = pilots_dir(); /* the last test to use it: it breaks a figure */
  char *html = e2e_slurp(join(dir, "report.html"), NULL);
  char why[700];
  assert_int_equal(check_images(dir, html, why, sizeof why), 45);
  const char *victim = join(dir, "plots/ppde-Colombelles.svg");
  assert_true(e2e_exists(victim));
  FILE *f = fopen(victim, "w");
  fputs("not an image\n", f);
  fclose(f);
  assert_int_equal(check_images(dir, html, why, sizeof why), -1);
  assert_string_equal(why, "plots/ppde-Colombelles.svg is not a PNG or SVG");
  remove(victim);
  assert_int_equal(check_images(dir, html, why, sizeof why), -1);
  assert_string_equal(why, "plots/ppde-Colombelles.svg is missing");
  free(html);
}

/* 60 territories: a report of a few hundred kilobytes, sorted horizontal bars with readable names,
 * intervals with two replications (and no one-replication note). */
static void test_sixty_territories(void **state) {
  (void)state;
  if (!have("gnuplot")) skip();
  const char *dir = e2e_path("ext50");
  e2e_result r = e2e_run((const char *[]){"run", "extension-50", "-r", "2", "--set", "scale=40", "--plot", "--lang",
                                          "fr", "--quiet", "-o", dir, NULL});
  if (r.status != 0) fail_msg("tzsim run extension-50 --plot failed (%d): %s", r.status, r.err);
  e2e_result_free(&r);
  struct stat st;
  assert_int_equal(stat(join(dir, "report.html"), &st), 0);
  if (st.st_size > SIZE_BOUND)
    fail_msg("report.html of 60 territories is %lld bytes (bound %ld)", (long long)st.st_size, SIZE_BOUND);
  char *html = e2e_slurp(join(dir, "report.html"), NULL);
  has(html, "<html lang=\"fr\">");
  assert_null(strstr(html, "id=\"one-replication\""));
  has(html, "intervalle à 95&nbsp;% [");
  has(html, "<b>territoires</b> 60");
  free(html);
  /* The headline bars: one readable line per territory, not a 4270-pixel-wide chart. */
  size_t len = 0;
  unsigned char *b = (unsigned char *)e2e_slurp(join(dir, "plots/headline-territories.png"), &len);
  assert_non_null(b);
  assert_true(len > 24);
  unsigned w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
  unsigned h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
  free(b);
  assert_true(w <= 1300);
  assert_true(h >= 61 * 18); /* at least 18 pixels per name */
  char *gp = e2e_slurp(join(dir, "plots/headline-territories.gp"), NULL);
  assert_non_null(strstr(gp, "with boxxyerror"));
  assert_non_null(strstr(gp, "triées par coût net"));
  free(gp);
  browser_check(dir, "fr", 5 + 4 * 60);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_number_formats),    cmocka_unit_test(test_language_choice),
      cmocka_unit_test(test_bad_language),      cmocka_unit_test(test_report_english),
      cmocka_unit_test(test_report_french),     cmocka_unit_test(test_broken_image_detected),
      cmocka_unit_test(test_sixty_territories),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
