/* SPDX-License-Identifier: GPL-3.0-or-later */
/* errs.h: status codes and a list of located error messages, collected rather than fatal. */
#ifndef SIM_ERRS_H
#define SIM_ERRS_H
#include <stddef.h>
#include <stdio.h>

/* Every fallible function in sim/ and models/ returns one of these; only main decides to exit. */
typedef enum {
  SIM_OK = 0,
  SIM_EPARAM = 1, /* bad scenario or command-line value */
  SIM_ENOMEM = 2, /* allocation failed or the run would not fit in memory */
  SIM_EIO = 3,    /* a file could not be read or written */
  SIM_EEXIST = 4, /* the output directory exists and --force was not given */
  SIM_EINTR = 5   /* interrupted by a signal */
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
/* Append a message verbatim (escaped and capped as every message, see below). */
void sim_errs_add_raw(sim_errs *e, const char *text);

/* Every message is made safe for a terminal where it is stored (sim_errs_add, sim_errs_add_raw),
 * so no scenario or targets file can send control sequences to it or split a message:
 *  - an ASCII control character (0x00-0x1F, 0x7F: ESC, BEL, tab, newline...) becomes \xNN;
 *  - a byte that is not part of valid UTF-8 (stray continuation, overlong form, surrogate, beyond
 *    U+10FFFF, truncated sequence) becomes \xNN, one per byte;
 *  - a C1 control (U+0080-U+009F) or a bidirectional control (U+200E, U+200F, U+202A-U+202E,
 *    U+2066-U+2069) becomes \uNNNN;
 *  - everything else, backslashes included, is kept: escaping twice changes nothing.
 * A message longer than SIM_ERRS_MAX_LEN bytes loses the middle of its text (marked "...") and keeps
 * its beginning and its end, where the reason "(expected ...)" is. */
#define SIM_ERRS_MAX_LEN 1200
/* Length of the valid UTF-8 sequence starting at s (1 to 4), or 0 if it is not valid UTF-8:
 * strict (RFC 3629): no overlong form, no surrogate, nothing beyond U+10FFFF. */
int sim_utf8_valid_len(const unsigned char *s);
/* Escape text as above into out (n > 0 bytes, always terminated; cut at a whole escape or
 * character when too small). Returns out. */
char *sim_escape_text(const char *text, char *out, size_t n);
/* Bytes the escaped form of text needs, without the terminating NUL. */
size_t sim_escape_len(const char *text);
/* Print text escaped as above (for names echoed in tables and notices). */
void sim_print_escaped(FILE *f, const char *text);
/* Text escaped as above for one printf argument, in a buffer that lives until the end of the
 * enclosing block: printf("%s\n", SIM_TTY(name)). Long text is cut at a whole character. */
#define SIM_TTY_MAX 1024
#define SIM_TTY(text) sim_escape_text((text), (char[SIM_TTY_MAX]){0}, SIM_TTY_MAX)
/* text for echoing inside a message: itself if shorter than n bytes, else its first bytes (whole
 * UTF-8 characters) followed by "...", in buf (n >= 8). Returns text or buf. */
const char *sim_errs_clip(const char *text, char *buf, size_t n);
/* Sort messages [from, count) by file (in order of first appearance) then line, keeping the order
 * of messages on the same line: a user reads a file's problems top to bottom. */
void sim_errs_sort(sim_errs *e, size_t from);

#endif
