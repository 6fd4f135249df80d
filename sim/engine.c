/* engine.c: replications x steps x blocks, with per-block integer tallies combined in block order. */
#include "sim/engine.h"

#include <stdlib.h>
#include <string.h>

void sim_run_result_free(sim_run_result *r) {
  free(r->monthly);
  free(r->headline);
  memset(r, 0, sizeof *r);
}

/* Run o->replications replications and append them to r (whose arrays are sized by the caller). */
static sim_status run_replications(const sim_model *m, const sim_run_opts *o, sim_run_result *r, sim_errs *e) {
  int64_t *tallies = calloc(m->n_blocks * m->tally_width + 1, sizeof *tallies);
  double *out = calloc(m->out_width + 1, sizeof *out);
  if (!tallies || !out) {
    free(tallies);
    free(out);
    sim_errs_add(e, NULL, 0, NULL, "out of memory for the run's tallies");
    return SIM_ENOMEM;
  }
  sim_status st = SIM_OK;
  const long nb = (long)m->n_blocks;
  for (uint32_t k = 0; k < o->replications && st == SIM_OK; k++) {
    uint32_t rep = o->first_replication + k;
    st = m->begin(m->ctx, rep);
    if (st != SIM_OK) {
      sim_errs_add(e, NULL, 0, NULL, "could not set up replication %u", rep);
      break;
    }
    for (int step = 0; step < m->steps; step++) {
      if (o->stop && *o->stop) {
        st = SIM_EINTR;
        break;
      }
      memset(tallies, 0, m->n_blocks * m->tally_width * sizeof *tallies);
      /* Blocks are independent and their tallies are integers, so the schedule cannot change
       * the result; dynamic scheduling evens out blocks of different territories. */
#pragma omp parallel for schedule(dynamic, 4) num_threads(o->threads)
      for (long b = 0; b < nb; b++)
        m->step_block(m->ctx, step, (size_t)b, tallies + (size_t)b * m->tally_width);
      m->step_world(m->ctx, step, tallies, out);
      if (step >= m->first_reported) {
        sim_stats_acc *row = r->monthly + (size_t)(step - m->first_reported) * m->out_width;
        for (size_t c = 0; c < m->out_width; c++) sim_stats_add(&row[c], out[c]);
      }
      if (o->progress) o->progress(o->progress_arg, r->replications, r->replications + o->replications - k, step + 1, m->steps);
    }
    if (st == SIM_OK) {
      m->finish(m->ctx, r->headline + (size_t)r->replications * m->headline_width);
      r->replications++;
    }
  }
  free(tallies);
  free(out);
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
  if (!r->monthly || !r->headline) {
    sim_run_result_free(r);
    sim_errs_add(e, NULL, 0, NULL, "out of memory for the run's statistics");
    return SIM_ENOMEM;
  }
  sim_status st = run_replications(m, o, r, e);
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
  return run_replications(m, o, r, e);
}
