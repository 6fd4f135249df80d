/* SPDX-License-Identifier: GPL-3.0-or-later */
/* commands.h: the tzsim commands, and what they share (loading, running and writing a scenario).
 * Layer 5: the only files besides main.c that include both sim/ and models/. */
#ifndef SIM_COMMANDS_H
#define SIM_COMMANDS_H
#include <signal.h>
#include <stdint.h>

#include "models/scenario.h"
#include "models/tzcld.h"
#include "app/cli.h"
#include "plots/i18n.h"
#include "sim/engine.h"
#include "sim/outdir.h"
#include "sim/output.h"
#include "sim/runner.h"

int sim_cmd_run(const sim_cli *c, int argc, char **argv);
int sim_cmd_check(const sim_cli *c);
int sim_cmd_params(void);
int sim_cmd_compare(const sim_cli *c, int argc, char **argv);
int sim_cmd_merge(const sim_cli *c, int argc, char **argv);
int sim_cmd_bench(const sim_cli *c);
int sim_cmd_plot(const sim_cli *c);
int sim_cmd_sweep(const sim_cli *c, int argc, char **argv);     /* cmd_sweep.c */
int sim_cmd_calibrate(const sim_cli *c, int argc, char **argv); /* cmd_calibrate.c */

/* ---- figures (cmd_plot.c) ---- */

#define SIM_EXIT_PLOT 6 /* plotting failed (gnuplot missing or failing); the results are untouched */
/* Draw the figures and report of the finished result folder dir (run --plot, compare --plot):
 * 0, or the exit code after printing one line on stderr. */
int sim_plot_result(const char *dir, int quiet, const char *lang); /* lang: --lang, NULL for the environment's */

/* ---- shared by the commands (cmd_common.c) ---- */

extern volatile sig_atomic_t sim_stop_requested;
/* Route SIGINT and SIGTERM to sim_stop_requested; ignore SIGXFSZ so a file-size limit is a write error. */
void sim_install_signals(void);

int sim_exit_code(sim_status st);
/* Print every message of e on stderr, free e, and return the exit code of st. */
int sim_report(sim_errs *e, sim_status st);

/* The output folder: -o as given, else results/<prefix><name as a safe file name><suffix>. */
void sim_output_folder(const sim_cli *c, const char *prefix, const char *name, const char *suffix, char *out, size_t n);

/* Load a scenario file, or the built-in pilots when path is NULL, with overrides. */
sim_status sim_load_scenario(const char *path, const char *const *sets, int nsets, mdl_scenario *s, sim_errs *e);
const char *sim_scenario_label(const char *path);
/* Refuse a scenario that would not fit in the memory available, before allocating it. */
sim_status sim_check_memory(const mdl_scenario *s, const char *file, sim_errs *e);

/* A scenario's world and its run: allocate, run `replications` replications, and optionally extend
 * until the precision target is met (sim/runner.h: sim_precision, sim_run_hooks). */

/* One file of a result folder: open `name` in `dir`, fill it with `body` (an expression of the
 * open FILE *f_ giving a sim_status), close it. On failure the caller's `st` is set and control
 * goes to its `done` label; a file that failed to write or close is never committed. */
#define SIM_WRITE_FILE(dir, name, e, body)                                                                             \
  do {                                                                                                                 \
    FILE *f_ = sim_outdir_open(dir, name, e);                                                                          \
    if (!f_) {                                                                                                         \
      st = SIM_EIO;                                                                                                    \
      goto done;                                                                                                       \
    }                                                                                                                  \
    sim_status w_ = body;                                                                                              \
    sim_status c_ = sim_outdir_close(dir, f_, name, e);                                                                \
    if ((st = w_ != SIM_OK ? w_ : c_) != SIM_OK) goto done;                                                            \
  } while (0)

typedef struct {
  mdl_world *world;
  sim_model model;
  sim_layout layout;
  sim_run_result result;
  double wall;
  int threads;
  double shards_wall; /* merge: the sum of the shards' own wall times, when every shard.json gives it */
  int has_shards_wall;
  uint32_t first; /* first replication run (0 unless a slice) */
  double *rows;   /* with sim_run_slice: every reported row of every replication run, in order */
  double *extras; /* with sim_run_slice: every replication's extra vector (model.extra_width), in order */
} sim_scenario_run;

/* Parse "FIGURE=REL" against the model's figures; fills p (block = initial replications). */
sim_status sim_precision_parse(const char *text, sim_precision *p, sim_errs *e);
sim_status sim_run_scenario(const mdl_scenario *s, int threads, int quiet, sim_precision *p, const sim_run_hooks *hooks,
                            sim_scenario_run *run, sim_errs *e);
/* Run replications first .. first+count-1 only, keeping their rows (for shards and MPI ranks). */
sim_status sim_run_slice(const mdl_scenario *s, int threads, int quiet, uint32_t first, uint32_t count,
                         sim_scenario_run *run, sim_errs *e);
void sim_scenario_run_free(sim_scenario_run *run);
/* The resolved scenario text with `replications` recorded (malloc'd), and its FNV-1a hash. */
char *sim_resolved_text(const mdl_scenario *s, uint32_t replications, size_t *len, uint64_t *hash);
/* Statistics of every figure ([group][figure]); the caller frees. */
sim_stats_ci *sim_summary_of(const sim_scenario_run *run);

/* ---- the terminal tables (cmd_common.c): at most 100 columns ---- */

#define SIM_N_HEADLINE 14
/* The figures the terminal shows, in order (every figure is in the files). */
extern const int sim_headline_figures[SIM_N_HEADLINE];
/* A value for people in language l (plots/i18n.h): money in € with thousands separators (M€ from a
 * million), counts as integers, other quantities with one decimal, ratios with three. */
void sim_tty_number(plt_lang l, char *buf, size_t n, double v, const char *unit);
/* Columns a UTF-8 text takes. */
int sim_tty_width(const char *s);
/* One line "  LABEL  VALUE  [LO, HI]" ("—" without an interval) on stdout. */
void sim_tty_row(plt_lang l, const char *label, int label_width, const sim_stats_ci *c, const char *unit);
/* The line saying what the intervals are, or that there is none with one replication. */
void sim_tty_interval_note(plt_lang l, uint32_t replications);
/* run's result table: the scenario's calendar, seed and replications, then the headline figures. */
void sim_print_headline(plt_lang l, const mdl_scenario *s, const sim_scenario_run *run, const char *outdir);

/* Write a scenario's result files (scenario.cfg, monthly.csv, summary.json, summary.csv, run.json)
 * into the open output folder `dir`, under `prefix` ("" or "scenarios/NAME/"). */
sim_status sim_write_result(sim_outdir *dir, const char *prefix, const mdl_scenario *s, const sim_scenario_run *run,
                            const sim_precision *p, const char *scenario_file, int argc, char **argv, sim_errs *e);

#endif
