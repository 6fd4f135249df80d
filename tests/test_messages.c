/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_messages.c: hostile text in messages, CSV cells, resources and command-line details.
 * Unit tests of the escaping of messages (sim/errs.c), of the formula neutralisation of CSV cells
 * and of strict UTF-8 (sim/output.c), of the targets reader (sim/calib.c); and end-to-end tests of
 * the tzsim binary: each hostile case gives its exact message (or its key part), its exit status,
 * and writes nothing it should not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "e2e_util.h"
#include "sim/calib.h"
#include "sim/errs.h"
#include "sim/output.h"
#include "sim/threads.h"

/* ---- helpers ---- */

static void write_file(const char *path, const char *text, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

static void write_text(const char *path, const char *text) { write_file(path, text, strlen(text)); }

static const char *escaped(const char *text) {
  static char buf[4096];
  return sim_escape_text(text, buf, sizeof buf);
}

static void expect_status(const e2e_result *r, int status) {
  if (r->status != status) fail_msg("exit %d (expected %d), stderr: %s", r->status, status, r->err);
}

/* stderr holds this text (one line of it, or its key part). */
static void expect_err(const e2e_result *r, const char *part) {
  if (!strstr(r->err, part)) fail_msg("stderr lacks [%s]; it is [%s]", part, r->err);
}

/* Every byte of stderr is printable ASCII, a newline or part of valid UTF-8: nothing for a terminal
 * to act on. */
static void expect_clean_err(const e2e_result *r) {
  const unsigned char *p = (const unsigned char *)r->err;
  while (*p) {
    int n = sim_utf8_valid_len(p);
    if (n == 0 || (n == 1 && *p != '\n' && (*p < 0x20 || *p == 0x7F)))
      fail_msg("stderr holds the raw byte 0x%02x: [%s]", *p, r->err);
    p += n;
  }
}

/* A fresh empty folder in the scratch folder, for one test's files. */
static const char *fresh(const char *name) {
  static char dir[4200]; /* its own: e2e_path's buffers rotate */
  snprintf(dir, sizeof dir, "%s", e2e_path(name));
  char cmd[8600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
  assert_int_equal(system(cmd), 0);
  return dir;
}

static char *cat_path(char *buf, size_t n, const char *dir, const char *name) {
  snprintf(buf, n, "%s/%s", dir, name);
  return buf;
}

#define TERRITORY(name)                                                                                                \
  "{ name = \"" name "\"; population = 2000; ppde_start = 100; unemployed_start = 100; program_start = \"2017-01\"; }"

/* ---- unit: escaping ---- */

static void test_escape_controls(void **state) {
  (void)state;
  assert_string_equal(escaped("a\x1b[31mb\x07"), "a\\x1b[31mb\\x07");
  assert_string_equal(escaped("tab\tnl\ncr\rdel\x7f"), "tab\\x09nl\\x0acr\\x0ddel\\x7f");
  assert_string_equal(escaped("plain text, (expected ...)"), "plain text, (expected ...)");
  /* Kept: backslashes, so escaping twice changes nothing. */
  assert_string_equal(escaped("C:\\dir \\x1b"), "C:\\dir \\x1b");
  assert_string_equal(escaped(escaped("\x1b\xff\xc2\x9b")), "\\x1b\\xff\\u009b");
}

static void test_escape_invalid_utf8(void **state) {
  (void)state;
  assert_string_equal(escaped("Maul\xc3\xa9on \xe2\x82\xac \xf0\x9f\x98\x80"),
                      "Maul\xc3\xa9on \xe2\x82\xac \xf0\x9f\x98\x80");
  assert_string_equal(escaped("over\xc0\xaflong"), "over\\xc0\\xaflong");            /* overlong '/' */
  assert_string_equal(escaped("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");                   /* overlong, 3 bytes */
  assert_string_equal(escaped("sur\xed\xa0\x80rogate"), "sur\\xed\\xa0\\x80rogate"); /* U+D800 */
  assert_string_equal(escaped("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");          /* beyond U+10FFFF */
  assert_string_equal(escaped("cut\xe2\x82"), "cut\\xe2\\x82");                      /* truncated */
  assert_string_equal(escaped("\x80lone\xff\xfe"), "\\x80lone\\xff\\xfe");
  assert_int_equal(sim_utf8_len((const unsigned char *)"\xed\x9f\xbf"), 3); /* U+D7FF, just below */
  assert_int_equal(sim_utf8_len((const unsigned char *)"\xed\xa0\x80"), 0);
  assert_int_equal(sim_utf8_len((const unsigned char *)"\xf4\x8f\xbf\xbf"), 4); /* U+10FFFF */
}

static void test_escape_c1_and_bidi(void **state) {
  (void)state;
  assert_string_equal(escaped("a\xc2\x9b"
                              "31mb"),
                      "a\\u009b31mb");                          /* CSI */
  assert_string_equal(escaped("x\xe2\x80\xaey"), "x\\u202ey");  /* right-to-left override */
  assert_string_equal(escaped("\xe2\x81\xa6z"), "\\u2066z");    /* left-to-right isolate */
  assert_string_equal(escaped("\xc2\xa0nbsp"), "\xc2\xa0nbsp"); /* U+00A0 is text */
}

static void test_escape_buffer_and_clip(void **state) {
  (void)state;
  char small[6];
  /* Never half an escape: "ab\x1b" needs 6 bytes, 2 + 4 would not leave the NUL. */
  assert_string_equal(sim_escape_text("ab\x1b"
                                      "c",
                                      small, sizeof small),
                      "ab");
  assert_int_equal(sim_escape_len("ab\x1b"
                                  "c\xff"),
                   11);
  char buf[16];
  assert_string_equal(sim_errs_clip("short", buf, sizeof buf), "short");
  assert_string_equal(sim_errs_clip("0123456789abcdefghij", buf, sizeof buf), "0123456789ab...");
  /* Cut before a whole character: "é" is two bytes. */
  assert_string_equal(sim_errs_clip("0123456789a\xc3\xa9zzzzzz", buf, sizeof buf), "0123456789a...");
}

static void test_errs_messages_escaped_and_capped(void **state) {
  (void)state;
  sim_errs e;
  sim_errs_init(&e);
  sim_errs_add(&e, "f.cfg", 3, "name", "\"%s\" is wrong (expected %s)", "\x1b]0;pwned\x07", "a name");
  sim_errs_add_raw(&e, "raw \x1b[2J line\nbreak \xff");
  char *big = malloc(5001);
  assert_non_null(big);
  memset(big, 'v', 5000);
  big[5000] = '\0';
  sim_errs_add(&e, "command line", 0, "--vary", "'%s' has an empty value (expected KEY=V1,V2,...)", big);
  free(big);
  assert_int_equal(e.count, 3);
  assert_string_equal(e.msg[0], "f.cfg:3: name: \"\\x1b]0;pwned\\x07\" is wrong (expected a name)");
  assert_string_equal(e.msg[1], "raw \\x1b[2J line\\x0abreak \\xff");
  assert_true(strlen(e.msg[2]) <= SIM_ERRS_MAX_LEN + 3);
  assert_non_null(strstr(e.msg[2], "command line: --vary: 'vvv"));
  assert_non_null(strstr(e.msg[2], "vvv...vvv"));
  assert_non_null(strstr(e.msg[2], "' has an empty value (expected KEY=V1,V2,...)"));
  sim_errs_destroy(&e);
}

/* ---- unit: CSV cells ---- */

static char *csv_cell(const char *text) {
  static char out[512];
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  sim_csv_field(f, text);
  assert_int_equal(fclose(f), 0);
  snprintf(out, sizeof out, "%s", buf);
  free(buf);
  return out;
}

static void test_csv_formula_cells(void **state) {
  (void)state;
  assert_string_equal(csv_cell("=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
  assert_string_equal(csv_cell("+1"), "\"'+1\"");
  assert_string_equal(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  assert_string_equal(csv_cell("-2+3"), "\"'-2+3\"");
  assert_string_equal(csv_cell("\tx"), "\"'\tx\"");
  assert_string_equal(csv_cell("\rx"), "\"'\rx\"");
  assert_string_equal(csv_cell("=\"a\",b"), "\"'=\"\"a\"\",b\"");
  /* Not formulas: plain negative numbers, a lone dash, text with a dash inside. */
  assert_string_equal(csv_cell("-12.5"), "-12.5");
  assert_string_equal(csv_cell("-3"), "-3");
  assert_string_equal(csv_cell("-1.5e-3"), "-1.5e-3");
  assert_string_equal(csv_cell("-"), "-");
  assert_string_equal(csv_cell("Saint-Jean"), "Saint-Jean");
  assert_string_equal(csv_cell("a,b"), "\"a,b\"");
  assert_true(sim_csv_is_formula("-1e"));
  assert_true(sim_csv_is_formula("-.") && sim_csv_is_formula("--1"));
  assert_false(sim_csv_is_formula("") || sim_csv_is_formula("'=x"));
}

/* ---- unit: the targets reader ---- */

static const char *const groups[] = {"Jouques", "Maul\xc3\xa9on", "total"};
static const char *const arms[] = {"counterfactual", "program"};
static const char *const metrics[] = {"ebe", "queue"};

static sim_layout layout(void) {
  sim_layout l;
  memset(&l, 0, sizeof l);
  l.n_groups = 3;
  l.group_names = groups;
  l.total_group = 2;
  l.n_arms = 2;
  l.arm_names = arms;
  l.n_metrics = 2;
  l.metric_names = metrics;
  l.first_month = 2017 * 12;
  return l;
}

/* Read a targets file made of len bytes; returns the status, messages in e. */
static sim_status read_targets(const char *name, const char *bytes, size_t len, sim_target **t, int *n, sim_errs *e) {
  const char *path = e2e_path(name);
  write_file(path, bytes, len);
  sim_layout l = layout();
  sim_errs_init(e);
  return sim_targets_read(path, &l, 24, t, n, e);
}

static void test_targets_bom_and_crlf(void **state) {
  (void)state;
  static const char bom_crlf[] =
      "\xef\xbb\xbfterritory,date,variable,value\r\nJouques,2017-03,ebe,12\r\nMauleon,2017-04,queue,-12.5\r\n";
  sim_target *t = NULL;
  int n = 0;
  sim_errs e;
  assert_int_equal(read_targets("bom.csv", bom_crlf, sizeof bom_crlf - 1, &t, &n, &e), SIM_OK);
  assert_int_equal(e.count, 0);
  assert_int_equal(n, 2);
  assert_true(t[0].value == 12 && t[0].step == 2 && t[0].metric == 0);
  assert_true(t[1].value == -12.5 && t[1].group == 1 && t[1].metric == 1);
  free(t);
  sim_errs_destroy(&e);
  /* A BOM anywhere but at the start is not one: the second line's territory is refused. */
  static const char late[] = "territory,date,variable,value\n\xef\xbb\xbfJouques,2017-03,ebe,12\n";
  assert_int_equal(read_targets("late-bom.csv", late, sizeof late - 1, &t, &n, &e), SIM_EPARAM);
  assert_int_equal(e.count, 1);
  assert_non_null(strstr(e.msg[0], "late-bom.csv:2: territory: \"\xef\xbb\xbfJouques\" is not a territory"));
  sim_errs_destroy(&e);
}

static void test_targets_refusals(void **state) {
  (void)state;
  static const char nul[] = "territory,date,variable,value\nJou\0ques,2017-03,ebe,12\n";
  static const char dup[] =
      "territory,date,variable,value\nJouques,2017-03,ebe,12\ntotal,2017-03,ebe,1\nJouques,2017-03,ebe,13\n";
  char wide[1024] = "territory,date,variable,value";
  for (int i = 0; i < 70; i++) snprintf(wide + strlen(wide), sizeof wide - strlen(wide), ",c%d", i);
  strcat(wide, "\n");
  char longline[9100] = "territory,date,variable,value\nJouques,2017-03,ebe,";
  memset(longline + strlen(longline), '9', 8500);
  longline[sizeof longline - 2] = '\n';
  longline[sizeof longline - 1] = '\0';
  struct {
    const char *name, *bytes;
    size_t len;
    const char *msg;
  } cases[] = {
      {"nan.csv", "territory,date,variable,value\nJouques,2017-03,ebe,NaN\n", 0,
       ":2: value: \"NaN\" is not a finite number (expected a finite number; leave out a month with no observation)"},
      {"inf.csv", "territory,date,variable,value\nJouques,2017-03,ebe,-inf\n", 0,
       ":2: value: \"-inf\" is not a finite number"},
      {"huge.csv", "territory,date,variable,value\nJouques,2017-03,ebe,1e999\n", 0,
       ":2: value: \"1e999\" is not a finite number"},
      {"word.csv", "territory,date,variable,value\nJouques,2017-03,ebe,twelve\n", 0,
       ":2: value: \"twelve\" is not a number (expected a finite number)"},
      {"nul.csv", nul, sizeof nul - 1, ":2: contains a NUL byte (expected a text file: CSV in UTF-8)"},
      {"dup.csv", dup, 0,
       ":4: value: a second value for Jouques, ebe, arm program, 2017-03 (expected each target once; the first is on "
       "line 2)"},
      {"wide.csv", wide, 0,
       ":1: more than 64 fields (expected the columns territory, date, variable, value and at most 60 more)"},
      {"long.csv", longline, 0, ":2: line longer than 8190 bytes (expected shorter lines)"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    sim_target *t = NULL;
    int n = -1;
    sim_errs e;
    size_t len = cases[c].len ? cases[c].len : strlen(cases[c].bytes);
    assert_int_equal(read_targets(cases[c].name, cases[c].bytes, len, &t, &n, &e), SIM_EPARAM);
    assert_null(t);
    assert_int_equal(n, 0);
    if (e.count != 1) fail_msg("%s: %zu messages, the first [%s]", cases[c].name, e.count, e.count ? e.msg[0] : "");
    char want[600];
    snprintf(want, sizeof want, "%s%s", e2e_path(cases[c].name), cases[c].msg);
    if (strncmp(e.msg[0], want, strlen(want)) != 0) fail_msg("got [%s], expected [%s]", e.msg[0], want);
    sim_errs_destroy(&e);
  }
}

/* ---- end to end: messages ---- */

/* ESC and BEL: a name holding them is refused at load; in another text value they reach the message
 * escaped; nothing is written. */
static void test_e2e_control_characters_in_name(void **state) {
  (void)state;
  const char *dir = fresh("ctl");
  char cfg[4400];
  /* Names with control characters are refused at load; the message names the byte, not the text. */
  write_text(cat_path(cfg, sizeof cfg, dir, "ctl.cfg"),
             "name = \"ctl\"; start = \"2017-01\"; months = 12; seed = 3;\n"
             "territories = ( " TERRITORY("A\x1b[31mB\x07") ",\n  " TERRITORY("A\x1b[31mB\x07") " );\n");
  char cmd[4600];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run ctl.cfg -o out --quiet", dir, e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 2);
  expect_err(&r,
             "ctl.cfg:2: territories[1].name: byte 2 is a control character (expected valid UTF-8 text without control "
             "characters other than tab and newline)");
  expect_clean_err(&r);
  e2e_result_free(&r);
  /* Other text values are echoed in messages, escaped. */
  write_text(cfg, "name = \"ctl\"; start = \"2017-01\"; months = 12; seed = 3;\n"
                  "territories = ( { name = \"A\"; population = 1000; ppde_start = 50; unemployed_start = 60;"
                  " program_start = \"2017-01\"; ramp_shape = \"cu\x1b[31mbic\x07\"; } );\n");
  r = e2e_sh(cmd);
  expect_status(&r, 2);
  expect_err(&r, "ctl.cfg:2: territories[1].ramp_shape: \"cu\\x1b[31mbic\\x07\" is not a valid choice (expected one of "
                 "\"linear\", \"logistic\")");
  expect_clean_err(&r);
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), 1); /* ctl.cfg alone */
}

/* Invalid UTF-8 in a key name and in a value, given with --set: echoed as \xNN. */
static void test_e2e_invalid_utf8_in_key_and_value(void **state) {
  (void)state;
  const char *dir = fresh("utf8");
  char cmd[4600];
  snprintf(cmd, sizeof cmd,
           "cd '%s' && '%s' check \"$OLDPWD/../scenarios/pilots.cfg\" --set \"$(printf "
           "'labour.ex\\300\\257it_rate=0.1')\"",
           dir, e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 2);
  expect_err(&r, "labour.ex\\xc0\\xafit_rate");
  expect_clean_err(&r);
  e2e_result_free(&r);
  snprintf(cmd, sizeof cmd,
           "cd '%s' && '%s' check \"$OLDPWD/../scenarios/pilots.cfg\" --set \"$(printf 'months=\\355\\240\\200')\"",
           dir, e2e_tzsim);
  r = e2e_sh(cmd);
  expect_status(&r, 2);
  expect_err(&r, "months: cannot parse '\\xed\\xa0\\x80' (expected an integer in [1, 1200])");
  expect_clean_err(&r);
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), 0);
}

/* ---- end to end: CSV cells ---- */

static void test_e2e_formula_names_neutralised(void **state) {
  (void)state;
  const char *dir = fresh("formula");
  char cfg[4400];
  write_text(cat_path(cfg, sizeof cfg, dir, "f.cfg"),
             "name = \"f\"; start = \"2017-01\"; months = 12; seed = 3;\n"
             "territories = ( " TERRITORY("=cmd|' /C calc'!A0") ",\n " TERRITORY("+1") ",\n " TERRITORY(
                 "@SUM(A1)") ",\n " TERRITORY("-2+3") ",\n " TERRITORY("Saint-Jean") " );\n");
  char cmd[4600];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run f.cfg -r 2 -o out --quiet", dir, e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 0);
  e2e_result_free(&r);
  char path[4600];
  static const char *const files[] = {"out/monthly.csv", "out/summary.csv"};
  for (int k = 0; k < 2; k++) {
    char *csv = e2e_slurp(cat_path(path, sizeof path, dir, files[k]), NULL);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "\n\"'=cmd|' /C calc'!A0\","));
    assert_non_null(strstr(csv, "\n\"'+1\","));
    assert_non_null(strstr(csv, "\n\"'@SUM(A1)\","));
    assert_non_null(strstr(csv, "\n\"'-2+3\","));
    assert_non_null(strstr(csv, "\nSaint-Jean,"));
    /* No cell starts a line raw with a formula character; numbers stay numbers (some negative). */
    assert_null(strstr(csv, "\n="));
    assert_null(strstr(csv, "\n+"));
    assert_null(strstr(csv, "\n@"));
    assert_null(strstr(csv, "\n-"));
    assert_null(strstr(csv, ",'-"));
    if (k == 1) assert_non_null(strstr(csv, ",-"));
    free(csv);
  }
}

/* ---- end to end: resources ---- */

/* Threads that cannot be created (an impossible stack size): exit 5 and one line, not libgomp's exit 1. */
static void test_e2e_thread_creation_failure(void **state) {
  (void)state;
  const char *dir = fresh("threads");
  char cmd[4600];
  snprintf(cmd, sizeof cmd, "cd '%s' && OMP_STACKSIZE=200000G '%s' run -r 1 -t 4 -o out --quiet", dir, e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 5);
  expect_err(&r, "tzsim: cannot start the run's 4 threads: thread 2 failed with a stack of 214748364800000 bytes: ");
  expect_err(&r, "(expected fewer threads, -t N, a smaller OMP_STACKSIZE, or a higher memory or process limit)\n");
  assert_null(strstr(r.err, "libgomp"));
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), 0);
}

/* The same with a small address space (ulimit -v): 64 threads of 8 MB do not fit. AddressSanitizer
 * needs terabytes of address space, so the sanitizer build cannot run under ulimit -v. */
static void test_e2e_thread_creation_failure_ulimit(void **state) {
  (void)state;
#if defined(__SANITIZE_ADDRESS__)
  skip();
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  skip();
#endif
#endif
  const char *dir = fresh("ulimit-v");
  char cmd[4600];
  snprintf(cmd, sizeof cmd, "cd '%s' && ulimit -v 400000 && OMP_STACKSIZE=8M '%s' run -r 1 -t 64 -o out --quiet", dir,
           e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 5);
  expect_err(&r, "tzsim: cannot start the run's 64 threads: thread ");
  expect_err(&r, " failed with a stack of 8388608 bytes: ");
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), 0);
}

/* The exit guard: an exit() while armed (libgomp's answer to a thread it cannot create, exit 1) ends
 * with status 5 and tzsim's line; disarmed, an exit is left alone. Checked in a child process. */
static int exit_in_child(int arm, char *err, size_t n) {
  const char *path = e2e_path("guard.err");
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    if (!freopen(path, "w", stderr)) _exit(99);
    if (arm) sim_threads_guard_arm(7);
    sim_threads_guard_arm(3);
    sim_threads_guard_disarm();
    if (arm) sim_threads_guard_arm(7);
    exit(1); // NOLINT(concurrency-mt-unsafe): the child of this test, one thread
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  char *text = e2e_slurp(path, NULL);
  snprintf(err, n, "%s", text ? text : "");
  free(text);
  return WEXITSTATUS(status);
}

static void test_thread_exit_guard(void **state) {
  (void)state;
  char err[600];
  assert_int_equal(exit_in_child(1, err, sizeof err), 5);
  assert_string_equal(err, "tzsim: the OpenMP runtime could not start the run's 7 threads and stopped it; nothing was "
                           "written "
                           "(expected fewer threads, -t N, or a higher memory or process limit)\n");
  assert_int_equal(exit_in_child(0, err, sizeof err), 1);
  assert_string_equal(err, "");
}

/* stdout on a full disk: the reason, exit 4, for every command that prints. */
static void test_e2e_stdout_full(void **state) {
  (void)state;
  static const char *const cmds[] = {"params", "--help", "--version", "check ../scenarios/pilots.cfg"};
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
    char cmd[4600];
    snprintf(cmd, sizeof cmd, "'%s' %s > /dev/full", e2e_tzsim, cmds[i]);
    e2e_result r = e2e_sh(cmd);
    if (r.status != 4) fail_msg("tzsim %s > /dev/full: exit %d, stderr [%s]", cmds[i], r.status, r.err);
    assert_string_equal(r.err, "tzsim: cannot write to standard output: No space left on device (expected a writable "
                               "output: room "
                               "on the disk, an open pipe)\n");
    e2e_result_free(&r);
  }
}

/* run --plot under a file-size limit that the results fit and the images do not: the write failure,
 * naming the image, exit 6 (the results are kept; see README); not "install gnuplot". */
static void test_e2e_plot_file_size_limit(void **state) {
  (void)state;
  /* prlimit gives the limit in bytes (the unit of the shell's ulimit -f differs between shells). */
  e2e_result probe = e2e_sh("command -v gnuplot && command -v prlimit");
  int have = probe.status == 0;
  e2e_result_free(&probe);
  if (!have) skip();
  const char *dir = fresh("fsize");
  char cfg[4400], cmd[4800], path[4600];
  write_text(cat_path(cfg, sizeof cfg, dir, "one.cfg"),
             "name = \"one\"; start = \"2017-01\"; months = 12; seed = 3;\nterritories = ( " TERRITORY(
                 "Jouques") " );\n");
  snprintf(cmd, sizeof cmd, "cd '%s' && prlimit --fsize=40960 '%s' run one.cfg -r 1 -o out --plot --quiet", dir,
           e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 6);
  expect_err(&r, "tzsim: cannot write out/plots/");
  expect_err(&r,
             ".png: File too large (it reached the file-size limit, ulimit -f, of 40960 bytes) (expected room on the "
             "disk and no lower file-size limit); data and scripts are in out/plots\n");
  assert_null(strstr(r.err, "install"));
  e2e_result_free(&r);
  /* The result is whole; the figures' folder has data and scripts, no image. */
  assert_true(e2e_exists(cat_path(path, sizeof path, dir, "out/summary.json")));
  assert_true(e2e_exists(cat_path(path, sizeof path, dir, "out/plots/README.txt")));
  snprintf(cmd, sizeof cmd, "ls '%s/out/plots' | grep -c -e '\\.png$' -e '\\.svg$'", dir);
  r = e2e_sh(cmd);
  assert_string_equal(r.out, "0\n");
  e2e_result_free(&r);
  assert_false(e2e_exists(cat_path(path, sizeof path, dir, "out/report.html")));
}

/* gnuplot really missing stays exit 6 with its message. */
static void test_e2e_plot_gnuplot_missing(void **state) {
  (void)state;
  const char *dir = fresh("nognuplot");
  char cfg[4400], cmd[4800];
  write_text(cat_path(cfg, sizeof cfg, dir, "one.cfg"),
             "name = \"one\"; start = \"2017-01\"; months = 12; seed = 3;\nterritories = ( " TERRITORY(
                 "Jouques") " );\n");
  snprintf(cmd, sizeof cmd, "cd '%s' && PATH=/nonexistent '%s' run one.cfg -r 1 -o out --plot --quiet", dir, e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 6);
  expect_err(&r, "tzsim: gnuplot not found: install it (Debian: apt-get install gnuplot-nox); data and scripts are in "
                 "out/plots\n");
  e2e_result_free(&r);
}

/* ---- end to end: --vary ---- */

static void test_e2e_vary_not_an_integer(void **state) {
  (void)state;
  const char *dir = fresh("vary");
  char cmd[4600];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' compare \"$OLDPWD/../scenarios/pilots.cfg\" --vary months=1,abc -o out",
           dir, e2e_tzsim);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 2);
  assert_string_equal(r.err,
                      "command line: --vary months: \"abc\" is not an integer (expected an integer in [1, 1200])\n");
  e2e_result_free(&r);
  snprintf(cmd, sizeof cmd,
           "cd '%s' && '%s' compare \"$OLDPWD/../scenarios/pilots.cfg\" --vary labour.exit_rate=0.001,0.5 -o out", dir,
           e2e_tzsim);
  r = e2e_sh(cmd);
  expect_status(&r, 2);
  assert_string_equal(r.err,
                      "command line: --vary labour.exit_rate: 0.5 is out of range (expected a number in [0, 0.05])\n");
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), 0);
}

/* A 5,000-character --vary list: the echoed list is cut, the reason is kept. */
static void test_e2e_vary_long_list_keeps_reason(void **state) {
  (void)state;
  const char *dir = fresh("vary-long");
  char *list = malloc(6000);
  assert_non_null(list);
  int k = snprintf(list, 6000, "months=");
  for (int v = 1; k < 5000; v++) k += snprintf(list + k, 6000 - (size_t)k, "%d,", v);
  list[k - 1] = '\0';
  const char *args[] = {"compare", "../scenarios/pilots.cfg", "--vary", list, "-o", e2e_path("vary-long/out"), NULL};
  e2e_result r = e2e_run(args);
  free(list);
  expect_status(&r, 2);
  expect_err(&r, "command line: --vary: 'months=1,2,3,4,5,");
  expect_err(&r, "...' has an empty value or more than 16 values (expected KEY=V1,V2,...)\n");
  assert_true(strlen(r.err) < 200);
  e2e_result_free(&r);
  /* One value over 255 bytes: refused, not silently cut. */
  char value[400] = "name=";
  memset(value + 5, 'n', 300);
  value[305] = '\0';
  const char *args2[] = {"compare", "../scenarios/pilots.cfg", "--vary", value, "-o", e2e_path("vary-long/out"), NULL};
  r = e2e_run(args2);
  expect_status(&r, 2);
  expect_err(&r, "command line: --vary name: value 'nnnn");
  expect_err(&r, "...' is longer than 255 bytes (expected shorter values)\n");
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), 0);
}

/* ---- end to end: targets CSV ---- */

static void calibrate_refuses(const char *name, const char *bytes, size_t len, const char *msg) {
  const char *dir = fresh("calib");
  char path[4600], cmd[4800];
  write_file(cat_path(path, sizeof path, dir, name), bytes, len);
  snprintf(cmd, sizeof cmd,
           "cd '%s' && '%s' calibrate \"$OLDPWD/../scenarios/calibrate-pilots.cfg\" --targets %s -o out", dir,
           e2e_tzsim, name);
  e2e_result r = e2e_sh(cmd);
  expect_status(&r, 2);
  char want[800];
  snprintf(want, sizeof want, "%s:%s\n", name, msg);
  assert_string_equal(r.err, want);
  expect_clean_err(&r);
  e2e_result_free(&r);
  assert_int_equal(e2e_count_entries(dir), 1); /* the targets file alone */
}

static void test_e2e_targets_nan(void **state) {
  (void)state;
  static const char t[] = "territory,date,variable,value\nJouques,2019-01,ebe,NaN\n";
  calibrate_refuses("nan.csv", t, sizeof t - 1,
                    "2: value: \"NaN\" is not a finite number (expected a finite number; leave out a month with no "
                    "observation)");
}

static void test_e2e_targets_nul(void **state) {
  (void)state;
  static const char t[] = "territory,date,variable,value\nJouques,2019-01,ebe,1\0\n";
  calibrate_refuses("nul.csv", t, sizeof t - 1, "2: contains a NUL byte (expected a text file: CSV in UTF-8)");
}

static void test_e2e_targets_duplicate(void **state) {
  (void)state;
  static const char t[] =
      "territory,date,variable,value\nJouques,2019-01,ebe,10\nMauleon,2019-01,ebe,3\nJouques,2019-01,ebe,11\n";
  calibrate_refuses("dup.csv", t, sizeof t - 1,
                    "4: value: a second value for Jouques, ebe, arm program, 2019-01 (expected each target once; the "
                    "first is on "
                    "line 2)");
}

static void test_e2e_targets_escaped(void **state) {
  (void)state;
  static const char t[] = "territory,date,variable,value\nJouques,\x1b]0;x\x07\xc0\xaf,ebe,1\n";
  calibrate_refuses("esc.csv", t, sizeof t - 1,
                    "2: date: \"\\x1b]0;x\\x07\\xc0\\xaf\" is not a valid date (expected YYYY-MM)");
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_escape_controls),
      cmocka_unit_test(test_escape_invalid_utf8),
      cmocka_unit_test(test_escape_c1_and_bidi),
      cmocka_unit_test(test_escape_buffer_and_clip),
      cmocka_unit_test(test_errs_messages_escaped_and_capped),
      cmocka_unit_test(test_csv_formula_cells),
      cmocka_unit_test(test_targets_bom_and_crlf),
      cmocka_unit_test(test_targets_refusals),
      cmocka_unit_test(test_e2e_control_characters_in_name),
      cmocka_unit_test(test_e2e_invalid_utf8_in_key_and_value),
      cmocka_unit_test(test_e2e_formula_names_neutralised),
      cmocka_unit_test(test_e2e_thread_creation_failure),
      cmocka_unit_test(test_e2e_thread_creation_failure_ulimit),
      cmocka_unit_test(test_thread_exit_guard),
      cmocka_unit_test(test_e2e_stdout_full),
      cmocka_unit_test(test_e2e_plot_file_size_limit),
      cmocka_unit_test(test_e2e_plot_gnuplot_missing),
      cmocka_unit_test(test_e2e_vary_not_an_integer),
      cmocka_unit_test(test_e2e_vary_long_list_keeps_reason),
      cmocka_unit_test(test_e2e_targets_nan),
      cmocka_unit_test(test_e2e_targets_nul),
      cmocka_unit_test(test_e2e_targets_duplicate),
      cmocka_unit_test(test_e2e_targets_escaped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
