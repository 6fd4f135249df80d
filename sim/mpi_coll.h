/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mpi_coll.h: the generic MPI collectives of tzsim (built with -DTZSIM_MPI=ON; sim/mpi_coll.c):
 * ranks and their slices, statuses and messages agreed across ranks, rows shared, and the
 * replications each rank ran gathered in replication order, so that every figure is the one a
 * single process computes, bit for bit. They know no model. Without TZSIM_MPI every function here
 * is the one-process case, rank 0 of 1 (sim/mpi_serial.c). */
#ifndef SIM_MPI_COLL_H
#define SIM_MPI_COLL_H
#include <stddef.h>
#include <stdint.h>

#include "sim/engine.h"
#include "sim/errs.h"

/* Start and stop MPI (no-ops without TZSIM_MPI); rank and size of the world. */
void sim_mpi_init(int *argc, char ***argv);
void sim_mpi_finalize(void);
int sim_mpi_rank(void);
int sim_mpi_size(void);
/* The worst status of all ranks (the collective behind sim_mpi_agree). */
sim_status sim_mpi_worst(sim_status st);
/* The worst status of all ranks, returned on every rank (so that all stop together). Never better
 * than st: written so that a static analyser sees it too (a failure here is never an OK). */
static inline sim_status sim_mpi_agree(sim_status st) {
  sim_status all = sim_mpi_worst(st);
  return all > st ? all : st;
}
/* Whether flag is non-zero on any rank (e.g. a stop signal that reached one rank first). */
int sim_mpi_any(int flag);
/* This rank's share of n items: a contiguous block, the blocks in rank order. */
void sim_mpi_slice(size_t n, size_t *first, size_t *count);
/* Each rank filled the rows of its own slice (sim_mpi_slice) of a (n rows x width): afterwards
 * every rank holds all the rows. */
void sim_mpi_share_rows(double *a, size_t n, size_t width);
/* Rank root's n doubles into p on every rank (large buffers in pieces: MPI counts are ints). */
void sim_mpi_bcast_doubles(double *p, size_t n, int root);
/* The largest of v over the ranks. */
size_t sim_mpi_max(size_t v);
/* The messages of the lowest rank that has any replace rank 0's, so that rank 0 reports the first
 * failure (slices are in rank order: the lowest rank holds the first failing item). */
void sim_mpi_errs_to_root(sim_errs *e);
/* The end of a command's preparation, which every rank does by itself (reading the scenario, its
 * blocks, targets): all go on, or all stop with the worst status and the messages of the first
 * rank that failed (a file one node cannot read must not leave the others waiting). */
static inline sim_status sim_mpi_agree_errs(sim_status st, sim_errs *e) {
  sim_status all = sim_mpi_agree(st);
  if (all != SIM_OK) sim_mpi_errs_to_root(e);
  return all;
}

/* Every rank ran its slice (sim_shard_slice of `reps` over the ranks, in rank order) of m's
 * replications, keeping their rows, headline figures and extra vectors (mine_rows, mine_head,
 * mine_extras, as sim_runner_slice keeps them). Afterwards every rank holds in *all the result of
 * the whole run with the statistics of one process (each replication travels from the rank that
 * ran it to all, one at a time, and is added in order); keep_rows: *rows holds every replication's
 * rows (malloc'd), else NULL. Errors agree across ranks; on failure nothing is left allocated. */
sim_status sim_mpi_gather_replicas(const sim_model *m, uint32_t reps, int keep_rows, const double *mine_rows,
                                   const double *mine_head, const double *mine_extras, sim_run_result *all,
                                   double **rows, sim_errs *e);

#endif
