/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_util.h: a tiny scenario text for in-process tests, and access to a run's monthly values. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H
#include <stdio.h>
#include <stdlib.h>

#include "models/report.h"
#include "models/scenario.h"
#include "models/tzcld.h"
#include "sim/engine.h"

/* Load scenario text with overrides; fails the test (abort with the messages) if it is invalid. */
static inline void tu_load(const char *text, const char *const *sets, int nsets, mdl_scenario *s) {
  sim_errs e;
  sim_errs_init(&e);
  if (mdl_scenario_load(NULL, text, "test", sets, nsets, s, &e) != SIM_OK) {
    for (size_t i = 0; i < e.count; i++) fprintf(stderr, "%s\n", e.msg[i]);
    abort();
  }
  sim_errs_destroy(&e);
}

/* Load a scenario file with overrides (aborts if invalid). */
static inline void tu_load_file(const char *path, const char *const *sets, int nsets, mdl_scenario *s) {
  sim_errs e;
  sim_errs_init(&e);
  if (mdl_scenario_load(path, NULL, NULL, sets, nsets, s, &e) != SIM_OK) {
    for (size_t i = 0; i < e.count; i++) fprintf(stderr, "%s\n", e.msg[i]);
    abort();
  }
  sim_errs_destroy(&e);
}

/* Run a scenario in-process on `threads` threads; the caller frees r and w. */
static inline mdl_world *tu_run(const mdl_scenario *s, int threads, sim_run_result *r) {
  sim_errs e;
  sim_errs_init(&e);
  mdl_world *w = NULL;
  if (mdl_world_alloc(&w, s, &e) != SIM_OK) abort();
  mdl_world_set_threads(w, threads);
  sim_model m = mdl_world_model(w);
  sim_run_opts o = {.replications = (uint32_t)s->replications, .threads = threads};
  if (sim_engine_run(&m, &o, r, &e) != SIM_OK) abort();
  sim_errs_destroy(&e);
  return w;
}

/* The statistics of one monthly cell: reported step, group (territory, K = total), arm, metric. */
static inline const sim_stats_acc *tu_cell(const sim_run_result *r, int step, int group, int arm, int metric) {
  return &r->monthly[(size_t)step * r->out_width + ((size_t)group * 2 + (size_t)arm) * MDL_M_COUNT + (size_t)metric];
}
static inline double tu_val(const sim_run_result *r, int step, int group, int arm, int metric) {
  return tu_cell(r, step, group, arm, metric)->mean;
}

/* A small valid scenario: two territories, short horizon. */
static const char tu_small[] =
    "name = \"small\"; start = \"2017-01\"; months = 36; seed = 7;\n"
    "territories = (\n"
    " { name = \"A\"; population = 3000; ppde_start = 300; unemployed_start = 250; program_start = \"2017-01\";\n"
    "   capacity_start = 10.0; capacity_max = 60.0; ramp_months = 12; },\n"
    " { name = \"B é\"; population = 2000; ppde_start = 150; unemployed_start = 200; program_start = \"2017-07\";\n"
    "   capacity_start = 5.0; capacity_max = 30.0; ramp_months = 18; ramp_shape = \"logistic\"; hire_max = 4; }\n"
    ");\n";

#endif
