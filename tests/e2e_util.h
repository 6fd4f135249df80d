/* SPDX-License-Identifier: GPL-3.0-or-later */
/* e2e_util.h: helpers for tests that run the tzsim binary and inspect what it wrote. */
#ifndef TEST_E2E_UTIL_H
#define TEST_E2E_UTIL_H
#include <stddef.h>

/* Set by e2e_init from argv: the tzsim binary and a scratch folder (emptied at start). */
extern const char *e2e_tzsim;
extern const char *e2e_scratch;
void e2e_init(int argc, char **argv);

typedef struct {
  int status;      /* exit code, or 128 + signal */
  char *out, *err; /* captured stdout and stderr, NUL-terminated (free with e2e_result_free) */
} e2e_result;

/* Run tzsim with the arguments (NULL-terminated), from the tests/ folder, capturing its output. */
e2e_result e2e_run(const char *const *args);
/* The same through /bin/sh -c (for ulimit, environment and pipes); %s in cmd is not expanded. */
e2e_result e2e_sh(const char *cmd);
void e2e_result_free(e2e_result *r);

/* Whole file into a NUL-terminated buffer (NULL if unreadable); *len gets its size. */
char *e2e_slurp(const char *path, size_t *len);
/* 1 if the two files exist and are byte-identical. */
int e2e_same_file(const char *a, const char *b);
/* 1 if path exists. */
int e2e_exists(const char *path);
/* Number of entries in a folder (excluding . and ..), -1 if it cannot be read. */
int e2e_count_entries(const char *dir);
/* Scratch path: e2e_path("x") = "<scratch>/x" in a static rotating buffer. */
const char *e2e_path(const char *name);
/* "dir/file" in a static rotating buffer (eight in turn). */
const char *e2e_in(const char *dir, const char *file);

/* cmocka checks (the test fails, with the exit status and stderr): the run succeeded; two result
 * folders hold the same monthly.csv, summary.json, summary.csv, scenario.cfg and cohorts.csv. */
void e2e_expect_ok(const e2e_result *r);
void e2e_expect_same_results(const char *a, const char *b);

#endif
