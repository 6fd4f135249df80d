/* mpi_run.c: the TZCLD driver across MPI ranks: a scenario's replications split over the ranks and
 * gathered (the generic collectives are in sim/mpi_coll.c), and the run command under mpirun. */
#include "app/mpi_run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/shard.h"

#ifdef TZSIM_MPI

sim_status sim_mpi_run_scenario(const mdl_scenario *s, int threads, int quiet, int keep_rows, sim_scenario_run *run,
                                sim_errs *e) {
  uint32_t reps = (uint32_t)s->replications;
  if (sim_mpi_size() == 1)
    return keep_rows ? sim_run_slice(s, threads, quiet, 0, reps, run, e)
                     : sim_run_scenario(s, threads, quiet, NULL, NULL, run, e);
  int rank = sim_mpi_rank(), size = sim_mpi_size();
  uint32_t first, count;
  sim_shard_slice(reps, rank + 1, size, &first, &count);
  sim_status mine = sim_run_slice(s, threads, quiet || rank != 0, first, count, run, e);
  sim_status st = sim_mpi_agree(mine);
  double *rows = NULL;
  sim_run_result all;
  memset(&all, 0, sizeof all);
  if (st == SIM_OK)
    st = sim_mpi_gather_replicas(&run->model, reps, keep_rows, run->rows, run->result.headline, run->extras, &all, &rows, e);
  if (st != SIM_OK) {
    if (mine == SIM_OK) sim_scenario_run_free(run);
    sim_mpi_errs_to_root(e);
    return st;
  }
  sim_run_result_free(&run->result);
  run->result = all;
  free(run->rows);
  run->rows = rows;
  free(run->extras); /* the rank's own; the combined statistics are in run->result */
  run->extras = NULL;
  run->first = 0;
  return SIM_OK;
}

int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv) {
  if (sim_mpi_size() == 1) return sim_cmd_run(c, argc, argv);
  int rank = sim_mpi_rank(), size = sim_mpi_size();
  sim_errs e;
  sim_errs_init(&e);
  const char *path = c->npos ? c->pos[0] : NULL;
  mdl_scenario s;
  memset(&s, 0, sizeof s);
  sim_status st = SIM_OK;
  if (c->dry_run) {
    /* The plan of this very launch, printed once: each rank's share of the replications. */
    sim_cli plan = *c;
    if (!plan.ranks) plan.ranks = size;
    int rc = rank == 0 ? sim_cmd_run(&plan, argc, argv) : 0;
    return (int)sim_mpi_worst((sim_status)rc);
  }
  const char *unsupported = c->precision ? "--precision" : c->shards ? "--shard" : c->checkpoint_at ? "--checkpoint-at"
                            : c->from ? "--from" : c->checkpoint_every ? "--checkpoint-every" : c->resume ? "--resume" : NULL;
  if (unsupported) {
    sim_errs_add(&e, "command line", 0, unsupported, "not available under mpirun with several ranks (expected a plain run)");
    st = SIM_EPARAM;
  }
  if (st == SIM_OK) st = sim_load_scenario(path, c->sets, c->nsets, &s, &e);
  char outdir[4096];
  sim_output_folder(c, "", st == SIM_OK ? s.name : "run", "", outdir, sizeof outdir);
  if (st == SIM_OK && rank == 0) st = sim_outdir_check(outdir, c->force, &e);
  if (st == SIM_OK) st = sim_check_memory(&s, sim_scenario_label(path), &e);
  st = sim_mpi_agree_errs(st, &e);
  sim_scenario_run run;
  memset(&run, 0, sizeof run);
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  if (st != SIM_OK) goto done;
  sim_install_signals();
  if ((st = sim_mpi_run_scenario(&s, c->threads, c->quiet, 0, &run, &e)) != SIM_OK) goto done;
  if (rank == 0) {
    st = sim_outdir_begin(&dir, outdir, c->force, &e);
    if (st == SIM_OK) st = sim_write_result(&dir, "", &s, &run, NULL, sim_scenario_label(path), argc, argv, &e);
    if (st == SIM_OK) st = sim_outdir_commit(&dir, &e);
    if (st == SIM_OK && !c->quiet) {
      printf("%s: %u replication(s) on %d MPI ranks x %d thread(s), %.1f s -> %s\n", SIM_TTY(s.name), run.result.replications,
             size, run.threads, run.wall, outdir);
      sim_print_headline(&s, &run, outdir); /* the table a serial run prints */
    }
  }
  st = sim_mpi_agree(st);
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  sim_scenario_run_free(&run);
  mdl_scenario_free(&s);
  return st != SIM_OK ? sim_report(&e, st) : (sim_errs_destroy(&e), 0);
}

#else /* without MPI: one process */

sim_status sim_mpi_run_scenario(const mdl_scenario *s, int threads, int quiet, int keep_rows, sim_scenario_run *run,
                                sim_errs *e) {
  return keep_rows ? sim_run_slice(s, threads, quiet, 0, (uint32_t)s->replications, run, e)
                   : sim_run_scenario(s, threads, quiet, NULL, NULL, run, e);
}
int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv) { return sim_cmd_run(c, argc, argv); }

#endif
