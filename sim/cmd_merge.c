/* cmd_merge.c: tzsim merge: combine the shards of a run into exactly the output a single run writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/commands.h"
#include "sim/shard.h"
#include "version.h"

/* Open a data file of a shard and check its size. */
static FILE *open_data(const char *dir, const char *name, size_t bytes, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    sim_errs_add(e, path, 0, NULL, "cannot read it (expected a complete shard folder)");
    return NULL;
  }
  if (fseek(f, 0, SEEK_END) != 0 || ftell(f) != (long)bytes || fseek(f, 0, SEEK_SET) != 0) {
    sim_errs_add(e, path, 0, NULL, "has the wrong size (expected %zu bytes as shard.json says)", bytes);
    (void)fclose(f);
    return NULL;
  }
  return f;
}

static int by_first(const void *a, const void *b) {
  const sim_shard_info *x = a, *y = b;
  return x->first < y->first ? -1 : x->first > y->first;
}

int sim_cmd_merge(const sim_cli *c, int argc, char **argv) {
  sim_errs e;
  sim_errs_init(&e);
  if (!c->outdir) {
    sim_errs_add(&e, "command line", 0, "merge", "no output folder (expected -o DIR)");
    return sim_report(&e, SIM_EPARAM);
  }
  int n = c->npos;
  sim_shard_info *info = calloc((size_t)n, sizeof *info);
  if (!info) return sim_report(&e, SIM_ENOMEM);
  sim_status st = SIM_OK;
  for (int i = 0; i < n; i++)
    if (sim_shard_read_info(c->pos[i], &info[i], &e) != SIM_OK) st = SIM_EPARAM;
  /* Every shard must come from the same run: same scenario, seed, version; together they must
   * hold each replication exactly once. */
  for (int i = 1; i < n && st == SIM_OK; i++) {
    const sim_shard_info *a = &info[0], *b = &info[i];
    const char *what = NULL;
    if (a->scenario_hash != b->scenario_hash) what = "another scenario";
    else if (a->seed != b->seed) what = "another seed";
    else if (strcmp(a->version, b->version) != 0 || strcmp(a->git_revision, b->git_revision) != 0) what = "another version of tzsim";
    else if (a->shards != b->shards || a->replications != b->replications) what = "another split of the replications";
    else if (a->out_width != b->out_width || a->headline_width != b->headline_width || a->extra_width != b->extra_width ||
             a->steps != b->steps)
      what = "another shape of output";
    if (what) {
      sim_errs_add(&e, c->pos[i], 0, NULL, "is a shard of %s than %s (expected shards of one run)", what, c->pos[0]);
      st = SIM_EPARAM;
    }
  }
  if (st == SIM_OK) {
    int shards = info[0].shards;
    int *seen = calloc((size_t)shards + 1, sizeof *seen);
    for (int i = 0; i < n; i++) {
      if (seen[info[i].shard]) {
        sim_errs_add(&e, c->pos[i], 0, NULL, "is shard %d/%d again (expected each shard once; also in %s)", info[i].shard, shards,
                     c->pos[seen[info[i].shard] - 1]);
        st = SIM_EPARAM;
      }
      seen[info[i].shard] = i + 1;
    }
    for (int k = 1; k <= shards && st == SIM_OK; k++)
      if (!seen[k]) {
        sim_errs_add(&e, "merge", 0, NULL, "shard %d/%d is missing (expected all %d shards of the run)", k, shards, shards);
        st = SIM_EPARAM;
      }
    free(seen);
  }
  if (st == SIM_OK && strcmp(info[0].version, TZSIM_VERSION) != 0) {
    sim_errs_add(&e, c->pos[0], 0, NULL, "was made by tzsim %s (expected shards of this version, %s)", info[0].version, TZSIM_VERSION);
    st = SIM_EPARAM;
  }
  if (st != SIM_OK) {
    free(info);
    return sim_report(&e, st);
  }

  /* The scenario from the first shard, and every shard's data in replication order. */
  char cfg[4200];
  snprintf(cfg, sizeof cfg, "%s/scenario.cfg", c->pos[0]);
  mdl_scenario s;
  if ((st = mdl_scenario_load(cfg, NULL, NULL, NULL, 0, &s, &e)) != SIM_OK) {
    free(info);
    return sim_report(&e, st);
  }
  uint32_t reps = info[0].replications;
  int steps = info[0].steps;
  size_t ow = (size_t)info[0].out_width, hw = (size_t)info[0].headline_width, xw = (size_t)info[0].extra_width;
  /* The shards in replication order, each read one replication at a time: the same running
   * statistics as a single run, with one replication's rows in memory. */
  sim_shard_info *sorted = malloc((size_t)n * sizeof *sorted);
  double *rows = malloc(((size_t)steps * ow + 1) * sizeof *rows);
  sim_scenario_run run;
  memset(&run, 0, sizeof run);
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  double *extra = malloc((xw + 1) * sizeof *extra);
  if (!sorted || !rows || !extra || sim_result_begin(&run.result, reps, steps, ow, hw) != SIM_OK ||
      sim_result_begin_extra(&run.result, xw) != SIM_OK) {
    st = SIM_ENOMEM;
    goto done;
  }
  for (int i = 0; i < n; i++) {
    sorted[i] = info[i];
    sorted[i].shard = i; /* where it came from, to name its folder */
  }
  qsort(sorted, (size_t)n, sizeof *sorted, by_first);
  for (int i = 0; i < n; i++) {
    const sim_shard_info *x = &sorted[i];
    const char *folder = c->pos[x->shard];
    size_t rep_rows = (size_t)steps * ow * sizeof *rows, rep_head = hw * sizeof(double), rep_extra = xw * sizeof(double);
    FILE *fr = open_data(folder, "rows.bin", (size_t)x->count * rep_rows, &e);
    FILE *fh = fr ? open_data(folder, "headline.bin", (size_t)x->count * rep_head, &e) : NULL;
    FILE *fx = fh && xw ? open_data(folder, "extra.bin", (size_t)x->count * rep_extra, &e) : NULL;
    if (!fr || !fh || (xw && !fx)) {
      if (fr) (void)fclose(fr);
      if (fh) (void)fclose(fh);
      st = SIM_EPARAM;
      goto done;
    }
    uint64_t h_rows = SIM_FNV1A_INIT, h_head;
    double *heads = malloc(((size_t)x->count + 1) * rep_head);
    int ok = heads && fread(heads, 1, (size_t)x->count * rep_head, fh) == (size_t)x->count * rep_head;
    for (uint32_t k = 0; k < x->count && ok; k++) {
      ok = fread(rows, 1, rep_rows, fr) == rep_rows;
      if (!ok) break;
      h_rows = sim_fnv1a(h_rows, rows, rep_rows);
      sim_result_add_replication(&run.result, rows, heads + (size_t)k * hw);
    }
    h_head = sim_fnv1a(h_rows, heads ? (const void *)heads : (const void *)"", ok ? (size_t)x->count * rep_head : 0);
    /* The extra vectors, one replication at a time, after the rows and headline figures. */
    for (uint32_t k = 0; k < x->count && ok && xw; k++) {
      ok = fread(extra, 1, rep_extra, fx) == rep_extra;
      if (!ok) break;
      h_head = sim_fnv1a(h_head, extra, rep_extra);
      sim_result_add_extra(&run.result, extra);
    }
    free(heads);
    (void)fclose(fr);
    (void)fclose(fh);
    if (fx) (void)fclose(fx);
    if (!ok || h_head != x->data_hash) {
      sim_errs_add(&e, folder, 0, NULL, "its data does not match its checksum (expected an intact shard: rerun it)");
      st = SIM_EPARAM;
      goto done;
    }
  }
  if ((st = mdl_world_alloc_layout(&run.world, &s, &e)) != SIM_OK) goto done;
  run.layout = mdl_world_layout(run.world);
  if (run.layout.n_groups * 2 * run.layout.n_metrics != (int)ow || mdl_world_model(run.world).extra_width != xw) {
    sim_errs_add(&e, cfg, 0, NULL, "does not match the shards' rows (expected the scenario the shards were run with)");
    st = SIM_EPARAM;
    goto done;
  }
  run.threads = 0;
  if ((st = sim_outdir_begin(&dir, c->outdir, c->force, &e)) != SIM_OK) goto done;
  if ((st = sim_write_result(&dir, "", &s, &run, NULL, cfg, argc, argv, &e)) != SIM_OK) goto done;
  if ((st = sim_outdir_commit(&dir, &e)) != SIM_OK) goto done;
  printf("merged %d shards of \"%s\" (%u replications) -> %s\n", n, s.name, reps, c->outdir);
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  free(rows);
  free(extra);
  free(sorted);
  free(info);
  sim_scenario_run_free(&run);
  mdl_scenario_free(&s);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  return 0;
}
