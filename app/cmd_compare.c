/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_compare.c: tzsim compare: several scenarios with the same seed and replications (common random
 * numbers), each headline figure with its interval, and paired differences with the first scenario. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/params.h"
#include "models/report.h"
#include "sim/calendar.h"
#include "app/commands.h"
#include "app/mpi_run.h"
#include "sim/params.h"

#define MAX_VARIANTS 64

typedef struct {
  const char *file; /* scenario file (NULL: built in) */
  char label[700];  /* name shown in tables: the scenario name, and its --vary values */
  char folder[320]; /* where its own result goes inside DIR */
  const char *sets[SIM_CLI_MAX_SETS + SIM_CLI_MAX_VARY * SIM_CLI_MAX_VARY + 1];
  int nsets, nsets_base; /* all the overrides; those before --vary's */
  char vary_text[SIM_CLI_MAX_VARY * SIM_CLI_MAX_VARY][400];
  char months_text[32];                        /* --common-months: the months=N override */
  long long file_months, file_seed, file_reps; /* as the scenario gave them, before alignment */
  mdl_scenario s;
  sim_scenario_run run;
  sim_stats_ci *ci;
} variant;

/* The registry entry of a --vary key (a scenario key, or territories.NAME.KEY), or NULL. */
static const sim_param *vary_param(const char *key) {
  const sim_param *p = sim_params_find(&mdl_scenario_params, key);
  const char *dot = strrchr(key, '.');
  if (!p && strncmp(key, "territories.", 12) == 0 && dot > key + 11)
    p = sim_params_find(&mdl_territory_params, dot + 1);
  return p;
}

/* A number value of --vary is checked here, so that its message names --vary and the value, not the
 * --set each value becomes. Other kinds (and unknown keys) are left to the loader. */
static int check_vary_value(const char *key, const char *value, sim_errs *e) {
  const sim_param *p = vary_param(key);
  if (!p || (p->type != SIM_PT_INT && p->type != SIM_PT_REAL)) return 0;
  int integer = p->type == SIM_PT_INT;
  const char *what = integer ? "an integer" : "a number";
  errno = 0;
  char *end = NULL;
  double v = 0;
  int shape =
      (value[0] >= '0' && value[0] <= '9') || ((value[0] == '-' || value[0] == '+' || value[0] == '.') && value[1]);
  if (integer) {
    int hex = value[0] == '0' && (value[1] == 'x' || value[1] == 'X');
    shape = shape && value[0] != '+' && value[0] != '.';
    v = shape ? (double)strtoll(value, &end, hex ? 16 : 10) : 0;
  } else if (shape) {
    v = strtod(value, &end);
  }
  char key_shown[160], clipped[96];
  snprintf(key_shown, sizeof key_shown, "--vary %.127s", key);
  if (!shape || !end || *end || errno == ERANGE || !isfinite(v)) {
    sim_errs_add(e, "command line", 0, key_shown, "\"%s\" is not %s (expected %s in [%g, %g])",
                 sim_errs_clip(value, clipped, sizeof clipped), integer ? "an integer" : "a number", what, p->lo,
                 p->hi);
    return -1;
  }
  if (v < p->lo || v > p->hi) {
    sim_errs_add(e, "command line", 0, key_shown, "%s is out of range (expected %s in [%g, %g])",
                 sim_errs_clip(value, clipped, sizeof clipped), what, p->lo, p->hi);
    return -1;
  }
  return 0;
}

#define MAX_POINTS 16

/* One --vary: its keys (several move together) and, per point, one value per key. */
typedef struct {
  int nkeys, npoints;
  char keys[SIM_CLI_MAX_VARY][128];
  char values[MAX_POINTS][SIM_CLI_MAX_VARY][256];
} vary_axis;

/* Split text at the separator where it is outside quotes and brackets: starts and lengths of at
 * most max parts; returns their count, or max + 1 when there are more. */
static int split_top(const char *text, char sep, const char **part, size_t *len, int max) {
  int n = 0, depth = 0, quoted = 0;
  const char *start = text;
  for (const char *p = text;; p++) {
    if (*p == '"') quoted = !quoted;
    if (!quoted && (*p == '[' || *p == '(')) depth++;
    if (!quoted && (*p == ']' || *p == ')')) depth--;
    if (*p == '\0' || (*p == sep && depth == 0 && !quoted)) {
      if (n == max) return max + 1;
      part[n] = start;
      len[n++] = (size_t)(p - start);
      start = p + 1;
    }
    if (*p == '\0') return n;
  }
}

/* "KEY=V1,V2,..." or "K1,K2=V1:W1,V2:W2,..." into an axis. Messages echo at most the start of a
 * long list, and always say what is wrong. */
static int split_vary(const char *text, vary_axis *ax, sim_errs *e) {
  const char *eq = strchr(text, '=');
  char clipped[96], keypart[1100], key_shown[160];
  const char *part[MAX_POINTS + 1] = {0};
  size_t len[MAX_POINTS + 1] = {0};
  if ((size_t)(eq - text) >= sizeof keypart) {
    sim_errs_add(e, "command line", 0, "--vary",
                 "keys '%s' are longer than %zu bytes (expected KEY=V1,V2,... with a parameter key)",
                 sim_errs_clip(text, clipped, sizeof clipped), sizeof keypart - 1);
    return -1;
  }
  snprintf(keypart, sizeof keypart, "%.*s", (int)(eq - text), text);
  ax->nkeys = split_top(keypart, ',', part, len, SIM_CLI_MAX_VARY);
  if (ax->nkeys > SIM_CLI_MAX_VARY) {
    sim_errs_add(e, "command line", 0, "--vary",
                 "'%s' moves more than %d keys together (expected at most %d keys before '=')",
                 sim_errs_clip(text, clipped, sizeof clipped), SIM_CLI_MAX_VARY, SIM_CLI_MAX_VARY);
    return -1;
  }
  for (int k = 0; k < ax->nkeys; k++) {
    if (len[k] == 0 || len[k] >= sizeof ax->keys[k]) {
      sim_errs_add(e, "command line", 0, "--vary",
                   "'%s' has an empty key or one longer than %zu bytes (expected KEY=V1,V2,... or "
                   "K1,K2=V1:W1,V2:W2,...)",
                   sim_errs_clip(text, clipped, sizeof clipped), sizeof ax->keys[k] - 1);
      return -1;
    }
    snprintf(ax->keys[k], sizeof ax->keys[k], "%.*s", (int)len[k], part[k]);
  }
  ax->npoints = split_top(eq + 1, ',', part, len, MAX_POINTS);
  for (int p = 0; p < ax->npoints; p++)
    if (p >= MAX_POINTS || len[p] == 0) {
      sim_errs_add(e, "command line", 0, "--vary",
                   "'%s' has an empty value or more than %d values (expected KEY=V1,V2,...)",
                   sim_errs_clip(text, clipped, sizeof clipped), MAX_POINTS);
      return -1;
    }
  snprintf(key_shown, sizeof key_shown, "--vary %.127s", keypart);
  for (int p = 0; p < ax->npoints; p++) {
    if (len[p] >= (size_t)256 * SIM_CLI_MAX_VARY) {
      sim_errs_add(e, "command line", 0, key_shown, "value '%s' is longer than 255 bytes (expected shorter values)",
                   sim_errs_clip(part[p], clipped, sizeof clipped));
      return -1;
    }
    char point[256 * SIM_CLI_MAX_VARY];
    snprintf(point, sizeof point, "%.*s", (int)len[p], part[p]);
    const char *vpart[SIM_CLI_MAX_VARY + 1];
    size_t vlen[SIM_CLI_MAX_VARY + 1];
    /* One key: the whole point is its value (a ':' in it is kept); several: one value per key. */
    int nv = 1;
    vpart[0] = point;
    vlen[0] = strlen(point);
    if (ax->nkeys > 1) nv = split_top(point, ':', vpart, vlen, SIM_CLI_MAX_VARY);
    if (nv != ax->nkeys) {
      sim_errs_add(e, "command line", 0, key_shown,
                   "point %d '%s' has %s%d value%s for %d keys (expected one value per key, separated by ':', e.g. "
                   "15000:15000,20000:20000)",
                   p + 1, sim_errs_clip(point, clipped, sizeof clipped), nv > SIM_CLI_MAX_VARY ? "more than " : "",
                   nv > SIM_CLI_MAX_VARY ? SIM_CLI_MAX_VARY : nv, nv == 1 ? "" : "s", ax->nkeys);
      return -1;
    }
    for (int k = 0; k < nv; k++) {
      char one[160];
      snprintf(one, sizeof one, "--vary %.127s", ax->keys[k]);
      if (vlen[k] == 0) {
        sim_errs_add(e, "command line", 0, one,
                     "point %d '%s' has an empty value for this key (expected a value for each key)", p + 1,
                     sim_errs_clip(point, clipped, sizeof clipped));
        return -1;
      }
      if (vlen[k] >= 256) {
        sim_errs_add(e, "command line", 0, one, "value '%s' is longer than 255 bytes (expected shorter values)",
                     sim_errs_clip(vpart[k], clipped, sizeof clipped));
        return -1;
      }
      snprintf(ax->values[p][k], 256, "%.*s", (int)vlen[k], vpart[k]);
      if (check_vary_value(ax->keys[k], ax->values[p][k], e) != 0) return -1;
    }
  }
  return ax->npoints;
}

/* Group g of variant v for territory name (or the total when name is NULL), -1 if absent. */
static int group_of(const variant *v, const char *name) {
  const sim_layout *l = &v->run.layout;
  if (!name) return l->total_group;
  for (int g = 0; g < l->n_groups; g++)
    if (g != l->total_group && strcmp(l->group_names[g], name) == 0) return g;
  return -1;
}

/* The paired difference of figure k between variants a and b, group ga and gb. */
static sim_stats_ci difference(const variant *a, int ga, const variant *b, int gb, int k) {
  const sim_layout *l = &a->run.layout;
  size_t sa = a->run.result.headline_width, sb = b->run.result.headline_width;
  const double *ha = a->run.result.headline + (size_t)ga * (size_t)l->n_figures;
  const double *hb = b->run.result.headline + (size_t)gb * (size_t)l->n_figures;
  size_t n = a->run.result.replications;
  /* Both results are replication-major with their own stride: copy to a common stride. */
  double *buf = malloc(4 * n * sizeof *buf);
  if (!buf) {
    sim_stats_ci none = {(double)NAN, (double)NAN, (double)NAN, (double)NAN, 0};
    return none;
  }
  const sim_figure *f = &l->figures[k];
  int xa = f->num >= 0 ? f->num : k, ya = f->num >= 0 ? f->den : k;
  for (size_t i = 0; i < n; i++) {
    buf[4 * i + 0] = ha[i * sa + (size_t)xa];
    buf[4 * i + 1] = ha[i * sa + (size_t)ya];
    buf[4 * i + 2] = hb[i * sb + (size_t)xa];
    buf[4 * i + 3] = hb[i * sb + (size_t)ya];
  }
  sim_stats_ci c = f->num >= 0 ? sim_stats_ratio_diff_ci(buf, buf + 1, buf + 2, buf + 3, 4, n)
                               : sim_stats_diff_ci(buf, buf + 2, 4, n);
  free(buf);
  return c;
}

static void csv_row(FILE *f, const char *group, const sim_figure *fig, const char *scenario, const char *kind,
                    const sim_stats_ci *c, const variant *v) {
  sim_csv_field(f, group);
  fprintf(f, ",%s,", fig->name);
  sim_csv_field(f, fig->unit);
  fputc(',', f);
  sim_csv_field(f, scenario);
  fprintf(f, ",%s,", kind);
  if (c->n > 0) {
    /* not sim_csv_number: a ratio of a zero mean is written "nan" here (plots/result.c reads it) */
    fprintf(f, "%.12g,%.12g,%.12g", c->mean == 0.0 ? 0.0 : c->mean, c->lo == 0.0 ? 0.0 : c->lo,
            c->hi == 0.0 ? 0.0 : c->hi);
  } else {
    fputs(",,", f);
  }
  char from[8];
  sim_cal_format(v->s.start, from);
  fprintf(f, ",%d,%s,%lld,%lld,%u\n", c->n, from, (long long)v->s.months, (long long)v->s.seed,
          v->run.result.replications);
}

/* Territory names present in every variant (in the first one's order), then NULL for the total. */
static int common_groups(variant *v, int nv, const char **names, int max) {
  int n = 0;
  const sim_layout *l = &v[0].run.layout;
  for (int g = 0; g < l->n_groups && n < max - 1; g++) {
    if (g == l->total_group) continue;
    int everywhere = 1;
    for (int j = 1; j < nv; j++)
      if (group_of(&v[j], l->group_names[g]) < 0) everywhere = 0;
    if (everywhere) names[n++] = l->group_names[g];
  }
  names[n++] = NULL;
  return n;
}

/* compare.json: the calendar every scenario ran (they are equal, see align_calendars) and whether
 * some were cut to it, each scenario, then per group and figure the values and the differences
 * with the baseline (null for the baseline itself). */
static json_t *compare_json(variant *v, int nv, const char *const *names, int ng) {
  const sim_layout *l = &v[0].run.layout;
  char from[8], to[8];
  sim_cal_format(v[0].s.start, from);
  sim_cal_format(v[0].s.start + (int32_t)v[0].s.months - 1, to);
  int cut = 0;
  for (int j = 0; j < nv; j++) cut |= v[j].file_months != v[j].s.months;
  json_t *scen = json_array();
  for (int j = 0; j < nv; j++) {
    char start[8];
    sim_cal_format(v[j].s.start, start);
    scen = sim_json_push(scen,
                         json_pack("{s:o, s:o, s:o, s:o, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "label",
                                   sim_json_text(v[j].label), "name", sim_json_text(v[j].s.name), "file",
                                   sim_json_text(sim_scenario_label(v[j].file)), "folder", sim_json_text(v[j].folder),
                                   "start", start, "months", (json_int_t)v[j].s.months, "months_in_scenario",
                                   (json_int_t)v[j].file_months, "seed", (json_int_t)v[j].s.seed, "seed_in_scenario",
                                   (json_int_t)v[j].file_seed, "replications", (json_int_t)v[j].run.result.replications,
                                   "replications_in_scenario", (json_int_t)v[j].file_reps));
  }
  json_t *groups = json_object();
  for (int gi = ng - 1; gi >= 0; gi--) { /* the total first */
    json_t *figs = json_object();
    for (int k = 0; k < l->n_figures; k++) {
      json_t *vals = json_array(), *diffs = sim_json_push(json_array(), json_null());
      for (int j = 0; j < nv; j++) {
        int g = group_of(&v[j], names[gi]);
        vals = sim_json_push(vals, sim_json_ci(&v[j].ci[(size_t)g * (size_t)l->n_figures + (size_t)k]));
      }
      for (int j = 1; j < nv; j++) {
        sim_stats_ci d = difference(&v[0], group_of(&v[0], names[gi]), &v[j], group_of(&v[j], names[gi]), k);
        diffs = sim_json_push(diffs, sim_json_ci(&d));
      }
      figs = sim_json_put(figs, l->figures[k].name,
                          json_pack("{s:o, s:o, s:o}", "unit", sim_json_text(l->figures[k].unit), "values", vals,
                                    "differences", diffs));
    }
    groups = sim_json_put(groups, names[gi] ? names[gi] : "total", figs);
  }
  return json_pack("{s:o, s:I, s:I, s:s, s:{s:s, s:s, s:I, s:b}, s:o, s:o}", "baseline", sim_json_text(v[0].label),
                   "seed", (json_int_t)v[0].s.seed, "replications", (json_int_t)v[0].run.result.replications,
                   "interval",
                   "95% Student t interval over replications; differences are paired by replication (common random "
                   "numbers); ratios are ratios of means with delta-method intervals",
                   "calendar", "start", from, "end", to, "months", (json_int_t)v[0].s.months, "common_months", cut,
                   "scenarios", scen, "groups", groups);
}

static sim_status write_compare(sim_outdir *dir, variant *v, int nv, sim_errs *e) {
  const char *names[4096];
  int ng = common_groups(v, nv, names, 4096);
  const sim_layout *l = &v[0].run.layout;
  sim_status st = SIM_OK;
  FILE *csv = sim_outdir_open(dir, "compare.csv", e);
  if (!csv) return SIM_EIO;
  fputs("territory,figure,unit,scenario,kind,mean,lo,hi,n,start,months,seed,replications\n", csv);
  for (int gi = ng - 1; gi >= 0; gi--) { /* the total first */
    const char *gname = names[gi] ? names[gi] : "total";
    for (int k = 0; k < l->n_figures; k++) {
      for (int j = 0; j < nv; j++) {
        int g = group_of(&v[j], names[gi]);
        csv_row(csv, gname, &l->figures[k], v[j].label, "value", &v[j].ci[(size_t)g * (size_t)l->n_figures + (size_t)k],
                &v[j]);
      }
      for (int j = 1; j < nv; j++) {
        char lab[1500];
        snprintf(lab, sizeof lab, "%s - %s", v[j].label, v[0].label);
        sim_stats_ci d = difference(&v[0], group_of(&v[0], names[gi]), &v[j], group_of(&v[j], names[gi]), k);
        csv_row(csv, gname, &l->figures[k], lab, "difference", &d, &v[j]);
      }
    }
  }
  if ((st = sim_outdir_close(dir, csv, "compare.csv", e)) != SIM_OK) return st;

  FILE *js = sim_outdir_open(dir, "compare.json", e);
  if (!js) return SIM_EIO;
  st = sim_json_write(js, compare_json(v, nv, names, ng), "compare.json", e);
  sim_status cl = sim_outdir_close(dir, js, "compare.json", e);
  return st != SIM_OK ? st : cl;
}

/* The column letter of scenario i: A, B, ..., Z, then A', B', ... */
static const char *letter(int i, char out[4]) {
  snprintf(out, 4, "%c%s", 'A' + i % 26, i >= 26 ? "'" : "");
  return out;
}

/* "A "pilots" 2017-01 to 2026-12 (120 months), B ..." into out, cut with "..." past n. */
static void calendar_list(const variant *v, int nv, char *out, size_t n) {
  size_t at = 0;
  out[0] = '\0';
  for (int i = 0; i < nv && at + 4 < n; i++) {
    char l[4], from[8], to[8], name[96];
    sim_cal_format(v[i].s.start, from);
    sim_cal_format(v[i].s.start + (int32_t)v[i].s.months - 1, to);
    int w = snprintf(out + at, n - at, "%s%s \"%s\" %s to %s (%lld months)", i ? ", " : "", letter(i, l),
                     sim_errs_clip(v[i].label, name, sizeof name), from, to, (long long)v[i].s.months);
    if (w < 0 || (size_t)w >= n - at) {
      snprintf(out + (n > 4 ? n - 4 : 0), 4, "...");
      return;
    }
    at += (size_t)w;
  }
}

/* Scenarios are compared month by month from one start over one horizon: different starts are
 * refused; different horizons too, unless --common-months, which reruns every longer scenario up to
 * the last month they all cover, and says so for each. Never silently. */
static sim_status align_calendars(const sim_cli *c, variant *v, int nv, sim_errs *e) {
  int64_t shortest = v[0].s.months;
  int starts_differ = 0, months_differ = 0;
  for (int i = 0; i < nv; i++) {
    v[i].file_months = v[i].s.months;
    v[i].file_seed = v[i].s.seed;
    v[i].file_reps = v[i].s.replications;
    starts_differ |= v[i].s.start != v[0].s.start;
    months_differ |= v[i].s.months != v[0].s.months;
    if (v[i].s.months < shortest) shortest = v[i].s.months;
  }
  if (!starts_differ && !months_differ) return SIM_OK;
  char list[1024], from[8], to[8];
  calendar_list(v, nv, list, sizeof list);
  sim_cal_format(v[0].s.start, from);
  sim_cal_format(v[0].s.start + (int32_t)shortest - 1, to);
  if (starts_differ) {
    sim_errs_add(e, "command line", 0, "compare",
                 "the scenarios start at different months: %s (expected the same start: figures are paired month by "
                 "month from it; "
                 "e.g. --set start=YYYY-MM)",
                 list);
    return SIM_EPARAM;
  }
  if (!c->common_months) {
    sim_errs_add(e, "command line", 0, "compare",
                 "the scenarios cover different horizons: %s (expected the same months; --common-months compares them "
                 "on their "
                 "%lld common months, %s to %s)",
                 list, (long long)shortest, from, to);
    return SIM_EPARAM;
  }
  for (int i = 0; i < nv; i++) {
    if (v[i].s.months == shortest) continue;
    char l[4];
    fprintf(stderr,
            "compare: notice: %s \"%s\" runs its first %lld of %lld months (%s to %s), the months every scenario "
            "covers (--common-months)\n",
            letter(i, l), SIM_TTY(v[i].label), (long long)shortest, (long long)v[i].file_months, from, to);
    /* Rerun from the scenario with one more override, so that everything it derives from its
     * horizon (and the resolved scenario.cfg) follows. */
    mdl_scenario_free(&v[i].s);
    snprintf(v[i].months_text, sizeof v[i].months_text, "months=%lld", (long long)shortest);
    v[i].sets[v[i].nsets++] = v[i].months_text;
    sim_status st = sim_load_scenario(v[i].file, v[i].sets, v[i].nsets, &v[i].s, e);
    if (st != SIM_OK) {
      memset(&v[i].s, 0, sizeof v[i].s);
      return st;
    }
  }
  return SIM_OK;
}

/* Differences are paired by replication: every scenario runs with the first one's seed and
 * replications (-s and -r set those of all). Each scenario whose own differ is named. */
static void same_seed(variant *v, int nv) {
  for (int i = 1; i < nv; i++) {
    char l[4], a[4];
    if (v[i].s.seed != v[0].s.seed)
      fprintf(stderr,
              "compare: notice: %s \"%s\" has seed %lld; it runs with seed %lld, %s's, so that the differences are "
              "paired (-s SEED sets the seed of all)\n",
              letter(i, l), SIM_TTY(v[i].label), (long long)v[i].s.seed, (long long)v[0].s.seed, letter(0, a));
    if (v[i].s.replications != v[0].s.replications)
      fprintf(stderr, "compare: notice: %s \"%s\" has %lld replications; it runs %lld, %s's (-r N sets those of all)\n",
              letter(i, l), SIM_TTY(v[i].label), (long long)v[i].s.replications, (long long)v[0].s.replications,
              letter(0, a));
    v[i].s.seed = v[0].s.seed;
    v[i].s.replications = v[0].s.replications;
  }
}

/* The table for a terminal, at most 100 columns: the scenarios (letter, name, calendar, seed,
 * replications), then per headline figure one line per scenario and per paired difference. Every
 * figure and territory is in compare.csv and compare.json. In the language of --lang or LANG. */
static void print_table(const sim_cli *c, variant *v, int nv, const char *outdir) {
  plt_lang lg = plt_lang_choose(c->lang);
  const sim_layout *l = &v[0].run.layout;
  int seed_given = 0;
  for (int k = 0; k < c->nsets; k++) seed_given |= strncmp(c->sets[k], "seed=", 5) == 0;
  char a[4], x[4], from[8], to[8];
  uint32_t reps = v[0].run.result.replications;
  const char *plural = reps == 1 ? "" : "s";
  printf(plt_tr(lg, "%d scenarios, seed %lld for all (%s), %u replication%s each\n",
                "%d scénarios, graine %lld pour tous (%s), %u réplication%s chacun\n"),
         nv, (long long)v[0].s.seed,
         seed_given ? plt_tr(lg, "set on the command line", "donnée en ligne de commande")
                    : plt_tr(lg, "the first scenario's", "celle du premier scénario"),
         reps, plural);
  printf("  -> %s\n", outdir);
  for (int j = 0; j < nv; j++) {
    char clipped[96];
    printf("  %-3s%s\n", letter(j, a), sim_errs_clip(SIM_TTY(v[j].label), clipped, sizeof clipped));
    sim_cal_format(v[j].s.start, from);
    sim_cal_format(v[j].s.start + (int32_t)v[j].s.months - 1, to);
    printf(plt_tr(lg, "     %s to %s, %lld months", "     %s à %s, %lld mois"), from, to, (long long)v[j].s.months);
    if (v[j].file_months != v[j].s.months)
      printf(plt_tr(lg, " (of its %lld: --common-months)", " (sur ses %lld : --common-months)"), v[j].file_months);
    printf(plt_tr(lg, "\n     seed %lld", "\n     graine %lld"),
           (long long)v[j].s.seed); /* a second line: both can be long */
    if (v[j].file_seed != v[j].s.seed) printf(plt_tr(lg, " (its own: %lld)", " (la sienne : %lld)"), v[j].file_seed);
    uint32_t rj = v[j].run.result.replications;
    printf(plt_tr(lg, ", %u replication%s\n", ", %u réplication%s\n"), rj, rj == 1 ? "" : "s");
  }
  printf("%s\n",
         plt_tr(lg, "total of the territories: means with 95% intervals; differences paired by replication",
                "total des territoires : moyennes et intervalles à 95 % ; différences appariées par réplication"));
  for (int j = 0; j < nv; j++)
    if (!v[j].ci) return; /* every variant ran before the table is printed */
  for (int i = 0; i < SIM_N_HEADLINE; i++) {
    int k = sim_headline_figures[i];
    /* The key links the line to the files; its unit as the reader says it in French. */
    const char *unit = lg == PLT_LANG_FR ? plt_unit_lang(lg, l->figures[k].unit) : l->figures[k].unit;
    if (*unit)
      printf("%s (%s)\n", l->figures[k].name, unit);
    else
      printf("%s\n", l->figures[k].name); /* a ratio: no unit */
    for (int j = 0; j < nv; j++)
      sim_tty_row(lg, letter(j, a), 8, &v[j].ci[(size_t)v[j].run.layout.total_group * (size_t)l->n_figures + (size_t)k],
                  l->figures[k].unit);
    for (int j = 1; j < nv; j++) {
      char lab[16];
      snprintf(lab, sizeof lab, "%s − %s", letter(j, x), letter(0, a));
      sim_stats_ci d = difference(&v[0], l->total_group, &v[j], v[j].run.layout.total_group, k);
      sim_tty_row(lg, lab, 8, &d, l->figures[k].unit);
    }
  }
  sim_tty_interval_note(lg, reps);
  printf("%s\n", plt_tr(lg, "  every figure, per territory: compare.csv and compare.json",
                        "  chaque indicateur, par territoire : compare.csv et compare.json"));
}

/* The result folder (every scenario's files and the comparison), committed whole, and the table. */
static sim_status write_outputs(const sim_cli *c, variant *v, int nv, const sim_precision *prec, const char *outdir,
                                sim_outdir *dir, int argc, char **argv, sim_errs *e) {
  sim_status st = sim_outdir_begin(dir, outdir, c->force, e);
  for (int i = 0; i < nv && st == SIM_OK; i++) {
    char prefix[400];
    snprintf(prefix, sizeof prefix, "%s/", v[i].folder);
    st = sim_write_result(dir, prefix, &v[i].s, &v[i].run, prec->figure ? prec : NULL, sim_scenario_label(v[i].file),
                          argc, argv, e);
  }
  if (st == SIM_OK) st = write_compare(dir, v, nv, e);
  if (st == SIM_OK && sim_stop_requested) {
    st = SIM_EINTR;
    sim_errs_add(e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written to %s",
                 (int)sim_stop_requested, outdir);
  }
  if (st == SIM_OK) st = sim_outdir_commit(dir, e);
  /* --quiet silences the progress only: the results are what the command is for. */
  if (st == SIM_OK) {
    if (sim_mpi_size() > 1) printf("on %d MPI ranks\n", sim_mpi_size());
    print_table(c, v, nv, outdir);
    if (prec->figure)
      printf("precision: %s within %.4g of its mean in every scenario%s (Monte Carlo error only)\n", prec->figure,
             prec->achieved, prec->reached ? "" : " NOT reached: --max-replications hit");
  }
  return st;
}

int sim_cmd_compare(const sim_cli *c, int argc, char **argv) {
  sim_errs e;
  sim_errs_init(&e);
  sim_status st = SIM_OK;
  sim_precision prec;
  if ((st = sim_precision_parse(c->precision, &prec, &e)) != SIM_OK) return sim_report(&e, st);
  if (prec.figure && sim_mpi_size() > 1) {
    sim_errs_add(&e, "command line", 0, "--precision",
                 "not available under mpirun with several ranks (expected a fixed number of replications, -r)");
    return sim_report(&e, SIM_EPARAM);
  }
  if (c->max_replications) prec.max_reps = (uint32_t)c->max_replications;
  if (c->npos < 2 && c->nvary == 0) {
    sim_errs_add(&e, "command line", 0, "compare", "one scenario alone (expected at least two scenarios, or --vary)");
    return sim_report(&e, SIM_EPARAM);
  }
  /* Expand --vary: each scenario once per combination of the axes' points (a paired axis moves
   * its keys together: one point sets them all). */
  vary_axis *axes = calloc(SIM_CLI_MAX_VARY, sizeof *axes);
  if (!axes) return sim_report(&e, SIM_ENOMEM);
  long long combos = 1;
  for (int k = 0; k < c->nvary; k++) {
    if (split_vary(c->vary[k], &axes[k], &e) < 0) {
      free(axes);
      return sim_report(&e, SIM_EPARAM);
    }
    if (combos <= MAX_VARIANTS) combos *= axes[k].npoints;
  }
  long long nvl = (long long)c->npos * combos;
  if (nvl < 1 || nvl > MAX_VARIANTS) {
    sim_errs_add(&e, "command line", 0, "compare", "%lld scenarios (expected at most %d)", nvl, MAX_VARIANTS);
    free(axes);
    return sim_report(&e, SIM_EPARAM);
  }
  int nv = (int)nvl;
  variant *v = calloc((size_t)nv, sizeof *v);
  if (!v) {
    free(axes);
    return sim_report(&e, SIM_ENOMEM);
  }
  for (int i = 0; i < nv; i++) {
    variant *x = &v[i];
    x->file = c->pos[i / combos];
    for (int k = 0; k < c->nsets; k++) x->sets[x->nsets++] = c->sets[k];
    x->nsets_base = x->nsets;
    char suffix[400] = "";
    int nt = 0;
    for (int k = 0, rest = (int)(i % combos); k < c->nvary; k++) {
      int pick = rest % axes[k].npoints;
      rest /= axes[k].npoints;
      for (int j = 0; j < axes[k].nkeys; j++, nt++) {
        snprintf(x->vary_text[nt], sizeof x->vary_text[nt], "%s=%s", axes[k].keys[j], axes[k].values[pick][j]);
        x->sets[x->nsets++] = x->vary_text[nt];
        size_t used = strlen(suffix);
        snprintf(suffix + used, sizeof suffix - used, "%s%s", nt ? ", " : " [", x->vary_text[nt]);
      }
    }
    if (c->nvary) strncat(suffix, "]", sizeof suffix - strlen(suffix) - 1);
    if (sim_load_scenario(x->file, x->sets, x->nsets, &x->s, &e) == SIM_OK)
      snprintf(x->label, sizeof x->label, "%s%s", x->s.name, suffix);
    else
      st = SIM_EPARAM;
  }
  free(axes);
  char outdir[4096];
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  if (st != SIM_OK) goto prepared;
  if ((st = align_calendars(c, v, nv, &e)) != SIM_OK) goto prepared;
  same_seed(v, nv);
  for (int i = 0; i < nv; i++) {
    for (int j = 0; j < i; j++)
      if (!strcmp(v[i].label, v[j].label)) {
        size_t len = strlen(v[i].label);
        snprintf(v[i].label + len, sizeof v[i].label - len, " #%d", i + 1); /* the same file twice */
      }
    char safe[200];
    sim_safe_name(v[i].label, safe, sizeof safe);
    snprintf(v[i].folder, sizeof v[i].folder, "scenarios/%d-%s", i + 1, safe);
  }
  if (c->outdir) {
    snprintf(outdir, sizeof outdir, "%s", c->outdir);
  } else {
    char a[200], b[200];
    sim_safe_name(v[0].s.name, a, sizeof a);
    sim_safe_name(v[nv - 1].s.name, b, sizeof b);
    snprintf(outdir, sizeof outdir, "results/compare-%s-vs-%s", a, b);
  }
  if (sim_mpi_rank() == 0) st = sim_outdir_check(outdir, c->force, &e);
  for (int i = 0; i < nv && st == SIM_OK; i++) st = sim_check_memory(&v[i].s, sim_scenario_label(v[i].file), &e);
prepared:
  if ((st = sim_mpi_agree_errs(st, &e)) != SIM_OK) goto done;
  sim_install_signals();
  for (int i = 0; i < nv; i++) {
    if (!c->quiet) fprintf(stderr, "running %s\n", SIM_TTY(v[i].label));
    if ((st = sim_mpi_run_scenario(&v[i].s, c->threads, c->quiet, 0, &v[i].run, &e)) != SIM_OK) goto done;
  }
  /* --precision: extend every scenario by the same blocks (pairs stay paired) until the figure's
   * interval is narrow enough in all of them. */
  if (prec.figure) {
    prec.block = (uint32_t)(v[0].s.replications >= 2 ? v[0].s.replications : 10);
    for (;;) {
      double worst = 0;
      for (int i = 0; i < nv; i++) {
        sim_stats_ci *ci = sim_summary_of(&v[i].run);
        int k = 0;
        while (strcmp(mdl_figures[k].name, prec.figure) != 0) k++;
        const sim_stats_ci *x = &ci[(size_t)v[i].run.layout.total_group * (size_t)MDL_H_COUNT + (size_t)k];
        double rel = (x->n >= 2 && x->mean != 0) ? (x->hi - x->lo) / 2 / fabs(x->mean) : (double)INFINITY;
        if (rel > worst) worst = rel;
        free(ci);
      }
      prec.achieved = worst;
      prec.reached = worst <= prec.rel;
      uint32_t have = v[0].run.result.replications;
      if (prec.reached || have >= prec.max_reps) break;
      uint32_t more = have + prec.block > prec.max_reps ? prec.max_reps - have : prec.block;
      for (int i = 0; i < nv; i++) {
        sim_run_opts o = {.first_replication = have,
                          .replications = more,
                          .threads = v[i].run.threads,
                          .stop = &sim_stop_requested};
        if ((st = sim_engine_extend(&v[i].run.model, &o, &v[i].run.result, &e)) != SIM_OK) goto done;
      }
    }
  }
  for (int i = 0; i < nv && st == SIM_OK; i++)
    if (!(v[i].ci = sim_summary_of(&v[i].run))) {
      sim_errs_add(&e, NULL, 0, NULL, "out of memory for the statistics of %s", v[i].label);
      st = SIM_ENOMEM;
    }
  if ((st = sim_mpi_agree(st)) != SIM_OK) goto done;
  /* Under MPI every rank holds the whole result; rank 0 writes it. */
  if (sim_mpi_rank() == 0) st = write_outputs(c, v, nv, &prec, outdir, &dir, argc, argv, &e);
  st = sim_mpi_agree(st);
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  for (int i = 0; i < nv; i++) {
    free(v[i].ci);
    sim_scenario_run_free(&v[i].run);
    if (i < nv) mdl_scenario_free(&v[i].s);
  }
  free(v);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  /* the result is committed: plotting cannot harm it */
  return c->plot && sim_mpi_rank() == 0 ? sim_plot_result(outdir, c->quiet, c->lang) : 0;
}
