/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario_text.h: the one reader of scenario text. It reads each file itself (regular files only,
 * at most SIM_TEXT_MAX_BYTES each and in all), expands @include (named relative to the INCLUDING
 * file's folder, or absolute) with cycles and depth named with their chain of files, and parses the
 * expanded text from memory with libconfig, keeping a map from each line of that text back to its
 * file and line. libconfig's scanner never touches the file system: no @include reaches it. */
#ifndef SIM_SCENARIO_TEXT_H
#define SIM_SCENARIO_TEXT_H
#include <stddef.h>

#include "sim/cfg_literals.h"
#include "sim/errs.h"

#define SIM_TEXT_MAX_BYTES (16u << 20) /* per file and in all: 16 MiB */
#define SIM_TEXT_MAX_INCLUDE_DEPTH 10  /* files open at once below the scenario, as libconfig 1.5 */
#define SIM_TEXT_MAX_NESTING 32        /* groups, lists and arrays inside one another */

typedef struct sim_text sim_text;

/* Read the scenario file at path with its @include directives expanded. Returns SIM_OK with *out
 * set, or SIM_EPARAM (messages in e: not a regular file, too large, bad @include, unclosed comment
 * or string, nesting too deep, NUL byte) or SIM_ENOMEM, with *out NULL. */
sim_status sim_text_read_file(const char *path, sim_text **out, sim_errs *e);

/* The same for text held in memory (the built-in scenario, a --set value, a test): `name` stands
 * for its file in messages; an @include in it is refused (there is no folder to resolve it in). */
sim_status sim_text_from_string(const char *text, const char *name, sim_text **out, sim_errs *e);

/* Parse t with config_read_string into cfg (a config_t the caller initialised). On success cfg
 * owns t (config_destroy frees it) and every setting can be located by sim_text_where. On failure
 * t is freed, and libconfig's message is in e at its FILE:LINE. */
sim_status sim_text_parse(sim_text *t, void *cfg, sim_errs *e);

void sim_text_free(sim_text *t);

/* The file and line a setting (a config_setting_t) was read from, if its configuration came from
 * sim_text_parse: returns 1. Else 0 and *file, *line are left as they were. */
int sim_text_where(const void *setting, const char **file, int *line);

/* The literal of an integer setting libconfig 1.5 could not hold (see cfg_literals.h), or NULL. */
const cfg_lit *sim_text_wrapped(const void *setting);

#endif
