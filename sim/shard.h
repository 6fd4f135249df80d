/* shard.h: one slice of a run's replications on disk, for SLURM job arrays and `tzsim merge`. */
#ifndef SIM_SHARD_H
#define SIM_SHARD_H
#include <stdint.h>
#include <stdio.h>

#include "sim/errs.h"

/* What identifies a shard and what it holds. */
typedef struct {
  char version[64], git_revision[64];
  uint64_t scenario_hash;   /* FNV-1a of the resolved scenario (with the total replications) */
  long long seed;
  uint32_t replications;    /* of the whole run */
  int shard, shards;        /* K of N */
  uint32_t first, count;    /* the replications it holds */
  int steps;
  uint64_t out_width, headline_width;
  uint64_t extra_width;     /* doubles of the model's extra vector per replication (0: none) */
  uint64_t data_hash;       /* FNV-1a of rows.bin, then headline.bin, then extra.bin */
} sim_shard_info;

/* The replications of slice k (1-based) of n: [floor((k-1) R / n), floor(k R / n)). */
void sim_shard_slice(uint32_t replications, int k, int n, uint32_t *first, uint32_t *count);
int sim_shard_write_info(FILE *f, const sim_shard_info *s);
/* Read DIR/shard.json; SIM_EIO or SIM_EPARAM with a message naming the file. */
sim_status sim_shard_read_info(const char *dir, sim_shard_info *s, sim_errs *e);
uint64_t sim_fnv1a(uint64_t h, const void *p, size_t n);
#define SIM_FNV1A_INIT 0xcbf29ce484222325ULL

#endif
