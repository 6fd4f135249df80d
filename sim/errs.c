/* errs.c: collection of located error messages. */
#include "sim/errs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim_errs_init(sim_errs *e) { memset(e, 0, sizeof *e); }

void sim_errs_destroy(sim_errs *e) {
  for (size_t i = 0; i < e->count; i++) free(e->msg[i]);
  free(e->msg);
  memset(e, 0, sizeof *e);
}

void sim_errs_add_raw(sim_errs *e, const char *text) {
  if (e->count == e->cap) {
    size_t cap = e->cap ? 2 * e->cap : 8;
    char **grown = realloc(e->msg, cap * sizeof *grown);
    if (!grown) return; /* Out of memory while reporting: the earlier messages still stand. */
    e->msg = grown;
    e->cap = cap;
  }
  size_t n = strlen(text);
  char *copy = malloc(n + 1);
  if (!copy) return;
  memcpy(copy, text, n + 1);
  /* One error is one line: a newline inside a quoted name must not split it. */
  for (char *p = copy; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  e->msg[e->count++] = copy;
}

void sim_errs_add(sim_errs *e, const char *file, int line, const char *key, const char *fmt, ...) {
  char head[1024], body[1024], all[2200];
  head[0] = '\0';
  if (file && line > 0)
    snprintf(head, sizeof head, "%s:%d: ", file, line);
  else if (file)
    snprintf(head, sizeof head, "%s: ", file);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(body, sizeof body, fmt, ap);
  va_end(ap);
  if (key && *key)
    snprintf(all, sizeof all, "%s%s: %s", head, key, body);
  else
    snprintf(all, sizeof all, "%s%s", head, body);
  sim_errs_add_raw(e, all);
}
