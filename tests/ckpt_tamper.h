/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ckpt_tamper.h: test helper that edits one field of a real checkpoint (tzsim run --checkpoint-at)
 * and recomputes its FNV-1a trailer, as an attacker could: the file then passes the checksum and
 * only the field checks stand between it and the run. The layout is the one models/tzcld.c
 * (state_io, mdl_coh_io) and sim/checkpoint.c write, for a scenario without population growth. */
#ifndef TEST_CKPT_TAMPER_H
#define TEST_CKPT_TAMPER_H
#include <stddef.h>
#include <stdint.h>

#include "models/scenario.h"

/* Per-agent arrays of a replication's state (arm-specific ones take an arm). */
typedef enum { CKT_AGE, CKT_EMP, CKT_FTE, CKT_VOL, CKT_HIRED, CKT_VOL_FIRST, CKT_STATUS, CKT_REGIME, CKT_SPELL, CKT_COST } ckt_field;

typedef struct {
  unsigned char *buf; /* the whole file, trailer included */
  size_t len;
  int K;
  size_t n;           /* agent slots */
  size_t first[64], count[64];
  uint32_t reps;
  size_t rep_at[16];  /* offset of each replication's state */
  size_t coh_at[16];  /* offset of each replication's cohort records (the int "failed") */
  size_t stats_at;    /* offset of the monthly statistics */
  int due;            /* the scheduled engine's wake words follow the queues */
} ckt_file;

/* Read a checkpoint written for scenario s; 0 on success. */
int ckt_load(ckt_file *f, const char *path, const mdl_scenario *s);
void ckt_free(ckt_file *f);
/* Recompute the trailer over buf[0, len - 8) and write the file; 0 on success. */
int ckt_save(ckt_file *f, const char *path);

/* Offsets of fields, for editing buf in place. */
size_t ckt_header(const char *field);                         /* "replications", "date", ... */
size_t ckt_agent(const ckt_file *f, uint32_t rep, ckt_field what, int arm, size_t slot);
size_t ckt_queue(const ckt_file *f, uint32_t rep, int k);     /* head (uint64), then len, slot[cap], stamp[cap] */
size_t ckt_queue_cap(const ckt_file *f, int k);
size_t ckt_due(const ckt_file *f, uint32_t rep, size_t slot); /* uint16 wake word (scheduled engine) */
size_t ckt_acc(const ckt_file *f, uint32_t rep, int group);   /* terr_acc: int64 hires_cum, int emptied, int exhausted, double sums[] */
size_t ckt_ebe(const ckt_file *f, uint32_t rep, int k);       /* mdl_ebe_set: int n, ... */
size_t ckt_hire_allowance(const ckt_file *f, uint32_t rep, int k);
size_t ckt_cap_runmax(const ckt_file *f, uint32_t rep, int k);
size_t ckt_coh_count(const ckt_file *f, uint32_t rep, int k, int closed); /* uint64 record count of a list */

/* Typed access at an offset. */
uint64_t ckt_get(const ckt_file *f, size_t at, size_t bytes);
void ckt_put(ckt_file *f, size_t at, size_t bytes, uint64_t v);
void ckt_put_double(ckt_file *f, size_t at, double v);

#endif
