/* SPDX-License-Identifier: GPL-3.0-or-later */
/* e2e_util.c: run the tzsim binary and read what it wrote, for end-to-end tests. */
#include "e2e_util.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/output.h"

const char *e2e_tzsim;
const char *e2e_scratch;

void e2e_init(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s TZSIM SCRATCH\n", argv[0]);
    exit(2);
  }
  e2e_tzsim = argv[1];
  e2e_scratch = argv[2];
  /* The report's language follows the locale variables: the tests expect English unless they set one
   * (C.UTF-8, not C: gnuplot needs a UTF-8 locale for the labels' degree and euro signs). */
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  setenv("LANG", "C.UTF-8", 1);
  sim_remove_tree(e2e_scratch);
  mkdir(e2e_scratch, 0777);
}

static char *read_fd(int fd) {
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  ssize_t n;
  while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
    len += (size_t)n;
    if (cap - len < 1024) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
  }
  if (buf) buf[len] = '\0';
  return buf;
}

static e2e_result run_argv(char *const *argv) {
  e2e_result r = {-1, NULL, NULL};
  char out_path[] = "/tmp/tzsim_e2e_outXXXXXX", err_path[] = "/tmp/tzsim_e2e_errXXXXXX";
  int fo = mkstemp(out_path), fe = mkstemp(err_path);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fo, 1);
    dup2(fe, 2);
    execv(argv[0], argv);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  lseek(fo, 0, SEEK_SET);
  lseek(fe, 0, SEEK_SET);
  r.out = read_fd(fo);
  r.err = read_fd(fe);
  close(fo);
  close(fe);
  unlink(out_path);
  unlink(err_path);
  return r;
}

e2e_result e2e_run(const char *const *args) {
  const char *argv[128];
  int n = 0;
  argv[n++] = e2e_tzsim;
  for (int i = 0; args[i] && n < 127; i++) argv[n++] = args[i];
  argv[n] = NULL;
  return run_argv((char *const *)(void *)argv);
}

e2e_result e2e_sh(const char *cmd) {
  const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
  return run_argv((char *const *)(void *)argv);
}

void e2e_result_free(e2e_result *r) {
  free(r->out);
  free(r->err);
  r->out = r->err = NULL;
}

char *e2e_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[n] = '\0';
    if (len) *len = (size_t)n;
  }
  return buf;
}

int e2e_same_file(const char *a, const char *b) {
  size_t la, lb;
  char *x = e2e_slurp(a, &la), *y = e2e_slurp(b, &lb);
  int same = x && y && la == lb && memcmp(x, y, la) == 0;
  free(x);
  free(y);
  return same;
}

int e2e_exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

int e2e_count_entries(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

const char *e2e_path(const char *name) {
  static char buf[8][4096];
  static int k = 0;
  k = (k + 1) % 8;
  snprintf(buf[k], sizeof buf[k], "%s/%s", e2e_scratch, name);
  return buf[k];
}

const char *e2e_in(const char *dir, const char *file) {
  static char buf[8][8400];
  static int k;
  k = (k + 1) % 8;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, file);
  return buf[k];
}

void e2e_expect_ok(const e2e_result *r) {
  if (r->status != 0) fail_msg("exit %d, stderr: %s", r->status, r->err ? r->err : "");
}

void e2e_expect_same_results(const char *a, const char *b) {
  const char *files[] = {"monthly.csv", "summary.json", "summary.csv", "scenario.cfg", "cohorts.csv"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++)
    if (!e2e_same_file(e2e_in(a, files[i]), e2e_in(b, files[i])))
      fail_msg("%s differs between %s and %s", files[i], a, b);
}
