/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "sim/mpi_coll.h"

/* The run command when there is more than one rank. */
int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv);

/* Run a loaded scenario with its replications split across the ranks; every rank gets the result
 * of the whole run, as sim_run_scenario gives it (keep_rows: with every replication's rows, as
 * sim_run_slice gives them). Errors agree across ranks (the first rank's messages in e). */
sim_status sim_mpi_run_scenario(const mdl_scenario *s, int threads, int quiet, int keep_rows, sim_scenario_run *run,
                                sim_errs *e);

#endif
