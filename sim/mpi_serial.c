/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mpi_serial.c: the one-process versions of sim/mpi_coll.h (rank 0 of 1), compiled when tzsim is
 * built without MPI (sim/mpi_coll.c otherwise). */
#include "sim/mpi_coll.h"

void sim_mpi_init(int *argc, char ***argv) { // NOLINT(readability-non-const-parameter): MPI_Init takes int *
  (void)argc;
  (void)argv;
}
void sim_mpi_finalize(void) {}
int sim_mpi_rank(void) { return 0; }
int sim_mpi_size(void) { return 1; }
sim_status sim_mpi_worst(sim_status st) { return st; }
int sim_mpi_any(int flag) { return flag != 0; }
size_t sim_mpi_max(size_t v) { return v; }
// NOLINTNEXTLINE(readability-non-const-parameter): the MPI version writes a
void sim_mpi_share_rows(double *a, size_t n, size_t width) {
  (void)a;
  (void)n;
  (void)width;
}
// NOLINTNEXTLINE(readability-non-const-parameter): the MPI version writes p
void sim_mpi_bcast_doubles(double *p, size_t n, int root) {
  (void)p;
  (void)n;
  (void)root;
}
void sim_mpi_errs_to_root(sim_errs *e) { (void)e; }
void sim_mpi_slice(size_t n, size_t *first, size_t *count) {
  *first = 0;
  *count = n;
}
