/* cmd_compare.c: tzsim compare: several scenarios with the same seed and replications (common random
 * numbers), each headline figure with its interval, and paired differences with the first scenario. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/params.h"
#include "models/report.h"
#include "sim/commands.h"
#include "sim/mpi_run.h"
#include "sim/params.h"

#define MAX_VARIANTS 64

typedef struct {
  const char *file;                 /* scenario file (NULL: built in) */
  char label[700];                  /* name shown in tables: the scenario name, and its --vary values */
  char folder[320];                 /* where its own result goes inside DIR */
  const char *sets[SIM_CLI_MAX_SETS + SIM_CLI_MAX_VARY];
  int nsets;
  char vary_text[SIM_CLI_MAX_VARY][512];
  mdl_scenario s;
  sim_scenario_run run;
  sim_stats_ci *ci;
} variant;

/* The registry entry of a --vary key (a scenario key, or territories.NAME.KEY), or NULL. */
static const sim_param *vary_param(const char *key) {
  const sim_param *p = sim_params_find(&mdl_scenario_params, key);
  const char *dot = strrchr(key, '.');
  if (!p && strncmp(key, "territories.", 12) == 0 && dot > key + 11) p = sim_params_find(&mdl_territory_params, dot + 1);
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
  int shape = (value[0] >= '0' && value[0] <= '9') || ((value[0] == '-' || value[0] == '+' || value[0] == '.') && value[1]);
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
                 sim_errs_clip(value, clipped, sizeof clipped), integer ? "an integer" : "a number", what, p->lo, p->hi);
    return -1;
  }
  if (v < p->lo || v > p->hi) {
    sim_errs_add(e, "command line", 0, key_shown, "%s is out of range (expected %s in [%g, %g])",
                 sim_errs_clip(value, clipped, sizeof clipped), what, p->lo, p->hi);
    return -1;
  }
  return 0;
}

/* Split "KEY=V1,V2,..." into the key and its values (commas inside brackets or quotes are kept).
 * Messages echo at most the start of a long list, and always say what is wrong. */
static int split_vary(const char *text, char *key, size_t kn, char values[][256], int maxv, sim_errs *e) {
  const char *eq = strchr(text, '=');
  char clipped[96];
  if ((size_t)(eq - text) >= kn) {
    sim_errs_add(e, "command line", 0, "--vary", "key '%s' is longer than %zu bytes (expected KEY=V1,V2,... with a parameter key)",
                 sim_errs_clip(text, clipped, sizeof clipped), kn - 1);
    return -1;
  }
  snprintf(key, kn, "%.*s", (int)(eq - text), text);
  int n = 0, depth = 0, quoted = 0;
  const char *start = eq + 1;
  for (const char *p = start;; p++) {
    if (*p == '"') quoted = !quoted;
    if (!quoted && (*p == '[' || *p == '(')) depth++;
    if (!quoted && (*p == ']' || *p == ')')) depth--;
    if (*p == '\0' || (*p == ',' && depth == 0 && !quoted)) {
      if (p == start || n >= maxv) {
        sim_errs_add(e, "command line", 0, "--vary", "'%s' has an empty value or more than %d values (expected KEY=V1,V2,...)",
                     sim_errs_clip(text, clipped, sizeof clipped), maxv);
        return -1;
      }
      if (p - start >= 256) {
        char key_shown[160];
        snprintf(key_shown, sizeof key_shown, "--vary %.127s", key);
        sim_errs_add(e, "command line", 0, key_shown, "value '%s' is longer than 255 bytes (expected shorter values)",
                     sim_errs_clip(start, clipped, sizeof clipped));
        return -1;
      }
      snprintf(values[n++], 256, "%.*s", (int)(p - start), start);
      if (check_vary_value(key, values[n - 1], e) != 0) return -1;
      start = p + 1;
    }
    if (*p == '\0') break;
  }
  return n;
}

/* Numbers for people: thousands separated, decimals by magnitude. */
static void fmt_num(char *buf, size_t n, double v) {
  if (!isfinite(v)) {
    snprintf(buf, n, "-");
    return;
  }
  if (v == 0.0) {
    snprintf(buf, n, "0");
    return;
  }
  double a = fabs(v);
  int dec = a >= 100 ? 0 : a >= 1 ? 2 : 3;
  char raw[64];
  snprintf(raw, sizeof raw, "%.*f", dec, a);
  char *dot = strchr(raw, '.');
  size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
  size_t k = 0;
  if (v < 0 && strcmp(raw, "0") != 0 && strspn(raw, "0.") != strlen(raw) && k + 1 < n) buf[k++] = '-';
  for (size_t i = 0; i < intlen && k + 2 < n; i++) {
    buf[k++] = raw[i];
    size_t left = intlen - i - 1;
    if (left > 0 && left % 3 == 0) buf[k++] = ',';
  }
  for (const char *d = dot; d && *d && k + 1 < n; d++) buf[k++] = *d;
  buf[k] = '\0';
}

static void fmt_ci(char *buf, size_t n, const sim_stats_ci *c) {
  char m[40], lo[40], hi[40];
  fmt_num(m, sizeof m, c->mean);
  if (c->n == 0) {
    snprintf(buf, n, "not reached");
    return;
  }
  fmt_num(lo, sizeof lo, c->lo);
  fmt_num(hi, sizeof hi, c->hi);
  snprintf(buf, n, "%s [%s, %s]", m, lo, hi);
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

static void json_ci(FILE *f, const sim_stats_ci *c) {
  fputs("{\"mean\": ", f);
  sim_json_number(f, c->mean);
  fputs(", \"lo\": ", f);
  sim_json_number(f, c->lo);
  fputs(", \"hi\": ", f);
  sim_json_number(f, c->hi);
  fprintf(f, ", \"n\": %d}", c->n);
}

static void csv_row(FILE *f, const char *group, const sim_figure *fig, const char *scenario, const char *kind,
                    const sim_stats_ci *c) {
  sim_csv_field(f, group);
  fprintf(f, ",%s,", fig->name);
  sim_csv_field(f, fig->unit);
  fputc(',', f);
  sim_csv_field(f, scenario);
  fprintf(f, ",%s,", kind);
  if (c->n > 0) {
    fprintf(f, "%.12g,%.12g,%.12g", c->mean == 0.0 ? 0.0 : c->mean, c->lo == 0.0 ? 0.0 : c->lo, c->hi == 0.0 ? 0.0 : c->hi);
  } else {
    fputs(",,", f);
  }
  fprintf(f, ",%d\n", c->n);
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

static sim_status write_compare(sim_outdir *dir, variant *v, int nv, sim_errs *e) {
  const char *names[4096];
  int ng = common_groups(v, nv, names, 4096);
  const sim_layout *l = &v[0].run.layout;
  sim_status st = SIM_OK;
  FILE *csv = sim_outdir_open(dir, "compare.csv", e);
  if (!csv) return SIM_EIO;
  fputs("territory,figure,unit,scenario,kind,mean,lo,hi,n\n", csv);
  for (int gi = ng - 1; gi >= 0; gi--) { /* the total first */
    const char *gname = names[gi] ? names[gi] : "total";
    for (int k = 0; k < l->n_figures; k++) {
      for (int j = 0; j < nv; j++) {
        int g = group_of(&v[j], names[gi]);
        csv_row(csv, gname, &l->figures[k], v[j].label, "value", &v[j].ci[(size_t)g * (size_t)l->n_figures + (size_t)k]);
      }
      for (int j = 1; j < nv; j++) {
        char lab[1500];
        snprintf(lab, sizeof lab, "%s - %s", v[j].label, v[0].label);
        sim_stats_ci d = difference(&v[0], group_of(&v[0], names[gi]), &v[j], group_of(&v[j], names[gi]), k);
        csv_row(csv, gname, &l->figures[k], lab, "difference", &d);
      }
    }
  }
  if ((st = sim_outdir_close(dir, csv, "compare.csv", e)) != SIM_OK) return st;

  FILE *js = sim_outdir_open(dir, "compare.json", e);
  if (!js) return SIM_EIO;
  fputs("{\n  \"baseline\": ", js);
  sim_json_string(js, v[0].label);
  fprintf(js, ",\n  \"seed\": %lld,\n  \"replications\": %u,\n", (long long)v[0].s.seed, v[0].run.result.replications);
  fputs("  \"interval\": \"95% Student t interval over replications; differences are paired by replication (common random numbers); ratios are ratios of means with delta-method intervals\",\n", js);
  fputs("  \"scenarios\": [", js);
  for (int j = 0; j < nv; j++) {
    fputs(j ? ", " : "", js);
    fputs("{\"label\": ", js);
    sim_json_string(js, v[j].label);
    fputs(", \"name\": ", js);
    sim_json_string(js, v[j].s.name);
    fputs(", \"file\": ", js);
    sim_json_string(js, sim_scenario_label(v[j].file));
    fputs(", \"folder\": ", js);
    sim_json_string(js, v[j].folder);
    fputs("}", js);
  }
  fputs("],\n  \"groups\": {\n", js);
  for (int gi = ng - 1; gi >= 0; gi--) {
    fputs("    ", js);
    sim_json_string(js, names[gi] ? names[gi] : "total");
    fputs(": {\n", js);
    for (int k = 0; k < l->n_figures; k++) {
      fprintf(js, "      \"%s\": {\"unit\": ", l->figures[k].name);
      sim_json_string(js, l->figures[k].unit);
      fputs(", \"values\": [", js);
      for (int j = 0; j < nv; j++) {
        fputs(j ? ", " : "", js);
        int g = group_of(&v[j], names[gi]);
        json_ci(js, &v[j].ci[(size_t)g * (size_t)l->n_figures + (size_t)k]);
      }
      fputs("], \"differences\": [null", js);
      for (int j = 1; j < nv; j++) {
        fputs(", ", js);
        sim_stats_ci d = difference(&v[0], group_of(&v[0], names[gi]), &v[j], group_of(&v[j], names[gi]), k);
        json_ci(js, &d);
      }
      fprintf(js, "]}%s\n", k + 1 < l->n_figures ? "," : "");
    }
    fprintf(js, "    }%s\n", gi > 0 ? "," : "");
  }
  fputs("  }\n}\n", js);
  return sim_outdir_close(dir, js, "compare.json", e);
}

/* The aligned table for a terminal: rows = figures (with units), columns = scenarios, differences. */
static void print_table(variant *v, int nv) {
  const sim_layout *l = &v[0].run.layout;
  int ncol = nv + nv - 1, width[2 * MAX_VARIANTS], rowname = 10;
  char cell[2 * MAX_VARIANTS][160], head[2 * MAX_VARIANTS][40];
  /* Columns are lettered (A, B, ...) and the letters explained first: labels can be long. */
  for (int j = 0; j < nv; j++) {
    snprintf(head[j], sizeof head[j], "%c%s", 'A' + j % 26, j >= 26 ? "'" : "");
    printf("%s = %s\n", head[j], SIM_TTY(v[j].label));
  }
  for (int j = 1; j < nv; j++)
    snprintf(head[nv + j - 1], sizeof head[0], "%c%s - A", 'A' + j % 26, j >= 26 ? "'" : "");
  printf("means over replications with 95%% intervals; differences paired by replication\n\n");
  for (int c = 0; c < ncol; c++) width[c] = (int)strlen(head[c]);
  for (int k = 0; k < l->n_figures; k++) {
    int len = (int)(strlen(l->figures[k].name) + strlen(l->figures[k].unit) + 3);
    if (len > rowname) rowname = len;
  }
  /* Two passes: widths, then printing. */
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      printf("%-*s", rowname, "total");
      for (int c = 0; c < ncol; c++) printf("  %*s", width[c], head[c]);
      putchar('\n');
    }
    for (int k = 0; k < l->n_figures; k++) {
      for (int j = 0; j < nv; j++)
        fmt_ci(cell[j], sizeof cell[j], &v[j].ci[(size_t)v[j].run.layout.total_group * (size_t)l->n_figures + (size_t)k]);
      for (int j = 1; j < nv; j++) {
        sim_stats_ci d = difference(&v[0], l->total_group, &v[j], v[j].run.layout.total_group, k);
        fmt_ci(cell[nv + j - 1], sizeof cell[0], &d);
      }
      if (pass == 0) {
        for (int c = 0; c < ncol; c++)
          if ((int)strlen(cell[c]) > width[c]) width[c] = (int)strlen(cell[c]);
      } else {
        char row[200];
        snprintf(row, sizeof row, "%s (%s)", l->figures[k].name, l->figures[k].unit);
        printf("%-*s", rowname, row);
        for (int c = 0; c < ncol; c++) printf("  %*s", width[c], cell[c]);
        putchar('\n');
      }
    }
  }
}

/* The result folder (every scenario's files and the comparison), committed whole, and the table. */
static sim_status write_outputs(const sim_cli *c, variant *v, int nv, const sim_precision *prec, const char *outdir,
                                sim_outdir *dir, int argc, char **argv, sim_errs *e) {
  sim_status st = sim_outdir_begin(dir, outdir, c->force, e);
  for (int i = 0; i < nv && st == SIM_OK; i++) {
    char prefix[400];
    snprintf(prefix, sizeof prefix, "%s/", v[i].folder);
    st = sim_write_result(dir, prefix, &v[i].s, &v[i].run, prec->figure ? prec : NULL, sim_scenario_label(v[i].file), argc,
                          argv, e);
  }
  if (st == SIM_OK) st = write_compare(dir, v, nv, e);
  if (st == SIM_OK && sim_stop_requested) {
    st = SIM_EINTR;
    sim_errs_add(e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written to %s", (int)sim_stop_requested, outdir);
  }
  if (st == SIM_OK) st = sim_outdir_commit(dir, e);
  if (st == SIM_OK && !c->quiet) {
    printf("%d scenarios, seed %lld, %u replications each", nv, (long long)v[0].s.seed, v[0].run.result.replications);
    if (sim_mpi_size() > 1) printf(" on %d MPI ranks", sim_mpi_size());
    printf(" -> %s\n", outdir);
    print_table(v, nv);
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
    sim_errs_add(&e, "command line", 0, "--precision", "not available under mpirun with several ranks (expected a fixed number of replications, -r)");
    return sim_report(&e, SIM_EPARAM);
  }
  if (c->max_replications) prec.max_reps = (uint32_t)c->max_replications;
  if (c->npos < 2 && c->nvary == 0) {
    sim_errs_add(&e, "command line", 0, "compare", "one scenario alone (expected at least two scenarios, or --vary)");
    return sim_report(&e, SIM_EPARAM);
  }
  /* Expand --vary: each scenario once per combination of the varied values. */
  char keys[SIM_CLI_MAX_VARY][128], values[SIM_CLI_MAX_VARY][16][256];
  int nvals[SIM_CLI_MAX_VARY], combos = 1;
  for (int k = 0; k < c->nvary; k++) {
    nvals[k] = split_vary(c->vary[k], keys[k], sizeof keys[k], values[k], 16, &e);
    if (nvals[k] < 0) return sim_report(&e, SIM_EPARAM);
    combos *= nvals[k];
  }
  int nv = c->npos * combos;
  if (nv > MAX_VARIANTS) {
    sim_errs_add(&e, "command line", 0, "compare", "%d scenarios (expected at most %d)", nv, MAX_VARIANTS);
    return sim_report(&e, SIM_EPARAM);
  }
  variant *v = calloc((size_t)nv, sizeof *v);
  if (!v) return sim_report(&e, SIM_ENOMEM);
  int loaded = 0;
  for (int i = 0; i < nv; i++) {
    variant *x = &v[i];
    x->file = c->pos[i / combos];
    for (int k = 0; k < c->nsets; k++) x->sets[x->nsets++] = c->sets[k];
    char suffix[400] = "";
    for (int k = 0, rest = i % combos; k < c->nvary; k++) {
      int pick = rest % nvals[k];
      rest /= nvals[k];
      snprintf(x->vary_text[k], sizeof x->vary_text[k], "%s=%s", keys[k], values[k][pick]);
      x->sets[x->nsets++] = x->vary_text[k];
      size_t used = strlen(suffix);
      snprintf(suffix + used, sizeof suffix - used, "%s%s", k ? ", " : " [", x->vary_text[k]);
    }
    if (c->nvary) strncat(suffix, "]", sizeof suffix - strlen(suffix) - 1);
    if (sim_load_scenario(x->file, x->sets, x->nsets, &x->s, &e) == SIM_OK) {
      loaded++;
      snprintf(x->label, sizeof x->label, "%s%s", x->s.name, suffix);
    } else {
      st = SIM_EPARAM;
    }
  }
  char outdir[4096];
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  if (st != SIM_OK) goto prepared;
  /* Same seed and replications for all: the first scenario's, unless -s or -r said otherwise. */
  for (int i = 1; i < nv; i++) {
    v[i].s.seed = v[0].s.seed;
    v[i].s.replications = v[0].s.replications;
  }
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
        sim_run_opts o = {.first_replication = have, .replications = more, .threads = v[i].run.threads, .stop = &sim_stop_requested};
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
  (void)loaded;
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  /* the result is committed: plotting cannot harm it */
  return c->plot && sim_mpi_rank() == 0 ? sim_plot_result(outdir, c->quiet, c->lang) : 0;
}
