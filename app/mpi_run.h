/* mpi_run.h: tzsim across MPI ranks (built with -DTZSIM_MPI=ON). A run splits its replications, a
 * sweep or ABC its points, a calibration each evaluation's replications; what ranks compute is
 * combined in replication (or point) order, so every figure is the one a single process computes,
 * bit for bit. Rank 0 writes the outputs and prints the messages. Without MPI every function here
 * is the one-process case (rank 0 of 1). */
#ifndef SIM_MPI_RUN_H
#define SIM_MPI_RUN_H
#include <stddef.h>

#include "app/cli.h"
#include "app/commands.h"

/* Start and stop MPI (no-ops without TZSIM_MPI); rank and size of the world. */
void sim_mpi_init(int *argc, char ***argv);
void sim_mpi_finalize(void);
int sim_mpi_rank(void);
int sim_mpi_size(void);
/* The run command when there is more than one rank. */
int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv);

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

/* Run a loaded scenario with its replications split across the ranks; every rank gets the result
 * of the whole run, as sim_run_scenario gives it (keep_rows: with every replication's rows, as
 * sim_run_slice gives them). Errors agree across ranks (the first rank's messages in e). */
sim_status sim_mpi_run_scenario(const mdl_scenario *s, int threads, int quiet, int keep_rows, sim_scenario_run *run,
                                sim_errs *e);

#endif
