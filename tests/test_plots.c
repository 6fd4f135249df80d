/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_plots.c: figures and report end to end: with the real gnuplot for a run and a compare
 * (every PNG and SVG exists and is a valid image), a saved .gp redraws its PNG byte for byte,
 * gnuplot missing or failing (exit 6, one line, data and scripts kept, results untouched), and a
 * territory whose name has quotes, an accent and a slash. Short runs: 24 months, 2 replications. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "e2e_util.h"
#include "sim/output.h"

static const char *const kinds[] = {"ppde", "ebe", "queue", "money"};

/* dir/file in a static rotating buffer (dir may be an earlier result of join). */
static const char *join(const char *dir, const char *file) {
  static char buf[8][4096];
  static int k;
  char tmp[8200];
  snprintf(tmp, sizeof tmp, "%s/%s", dir, file);
  k = (k + 1) % 8;
  size_t n = strlen(tmp) < sizeof buf[k] ? strlen(tmp) : sizeof buf[k] - 1;
  memcpy(buf[k], tmp, n);
  buf[k][n] = '\0';
  return buf[k];
}

static int have_gnuplot(void) {
  e2e_result r = e2e_sh("command -v gnuplot >/dev/null 2>&1");
  int ok = r.status == 0;
  e2e_result_free(&r);
  return ok;
}

/* A small scenario (two territories, 24 months, 2 replications) in the scratch folder: 13 figures,
 * so the tests that draw many times stay fast. The pilots are drawn once, in full. */
static const char *small_scenario(void) {
  static char path[4096];
  if (path[0]) return path;
  snprintf(path, sizeof path, "%s/small.cfg", e2e_scratch);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("name = \"small\";\nstart = \"2017-01\";\nmonths = 24;\nseed = 7;\nreplications = 2;\n"
        "territories = (\n"
        "  { name = \"A\"; population = 3000; ppde_start = 300; unemployed_start = 250; program_start = \"2017-01\";\n"
        "    capacity_start = 10.0; capacity_max = 60.0; ramp_months = 12; },\n"
        "  { name = \"B é\"; population = 2000; ppde_start = 150; unemployed_start = 200; program_start = "
        "\"2017-07\";\n"
        "    capacity_start = 5.0; capacity_max = 30.0; ramp_months = 18; hire_max = 4; }\n"
        ");\n",
        f);
  fclose(f);
  return path;
}

/* A PNG: its signature, an IHDR chunk first, and more than a trivial size. */
static void assert_png(const char *path) {
  size_t n = 0;
  char *b = e2e_slurp(path, &n);
  if (!b) fail_msg("%s is missing", path);
  if (n < 5000 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
    fail_msg("%s is not a valid PNG (%zu bytes)", path, n);
  free(b);
}

/* An SVG: after the XML declaration (and comments or a doctype), the root element is <svg, and
 * the document closes it. */
static void assert_svg(const char *path) {
  size_t n = 0;
  char *b = e2e_slurp(path, &n);
  if (!b) fail_msg("%s is missing", path);
  const char *p = b;
  for (;;) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
    if (strncmp(p, "<?", 2) == 0 || strncmp(p, "<!", 2) == 0) {
      const char *end = strchr(p, '>');
      if (!end) break;
      p = end + 1;
      continue;
    }
    break;
  }
  if (strncmp(p, "<svg", 4) != 0 || !strstr(b, "</svg>") || n < 1000) fail_msg("%s is not an SVG document", path);
  free(b);
}

static void assert_figure(const char *plots_in, const char *base) {
  char name[512], plots[4096];
  snprintf(plots, sizeof plots, "%s", plots_in);
  snprintf(name, sizeof name, "%s.png", base);
  assert_png(join(plots, name));
  snprintf(name, sizeof name, "%s.svg", base);
  assert_svg(join(plots, name));
  snprintf(name, sizeof name, "%s.gp", base);
  if (!e2e_exists(join(plots, name))) fail_msg("%s/%s is missing", plots, name);
  snprintf(name, sizeof name, "%s.tsv", base);
  if (!e2e_exists(join(plots, name))) fail_msg("%s/%s is missing", plots, name);
}

/* The territories of a result, from summary.csv (first column, in order, without the total). */
static int territories(const char *dir, char names[][256], int max) {
  char *s = e2e_slurp(join(dir, "summary.csv"), NULL);
  assert_non_null(s);
  int n = 0;
  char *line = strchr(s, '\n');
  while (line && line[1]) {
    line++;
    char name[256];
    size_t k = 0;
    const char *p = line;
    if (*p == '"') { /* a quoted CSV field */
      for (p++; *p && !(*p == '"' && p[1] != '"') && k + 1 < sizeof name; p++) {
        if (*p == '"') p++;
        name[k++] = *p;
      }
    } else {
      while (*p && *p != ',' && k + 1 < sizeof name) name[k++] = *p++;
    }
    name[k] = '\0';
    int seen = strcmp(name, "total") == 0;
    for (int i = 0; i < n && !seen; i++) seen = strcmp(names[i], name) == 0;
    if (!seen && n < max) snprintf(names[n++], 256, "%s", name);
    line = strchr(line, '\n');
  }
  free(s);
  return n;
}

/* Every figure of a run, a report that stands alone, and nothing left half-written. */
static void check_run_plots(const char *dir) {
  char plots[4096];
  snprintf(plots, sizeof plots, "%s/plots", dir);
  char names[64][256];
  int n = territories(dir, names, 64);
  assert_true(n >= 1);
  int expected = 1 + 4 * (n + 1);
  for (int k = 0; k < 4; k++) {
    char base[512];
    snprintf(base, sizeof base, "%s-total", kinds[k]);
    assert_figure(plots, base);
    for (int i = 0; i < n; i++) {
      char safe[256];
      sim_safe_name(names[i], safe, sizeof safe);
      snprintf(base, sizeof base, "%s-%s", kinds[k], safe);
      assert_figure(plots, base);
    }
  }
  assert_figure(plots, "headline-territories");
  /* 4 files per figure and README.txt. */
  assert_int_equal(e2e_count_entries(plots), 4 * expected + 1);
  char *html = e2e_slurp(join(dir, "report.html"), NULL);
  assert_non_null(html);
  assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
  assert_non_null(strstr(html, "</html>"));
  /* The figures of all territories together embedded, each territory's linked from plots/ (the
   * report of 60 territories stays small). */
  int embedded = 0, linked = 0;
  for (const char *p = html; (p = strstr(p, "src=\"data:image/svg+xml;base64,")) != NULL; p++) embedded++;
  for (const char *p = html; (p = strstr(p, " src=\"plots/")) != NULL; p++) linked++;
  assert_int_equal(embedded, 5);
  assert_int_equal(linked, expected - 5);
  /* Offline: nothing fetched from elsewhere. */
  assert_null(strstr(html, "src=\"http"));
  assert_null(strstr(html, "<script"));
  assert_null(strstr(html, "<link"));
  assert_null(strstr(html, "@import"));
  free(html);
  /* No temporary folder or file left beside the result. */
  e2e_result r;
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -c partial", dir);
  r = e2e_sh(cmd);
  assert_true(strncmp(r.out, "0", 1) == 0);
  e2e_result_free(&r);
}

static void test_run_plot_real_gnuplot(void **state) {
  (void)state;
  if (!have_gnuplot()) skip();
  const char *d = e2e_path("run");
  e2e_result r = e2e_run((const char *[]){"run", "--set", "months=24", "-r", "2", "--plot", "-o", d, NULL});
  e2e_expect_ok(&r);
  assert_non_null(strstr(r.out, "figures -> "));
  assert_string_equal(r.err, "");
  e2e_result_free(&r);
  check_run_plots(d);
  char *html = e2e_slurp(join(d, "report.html"), NULL);
  const char *want[] = {"<h1>pilots</h1>",
                        "<b>seed</b> 20170101",
                        "<b>tzsim</b> ",
                        "<b>git revision</b> ",
                        "<code>net_cost_per_fte_year_net_eur</code>",
                        "Nièvre et Forêt",
                        "Paris 13e",
                        "Avoided cost: the promoters' premise beside the measure</h2>",
                        "<tr><td>gross, per EBE person-year</td><td>17,500\u00a0€</td>"};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (!strstr(html, want[i])) fail_msg("report.html lacks %s", want[i]);
  free(html);
  /* tzsim plot on a folder with figures replaces plots/ with a complete new one. */
  const char *s = e2e_path("small-replot");
  r = e2e_run((const char *[]){"run", small_scenario(), "--plot", "-o", s, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  FILE *stale = fopen(join(s, "plots/stale.txt"), "w");
  assert_non_null(stale);
  fclose(stale);
  r = e2e_run((const char *[]){"plot", s, "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.out, "");
  e2e_result_free(&r);
  assert_false(e2e_exists(join(s, "plots/stale.txt")));
  check_run_plots(s);
}

/* Re-running a saved script in the plots folder redraws its PNG byte for byte (pngcairo writes no
 * time stamp), and so its SVG. */
static void test_saved_script_reproduces_png(void **state) {
  (void)state;
  if (!have_gnuplot()) skip();
  const char *d = e2e_path("rerun");
  e2e_result r = e2e_run((const char *[]){"run", small_scenario(), "--plot", "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  char plots[4096];
  snprintf(plots, sizeof plots, "%s/plots", d);
  char names[64][256], first[300];
  assert_true(territories(d, names, 64) >= 1);
  char safe[256];
  sim_safe_name(names[0], safe, sizeof safe);
  snprintf(first, sizeof first, "queue-%s", safe);
  const char *bases[] = {"ppde-total", "money-total", "headline-territories", first};
  for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
    char cmd[8192], png[512], svg[512];
    snprintf(png, sizeof png, "%s.png", bases[i]);
    snprintf(svg, sizeof svg, "%s.svg", bases[i]);
    snprintf(cmd, sizeof cmd, "cd '%s' && cp %s saved.png && cp %s saved.svg && rm %s %s && gnuplot %s.gp", plots, png,
             svg, png, svg, bases[i]);
    r = e2e_sh(cmd);
    if (r.status != 0) fail_msg("gnuplot %s.gp: exit %d: %s", bases[i], r.status, r.err);
    assert_string_equal(r.err, "");
    e2e_result_free(&r);
    if (!e2e_same_file(join(plots, "saved.png"), join(plots, png))) fail_msg("%s differs when redrawn", png);
    if (!e2e_same_file(join(plots, "saved.svg"), join(plots, svg))) fail_msg("%s differs when redrawn", svg);
  }
}

static void test_compare_plot_real_gnuplot(void **state) {
  (void)state;
  if (!have_gnuplot()) skip();
  const char *d = e2e_path("cmp");
  e2e_result r =
      e2e_run((const char *[]){"compare", small_scenario(), "--vary", "territories.*.volunteer_rate=0.02,0.04",
                               "--plot", "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.err, "");
  e2e_result_free(&r);
  char plots[4096];
  snprintf(plots, sizeof plots, "%s/plots", d);
  assert_figure(plots, "compare-headline");
  assert_figure(plots, "compare-series");
  assert_int_equal(e2e_count_entries(plots), 2 * 4 + 1);
  char *html = e2e_slurp(join(d, "report.html"), NULL);
  assert_non_null(html);
  const char *want[] = {"Comparison of 2 scenarios", "<b>seed</b> 7", "small [territories.*.volunteer_rate=0.04]",
                        "B − A", "data:image/svg+xml;base64,"};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (!strstr(html, want[i])) fail_msg("the compare report.html lacks %s", want[i]);
  assert_null(strstr(html, "src=\"http"));
  free(html);
  /* Each scenario's folder is a run: tzsim plot draws its own figures. */
  char sub[4096];
  snprintf(sub, sizeof sub, "%s/scenarios/1-small_territories._volunteer_rate_0.02", d);
  r = e2e_run((const char *[]){"plot", sub, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  check_run_plots(sub);
}

/* Without gnuplot on PATH: exit 6, exactly one line saying what to install, the data and scripts
 * written, no image and no report, and the results identical to a run without --plot. */
static void test_gnuplot_missing(void **state) {
  (void)state;
  const char *d = e2e_path("nognuplot"), *ref = e2e_path("nognuplot-ref"), *empty = e2e_path("emptybin");
  mkdir(empty, 0777);
  char cmd[8192], want[8192];
  snprintf(cmd, sizeof cmd, "PATH='%s' '%s' run '%s' --plot -o '%s' --quiet", empty, e2e_tzsim, small_scenario(), d);
  e2e_result r = e2e_sh(cmd);
  assert_int_equal(r.status, 6);
  snprintf(want, sizeof want,
           "tzsim: gnuplot not found: install it (Debian: apt-get install gnuplot-nox); data and scripts are in "
           "%s/plots\n",
           d);
  assert_string_equal(r.err, want);
  assert_non_null(strstr(r.out, "\n  total of the territories ")); /* --quiet silences the progress only */
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", small_scenario(), "-o", ref, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  const char *results[] = {"monthly.csv", "summary.csv", "summary.json", "scenario.cfg", "cohorts.csv"};
  for (size_t i = 0; i < 5; i++)
    if (!e2e_same_file(join(d, results[i]), join(ref, results[i])))
      fail_msg("%s differs from a run without --plot", results[i]);
  assert_true(e2e_exists(join(d, "run.json")));
  assert_false(e2e_exists(join(d, "report.html")));
  char plots[4096];
  snprintf(plots, sizeof plots, "%s/plots", d);
  assert_true(e2e_exists(join(plots, "ppde-total.gp")));
  assert_true(e2e_exists(join(plots, "ppde-total.tsv")));
  assert_true(e2e_exists(join(plots, "headline-territories.gp")));
  assert_false(e2e_exists(join(plots, "ppde-total.png")));
  assert_false(e2e_exists(join(plots, "ppde-total.svg")));
  char *readme = e2e_slurp(join(plots, "README.txt"), NULL);
  assert_non_null(readme);
  assert_true(strncmp(readme, "NOT DRAWN", 9) == 0);
  free(readme);

  /* tzsim plot the same: exit 6 and the same line. */
  snprintf(cmd, sizeof cmd, "PATH='%s' '%s' plot '%s'", empty, e2e_tzsim, d);
  r = e2e_sh(cmd);
  assert_int_equal(r.status, 6);
  assert_string_equal(r.err, want);
  e2e_result_free(&r);

  /* With gnuplot back, the figures are drawn from the same result. */
  if (have_gnuplot()) {
    r = e2e_run((const char *[]){"plot", d, "--quiet", NULL});
    e2e_expect_ok(&r);
    e2e_result_free(&r);
    check_run_plots(d);
  }
  for (size_t i = 0; i < 4; i++)
    if (!e2e_same_file(join(d, results[i]), join(ref, results[i]))) fail_msg("%s changed by plotting", results[i]);
}

/* A gnuplot that fails: exit 6, one line naming the failure, and complete figures already there
 * are kept rather than replaced by scripts alone. */
static void test_gnuplot_failing(void **state) {
  (void)state;
  const char *d = e2e_path("badgnuplot"), *bin = e2e_path("fakebin");
  mkdir(bin, 0777);
  FILE *f = fopen(join(bin, "gnuplot"), "w");
  assert_non_null(f);
  fputs("#!/bin/sh\ncat >/dev/null\necho '         \"ppde-total.gp\" line 12: simulated failure' >&2\nexit 1\n", f);
  fclose(f);
  chmod(join(bin, "gnuplot"), 0755);
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "PATH='%s:/usr/bin:/bin' '%s' run '%s' --plot -o '%s' --quiet", bin, e2e_tzsim,
           small_scenario(), d);
  e2e_result r = e2e_sh(cmd);
  assert_int_equal(r.status, 6);
  assert_non_null(strstr(r.err, "tzsim: gnuplot failed (\"ppde-total.gp\" line 12: simulated failure): install"));
  assert_non_null(strstr(r.err, "apt-get install gnuplot-nox); data and scripts are in "));
  assert_non_null(strchr(r.err, '\n'));
  assert_int_equal((int)(strchr(r.err, '\n') - r.err) + 1, (int)strlen(r.err)); /* one line */
  e2e_result_free(&r);
  assert_true(e2e_exists(join(d, "monthly.csv")));
  assert_true(e2e_exists(join(d, "plots/ppde-total.gp")));
  assert_true(e2e_exists(join(d, "plots/gnuplot.log")));
  assert_false(e2e_exists(join(d, "plots/ppde-total.png")));
  if (!have_gnuplot()) return;
  r = e2e_run((const char *[]){"plot", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  e2e_result_free(&r);
  snprintf(cmd, sizeof cmd, "PATH='%s:/usr/bin:/bin' '%s' plot '%s'", bin, e2e_tzsim, d);
  r = e2e_sh(cmd);
  assert_int_equal(r.status, 6);
  e2e_result_free(&r);
  check_run_plots(d); /* the complete figures stayed */
}

/* A folder that is not a result is bad input, not a plotting failure. */
static void test_plot_not_a_result(void **state) {
  (void)state;
  const char *d = e2e_path("not-a-result");
  mkdir(d, 0777);
  e2e_result r = e2e_run((const char *[]){"plot", d, NULL});
  assert_int_equal(r.status, 2);
  assert_non_null(strstr(r.err, "not a tzsim result folder"));
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(d), 0);
  r = e2e_run((const char *[]){"plot", e2e_path("no-such-folder"), NULL});
  assert_int_equal(r.status, 2);
  e2e_result_free(&r);
}

/* Names with quotes, an accent, a slash, markup and gnuplot syntax: safe file names, escaped titles,
 * escaped HTML, and nothing executed. */
static void test_quoted_accented_territory(void **state) {
  (void)state;
  if (!have_gnuplot()) skip();
  const char *cfg = e2e_path("names.cfg"), *d = e2e_path("names");
  FILE *f = fopen(cfg, "w");
  assert_non_null(f);
  fputs("name = \"Test \\\"quotes\\\" & <b>tags</b>\";\nstart = \"2017-01\";\nmonths = 24;\nseed = 7;\nreplications = "
        "2;\n"
        "territories = (\n"
        "  { name = \"Saint-\\\"Jean\\\" d'Été / Nord\"; population = 3000; ppde_start = 300; unemployed_start = 250;\n"
        "    program_start = \"2017-03\"; capacity_start = 10.0; capacity_max = 60.0; ramp_months = 12; },\n"
        "  { name = \"Evil'); system('touch pwned'); print `touch pwned2` @x #\"; population = 2000; ppde_start = "
        "150;\n"
        "    unemployed_start = 200; program_start = \"2017-07\"; capacity_start = 5.0; capacity_max = 30.0; "
        "ramp_months = 18; }\n"
        ");\n",
        f);
  fclose(f);
  e2e_result r = e2e_run((const char *[]){"run", cfg, "--plot", "-o", d, "--quiet", NULL});
  e2e_expect_ok(&r);
  assert_string_equal(r.err, "");
  e2e_result_free(&r);
  const char *name = "Saint-\"Jean\" d'Été / Nord";
  char safe[256];
  sim_safe_name(name, safe, sizeof safe);
  for (const char *p = safe; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._-", *p)))
      fail_msg("unsafe file name %s", safe);
  check_run_plots(d);
  char plots[4096];
  snprintf(plots, sizeof plots, "%s/plots", d);
  char base[512], file[600];
  snprintf(base, sizeof base, "ppde-%s", safe);
  assert_figure(plots, base);
  /* The title is in the script as a single-quoted string with its quote doubled. */
  snprintf(file, sizeof file, "%s.gp", base);
  char *gp = e2e_slurp(join(plots, file), NULL);
  assert_non_null(gp);
  assert_non_null(strstr(gp, "'Saint-\"Jean\" d''Été / Nord: people durably deprived of employment (PPDE)'"));
  free(gp);
  /* gnuplot drew it as written. */
  snprintf(file, sizeof file, "%s.svg", base);
  char *svg = e2e_slurp(join(plots, file), NULL);
  assert_non_null(strstr(svg, "Saint-\"Jean\" d'Été / Nord: people durably deprived"));
  free(svg);
  /* The bar chart's tick labels hold both names; the hostile one stayed a string. */
  char *bars = e2e_slurp(join(plots, "headline-territories.gp"), NULL);
  assert_non_null(strstr(bars, "'Saint-\"Jean\" d''Été / Nord' 0"));
  assert_non_null(strstr(bars, "'Evil''); system(''touch pwned''); print `touch pwned2` @x #' 1"));
  free(bars);
  char *bsvg = e2e_slurp(join(plots, "headline-territories.svg"), NULL);
  assert_non_null(strstr(bsvg, "Evil'); system('touch pwned'); print `touch pwned2` @x #"));
  free(bsvg);
  assert_false(e2e_exists(join(plots, "pwned")));
  assert_false(e2e_exists(join(plots, "pwned2")));
  assert_false(e2e_exists("pwned"));
  /* The report escapes every name. */
  char *html = e2e_slurp(join(d, "report.html"), NULL);
  assert_non_null(strstr(html, "<h1>Test &quot;quotes&quot; &amp; &lt;b&gt;tags&lt;/b&gt;</h1>"));
  assert_non_null(strstr(html, "<summary>Saint-&quot;Jean&quot; d&#39;Été / Nord</summary>"));
  assert_null(strstr(html, "<b>tags</b>"));
  free(html);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_run_plot_real_gnuplot),     cmocka_unit_test(test_saved_script_reproduces_png),
      cmocka_unit_test(test_compare_plot_real_gnuplot), cmocka_unit_test(test_gnuplot_missing),
      cmocka_unit_test(test_gnuplot_failing),           cmocka_unit_test(test_plot_not_a_result),
      cmocka_unit_test(test_quoted_accented_territory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
