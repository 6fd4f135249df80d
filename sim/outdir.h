/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outdir.h: result folders written atomically, and the removal of what killed runs left. It knows
 * files and folders only, not the engine: plots/ uses it too. */
#ifndef SIM_OUTDIR_H
#define SIM_OUTDIR_H
#include <stdio.h>

#include "sim/errs.h"

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
/* --csv fr: from now on every committed result folder also has NAME.fr.csv beside each NAME.csv
 * (sim_csv_write_fr: ';' separators, decimal commas, UTF-8 with a byte-order mark); the RFC 4180
 * files are unchanged. Written before the rename, so they are part of the whole result. */
void sim_outdir_set_csv_french(int on);
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

#endif
