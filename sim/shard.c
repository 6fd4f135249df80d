/* shard.c: the manifest of a shard (shard.json), written and read back. */
#include "sim/shard.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void sim_shard_slice(uint32_t replications, int k, int n, uint32_t *first, uint32_t *count) {
  uint64_t lo = (uint64_t)replications * (uint64_t)(k - 1) / (uint64_t)n;
  uint64_t hi = (uint64_t)replications * (uint64_t)k / (uint64_t)n;
  *first = (uint32_t)lo;
  *count = (uint32_t)(hi - lo);
}

uint64_t sim_fnv1a(uint64_t h, const void *p, size_t n) {
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++) {
    h ^= c[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

int sim_shard_write_info(FILE *f, const sim_shard_info *s) {
  fprintf(f,
          "{\n  \"tool\": \"tzsim\",\n  \"kind\": \"shard\",\n  \"version\": \"%s\",\n  \"git_revision\": \"%s\",\n"
          "  \"scenario_fnv1a64\": \"%016llx\",\n  \"seed\": %lld,\n  \"replications\": %u,\n  \"shard\": %d,\n"
          "  \"shards\": %d,\n  \"first\": %u,\n  \"count\": %u,\n  \"steps\": %d,\n  \"out_width\": %llu,\n"
          "  \"headline_width\": %llu,\n  \"extra_width\": %llu,\n  \"data_fnv1a64\": \"%016llx\",\n"
          "  \"format\": \"rows.bin: count x steps x out_width float64, headline.bin: count x headline_width float64, "
          "extra.bin: count x extra_width float64, native byte order\"\n}\n",
          s->version, s->git_revision, (unsigned long long)s->scenario_hash, s->seed, s->replications, s->shard, s->shards,
          s->first, s->count, s->steps, (unsigned long long)s->out_width, (unsigned long long)s->headline_width,
          (unsigned long long)s->extra_width, (unsigned long long)s->data_hash);
  return ferror(f) ? -1 : 0;
}

/* The text after "key": in a JSON object we wrote ourselves (one key per line). */
static const char *field(const char *text, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\": ", key);
  const char *p = strstr(text, pat);
  return p ? p + strlen(pat) : NULL;
}

/* A decimal integer in [lo, hi] at v. strtoll reports overflow, where sscanf's behaviour would be
 * undefined: a value out of range is refused, never wrapped. Returns 1 and sets *out, or 0. */
static int int_at(const char *v, long long lo, long long hi, long long *out) {
  char *end;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (end == v || errno == ERANGE || x < lo || x > hi) return 0;
  *out = x;
  return 1;
}

/* An unsigned decimal number at v, or a quoted hexadecimal one ("%016llx" as written): no sign
 * (strtoull would negate "-1" silently), no overflow. Returns 1 and sets *out, or 0. */
static int uint_at(const char *v, int quoted_hex, unsigned long long *out) {
  const char *p = v;
  if (quoted_hex && *p++ != '"') return 0;
  int digit = (*p >= '0' && *p <= '9') || (quoted_hex && ((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')));
  if (!digit) return 0;
  char *end;
  errno = 0;
  unsigned long long x = strtoull(p, &end, quoted_hex ? 16 : 10);
  if (errno == ERANGE || (quoted_hex && *end != '"')) return 0;
  *out = x;
  return 1;
}

sim_status sim_shard_read_info(const char *dir, sim_shard_info *s, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/shard.json", dir);
  FILE *f = fopen(path, "r");
  if (!f) {
    sim_errs_add(e, path, 0, NULL, "cannot read it (expected the folder of a run made with --shard K/N)");
    return SIM_EIO;
  }
  char text[4096];
  size_t n = fread(text, 1, sizeof text - 1, f);
  (void)fclose(f); /* read only: the text read is checked below */
  text[n] = '\0';
  memset(s, 0, sizeof *s);
  const char *v[12] = {field(text, "version"), field(text, "git_revision"), field(text, "scenario_fnv1a64"),
                       field(text, "seed"), field(text, "replications"), field(text, "shard"), field(text, "shards"),
                       field(text, "first"), field(text, "count"), field(text, "steps"), field(text, "out_width"),
                       field(text, "data_fnv1a64")};
  const char *hw = field(text, "headline_width"), *xw = field(text, "extra_width");
  unsigned long long hash = 0, data = 0, ow = 0, hwv = 0, xwv = 0;
  long long seed = 0, reps = 0, shard = 0, shards = 0, first = 0, count = 0, steps = 0;
  int ok = strstr(text, "\"kind\": \"shard\"") != NULL && hw;
  for (int i = 0; i < 12 && ok; i++) ok = v[i] != NULL;
  ok = ok && sscanf(v[0], "\"%63[^\"]\"", s->version) == 1 && sscanf(v[1], "\"%63[^\"]\"", s->git_revision) == 1 &&
       uint_at(v[2], 1, &hash) && int_at(v[3], LLONG_MIN, LLONG_MAX, &seed) && int_at(v[4], 0, UINT32_MAX, &reps) &&
       int_at(v[5], INT_MIN, INT_MAX, &shard) && int_at(v[6], INT_MIN, INT_MAX, &shards) &&
       int_at(v[7], 0, UINT32_MAX, &first) && int_at(v[8], 0, UINT32_MAX, &count) &&
       int_at(v[9], INT_MIN, INT_MAX, &steps) && uint_at(v[10], 0, &ow) && uint_at(v[11], 1, &data) &&
       uint_at(hw, 0, &hwv) && (!xw || uint_at(xw, 0, &xwv));
  if (!ok) {
    sim_errs_add(e, path, 0, NULL, "not a tzsim shard manifest (expected the shard.json that tzsim run --shard writes)");
    return SIM_EPARAM;
  }
  s->seed = seed;
  s->replications = (uint32_t)reps;
  s->shard = (int)shard;
  s->shards = (int)shards;
  s->first = (uint32_t)first;
  s->count = (uint32_t)count;
  s->steps = (int)steps;
  s->scenario_hash = hash;
  s->data_hash = data;
  s->out_width = ow;
  s->headline_width = hwv;
  s->extra_width = xwv; /* a manifest without it has no extra vectors */
  return SIM_OK;
}
