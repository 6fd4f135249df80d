/* main.c: the tzsim command: parses the command line and hands it to one command (sim/cmd_*.c),
 * which wires the TZCLD model (models/) into the engine and the writers (sim/). Only main decides
 * to exit. */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/cli.h"
#include "sim/commands.h"
#include "sim/mpi_run.h"
#include "sim/scenario_path.h"
#include "version.h"

static int dispatch(const sim_cli *c, int argc, char **argv) {
  /* Under mpirun with several ranks, run, compare, sweep and calibrate share their work among the
   * ranks (sim/mpi_run.h); the other commands run on rank 0 alone. Rank 0 speaks for all: the
   * others' output is dropped, and their errors reach rank 0 (sim_mpi_errs_to_root). */
  int shared = c->command == SIM_CMD_RUN || c->command == SIM_CMD_COMPARE || c->command == SIM_CMD_SWEEP ||
               c->command == SIM_CMD_CALIBRATE;
  if (sim_mpi_rank() != 0) {
    if (!shared) return 0;
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) return 1;
  }
  if (sim_mpi_size() > 1 && c->command == SIM_CMD_RUN) return sim_mpi_cmd_run(c, argc, argv);
  switch (c->command) {
  case SIM_CMD_HELP: sim_cli_usage(stdout); return 0;
  case SIM_CMD_VERSION: printf("tzsim %s (git %s)\n", TZSIM_VERSION, TZSIM_GIT_REV); sim_scenario_print_search(stdout); return 0;
  case SIM_CMD_PARAMS: return sim_cmd_params();
  case SIM_CMD_CHECK: return sim_cmd_check(c);
  case SIM_CMD_RUN: return sim_cmd_run(c, argc, argv);
  case SIM_CMD_COMPARE: return sim_cmd_compare(c, argc, argv);
  case SIM_CMD_MERGE: return sim_cmd_merge(c, argc, argv);
  case SIM_CMD_BENCH: return sim_cmd_bench(c);
  case SIM_CMD_PLOT: return sim_cmd_plot(c);
  case SIM_CMD_SWEEP: return sim_cmd_sweep(c, argc, argv);
  case SIM_CMD_CALIBRATE: return sim_cmd_calibrate(c, argc, argv);
  }
  return 1;
}

/* Every command's tables and listings go to stdout, buffered: a full disk or a closed pipe shows only
 * when the buffer is flushed, so the last flush is checked here, for every command at once. */
static int check_stdout(int rc) {
  errno = 0;
  int bad = fflush(stdout) != 0;
  int err = errno;
  if (ferror(stdout)) bad = 1;
  if (!bad) return rc;
  fprintf(stderr, "tzsim: cannot write to standard output: %s (expected a writable output: room on the disk, an open pipe)\n",
          strerror(err ? err : EIO));
  return rc == 0 ? 4 : rc;
}

int main(int argc, char **argv) {
  /* GSL's default handler aborts; every GSL call here checks its own inputs instead. */
  gsl_set_error_handler_off();
  /* Into a file or a pipe, stdout is written once at the end where it can be checked with its
   * reason (check_stdout); a terminal stays line-buffered. */
  /* (glibc ignores the size unless given the buffer.) */
  if (!isatty(STDOUT_FILENO)) {
    static char out_buffer[1 << 20];
    (void)setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer); // NOLINT(cert-err33-c): the default buffer is fine too
  }
  sim_errs e;
  sim_errs_init(&e);
  sim_cli c;
  sim_status st = sim_cli_parse(argc, argv, &c, &e);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_scenario_resolve_args(&c); /* shipped scenarios by name: tzsim run extension-50 */
  sim_errs_destroy(&e);
  sim_mpi_init(&argc, &argv);
  int rc = dispatch(&c, argc, argv);
  sim_mpi_finalize();
  return check_stdout(rc);
}
