/* main.c: the tzsim command: parses the command line and hands it to one command (sim/cmd_*.c),
 * which wires the TZCLD model (models/) into the engine and the writers (sim/). Only main decides
 * to exit. */
#include <gsl/gsl_errno.h>
#include <stdio.h>

#include "sim/cli.h"
#include "sim/commands.h"
#include "version.h"

int main(int argc, char **argv) {
  /* GSL's default handler aborts; every GSL call here checks its own inputs instead. */
  gsl_set_error_handler_off();
  sim_errs e;
  sim_errs_init(&e);
  sim_cli c;
  sim_status st = sim_cli_parse(argc, argv, &c, &e);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  switch (c.command) {
  case SIM_CMD_HELP: sim_cli_usage(stdout); return 0;
  case SIM_CMD_VERSION: printf("tzsim %s (git %s)\n", TZSIM_VERSION, TZSIM_GIT_REV); return 0;
  case SIM_CMD_PARAMS: return sim_cmd_params();
  case SIM_CMD_CHECK: return sim_cmd_check(&c);
  case SIM_CMD_RUN: return sim_cmd_run(&c, argc, argv);
  case SIM_CMD_COMPARE: return sim_cmd_compare(&c, argc, argv);
  }
  return 1;
}
