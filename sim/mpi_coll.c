/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mpi_coll.c: the generic MPI collectives (sim/mpi_coll.h); compiled only with TZSIM_MPI. Items are
 * split in contiguous blocks in rank order and combined in that order, so the figures do not depend
 * on the number of ranks. */
#include "sim/mpi_coll.h"

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/shard.h"

/* Whether MPI was started. A tzsim that no launcher started (no mpirun, mpiexec or srun) is one
 * process and does not start MPI at all: Open MPI's singleton start creates a session folder under
 * /tmp that concurrent singletons race on (one removes it while another creates its own in it), and
 * a plain run must not depend on that. */
static int mpi_on;

/* The variables the launchers set for the processes they start: Open MPI's mpirun, PMIx (Open MPI
 * 4+, srun --mpi=pmix), PMI-1/2 (MPICH's Hydra, srun --mpi=pmi2). */
static int launched_by_mpi(void) {
  static const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    if (getenv(vars[i])) return 1;
  return 0;
}

void sim_mpi_init(int *argc, char ***argv) {
  if (!launched_by_mpi()) return;
  MPI_Init(argc, argv);
  mpi_on = 1;
}
void sim_mpi_finalize(void) {
  if (mpi_on) MPI_Finalize();
  mpi_on = 0;
}
int sim_mpi_rank(void) {
  int r = 0;
  if (mpi_on) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int sim_mpi_size(void) {
  int n = 1;
  if (mpi_on) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

sim_status sim_mpi_worst(sim_status st) {
  if (!mpi_on) return st;
  int mine = (int)st, worst = 0;
  MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return (sim_status)worst;
}

int sim_mpi_any(int flag) {
  if (!mpi_on) return flag != 0;
  int mine = flag != 0, any = 0;
  MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return any;
}

size_t sim_mpi_max(size_t v) {
  if (!mpi_on) return v;
  unsigned long long mine = v, max = 0;
  MPI_Allreduce(&mine, &max, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
  return (size_t)max;
}

/* MPI counts are ints: large buffers go in pieces. */
#define PIECE ((size_t)1 << 26)

void sim_mpi_bcast_doubles(double *p, size_t n, int root) {
  if (!mpi_on) return;
  for (size_t at = 0; at < n; at += PIECE) {
    size_t k = n - at < PIECE ? n - at : PIECE;
    MPI_Bcast(p + at, (int)k, MPI_DOUBLE, root, MPI_COMM_WORLD);
  }
}

void sim_mpi_share_rows(double *a, size_t n, size_t width) {
  if (!mpi_on) return;
  int size = sim_mpi_size();
  for (int r = 0; r < size; r++) {
    size_t first = n * (size_t)r / (size_t)size, last = n * (size_t)(r + 1) / (size_t)size;
    sim_mpi_bcast_doubles(a + first * width, (last - first) * width, r);
  }
}

/* Longest message passed between ranks (a message is one line; a longer one is cut). */
#define MSG_MAX 4096

void sim_mpi_errs_to_root(sim_errs *e) {
  if (!mpi_on) return;
  int rank = sim_mpi_rank(), size = sim_mpi_size();
  int mine = e->count > 0 ? rank : size, first = size;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == size || first == 0) return;
  if (rank == first) {
    unsigned long long n = e->count;
    MPI_Send(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, 10, MPI_COMM_WORLD);
    for (size_t i = 0; i < e->count; i++) {
      size_t len = strlen(e->msg[i]);
      MPI_Send(e->msg[i], (int)(len < MSG_MAX - 1 ? len : MSG_MAX - 1), MPI_CHAR, 0, 11, MPI_COMM_WORLD);
    }
  } else if (rank == 0) {
    unsigned long long n = 0;
    MPI_Recv(&n, 1, MPI_UNSIGNED_LONG_LONG, first, 10, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    sim_errs_destroy(e);
    sim_errs_init(e);
    for (unsigned long long i = 0; i < n; i++) {
      char text[MSG_MAX];
      MPI_Status ms;
      int len = 0;
      MPI_Recv(text, MSG_MAX - 1, MPI_CHAR, first, 11, MPI_COMM_WORLD, &ms);
      MPI_Get_count(&ms, MPI_CHAR, &len);
      text[len >= 0 && len < MSG_MAX ? len : 0] = '\0';
      sim_errs_add_raw(e, text);
    }
  }
}

sim_status sim_mpi_gather_replicas(const sim_model *m, uint32_t reps, int keep_rows, const double *mine_rows,
                                   const double *mine_head, const double *mine_extras, sim_run_result *all,
                                   double **rows_out, sim_errs *e) {
  int rank = sim_mpi_rank(), size = sim_mpi_size();
  double *rows = NULL, *head = NULL, *extra = NULL;
  memset(all, 0, sizeof *all);
  *rows_out = NULL;
  /* Every rank adds every replication in order: the running statistics are those of one process.
   * One replication travels at a time (from the rank that ran it to all). */
  size_t steps = (size_t)(m->steps - m->first_reported), ow = m->out_width, hw = m->headline_width, xw = m->extra_width;
  if (keep_rows) {
    rows = malloc(((size_t)reps * steps * ow + 1) * sizeof *rows);
  } else {
    rows = malloc((steps * ow + 1) * sizeof *rows);
  }
  head = malloc((hw + 1) * sizeof *head);
  extra = malloc((xw + 1) * sizeof *extra);
  int ok = rows && head && extra && sim_result_begin(all, reps, (int)steps, ow, hw) == SIM_OK &&
           sim_result_begin_extra(all, xw) == SIM_OK;
  if (!ok) sim_errs_add(e, NULL, 0, NULL, "out of memory for the combined replications of %u", reps);
  sim_status st = sim_mpi_agree(ok ? SIM_OK : SIM_ENOMEM);
  for (int r = 0; r < size && st == SIM_OK; r++) {
    uint32_t f, n;
    sim_shard_slice(reps, r + 1, size, &f, &n);
    for (uint32_t k = 0; k < n; k++) {
      double *dst = keep_rows ? rows + (size_t)(f + k) * steps * ow : rows;
      if (rank == r) {
        memcpy(dst, mine_rows + (size_t)k * steps * ow, steps * ow * sizeof *dst);
        memcpy(head, mine_head + (size_t)k * hw, hw * sizeof *head);
        memcpy(extra, mine_extras + (size_t)k * xw, xw * sizeof *extra);
      }
      sim_mpi_bcast_doubles(dst, steps * ow, r);
      sim_mpi_bcast_doubles(head, hw, r);
      sim_mpi_bcast_doubles(extra, xw, r);
      sim_result_add_replication(all, dst, head);
      if (xw) sim_result_add_extra(all, extra);
    }
  }
  free(head);
  free(extra);
  if (st != SIM_OK) {
    free(rows);
    sim_run_result_free(all);
    return st;
  }
  if (keep_rows)
    *rows_out = rows;
  else
    free(rows);
  return SIM_OK;
}

void sim_mpi_slice(size_t n, size_t *first, size_t *count) {
  size_t r = (size_t)sim_mpi_rank(), size = (size_t)sim_mpi_size();
  *first = n * r / size;
  *count = n * (r + 1) / size - *first;
}
