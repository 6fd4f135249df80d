/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shard.h: one slice of a run's replications on disk, for SLURM job arrays and `tzsim merge`.
 * A shard folder travels between cluster nodes: everything read from it is untrusted input,
 * checked field by field before use (its checksum detects accidents, not tampering). */
#ifndef SIM_SHARD_H
#define SIM_SHARD_H
#include <stdint.h>
#include <stdio.h>

#include "sim/engine.h"
#include "sim/errs.h"
#include "sim/hash.h"
#include "sim/json.h"
#include "sim/output.h"
#include "sim/textio.h"

/* The most shards a run may be split into (tzsim run --shard K/N). */
#define SIM_SHARD_MAX 100000

/* What identifies a shard and what it holds. */
typedef struct {
  char version[64], git_revision[64];
  uint64_t scenario_hash; /* FNV-1a of the resolved scenario (with the total replications) */
  long long seed;
  uint32_t replications; /* of the whole run */
  int shard, shards;     /* K of N */
  uint32_t first, count; /* the replications it holds */
  int steps;
  uint64_t out_width, headline_width;
  uint64_t extra_width; /* doubles of the model's extra vector per replication (0: none) */
  uint64_t data_hash;   /* FNV-1a of rows.bin, then headline.bin, then extra.bin */
  double wall_time_s;   /* the shard's run, seconds (written; merge sums them; not checked) */
} sim_shard_info;

/* What the scenario of a set of shards implies, to check every shard against before reading its
 * data. metric_bound (layout->n_metrics entries) says which output metrics are counts of persons:
 * SIM_SHARD_ANY for any value; SIM_SHARD_POPULATION for a whole number of `unit` from 0 to
 * max_count; m >= 0 for a whole number of `unit` from 0 to metric m of the same group and arm. */
enum { SIM_SHARD_ANY = -2, SIM_SHARD_POPULATION = -1 };
typedef struct {
  const char *version; /* of the tzsim reading them */
  uint64_t scenario_hash;
  long long seed;
  uint32_t replications;
  int steps;
  uint64_t out_width, headline_width, extra_width;
  const sim_layout *layout; /* names the columns of rows.bin in messages */
  const int *metric_bound;
  double unit, max_count;
} sim_shard_expect;

/* The replications of slice k (1-based) of n: [floor((k-1) R / n), floor(k R / n)). */
void sim_shard_slice(uint32_t replications, int k, int n, uint32_t *first, uint32_t *count);
int sim_shard_write_info(FILE *f, const sim_shard_info *s);
/* Read DIR/shard.json with every field typed and in range; SIM_EIO or SIM_EPARAM with one message
 * per problem, each naming the file and the field. */
sim_status sim_shard_read_info(const char *dir, sim_shard_info *s, sim_errs *e);
/* Check a set of shard manifests against each other and against the scenario: same run, each
 * shard's slice, every shard exactly once. */
sim_status sim_shard_check_set(const char *const *dirs, const sim_shard_info *info, int n, const sim_shard_expect *x,
                               sim_errs *e);
/* Read, check and combine the shards in dirs into r (sim_result_begin/_extra done here), in
 * replication order: r is exactly the result of the single run. On failure r is freed. */
sim_status sim_shard_merge(const char *const *dirs, int n, const sim_shard_expect *x, sim_run_result *r, sim_errs *e);
#endif
