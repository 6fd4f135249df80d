/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_merge.c: tzsim merge: combine the shards of a run into exactly the output a single run writes.
 * The shard folders come from other nodes: sim_shard_merge checks every manifest field and every
 * count against the scenario before using it (sim/shard.c). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/report.h"
#include "app/commands.h"
#include "sim/shard.h"
#include "version.h"

/* Which monthly metrics are counts of persons, and what bounds each: the population bounds its
 * stocks and monthly flows (every person is counted once per month in each); FTE, euros, ages and
 * means are not counts. */
static void count_bounds(int *bound) {
  for (int m = 0; m < MDL_M_COUNT; m++) bound[m] = SIM_SHARD_ANY;
  for (int m = MDL_M_POPULATION; m <= MDL_M_GROWTH_ENTRANTS; m++) bound[m] = MDL_M_POPULATION;
  bound[MDL_M_POPULATION] = SIM_SHARD_POPULATION;
  bound[MDL_M_EBE_FTE] = bound[MDL_M_CAPACITY_FTE] = SIM_SHARD_ANY;
}

/* The sum of the shards' own wall times, from their shard.json (already checked by the merge):
 * 1 and *sum, or 0 when a shard does not give it (written by an older tzsim). */
static int shards_wall(const sim_cli *c, double *sum) {
  *sum = 0;
  for (int i = 0; i < c->npos; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/shard.json", c->pos[i]);
    sim_errs quiet;
    sim_errs_init(&quiet);
    sim_status st;
    json_t *root = sim_json_read(path, SIM_JSON_MAX_BYTES, &quiet, &st);
    sim_errs_destroy(&quiet);
    const json_t *w = root ? json_object_get(root, "wall_time_s") : NULL;
    double v = json_is_number(w) ? json_number_value(w) : -1;
    json_decref(root);
    if (!(v >= 0 && v < 1e9)) return 0; /* absent, or not a duration */
    *sum += v;
  }
  return 1;
}

int sim_cmd_merge(const sim_cli *c, int argc, char **argv) {
  double t0 = sim_now();
  sim_errs e;
  sim_errs_init(&e);
  if (!c->outdir) {
    sim_errs_add(&e, "command line", 0, "merge", "no output folder (expected -o DIR)");
    return sim_report(&e, SIM_EPARAM);
  }
  /* An existing output folder is refused before any shard is read. */
  sim_status st = sim_outdir_check(c->outdir, c->force, &e);
  if (st != SIM_OK) return sim_report(&e, st);
  /* The first folder must be a shard before its scenario is read (every manifest is read again,
   * and checked, with the others). */
  sim_shard_info first;
  if (sim_shard_read_info(c->pos[0], &first, &e) != SIM_OK) return sim_report(&e, SIM_EPARAM);
  /* The scenario from the first shard; its resolved text must be what every manifest's hash says. */
  char cfg[4200];
  snprintf(cfg, sizeof cfg, "%s/scenario.cfg", c->pos[0]);
  FILE *regular = sim_fopen_regular(cfg, NULL); /* not a FIFO to wait on, nor a device */
  if (!regular) {
    sim_errs_add(&e, cfg, 0, NULL, "cannot read it: %s (expected the scenario.cfg of a shard folder)",
                 errno == EINVAL ? "not a regular file" : strerror(errno));
    return sim_report(&e, SIM_EPARAM);
  }
  (void)fclose(regular);
  mdl_scenario s;
  if ((st = mdl_scenario_load(cfg, NULL, NULL, NULL, 0, &s, &e)) != SIM_OK) {
    if (st == SIM_EIO) st = SIM_EPARAM; /* a shard folder without its scenario is a bad shard */
    return sim_report(&e, st);
  }
  sim_scenario_run run;
  memset(&run, 0, sizeof run);
  sim_outdir dir;
  memset(&dir, 0, sizeof dir);
  size_t len;
  uint64_t hash = 0;
  char *resolved = sim_resolved_text(&s, (uint32_t)s.replications, &len, &hash);
  if (!resolved) {
    st = SIM_ENOMEM;
    sim_errs_add(&e, cfg, 0, NULL, "out of memory while reading it");
    goto done;
  }
  free(resolved);
  if ((st = mdl_world_alloc_layout(&run.world, &s, &e)) != SIM_OK) goto done;
  run.layout = mdl_world_layout(run.world);
  sim_model m = mdl_world_model(run.world);
  int bound[MDL_M_COUNT];
  count_bounds(bound);
  sim_shard_expect x = {TZSIM_VERSION,
                        hash,
                        (long long)s.seed,
                        (uint32_t)s.replications,
                        m.steps - m.first_reported,
                        m.out_width,
                        m.headline_width,
                        m.extra_width,
                        &run.layout,
                        run.layout.n_metrics == MDL_M_COUNT ? bound : NULL,
                        s.scale,
                        mdl_world_agents(&s) * s.scale};
  if ((st = sim_shard_merge((const char *const *)c->pos, c->npos, &x, &run.result, &e)) != SIM_OK) goto done;
  /* run.json records the merge itself (one thread, its wall time) and what the shards took. */
  run.threads = 1;
  run.has_shards_wall = shards_wall(c, &run.shards_wall);
  run.wall = sim_now() - t0;
  if ((st = sim_outdir_begin(&dir, c->outdir, c->force, &e)) != SIM_OK) goto done;
  if ((st = sim_write_result(&dir, "", &s, &run, NULL, cfg, argc, argv, &e)) != SIM_OK) goto done;
  if ((st = sim_outdir_commit(&dir, &e)) != SIM_OK) goto done;
  plt_lang lang = plt_lang_choose(c->lang);
  printf(plt_tr(lang, "merged %d shards of \"%s\" (%u replications) -> %s\n",
                "%d tranches de \"%s\" fusionnées (%u réplications) -> %s\n"),
         c->npos, SIM_TTY(s.name), run.result.replications, c->outdir);
  sim_print_headline(lang, &s, &run, c->outdir); /* the table a single run prints */
done:
  if (st != SIM_OK) sim_outdir_abort(&dir);
  sim_scenario_run_free(&run);
  mdl_scenario_free(&s);
  if (st != SIM_OK) return sim_report(&e, st);
  sim_errs_destroy(&e);
  return c->plot ? sim_plot_result(c->outdir, c->quiet, c->lang)
                 : 0; /* the result is committed: plotting cannot harm it */
}
