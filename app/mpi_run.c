/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mpi_run.c: the TZCLD driver across MPI ranks: a scenario's replications split over the ranks and
 * gathered (the generic collectives are in sim/mpi_coll.c), and the run command under mpirun. */
#include "app/mpi_run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/shard.h"
#include "sim/threads.h"

#ifdef TZSIM_MPI

/* ---- a run whose ranks keep one replication at a time (run, compare) ---- */

/* Where the engine puts the replication a rank is computing: its rows and its extra vector. */
typedef struct {
  double *rows, *extra;
} one_rep;

static void one_row(void *arg, uint32_t rep, int step, const double *row, size_t width) {
  (void)rep;
  memcpy(((one_rep *)arg)->rows + (size_t)step * width, row, width * sizeof *row);
}

static void one_extra(void *arg, uint32_t rep, const double *extra, size_t width) {
  (void)rep;
  memcpy(((one_rep *)arg)->extra, extra, width * sizeof *extra);
}

/* Replication k of round q runs on rank k mod size (k = q size + rank): in each round every rank
 * computes one replication, then the round's replications travel in replication order, from the
 * rank that ran each to all, and every rank adds them to the combined statistics. A rank thus holds
 * one replication's rows of its own and one received, whatever the replications: the memory is
 * bounded, and the figures are those of one process (the same replications, added in the same
 * order). */
static sim_status run_interleaved(const mdl_scenario *s, int threads, int quiet, sim_scenario_run *run, sim_errs *e) {
  int rank = sim_mpi_rank(), size = sim_mpi_size();
  uint32_t reps = (uint32_t)s->replications, rounds = (reps + (uint32_t)size - 1) / (uint32_t)size;
  /* The world once, with no replication yet: each of this rank's is added by sim_engine_extend. */
  sim_status mine = sim_run_slice(s, threads, quiet || rank != 0, 0, 0, run, e);
  sim_status st = sim_mpi_agree(mine);
  size_t steps = st == SIM_OK ? (size_t)(run->model.steps - run->model.first_reported) : 0, ow = run->model.out_width,
         hw = run->model.headline_width, xw = run->model.extra_width;
  double *own = NULL, *got = NULL, *own_x = NULL, *got_x = NULL, *head = NULL;
  sim_run_result all;
  memset(&all, 0, sizeof all);
  if (st == SIM_OK) {
    own = malloc((steps * ow + 1) * sizeof *own);
    got = malloc((steps * ow + 1) * sizeof *got);
    own_x = malloc((xw + 1) * sizeof *own_x);
    got_x = malloc((xw + 1) * sizeof *got_x);
    head = malloc((hw + 1) * sizeof *head);
    int ok = own && got && own_x && got_x && head && sim_result_begin(&all, reps, (int)steps, ow, hw) == SIM_OK &&
             sim_result_begin_extra(&all, xw) == SIM_OK;
    if (!ok) sim_errs_add(e, NULL, 0, NULL, "out of memory for the combined replications of %u", reps);
    st = sim_mpi_agree(ok ? SIM_OK : SIM_ENOMEM);
  }
  one_rep sink = {own, own_x};
  double t0 = sim_now();
  int armed = st == SIM_OK; /* the exit guard of a parallel run (sim/threads.h), as sim_run_slice arms it */
  int show = !quiet && rank == 0 && isatty(2), shown = 0;
  if (armed) sim_threads_guard_arm(run->threads);
  for (uint32_t q = 0; q < rounds && st == SIM_OK; q++) {
    uint32_t k = q * (uint32_t)size + (uint32_t)rank;
    sim_status done = SIM_OK;
    if (k < reps) {
      sim_run_opts o = {.first_replication = k,
                        .replications = 1,
                        .threads = run->threads,
                        .stop = &sim_stop_requested,
                        .on_row = one_row,
                        .row_arg = &sink,
                        .on_extra = one_extra,
                        .extra_arg = &sink};
      done = sim_engine_extend(&run->model, &o, &run->result, e);
    }
    if ((st = sim_mpi_agree(done)) != SIM_OK) break;
    for (int r = 0; r < size && q * (uint32_t)size + (uint32_t)r < reps; r++) {
      double *rows = r == rank ? own : got, *extra = r == rank ? own_x : got_x;
      if (r == rank)
        memcpy(head, run->result.headline + (size_t)(run->result.replications - 1) * hw, hw * sizeof *head);
      sim_mpi_bcast_doubles(rows, steps * ow, r);
      sim_mpi_bcast_doubles(head, hw, r);
      sim_mpi_bcast_doubles(extra, xw, r);
      sim_result_add_replication(&all, rows, head);
      if (xw) sim_result_add_extra(&all, extra);
    }
    if (show && sim_now() - t0 >= 1.0) { /* rank 0's progress line on a terminal, once a round */
      fprintf(stderr, "\r  replication %u/%u on %d ranks, %.1f s ", all.replications, reps, size, sim_now() - t0);
      (void)fflush(stderr);
      shown = 1;
    }
  }
  if (shown) fputc('\n', stderr);
  if (armed) sim_threads_guard_disarm();
  run->wall += sim_now() - t0;
  free(own);
  free(got);
  free(own_x);
  free(got_x);
  free(head);
  if (st != SIM_OK) {
    sim_run_result_free(&all);
    if (mine == SIM_OK) sim_scenario_run_free(run);
    if (st == SIM_EINTR && e->count == 0)
      sim_errs_add(e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written", (int)sim_stop_requested);
    sim_mpi_errs_to_root(e);
    return st;
  }
  sim_run_result_free(&run->result); /* this rank's own; the combined statistics replace them */
  run->result = all;
  free(run->rows);
  free(run->extras);
  run->rows = run->extras = NULL;
  run->first = 0;
  return SIM_OK;
}

sim_status sim_mpi_run_scenario(const mdl_scenario *s, int threads, int quiet, int keep_rows, sim_scenario_run *run,
                                sim_errs *e) {
  uint32_t reps = (uint32_t)s->replications;
  if (sim_mpi_size() == 1)
    return keep_rows ? sim_run_slice(s, threads, quiet, 0, reps, run, e)
                     : sim_run_scenario(s, threads, quiet, NULL, NULL, run, e);
  if (!keep_rows) return run_interleaved(s, threads, quiet, run, e);
  /* Every row kept (calibrate's trajectories): contiguous slices, shared with every rank. */
  int rank = sim_mpi_rank(), size = sim_mpi_size();
  uint32_t first, count;
  sim_shard_slice(reps, rank + 1, size, &first, &count);
  sim_status mine = sim_run_slice(s, threads, quiet || rank != 0, first, count, run, e);
  sim_status st = sim_mpi_agree(mine);
  double *rows = NULL;
  sim_run_result all;
  memset(&all, 0, sizeof all);
  if (st == SIM_OK)
    st = sim_mpi_gather_replicas(&run->model, reps, keep_rows, run->rows, run->result.headline, run->extras, &all,
                                 &rows, e);
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
  const char *unsupported = c->precision          ? "--precision"
                            : c->shards           ? "--shard"
                            : c->checkpoint_at    ? "--checkpoint-at"
                            : c->from             ? "--from"
                            : c->checkpoint_every ? "--checkpoint-every"
                            : c->resume           ? "--resume"
                                                  : NULL;
  if (unsupported) {
    sim_errs_add(&e, "command line", 0, unsupported,
                 "not available under mpirun with several ranks (expected a plain run)");
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
    if (st == SIM_OK) { /* --quiet silences the progress only, as in a serial run */
      printf("%s: %u replication(s) on %d MPI ranks x %d thread(s), %.1f s -> %s\n", SIM_TTY(s.name),
             run.result.replications, size, run.threads, run.wall, outdir);
      sim_print_headline(plt_lang_choose(c->lang), &s, &run, outdir); /* the table a serial run prints */
    }
  }
  st = sim_mpi_agree(st);
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  sim_scenario_run_free(&run);
  mdl_scenario_free(&s);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  /* The result is committed: rank 0 draws it, as a serial run --plot does. */
  return c->plot && rank == 0 ? sim_plot_result(outdir, c->quiet, c->lang) : 0;
}

#else /* without MPI: one process */

sim_status sim_mpi_run_scenario(const mdl_scenario *s, int threads, int quiet, int keep_rows, sim_scenario_run *run,
                                sim_errs *e) {
  return keep_rows ? sim_run_slice(s, threads, quiet, 0, (uint32_t)s->replications, run, e)
                   : sim_run_scenario(s, threads, quiet, NULL, NULL, run, e);
}
int sim_mpi_cmd_run(const sim_cli *c, int argc, char **argv) { return sim_cmd_run(c, argc, argv); }

#endif
