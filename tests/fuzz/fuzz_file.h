/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_file.h: the one scenario file a fuzz target loads by path, in a private folder made on first
 * use and removed at exit. Shared by the targets that need a real file (fuzz_scenario, fuzz_sweep):
 * the loader follows @include relative to the file's folder. */
#ifndef TZSIM_FUZZ_FILE_H
#define TZSIM_FUZZ_FILE_H
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_tmp_dir[64], fuzz_tmp_file[96];

static void fuzz_remove_tmp(void) {
  if (fuzz_tmp_file[0]) (void)unlink(fuzz_tmp_file);
  if (fuzz_tmp_dir[0]) (void)rmdir(fuzz_tmp_dir);
}

/* Write the bytes to TARGET's private scenario.cfg (made under /tmp/TARGET.XXXXXX on the first call);
 * its path, or NULL. */
static const char *fuzz_as_file(const char *target, const void *bytes, size_t len) {
  if (!fuzz_tmp_dir[0]) {
    snprintf(fuzz_tmp_dir, sizeof fuzz_tmp_dir, "/tmp/%s.XXXXXX", target);
    if (!mkdtemp(fuzz_tmp_dir)) {
      fuzz_tmp_dir[0] = '\0';
      return NULL;
    }
    snprintf(fuzz_tmp_file, sizeof fuzz_tmp_file, "%s/scenario.cfg", fuzz_tmp_dir);
    (void)atexit(fuzz_remove_tmp);
  }
  FILE *f = fopen(fuzz_tmp_file, "wb");
  if (!f) return NULL;
  size_t put = len ? fwrite(bytes, 1, len, f) : 0;
  if (fclose(f) != 0 || put != len) return NULL;
  return fuzz_tmp_file;
}

#endif
