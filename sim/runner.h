/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runner.h: the replications of any model (sim/engine.h's sim_model): threads checked, a progress
 * line, checkpoint and resume hooks, the --precision loop that adds replications until a figure's
 * interval is narrow enough, and slices of the replications (shards, MPI ranks) that keep their rows.
 * What is model-specific comes in as the sim_model and, for --precision, the sim_layout naming its
 * figures; the runner knows no model. */
#ifndef SIM_RUNNER_H
#define SIM_RUNNER_H
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/engine.h"
#include "sim/output.h"

/* Seconds on a monotonic clock. */
double sim_now(void);

/* --precision: run `block` more replications at a time until the total group's relative half-width
 * of `figure` is at most `rel`, or max_reps replications. */
typedef struct {
  const char *figure; /* a figure of the layout (total group), or NULL */
  double rel;         /* target relative half-width */
  uint32_t max_reps;  /* cap */
  uint32_t block;     /* replications added per round */
  int reached;        /* out: the target was met */
  double achieved;    /* out: relative half-width at the end */
} sim_precision;

/* Checkpoint and resume (see sim/checkpoint.h); NULL for a plain run. */
typedef struct {
  int checkpoint_step; /* > 0: save the state before this step, into checkpoint_file */
  FILE *checkpoint_file;
  int resume_step; /* > 0: start every replication at this step from resume_file */
  FILE *resume_file;
  const sim_stats_acc *resume_acc; /* the statistics of the reported steps before resume_step */
  int resume_reported;             /* how many reported steps those are */
  /* --checkpoint-every / --resume: the engine's snapshot and restore hooks (sim/engine.h). */
  sim_status (*snapshot)(void *arg, const sim_model *m, const sim_run_result *r, uint32_t rep, int step);
  sim_status (*restore)(void *arg, const sim_model *m, sim_run_result *r, uint32_t *rep, int *step);
  void *snapshot_arg;
} sim_run_hooks;

/* How to run: the same for every model. */
typedef struct {
  int threads;                 /* resolved by sim_runner_begin */
  int quiet;                   /* no progress line (there is one only on a terminal anyway) */
  volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM: the run stops between steps; or NULL */
  const sim_layout *layout;    /* the model's figures, for --precision; NULL without it */
} sim_runner;

/* What a run gives. rows and extras: with sim_runner_slice, every reported row and extra vector of
 * every replication run, in order (rows: replications x reported steps x out_width). */
typedef struct {
  sim_run_result result;
  double wall;    /* seconds of the run */
  uint32_t first; /* first replication run (0 unless a slice) */
  double *rows;
  double *extras;
} sim_replicas;

/* The start of every run: threads resolved (<= 0: OpenMP's default) and checked -- SIM_ENOMEM with
 * one line rather than libgomp's exit 1 -- and the exit guard armed (sim/threads.h) while the
 * caller builds its model. Each successful begin is matched by one sim_runner_run, sim_runner_slice
 * or sim_runner_end. */
sim_status sim_runner_begin(int threads, int *resolved, sim_errs *e);
void sim_runner_end(void);

/* Replications 0 .. replications-1 of m, then the --precision rounds if p asks for them. */
sim_status sim_runner_run(const sim_model *m, const sim_runner *cfg, uint32_t replications, sim_precision *p,
                          const sim_run_hooks *hooks, sim_replicas *out, sim_errs *e);
/* Replications first .. first+count-1 only, keeping their rows and extra vectors. */
sim_status sim_runner_slice(const sim_model *m, const sim_runner *cfg, uint32_t first, uint32_t count,
                            sim_replicas *out, sim_errs *e);
void sim_replicas_free(sim_replicas *r);

/* Index of the figure called name in the layout, or -1. */
int sim_layout_figure(const sim_layout *l, const char *name);
/* Relative half-width of figure k in the total group of r (the 95 % interval), or +inf while it
 * cannot be judged (fewer than 2 replications, a zero or non-finite mean). */
double sim_relative_halfwidth(const sim_layout *l, const sim_run_result *r, int k);

#endif
