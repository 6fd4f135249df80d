/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checkpoint.h: a run's full state at a date, in a versioned, checksummed file, to continue from. */
#ifndef SIM_CHECKPOINT_H
#define SIM_CHECKPOINT_H
#include <stdint.h>
#include <stdio.h>

#include "sim/engine.h"
#include "sim/errs.h"
#include "sim/stats.h"

/* Layout (native byte order): the magic line "TZSIM-CHECKPOINT 2\n", this header, the scenario's
 * prefix text (prefix_len bytes: "key=value" lines, what prefix_hash is the FNV-1a of, so that a
 * refusal can name the first key that differs), the model state of each replication in order
 * (written by the model), the monthly statistics of the reported steps
 * before the date (all replications), and a trailer: the FNV-1a 64 of every byte before it.
 * The trailer detects accidents (a truncated copy, a flipped bit), not tampering: anyone can
 * recompute it, so every field is checked against the scenario and its bounds before use. */
typedef struct {
  char version[32], git_revision[32];
  uint64_t prefix_hash; /* what determines the state at the date (the scenario's "prefix") */
  int64_t seed;
  uint32_t replications;
  int32_t date;            /* calendar month index the state is at (before its month runs) */
  int32_t step;            /* engine step of that month (burn-in included) */
  int32_t reported_before; /* reported steps before the date */
  uint64_t out_width;
  uint64_t prefix_len; /* bytes of the prefix text after the header */
} sim_ckpt_header;

#define SIM_CKPT_MAGIC "TZSIM-CHECKPOINT 2\n"
/* Offset of the header, and of the prefix text. */
#define SIM_CKPT_HEADER_AT ((long)(sizeof SIM_CKPT_MAGIC - 1))
#define SIM_CKPT_PREFIX_AT (SIM_CKPT_HEADER_AT + (long)sizeof(sim_ckpt_header))
/* Offset of the first replication's state (prefix_len checked by sim_ckpt_open). */
static inline long sim_ckpt_states_at(const sim_ckpt_header *h) { return SIM_CKPT_PREFIX_AT + (long)h->prefix_len; }

/* The magic line, the header (h->prefix_len = len) and the prefix text. */
sim_status sim_ckpt_begin(FILE *f, const sim_ckpt_header *h, const char *prefix, size_t len);
/* Append the statistics of the steps before the date and the checksum; f must be open "w+b". */
sim_status sim_ckpt_finish(FILE *f, const sim_stats_acc *acc, size_t cells);
/* Open a checkpoint and check its magic line and checksum; *h receives the header (not yet
 * checked: see sim_ckpt_check_header), *size the file's bytes, *prefix its prefix text (malloc'd,
 * NUL-terminated, within the file); *out is left at the first state. */
sim_status sim_ckpt_open(const char *path, sim_ckpt_header *h, long *size, char **prefix, FILE **out, sim_errs *e);
/* The same on an open stream (path names it in messages); the stream stays open on failure. */
sim_status sim_ckpt_open_stream(FILE *f, const char *path, sim_ckpt_header *h, long *size, char **prefix, sim_errs *e);

/* What the scenario being continued expects of a header. */
typedef struct {
  const char *version, *git_revision;
  uint64_t prefix_hash; /* of the scenario at the header's date */
  const char *prefix;   /* its text (NUL-terminated): a refusal names the first key that differs */
  int64_t seed;
  uint32_t replications;
  int32_t start, months, burn_in; /* first reported month, reported months, burn-in months */
  uint64_t out_width;
} sim_ckpt_expect;

/* Every header field against the scenario: one message naming the first field that differs (for
 * the prefix, the first key of the checkpoint's prefix text that differs from x->prefix). */
sim_status sim_ckpt_check_header(const char *path, const sim_ckpt_header *h, const char *prefix,
                                 const sim_ckpt_expect *x, sim_errs *e);
/* With f just after the last replication's state: check that the statistics fill the rest of the
 * file exactly (size), then read them (malloc'd, reported_before x out_width) and check that each
 * cell is finite with n = replications. The header must have passed sim_ckpt_check_header. */
sim_status sim_ckpt_read_stats(FILE *f, const char *path, const sim_ckpt_header *h, long size, sim_stats_acc **acc,
                               sim_errs *e);

/* --checkpoint-every: a restart point of a run in progress, in DIR.ckpt beside the output folder.
 * Layout (native byte order): the magic line, this header, the monthly statistics (all reported
 * steps: replications before rep, and rep's steps before step), the headline figures of the
 * replications before rep, the extra statistics, the model state of replication rep before its
 * engine step `step`, and the FNV-1a 64 trailer of every byte before it. Continuing from it adds
 * the same values in the same order as a run straight through, so the bytes are the same. */
typedef struct {
  char version[32], git_revision[32];
  uint64_t scenario_hash; /* FNV-1a of the resolved scenario text: any change refuses it */
  int64_t seed;
  uint32_t replications; /* of the whole run */
  uint32_t rep;          /* the replication in progress (= replications completed) */
  int32_t step;          /* its engine step, burn-in included */
  int32_t reported_steps;
  uint64_t out_width, headline_width, extra_width;
} sim_restart_header;

#define SIM_RESTART_MAGIC "TZSIM-RESTART 1\n"

/* Write path atomically (a temporary file beside it, flushed to disk, then renamed over it). */
sim_status sim_restart_write(const char *path, const sim_restart_header *h, const sim_run_result *r,
                             sim_status (*save)(void *ctx, void *file), void *ctx);
/* Open a restart file and check its magic, checksum and header against x (every field but rep and
 * step, which are checked against its bounds); fill r (allocated for x->replications) with its
 * statistics; *f is left at the model state of replication *rep, *size is the file's bytes. */
sim_status sim_restart_open(const char *path, const sim_restart_header *x, int first_reported, sim_run_result *r,
                            uint32_t *rep, int *step, FILE **out, long *size, sim_errs *e);
/* The same on an open stream (path names it in messages); it stays open either way. */
sim_status sim_restart_open_stream(FILE *f, const char *path, const sim_restart_header *x, int first_reported,
                                   sim_run_result *r, uint32_t *rep, int *step, long *size, sim_errs *e);

#endif
