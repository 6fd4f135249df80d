/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_sweep.c: tzsim sweep: a sensitivity analysis of a scenario. The scenario's sweep block names
 * the parameters (any --set path), their distributions, the design and the outputs; every point is
 * the scenario with those overrides, run with the scenario's seed and replications (common random
 * numbers), and the analysis core (sim/sa.c) turns the outputs into indices. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/report.h"
#include "plots/study_figures.h"
#include "app/cmd_study.h"
#include "app/mpi_run.h"
#include "sim/threads.h"
#include "sim/sa.h"
#include "version.h"

#define LEVEL 0.95

typedef struct {
  const char *path;
  const mdl_scenario *base;
  const mdl_sweep_spec *spec;
  const char *const *fixed; /* overrides of every point: the block's replications, then the command line's */
  int nfixed;
  int inner_threads;
  size_t m;
  double *lo, *hi; /* n_points x m: the outputs' 95% intervals over replications */
  uint32_t replications;
  sim_study_points points; /* progress and the first failure */
} sweep_ctx;

/* The overrides of a point: the fixed ones, then each parameter's. */
static int point_sets(const sweep_ctx *c, const double *x, mdl_setlist *sets, sim_errs *e) {
  for (int i = 0; i < c->nfixed; i++)
    if (mdl_setlist_add(sets, c->fixed[i]) != 0) return -1;
  for (int i = 0; i < c->spec->nparams; i++)
    if (mdl_study_sets(&c->spec->params[i], x[i], c->base, sets, e) != 0) return -1;
  return 0;
}

static int group_index(const sim_layout *l, const char *territory) {
  if (!territory[0]) return l->total_group;
  for (int g = 0; g < l->n_groups; g++)
    if (g != l->total_group && !strcmp(l->group_names[g], territory)) return g;
  return -1;
}

static int sweep_point(void *arg, size_t point, const double *x, double *y) {
  sweep_ctx *c = arg;
  sim_errs e;
  sim_errs_init(&e);
  mdl_setlist sets = {0, 0, NULL};
  mdl_scenario s;
  sim_scenario_run run;
  sim_status st = point_sets(c, x, &sets, &e) == 0 ? SIM_OK : SIM_EPARAM;
  if (st == SIM_OK) st = sim_study_run(c->path, (const char *const *)sets.s, sets.n, c->inner_threads, 0, &s, &run, &e);
  if (st == SIM_OK) {
    sim_stats_ci *ci = sim_summary_of(&run);
    if (!ci) {
      st = SIM_ENOMEM;
      sim_errs_add(&e, NULL, 0, NULL, "out of memory for the statistics of a point");
    } else {
      for (size_t o = 0; o < c->m; o++) {
        const mdl_study_output *out = &c->spec->outputs[o];
        int g = group_index(&run.layout, out->territory);
        const sim_stats_ci *v = g >= 0 ? &ci[(size_t)g * (size_t)run.layout.n_figures + (size_t)out->figure] : NULL;
        y[o] = v && v->n > 0 ? v->mean : (double)NAN;
        c->lo[point * c->m + o] = v && v->n > 0 ? v->lo : (double)NAN;
        c->hi[point * c->m + o] = v && v->n > 0 ? v->hi : (double)NAN;
      }
      free(ci);
#pragma omp critical(sweep_progress)
      c->replications = run.result.replications;
    }
    sim_scenario_run_free(&run);
    mdl_scenario_free(&s);
  }
  mdl_setlist_free(&sets);
  if (st != SIM_OK) {
    sim_errs why;
    sim_errs_init(&why);
    char label[2048];
    sim_study_label(c->spec->params, c->spec->nparams, x, label, sizeof label);
    if (st == SIM_EPARAM)
      sim_errs_add(&why, c->spec->file, c->spec->line, "sweep",
                   "point %zu (%s) is not a valid scenario (expected values the scenario accepts: narrow the "
                   "parameters' ranges)",
                   point + 1, label);
    for (size_t i = 0; i < e.count; i++) sim_errs_add_raw(&why, e.msg[i]);
    sim_errs_destroy(&e);
    sim_study_point_failed(&c->points, point, &why);
    return -1;
  }
  sim_errs_destroy(&e);
  sim_study_point_done(&c->points);
  return 0;
}

/* Load the scenario with every parameter at the same end of its range: the cheapest check that the
 * ranges give valid scenarios before hours are spent. */
static sim_status check_corner(sweep_ctx *c, double u, sim_errs *e) {
  double x[SA_MAX_INPUTS];
  for (int i = 0; i < c->spec->nparams; i++) {
    sa_input in = c->spec->params[i].in;
    in.values = c->spec->params[i].values;
    x[i] = sa_value(&in, u);
  }
  mdl_setlist sets = {0, 0, NULL};
  sim_errs pe;
  sim_errs_init(&pe);
  sim_status st = point_sets(c, x, &sets, &pe) == 0 ? SIM_OK : SIM_EPARAM;
  mdl_scenario s;
  if (st == SIM_OK) st = mdl_scenario_load(c->path, NULL, NULL, (const char *const *)sets.s, sets.n, &s, &pe);
  if (st == SIM_OK) mdl_scenario_free(&s);
  if (st != SIM_OK) {
    char label[2048];
    sim_study_label(c->spec->params, c->spec->nparams, x, label, sizeof label);
    sim_errs_add(e, c->spec->file, c->spec->line, "sweep",
                 "every parameter at its %s end (%s) is not a valid scenario (expected values the scenario accepts: "
                 "narrow the parameters' ranges)",
                 u == 0 ? "lower" : "upper", label);
    for (size_t i = 0; i < pe.count; i++) sim_errs_add_raw(e, pe.msg[i]);
  }
  mdl_setlist_free(&sets);
  sim_errs_destroy(&pe);
  return st;
}

/* ---- writing ---- */

static const char *dist_name(sa_dist d) {
  switch (d) {
  case SA_UNIFORM: return "uniform";
  case SA_LOGUNIFORM: return "loguniform";
  case SA_NORMAL: return "normal";
  case SA_TRIANGULAR: return "triangular";
  case SA_DISCRETE: return "values";
  }
  return "?";
}

/* The design columns of a point: which part of the design it is, and its row or trajectory. */
static void design_cells(const sa_design *d, const mdl_sweep_spec *spec, size_t p, char *part, size_t n,
                         size_t *index) {
  switch (d->method) {
  case SA_SOBOL: {
    int q = d->part[p];
    *index = p % d->base + 1;
    if (q == -2)
      snprintf(part, n, "A");
    else if (q == -1)
      snprintf(part, n, "B");
    else
      snprintf(part, n, "AB:%s", spec->params[q].name);
    break;
  }
  case SA_MORRIS:
    *index = p / (size_t)(d->k + 1) + 1;
    if (d->part[p] < 0)
      snprintf(part, n, "start");
    else
      snprintf(part, n, "step:%s", spec->params[d->part[p]].name);
    break;
  default: *index = p + 1; snprintf(part, n, "%s", sa_method_name(d->method));
  }
}

static sim_status write_sweep_csv(FILE *f, const sa_design *d, const mdl_sweep_spec *spec, const double *y,
                                  const sweep_ctx *c) {
  size_t k = (size_t)d->k, m = (size_t)spec->noutputs;
  fputs("point,design,index", f);
  for (size_t i = 0; i < k; i++) {
    fputc(',', f);
    sim_csv_field(f, spec->params[i].name);
  }
  for (size_t o = 0; o < m; o++) {
    char col[300];
    fputc(',', f);
    sim_csv_field(f, spec->outputs[o].text);
    snprintf(col, sizeof col, "%s_lo", spec->outputs[o].text);
    fputc(',', f);
    sim_csv_field(f, col);
    snprintf(col, sizeof col, "%s_hi", spec->outputs[o].text);
    fputc(',', f);
    sim_csv_field(f, col);
  }
  fputc('\n', f);
  for (size_t p = 0; p < d->n_points; p++) {
    char part[200];
    size_t index = 0;
    design_cells(d, spec, p, part, sizeof part, &index);
    fprintf(f, "%zu,", p + 1);
    sim_csv_field(f, part);
    fprintf(f, ",%zu", index);
    for (size_t i = 0; i < k; i++) {
      fputc(',', f);
      sim_csv_number(f, d->x[p * k + i]);
    }
    for (size_t o = 0; o < m; o++) {
      fputc(',', f);
      sim_csv_number(f, y[p * m + o]);
      fputc(',', f);
      sim_csv_number(f, c->lo[p * m + o]);
      fputc(',', f);
      sim_csv_number(f, c->hi[p * m + o]);
    }
    fputc('\n', f);
  }
  return ferror(f) ? SIM_EIO : SIM_OK;
}

/* The indices of one method as (name, estimate) rows. */
typedef struct {
  const char *name;
  sa_est v;
} named_est;

static int method_rows(sa_method m, const sa_indices *x, named_est *rows) {
  switch (m) {
  case SA_SOBOL:
    rows[0] = (named_est){"S1", x->s1};
    rows[1] = (named_est){"ST", x->st};
    return 2;
  case SA_MORRIS:
    rows[0] = (named_est){"mu_star", x->mu_star};
    rows[1] = (named_est){"mu", {x->mu, (double)NAN, (double)NAN}};
    rows[2] = (named_est){"sigma", {x->sigma, (double)NAN, (double)NAN}};
    return 3;
  default:
    rows[0] = (named_est){"src", {x->src, (double)NAN, (double)NAN}};
    rows[1] = (named_est){"pearson", {x->pearson, (double)NAN, (double)NAN}};
    rows[2] = (named_est){"spearman", {x->spearman, (double)NAN, (double)NAN}};
    return 3;
  }
}

static sim_status write_indices_csv(FILE *f, const sa_design *d, const mdl_sweep_spec *spec, const sa_indices *ix) {
  fputs("output,parameter,index,value,lo,hi\n", f);
  for (int o = 0; o < spec->noutputs; o++)
    for (int i = 0; i < d->k; i++) {
      named_est rows[3];
      int nr = method_rows(d->method, &ix[(size_t)o * (size_t)d->k + (size_t)i], rows);
      for (int r = 0; r < nr; r++) {
        sim_csv_field(f, spec->outputs[o].text);
        fputc(',', f);
        sim_csv_field(f, spec->params[i].name);
        fprintf(f, ",%s,", rows[r].name);
        sim_csv_number(f, rows[r].v.value);
        fputc(',', f);
        sim_csv_number(f, rows[r].v.lo);
        fputc(',', f);
        sim_csv_number(f, rows[r].v.hi);
        fputc('\n', f);
      }
    }
  return ferror(f) ? SIM_EIO : SIM_OK;
}

static json_t *json_est(sa_est v) {
  return json_pack("{s:o, s:o, s:o}", "value", sim_json_num(v.value), "lo", sim_json_num(v.lo), "hi",
                   sim_json_num(v.hi));
}

static json_t *sweep_param_json(const mdl_study_param *p) {
  json_t *keys = json_array();
  for (int j = 0; j < p->nkeys; j++) keys = sim_json_push(keys, sim_json_text(p->keys[j]));
  json_t *o =
      json_pack("{s:o, s:o, s:s}", "name", sim_json_text(p->name), "keys", keys, "distribution", dist_name(p->in.dist));
  if (p->in.dist == SA_NORMAL) {
    o = sim_json_put(o, "mean", sim_json_num(p->in.mean));
    o = sim_json_put(o, "sd", sim_json_num(p->in.sd));
  } else if (p->in.dist != SA_DISCRETE) {
    o = sim_json_put(o, "range", json_pack("[o, o]", sim_json_num(p->in.lo), sim_json_num(p->in.hi)));
  }
  if (p->multiply) o = sim_json_put(o, "multiply", json_true());
  if (p->format[0]) o = sim_json_put(o, "format", sim_json_text(p->format));
  return o;
}

static json_t *sweep_output_json(const sa_design *d, const mdl_sweep_spec *spec, const sa_indices *ix,
                                 const sa_output_stats *os, int o) {
  json_t *out = json_pack("{s:o, s:o, s:o, s:o}", "name", sim_json_text(spec->outputs[o].text), "unit",
                          sim_json_text(mdl_figures[spec->outputs[o].figure].unit), "mean", sim_json_num(os[o].mean),
                          "variance", sim_json_num(os[o].variance));
  if (d->method == SA_GRID || d->method == SA_LHS) out = sim_json_put(out, "r2", sim_json_num(os[o].r2));
  json_t *indices = json_object();
  for (int i = 0; i < d->k; i++) {
    named_est rows[3];
    int nr = method_rows(d->method, &ix[(size_t)o * (size_t)d->k + (size_t)i], rows);
    json_t *est = json_object();
    for (int r = 0; r < nr; r++) est = sim_json_put(est, rows[r].name, json_est(rows[r].v));
    indices = sim_json_put(indices, spec->params[i].name, est);
  }
  return sim_json_put(out, "indices", indices);
}

static sim_status write_sweep_json(FILE *f, const sa_design *d, const mdl_sweep_spec *spec, const sa_indices *ix,
                                   const sa_output_stats *os, const mdl_scenario *base, uint64_t seed, uint32_t reps,
                                   double wall, int threads, int ranks, int argc, char **argv, sim_errs *e) {
  json_t *j = json_pack("{s:s, s:o, s:o, s:o, s:s, s:I, s:I, s:I, s:I}", "tool", "tzsim", "version",
                        sim_json_text(TZSIM_VERSION), "scenario", sim_json_text(base->name), "scenario_file",
                        sim_json_text(spec->file), "method", sa_method_name(d->method), "design_seed", (json_int_t)seed,
                        "scenario_seed", (json_int_t)base->seed, "points", (json_int_t)d->n_points,
                        "replications_per_point", (json_int_t)reps);
  if (d->method == SA_SOBOL) {
    j = sim_json_put(j, "base_samples", json_integer((json_int_t)d->base));
    j = sim_json_put(j, "bootstrap", json_integer(spec->bootstrap));
  }
  if (d->method == SA_MORRIS) {
    j = sim_json_put(j, "trajectories", json_integer((json_int_t)d->base));
    j = sim_json_put(j, "levels", json_integer(spec->levels));
    j = sim_json_put(j, "bootstrap", json_integer(spec->bootstrap));
  }
  if (d->method == SA_LHS) j = sim_json_put(j, "samples", json_integer((json_int_t)d->base));
  if (d->method == SA_GRID) j = sim_json_put(j, "levels", json_integer(spec->levels));
  j = sim_json_put(j, "interval",
                   json_string("indices: 95% percentile bootstrap intervals (sobol over the N rows, morris over "
                               "trajectories); outputs: 95% t intervals over replications"));
  j = sim_json_put(j, "estimators",
                   json_string("sobol: S1 Saltelli et al. 2010, ST Jansen 1999, V over A and B; morris: elementary "
                               "effects in unit coordinates (output change per full range), mu* = mean |EE|; grid/lhs: "
                               "standardised regression coefficients, Pearson and Spearman correlations"));
  json_t *params = json_array(), *outs = json_array(), *cmd = json_array();
  for (int i = 0; i < spec->nparams; i++) params = sim_json_push(params, sweep_param_json(&spec->params[i]));
  for (int o = 0; o < spec->noutputs; o++) outs = sim_json_push(outs, sweep_output_json(d, spec, ix, os, o));
  for (int i = 0; i < argc; i++) cmd = sim_json_push(cmd, sim_json_text(argv[i]));
  j = sim_json_put(j, "parameters", params);
  j = sim_json_put(j, "outputs", outs);
  j = sim_json_put(j, "threads", json_integer(threads));
  j = sim_json_put(j, "mpi_ranks", json_integer(ranks));
  j = sim_json_put(j, "wall_time_s", json_real(round(wall * 1000.0) / 1000.0)); /* to the millisecond */
  j = sim_json_put(j, "command", cmd);
  return sim_json_write(f, j, "sweep.json", e);
}

/* ---- figures (--plot) ---- */

/* The bar chart of the indices of output o, largest at the top: the "tornado". */
static sim_status write_indices_figure(sim_outdir *dir, const sa_design *d, const mdl_sweep_spec *spec,
                                       const sa_indices *ix, int o, const char *base, sim_errs *e) {
  /* The ranked estimator (ST, mu*, SRC) first, then the one beside it (S1, sigma, Spearman). */
  int first = d->method == SA_SOBOL ? 1 : 0, second = d->method == SA_SOBOL ? 0 : 2;
  const char *params[SA_MAX_INPUTS];
  sa_est est[SA_MAX_INPUTS][2];
  named_est rows[3] = {{"", {0, 0, 0}}};
  for (int i = 0; i < d->k; i++) {
    method_rows(d->method, &ix[(size_t)o * (size_t)d->k + (size_t)i], rows);
    params[i] = spec->params[i].name;
    est[i][0] = rows[first].v;
    est[i][1] = rows[second].v;
  }
  plt_indices_figure fig = {base,
                            spec->outputs[o].text,
                            mdl_figures[spec->outputs[o].figure].unit,
                            d->method,
                            sa_method_name(d->method),
                            d->k,
                            params,
                            {rows[first].name, rows[second].name},
                            (const sa_est(*)[2])est};
  return plt_write_indices_figure(dir, &fig, e);
}

/* Output o against every parameter, one panel each. */
static sim_status write_scatter_figure(sim_outdir *dir, const sa_design *d, const mdl_sweep_spec *spec, const double *y,
                                       int o, const char *base, sim_errs *e) {
  const char *params[SA_MAX_INPUTS];
  for (int i = 0; i < d->k; i++) params[i] = spec->params[i].name;
  plt_scatter_figure fig =
      {base,  spec->outputs[o].text, mdl_figures[spec->outputs[o].figure].unit, d->k, params, d->n_points, d->x,
       y + o, (size_t)spec->noutputs};
  return plt_write_scatter_figure(dir, &fig, e);
}

/* ---- the command ---- */

static void print_indices(const sa_design *d, const mdl_sweep_spec *spec, const sa_indices *ix,
                          const sa_output_stats *os) {
  for (int o = 0; o < spec->noutputs; o++) {
    const sim_figure *fig = &mdl_figures[spec->outputs[o].figure];
    printf("\n%s (%s): mean %.6g, sd %.6g over the points", SIM_TTY(spec->outputs[o].text), fig->unit, os[o].mean,
           sqrt(os[o].variance));
    if (d->method == SA_GRID || d->method == SA_LHS) printf(", R^2 of the linear fit %.3f", os[o].r2);
    putchar('\n');
    int w = 9;
    for (int i = 0; i < d->k; i++)
      if ((int)strlen(spec->params[i].name) > w) w = (int)strlen(spec->params[i].name);
    named_est rows[3];
    int nr = method_rows(d->method, &ix[(size_t)o * (size_t)d->k], rows);
    printf("  %-*s", w, "parameter");
    for (int r = 0; r < nr; r++) printf("  %-26s", rows[r].name);
    putchar('\n');
    for (int i = 0; i < d->k; i++) {
      nr = method_rows(d->method, &ix[(size_t)o * (size_t)d->k + (size_t)i], rows);
      printf("  %-*s", w, spec->params[i].name);
      for (int r = 0; r < nr; r++) {
        char cell[80];
        if (isnan(rows[r].v.value))
          snprintf(cell, sizeof cell, "-");
        else if (isnan(rows[r].v.lo))
          snprintf(cell, sizeof cell, "%.4g", rows[r].v.value);
        else
          snprintf(cell, sizeof cell, "%.4g [%.4g, %.4g]", rows[r].v.value, rows[r].v.lo, rows[r].v.hi);
        printf("  %-26s", cell);
      }
      putchar('\n');
    }
  }
}

int sim_cmd_sweep(const sim_cli *c, int argc, char **argv) {
  sim_errs e;
  sim_errs_init(&e);
  const char *path = c->pos[0];
  mdl_scenario base;
  memset(&base, 0, sizeof base);
  mdl_sweep_spec *spec = NULL;
  sweep_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  sim_study_points_init(&ctx.points, "point", 0, 0);
  sa_design d;
  memset(&d, 0, sizeof d);
  double *y = NULL;
  sa_indices *ix = NULL;
  sa_output_stats *os = NULL;
  sim_study_fixed fixed;
  memset(&fixed, 0, sizeof fixed);
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  char outdir[4096];
  const char *scripts[2 * MDL_STUDY_MAX_OUTPUTS];
  char script_names[2 * MDL_STUDY_MAX_OUTPUTS][300];
  int nscripts = 0;
  uint64_t seed = 0;
  sim_status st = sim_load_scenario(path, c->sets, c->nsets, &base, &e);
  if (st != SIM_OK) goto prepared;
  if (!(spec = calloc(1, sizeof *spec))) {
    st = SIM_ENOMEM;
    goto prepared;
  }
  if ((st = mdl_sweep_read(path, &base, spec, &e)) != SIM_OK) goto prepared;
  if (!spec->present) {
    sim_errs_add(&e, path, 0, "sweep",
                 "missing (expected a sweep block: sweep: { method = \"sobol\"; parameters = ( { key = \"...\"; range "
                 "= [lo, hi]; } ); outputs = [\"...\"]; })");
    st = SIM_EPARAM;
    goto prepared;
  }
  /* Every point: the block's replications, then the command line's overrides (which win). */
  if (sim_study_fixed_make(&fixed, spec->replications, 0, c->sets, c->nsets) != 0) {
    st = SIM_ENOMEM;
    goto prepared;
  }
  sa_input in[SA_MAX_INPUTS];
  for (int i = 0; i < spec->nparams; i++) {
    in[i] = spec->params[i].in;
    in[i].values = spec->params[i].values;
  }
  seed = spec->has_seed ? spec->seed : (uint64_t)base.seed;
  sa_spec ss = {spec->method, spec->nparams, in, spec->samples, spec->levels, seed};
  char why[256];
  if (sa_design_make(&ss, &d, why, sizeof why) != 0) {
    sim_errs_add(&e, spec->file, spec->line, "sweep", "%s", why);
    st = SIM_EPARAM;
    goto prepared;
  }
  ctx.path = path;
  ctx.base = &base;
  ctx.spec = spec;
  ctx.fixed = fixed.s;
  ctx.nfixed = fixed.n;
  ctx.m = (size_t)spec->noutputs;
  if ((st = check_corner(&ctx, 0, &e)) != SIM_OK || (st = check_corner(&ctx, 1, &e)) != SIM_OK) goto prepared;
  sim_output_folder(c, "sweep-", base.name, "", outdir, sizeof outdir);
  if (sim_mpi_rank() == 0) st = sim_outdir_check(outdir, c->force, &e);
  if (st == SIM_OK) st = sim_check_memory(&base, path, &e);
prepared:
  if ((st = sim_mpi_agree_errs(st, &e)) != SIM_OK) goto done;
  size_t n = d.n_points, m = ctx.m;
  y = calloc(n * m, sizeof *y);
  ctx.lo = calloc(n * m, sizeof *ctx.lo);
  ctx.hi = calloc(n * m, sizeof *ctx.hi);
  ix = calloc(m * (size_t)d.k, sizeof *ix);
  os = calloc(m, sizeof *os);
  if (!y || !ctx.lo || !ctx.hi || !ix || !os) {
    sim_errs_add(&e, NULL, 0, NULL, "out of memory for %zu points", n);
    st = SIM_ENOMEM;
  }
  if ((st = sim_mpi_agree(st)) != SIM_OK) goto done;
  /* Each MPI rank takes a block of the points (all of them without MPI). Points in parallel, one
   * thread each, or one after another with the threads inside each run: every run gives the same
   * bytes whatever its threads, so the result is the same. */
  size_t mine_first, mine_count;
  sim_mpi_slice(n, &mine_first, &mine_count);
  int threads = c->threads > 0 ? c->threads : omp_get_max_threads();
  int outer = threads > 1 && mine_count > 1 ? threads : 1;
  ctx.inner_threads = outer > 1 ? 1 : threads;
  ctx.points.total = mine_count; /* progress counts this rank's points (all of them without MPI) */
  ctx.points.show = !c->quiet && isatty(2);
  ctx.points.t0 = sim_now();
  sim_install_signals();
  int ranks = sim_mpi_size();
  if (!c->quiet) {
    fprintf(stderr, "sweep: %s, %d parameters, %zu points on %d thread(s)", sa_method_name(d.method), d.k, n, threads);
    if (ranks > 1) fprintf(stderr, " x %d MPI ranks", ranks);
    fputc('\n', stderr);
  }
  size_t bad = 0;
  if (outer > 1 && (st = sim_threads_check(outer, &e)) != SIM_OK) goto done; /* exit 5, not libgomp's 1 */
  sim_threads_guard_arm(outer);
  int rc = sa_evaluate_range(&d, mine_first, mine_count, m, sweep_point, &ctx, outer, y, &bad);
  sim_threads_guard_disarm();
  int stopped = sim_mpi_any(sim_stop_requested != 0);
  if (ctx.points.show) fputc('\n', stderr);
  if (sim_mpi_any(rc != 0)) {
    sim_mpi_errs_to_root(&ctx.points.errs); /* the first failing point is on the lowest failing rank */
    for (size_t i = 0; i < ctx.points.errs.count; i++) sim_errs_add_raw(&e, ctx.points.errs.msg[i]);
    st = stopped ? SIM_EINTR : SIM_EPARAM;
    if (stopped && e.count == 0)
      sim_errs_add(&e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written", (int)sim_stop_requested);
    goto done;
  }
  /* Every rank's points to every rank (rank 0 writes them). */
  sim_mpi_share_rows(y, n, m);
  sim_mpi_share_rows(ctx.lo, n, m);
  sim_mpi_share_rows(ctx.hi, n, m);
  ctx.replications = (uint32_t)sim_mpi_max(ctx.replications);
  double wall = sim_now() - ctx.points.t0;
  if (sim_mpi_rank() != 0) goto done;
  for (size_t o = 0; o < m; o++)
    if (sa_indices_of(&d, y, m, o, spec->bootstrap, LEVEL, seed, ix + o * (size_t)d.k, &os[o]) != 0) {
      sim_errs_add(&e, NULL, 0, NULL, "out of memory for the indices");
      st = SIM_ENOMEM;
      goto done;
    }
  if ((st = sim_outdir_begin(&dir, outdir, c->force, &e)) != SIM_OK) goto done;
#define WRITE(fname, body) SIM_WRITE_FILE(&dir, fname, &e, body)
  WRITE("sweep.csv", write_sweep_csv(f_, &d, spec, y, &ctx));
  WRITE("indices.csv", write_indices_csv(f_, &d, spec, ix));
  WRITE("sweep.json",
        write_sweep_json(f_, &d, spec, ix, os, &base, seed, ctx.replications, wall, threads, ranks, argc, argv, &e));
#undef WRITE
  if (c->plot) {
    char sub[8300];
    snprintf(sub, sizeof sub, "%s/plots", dir.tmp);
    if (mkdir(sub, 0777) != 0) {
      sim_errs_add(&e, sub, 0, NULL, "cannot create the folder of the figures");
      st = SIM_EIO;
      goto done;
    }
    for (int o = 0; o < spec->noutputs; o++) {
      char safe[200];
      sim_safe_name(spec->outputs[o].text, safe, sizeof safe);
      snprintf(script_names[nscripts], sizeof script_names[0], "indices-%s", safe);
      if ((st = write_indices_figure(&dir, &d, spec, ix, o, script_names[nscripts], &e)) != SIM_OK) goto done;
      nscripts++;
      snprintf(script_names[nscripts], sizeof script_names[0], "scatter-%s", safe);
      if ((st = write_scatter_figure(&dir, &d, spec, y, o, script_names[nscripts], &e)) != SIM_OK) goto done;
      nscripts++;
    }
    for (int i = 0; i < nscripts; i++) {
      strncat(script_names[i], ".gp", sizeof script_names[i] - strlen(script_names[i]) - 1);
      scripts[i] = script_names[i];
    }
  }
  if (sim_stop_requested) {
    st = SIM_EINTR;
    sim_errs_add(&e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written to %s",
                 (int)sim_stop_requested, outdir);
    goto done;
  }
  if ((st = sim_outdir_commit(&dir, &e)) != SIM_OK) goto done;
  if (!c->quiet) {
    printf("%s: sweep %s, %d parameters, %zu points x %u replication(s), seed %lld, %.1f s on %d thread(s)", base.name,
           sa_method_name(d.method), d.k, n, ctx.replications, (long long)base.seed, wall, threads);
    if (ranks > 1) printf(" x %d MPI ranks", ranks);
    printf(" -> %s\n", outdir);
    print_indices(&d, spec, ix, os);
  }
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  sa_design_free(&d);
  free(y);
  free(ctx.lo);
  free(ctx.hi);
  free(ix);
  free(os);
  sim_study_fixed_free(&fixed);
  free(spec);
  sim_study_points_free(&ctx.points);
  mdl_scenario_free(&base);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  return c->plot && sim_mpi_rank() == 0 ? sim_study_draw(outdir, scripts, nscripts, c->quiet) : 0;
}
