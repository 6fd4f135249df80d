/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_cli.c: a libFuzzer target over the command line (app/cli.c): long options and --opt=VALUE,
 * COMMAND --help, the command and option tables, and the lookup of tzsim params KEY|PATTERN
 * (sim/params.c). Input: the arguments after "tzsim", one per line (at most 80). Besides the
 * sanitizers' checks:
 *   - a refused line gives exactly one message, one line, "command line: KEY: ... (expected ...)";
 *   - an accepted line gives no message, a known command, and counts within their bounds;
 *   - every command's usage prints, lines under 100 columns;
 *   - the params lookup of any pattern or key terminates, with entries under 100 columns. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/params.h"
#include "app/cli.h"
#include "sim/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 80

static void check(int ok, const char *what, const char *detail) {
  if (!ok) {
    fprintf(stderr, "fuzz_cli: %s: %s\n", what, detail ? detail : "");
    abort();
  }
}

/* Every line of text (a memory stream) at most 100 columns. */
static void check_width(const char *text, const char *what) {
  for (const char *p = text; *p;) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    int cols = 0;
    for (size_t i = 0; i < len; i++) cols += ((unsigned char)p[i] & 0xC0) != 0x80;
    check(cols <= 100, what, p);
    p += len + (end != NULL);
  }
}

static void params_lookup(const char *pattern) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return;
  int n = sim_params_print_matching(f, &mdl_scenario_params, pattern, 0);
  (void)sim_params_print_matching(f, &mdl_territory_params, pattern, n);
  size_t dist = 4;
  const char *near = sim_params_nearest(&mdl_scenario_params, pattern, &dist);
  check(!near || dist < 4, "a suggestion farther than 3 edits", pattern);
  if (fclose(f) == 0 && text) check_width(text, "a params entry over 100 columns");
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *buf = malloc(size + 1);
  if (!buf) return 0;
  memcpy(buf, data, size);
  buf[size] = '\0';
  char *argv[MAX_ARGS + 2] = {"tzsim"};
  int argc = 1;
  for (char *p = buf; argc <= MAX_ARGS;) {
    argv[argc++] = p;
    char *nl = strchr(p, '\n');
    if (!nl) break;
    *nl = '\0';
    p = nl + 1;
  }
  argv[argc] = NULL;
  sim_errs e;
  sim_errs_init(&e);
  sim_cli c;
  sim_status st = sim_cli_parse(argc, argv, &c, &e);
  if (st == SIM_OK) {
    check(e.count == 0, "accepted with a message", e.count ? e.msg[0] : NULL);
    check(c.npos >= 0 && c.npos <= SIM_CLI_MAX_POS && c.nsets <= SIM_CLI_MAX_SETS && c.nvary <= SIM_CLI_MAX_VARY,
          "counts out of bounds", argv[1]);
    check(c.command <= SIM_CMD_CALIBRATE, "unknown command accepted", argv[1]);
    if (c.help || c.command == SIM_CMD_HELP) {
      char *text = NULL;
      size_t len = 0;
      FILE *f = open_memstream(&text, &len);
      if (f) {
        if (c.help) sim_cli_command_usage(f, c.name);
        else sim_cli_usage(f);
        if (fclose(f) == 0 && text) {
          check(len > 0, "empty usage", c.name);
          check_width(text, "a usage line over 100 columns");
        }
        free(text);
      }
    }
    if (c.command == SIM_CMD_PARAMS && c.npos == 1) params_lookup(c.pos[0]);
  } else {
    check(st == SIM_EPARAM, "refused with a status other than bad input", argv[1]);
    check(e.count == 1, "refused without exactly one message", e.count ? e.msg[0] : argv[1]);
    const char *m = e.msg[0];
    check(strncmp(m, "command line: ", 14) == 0, "a message not about the command line", m);
    check(strchr(m, '\n') == NULL, "a message of several lines", m);
    size_t ml = strlen(m);
    check(ml > 0 && m[ml - 1] == ')' && strstr(m, "(expected ") != NULL, "a message without its (expected ...)", m);
  }
  sim_errs_destroy(&e);
  free(buf);
  return 0;
}
