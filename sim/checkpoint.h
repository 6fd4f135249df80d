/* checkpoint.h: a run's full state at a date, in a versioned, checksummed file, to continue from. */
#ifndef SIM_CHECKPOINT_H
#define SIM_CHECKPOINT_H
#include <stdint.h>
#include <stdio.h>

#include "sim/errs.h"
#include "sim/stats.h"

/* Layout (native byte order): the magic line "TZSIM-CHECKPOINT 1\n", this header, the model state of
 * each replication in order (written by the model), the monthly statistics of the reported steps
 * before the date (all replications), and a trailer: the FNV-1a 64 of every byte before it. */
typedef struct {
  char version[32], git_revision[32];
  uint64_t prefix_hash;      /* what determines the state at the date (the scenario's "prefix") */
  int64_t seed;
  uint32_t replications;
  int32_t date;              /* calendar month index the state is at (before its month runs) */
  int32_t step;              /* engine step of that month (burn-in included) */
  int32_t reported_before;   /* reported steps before the date */
  uint64_t out_width;
} sim_ckpt_header;

#define SIM_CKPT_MAGIC "TZSIM-CHECKPOINT 1\n"

sim_status sim_ckpt_begin(FILE *f, const sim_ckpt_header *h);
/* Append the statistics of the steps before the date and the checksum; f must be open "w+b". */
sim_status sim_ckpt_finish(FILE *f, const sim_stats_acc *acc, size_t cells);
/* Open and verify a checkpoint: the checksum, then the header; *acc receives the statistics
 * (malloc'd, h->reported_before x out_width); *out is left at the first replication's state. */
sim_status sim_ckpt_open(const char *path, sim_ckpt_header *h, sim_stats_acc **acc, FILE **out, sim_errs *e);

#endif
