/* SPDX-License-Identifier: GPL-3.0-or-later */
/* textio.h: the text helpers of every layer (plots/ included): UTF-8, safe file names, reading an
 * untrusted file into memory. CSV is in sim/csv.h, JSON in sim/json.h. No engine here. */
#ifndef SIM_TEXTIO_H
#define SIM_TEXTIO_H
#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence starting at s (1 to 4), or 0 if it is not valid (strict:
 * sim_utf8_valid_len). */
int sim_utf8_len(const unsigned char *s);

/* A safe file name from any text (a territory or scenario name): French accents are
 * transliterated, anything but [A-Za-z0-9._-] becomes '_', no leading dot, never empty. */
void sim_safe_name(const char *text, char *out, size_t n);

/* Open an untrusted file for reading only if it is a regular file (never blocking on a FIFO, never
 * reading a device such as /dev/zero); *sb (if not NULL) gets its fstat. NULL with errno set
 * (EINVAL: not a regular file). */
struct stat;
FILE *sim_fopen_regular(const char *path, struct stat *sb);

/* The rest of f into a NUL-terminated buffer to free (*len, if not NULL, gets its size); NULL with
 * errno set if it cannot be read: EFBIG when it holds more than max bytes (a huge or growing file
 * is refused after max + 1 bytes, never read to its end), ENOMEM, or the read's error. */
char *sim_read_all(FILE *f, size_t max, size_t *len);
/* The whole of a regular file (sim_fopen_regular) into a NUL-terminated buffer to free; NULL with
 * errno set if it cannot be read. *len (if not NULL) gets its size. */
char *sim_slurp(const char *path, size_t *len);

#endif
