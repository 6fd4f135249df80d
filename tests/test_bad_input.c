/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_bad_input.c: table-driven tests of bad input. Every malformed scenario in tests/bad/ and
 * every bad command line below must be refused with exit status 2, the exact expected stderr
 * (one "FILE:LINE: key: problem (expected ...)" line per problem), nothing on stdout, and nothing
 * written: no output directory and no leftover temporary folder next to it.
 *
 * tests/bad/NN-what.cfg holds one malformed scenario; tests/bad/NN-what.expected holds the exact
 * stderr, with paths as this test passes them (it runs from tests/ with "bad/NN-what.cfg"). The
 * folder is listed at run time, so a new case is never forgotten; a .cfg without its .expected
 * (or the reverse) is a failure. Each table is one cmocka test that checks every case, prints
 * each failure with the expected and actual output, and fails at the end if any case failed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e_util.h"
#include "sim/output.h"

#define BAD_DIR "bad"
#define VALID "badcli/valid.cfg" /* a minimal valid scenario, for the command-line cases */
#define MAX_CASES 1024
#define MIN_BAD_FILES 32 /* fewer means the folder was not found or cases were lost */
#define OUT_MARK "@OUT"  /* in a command line: replaced by a fresh folder name in the scratch folder */

/* ---- the bad command lines ---- */

typedef struct {
  const char *name;
  const char *args[12]; /* NULL-terminated; OUT_MARK becomes <scratch>/out_cli_<name> */
  int status;
  const char *err; /* exact stderr */
} bad_cli;

static const bad_cli bad_cli_cases[] = {
    {"r-zero",
     {"run", VALID, "-o", OUT_MARK, "-r", "0", NULL},
     2,
     "command line: -r: '0' is not valid (expected an integer in [1, 100000])\n"},
    {"r-negative",
     {"run", VALID, "-o", OUT_MARK, "-r", "-5", NULL},
     2,
     "command line: -r: '-5' is not valid (expected an integer in [1, 100000])\n"},
    {"r-letters",
     {"run", VALID, "-o", OUT_MARK, "-r", "abc", NULL},
     2,
     "command line: -r: 'abc' is not valid (expected an integer in [1, 100000])\n"},
    {"r-trailing-letter",
     {"run", VALID, "-o", OUT_MARK, "-r", "5x", NULL},
     2,
     "command line: -r: '5x' is not valid (expected an integer in [1, 100000])\n"},
    {"r-too-large",
     {"run", VALID, "-o", OUT_MARK, "-r", "100001", NULL},
     2,
     "command line: -r: '100001' is not valid (expected an integer in [1, 100000])\n"},
    {"r-empty",
     {"run", VALID, "-o", OUT_MARK, "-r", "", NULL},
     2,
     "command line: -r: '' is not valid (expected an integer in [1, 100000])\n"},
    {"r-leading-space",
     {"run", VALID, "-o", OUT_MARK, "-r", " 5", NULL},
     2,
     "command line: -r: ' 5' is not valid (expected an integer in [1, 100000])\n"},
    {"t-zero",
     {"run", VALID, "-o", OUT_MARK, "-t", "0", NULL},
     2,
     "command line: -t: '0' is not valid (expected an integer in [1, 1024])\n"},
    {"t-too-large",
     {"run", VALID, "-o", OUT_MARK, "-t", "100000", NULL},
     2,
     "command line: -t: '100000' is not valid (expected an integer in [1, 1024])\n"},
    {"s-letters",
     {"run", VALID, "-o", OUT_MARK, "-s", "abc", NULL},
     2,
     "command line: -s: 'abc' is not valid (expected an integer in [0, 9007199254740992])\n"},
    {"s-negative",
     {"run", VALID, "-o", OUT_MARK, "-s", "-1", NULL},
     2,
     "command line: -s: '-1' is not valid (expected an integer in [0, 9007199254740992])\n"},
    {"s-overflow",
     {"run", VALID, "-o", OUT_MARK, "-s", "99999999999999999999", NULL},
     2,
     "command line: -s: '99999999999999999999' is not valid (expected an integer in [0, 9007199254740992])\n"},
    {"s-above-2-53",
     {"run", VALID, "-o", OUT_MARK, "-s", "9007199254740993", NULL},
     2,
     "command line: -s: '9007199254740993' is not valid (expected an integer in [0, 9007199254740992])\n"},
    /* With no -o value, a wrongly accepted run would write to results/ in tests/: use check. */
    {"o-no-value", {"check", VALID, "-o", NULL}, 2, "command line: -o: missing value (expected -o DIR)\n"},
    {"o-empty", {"run", VALID, "-o", "", NULL}, 2, "command line: -o: empty directory name (expected a path)\n"},
    {"set-no-equals",
     {"run", VALID, "-o", OUT_MARK, "--set", "months", NULL},
     2,
     "command line: --set: 'months' is malformed (expected KEY=VALUE)\n"},
    {"set-no-key",
     {"run", VALID, "-o", OUT_MARK, "--set", "=3", NULL},
     2,
     "command line: --set: '=3' is malformed (expected KEY=VALUE)\n"},
    {"set-no-value",
     {"run", VALID, "-o", OUT_MARK, "--set", "months=", NULL},
     2,
     "--set: months: cannot parse '' (expected an integer in [1, 1200])\n"},
    {"set-unknown-key",
     {"run", VALID, "-o", OUT_MARK, "--set", "monhts=3", NULL},
     2,
     "--set: monhts: unknown key (expected a scenario parameter; did you mean 'months'?)\n"},
    /* every scenario of a comparison meets the same bad --set: said once */
    {"compare-set-unknown-key",
     {"compare", VALID, VALID, "-o", OUT_MARK, "--set", "monhts=3", NULL},
     2,
     "--set: monhts: unknown key (expected a scenario parameter; did you mean 'months'?)\n"},
    {"set-out-of-range",
     {"run", VALID, "-o", OUT_MARK, "--set", "months=0", NULL},
     2,
     "--set: months: 0 is out of range (expected an integer in [1, 1200])\n"},
    {"set-built-in-out-of-range",
     {"run", "-o", OUT_MARK, "--set", "months=0", NULL},
     2,
     "--set: months: 0 is out of range (expected an integer in [1, 1200])\n"},
    {"set-unknown-territory",
     {"run", VALID, "-o", OUT_MARK, "--set", "territories.B.hire_max=3", NULL},
     2,
     "--set: territories.B: no territory of that name (expected a name listed in territories, or *)\n"},
    {"set-territory-out-of-range",
     {"run", VALID, "-o", OUT_MARK, "--set", "territories.A.hire_max=-3", NULL},
     2,
     "--set: territories.A.hire_max: -3 is out of range (expected an integer in [0, 10000000])\n"},
    {"set-territory-unknown-key",
     {"run", VALID, "-o", OUT_MARK, "--set", "territories.*.hire_maxx=3", NULL},
     2,
     "--set: territories.*.hire_maxx: unknown key (expected a territory parameter; did you mean 'hire_max'?)\n"},
    /* libconfig 1.5 reads a hexadecimal literal modulo 2^32: these ran 12 months and 1,000 people. */
    {"set-hex-wraps-months",
     {"run", VALID, "-o", OUT_MARK, "--set", "months=0x10000000C", NULL},
     2,
     "--set: months: 0x10000000C is out of range (expected an integer in [1, 1200])\n"},
    {"set-hex-wraps-territory-population",
     {"run", VALID, "-o", OUT_MARK, "--set", "territories.A.population=0x1000003E8", NULL},
     2,
     "--set: territories.A.population: 0x1000003E8 is out of range (expected an integer in [1, 70000000])\n"},
    {"set-hex-wraps-all-territories",
     {"run", VALID, "-o", OUT_MARK, "--set", "territories.*.hire_max=0x100000003", NULL},
     2,
     "--set: territories.*.hire_max: 0x100000003 is out of range (expected an integer in [0, 10000000])\n"},
    {"set-hex-beyond-64-bits",
     {"run", VALID, "-o", OUT_MARK, "--set", "seed=0x10000000000000000", NULL},
     2,
     "--set: seed: 0x10000000000000000 is out of range (expected an integer in [0, 9007199254740992])\n"},
    /* A newline let the value put an @include on a line of its own: libconfig 1.5 exited the process. */
    {"set-newline-include",
     {"run", VALID, "-o", OUT_MARK, "--set", "months=12;\n@include \"/proc/self/mem\"", NULL},
     2,
     "--set: months: the value holds the control character 0x0a at byte 4 (expected a value on one line, without "
     "control "
     "characters)\n"},
    {"set-escape-character",
     {"run", VALID, "-o", OUT_MARK, "--set", "name=a\033[2Jb", NULL},
     2,
     "--set: name: the value holds the control character 0x1b at byte 2 (expected a value on one line, without control "
     "characters)\n"},
    {"set-key-newline",
     {"run", VALID, "-o", OUT_MARK, "--set", "mon\nths=3", NULL},
     2,
     "--set: the key holds the control character 0x0a at byte 4 (expected KEY=VALUE, a key listed by 'tzsim "
     "params')\n"},
    {"set-territory-name-invalid-utf8",
     {"run", VALID, "-o", OUT_MARK, "--set", "territories.A.name=\"B\\xc0\\xafC\"", NULL},
     2,
     "--set: territories[1].name: byte 2 starts an overlong UTF-8 form (expected valid UTF-8 text without control "
     "characters "
     "other than tab and newline)\n"},
    /* Not regular files: a device was read until memory ran out. */
    {"scenario-dev-zero",
     {"run", "/dev/zero", "-o", OUT_MARK, NULL},
     2,
     "/dev/zero: is a device, not a regular file (expected a regular file holding a libconfig scenario)\n"},
    {"scenario-proc-self-mem",
     {"check", "/proc/self/mem", NULL},
     2,
     "/proc/self/mem: is a kernel pseudo-file, not a regular file (expected a regular file holding a libconfig "
     "scenario)\n"},
    {"bench-months-list",
     {"bench", "--agents", "1000", "--months", "12,0", NULL},
     2,
     "command line: --months: '0' is not valid (expected an integer in [1, 1200])\n"},
    {"bench-months-too-many",
     {"bench", "--agents", "1000", "--months", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", NULL},
     2,
     "command line: --months: too many horizons (expected at most 16)\n"},
    {"cutoff-month-13",
     {"calibrate", VALID, "--cutoff", "2020-13", "-o", OUT_MARK, NULL},
     2,
     "command line: --cutoff: '2020-13' is not valid (expected a month YYYY-MM, e.g. 2020-12: targets up to it are "
     "fitted, later "
     "ones held out)\n"},
    {"cutoff-letters",
     {"calibrate", VALID, "--cutoff", "abc", "-o", OUT_MARK, NULL},
     2,
     "command line: --cutoff: 'abc' is not valid (expected a month YYYY-MM, e.g. 2020-12: targets up to it are fitted, "
     "later "
     "ones held out)\n"},
    {"cutoff-no-value",
     {"calibrate", VALID, "--cutoff", NULL},
     2,
     "command line: --cutoff: missing value (expected --cutoff YYYY-MM)\n"},
    {"cutoff-not-for-run",
     {"run", VALID, "-o", OUT_MARK, "--cutoff", "2020-12", NULL},
     2,
     "command line: --cutoff: not used by 'run' (expected tzsim run [SCENARIO] [options])\n"},
    {"total-label-empty",
     {"calibrate", VALID, "--total-label", "", "-o", OUT_MARK, NULL},
     2,
     "command line: --total-label: empty name (expected a territory name of the targets, e.g. NATIONAL)\n"},
    {"unknown-option",
     {"run", VALID, "-o", OUT_MARK, "--frobnicate", NULL},
     2,
     "command line: --frobnicate: unknown option (expected one listed by 'tzsim --help')\n"},
    {"unknown-command",
     {"fly", NULL},
     2,
     "command line: fly: unknown command (expected one of run, compare, merge, bench, sweep, calibrate, plot, check, "
     "params, --help or --version)\n"},
    {"check-no-scenario",
     {"check", NULL},
     2,
     "command line: check: missing scenario (expected tzsim check SCENARIO)\n"},
    {"two-scenarios",
     {"run", VALID, VALID, "-o", OUT_MARK, NULL},
     2,
     "command line: badcli/valid.cfg: unexpected argument (expected at most one scenario file)\n"},
    {"params-argument",
     {"params", "money.*", "foo", NULL},
     2,
     "command line: foo: unexpected argument (expected at most one key or pattern)\n"},
    {"params-unknown-key",
     {"params", "foo", NULL},
     2,
     "command line: params: no parameter matches 'foo' (expected a key listed by 'tzsim params', or a pattern such as "
     "'money.*')\n"},
    {"no-such-file-check",
     {"check", "badcli/no-such-file.cfg", NULL},
     2,
     "badcli/no-such-file.cfg: cannot read the file (expected a readable libconfig scenario file)\n"},
    {"no-such-file-run",
     {"run", "badcli/no-such-file.cfg", "-o", OUT_MARK, NULL},
     2,
     "badcli/no-such-file.cfg: cannot read the file (expected a readable libconfig scenario file)\n"},
    {"scenario-is-a-folder",
     {"run", "badcli", "-o", OUT_MARK, NULL},
     2,
     "badcli: is a folder, not a regular file (expected a regular file holding a libconfig scenario)\n"},
};

/* ---- helpers ---- */

typedef struct {
  int checked, failed;
} tally;

static int cmp_names(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n > k && strcmp(s + n - k, suffix) == 0;
}

/* The stems of the files in dir ending with suffix, sorted; returns the count (-1 if unreadable). */
static int list_stems(const char *dir, const char *suffix, char **stems, int max) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  int n = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL && n < max) {
    if (!ends_with(ent->d_name, suffix)) continue;
    size_t len = strlen(ent->d_name) - strlen(suffix);
    stems[n] = malloc(len + 1);
    assert_non_null(stems[n]);
    memcpy(stems[n], ent->d_name, len);
    stems[n][len] = '\0';
    n++;
  }
  closedir(d);
  qsort(stems, (size_t)n, sizeof *stems, cmp_names);
  return n;
}

static void free_stems(char **stems, int n) {
  for (int i = 0; i < n; i++) free(stems[i]);
}

static int has_stem(char *const *stems, int n, const char *stem) {
  for (int i = 0; i < n; i++)
    if (strcmp(stems[i], stem) == 0) return 1;
  return 0;
}

/* Print text line by line under a label, so that missing or extra newlines show. */
static void show_block(const char *label, const char *text) {
  fprintf(stderr, "    %s:\n", label);
  if (!text || !*text) {
    fprintf(stderr, "      (empty)\n");
    return;
  }
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    fprintf(stderr, "      |%.*s|%s\n", (int)len, p, nl ? "" : "  (no final newline)");
    p += len + (nl ? 1 : 0);
  }
}

static void show_command(const char *const *args) {
  fprintf(stderr, "    command: (cd tests &&) tzsim");
  for (int i = 0; args[i]; i++) fprintf(stderr, " '%s'", args[i]);
  fputc('\n', stderr);
}

/* Empty the scratch folder again after a case that left something in it. */
static void reset_scratch(void) {
  sim_remove_tree(e2e_scratch);
  mkdir(e2e_scratch, 0777);
}

/* Append a problem to a short report. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
add_problem(char *buf, size_t n, const char *fmt, ...) {
  size_t used = strlen(buf);
  if (used + 3 >= n) return;
  if (used) {
    strcat(buf, "; ");
    used += 2;
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + used, n - used, fmt, ap);
  va_end(ap);
}

/* Run tzsim and check everything a refused input must satisfy: the exit status, stderr byte for
 * byte, empty stdout, no outdir (may be NULL) and an empty scratch folder. Counts into t. */
static void expect_refused(tally *t, const char *label, const char *const *args, int want_status, const char *want_err,
                           size_t want_len, const char *outdir) {
  e2e_result r = e2e_run(args);
  const char *err = r.err ? r.err : "", *out = r.out ? r.out : "";
  char problems[1024] = "";
  if (r.status != want_status)
    add_problem(problems, sizeof problems, "exit status %d (expected %d)", r.status, want_status);
  if (strlen(err) != want_len || memcmp(err, want_err, want_len) != 0)
    add_problem(problems, sizeof problems, "stderr differs from the expected text");
  if (*out) add_problem(problems, sizeof problems, "stdout is not empty");
  int made_outdir = outdir && e2e_exists(outdir);
  if (made_outdir) add_problem(problems, sizeof problems, "the output directory %s was created", outdir);
  int left = e2e_count_entries(e2e_scratch);
  if (left != 0) add_problem(problems, sizeof problems, "the scratch folder holds %d entries (expected none)", left);
  t->checked++;
  if (problems[0]) {
    t->failed++;
    fprintf(stderr, "FAIL %s: %s\n", label, problems);
    show_command(args);
    show_block("expected stderr", want_err);
    show_block("actual stderr", err);
    if (*out) show_block("actual stdout", out);
  }
  if (made_outdir || left != 0) reset_scratch();
  e2e_result_free(&r);
}

static void finish(const tally *t, const char *table) {
  print_message("%s: %d cases checked, %d failed\n", table, t->checked, t->failed);
  if (t->failed)
    fail_msg("%s: %d of %d cases failed (each is listed above with expected and actual stderr)", table, t->failed,
             t->checked);
}

/* ---- the tests ---- */

/* The base of the command-line cases must itself be valid, or they would test nothing. */
static void test_valid_base(void **state) {
  (void)state;
  const char *args[] = {"check", VALID, NULL};
  e2e_result r = e2e_run(args);
  if (r.status != 0 || (r.err && *r.err)) {
    fprintf(stderr, "FAIL %s is not a valid scenario: exit status %d\n", VALID, r.status);
    show_block("stderr", r.err);
  }
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err ? r.err : "", "");
  e2e_result_free(&r);
}

/* Every tests/bad/NN-what.cfg with one command: "run" (with -o) or "check". */
static void bad_files(const char *command, const char *table) {
  char *cfgs[MAX_CASES], *exps[MAX_CASES];
  int ncfg = list_stems(BAD_DIR, ".cfg", cfgs, MAX_CASES);
  int nexp = list_stems(BAD_DIR, ".expected", exps, MAX_CASES);
  if (ncfg < 0 || nexp < 0) fail_msg("cannot list the folder %s (the test must run from tests/)", BAD_DIR);
  if (ncfg < MIN_BAD_FILES) fail_msg("%s holds %d .cfg files (expected at least %d)", BAD_DIR, ncfg, MIN_BAD_FILES);
  int before = e2e_count_entries(BAD_DIR);
  tally t = {0, 0};
  for (int i = 0; i < nexp; i++)
    if (!has_stem(cfgs, ncfg, exps[i])) {
      t.failed++;
      fprintf(stderr, "FAIL %s/%s.expected has no %s/%s.cfg (renamed or deleted case?)\n", BAD_DIR, exps[i], BAD_DIR,
              exps[i]);
    }
  for (int i = 0; i < ncfg; i++) {
    char cfg[512], exp_path[512], outdir[4096], label[600];
    snprintf(cfg, sizeof cfg, "%s/%s.cfg", BAD_DIR, cfgs[i]);
    snprintf(exp_path, sizeof exp_path, "%s/%s.expected", BAD_DIR, cfgs[i]);
    snprintf(outdir, sizeof outdir, "%s/out_%s", e2e_scratch, cfgs[i]);
    snprintf(label, sizeof label, "tzsim %s %s", command, cfg);
    size_t len = 0;
    char *want = e2e_slurp(exp_path, &len);
    if (!want) {
      t.checked++;
      t.failed++;
      fprintf(stderr, "FAIL %s: %s is missing (every case needs its exact expected stderr)\n", label, exp_path);
      continue;
    }
    if (strlen(want) != len) {
      t.checked++;
      t.failed++;
      fprintf(stderr, "FAIL %s: %s holds a NUL byte (expected text)\n", label, exp_path);
      free(want);
      continue;
    }
    if (strcmp(command, "run") == 0) {
      const char *args[] = {"run", cfg, "-o", outdir, NULL};
      expect_refused(&t, label, args, 2, want, len, outdir);
    } else {
      const char *args[] = {command, cfg, NULL};
      expect_refused(&t, label, args, 2, want, len, NULL);
    }
    free(want);
  }
  int after = e2e_count_entries(BAD_DIR);
  if (after != before) {
    t.failed++;
    fprintf(stderr, "FAIL %s: %s held %d entries before and %d after (something was written next to the scenarios)\n",
            table, BAD_DIR, before, after);
  }
  free_stems(cfgs, ncfg);
  free_stems(exps, nexp);
  finish(&t, table);
}

static void test_bad_files_run(void **state) {
  (void)state;
  bad_files("run", "bad scenario files, tzsim run");
}

static void test_bad_files_check(void **state) {
  (void)state;
  bad_files("check", "bad scenario files, tzsim check");
}

static void test_bad_command_lines(void **state) {
  (void)state;
  tally t = {0, 0};
  size_t n = sizeof bad_cli_cases / sizeof bad_cli_cases[0];
  for (size_t i = 0; i < n; i++) {
    const bad_cli *c = &bad_cli_cases[i];
    char outdir[4096], label[300];
    const char *args[16];
    int has_out = 0, k = 0;
    snprintf(outdir, sizeof outdir, "%s/out_cli_%s", e2e_scratch, c->name);
    snprintf(label, sizeof label, "command line %s", c->name);
    for (; c->args[k] && k < 15; k++) {
      if (strcmp(c->args[k], OUT_MARK) == 0) {
        args[k] = outdir;
        has_out = 1;
      } else {
        args[k] = c->args[k];
      }
    }
    args[k] = NULL;
    expect_refused(&t, label, args, c->status, c->err, strlen(c->err), has_out ? outdir : NULL);
  }
  finish(&t, "bad command lines");
}

/* ---- scenario files made in the scratch folder (FIFOs, sizes, include folders) ---- */

#define TERRITORY                                                                                                      \
  "territories = ( { name = \"A\"; population = 1000; ppde_start = 50; unemployed_start = 60; "                        \
  "program_start = \"2017-01\"; } );\n"
#define HEAD "name = \"scratch\";\nstart = \"2017-01\";\nmonths = 12;\n"

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(fputs(text, f) < 0, 0);
  assert_int_equal(fclose(f), 0);
}

/* A file of `size` bytes of comment lines (valid text, unlike a sparse file of NUL bytes). */
static void write_comments(const char *path, size_t size) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  char line[1000];
  memset(line, ' ', sizeof line);
  line[0] = '#';
  line[sizeof line - 1] = '\n';
  for (size_t n = 0; n < size; n += sizeof line) assert_int_equal(fwrite(line, 1, sizeof line, f), sizeof line);
  assert_int_equal(fclose(f), 0);
}

/* Run tzsim on files of the scratch folder: exit status 2, this exact stderr, nothing on stdout,
 * nothing added to the scratch folder (no output folder, no temporary). */
static void expect_refused_here(const char *const *args, const char *want) {
  int before = e2e_count_entries(e2e_scratch);
  e2e_result r = e2e_run(args);
  if (r.status != 2 || strcmp(r.err ? r.err : "", want) != 0) {
    show_command(args);
    show_block("expected stderr", want);
    show_block("actual stderr", r.err);
  }
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err ? r.err : "", want);
  assert_string_equal(r.out ? r.out : "", "");
  assert_int_equal(e2e_count_entries(e2e_scratch), before);
  e2e_result_free(&r);
}

static void expect_checked_ok(const char *cfg, const char *want_out) {
  e2e_result r = e2e_run((const char *[]){"check", cfg, NULL});
  if (r.status != 0) show_block("stderr", r.err);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err ? r.err : "", "");
  assert_string_equal(r.out ? r.out : "", want_out);
  e2e_result_free(&r);
}

/* A FIFO as the scenario, or included: refused at once (opened without waiting for a writer), not
 * read (a pipe was read twice and reported as missing its territories). */
static void test_fifo_scenario(void **state) {
  (void)state;
  char fifo[4096], inc[4096], want[16384];
  snprintf(fifo, sizeof fifo, "%s", e2e_path("pipe.cfg"));
  assert_int_equal(mkfifo(fifo, 0600), 0);
  snprintf(want, sizeof want,
           "%s: is a pipe, not a regular file (expected a regular file holding a libconfig scenario)\n", fifo);
  expect_refused_here((const char *[]){"run", fifo, "-o", e2e_path("out_fifo"), NULL}, want);
  snprintf(inc, sizeof inc, "%s", e2e_path("includes-pipe.cfg"));
  write_text(inc, "@include \"pipe.cfg\"\n" HEAD TERRITORY);
  snprintf(want, sizeof want,
           "%s:1: @include \"pipe.cfg\": %s is a pipe, not a regular file (expected a regular file, named relative to "
           "the "
           "including file's folder)\n",
           inc, fifo);
  expect_refused_here((const char *[]){"check", inc, NULL}, want);
  reset_scratch();
}

/* A scenario piped on standard input (tzsim run <(cat valid.cfg) is the same): a pipe, refused. */
static void test_piped_scenario(void **state) {
  (void)state;
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "cat badcli/valid.cfg | '%s' check /dev/stdin", e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "/dev/stdin: is a pipe, not a regular file (expected a regular file holding a libconfig "
                             "scenario)\n");
  assert_string_equal(r.out ? r.out : "", "");
  e2e_result_free(&r);
}

/* Over 16 MiB: one file (made sparse: refused on its size before a byte is read), and the scenario
 * with its includes in all. */
static void test_oversize_files(void **state) {
  (void)state;
  char big[4096], want[16384];
  snprintf(big, sizeof big, "%s", e2e_path("big.cfg"));
  int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, (16 << 20) + 1), 0);
  assert_int_equal(close(fd), 0);
  snprintf(want, sizeof want, "%s: is 16777217 bytes (expected at most 16 MiB per scenario file)\n", big);
  expect_refused_here((const char *[]){"run", big, "-o", e2e_path("out_big"), NULL}, want);
  /* Two files of 9 MiB: each within the cap, both beyond it. */
  write_comments(e2e_path("nine-a.cfg"), 9u << 20);
  write_comments(e2e_path("nine-b.cfg"), 9u << 20);
  char top[4096];
  snprintf(top, sizeof top, "%s", e2e_path("eighteen.cfg"));
  write_text(top, "@include \"nine-a.cfg\"\n@include \"nine-b.cfg\"\n" HEAD TERRITORY);
  snprintf(want, sizeof want,
           "%s:2: @include \"nine-b.cfg\": %s takes the scenario beyond 16777216 bytes (expected at most 16 MiB of "
           "scenario text in all)\n",
           top, e2e_path("nine-b.cfg"));
  expect_refused_here((const char *[]){"check", top, NULL}, want);
  reset_scratch();
}

/* The relative path from the absolute folder `from` to the absolute path `to`: "../../x/y". */
static void relative_path(const char *from, const char *to, char *out, size_t n) {
  size_t common = 0;
  for (size_t i = 0; from[i] && from[i] == to[i]; i++)
    if (from[i] == '/') common = i;
  if (to[strlen(from)] == '/' && strncmp(from, to, strlen(from)) == 0) common = strlen(from);
  out[0] = '\0';
  for (const char *p = from + common; *p; p++)
    if (*p == '/') strncat(out, "../", n - strlen(out) - 1);
  strncat(out, to + common + 1, n - strlen(out) - 1);
}

/* @include is relative to the INCLUDING file's folder (a file in a sub-folder includes its
 * neighbour), may climb out of it, and may be absolute: these must load. */
static void test_includes_that_work(void **state) {
  (void)state;
  char top[4096], text[16384], rel[PATH_MAX], abs_common[PATH_MAX + 64];
  assert_int_equal(mkdir(e2e_path("inc"), 0777), 0);
  write_text(e2e_path("inc/level1.cfg"),
             "// includes its neighbour, named from its own folder\n@include \"level2.cfg\"\n");
  write_text(e2e_path("inc/level2.cfg"),
             "territories = ( { name = \"A\"; population = 2000; ppde_start = 50; unemployed_start = 60; "
             "program_start = \"2017-01\"; } );\n");
  snprintf(top, sizeof top, "%s", e2e_path("nested.cfg"));
  write_text(top, HEAD "@include \"inc/level1.cfg\"\n");
  snprintf(text, sizeof text, "%s: ok: scenario \"scratch\", 1 territories, 2000 agents, about 8 MB\n", top);
  expect_checked_ok(top, text);
  /* A scenario outside scenarios/ including the shipped common.cfg by a relative path ... */
  char cwd[PATH_MAX], scenarios[PATH_MAX + 32];
  assert_non_null(getcwd(cwd, sizeof cwd)); /* tests/ */
  assert_true(e2e_scratch[0] == '/');
  snprintf(scenarios, sizeof scenarios, "%.*s/scenarios/common.cfg", (int)(strrchr(cwd, '/') - cwd), cwd);
  relative_path(e2e_scratch, scenarios, rel, sizeof rel);
  assert_non_null(strstr(rel, "../"));
  snprintf(top, sizeof top, "%s", e2e_path("outside.cfg"));
  snprintf(text, sizeof text, "@include \"%s\"\n" HEAD TERRITORY, rel);
  write_text(top, text);
  snprintf(text, sizeof text, "%s: ok: scenario \"scratch\", 1 territories, 1000 agents, about 8 MB\n", top);
  expect_checked_ok(top, text);
  /* ... and from a sub-folder through an include there, climbing with ../ from that file's folder. */
  snprintf(text, sizeof text, "@include \"../%s\"\n", rel);
  write_text(e2e_path("inc/common-link.cfg"), text);
  snprintf(top, sizeof top, "%s", e2e_path("via-sub.cfg"));
  write_text(top, "@include \"inc/common-link.cfg\"\n" HEAD TERRITORY);
  snprintf(text, sizeof text, "%s: ok: scenario \"scratch\", 1 territories, 1000 agents, about 8 MB\n", top);
  expect_checked_ok(top, text);
  /* An absolute path. */
  snprintf(abs_common, sizeof abs_common, "%s", scenarios);
  snprintf(top, sizeof top, "%s", e2e_path("absolute.cfg"));
  snprintf(text, sizeof text, "@include \"%s\"\n" HEAD TERRITORY, abs_common);
  write_text(top, text);
  snprintf(text, sizeof text, "%s: ok: scenario \"scratch\", 1 territories, 1000 agents, about 8 MB\n", top);
  expect_checked_ok(top, text);
  reset_scratch();
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_base),      cmocka_unit_test(test_bad_files_run),
      cmocka_unit_test(test_bad_files_check), cmocka_unit_test(test_bad_command_lines),
      cmocka_unit_test(test_fifo_scenario),   cmocka_unit_test(test_piped_scenario),
      cmocka_unit_test(test_oversize_files),  cmocka_unit_test(test_includes_that_work),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
