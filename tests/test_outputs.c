/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_outputs.c: what the program writes, as a reader's tools see it.
 *
 * - Golden headers: a tiny scenario (tests/golden/scenario.cfg, the built-in pilots over 12 months)
 *   through run, compare, sweep and calibrate; for each command the list of files written, the
 *   header line of every CSV and the top-level keys of every JSON are compared with
 *   tests/golden/<command>.txt. A dropped or renamed column, a changed separator or a missing file
 *   fails here. When the change is intended (e.g. a model branch adds a metric), regenerate:
 *       TZSIM_UPDATE_GOLDEN=1 ctest --test-dir build -R test_outputs
 *   (or configure with -DTZSIM_UPDATE_GOLDEN=ON), and review the diff of tests/golden/.
 * - The calibration objective: recomputed from fit.csv (sum over fitted rows of
 *   weight * ((simulated - observed) / se)^2, with weights and se != 1, tests/golden/targets.csv)
 *   equals the objective calibration.json reports and the smallest of trace.csv, to 1e-9.
 * - summary.csv and summary.json give the same mean, interval, n and unit for every figure (12
 *   against 17 significant digits), and the interval is mean +- t sd / sqrt(n) from the CSV's sd.
 * No number of the model is pinned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_util.h"

static void expect_ok(e2e_result *r, const char *what) {
  if (r->status != 0) fail_msg("%s: exit %d\nstdout: %s\nstderr: %s", what, r->status, r->out, r->err);
}

static void copy_file(const char *from, const char *to) {
  size_t n = 0;
  char *text = e2e_slurp(from, &n);
  if (!text) fail_msg("cannot read %s", from);
  FILE *f = fopen(to, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, n, f), n);
  fclose(f);
  free(text);
}

/* ---- a small buffer of text ---- */

typedef struct {
  char *s;
  size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
    assert_non_null(b->s);
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}
static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

/* ---- JSON: the keys of the top-level object ---- */

static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return p;
}

/* Past the string starting at p (on its quote); NULL if unterminated. */
static const char *skip_string(const char *p) {
  for (p++; *p; p++) {
    if (*p == '\\' && p[1])
      p++;
    else if (*p == '"')
      return p + 1;
  }
  return NULL;
}

/* Past one value; NULL if malformed. */
static const char *skip_value(const char *p) {
  p = skip_ws(p);
  if (*p == '"') return skip_string(p);
  if (*p == '{' || *p == '[') {
    int depth = 0;
    while (*p) {
      if (*p == '"') {
        p = skip_string(p);
        if (!p) return NULL;
        continue;
      }
      if (*p == '{' || *p == '[') depth++;
      if (*p == '}' || *p == ']') {
        if (--depth == 0) return p + 1;
      }
      p++;
    }
    return NULL;
  }
  const char *q = p;
  while (*p && !strchr(",}] \t\r\n", *p)) p++;
  return p > q ? p : NULL;
}

/* "key1,key2,..." of the top-level object, in file order, into b; 0, or -1 if malformed. */
static int json_top_keys(const char *text, buf *b) {
  const char *p = skip_ws(text);
  if (*p++ != '{') return -1;
  p = skip_ws(p);
  if (*p == '}') return 0;
  for (int first = 1;; first = 0) {
    p = skip_ws(p);
    if (*p != '"') return -1;
    const char *end = skip_string(p);
    if (!end) return -1;
    if (!first) puts_(b, ",");
    put(b, p + 1, (size_t)(end - p - 2));
    p = skip_ws(end);
    if (*p++ != ':') return -1;
    p = skip_value(p);
    if (!p) return -1;
    p = skip_ws(p);
    if (*p == '}') return 0;
    if (*p++ != ',') return -1;
  }
}

/* ---- the description of one result folder ---- */

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), t = strlen(tail);
  return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Every file under dir (relative to top), sorted, with the header of a CSV and the top-level keys
 * of a JSON: "name", "name: header", "name: {keys}". */
static void describe(const char *top, const char *rel, buf *b) {
  char dir[4600];
  snprintf(dir, sizeof dir, "%s%s%s", top, *rel ? "/" : "", rel);
  DIR *d = opendir(dir);
  if (!d) fail_msg("cannot open %s", dir);
  char *names[512];
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.') continue;
    assert_true(n < 512);
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, by_name);
  for (int i = 0; i < n; i++) {
    char path[4800], name[1200];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    snprintf(name, sizeof name, "%s%s%s", rel, *rel ? "/" : "", names[i]);
    DIR *sub = opendir(path);
    if (sub) {
      closedir(sub);
      describe(top, name, b);
      free(names[i]);
      continue;
    }
    puts_(b, name);
    if (ends_with(name, ".csv") || ends_with(name, ".json")) {
      char *text = e2e_slurp(path, NULL);
      if (!text) fail_msg("cannot read %s", path);
      if (ends_with(name, ".csv")) {
        size_t len = strcspn(text, "\r\n");
        puts_(b, ": ");
        put(b, text, len);
      } else {
        puts_(b, ": {");
        if (json_top_keys(text, b) != 0) fail_msg("%s is not a JSON object", path);
        puts_(b, "}");
      }
      free(text);
    }
    puts_(b, "\n");
    free(names[i]);
  }
}

/* Compare the description of a command's output folder with tests/golden/<command>.txt (or write
 * it, with TZSIM_UPDATE_GOLDEN set). */
static void check_golden(const char *command, const char *out_dir) {
  buf b = {0};
  puts_(&b, "# tests/golden/");
  puts_(&b, command);
  puts_(&b, ".txt: the files `tzsim ");
  puts_(&b, command);
  puts_(&b, "` writes for tests/golden/scenario.cfg, with the header line of each CSV and the top-level\n"
            "# keys of each JSON. Generated by test_outputs: TZSIM_UPDATE_GOLDEN=1 ctest --test-dir build -R "
            "test_outputs\n");
  describe(out_dir, "", &b);
  char golden[256];
  snprintf(golden, sizeof golden, "golden/%s.txt", command); /* tests run from tests/ */
  const char *update = getenv("TZSIM_UPDATE_GOLDEN");
  if (update && *update && strcmp(update, "0") != 0 && strcmp(update, "OFF") != 0) {
    FILE *f = fopen(golden, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(b.s, 1, b.n, f), b.n);
    fclose(f);
    print_message("  wrote tests/%s\n", golden);
    free(b.s);
    return;
  }
  char *want = e2e_slurp(golden, NULL);
  if (!want)
    fail_msg("no tests/%s: generate it with TZSIM_UPDATE_GOLDEN=1 ctest --test-dir build -R test_outputs", golden);
  if (strcmp(want, b.s) != 0) {
    /* The first line that differs, to say what changed. */
    const char *w = want, *g = b.s;
    int line = 1;
    while (*w && *w == *g) {
      if (*w == '\n') line++;
      w++;
      g++;
    }
    while (w > want && w[-1] != '\n') w--;
    while (g > b.s && g[-1] != '\n') g--;
    fail_msg("tests/%s differs at line %d:\n  golden: %.*s\n  now:    %.*s\nIf the change is intended: "
             "TZSIM_UPDATE_GOLDEN=1 ctest "
             "--test-dir build -R test_outputs, and review the diff of tests/golden/",
             golden, line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
  }
  free(want);
  free(b.s);
}

/* The scratch scenario: tests/golden/scenario.cfg beside the pilots' files. */
static const char *scenario(void) {
  static char cfg[4096];
  copy_file("../scenarios/pilots.cfg", e2e_path("pilots.cfg"));
  copy_file("../scenarios/common.cfg", e2e_path("common.cfg"));
  snprintf(cfg, sizeof cfg, "%s", e2e_path("scenario.cfg"));
  copy_file("golden/scenario.cfg", cfg);
  return cfg;
}

static void test_golden_headers(void **state) {
  (void)state;
  const char *cfg = scenario();
  char out[4096];
  e2e_result r;

  snprintf(out, sizeof out, "%s", e2e_path("run"));
  r = e2e_run((const char *[]){"run", cfg, "--set", "months=12", "-r", "2", "-t", "1", "-o", out, "--quiet", NULL});
  expect_ok(&r, "run");
  e2e_result_free(&r);
  check_golden("run", out);

  snprintf(out, sizeof out, "%s", e2e_path("compare"));
  r = e2e_run(
      (const char *[]){"compare", cfg, cfg, "--set", "months=12", "-r", "2", "-t", "1", "-o", out, "--quiet", NULL});
  expect_ok(&r, "compare");
  e2e_result_free(&r);
  check_golden("compare", out);

  snprintf(out, sizeof out, "%s", e2e_path("sweep"));
  r = e2e_run((const char *[]){"sweep", cfg, "--set", "months=12", "-r", "1", "-t", "1", "-o", out, "--quiet", NULL});
  expect_ok(&r, "sweep");
  e2e_result_free(&r);
  check_golden("sweep", out);

  snprintf(out, sizeof out, "%s", e2e_path("calibrate"));
  r = e2e_run((const char *[]){"calibrate", cfg, "--targets", "golden/targets.csv", "--set", "months=12", "-t", "1",
                               "-o", out, "--quiet", NULL});
  expect_ok(&r, "calibrate");
  e2e_result_free(&r);
  check_golden("calibrate", out);
}

/* ---- the calibration objective ---- */

/* Split a CSV line (no quotes in these files' numeric rows; a quoted field is kept whole) in place. */
static int split(char *line, char **f, int max) {
  int n = 0;
  char *p = line;
  while (n < max) {
    f[n++] = p;
    if (*p == '"') {
      p++;
      while (*p && !(*p == '"' && p[1] != '"')) p += *p == '"' ? 2 : 1;
      if (*p) p++;
    }
    p = strchr(p, ',');
    if (!p) break;
    *p++ = '\0';
  }
  return n;
}

static int col(char **head, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(head[i], name) == 0) return i;
  fail_msg("no column %s", name);
  return -1;
}

static double json_number(const char *json, const char *key) {
  char k[128];
  snprintf(k, sizeof k, "\n  \"%s\": ", key); /* a top-level key */
  const char *p = strstr(json, k);
  if (!p) fail_msg("calibration.json has no top-level %s", key);
  return strtod(p + strlen(k), NULL);
}

static void test_calibration_objective(void **state) {
  (void)state;
  const char *cfg = scenario();
  char out[4096], path[4200];
  snprintf(out, sizeof out, "%s", e2e_path("objective"));
  e2e_result r = e2e_run((const char *[]){"calibrate", cfg, "--targets", "golden/targets.csv", "--set", "months=12",
                                          "-t", "1", "-o", out, "--quiet", NULL});
  expect_ok(&r, "calibrate");
  e2e_result_free(&r);

  snprintf(path, sizeof path, "%s/fit.csv", out);
  char *fit = e2e_slurp(path, NULL);
  assert_non_null(fit);
  char *save = NULL, *line = strtok_r(fit, "\n", &save);
  char *head[32];
  int nh = split(line, head, 32);
  int c_obs = col(head, nh, "observed"), c_se = col(head, nh, "se"), c_w = col(head, nh, "weight"),
      c_split = col(head, nh, "split"), c_sim = col(head, nh, "simulated"), c_res = col(head, nh, "residual"),
      c_z = col(head, nh, "z");
  double objective = 0;
  int fitted = 0, held = 0, se_not_1 = 0, w_not_1 = 0;
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char *f[32];
    assert_int_equal(split(line, f, 32), nh);
    double obs = atof(f[c_obs]), se = atof(f[c_se]), w = atof(f[c_w]), sim = atof(f[c_sim]);
    double res = sim - obs, z = res / se;
    if (fabs(atof(f[c_res]) - res) > 1e-9 * (fabs(res) > 1 ? fabs(res) : 1))
      fail_msg("residual %s, expected %.12g", f[c_res], res);
    if (fabs(atof(f[c_z]) - z) > 1e-9 * (fabs(z) > 1 ? fabs(z) : 1)) fail_msg("z %s, expected %.12g", f[c_z], z);
    if (strcmp(f[c_split], "fitted") == 0) {
      assert_true(w > 0);
      objective += w * z * z;
      fitted++;
      se_not_1 += se != 1;
      w_not_1 += w != 1;
    } else {
      assert_string_equal(f[c_split], "held_out");
      assert_true(w == 0);
      held++;
    }
  }
  free(fit);
  assert_int_equal(fitted, 4);
  assert_int_equal(held, 1);
  assert_true(se_not_1 == fitted && w_not_1 >= 2); /* the weights and se matter in this test */

  snprintf(path, sizeof path, "%s/calibration.json", out);
  char *json = e2e_slurp(path, NULL);
  assert_non_null(json);
  double reported = json_number(json, "objective");
  free(json);
  print_message("  objective: reported %.17g, recomputed from fit.csv %.17g\n", reported, objective);
  if (!(fabs(reported - objective) <= 1e-9 * fabs(objective)))
    fail_msg("calibration.json objective %.17g, fit.csv gives %.17g", reported, objective);

  /* trace.csv: the reported objective is its smallest. */
  snprintf(path, sizeof path, "%s/trace.csv", out);
  char *trace = e2e_slurp(path, NULL);
  assert_non_null(trace);
  save = NULL;
  line = strtok_r(trace, "\n", &save);
  nh = split(line, head, 32);
  int c_o = col(head, nh, "objective");
  double best = INFINITY;
  int rows = 0;
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char *f[32];
    assert_int_equal(split(line, f, 32), nh);
    double v = atof(f[c_o]);
    if (v < best) best = v;
    rows++;
  }
  free(trace);
  assert_true(rows >= 2);
  if (!(fabs(best - objective) <= 1e-9 * fabs(objective)))
    fail_msg("smallest objective of trace.csv %.17g, fit.csv gives %.17g", best, objective);
}

/* ---- summary.csv and summary.json say the same ---- */

/* The number after `"key": ` at or after p (NaN for null); fails if absent. */
static double json_field(const char *p, const char *key, const char *where) {
  char k[64];
  snprintf(k, sizeof k, "\"%s\": ", key);
  const char *q = strstr(p, k);
  if (!q) fail_msg("summary.json: no %s for %s", key, where);
  q += strlen(k);
  return strncmp(q, "null", 4) == 0 ? (double)NAN : strtod(q, NULL);
}

static void same_number(const char *csv_field, double json, const char *what) {
  if (!*csv_field) {
    if (!isnan(json)) fail_msg("%s: empty in summary.csv, %.17g in summary.json", what, json);
    return;
  }
  double v = atof(csv_field);
  /* summary.csv has 12 significant digits, summary.json 17. */
  if (!(fabs(v - json) <= 1e-11 * fabs(json)))
    fail_msg("%s: %s in summary.csv, %.17g in summary.json", what, csv_field, json);
}

static void test_summary_agrees(void **state) {
  (void)state;
  const char *cfg = scenario();
  char out[4096], path[4200];
  snprintf(out, sizeof out, "%s", e2e_path("agree"));
  e2e_result r =
      e2e_run((const char *[]){"run", cfg, "--set", "months=12", "-r", "3", "-t", "1", "-o", out, "--quiet", NULL});
  expect_ok(&r, "run");
  e2e_result_free(&r);
  snprintf(path, sizeof path, "%s/summary.json", out);
  char *json = e2e_slurp(path, NULL);
  assert_non_null(json);
  snprintf(path, sizeof path, "%s/summary.csv", out);
  char *csv = e2e_slurp(path, NULL);
  assert_non_null(csv);
  const char *total = strstr(json, "\n  \"total\": {"), *terr = strstr(json, "\n  \"territories\": {");
  assert_non_null(total);
  assert_non_null(terr);
  char *save = NULL, *line = strtok_r(csv, "\n", &save);
  char *head[16];
  int nh = split(line, head, 16);
  int c_t = col(head, nh, "territory"), c_f = col(head, nh, "figure"), c_u = col(head, nh, "unit"),
      c_m = col(head, nh, "mean"), c_lo = col(head, nh, "lo"), c_hi = col(head, nh, "hi"), c_sd = col(head, nh, "sd"),
      c_n = col(head, nh, "n");
  int rows = 0, with_width = 0;
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char *f[16], key[600], what[700];
    assert_int_equal(split(line, f, 16), nh);
    const char *section = total;
    if (strcmp(f[c_t], "total") != 0) {
      snprintf(key, sizeof key, "\n    \"%s\": {", f[c_t]);
      section = strstr(terr, key);
      if (!section) fail_msg("summary.json has no territory %s", f[c_t]);
    }
    snprintf(key, sizeof key, "\"%s\": {\n", f[c_f]); /* jansson: each member on its own line */
    const char *fig = strstr(section, key);
    if (!fig) fail_msg("summary.json has no %s for %s", f[c_f], f[c_t]);
    snprintf(what, sizeof what, "%s %s", f[c_t], f[c_f]);
    double mean = json_field(fig, "mean", what), lo = json_field(fig, "lo", what), hi = json_field(fig, "hi", what);
    same_number(f[c_m], mean, what);
    same_number(f[c_lo], lo, what);
    same_number(f[c_hi], hi, what);
    if (atoi(f[c_n]) != (int)json_field(fig, "n", what))
      fail_msg("%s: n %s in summary.csv, not summary.json's", what, f[c_n]);
    /* The unit is summary.json's "units" entry. */
    snprintf(key, sizeof key, "\"%s\": \"%s\"", f[c_f], f[c_u]);
    const char *units = strstr(json, "\n  \"units\": {");
    assert_non_null(units);
    const char *unit = strstr(units, key);
    if (!unit || unit > total) fail_msg("%s: unit %s is not summary.json's", what, f[c_u]);
    /* The interval is the mean +- t(0.975, n - 1) sd / sqrt(n), from the CSV's own sd and n. */
    int n = atoi(f[c_n]);
    if (*f[c_sd] && n == 3 && !strstr(f[c_f], "ratio") && strncmp(f[c_f], "net_cost_per", 12) != 0 &&
        strcmp(f[c_f], "funding_per_fte_year_eur") != 0) {
      double half = 4.302652729749464 * atof(f[c_sd]) / sqrt(3.0);
      if (!(fabs((hi - lo) / 2 - half) <= 1e-9 * (fabs(half) > 1 ? fabs(half) : 1) + 1e-11 * fabs(mean)))
        fail_msg("%s: interval [%.17g, %.17g] is not mean +- t sd / sqrt(n) with sd %s", what, lo, hi, f[c_sd]);
      with_width += half > 0;
    }
    rows++;
  }
  assert_true(rows > 20);
  assert_true(with_width > 0);
  free(csv);
  free(json);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_calibration_objective),
      cmocka_unit_test(test_golden_headers),
      cmocka_unit_test(test_summary_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
