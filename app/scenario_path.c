/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario_path.c: the search path of shipped scenarios (see scenario_path.h). The folders are
 * compiled in by CMakeLists.txt: TZSIM_SCENARIOS_DATADIR (the configured install folder),
 * TZSIM_SCENARIOS_RELDIR (the same, relative to the installed binary's folder, so that a moved
 * prefix still works), TZSIM_BUILD_BINDIR and TZSIM_SOURCE_SCENARIOS (the build tree); and
 * _XOPEN_SOURCE for realpath. */
#include "app/scenario_path.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TZSIM_SCENARIOS_DATADIR
#define TZSIM_SCENARIOS_DATADIR "/usr/local/share/tzsim/scenarios"
#endif
#ifndef TZSIM_SCENARIOS_RELDIR
#define TZSIM_SCENARIOS_RELDIR "../share/tzsim/scenarios"
#endif

#define SP_MAX 4096
#define SP_DIRS 4

typedef struct {
  char path[SP_MAX];
  const char *why; /* shown after the folder: where it comes from */
  int usable;      /* 0: shown but not searched (a TZSIM_SCENARIOS too long to be a path) */
} search_dir;

/* The folder of the running binary (Linux: /proc/self/exe); 0 if unknown. */
static int exe_dir(char *out, size_t n) {
  char buf[SP_MAX];
  ssize_t k = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (k <= 0 || (size_t)k >= sizeof buf - 1) return 0;
  buf[k] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash) return 0;
  *slash = '\0';
  return (size_t)snprintf(out, n, "%s", buf) < n;
}

/* The same folder, following symbolic links, when both exist. */
static int same_dir(const char *a, const char *b) {
  char ra[PATH_MAX], rb[PATH_MAX];
  if (realpath(a, ra) && realpath(b, rb)) return strcmp(ra, rb) == 0;
  return strcmp(a, b) == 0;
}

static int add_dir(search_dir *d, int nd, const char *path, const char *why) {
  for (int i = 0; i < nd; i++)
    if (same_dir(d[i].path, path)) return nd;
  d[nd].usable = (size_t)snprintf(d[nd].path, SP_MAX, "%s", path) < SP_MAX;
  d[nd].why = why;
  return nd + 1;
}

/* Whether bin is the build tree's folder of tzsim (then the source tree's scenarios are searched). */
static int in_build_tree(const char *bin) {
#ifdef TZSIM_BUILD_BINDIR
  return same_dir(bin, TZSIM_BUILD_BINDIR);
#else
  (void)bin;
  return 0;
#endif
}

/* Where bare names are looked for, in order; returns how many folders. */
static int search_dirs(search_dir *d) {
  int nd = 0;
  const char *env = getenv("TZSIM_SCENARIOS");
  if (env && *env) nd = add_dir(d, nd, env, "TZSIM_SCENARIOS");
  char bin[SP_MAX] = "";
  int have_bin = exe_dir(bin, sizeof bin);
  int build_tree = have_bin && in_build_tree(bin);
  /* Beside an installed binary: its prefix, wherever the prefix was moved to. */
  if (have_bin && !build_tree) {
    char rel[2 * SP_MAX], real[PATH_MAX];
    snprintf(rel, sizeof rel, "%s/%s", bin, TZSIM_SCENARIOS_RELDIR);
    if (realpath(rel, real)) nd = add_dir(d, nd, real, "installed");
  }
  nd = add_dir(d, nd, TZSIM_SCENARIOS_DATADIR, "installed");
#ifdef TZSIM_SOURCE_SCENARIOS
  if (build_tree) nd = add_dir(d, nd, TZSIM_SOURCE_SCENARIOS, "source tree");
#endif
  return nd;
}

/* A bare name: not empty, no folder part, and no file of that name here. */
static int bare_missing(const char *arg) {
  struct stat st;
  return arg && *arg && !strchr(arg, '/') && stat(arg, &st) != 0;
}

/* NAME.cfg, or NAME when it already ends in .cfg. */
static const char *cfg_suffix(const char *arg) {
  size_t len = strlen(arg);
  return len >= 4 && strcmp(arg + len - 4, ".cfg") == 0 ? "" : ".cfg";
}

int sim_scenario_find(const char *arg, char *out, size_t n) {
  if (!bare_missing(arg)) return 0;
  search_dir d[SP_DIRS];
  int nd = search_dirs(d);
  for (int i = 0; i < nd; i++) {
    char file[SP_MAX];
    struct stat st;
    if (!d[i].usable || (size_t)snprintf(file, sizeof file, "%s/%s%s", d[i].path, arg, cfg_suffix(arg)) >= sizeof file)
      continue;
    if (stat(file, &st) == 0 && S_ISREG(st.st_mode) && strlen(file) < n) {
      memcpy(out, file, strlen(file) + 1);
      return 1;
    }
  }
  return 0;
}

void sim_scenario_resolve_args(sim_cli *c) {
  static char resolved[SIM_CLI_MAX_POS][SP_MAX]; /* outlives c: main's arguments */
  int takes_scenarios = c->command == SIM_CMD_RUN || c->command == SIM_CMD_CHECK || c->command == SIM_CMD_COMPARE ||
                        c->command == SIM_CMD_SWEEP || c->command == SIM_CMD_CALIBRATE;
  for (int i = 0; takes_scenarios && i < c->npos && i < SIM_CLI_MAX_POS; i++)
    if (sim_scenario_find(c->pos[i], resolved[i], sizeof resolved[i])) c->pos[i] = resolved[i];
}

/* The folders as one line, control characters shown as '?' so the message stays one line. */
static void list_dirs(char *out, size_t n) {
  search_dir d[SP_DIRS];
  int nd = search_dirs(d);
  size_t at = 0;
  out[0] = '\0';
  const char *env = getenv("TZSIM_SCENARIOS");
  if (!env || !*env) at += (size_t)snprintf(out, n, "TZSIM_SCENARIOS (not set)");
  for (int i = 0; i < nd && at < n; i++)
    if (d[i].usable)
      at += (size_t)snprintf(out + at, n - at, "%s%s (%s)", at ? ", " : "", d[i].path, d[i].why);
    else
      at += (size_t)snprintf(out + at, n - at, "%s%s (too long for a folder: not searched)", at ? ", " : "", d[i].why);
  for (char *p = out; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
}

int sim_scenario_unfound(const char *path, sim_errs *e) {
  if (!bare_missing(path)) return 0;
  char where[4 * SP_MAX + 256];
  list_dirs(where, sizeof where);
  char name[256];
  snprintf(name, sizeof name, "%s", path);
  for (char *p = name; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
  sim_errs_add(e, name, 0, NULL,
               "cannot read the file (expected a scenario file, or the name of a scenario found as %s%s in: %s)", name,
               cfg_suffix(path), where);
  return 1;
}

void sim_scenario_print_search(FILE *f) {
  char where[4 * SP_MAX + 256];
  list_dirs(where, sizeof where);
  fprintf(f, "scenarios by name (tzsim run NAME): %s\n", where);
}
