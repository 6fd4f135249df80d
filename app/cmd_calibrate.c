/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_calibrate.c: tzsim calibrate: fit the free parameters of the scenario's calibrate block to
 * observed values (a targets CSV). The objective sum w (simulated mean - observed)^2 / se^2 is
 * computed from the replications of a run of the scenario with the parameters as --set overrides,
 * always with the same seed and replications (common random numbers: the objective is a
 * deterministic function of the parameters), and minimised by Nelder-Mead on logit-transformed
 * bounded parameters (sim/calib.c). Optionally, approximate Bayesian computation by rejection
 * reports the spread of the parameters that fit about as well. */
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plots/study_figures.h"
#include "sim/calib.h"
#include "sim/calendar.h"
#include "app/cmd_study.h"
#include "app/mpi_run.h"
#include "sim/sa.h"
#include "version.h"

typedef struct {
  const char *path;
  const mdl_scenario *base;
  const mdl_calib_spec *spec;
  const char *const *fixed;
  int nfixed;
  int threads;
  const sim_target *t;
  int nt;
  int quiet, show;
  double t0;
  /* trace of the minimisation */
  int ntrace, captrace;
  double *trace;                 /* ntrace x (k + 1): parameters, objective */
  sim_errs *e;                   /* the first failure's messages (sequential use) */
  const sim_targets_opts *topts; /* how the targets were read: cutoff, skipped rows, total label */
  sim_study_points abc;          /* ABC (parallel): progress and the first failure */
} calib_ctx;

/* Every target's value in each replication of a run (rows kept): vals[target * reps + rep]. */
static void target_values(const sim_scenario_run *run, const sim_target *t, int nt, double *vals) {
  const sim_layout *l = &run->layout;
  size_t steps = (size_t)(run->model.steps - run->model.first_reported), width = run->model.out_width;
  uint32_t reps = run->result.replications;
  for (int i = 0; i < nt; i++) {
    size_t cell =
        ((size_t)t[i].group * (size_t)l->n_arms + (size_t)t[i].arm) * (size_t)l->n_metrics + (size_t)t[i].metric;
    for (uint32_t r = 0; r < reps; r++) {
      const double *rows = run->rows + (size_t)r * steps * width;
      double v = 0;
      if (t[i].cumulative)
        for (int s = 0; s <= t[i].step; s++) v += rows[(size_t)s * width + cell];
      else
        v = rows[(size_t)t[i].step * width + cell];
      vals[(size_t)i * reps + r] = v;
    }
  }
}

static double objective_of(const sim_target *t, int nt, const double *vals, uint32_t reps) {
  double obj = 0;
  for (int i = 0; i < nt; i++) {
    if (!(t[i].weight > 0)) continue;
    double mean = gsl_stats_mean(vals + (size_t)i * reps, 1, reps), d = (mean - t[i].value) / t[i].se;
    obj += t[i].weight * d * d;
  }
  return obj;
}

/* Run the scenario at x and compute the objective; vals (nt x reps, malloc'd) and run are kept
 * when wanted. NaN on failure (messages in e). */
static double evaluate(const calib_ctx *c, const double *x, int threads, int across_ranks, double **vals_out,
                       sim_scenario_run *run_out, sim_errs *e) {
  mdl_setlist sets = {0, 0, NULL};
  double obj = (double)NAN;
  int ok = 1;
  for (int i = 0; i < c->nfixed && ok; i++) ok = mdl_setlist_add(&sets, c->fixed[i]) == 0;
  for (int i = 0; i < c->spec->nparams && ok; i++)
    ok = mdl_study_sets(&c->spec->params[i], x[i], c->base, &sets, e) == 0;
  mdl_scenario s;
  sim_scenario_run run;
  int how = SIM_STUDY_ROWS | (across_ranks ? SIM_STUDY_RANKS : 0);
  if (ok && sim_study_run(c->path, (const char *const *)sets.s, sets.n, threads, how, &s, &run, e) == SIM_OK) {
    uint32_t reps = run.result.replications;
    double *vals = malloc((size_t)c->nt * reps * sizeof *vals);
    if (vals) {
      target_values(&run, c->t, c->nt, vals);
      obj = objective_of(c->t, c->nt, vals, reps);
    } else {
      sim_errs_add(e, NULL, 0, NULL, "out of memory for the targets' values");
    }
    if (vals_out)
      *vals_out = vals;
    else
      free(vals);
    if (run_out) {
      *run_out = run;
    } else {
      sim_scenario_run_free(&run);
    }
    mdl_scenario_free(&s);
  }
  mdl_setlist_free(&sets);
  return obj;
}

/* The objective for the minimiser: sequential, with the threads inside the run and its replications
 * split across MPI ranks (every rank follows the same simplex: it gets the same objective); traced. */
static double nm_objective(void *arg, const double *x) {
  calib_ctx *c = arg;
  if (sim_mpi_any(sim_stop_requested != 0)) return (double)NAN;
  double obj = evaluate(c, x, c->threads, 1, NULL, NULL, c->e);
  if (isnan(obj)) {
    char label[2048];
    sim_study_label(c->spec->params, c->spec->nparams, x, label, sizeof label);
    if (!sim_stop_requested)
      sim_errs_add(c->e, c->spec->file, c->spec->line, "calibrate",
                   "the parameters %s are not a valid scenario (expected bounds the scenario accepts: narrow the "
                   "ranges)",
                   label);
    return (double)NAN;
  }
  int k = c->spec->nparams;
  if (c->ntrace >= c->captrace) {
    int cap = c->captrace ? 2 * c->captrace : 256;
    double *t = realloc(c->trace, (size_t)cap * (size_t)(k + 1) * sizeof *t);
    if (!t) return (double)NAN;
    c->trace = t;
    c->captrace = cap;
  }
  memcpy(c->trace + (size_t)c->ntrace * (size_t)(k + 1), x, (size_t)k * sizeof *x);
  c->trace[(size_t)c->ntrace * (size_t)(k + 1) + (size_t)k] = obj;
  c->ntrace++;
  if (c->show) {
    fprintf(stderr, "\r  evaluation %d, objective %.6g, %.1f s ", c->ntrace, obj, sim_now() - c->t0);
    (void)fflush(stderr);
  }
  return obj;
}

/* The objective for ABC: points in parallel, one thread each (or in order with the threads). */
static int abc_point(void *arg, size_t point, const double *x, double *y) {
  calib_ctx *c = arg;
  sim_errs e;
  sim_errs_init(&e);
  int inner = c->threads;
  if (omp_in_parallel()) inner = 1;
  double obj = evaluate(c, x, inner, 0, NULL, NULL, &e);
  y[0] = obj;
  if (isnan(obj)) {
    sim_errs why;
    sim_errs_init(&why);
    char label[2048];
    sim_study_label(c->spec->params, c->spec->nparams, x, label, sizeof label);
    sim_errs_add(&why, c->spec->file, c->spec->line, "calibrate.abc",
                 "draw %zu (%s) is not a valid scenario (expected bounds the scenario accepts: narrow the ranges)",
                 point + 1, label);
    for (size_t i = 0; i < e.count; i++) sim_errs_add_raw(&why, e.msg[i]);
    sim_errs_destroy(&e);
    sim_study_point_failed(&c->abc, point, &why);
    return -1;
  }
  sim_errs_destroy(&e);
  sim_study_point_done(&c->abc);
  return 0;
}

/* ---- results ---- */

typedef plt_interval sim_value; /* a target's simulated mean and 95% interval (plots/study_figures.h) */

typedef struct {
  int n;
  double rmse, mape; /* root mean squared error; mean absolute relative error */
} fit_summary;

static fit_summary summarise(const sim_target *t, int nt, const sim_value *v, int fitted) {
  fit_summary s = {0, 0, 0};
  for (int i = 0; i < nt; i++) {
    if ((t[i].weight > 0) != fitted) continue;
    double d = v[i].mean - t[i].value;
    s.rmse += d * d;
    s.mape += t[i].value != 0 ? fabs(d / t[i].value) : 0;
    s.n++;
  }
  if (s.n) {
    s.rmse = sqrt(s.rmse / s.n);
    s.mape /= s.n;
  }
  return s;
}

static void month_text(int32_t m, char *buf) { sim_cal_format(m, buf); }

static sim_status write_fit_csv(FILE *f, const sim_target *t, int nt, const sim_value *v, const sim_layout *l) {
  fputs("line,territory,date,variable,arm,observed,se,weight,split,simulated,lo,hi,residual,z\n", f);
  for (int i = 0; i < nt; i++) {
    char d[8];
    month_text(t[i].month, d);
    fprintf(f, "%d,", t[i].line);
    sim_csv_field(f, t[i].group_name);
    fprintf(f, ",%s,", d);
    sim_csv_field(f, t[i].variable);
    fprintf(f, ",%s,", l->arm_names[t[i].arm]);
    sim_csv_number(f, t[i].value);
    fputc(',', f);
    sim_csv_number(f, t[i].se);
    fputc(',', f);
    sim_csv_number(f, t[i].weight);
    fprintf(f, ",%s,", t[i].weight > 0 ? "fitted" : "held_out");
    sim_csv_number(f, v[i].mean);
    fputc(',', f);
    sim_csv_number(f, v[i].lo);
    fputc(',', f);
    sim_csv_number(f, v[i].hi);
    fputc(',', f);
    sim_csv_number(f, v[i].mean - t[i].value);
    fputc(',', f);
    sim_csv_number(f, (v[i].mean - t[i].value) / t[i].se);
    fputc('\n', f);
  }
  return ferror(f) ? SIM_EIO : SIM_OK;
}

static sim_status write_trace_csv(FILE *f, const calib_ctx *c) {
  int k = c->spec->nparams;
  fputs("evaluation", f);
  for (int i = 0; i < k; i++) {
    fputc(',', f);
    sim_csv_field(f, c->spec->params[i].name);
  }
  fputs(",objective\n", f);
  for (int r = 0; r < c->ntrace; r++) {
    fprintf(f, "%d", r + 1);
    for (int i = 0; i <= k; i++) {
      fputc(',', f);
      sim_csv_number(f, c->trace[(size_t)r * (size_t)(k + 1) + (size_t)i]);
    }
    fputc('\n', f);
  }
  return ferror(f) ? SIM_EIO : SIM_OK;
}

/* The distinct series (group, metric, cumulative, arm) of the targets, in order of appearance. */
static int series_of(const sim_target *t, int nt, int *first_target) {
  int n = 0;
  for (int i = 0; i < nt; i++) {
    int seen = 0;
    for (int j = 0; j < n && !seen; j++) {
      const sim_target *a = &t[first_target[j]];
      seen =
          a->group == t[i].group && a->metric == t[i].metric && a->cumulative == t[i].cumulative && a->arm == t[i].arm;
    }
    if (!seen) first_target[n++] = i;
  }
  return n;
}

/* Every month of each series: mean and 95% interval over replications. */
static sim_status write_trajectories(FILE *f, const sim_scenario_run *run, const sim_target *t, const int *series,
                                     int ns) {
  const sim_layout *l = &run->layout;
  size_t steps = (size_t)(run->model.steps - run->model.first_reported), width = run->model.out_width;
  uint32_t reps = run->result.replications;
  double *v = malloc((reps ? reps : 1) * sizeof *v);
  if (!v) return SIM_ENOMEM;
  fputs("territory,variable,arm,date,simulated,lo,hi\n", f);
  for (int q = 0; q < ns; q++) {
    const sim_target *x = &t[series[q]];
    for (uint32_t r = 0; r < reps; r++) v[r] = 0;
    for (size_t s = 0; s < steps; s++) {
      sim_stats_ci ci = sim_target_month(l, run->rows, steps, width, reps, x, s, v);
      char d[8];
      month_text(l->first_month + (int32_t)s, d);
      sim_csv_field(f, x->group_name);
      fputc(',', f);
      sim_csv_field(f, x->variable);
      fprintf(f, ",%s,%s,", l->arm_names[x->arm], d);
      sim_csv_number(f, ci.mean);
      fputc(',', f);
      sim_csv_number(f, ci.lo);
      fputc(',', f);
      sim_csv_number(f, ci.hi);
      fputc('\n', f);
    }
  }
  free(v);
  return ferror(f) ? SIM_EIO : SIM_OK;
}

/* ---- the calibrated scenario ---- */

static void comment_line(FILE *f, const char *text) {
  fputs("// ", f);
  for (const char *p = text; *p; p++) fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
  fputc('\n', f);
}

typedef struct {
  double mean, sd, q025, q50, q975;
} posterior;

static sim_status write_calibrated(FILE *f, const calib_ctx *c, const mdl_scenario *fitted, const sim_calib_result *res,
                                   const double *start, const sim_value *v, const fit_summary *in,
                                   const fit_summary *out, const char *targets, uint32_t reps, int64_t months,
                                   const mdl_setlist *param_sets) {
  char line[4096], when[64];
  time_t now = time(NULL);
  if (strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now)) == 0) snprintf(when, sizeof when, "unknown time");
  const mdl_calib_spec *sp = c->spec;
  int fitted_n = 0;
  for (int i = 0; i < c->nt; i++) fitted_n += c->t[i].weight > 0;
  snprintf(line, sizeof line, "%s: calibrated by tzsim calibrate (tzsim %s, git %s), %s.", fitted->name, TZSIM_VERSION,
           TZSIM_GIT_REV, when);
  comment_line(f, line);
  snprintf(line, sizeof line,
           "From the scenario %s and the targets %s: %d fitted, %d held out (weight 0, reported only).", c->path,
           targets, fitted_n, c->nt - fitted_n);
  comment_line(f, line);
  if (c->topts->has_cutoff) {
    char d[8];
    month_text(c->topts->cutoff, d);
    int after = 0;
    for (int i = 0; i < c->nt; i++) after += c->t[i].after_cutoff;
    snprintf(line, sizeof line,
             "Backtest: cutoff %s, the %d targets dated after it are held out (forecast, not fitted).", d, after);
    comment_line(f, line);
  }
  if (c->topts->skipped && c->topts->skipped->count) {
    snprintf(line, sizeof line,
             "%zu rows of the targets skipped (territory or variable not in the scenario, --skip-unknown).",
             c->topts->skipped->count);
    comment_line(f, line);
  }
  snprintf(line, sizeof line,
           "Method: Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) on logit-transformed bounded parameters; "
           "%d "
           "evaluations, %s (simplex size < %g).",
           res->evaluations, res->converged ? "converged" : "NOT converged", sp->tolerance);
  comment_line(f, line);
  snprintf(line, sizeof line,
           "Objective: sum of weight x (simulated mean - observed)^2 / se^2 = %.6g, each evaluation with %u "
           "replications, seed "
           "%lld, %lld months (common random numbers).",
           res->f, reps, (long long)c->base->seed, (long long)months);
  comment_line(f, line);
  comment_line(f, "Fitted values (bounds; start):");
  for (int i = 0; i < sp->nparams; i++) {
    const mdl_study_param *p = &sp->params[i];
    char keys[1200] = "";
    for (int j = 0; j < p->nkeys; j++) {
      size_t used = strlen(keys);
      snprintf(keys + used, sizeof keys - used, "%s%s", j ? ", " : "", p->keys[j]);
    }
    if (p->multiply)
      snprintf(line, sizeof line, "  %s = %.6g ([%g, %g]; start %.6g): multiplies the scenario's %s", p->name,
               res->x[i], p->in.lo, p->in.hi, start[i], keys);
    else
      snprintf(line, sizeof line, "  %s = %.6g ([%g, %g]; start %.6g): sets %s", p->name, res->x[i], p->in.lo, p->in.hi,
               start[i], keys);
    comment_line(f, line);
  }
  if (out->n)
    snprintf(line, sizeof line,
             "Fit, simulated mean [95%% interval] vs observed: fitted RMSE %.4g, mean |relative error| %.1f%% (%d "
             "targets); held out "
             "RMSE %.4g, mean |relative error| %.1f%% (%d targets).",
             in->rmse, 100 * in->mape, in->n, out->rmse, 100 * out->mape, out->n);
  else
    snprintf(line, sizeof line,
             "Fit, simulated mean [95%% interval] vs observed: RMSE %.4g, mean |relative error| %.1f%% (%d targets).",
             in->rmse, 100 * in->mape, in->n);
  comment_line(f, line);
  for (int pass = 1; pass >= 0; pass--)
    for (int i = 0; i < c->nt; i++) {
      const sim_target *t = &c->t[i];
      if ((t->weight > 0) != pass) continue;
      char d[8];
      month_text(t->month, d);
      snprintf(line, sizeof line, "  %-8s %s %s %s: %.1f [%.1f, %.1f] vs %g", pass ? "fitted" : "held out",
               t->group_name, d, t->variable, v[i].mean, v[i].lo, v[i].hi, t->value);
      comment_line(f, line);
    }
  comment_line(f, "The same values as overrides of the original scenario:");
  for (int i = 0; i < param_sets->n; i++) {
    snprintf(line, sizeof line, "  --set '%s'", param_sets->s[i]);
    comment_line(f, line);
  }
  comment_line(f, "Below: the fully resolved scenario with those values (every parameter).");
  fputc('\n', f);
  return mdl_scenario_write(f, fitted) == 0 && !ferror(f) ? SIM_OK : SIM_EIO;
}

static json_t *calib_param_json(const mdl_study_param *p, double start, double value, const posterior *post) {
  json_t *keys = json_array();
  for (int j = 0; j < p->nkeys; j++) keys = sim_json_push(keys, sim_json_text(p->keys[j]));
  json_t *o = json_pack("{s:o, s:o, s:b, s:o, s:o, s:o, s:o}", "name", sim_json_text(p->name), "keys", keys, "multiply",
                        p->multiply, "lo", sim_json_num(p->in.lo), "hi", sim_json_num(p->in.hi), "start",
                        sim_json_num(start), "value", sim_json_num(value));
  if (post)
    o = sim_json_put(o, "abc",
                     json_pack("{s:o, s:o, s:o, s:o, s:o}", "mean", sim_json_num(post->mean), "sd",
                               sim_json_num(post->sd), "q2.5", sim_json_num(post->q025), "median",
                               sim_json_num(post->q50), "q97.5", sim_json_num(post->q975)));
  return o;
}

static json_t *fit_json(const fit_summary *s) {
  return json_pack("{s:i, s:o, s:o}", "targets", s->n, "rmse", sim_json_num(s->n ? s->rmse : (double)NAN),
                   "mean_abs_relative_error", sim_json_num(s->n ? s->mape : (double)NAN));
}

static sim_status write_calibration_json(FILE *f, const calib_ctx *c, const sim_calib_result *res, const double *start,
                                         const fit_summary *in, const fit_summary *out, const char *targets,
                                         uint32_t reps, int64_t months, const posterior *post, int abc_n,
                                         int abc_accepted, double wall, int argc, char **argv, sim_errs *e) {
  const mdl_calib_spec *sp = c->spec;
  char d[8];
  if (c->topts->has_cutoff) month_text(c->topts->cutoff, d);
  int after = 0;
  for (int i = 0; i < c->nt; i++) after += c->t[i].after_cutoff;
  json_t *skipped = json_array(), *params = json_array(), *cmd = json_array();
  const sim_errs *sk = c->topts->skipped;
  for (size_t i = 0; sk && i < sk->count; i++) skipped = sim_json_push(skipped, sim_json_text(sk->msg[i]));
  for (int i = 0; i < sp->nparams; i++)
    params = sim_json_push(params, calib_param_json(&sp->params[i], start[i], res->x[i], post ? &post[i] : NULL));
  for (int i = 0; i < argc; i++) cmd = sim_json_push(cmd, sim_json_text(argv[i]));
  /* The fitted targets always have a fit (in->n > 0); the held-out ones may not (null then). */
  json_t *fit = json_pack("{s:o, s:o}", "fitted",
                          json_pack("{s:i, s:o, s:o}", "targets", in->n, "rmse", sim_json_num(in->rmse),
                                    "mean_abs_relative_error", sim_json_num(in->mape)),
                          "held_out", fit_json(out));
  json_t *j =
      json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:b, s:o, s:s, s:s, s:I, s:I, s:I, s:i, s:i, s:b, s:o, s:o, "
                "s:o, s:o}",
                "tool", "tzsim", "version", sim_json_text(TZSIM_VERSION), "scenario", sim_json_text(c->base->name),
                "scenario_file", sim_json_text(c->path), "targets", sim_json_text(targets), "cutoff",
                c->topts->has_cutoff ? json_string(d) : json_null(), "held_out_after_cutoff", after, "total_label",
                sim_json_text(c->topts->total_label && *c->topts->total_label ? c->topts->total_label : "ALL"),
                "skip_unknown", c->topts->skip_unknown, "targets_skipped", skipped, "method",
                "Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) on logit-transformed bounds",
                "objective_definition",
                "sum over targets with weight > 0 of weight * (simulated mean - observed)^2 / se^2", "seed",
                (json_int_t)c->base->seed, "replications", (json_int_t)reps, "months", (json_int_t)months,
                "evaluations", res->evaluations, "iterations", res->iterations, "converged", res->converged,
                "tolerance", sim_json_num(sp->tolerance), "objective", sim_json_num(res->f), "parameters", params,
                "fit", fit);
  if (post)
    j = sim_json_put(j, "abc",
                     json_pack("{s:s, s:i, s:i, s:I}", "method",
                               "rejection: draws from uniform priors on the bounds (Latin hypercube), the share "
                               "'accept' "
                               "with the smallest objective kept",
                               "draws", abc_n, "accepted", abc_accepted, "seed",
                               (json_int_t)(sp->has_abc_seed ? sp->abc_seed : (uint64_t)c->base->seed)));
  j = sim_json_put(j, "threads", json_integer(c->threads));
  j = sim_json_put(j, "wall_time_s", json_real(round(wall * 1000.0) / 1000.0)); /* to the millisecond */
  j = sim_json_put(j, "command", cmd);
  return sim_json_write(f, j, "calibration.json", e);
}

/* ---- the command ---- */

int sim_cmd_calibrate(const sim_cli *c, int argc, char **argv) {
  sim_errs e;
  sim_errs_init(&e);
  const char *path = c->pos[0];
  mdl_scenario base, fitscn, outscn;
  memset(&base, 0, sizeof base);
  int have_fitscn = 0, have_outscn = 0;
  mdl_calib_spec *spec = NULL;
  calib_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  sim_study_points_init(&ctx.abc, "ABC draw", 0, 0);
  sim_target *t = NULL;
  int nt = 0;
  sim_study_fixed fixed;
  memset(&fixed, 0, sizeof fixed);
  mdl_world *lw = NULL;
  sim_scenario_run final;
  memset(&final, 0, sizeof final);
  int have_final = 0;
  double *vals = NULL;
  sim_value *v = NULL;
  int *series = NULL;
  mdl_setlist param_sets = {0, 0, NULL}, out_sets = {0, 0, NULL};
  sa_design abc;
  memset(&abc, 0, sizeof abc);
  double *abc_y = NULL;
  posterior post[MDL_CALIB_MAX_PARAMS];
  memset(post, 0, sizeof post);
  int have_post = 0, abc_accepted = 0;
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  char outdir[4096];
  char fig_names[16][64];
  const char *scripts[16];
  int nfig = 0;
  const char *targets = NULL;
  sim_errs skipped;
  sim_errs_init(&skipped);
  sim_targets_opts topts;
  memset(&topts, 0, sizeof topts);
  topts.skipped = &skipped;
  ctx.topts = &topts;
  sim_status st = sim_load_scenario(path, c->sets, c->nsets, &base, &e);
  if (st != SIM_OK) goto prepared;
  if (!(spec = calloc(1, sizeof *spec))) {
    st = SIM_ENOMEM;
    goto prepared;
  }
  if ((st = mdl_calib_read(path, &base, spec, &e)) != SIM_OK) goto prepared;
  if (!spec->present) {
    sim_errs_add(&e, path, 0, "calibrate",
                 "missing (expected a calibrate block: calibrate: { parameters = ( { key = \"...\"; range = [lo, hi]; "
                 "} ); })");
    st = SIM_EPARAM;
    goto prepared;
  }
  targets = c->targets ? c->targets : spec->targets[0] ? spec->targets : NULL;
  if (!targets) {
    sim_errs_add(&e, "command line", 0, "--targets",
                 "missing (expected --targets FILE.csv, or targets = \"FILE.csv\" in the calibrate block)");
    st = SIM_EPARAM;
    goto prepared;
  }
  /* While fitting: the block's replications and months, then the command line's overrides. */
  if (sim_study_fixed_make(&fixed, spec->replications, spec->months, c->sets, c->nsets) != 0) {
    st = SIM_ENOMEM;
    goto prepared;
  }
  /* The targets are read against the layout of the scenario as fitted (its territories and horizon). */
  if ((st = mdl_scenario_load(path, NULL, NULL, fixed.s, fixed.n, &fitscn, &e)) != SIM_OK) goto prepared;
  have_fitscn = 1;
  if ((st = mdl_world_alloc_layout(&lw, &fitscn, &e)) != SIM_OK) goto prepared;
  sim_layout lay = mdl_world_layout(lw);
  /* The command line's --cutoff, --skip-unknown and --total-label over the calibrate block's. */
  topts.has_cutoff = c->cutoff ? 1 : spec->has_cutoff;
  topts.cutoff = c->cutoff ? c->cutoff_month : spec->cutoff;
  topts.skip_unknown = c->skip_unknown || spec->skip_unknown;
  topts.total_label = c->total_label ? c->total_label : spec->total_label;
  if ((st = sim_targets_read_opts(targets, &lay, (int)fitscn.months, &topts, &t, &nt, &e)) != SIM_OK) goto prepared;
  if (sim_mpi_rank() == 0)
    for (size_t i = 0; i < skipped.count; i++) fprintf(stderr, "%s\n", skipped.msg[i]);
  sim_output_folder(c, "calibrate-", base.name, "", outdir, sizeof outdir);
  if (sim_mpi_rank() == 0) st = sim_outdir_check(outdir, c->force, &e);
  if (st == SIM_OK) st = sim_check_memory(&fitscn, path, &e);
prepared:
  if ((st = sim_mpi_agree_errs(st, &e)) != SIM_OK) goto done;

  int k = spec->nparams;
  double lo[MDL_CALIB_MAX_PARAMS], hi[MDL_CALIB_MAX_PARAMS], start[MDL_CALIB_MAX_PARAMS];
  for (int i = 0; i < k; i++) {
    const mdl_study_param *p = &spec->params[i];
    lo[i] = p->in.lo;
    hi[i] = p->in.hi;
    double cur = mdl_study_current(p, &base);
    start[i] = p->has_start ? p->start : (isfinite(cur) && cur >= lo[i] && cur <= hi[i]) ? cur : (lo[i] + hi[i]) / 2;
  }
  ctx.path = path;
  ctx.base = &base;
  ctx.spec = spec;
  ctx.fixed = fixed.s;
  ctx.nfixed = fixed.n;
  ctx.threads = c->threads > 0 ? c->threads : omp_get_max_threads();
  ctx.t = t;
  ctx.nt = nt;
  ctx.quiet = c->quiet;
  ctx.show = !c->quiet && isatty(2);
  ctx.e = &e;
  sim_install_signals();
  ctx.t0 = sim_now();
  int fitted_n = 0;
  for (int i = 0; i < nt; i++) fitted_n += t[i].weight > 0;
  if (!c->quiet) {
    fprintf(stderr,
            "calibrate: %d parameters, %d targets (%d fitted), %lld replications x %lld months per evaluation\n", k, nt,
            fitted_n, (long long)fitscn.replications, (long long)fitscn.months);
    if (topts.has_cutoff) {
      char d[8];
      month_text(topts.cutoff, d);
      int after = 0;
      for (int i = 0; i < nt; i++) after += t[i].after_cutoff;
      fprintf(stderr, "calibrate: backtest, cutoff %s: %d targets dated after it held out\n", d, after);
    }
  }
  sim_calib_opts opts = {k, lo, hi, start, spec->step, spec->tolerance, spec->max_evaluations};
  sim_calib_result res;
  st = sim_mpi_agree(sim_calib_minimise(&opts, nm_objective, &ctx, &res));
  if (ctx.show) fputc('\n', stderr);
  int stopped = sim_mpi_any(sim_stop_requested != 0);
  if (st != SIM_OK || stopped) {
    if (stopped) {
      st = SIM_EINTR;
      sim_errs_add(&e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written", (int)sim_stop_requested);
    } else if (st == SIM_ENOMEM) {
      sim_errs_add(&e, NULL, 0, NULL, "out of memory in the minimiser");
    }
    goto done;
  }
  /* The fit at the optimum, with every replication's rows for the intervals and trajectories. */
  double f_final = evaluate(&ctx, res.x, ctx.threads, 1, &vals, &final, &e);
  have_final = final.world != NULL;
  if (sim_mpi_any(isnan(f_final))) {
    st = sim_mpi_any(sim_stop_requested != 0) ? SIM_EINTR : SIM_EPARAM;
    goto done;
  }
  uint32_t reps = final.result.replications;
  v = calloc((size_t)nt, sizeof *v);
  series = calloc((size_t)nt, sizeof *series);
  if ((st = sim_mpi_agree(v && series ? SIM_OK : SIM_ENOMEM)) != SIM_OK) goto done;
  for (int i = 0; i < nt; i++) {
    sim_stats_ci ci = sim_stats_ci_of(vals + (size_t)i * reps, 1, reps);
    v[i] = (sim_value){ci.mean, ci.lo, ci.hi};
  }
  int ns = series_of(t, nt, series);
  fit_summary in = summarise(t, nt, v, 1), out = summarise(t, nt, v, 0);
  /* Optional ABC by rejection, from uniform priors on the bounds. */
  int abc_n = spec->abc_samples;
  if (abc_n > 0) {
    sa_input pin[MDL_CALIB_MAX_PARAMS];
    for (int i = 0; i < k; i++) pin[i] = (sa_input){.dist = SA_UNIFORM, .lo = lo[i], .hi = hi[i]};
    uint64_t aseed = spec->has_abc_seed ? spec->abc_seed : (uint64_t)base.seed;
    sa_spec as = {SA_LHS, k, pin, (size_t)abc_n, 0, aseed};
    char why[256];
    if (sa_design_make(&as, &abc, why, sizeof why) != 0) {
      sim_errs_add(&e, spec->file, spec->line, "calibrate.abc", "%s", why);
      st = SIM_EPARAM;
      goto done;
    }
    abc_y = calloc((size_t)abc_n, sizeof *abc_y);
    if ((st = sim_mpi_agree(abc_y ? SIM_OK : SIM_ENOMEM)) != SIM_OK) goto done;
    if (!c->quiet) fprintf(stderr, "calibrate: approximate Bayesian computation, %d draws\n", abc_n);
    /* Each MPI rank draws a block of the draws; each draw runs on one thread. */
    size_t bad = 0, mine_first, mine_count;
    sim_mpi_slice((size_t)abc_n, &mine_first, &mine_count);
    int outer = ctx.threads > 1 ? ctx.threads : 1;
    ctx.abc.total = mine_count; /* this rank's draws */
    ctx.abc.show = ctx.show;
    ctx.abc.t0 = sim_now();
    int rc = sa_evaluate_range(&abc, mine_first, mine_count, 1, abc_point, &ctx, outer, abc_y, &bad);
    int abc_stopped = sim_mpi_any(sim_stop_requested != 0);
    if (sim_mpi_any(rc != 0)) {
      if (ctx.show) fputc('\n', stderr);
      sim_mpi_errs_to_root(&ctx.abc.errs);
      for (size_t i = 0; i < ctx.abc.errs.count; i++) sim_errs_add_raw(&e, ctx.abc.errs.msg[i]);
      st = abc_stopped ? SIM_EINTR : SIM_EPARAM;
      if (abc_stopped && ctx.abc.errs.count == 0)
        sim_errs_add(&e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written",
                     (int)sim_stop_requested);
      goto done;
    }
    sim_mpi_share_rows(abc_y, (size_t)abc_n, 1);
    if (ctx.show) fputc('\n', stderr);
    /* Keep the draws with the smallest objective (ties by draw order). */
    size_t *order = malloc((size_t)abc_n * sizeof *order);
    double *col = malloc((size_t)abc_n * sizeof *col);
    if (!order || !col) {
      free(order);
      free(col);
      st = SIM_ENOMEM;
      goto done;
    }
    gsl_sort_index(order, abc_y, 1, (size_t)abc_n);
    abc_accepted = (int)ceil(spec->abc_accept * abc_n);
    if (abc_accepted < 2) abc_accepted = abc_n < 2 ? abc_n : 2;
    for (int i = 0; i < k; i++) {
      for (int a = 0; a < abc_accepted; a++) col[a] = abc.x[order[a] * (size_t)k + (size_t)i];
      post[i].mean = gsl_stats_mean(col, 1, (size_t)abc_accepted);
      post[i].sd = gsl_stats_sd(col, 1, (size_t)abc_accepted);
      gsl_sort(col, 1, (size_t)abc_accepted);
      post[i].q025 = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)abc_accepted, 0.025);
      post[i].q50 = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)abc_accepted, 0.5);
      post[i].q975 = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)abc_accepted, 0.975);
    }
    /* Mark the accepted draws in abc.part for the CSV (1 = accepted). */
    for (int a = 0; a < abc_n; a++) abc.part[order[a]] = a < abc_accepted ? 1 : 0;
    free(order);
    free(col);
    have_post = 1;
  }
  double wall = sim_now() - ctx.t0;
  if (sim_mpi_rank() != 0) goto done; /* rank 0 writes */
  /* The calibrated scenario: the file with the command line's overrides (not the fitting's
   * replications and months) and the fitted values. */
  for (int i = 0; i < c->nsets; i++)
    if (mdl_setlist_add(&out_sets, c->sets[i]) != 0) st = SIM_ENOMEM;
  for (int i = 0; i < k && st == SIM_OK; i++)
    if (mdl_study_sets(&spec->params[i], res.x[i], &base, &param_sets, &e) != 0) st = SIM_EPARAM;
  for (int i = 0; i < param_sets.n && st == SIM_OK; i++)
    if (mdl_setlist_add(&out_sets, param_sets.s[i]) != 0) st = SIM_ENOMEM;
  char nameset[300];
  snprintf(nameset, sizeof nameset, "name=\"%.*s-calibrated\"", (int)(SIM_PARAM_STR_MAX - 20), base.name);
  if (st == SIM_OK && mdl_setlist_add(&out_sets, nameset) != 0) st = SIM_ENOMEM;
  if (st != SIM_OK) goto done;
  if ((st = mdl_scenario_load(path, NULL, NULL, (const char *const *)out_sets.s, out_sets.n, &outscn, &e)) != SIM_OK)
    goto done;
  have_outscn = 1;

  if ((st = sim_outdir_begin(&dir, outdir, c->force, &e)) != SIM_OK) goto done;
#define WRITE(fname, body) SIM_WRITE_FILE(&dir, fname, &e, body)
  WRITE("calibration.json", write_calibration_json(f_, &ctx, &res, start, &in, &out, targets, reps, fitscn.months,
                                                   have_post ? post : NULL, abc_n, abc_accepted, wall, argc, argv, &e));
  WRITE("fit.csv", write_fit_csv(f_, t, nt, v, &final.layout));
  WRITE("trace.csv", write_trace_csv(f_, &ctx));
  WRITE("trajectories.csv", write_trajectories(f_, &final, t, series, ns));
  WRITE("calibrated.cfg",
        write_calibrated(f_, &ctx, &outscn, &res, start, v, &in, &out, targets, reps, fitscn.months, &param_sets));
  if (have_post) {
    FILE *f = sim_outdir_open(&dir, "abc.csv", &e);
    if (!f) {
      st = SIM_EIO;
      goto done;
    }
    fputs("draw", f);
    for (int i = 0; i < k; i++) {
      fputc(',', f);
      sim_csv_field(f, spec->params[i].name);
    }
    fputs(",objective,accepted\n", f);
    for (int a = 0; a < abc_n; a++) {
      fprintf(f, "%d", a + 1);
      for (int i = 0; i < k; i++) {
        fputc(',', f);
        sim_csv_number(f, abc.x[(size_t)a * (size_t)k + (size_t)i]);
      }
      fputc(',', f);
      sim_csv_number(f, abc_y[a]);
      fprintf(f, ",%d\n", abc.part[a] == 1);
    }
    if ((st = sim_outdir_close(&dir, f, "abc.csv", &e)) != SIM_OK) goto done;
  }
#undef WRITE
  if (c->plot) {
    char sub[8300];
    snprintf(sub, sizeof sub, "%s/plots", dir.tmp);
    if (mkdir(sub, 0777) != 0) {
      sim_errs_add(&e, sub, 0, NULL, "cannot create the folder of the figures");
      st = SIM_EIO;
      goto done;
    }
    plt_run_rows rows = {&final.layout, final.rows, (size_t)(final.model.steps - final.model.first_reported),
                         final.model.out_width, final.result.replications};
    if ((st = plt_write_fit_figures(&dir, &rows, t, nt, v, series, ns, fig_names, &nfig, &e)) != SIM_OK) goto done;
    for (int i = 0; i < nfig; i++) scripts[i] = fig_names[i];
  }
  if (sim_stop_requested) {
    st = SIM_EINTR;
    sim_errs_add(&e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written to %s",
                 (int)sim_stop_requested, outdir);
    goto done;
  }
  if ((st = sim_outdir_commit(&dir, &e)) != SIM_OK) goto done;
  if (!c->quiet) {
    printf("%s: calibrated %d parameters to %d targets (%d held out): objective %.6g, %d evaluations, %s, %.1f s -> "
           "%s\n",
           SIM_TTY(base.name), k, fitted_n, nt - fitted_n, res.f, res.evaluations,
           res.converged ? "converged" : "NOT converged", wall, outdir);
    for (int i = 0; i < k; i++) {
      printf("  %-40s %.6g  in [%g, %g], start %.6g", SIM_TTY(spec->params[i].name), res.x[i], lo[i], hi[i], start[i]);
      if (have_post) printf("; ABC median %.4g [%.4g, %.4g]", post[i].q50, post[i].q025, post[i].q975);
      putchar('\n');
    }
    printf("fit, simulated mean [95%% interval] vs observed:\n");
    for (int pass = 1; pass >= 0; pass--)
      for (int i = 0; i < nt; i++) {
        if ((t[i].weight > 0) != pass) continue;
        char d[8];
        month_text(t[i].month, d);
        printf("  %-8s %-24s %s %-22s %8.1f [%.1f, %.1f] vs %g\n", pass ? "fitted" : "held out",
               SIM_TTY(t[i].group_name), d, SIM_TTY(t[i].variable), v[i].mean, v[i].lo, v[i].hi, t[i].value);
      }
    printf("fitted: RMSE %.4g, mean |relative error| %.1f%% (%d targets)", in.rmse, 100 * in.mape, in.n);
    if (out.n)
      printf("; held out: RMSE %.4g, mean |relative error| %.1f%% (%d targets)", out.rmse, 100 * out.mape, out.n);
    putchar('\n');
  }
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  if (have_final) sim_scenario_run_free(&final);
  if (lw) mdl_world_free(lw);
  if (have_fitscn) mdl_scenario_free(&fitscn);
  if (have_outscn) mdl_scenario_free(&outscn);
  sa_design_free(&abc);
  mdl_setlist_free(&param_sets);
  mdl_setlist_free(&out_sets);
  free(abc_y);
  free(vals);
  free(v);
  free(series);
  free(t);
  sim_study_fixed_free(&fixed);
  free(ctx.trace);
  free(spec);
  sim_study_points_free(&ctx.abc);
  sim_errs_destroy(&skipped);
  mdl_scenario_free(&base);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  return c->plot && sim_mpi_rank() == 0 ? sim_study_draw(outdir, scripts, nfig, c->quiet) : 0;
}
