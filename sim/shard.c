/* shard.c: the manifest of a shard (shard.json), written and read back. */
#include "sim/shard.h"

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
          "  \"headline_width\": %llu,\n  \"data_fnv1a64\": \"%016llx\",\n"
          "  \"format\": \"rows.bin: count x steps x out_width float64, headline.bin: count x headline_width float64, native byte order\"\n}\n",
          s->version, s->git_revision, (unsigned long long)s->scenario_hash, s->seed, s->replications, s->shard, s->shards,
          s->first, s->count, s->steps, (unsigned long long)s->out_width, (unsigned long long)s->headline_width,
          (unsigned long long)s->data_hash);
  return ferror(f) ? -1 : 0;
}

/* The text after "key": in a JSON object we wrote ourselves (one key per line). */
static const char *field(const char *text, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\": ", key);
  const char *p = strstr(text, pat);
  return p ? p + strlen(pat) : NULL;
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
  fclose(f);
  text[n] = '\0';
  memset(s, 0, sizeof *s);
  const char *v[12] = {field(text, "version"), field(text, "git_revision"), field(text, "scenario_fnv1a64"),
                       field(text, "seed"), field(text, "replications"), field(text, "shard"), field(text, "shards"),
                       field(text, "first"), field(text, "count"), field(text, "steps"), field(text, "out_width"),
                       field(text, "data_fnv1a64")};
  const char *hw = field(text, "headline_width");
  unsigned long long hash = 0, data = 0, ow = 0, hwv = 0;
  int ok = strstr(text, "\"kind\": \"shard\"") != NULL && hw;
  for (int i = 0; i < 12 && ok; i++) ok = v[i] != NULL;
  ok = ok && sscanf(v[0], "\"%63[^\"]\"", s->version) == 1 && sscanf(v[1], "\"%63[^\"]\"", s->git_revision) == 1 &&
       sscanf(v[2], "\"%llx\"", &hash) == 1 && sscanf(v[3], "%lld", &s->seed) == 1 &&
       sscanf(v[4], "%u", &s->replications) == 1 && sscanf(v[5], "%d", &s->shard) == 1 &&
       sscanf(v[6], "%d", &s->shards) == 1 && sscanf(v[7], "%u", &s->first) == 1 && sscanf(v[8], "%u", &s->count) == 1 &&
       sscanf(v[9], "%d", &s->steps) == 1 && sscanf(v[10], "%llu", &ow) == 1 && sscanf(v[11], "\"%llx\"", &data) == 1 &&
       sscanf(hw, "%llu", &hwv) == 1;
  if (!ok) {
    sim_errs_add(e, path, 0, NULL, "not a tzsim shard manifest (expected the shard.json that tzsim run --shard writes)");
    return SIM_EPARAM;
  }
  s->scenario_hash = hash;
  s->data_hash = data;
  s->out_width = ow;
  s->headline_width = hwv;
  return SIM_OK;
}
