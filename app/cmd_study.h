/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_study.h: what tzsim sweep and tzsim calibrate share: running one variant of a scenario file
 * (the file with --set overrides), number formatting, and drawing their figures with gnuplot. */
#ifndef SIM_CMD_STUDY_H
#define SIM_CMD_STUDY_H
#include <stdio.h>

#include "models/sweep_spec.h"
#include "app/commands.h"

/* How a variant runs (sim_study_run): */
enum {
  SIM_STUDY_ROWS = 1, /* every row of every replication is kept in run->rows (as sim_run_slice keeps them) */
  SIM_STUDY_RANKS = 2 /* its replications split across the MPI ranks (every rank must call it) */
};
/* Load the file with the overrides (one thread at a time: the loader reads files) and run it with
 * `threads` threads, quietly; `how` is 0 or a combination of SIM_STUDY_*. The statistics are those
 * of sim_run_scenario whatever `how` says. On success the caller frees s and run. */
sim_status sim_study_run(const char *path, const char *const *sets, int nsets, int threads, int how, mdl_scenario *s,
                         sim_scenario_run *run, sim_errs *e);

/* The overrides every variant of a study gets: the block's replications and months (each when > 0),
 * then the command line's --set (which come last, so they win). s[0 .. n-1] point into the struct
 * and into the command line: the struct must stay where it is while they are used. */
typedef struct {
  const char **s;
  int n;
  char replications[64], months[64];
} sim_study_fixed;
/* 0, or -1 when out of memory. */
int sim_study_fixed_make(sim_study_fixed *f, long long replications, long long months, const char *const *sets,
                         int nsets);
void sim_study_fixed_free(sim_study_fixed *f);

/* What the parallel evaluation of a design's points (sweep points, ABC draws) shares between its
 * threads: the progress line and the first failure. The lowest failing point is kept, the one a
 * run in order would have met first, so the message does not depend on the threads. */
typedef struct {
  const char *what; /* "point", "ABC draw" */
  size_t total;     /* points this process evaluates */
  int show;         /* progress on stderr */
  double t0;
  size_t done;
  int failed;
  size_t point;  /* the lowest failing point */
  sim_errs errs; /* its messages */
} sim_study_points;

void sim_study_points_init(sim_study_points *p, const char *what, size_t total, int show);
void sim_study_points_free(sim_study_points *p);
/* A point finished: count it and redraw the progress line. Thread-safe. */
void sim_study_point_done(sim_study_points *p);
/* Point `point` failed with the messages why (taken: kept if it is the lowest failure so far, else
 * freed). Thread-safe. */
void sim_study_point_failed(sim_study_points *p, size_t point, sim_errs *why);

/* The point's values as "name=value, name=value" for messages. */
void sim_study_label(const mdl_study_param *ps, int k, const double *x, char *buf, size_t n);

/* After the result folder dir is committed: gnuplot draws dir/plots/<script> for each script. 0,
 * or the exit code after one line on stderr (SIM_EXIT_PLOT, 130). */
int sim_study_draw(const char *dir, const char *const *scripts, int n, int quiet);

#endif
