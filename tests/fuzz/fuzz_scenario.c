/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_scenario.c: libFuzzer target over the scenario loader and validator (models/scenario.c,
 * models/template.c and the registry reader sim/params.c).
 *
 * The input is scenario text. It is loaded twice: from a string, as the loader reads the embedded
 * scenario (no file, so no @include; the text ends at a NUL byte), and from a file holding the
 * same bytes, as `tzsim run FILE` reads it (@include and the re-reading of integer literals then
 * run too). Lines
 * after a line "//--set" are KEY=VALUE overrides (as --set), given to both loads; without that
 * line the string load is exactly mdl_scenario_load(NULL, text, "fuzz", NULL, 0, ...).
 *
 * Properties, checked by abort() so that the fuzzer keeps the input: a refused scenario says why,
 * one line per message; a scenario that loads is written back in resolved form (what `tzsim run`
 * saves as scenario.cfg), and that text loads again and writes back to the same bytes: the round
 * trip of a valid scenario never fails. Memory errors, leaks and undefined behaviour are the
 * sanitizers' to catch.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when TZSIM_FUZZ=ON; replay.c runs the same
 * function over files with any compiler (the CTest test "fuzz_replay"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario.h"
#include "sim/errs.h"
#include "fuzz_file.h"

#define SET_MARK "\n//--set\n"
#define MAX_SETS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failed property: say why, with the loader's messages, and abort so the fuzzer keeps the input. */
_Noreturn static void fail(const char *what, const sim_errs *e, const char *text) {
  fprintf(stderr, "fuzz_scenario: %s\n", what);
  for (size_t i = 0; e && i < e->count; i++) fprintf(stderr, "  %s\n", e->msg[i]);
  if (text) fprintf(stderr, "---- resolved scenario ----\n%s\n----\n", text);
  abort();
}

/* The resolved scenario as text, NUL-terminated (malloc'ed), or NULL if memory ran out. */
static char *resolved(const mdl_scenario *s, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  if (!f) return NULL;
  int rc = mdl_scenario_write(f, s);
  if (fclose(f) != 0 || rc != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* Load a scenario (from path, or from text) and check the properties. */
static void check_load(const char *path, const char *text, const char *const *sets, int nsets) {
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  sim_status st = mdl_scenario_load(path, text, "fuzz", sets, nsets, &s, &e);
  if (st != SIM_OK) {
    if (st == SIM_EPARAM && e.count == 0) fail("scenario refused without a message", &e, NULL);
    for (size_t i = 0; i < e.count; i++)
      if (!e.msg[i] || strchr(e.msg[i], '\n')) fail("a message is missing or spans several lines", &e, NULL);
    sim_errs_destroy(&e);
    return;
  }
  if (e.count != 0) fail("scenario loaded with error messages", &e, NULL);

  size_t len1 = 0, len2 = 0;
  char *once = resolved(&s, &len1);
  mdl_scenario_free(&s);
  if (!once) fail("cannot write the resolved scenario", NULL, NULL);
  mdl_scenario again;
  if (mdl_scenario_load(NULL, once, "resolved", NULL, 0, &again, &e) != SIM_OK)
    fail("the resolved scenario of a valid scenario does not load", &e, once);
  char *twice = resolved(&again, &len2);
  mdl_scenario_free(&again);
  if (!twice) fail("cannot write the reloaded scenario", NULL, NULL);
  if (len1 != len2 || memcmp(once, twice, len1) != 0) {
    fprintf(stderr, "---- reloaded and written again ----\n%s\n", twice);
    fail("the resolved scenario does not write back to the same text", NULL, once);
  }
  free(once);
  free(twice);
  sim_errs_destroy(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  if (size) memcpy(text, data, size);
  text[size] = '\0';

  /* Overrides: the lines after SET_MARK, each one a KEY=VALUE (empty lines skipped). */
  const char *sets[MAX_SETS];
  int nsets = 0;
  char *mark = strstr(text, SET_MARK);
  /* The file holds every byte before the mark, NUL bytes included; a string load stops at the
   * first NUL. */
  size_t file_len = mark ? (size_t)(mark - text) : size;
  if (mark) {
    char *line = mark + strlen(SET_MARK);
    *mark = '\0';
    while (line && *line && nsets < MAX_SETS) {
      char *nl = strchr(line, '\n');
      if (nl) *nl = '\0';
      if (*line) sets[nsets++] = line;
      line = nl ? nl + 1 : NULL;
    }
  }
  check_load(NULL, text, sets, nsets);
  const char *path = fuzz_as_file("fuzz_scenario", text, file_len);
  if (path) check_load(path, NULL, sets, nsets);
  free(text);
  return 0;
}
