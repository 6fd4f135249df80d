/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine.c: replications x steps x blocks, with per-block integer tallies combined in block order. */
#include "sim/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sim_run_result_free(sim_run_result *r) {
  free(r->monthly);
  free(r->headline);
  free(r->extra);
  memset(r, 0, sizeof *r);
}

/* Run o->replications replications and append them to r (whose arrays are sized by the caller),
 * from the k0-th on; step0 > 0: the k0-th's state is already loaded at that step (a restart). */
static sim_status run_replications(const sim_model *m, const sim_run_opts *o, sim_run_result *r, uint32_t k0, int step0,
                                   sim_errs *e) {
  int64_t *tallies = calloc(m->n_blocks * m->tally_width + 1, sizeof *tallies);
  double *out = calloc(m->out_width + 1, sizeof *out);
  double *extra = calloc(m->extra_width + 1, sizeof *extra);
  if (!tallies || !out || !extra) {
    free(tallies);
    free(out);
    free(extra);
    sim_errs_add(e, NULL, 0, NULL, "out of memory for the run's tallies");
    return SIM_ENOMEM;
  }
  sim_status st = SIM_OK;
  const long nb = (long)m->n_blocks;
  for (uint32_t k = k0; k < o->replications && st == SIM_OK; k++) {
    uint32_t rep = o->first_replication + k;
    int restarted = k == k0 && step0 > 0;
    int from = restarted ? step0 : o->resume_step > 0 ? o->resume_step : 0;
    st = restarted ? SIM_OK : from > 0 ? m->load(m->ctx, rep, o->resume_file) : m->begin(m->ctx, rep);
    if (st != SIM_OK) {
      sim_errs_add(e, NULL, 0, NULL,
                   from > 0 ? "could not read replication %u from the checkpoint (expected a complete, intact "
                              "checkpoint file)"
                            : "could not set up replication %u",
                   rep);
      break;
    }
    for (int step = from; step < m->steps; step++) {
      /* Before the stop check: a hook may save the state of a run being stopped (SIGTERM). */
      if (o->snapshot && (st = o->snapshot(o->snapshot_arg, m, r, rep, step)) != SIM_OK) break;
      if (o->stop && *o->stop) {
        st = SIM_EINTR;
        break;
      }
      if (step == o->checkpoint_step && step > 0 && o->checkpoint_file &&
          (st = m->save(m->ctx, o->checkpoint_file)) != SIM_OK) {
        sim_errs_add(e, NULL, 0, NULL, "could not write the checkpoint of replication %u (expected room on the disk)",
                     rep);
        break;
      }
      memset(tallies, 0, m->n_blocks * m->tally_width * sizeof *tallies);
      /* Blocks are independent and their tallies are integers, so the schedule cannot change
       * the result; dynamic scheduling evens out blocks of different territories. */
#pragma omp parallel for schedule(dynamic, 4) num_threads(o->threads)
      for (long b = 0; b < nb; b++) m->step_block(m->ctx, step, (size_t)b, tallies + (size_t)b * m->tally_width);
      m->step_world(m->ctx, step, tallies, out);
      if (step >= m->first_reported) {
        sim_stats_acc *row = r->monthly + (size_t)(step - m->first_reported) * m->out_width;
        for (size_t c = 0; c < m->out_width; c++) sim_stats_add(&row[c], out[c]);
        if (o->on_row) o->on_row(o->row_arg, rep, step - m->first_reported, out, m->out_width);
      }
      if (o->progress)
        o->progress(o->progress_arg, r->replications, r->replications + o->replications - k, step + 1, m->steps);
    }
    if (st == SIM_OK) {
      m->finish(m->ctx, r->headline + (size_t)r->replications * m->headline_width);
      if (m->extra_width && r->extra) {
        m->finish_extra(m->ctx, extra);
        sim_result_add_extra(r, extra);
        if (o->on_extra) o->on_extra(o->extra_arg, rep, extra, m->extra_width);
      }
      r->replications++;
    }
  }
  free(tallies);
  free(out);
  free(extra);
  return st;
}

sim_status sim_engine_run(const sim_model *m, const sim_run_opts *o, sim_run_result *r, sim_errs *e) {
  memset(r, 0, sizeof *r);
  r->reported_steps = m->steps - m->first_reported;
  r->out_width = m->out_width;
  r->headline_width = m->headline_width;
  size_t cells = (size_t)r->reported_steps * m->out_width;
  r->monthly = calloc(cells ? cells : 1, sizeof *r->monthly);
  r->headline = calloc((size_t)o->replications * (m->headline_width ? m->headline_width : 1), sizeof *r->headline);
  if (!r->monthly || !r->headline || sim_result_begin_extra(r, m->extra_width) != SIM_OK) {
    sim_run_result_free(r);
    sim_errs_add(e, NULL, 0, NULL, "out of memory for the run's statistics");
    return SIM_ENOMEM;
  }
  uint32_t k0 = 0;
  int step0 = 0;
  sim_status st = SIM_OK;
  if (o->restore) {
    uint32_t rep = 0;
    st = o->restore(o->restore_arg, m, r, &rep, &step0);
    if (st == SIM_OK && (rep < o->first_replication || rep - o->first_replication >= o->replications ||
                         r->replications != rep - o->first_replication)) {
      sim_errs_add(e, NULL, 0, NULL, "the restart point is replication %u (expected one of this run's)", rep);
      st = SIM_EPARAM;
    }
    k0 = rep - o->first_replication;
  }
  if (st == SIM_OK) st = run_replications(m, o, r, k0, step0, e);
  if (st != SIM_OK) sim_run_result_free(r);
  return st;
}

sim_status sim_engine_extend(const sim_model *m, const sim_run_opts *o, sim_run_result *r, sim_errs *e) {
  size_t n = (size_t)(r->replications + o->replications) * (m->headline_width ? m->headline_width : 1);
  double *grown = realloc(r->headline, n * sizeof *grown);
  if (!grown) {
    sim_errs_add(e, NULL, 0, NULL, "out of memory for more replications");
    return SIM_ENOMEM;
  }
  r->headline = grown;
  return run_replications(m, o, r, 0, 0, e);
}

sim_status sim_result_begin(sim_run_result *r, uint32_t reps, int steps, size_t out_width, size_t headline_width) {
  memset(r, 0, sizeof *r);
  r->reported_steps = steps;
  r->out_width = out_width;
  r->headline_width = headline_width;
  size_t cells = (size_t)steps * out_width;
  r->monthly = calloc(cells ? cells : 1, sizeof *r->monthly);
  r->headline = calloc((size_t)reps * (headline_width ? headline_width : 1), sizeof *r->headline);
  if (!r->monthly || !r->headline) {
    sim_run_result_free(r);
    return SIM_ENOMEM;
  }
  return SIM_OK;
}

void sim_result_add_replication(sim_run_result *r, const double *rows, const double *headline) {
  /* The same order as run_replications: each cell updated in turn, replication after replication. */
  for (int s = 0; s < r->reported_steps; s++) {
    const double *row = rows + (size_t)s * r->out_width;
    sim_stats_acc *acc = r->monthly + (size_t)s * r->out_width;
    for (size_t c = 0; c < r->out_width; c++) sim_stats_add(&acc[c], row[c]);
  }
  memcpy(r->headline + (size_t)r->replications * r->headline_width, headline, r->headline_width * sizeof *headline);
  r->replications++;
}

sim_status sim_result_begin_extra(sim_run_result *r, size_t extra_width) {
  free(r->extra);
  r->extra = NULL;
  r->extra_width = extra_width;
  if (!extra_width) return SIM_OK;
  r->extra = calloc(extra_width, sizeof *r->extra);
  return r->extra ? SIM_OK : SIM_ENOMEM;
}

void sim_result_add_extra(sim_run_result *r, const double *extra) {
  /* A replication may lack a value (e.g. a rate of nobody): it is left out of that cell's count. */
  for (size_t c = 0; c < r->extra_width; c++)
    if (isfinite(extra[c])) sim_stats_add(&r->extra[c], extra[c]);
}

sim_status sim_result_from_rows(sim_run_result *r, const double *rows, const double *headline, uint32_t reps, int steps,
                                size_t out_width, size_t headline_width) {
  sim_status st = sim_result_begin(r, reps, steps, out_width, headline_width);
  if (st != SIM_OK) return st;
  for (uint32_t k = 0; k < reps; k++)
    sim_result_add_replication(r, rows + (size_t)k * (size_t)steps * out_width, headline + (size_t)k * headline_width);
  return SIM_OK;
}
