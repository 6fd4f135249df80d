/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_shard.c: libFuzzer target over the reading, checking and combining of shard folders
 * (sim_shard_merge in sim/shard.c, what `tzsim merge` runs before it writes anything).
 *
 * The input is one or two shard folders, as sections: each section is a 4-byte little-endian length
 * and that many bytes (fewer if the input ends first), in the order s1/shard.json, s1/rows.bin,
 * s1/headline.bin, s1/extra.bin, then the same for s2. A file whose section is absent is absent;
 * s2 exists only if the input reaches its first section. The files are written into a temporary
 * folder and merged against a fixed scenario (one territory, one month, two replications): the
 * expectations are those app/cmd_merge.c builds from a shard's scenario.cfg.
 *
 * Properties, checked by abort(): a merge either succeeds with exactly the scenario's replications
 * or refuses with at least one message, each one line. Memory errors, leaks and undefined behaviour
 * are the sanitizers' to catch. The seeds (shard/corpus/) are real shards of that scenario made by
 * `tzsim run --shard` and serialised by make-shard-corpus.sh. replay.c runs this target over
 * files with any compiler (the CTest test "fuzz_shard_replay"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/report.h"
#include "models/scenario.h"
#include "models/tzcld.h"
#include "sim/shard.h"
#include "version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scenario of the seed shards: tzsim run tests/fuzz/scenario/corpus/seed-valid-minimal.cfg -r 2
 * --set months=1 --shard K/2. */
static const char scenario_text[] =
    "name = \"valid\";\nstart = \"2017-01\";\nmonths = 1;\nreplications = 2;\n"
    "territories = (\n  { name = \"A\";\n    population = 1000;\n    ppde_start = 50;\n"
    "    unemployed_start = 60;\n    program_start = \"2017-01\"; }\n);\n";

static const char *const files[] = {"shard.json", "rows.bin", "headline.bin", "extra.bin"};

typedef struct {
  int ready;
  char root[256], dir[2][300];
  mdl_scenario s;
  mdl_world *world;
  sim_layout layout;
  int bound[MDL_M_COUNT];
  sim_shard_expect x;
} fixture;

_Noreturn static void fail(const char *what) {
  fprintf(stderr, "fuzz_shard: %s\n", what);
  abort();
}

/* The same expectations as app/cmd_merge.c (count_bounds and the sim_shard_expect it fills). */
static void set_up(fixture *f) {
  sim_errs e;
  sim_errs_init(&e);
  if (mdl_scenario_load(NULL, scenario_text, "fuzz", NULL, 0, &f->s, &e) != SIM_OK) fail("the fixed scenario does not load");
  if (mdl_world_alloc_layout(&f->world, &f->s, &e) != SIM_OK) fail("no layout for the fixed scenario");
  sim_errs_destroy(&e);
  f->layout = mdl_world_layout(f->world);
  sim_model m = mdl_world_model(f->world);
  for (int k = 0; k < MDL_M_COUNT; k++) f->bound[k] = SIM_SHARD_ANY;
  for (int k = MDL_M_POPULATION; k <= MDL_M_GROWTH_ENTRANTS; k++) f->bound[k] = MDL_M_POPULATION;
  f->bound[MDL_M_POPULATION] = SIM_SHARD_POPULATION;
  f->bound[MDL_M_EBE_FTE] = f->bound[MDL_M_CAPACITY_FTE] = SIM_SHARD_ANY;
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem || mdl_scenario_write(mem, &f->s) != 0 || fclose(mem) != 0) fail("cannot resolve the fixed scenario");
  sim_shard_expect x = {TZSIM_VERSION, sim_fnv1a(SIM_FNV1A_INIT, text, len), (long long)f->s.seed,
                        (uint32_t)f->s.replications, m.steps - m.first_reported, m.out_width, m.headline_width,
                        m.extra_width, &f->layout, f->bound, f->s.scale, mdl_world_agents(&f->s) * f->s.scale};
  free(text);
  f->x = x;
  const char *tmp = getenv("TMPDIR");
  snprintf(f->root, sizeof f->root, "%s/fuzz_shard.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->root)) fail("cannot make a temporary folder");
  for (int k = 0; k < 2; k++) snprintf(f->dir[k], sizeof f->dir[k], "%s/s%d", f->root, k + 1);
  f->ready = 1;
}

/* Remove what the previous input wrote. */
static void clear(const fixture *f) {
  char path[400];
  for (int k = 0; k < 2; k++) {
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
      snprintf(path, sizeof path, "%s/%s", f->dir[k], files[i]);
      (void)unlink(path);
    }
    (void)rmdir(f->dir[k]);
  }
}

/* The next section of the input, or 0 at its end. */
static int section(const uint8_t **p, size_t *left, const uint8_t **bytes, size_t *n) {
  if (*left < 4) return 0;
  uint32_t len = (uint32_t)(*p)[0] | (uint32_t)(*p)[1] << 8 | (uint32_t)(*p)[2] << 16 | (uint32_t)(*p)[3] << 24;
  *p += 4;
  *left -= 4;
  *n = len < *left ? len : *left;
  *bytes = *p;
  *p += *n;
  *left -= *n;
  return 1;
}

static fixture f;

/* At exit: the temporary folder goes (a replay in every build must leave nothing behind). */
static void remove_root(void) {
  clear(&f);
  (void)rmdir(f.root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!f.ready) {
    set_up(&f);
    (void)atexit(remove_root);
  }
  clear(&f);
  const uint8_t *p = data, *bytes;
  size_t left = size, n;
  int dirs = 0;
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
      if (!section(&p, &left, &bytes, &n)) goto written;
      if (i == 0) {
        if (mkdir(f.dir[k], 0700) != 0) fail("cannot make a shard folder");
        dirs = k + 1;
      }
      char path[400];
      snprintf(path, sizeof path, "%s/%s", f.dir[k], files[i]);
      FILE *out = fopen(path, "wb");
      if (!out || fwrite(bytes, 1, n, out) != n || fclose(out) != 0) fail("cannot write a shard file");
    }
written:;
  const char *names[2] = {f.dir[0], f.dir[1]};
  sim_errs e;
  sim_errs_init(&e);
  sim_run_result r;
  sim_status st = sim_shard_merge(names, dirs ? dirs : 1, &f.x, &r, &e);
  if (getenv("FUZZ_SHARD_VERBOSE"))
    for (size_t i = 0; i < e.count; i++) fprintf(stderr, "  %s\n", e.msg[i]);
  if (st == SIM_OK && r.replications != f.x.replications) fail("a merge succeeded with other replications than the scenario's");
  if (st != SIM_OK && e.count == 0) fail("a merge was refused without a message");
  for (size_t i = 0; i < e.count; i++)
    if (strchr(e.msg[i], '\n')) fail("a message spans several lines");
  if (st == SIM_OK) sim_run_result_free(&r);
  sim_errs_destroy(&e);
  return 0;
}
