/* mpi_run.h: tzsim run across MPI ranks (built with -DTZSIM_MPI=ON): each rank runs a slice of the
 * replications, rank 0 combines them in replication order and writes the same bytes as one process. */
#ifndef SIM_MPI_RUN_H
#define SIM_MPI_RUN_H
#include "sim/cli.h"

/* Start and stop MPI (no-ops without TZSIM_MPI); rank and size of the world. */
void sim_mpi_init(int *argc, char ***argv);
void sim_mpi_finalize(void);
int sim_mpi_rank(void);
int sim_mpi_size(void);
/* The run command when there is more than one rank. */
int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv);

#endif
