/* errs.h: status codes and a list of located error messages, collected rather than fatal. */
#ifndef SIM_ERRS_H
#define SIM_ERRS_H
#include <stddef.h>

/* Every fallible function in sim/ and models/ returns one of these; only main decides to exit. */
typedef enum {
  SIM_OK = 0,
  SIM_EPARAM = 1,   /* bad scenario or command-line value */
  SIM_ENOMEM = 2,   /* allocation failed or the run would not fit in memory */
  SIM_EIO = 3,      /* a file could not be read or written */
  SIM_EEXIST = 4,   /* the output directory exists and --force was not given */
  SIM_EINTR = 5     /* interrupted by a signal */
} sim_status;

/* A growing list of messages, each already formatted as "FILE:LINE: key: problem (expected ...)".
 * Validation appends every problem it finds so a user sees all of them at once. */
typedef struct {
  size_t count;
  size_t cap;
  char **msg;
  char **file; /* the file each message is about (NULL if none), for sorting */
  int *line;   /* its line (0 if none) */
} sim_errs;

void sim_errs_init(sim_errs *e);
void sim_errs_destroy(sim_errs *e);
/* Append a message; file may be NULL (then no location), line <= 0 prints no line number. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void sim_errs_add(sim_errs *e, const char *file, int line, const char *key, const char *fmt, ...);
/* Append a message verbatim. */
void sim_errs_add_raw(sim_errs *e, const char *text);
/* Sort messages [from, count) by file (in order of first appearance) then line, keeping the order
 * of messages on the same line: a user reads a file's problems top to bottom. */
void sim_errs_sort(sim_errs *e, size_t from);

#endif
