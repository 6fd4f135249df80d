/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine.h: the generic time loop: replications, steps, agent blocks on threads, fixed-order tallies.
 * The engine knows nothing of TZCLD: main.c hands it a model as a small table of functions. */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/errs.h"
#include "sim/stats.h"

/* A model, as the engine sees it. Agents are split into `n_blocks` fixed blocks; a block's pass
 * touches only its own agents and its own row of `tally_width` integer counters, so blocks can
 * run on any thread in any order and the result is the same. */
typedef struct {
  void *ctx;
  size_t n_blocks;
  size_t tally_width;    /* int64 counters per block */
  size_t out_width;      /* doubles per reported step */
  size_t headline_width; /* doubles per replication */
  int steps;             /* steps per replication (burn-in included) */
  int first_reported;    /* steps before this one are burn-in: run, not reported */
  /* Set up replication `rep` from scratch (initial population for its random stream). */
  sim_status (*begin)(void *ctx, uint32_t rep);
  /* The per-agent pass of one block. Must not allocate, print, or touch other blocks. */
  void (*step_block)(void *ctx, int step, size_t block, int64_t *tally);
  /* The sequential part of a step, given every block's tally in block order; fills out[]. */
  void (*step_world)(void *ctx, int step, const int64_t *tallies, double *out);
  /* Headline figures of the finished replication. */
  void (*finish)(void *ctx, double *headline);
  /* Optional (checkpoints): write the full state of the replication in progress to a FILE, and
   * read it back instead of begin() for replication rep. */
  sim_status (*save)(void *ctx, void *file);
  sim_status (*load)(void *ctx, uint32_t rep, void *file);
  /* Optional: a vector of `extra_width` doubles per replication, filled after finish() (e.g. tables
   * too large to keep per replication). The engine keeps only their running statistics over
   * replications (in replication order; NaN values are skipped), like the per-step rows. */
  size_t extra_width;
  void (*finish_extra)(void *ctx, double *extra);
} sim_model;

typedef struct sim_run_result sim_run_result; /* below: the hooks of sim_run_opts take one */

typedef struct {
  uint32_t first_replication; /* replications first .. first+count-1 */
  uint32_t replications;
  int threads;
  /* Called after every step (from the calling thread) with the replications done and the total
   * planned; may be NULL. */
  void (*progress)(void *arg, uint32_t rep_done, uint32_t reps, int step, int steps);
  void *progress_arg;
  /* Set asynchronously (SIGINT/SIGTERM): the run stops between steps with SIM_EINTR. */
  volatile sig_atomic_t *stop;
  /* Optional: every reported row of every replication, in order (shards and MPI ranks keep them
   * so that the replications can be combined later exactly as one run would have). */
  void (*on_row)(void *arg, uint32_t rep, int reported_step, const double *row, size_t width);
  void *row_arg;
  /* Optional checkpoint: before step checkpoint_step (> 0) of every replication, model->save
   * writes the state to checkpoint_file (a FILE *). */
  int checkpoint_step;
  void *checkpoint_file;
  /* Optional resume: every replication starts at resume_step from the state model->load reads from
   * resume_file (in replication order); rows of earlier steps are not computed here. */
  int resume_step;
  void *resume_file;
  /* Optional: every replication's extra vector, in order (shards and MPI ranks keep them). */
  void (*on_extra)(void *arg, uint32_t rep, const double *extra, size_t width);
  void *extra_arg;
  /* Optional periodic checkpoint (--checkpoint-every): called before every step of every
   * replication, r then holding the statistics of the replications before rep and of rep's reported
   * steps before step; the hook may save them and rep's state (model->save). An error stops the run. */
  sim_status (*snapshot)(void *arg, const sim_model *m, const sim_run_result *r, uint32_t rep, int step);
  void *snapshot_arg;
  /* Optional restart from such a snapshot (sim_engine_run only): fills r, allocated for this run,
   * loads the state of replication *rep with model->load and gives the step it continues at. */
  sim_status (*restore)(void *arg, const sim_model *m, sim_run_result *r, uint32_t *rep, int *step);
  void *restore_arg;
} sim_run_opts;

/* What a run produces: per reported step and output cell, statistics over replications; and the
 * headline figures of every replication (replication-major), for paired comparisons. */
typedef struct sim_run_result {
  int reported_steps;
  size_t out_width;
  size_t headline_width;
  uint32_t replications;
  sim_stats_acc *monthly; /* reported_steps * out_width accumulators */
  double *headline;       /* replications * headline_width */
  size_t extra_width;
  sim_stats_acc *extra; /* extra_width accumulators (NULL when the model has none) */
} sim_run_result;

/* Run replications first_replication .. first_replication + replications - 1 into a new result. */
sim_status sim_engine_run(const sim_model *m, const sim_run_opts *o, sim_run_result *r, sim_errs *e);
/* Append more replications to a result: the statistics are updated in replication order, so running
 * 10 then extending by 10 gives exactly the result of running 20 (o->first_replication must be
 * r->replications for that). On error r keeps the replications it had completed. */
sim_status sim_engine_extend(const sim_model *m, const sim_run_opts *o, sim_run_result *r, sim_errs *e);
void sim_run_result_free(sim_run_result *r);

/* Build a result from the rows and headline figures of `reps` replications, given in replication
 * order (rows: reps x steps x out_width; headline: reps x headline_width), with the same running
 * statistics as sim_engine_run: combining the slices of a split run gives its output bit for bit. */
sim_status sim_result_from_rows(sim_run_result *r, const double *rows, const double *headline, uint32_t reps, int steps,
                                size_t out_width, size_t headline_width);
/* The same, one replication at a time (so that combining needs one replication's rows in memory):
 * begin for `reps` replications, then add each in replication order. */
sim_status sim_result_begin(sim_run_result *r, uint32_t reps, int steps, size_t out_width, size_t headline_width);
void sim_result_add_replication(sim_run_result *r, const double *rows, const double *headline);
/* The extra vectors of a combined result: allocate their statistics after sim_result_begin, then add
 * each replication's vector in replication order (NaN values are skipped, as in a run). */
sim_status sim_result_begin_extra(sim_run_result *r, size_t extra_width);
void sim_result_add_extra(sim_run_result *r, const double *extra);

#endif
