/* shard.h: one slice of a run's replications on disk, for SLURM job arrays and `tzsim merge`.
 * A shard folder travels between cluster nodes: everything read from it is untrusted input,
 * checked field by field before use (its checksum detects accidents, not tampering). */
#ifndef SIM_SHARD_H
#define SIM_SHARD_H
#include <stdint.h>
#include <stdio.h>

#include "sim/engine.h"
#include "sim/errs.h"
#include "sim/output.h"

/* The most shards a run may be split into (tzsim run --shard K/N). */
#define SIM_SHARD_MAX 100000
/* shard.json and the other JSON manifests are a few kilobytes; anything larger is not ours. */
#define SIM_JSON_MAX_BYTES (1u << 20)

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
  double wall_time_s;       /* the shard's run, seconds (written; merge sums them; not checked) */
} sim_shard_info;

/* What the scenario of a set of shards implies, to check every shard against before reading its
 * data. metric_bound (layout->n_metrics entries) says which output metrics are counts of persons:
 * SIM_SHARD_ANY for any value; SIM_SHARD_POPULATION for a whole number of `unit` from 0 to
 * max_count; m >= 0 for a whole number of `unit` from 0 to metric m of the same group and arm. */
enum { SIM_SHARD_ANY = -2, SIM_SHARD_POPULATION = -1 };
typedef struct {
  const char *version;      /* of the tzsim reading them */
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
uint64_t sim_fnv1a(uint64_t h, const void *p, size_t n);
#define SIM_FNV1A_INIT 0xcbf29ce484222325ULL

/* Open an untrusted file for reading only if it is a regular file (never blocking on a FIFO, never
 * reading a device such as /dev/zero); *sb (if not NULL) gets its fstat. NULL with errno set
 * (EINVAL: not a regular file). */
struct stat;
FILE *sim_fopen_regular(const char *path, struct stat *sb);

/* A JSON file of untrusted origin, parsed with jansson: refused (NULL, one message, *st set) if it
 * is unreadable, larger than max_bytes, not JSON or not an object. Free with json_decref. */
struct json_t;
struct json_t *sim_json_read(const char *path, size_t max_bytes, sim_errs *e, sim_status *st);
/* Typed members of a JSON object read from path: 1 and *out set; 0 if absent and not required;
 * -1 with one message naming path and key if absent and required, of another type, out of
 * [lo, hi], or (strings) longer than n - 1 bytes or holding a control character. */
int sim_json_int(const struct json_t *obj, const char *path, const char *key, long long lo, long long hi, int required,
                 long long *out, sim_errs *e);
int sim_json_str(const struct json_t *obj, const char *path, const char *key, char *out, size_t n, int required,
                 sim_errs *e);

#endif
