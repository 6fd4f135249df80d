/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tzcld.h: the TZCLD model as the engine runs it: the world of one scenario, its steps and outputs. */
#ifndef MDL_TZCLD_H
#define MDL_TZCLD_H
#include <stddef.h>
#include <stdio.h>

#include "models/scenario.h"
#include "sim/checkpoint.h"
#include "sim/engine.h"
#include "sim/output.h"

typedef struct mdl_world mdl_world;

/* Allocate the world of a scenario (borrowed; it must outlive the world). */
sim_status mdl_world_alloc(mdl_world **w, const mdl_scenario *s, sim_errs *e);
/* The same world without agents: enough for mdl_world_layout (e.g. to combine shards). */
sim_status mdl_world_alloc_layout(mdl_world **w, const mdl_scenario *s, sim_errs *e);
void mdl_world_free(mdl_world *w);
/* Threads used to draw the initial population (the results do not depend on it). */
void mdl_world_set_threads(mdl_world *w, int threads);

/* The engine's view of the world, and the layout of its outputs. */
sim_model mdl_world_model(mdl_world *w);
sim_layout mdl_world_layout(const mdl_world *w);

/* A fingerprint of what determines a run's state at `date` (month index): a checkpoint taken at
 * that date can be continued by any scenario with the same fingerprint. */
uint64_t mdl_scenario_prefix_hash(const mdl_scenario *s, int32_t date);
/* The text it is the FNV-1a of: "key=value" lines (malloc'd, *len bytes, NUL-terminated; NULL if
 * memory ran out). A checkpoint keeps it so that a refusal names the first key that differs. */
char *mdl_scenario_prefix_text(const mdl_scenario *s, int32_t date, size_t *len);
/* Check every replication's state in a checkpoint whose header passed sim_ckpt_check_header (f at the
 * first state; a scratch world of s is allocated meanwhile), then its statistics (*acc, malloc'd);
 * f is left at the first state again. One message naming the replication, territory, agent and
 * field at fault. */
sim_status mdl_ckpt_verify(const mdl_scenario *s, FILE *f, const char *path, const sim_ckpt_header *h, long size,
                           sim_stats_acc **acc, sim_errs *e);
/* The same in a world of that scenario the caller keeps (its state is overwritten). */
sim_status mdl_ckpt_verify_world(mdl_world *w, FILE *f, const char *path, const sim_ckpt_header *h, long size,
                                 sim_stats_acc **acc, sim_errs *e);

/* cohorts.csv: the beneficiary cohorts of a run (the statistics of the model's extra vectors). */
sim_status mdl_world_write_cohorts(FILE *f, const mdl_world *w, const sim_run_result *r);

/* Memory the world of this scenario needs, in bytes, estimated before allocating anything. */
double mdl_world_bytes(const mdl_scenario *s);
/* Agents (slots, reserve included) of the scenario. */
double mdl_world_agents(const mdl_scenario *s);
/* Doubles the model keeps per replication beside its rows (the cohort table, sim_model.extra_width). */
size_t mdl_world_extra_width(const mdl_scenario *s);

#endif
