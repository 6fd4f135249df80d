/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_scenario_path.c: a libFuzzer target over the search of shipped scenarios by name
 * (app/scenario_path.c), whose inputs are a command-line argument and the environment variable
 * TZSIM_SCENARIOS. Input: the variable's value up to the first newline ("-" alone: unset), then
 * the argument (up to a NUL). Besides the sanitizers' checks:
 *   - a name found is a bare name and its file is an existing NAME.cfg that fits the buffer;
 *   - sim_scenario_unfound reports exactly the bare names of no file, with one one-line message;
 *   - sim_scenario_resolve_args replaces the argument by what sim_scenario_find gives, or not at all;
 *   - the search path tzsim --version prints is one line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/scenario_path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what, const char *name) {
  if (!ok) {
    fprintf(stderr, "fuzz_scenario_path: %s (argument '%s')\n", what, name);
    abort();
  }
}

static int one_line(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return 0;
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *buf = malloc(size + 1);
  if (!buf) return 0;
  memcpy(buf, data, size);
  buf[size] = '\0';
  char *nl = memchr(buf, '\n', size);
  char *name = nl ? nl + 1 : buf + size;
  if (nl) *nl = '\0';
  /* putenv of one static buffer: setenv would keep every value ever set (glibc never frees them),
   * which over a long run reads as a leak. Longer values are cut (the tests cover them whole). */
  static char env[8192];
  if (strcmp(buf, "-") == 0) {
    unsetenv("TZSIM_SCENARIOS");
  } else {
    snprintf(env, sizeof env, "TZSIM_SCENARIOS=%s", buf);
    putenv(env);
  }

  struct stat st;
  int bare_missing = *name && !strchr(name, '/') && stat(name, &st) != 0;
  /* a small buffer (the first byte chooses its size) and a large one */
  char small[64], big[8192];
  size_t small_n = size ? (size_t)data[0] % sizeof small + 1 : sizeof small;
  memset(small, 'x', sizeof small);
  int found_small = sim_scenario_find(name, small, small_n);
  int found = sim_scenario_find(name, big, sizeof big);
  check(!found_small || found, "found with a small buffer, not with a large one", name);
  check(!found_small || strlen(small) < small_n, "the file overflows the small buffer", name);
  if (!found_small) check(small[0] == 'x', "the small buffer was written though nothing was found", name);
  if (found) {
    size_t len = strlen(big);
    check(bare_missing, "a path or an existing file was looked up", name);
    check(len >= 4 && strcmp(big + len - 4, ".cfg") == 0, "the file found is no .cfg", name);
    check(stat(big, &st) == 0 && S_ISREG(st.st_mode), "the file found is no regular file", name);
  }

  sim_errs e;
  sim_errs_init(&e);
  int unfound = sim_scenario_unfound(name, &e);
  check(unfound == bare_missing, "unfound disagrees with the name", name);
  check(e.count == (size_t)unfound, "not exactly one message", name);
  if (unfound) check(one_line(e.msg[0]), "the message is not one line", name);
  sim_errs_destroy(&e);

  sim_cli c;
  memset(&c, 0, sizeof c);
  c.command = SIM_CMD_RUN;
  c.npos = 1;
  c.pos[0] = name;
  sim_scenario_resolve_args(&c);
  check(found ? strcmp(c.pos[0], big) == 0 : c.pos[0] == name, "resolve_args disagrees with find", name);
  c.command = SIM_CMD_PLOT; /* a result folder is never looked up */
  c.pos[0] = name;
  sim_scenario_resolve_args(&c);
  check(c.pos[0] == name, "plot's folder was looked up", name);

  char *line = NULL;
  size_t line_len = 0;
  FILE *f = open_memstream(&line, &line_len);
  if (f) {
    sim_scenario_print_search(f);
    (void)fclose(f);
    check(line_len > 0 && line[line_len - 1] == '\n', "the search path does not end its line", name);
    line[line_len - 1] = '\0';
    check(one_line(line), "the search path is not one line", name);
  }
  free(line);
  free(buf);
  return 0;
}
