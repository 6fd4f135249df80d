/* output.h: result directories written atomically, and the CSV/JSON writers of a run's results. */
#ifndef SIM_OUTPUT_H
#define SIM_OUTPUT_H
#include <stdint.h>
#include <stdio.h>

#include "sim/engine.h"
#include "sim/errs.h"

/* A headline figure: plain (num = den = -1: statistics of its per-replication values) or a ratio
 * of means of two other figures (mean(num)/mean(den), delta-method interval). */
typedef struct {
  const char *name, *unit, *text;
  int num, den;
} sim_figure;

/* How a model's output row is laid out: out[((group * n_arms) + arm) * n_metrics + metric], and
 * headline[group * n_figures + figure]. The group `total_group` is written as "total". */
typedef struct {
  int n_groups;
  const char *const *group_names;
  int total_group;
  int n_arms;
  const char *const *arm_names;
  int n_metrics;
  const char *const *metric_names;
  int32_t first_month;            /* calendar month index of the first reported step */
  int n_figures;
  const sim_figure *figures;
} sim_layout;

/* ---- atomic result directories ---- */

typedef struct {
  char final[4096];
  char tmp[4096];
  int force;
  int open;
} sim_outdir;

/* Fails early (SIM_EEXIST) if dir exists and force is off, so no time is spent on a run whose
 * result could not be written. */
sim_status sim_outdir_check(const char *dir, int force, sim_errs *e);
/* Create the parent folders and a hidden temporary folder beside dir. */
sim_status sim_outdir_begin(sim_outdir *d, const char *dir, int force, sim_errs *e);
/* Path of a file inside the temporary folder. */
void sim_outdir_path(const sim_outdir *d, const char *name, char *buf, size_t n);
/* Open a file of the result for writing; NULL with a message on failure. */
FILE *sim_outdir_open(sim_outdir *d, const char *name, sim_errs *e);
/* Flush, check and close: a full disk shows up here, not as a silently short file. */
sim_status sim_outdir_close(sim_outdir *d, FILE *f, const char *name, sim_errs *e);
/* Rename the temporary folder to dir: the result appears whole or not at all. With force an
 * existing dir is replaced only once the new one is complete. */
sim_status sim_outdir_commit(sim_outdir *d, sim_errs *e);
/* Remove the temporary folder (after an error or a signal). */
void sim_outdir_abort(sim_outdir *d);
/* mkdir -p of every parent folder of path (not path itself). */
int sim_make_parents(const char *path);
/* Remove a folder and everything in it. */
int sim_remove_tree(const char *path);
/* "HOST-PID" of this process: the tail of the names of its temporary folders and files, so that a
 * later run can tell a leftover of a killed process from one of a run still going (on a shared disk
 * the same PID may be alive on another node). */
void sim_owner_tag(char *buf, size_t n);
/* Remove what killed runs writing dir left beside it: ".NAME.partial-HOST-PID" folders and
 * "NAME.ckpt.tmp-HOST-PID" files whose HOST is this host and whose PID is gone; one notice on
 * stderr each. Returns how many were removed. */
int sim_remove_stale(const char *dir);

/* A safe file name from any text (a territory or scenario name): French accents are
 * transliterated, anything but [A-Za-z0-9._-] becomes '_', no leading dot, never empty. */
void sim_safe_name(const char *text, char *out, size_t n);

/* ---- writers ---- */

/* Length of the valid UTF-8 sequence starting at s (1 to 4), or 0 if it is not valid (strict:
 * sim_utf8_valid_len). */
int sim_utf8_len(const unsigned char *s);

/* A text cell a spreadsheet would run as a formula: it starts with '=', '+', '-', '@', a tab or a
 * carriage return, and is neither a plain negative number such as -12.5 (which stays a number) nor
 * a lone "-" (the unit of a ratio). */
int sim_csv_is_formula(const char *s);
/* Quote a text field for CSV (RFC 4180), neutralising a formula (sim_csv_is_formula) the OWASP way:
 * the cell is quoted and starts with a single quote, "'=1+2". Every text cell of every CSV tzsim
 * writes goes through here; numbers are written as numbers, never altered. And a string for JSON
 * (invalid UTF-8 becomes U+FFFD). */
void sim_csv_field(FILE *f, const char *s);
void sim_json_string(FILE *f, const char *s);
/* A number as JSON (NaN and infinities as null), with 17 significant digits. */
void sim_json_number(FILE *f, double v);

/* monthly.csv: one row per group, month and arm; per metric its mean, and with more than one
 * replication its 95% interval as metric_lo and metric_hi. */
sim_status sim_write_monthly_csv(FILE *f, const sim_layout *l, const sim_run_result *r);
/* The statistics of every headline figure of every group ([group][figure]). */
sim_status sim_summarise(const sim_layout *l, const sim_run_result *r, sim_stats_ci *out);
/* summary.json and summary.csv from those statistics. */
sim_status sim_write_summary_json(FILE *f, const sim_layout *l, const sim_stats_ci *ci, const char *scenario,
                                  uint64_t seed, uint32_t replications);
sim_status sim_write_summary_csv(FILE *f, const sim_layout *l, const sim_stats_ci *ci);

#endif
