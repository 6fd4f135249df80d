/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay.c: runs the fuzz target (fuzz_scenario.c) over files, without libFuzzer, so any compiler
 * and every build (the sanitizer build included) replays the corpus and the regression inputs.
 * Arguments are files or folders (each regular file of a folder, not recursively, hidden files
 * skipped). A failing input aborts inside the target; the name of the input is printed first. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run the target on one file; returns 0, or -1 if it cannot be read. */
static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  size_t cap = 4096, n = 0;
  unsigned char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      unsigned char *grown = realloc(buf, 2 * cap);
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
  }
  int bad = ferror(f) || !buf;
  if (fclose(f) != 0) bad = 1;
  if (bad) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    free(buf);
    return -1;
  }
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Run the target on every regular file of a folder, in name order; returns the number of files
 * run, or -1 on an error. */
static long replay_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: cannot open folder %s\n", dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int bad = 0;
  const struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') continue;
    size_t len = strlen(dir) + strlen(de->d_name) + 2;
    char *path = malloc(len);
    if (!path) {
      bad = 1;
      break;
    }
    snprintf(path, len, "%s/%s", dir, de->d_name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
      free(path);
      continue;
    }
    if (n == cap) {
      size_t c2 = cap ? 2 * cap : 64;
      char **grown = realloc(names, c2 * sizeof *grown);
      if (!grown) {
        free(path);
        bad = 1;
        break;
      }
      names = grown;
      cap = c2;
    }
    names[n++] = path;
  }
  closedir(d);
  if (n > 1) qsort(names, n, sizeof *names, by_name);
  long done = 0;
  for (size_t i = 0; i < n; i++) {
    if (!bad && replay_file(names[i]) != 0) bad = 1;
    if (!bad) done++;
    free(names[i]);
  }
  free(names);
  return bad ? -1 : done;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  long total = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    int is_dir = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode);
    long done = is_dir ? replay_dir(argv[i]) : (replay_file(argv[i]) == 0 ? 1 : -1);
    if (done < 0) return 1;
    total += done;
  }
  if (total == 0) {
    fprintf(stderr, "replay: no input found\n");
    return 1;
  }
  printf("replay: %ld inputs, no failure\n", total);
  return 0;
}
