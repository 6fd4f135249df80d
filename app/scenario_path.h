/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario_path.h: shipped scenarios found by name (tzsim run extension-50), from any folder.
 * A bare name (no '/') that is not an existing file is looked up, as NAME.cfg, in TZSIM_SCENARIOS,
 * then in the installed share folder (beside the binary, then the configured prefix), then, when
 * the binary runs from its build tree, in the source tree's scenarios/. Paths are never touched. */
#ifndef SIM_SCENARIO_PATH_H
#define SIM_SCENARIO_PATH_H
#include <stddef.h>
#include <stdio.h>

#include "app/cli.h"
#include "sim/errs.h"

/* The file a bare name stands for, into out: 1 if found, 0 if arg is a path, an existing file or
 * matches nothing (then out is untouched). */
int sim_scenario_find(const char *arg, char *out, size_t n);
/* Replace the scenario arguments of c (run, check, compare, sweep, calibrate) that are shipped
 * scenario names by their file; the others stay as given. Never fails. */
void sim_scenario_resolve_args(sim_cli *c);
/* 1, with one message in e, if path is a bare name of no file (one sim_scenario_find did not
 * resolve): the message lists where it was looked for. 0 otherwise. */
int sim_scenario_unfound(const char *path, sim_errs *e);
/* One line: where bare scenario names are looked for, in order (tzsim --version). */
void sim_scenario_print_search(FILE *f);

#endif
