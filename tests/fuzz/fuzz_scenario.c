/* fuzz_scenario.c: libFuzzer target over the scenario loader and validator (models/scenario.c and
 * the registry reader sim/params.c). The input bytes are scenario text, read as the loader reads
 * the embedded scenario (from a string: no file, no @include). A scenario that loads is written
 * back in resolved form (what `tzsim run` saves as scenario.cfg) and that text must load again
 * and write back to the same bytes: the round trip of a valid scenario never fails.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when TZSIM_FUZZ=ON; replay.c runs the same
 * function over files with any compiler (the CTest test "fuzz_replay"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario.h"
#include "sim/errs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failed property: say why, with the loader's messages, and abort so the fuzzer keeps the input. */
static void fail(const char *what, const sim_errs *e, const char *text) {
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  if (size) memcpy(text, data, size);
  text[size] = '\0';

  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  sim_status st = mdl_scenario_load(NULL, text, "fuzz", NULL, 0, &s, &e);
  free(text);
  if (st != SIM_OK) {
    /* A refused scenario says why: at least one message, each on one line. */
    if (st == SIM_EPARAM && e.count == 0) fail("scenario refused without a message", &e, NULL);
    for (size_t i = 0; i < e.count; i++)
      if (!e.msg[i] || strchr(e.msg[i], '\n')) fail("a message is missing or spans several lines", &e, NULL);
    sim_errs_destroy(&e);
    return 0;
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
  return 0;
}
