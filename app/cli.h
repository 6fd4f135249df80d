/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h: the command line: parsing and validating every argument before any work starts. */
#ifndef SIM_CLI_H
#define SIM_CLI_H
#include <stdint.h>
#include <stdio.h>

#include "sim/errs.h"

#define SIM_CLI_MAX_SETS 256
#define SIM_CLI_MAX_POS 64
#define SIM_CLI_MAX_VARY 8
#define SIM_CLI_MAX_LIST 16 /* values of --agents and of --months (bench) */

typedef enum {
  SIM_CMD_HELP,
  SIM_CMD_VERSION,
  SIM_CMD_RUN,
  SIM_CMD_CHECK,
  SIM_CMD_PARAMS,
  SIM_CMD_COMPARE,
  SIM_CMD_MERGE,
  SIM_CMD_BENCH,
  SIM_CMD_PLOT,
  SIM_CMD_SWEEP,
  SIM_CMD_CALIBRATE
} sim_command;

typedef struct {
  sim_command command;
  const char *name; /* the command word, for messages */
  int npos;
  const char *pos[SIM_CLI_MAX_POS]; /* positional arguments: scenario files or result folders */
  const char *outdir;               /* -o; NULL: the command's default */
  int threads;                      /* -t; 0: OpenMP's default */
  int force, quiet;
  int help;          /* COMMAND --help or -h: print that command's usage */
  int common_months; /* --common-months (compare): run all up to their last common month */
  int plot;          /* --plot (run, compare): draw the figures once the result is written */
  int nsets;
  const char *sets[SIM_CLI_MAX_SETS]; /* --set KEY=VALUE, then -r and -s as replications=, seed= */
  int nvary;
  const char *vary[SIM_CLI_MAX_VARY]; /* --vary KEY=V1,V2,... (compare) */
  const char *precision;              /* --precision FIGURE=REL */
  long long max_replications;         /* --max-replications N (0: default) */
  int shard, shards;                  /* --shard K/N (run): the K-th of N slices of the replications */
  int dry_run;                        /* --dry-run (run): print the plan and the memory, run nothing */
  const char *checkpoint_at;          /* --checkpoint-at YYYY-MM (run): save the full state at that month */
  const char *from;                   /* --from FILE (run): continue from a checkpoint */
  long long checkpoint_every;         /* --checkpoint-every N[min] (run): 0 = never */
  int checkpoint_minutes;             /* 1: N is wall minutes, 0: simulated months */
  int resume;                         /* --resume (run): continue from DIR.ckpt if present */
  long long ranks;                    /* --ranks R (run --dry-run): MPI ranks to plan for */
  const char *targets;                /* --targets FILE.csv (calibrate): the observed values */
  const char *cutoff;                 /* --cutoff YYYY-MM (calibrate): targets after it are held out */
  int32_t cutoff_month;               /* its month index (sim_cal_parse) */
  int skip_unknown;                   /* --skip-unknown (calibrate): skip targets the scenario cannot produce */
  const char *total_label;            /* --total-label NAME (calibrate): the targets' name of the total group */
  int bench_nagents;                  /* --agents N[,N...] (bench) */
  long long bench_agents[SIM_CLI_MAX_LIST];
  long long bench_months[SIM_CLI_MAX_LIST]; /* --months M[,M...] (bench) */
  int bench_nmonths;
  const char *lang;  /* --lang en|fr (run, compare, merge, plot): report and figures; NULL: LANG */
  char owned[2][64]; /* storage of the -r and -s overrides */
} sim_cli;

/* Parse argv. On error the message (one line) is in e and the return is SIM_EPARAM. */
sim_status sim_cli_parse(int argc, char **argv, sim_cli *c, sim_errs *e);
void sim_cli_usage(FILE *f);
/* The usage of one command (its word), with the options it takes. */
void sim_cli_command_usage(FILE *f, const char *word);

#endif
