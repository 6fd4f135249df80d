/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runner.c: the replications of any model: progress, --precision, checkpoint hooks, slices. */
#include "sim/runner.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim/threads.h"

double sim_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct {
  double started, last;
  int show;
} progress_state;

static void progress(void *arg, uint32_t rep, uint32_t reps, int step, int steps) {
  progress_state *p = arg;
  double t = sim_now();
  if (!p->show || t - p->started < 1.0 || (t - p->last < 0.2 && step < steps)) return;
  p->last = t;
  fprintf(stderr, "\r  replication %u/%u, month %d/%d, %.1f s ", rep + 1, reps, step, steps, t - p->started);
  (void)fflush(stderr); /* the progress line only */
}

sim_status sim_runner_begin(int threads, int *resolved, sim_errs *e) {
  *resolved = threads > 0 ? threads : omp_get_max_threads();
  sim_status st = sim_threads_check(*resolved, e);
  if (st != SIM_OK) return st;
  sim_threads_guard_arm(*resolved);
  return SIM_OK;
}

void sim_runner_end(void) { sim_threads_guard_disarm(); }

int sim_layout_figure(const sim_layout *l, const char *name) {
  for (int k = 0; k < l->n_figures; k++)
    if (!strcmp(l->figures[k].name, name)) return k;
  return -1;
}

double sim_relative_halfwidth(const sim_layout *l, const sim_run_result *r, int k) {
  sim_stats_ci *ci = calloc((size_t)l->n_groups * (size_t)l->n_figures, sizeof *ci);
  if (!ci) return (double)INFINITY;
  sim_summarise(l, r, ci);
  const sim_stats_ci *c = &ci[(size_t)l->total_group * (size_t)l->n_figures + (size_t)k];
  double rel =
      (c->n >= 2 && c->mean != 0.0 && isfinite(c->mean)) ? (c->hi - c->lo) / 2.0 / fabs(c->mean) : (double)INFINITY;
  free(ci);
  return rel;
}

/* The end of every run: the guard disarmed, the progress line ended, an interruption said. */
static sim_status run_end(const sim_runner *cfg, const progress_state *ps, sim_status st, sim_replicas *out,
                          sim_errs *e) {
  sim_runner_end();
  if (ps->show && out->wall >= 1.0) fputc('\n', stderr);
  if (st == SIM_EINTR)
    sim_errs_add(e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written",
                 cfg->stop ? (int)*cfg->stop : 0);
  if (st != SIM_OK) sim_replicas_free(out);
  return st;
}

/* --precision: add blocks of replications (the next replication numbers, so the result is the same
 * as a run with that many replications from the start) until the target is met. */
static sim_status extend_to_precision(const sim_model *m, const sim_runner *cfg, const sim_run_opts *o,
                                      uint32_t replications, sim_precision *p, sim_run_result *r, sim_errs *e) {
  int k = cfg->layout ? sim_layout_figure(cfg->layout, p->figure) : -1;
  if (k < 0) {
    sim_errs_add(e, "command line", 0, "--precision",
                 "'%s' is not a figure of the model (expected one of its headline figures)", p->figure);
    return SIM_EPARAM;
  }
  p->block = replications >= 2 ? replications : 10;
  for (;;) {
    p->achieved = sim_relative_halfwidth(cfg->layout, r, k);
    p->reached = p->achieved <= p->rel;
    if (p->reached || r->replications >= p->max_reps) return SIM_OK;
    uint32_t more = p->block;
    if (r->replications + more > p->max_reps) more = p->max_reps - r->replications;
    sim_run_opts ox = *o;
    ox.first_replication = r->replications;
    ox.replications = more;
    sim_status st = sim_engine_extend(m, &ox, r, e);
    if (st != SIM_OK) return st;
  }
}

sim_status sim_runner_run(const sim_model *m, const sim_runner *cfg, uint32_t replications, sim_precision *p,
                          const sim_run_hooks *hooks, sim_replicas *out, sim_errs *e) {
  memset(out, 0, sizeof *out);
  progress_state ps = {sim_now(), 0, !cfg->quiet && isatty(2)};
  sim_run_opts o = {.replications = replications,
                    .threads = cfg->threads,
                    .progress = progress,
                    .progress_arg = &ps,
                    .stop = cfg->stop};
  if (hooks) {
    o.checkpoint_step = hooks->checkpoint_step;
    o.checkpoint_file = hooks->checkpoint_file;
    o.resume_step = hooks->resume_step;
    o.resume_file = hooks->resume_file;
    o.snapshot = hooks->snapshot;
    o.restore = hooks->restore;
    o.snapshot_arg = o.restore_arg = hooks->snapshot_arg;
  }
  double t0 = sim_now();
  sim_status st = sim_engine_run(m, &o, &out->result, e);
  /* A continued run did not compute the months before the checkpoint: they come from it. */
  if (st == SIM_OK && hooks && hooks->resume_step > 0 && hooks->resume_reported > 0)
    memcpy(out->result.monthly, hooks->resume_acc,
           (size_t)hooks->resume_reported * out->result.out_width * sizeof *out->result.monthly);
  if (st == SIM_OK && p && p->figure) st = extend_to_precision(m, cfg, &o, replications, p, &out->result, e);
  out->wall = sim_now() - t0;
  return run_end(cfg, &ps, st, out, e);
}

typedef struct {
  double *rows, *extras;
  size_t steps;
  uint32_t first;
} row_sink;

static void keep_row(void *arg, uint32_t rep, int step, const double *row, size_t width) {
  row_sink *k = arg;
  memcpy(k->rows + ((size_t)(rep - k->first) * k->steps + (size_t)step) * width, row, width * sizeof *row);
}

static void keep_extra(void *arg, uint32_t rep, const double *extra, size_t width) {
  row_sink *k = arg;
  memcpy(k->extras + (size_t)(rep - k->first) * width, extra, width * sizeof *extra);
}

sim_status sim_runner_slice(const sim_model *m, const sim_runner *cfg, uint32_t first, uint32_t count,
                            sim_replicas *out, sim_errs *e) {
  memset(out, 0, sizeof *out);
  out->first = first;
  size_t steps = (size_t)(m->steps - m->first_reported);
  out->rows = malloc(((size_t)count * steps * m->out_width + 1) * sizeof *out->rows);
  out->extras = malloc(((size_t)count * m->extra_width + 1) * sizeof *out->extras);
  if (!out->rows || !out->extras) {
    sim_errs_add(e, NULL, 0, NULL, "out of memory for the rows of %u replications", count);
    sim_runner_end();
    sim_replicas_free(out);
    return SIM_ENOMEM;
  }
  row_sink sink = {out->rows, out->extras, steps, first};
  progress_state ps = {sim_now(), 0, !cfg->quiet && isatty(2)};
  sim_run_opts o = {.first_replication = first,
                    .replications = count,
                    .threads = cfg->threads,
                    .progress = progress,
                    .progress_arg = &ps,
                    .stop = cfg->stop,
                    .on_row = keep_row,
                    .row_arg = &sink,
                    .on_extra = keep_extra,
                    .extra_arg = &sink};
  double t0 = sim_now();
  sim_status st = sim_engine_run(m, &o, &out->result, e);
  out->wall = sim_now() - t0;
  return run_end(cfg, &ps, st, out, e);
}

void sim_replicas_free(sim_replicas *r) {
  free(r->rows);
  free(r->extras);
  sim_run_result_free(&r->result);
  memset(r, 0, sizeof *r);
}
