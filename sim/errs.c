/* errs.c: collection of located error messages. */
#include "sim/errs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim_errs_init(sim_errs *e) { memset(e, 0, sizeof *e); }

void sim_errs_destroy(sim_errs *e) {
  for (size_t i = 0; i < e->count; i++) {
    free(e->msg[i]);
    free(e->file[i]);
  }
  free(e->msg);
  free(e->file);
  free(e->line);
  memset(e, 0, sizeof *e);
}

static void add_located(sim_errs *e, const char *text, const char *file, int line) {
  if (e->count == e->cap) {
    size_t cap = e->cap ? 2 * e->cap : 8;
    char **grown = realloc(e->msg, cap * sizeof *grown);
    if (grown) e->msg = grown;
    char **gfile = realloc(e->file, cap * sizeof *gfile);
    if (gfile) e->file = gfile;
    int *gline = realloc(e->line, cap * sizeof *gline);
    if (gline) e->line = gline;
    if (!grown || !gfile || !gline) return; /* Out of memory while reporting: earlier messages stand. */
    e->cap = cap;
  }
  size_t n = strlen(text);
  char *copy = malloc(n + 1);
  if (!copy) return;
  memcpy(copy, text, n + 1);
  /* One error is one line: a newline inside a quoted name must not split it. */
  for (char *p = copy; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  char *fcopy = NULL;
  if (file) {
    size_t fn = strlen(file) + 1;
    fcopy = malloc(fn);
    if (fcopy) memcpy(fcopy, file, fn);
  }
  e->msg[e->count] = copy;
  e->file[e->count] = fcopy;
  e->line[e->count] = line;
  e->count++;
}

void sim_errs_add_raw(sim_errs *e, const char *text) { add_located(e, text, NULL, 0); }

static int same_file(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

void sim_errs_sort(sim_errs *e, size_t from) {
  size_t n = e->count > from ? e->count - from : 0;
  if (n < 2) return;
  /* A file ranks by its first message; within a file, by line; ties keep their order. */
  size_t *rank = malloc(n * sizeof *rank);
  if (!rank) return;
  for (size_t i = 0; i < n; i++) {
    rank[i] = i;
    for (size_t j = 0; j < i; j++)
      if (same_file(e->file[from + j], e->file[from + i])) {
        rank[i] = rank[j];
        break;
      }
  }
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0; j--) {
      size_t a = from + j - 1, b = from + j;
      if (rank[j - 1] < rank[j] || (rank[j - 1] == rank[j] && e->line[a] <= e->line[b])) break;
      char *m = e->msg[a], *f = e->file[a];
      int l = e->line[a];
      size_t r = rank[j - 1];
      e->msg[a] = e->msg[b];
      e->file[a] = e->file[b];
      e->line[a] = e->line[b];
      rank[j - 1] = rank[j];
      e->msg[b] = m;
      e->file[b] = f;
      e->line[b] = l;
      rank[j] = r;
    }
  free(rank);
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
  add_located(e, all, file, line > 0 ? line : 0);
}
