/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the tzsim command: parses the command line and hands it to one command (app/cmd_*.c),
 * which wires the TZCLD model (models/) into the engine and the writers (sim/). Only main decides
 * to exit. */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "models/params.h"
#include "models/template.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/mpi_run.h"
#include "app/scenario_path.h"
#include "version.h"

/* tzsim params KEY or PATTERN, and tzsim params in a terminal: readable entries of the registry
 * (the Markdown of docs/params.md goes to files and pipes). An unknown key is exit 2 with the
 * nearest key. */
static int params_readable(const char *pattern) {
  const sim_param_table *tables[] = {&mdl_scenario_params, &mdl_territory_params, &mdl_template_params};
  int n = 0;
  for (int i = 0; i < 3; i++) n += sim_params_print_matching(stdout, tables[i], pattern, n);
  if (n > 0) return ferror(stdout) ? 4 : 0;
  /* The suggestion: a key the text begins ("money.avoided_cost_min" for ..._min_eur), or ends after
   * a group ("cde_rate" for calendar.cde_rate), else the nearest by edit distance. */
  const char *best = NULL;
  for (int i = 0; i < 3 && !best && *pattern && !strpbrk(pattern, "*?["); i++)
    for (size_t k = 0; k < tables[i]->count && !best; k++) {
      const char *key = tables[i]->params[k].key, *dot = strrchr(key, '.');
      if (!strncmp(key, pattern, strlen(pattern)) || (dot && !strcmp(dot + 1, pattern))) best = key;
    }
  size_t dist = 4;
  for (int i = 0; i < 3 && !best; i++) {
    const char *b = sim_params_nearest(tables[i], pattern, &dist);
    if (b) best = b;
  }
  sim_errs e;
  sim_errs_init(&e);
  char clipped[96];
  if (best)
    sim_errs_add(&e, "command line", 0, "params",
                 "no parameter '%s' (expected a key listed by 'tzsim params'; did you mean '%s'?)",
                 sim_errs_clip(pattern, clipped, sizeof clipped), best);
  else
    sim_errs_add(&e, "command line", 0, "params",
                 "no parameter matches '%s' (expected a key listed by 'tzsim params', or a pattern such as 'money.*')",
                 sim_errs_clip(pattern, clipped, sizeof clipped));
  return sim_report(&e, SIM_EPARAM);
}

static int dispatch(const sim_cli *c, int argc, char **argv) {
  /* Under mpirun with several ranks, run, compare, sweep and calibrate share their work among the
   * ranks (app/mpi_run.h); the other commands run on rank 0 alone. Rank 0 speaks for all: the
   * others' output is dropped, and their errors reach rank 0 (sim_mpi_errs_to_root). */
  int shared = c->command == SIM_CMD_RUN || c->command == SIM_CMD_COMPARE || c->command == SIM_CMD_SWEEP ||
               c->command == SIM_CMD_CALIBRATE;
  if (sim_mpi_rank() != 0) {
    if (!shared) return 0;
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) return 1;
  }
  if (c->help) {
    sim_cli_command_usage(stdout, c->name);
    return 0;
  }
  if (sim_mpi_size() > 1 && c->command == SIM_CMD_RUN) return sim_mpi_cmd_run(c, argc, argv);
  switch (c->command) {
  case SIM_CMD_HELP: sim_cli_usage(stdout); return 0;
  case SIM_CMD_VERSION:
    printf("tzsim %s (git %s)\n", TZSIM_VERSION, TZSIM_GIT_REV);
    sim_scenario_print_search(stdout);
    return 0;
  case SIM_CMD_PARAMS:
    return c->npos || isatty(STDOUT_FILENO) ? params_readable(c->npos ? c->pos[0] : "*") : sim_cmd_params();
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
  fprintf(stderr,
          "tzsim: cannot write to standard output: %s (expected a writable output: room on the disk, an open pipe)\n",
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
    (void)setvbuf(stdout, out_buffer, _IOFBF,
                  sizeof out_buffer); // NOLINT(cert-err33-c): the default buffer is fine too
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
