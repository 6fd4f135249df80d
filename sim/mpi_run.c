/* mpi_run.c: replications split across MPI ranks; rows gathered to rank 0 and combined in order. */
#include "sim/mpi_run.h"

#include "sim/commands.h"

#ifdef TZSIM_MPI
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/shard.h"

void sim_mpi_init(int *argc, char ***argv) { MPI_Init(argc, argv); }
void sim_mpi_finalize(void) { MPI_Finalize(); }
int sim_mpi_rank(void) {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int sim_mpi_size(void) {
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

/* The worst status of all ranks, known to all (so every rank stops together). */
static sim_status agree(sim_status st) {
  int mine = (int)st, worst = 0;
  MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return (sim_status)worst;
}

int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv) {
  int rank = sim_mpi_rank(), size = sim_mpi_size();
  sim_errs e;
  sim_errs_init(&e);
  const char *path = c->npos ? c->pos[0] : NULL;
  mdl_scenario s;
  memset(&s, 0, sizeof s);
  sim_status st = SIM_OK;
  const char *unsupported = c->precision ? "--precision" : c->shards ? "--shard" : c->dry_run ? "--dry-run"
                            : c->checkpoint_at ? "--checkpoint-at" : c->from ? "--from" : NULL;
  if (unsupported) {
    sim_errs_add(&e, "command line", 0, unsupported, "not available under mpirun with several ranks (expected a plain run)");
    st = SIM_EPARAM;
  }
  if (st == SIM_OK) st = sim_load_scenario(path, c->sets, c->nsets, &s, &e);
  char outdir[4096];
  sim_output_folder(c, "", st == SIM_OK ? s.name : "run", "", outdir, sizeof outdir);
  if (st == SIM_OK && rank == 0) st = sim_outdir_check(outdir, c->force, &e);
  if (st == SIM_OK) st = sim_check_memory(&s, sim_scenario_label(path), &e);
  st = agree(st);
  sim_scenario_run run;
  memset(&run, 0, sizeof run);
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  double *rows = NULL, *head = NULL;
  if (st != SIM_OK) goto done;
  sim_install_signals();
  uint32_t reps = (uint32_t)s.replications, first, count;
  sim_shard_slice(reps, rank + 1, size, &first, &count);
  st = agree(sim_run_slice(&s, c->threads, c->quiet || rank != 0, first, count, &run, &e));
  if (st != SIM_OK) goto done;
  /* Rank 0 combines every replication in order (rank order is replication order), receiving the
   * other ranks' replications one at a time: one replication's rows in memory, and the running
   * statistics of a single process. */
  {
    size_t steps = (size_t)run.result.reported_steps, ow = run.result.out_width, hw = run.result.headline_width;
    sim_run_result all;
    memset(&all, 0, sizeof all);
    if (rank == 0) {
      rows = malloc((steps * ow + 1) * sizeof *rows);
      head = malloc((hw + 1) * sizeof *head);
      st = (rows && head && sim_result_begin(&all, reps, (int)steps, ow, hw) == SIM_OK) ? SIM_OK : SIM_ENOMEM;
    }
    st = agree(st);
    if (st != SIM_OK) goto done;
    for (int r = 0; r < size; r++) {
      uint32_t f, n;
      sim_shard_slice(reps, r + 1, size, &f, &n);
      for (uint32_t k = 0; k < n; k++) {
        const double *my_rows = run.rows + (size_t)k * steps * ow, *my_head = run.result.headline + (size_t)k * hw;
        if (r == 0 && rank == 0) {
          sim_result_add_replication(&all, my_rows, my_head);
        } else if (rank == r) {
          MPI_Send(my_rows, (int)(steps * ow), MPI_DOUBLE, 0, 1, MPI_COMM_WORLD);
          MPI_Send(my_head, (int)hw, MPI_DOUBLE, 0, 2, MPI_COMM_WORLD);
        } else if (rank == 0) {
          MPI_Recv(rows, (int)(steps * ow), MPI_DOUBLE, r, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          MPI_Recv(head, (int)hw, MPI_DOUBLE, r, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          sim_result_add_replication(&all, rows, head);
        }
      }
    }
    if (rank == 0) {
      sim_run_result_free(&run.result);
      run.result = all;
      st = sim_outdir_begin(&dir, outdir, c->force, &e);
      if (st == SIM_OK) st = sim_write_result(&dir, "", &s, &run, NULL, sim_scenario_label(path), argc, argv, &e);
      if (st == SIM_OK) st = sim_outdir_commit(&dir, &e);
      if (st == SIM_OK && !c->quiet)
        printf("%s: %u replication(s) on %d MPI ranks x %d thread(s), %.1f s -> %s\n", s.name, reps, size, run.threads,
               run.wall, outdir);
    }
    st = agree(st);
  }
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  free(rows);
  free(head);
  sim_scenario_run_free(&run);
  mdl_scenario_free(&s);
  if (rank != 0) sim_errs_destroy(&e); /* one copy of each message, from rank 0 */
  return st != SIM_OK ? sim_report(&e, st) : (sim_errs_destroy(&e), 0);
}

#else /* without MPI: one process */

void sim_mpi_init(int *argc, char ***argv) { // NOLINT(readability-non-const-parameter): MPI_Init takes int *
  (void)argc;
  (void)argv;
}
void sim_mpi_finalize(void) {}
int sim_mpi_rank(void) { return 0; }
int sim_mpi_size(void) { return 1; }
int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv) { return sim_cmd_run(c, argc, argv); }

#endif
