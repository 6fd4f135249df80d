/* SPDX-License-Identifier: GPL-3.0-or-later */
/* textio.c: see textio.h. */
#include "sim/textio.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/errs.h"

int sim_utf8_len(const unsigned char *s) { return sim_utf8_valid_len(s); }

/* ---- names ---- */

void sim_safe_name(const char *text, char *out, size_t n) {
  /* Two-byte UTF-8 sequences of the Latin-1 letters French names use, and their ASCII forms. */
  static const struct {
    const char *utf8, *ascii;
  } map[] = {{"\xc3\xa0", "a"}, {"\xc3\xa2", "a"},  {"\xc3\xa4", "a"}, {"\xc3\xa7", "c"}, {"\xc3\xa8", "e"},
             {"\xc3\xa9", "e"}, {"\xc3\xaa", "e"},  {"\xc3\xab", "e"}, {"\xc3\xae", "i"}, {"\xc3\xaf", "i"},
             {"\xc3\xb4", "o"}, {"\xc3\xb6", "o"},  {"\xc3\xb9", "u"}, {"\xc3\xbb", "u"}, {"\xc3\xbc", "u"},
             {"\xc3\x80", "A"}, {"\xc3\x89", "E"},  {"\xc3\x88", "E"}, {"\xc3\x87", "C"}, {"\xc3\x8e", "I"},
             {"\xc3\x94", "O"}, {"\xc5\x93", "oe"}, {"\xc5\x92", "OE"}};
  size_t k = 0;
  if (n == 0) return;
  for (const char *s = text; *s && k + 3 < n;) {
    int done = 0;
    for (size_t m = 0; m < sizeof map / sizeof map[0] && !done; m++)
      if (strncmp(s, map[m].utf8, 2) == 0) {
        for (const char *a = map[m].ascii; *a && k + 1 < n; a++) out[k++] = *a;
        s += 2;
        done = 1;
      }
    if (done) continue;
    char c = *s++;
    int alnum_before = k > 0 && ((out[k - 1] >= 'a' && out[k - 1] <= 'z') || (out[k - 1] >= 'A' && out[k - 1] <= 'Z') ||
                                 (out[k - 1] >= '0' && out[k - 1] <= '9'));
    /* A dot only inside a name ("v1.2"), never leading or after a separator: no "..". */
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
             (c == '.' && alnum_before);
    char put = c;
    if (!ok) put = '_';
    if (put == '_' && k > 0 && out[k - 1] == '_') continue; /* "a / b" -> "a_b", not "a___b" */
    out[k++] = put;
  }
  while (k > 0 && (out[k - 1] == '_' || out[k - 1] == '.')) k--;
  if (k == 0) {
    snprintf(out, n, "unnamed");
    return;
  }
  out[k] = '\0';
}

/* ---- untrusted files ---- */

FILE *sim_fopen_regular(const char *path, struct stat *sb) {
  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat own = {0};
  struct stat *st = sb ? sb : &own;
  if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    (void)close(fd);
    errno = EINVAL;
    return NULL;
  }
  int flags = fcntl(fd, F_GETFL);
  FILE *f = flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ? NULL : fdopen(fd, "rb");
  if (!f) (void)close(fd);
  return f;
}

char *sim_read_all(FILE *f, size_t max, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (n > max || n + 1 < cap) break; /* past the bound (a huge or growing file is not read on), or the end */
    char *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  int bad = ferror(f);
  int err = errno;
  if (!buf || bad || n > max) {
    free(buf);
    errno = bad ? err : !buf ? ENOMEM : EFBIG;
    return NULL;
  }
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

char *sim_slurp(const char *path, size_t *len) {
  FILE *f = sim_fopen_regular(path, NULL); /* a FIFO or a device is no result file */
  if (!f) return NULL;
  char *buf = sim_read_all(f, SIZE_MAX - 1, len);
  int err = errno;
  (void)fclose(f); /* read only: nothing to lose */
  errno = err;
  return buf;
}
