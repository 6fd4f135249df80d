/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_install.c: an installation works on its own. The current build is installed into a scratch
 * prefix (cmake --install), the prefix is moved elsewhere (so only the relocatable search path can
 * find its scenarios, never the source tree), and the installed binary is run from /: shipped
 * scenarios by name, the search order, names that match nothing, the man page, the bash
 * completion, and the Spack and EasyBuild recipes against the tree (tests/check_recipes.py).
 *   test_install TZSIM SCRATCH BUILD_DIR CMAKE_COMMAND SOURCE_DIR INSTALLED_SCENARIOS_DIR */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "e2e_util.h"

static const char *build_dir, *cmake, *source_dir, *configured_dir;
static char prefix[4096]; /* the moved installation */

/* A shell command from a format (paths are quoted by the caller). */
static e2e_result sh(const char *fmt, ...) {
  char cmd[16384];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof cmd) fail_msg("command too long");
  return e2e_sh(cmd);
}

static void expect_status(e2e_result *r, int status, const char *what) {
  if (r->status != status)
    fail_msg("%s: exit %d (expected %d), stdout: %s, stderr: %s", what, r->status, status, r->out, r->err);
}

/* The installed tzsim, run from / without TZSIM_SCENARIOS; args is a shell fragment. */
static e2e_result installed(const char *env, const char *args) {
  return sh("cd / && env -u TZSIM_SCENARIOS %s '%s/bin/tzsim' %s", env, prefix, args);
}

static int setup(void **state) {
  (void)state;
  char installing[4200];
  snprintf(installing, sizeof installing, "%s", e2e_path("prefix"));
  snprintf(prefix, sizeof prefix, "%s", e2e_path("moved/tzsim"));
  e2e_result r = sh("'%s' --install '%s' --prefix '%s' > /dev/null && mkdir -p '%s' && mv '%s' '%s'", cmake, build_dir,
                    installing, e2e_path("moved"), installing, prefix);
  int ok = r.status == 0;
  if (!ok) fprintf(stderr, "cmake --install failed: %s\n", r.err);
  e2e_result_free(&r);
  return ok ? 0 : -1;
}

static const char *at(const char *rel) {
  static char buf[4][4200];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", prefix, rel);
  return buf[k];
}

static void test_tree(void **state) {
  (void)state;
  const char *files[] = {"bin/tzsim",
                         "share/tzsim/scenarios/pilots.cfg",
                         "share/tzsim/scenarios/common.cfg",
                         "share/tzsim/scenarios/extension-50.cfg",
                         "share/tzsim/scenarios/targets-2017-2023.csv",
                         "share/tzsim/data/README.md",
                         "share/tzsim/data/benefits.csv",
                         "share/doc/tzsim/README.md",
                         "share/doc/tzsim/LICENSE",
                         "share/doc/tzsim/docs/model.md",
                         "share/man/man1/tzsim.1",
                         "share/bash-completion/completions/tzsim"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++)
    if (!e2e_exists(at(files[i]))) fail_msg("%s is not installed", files[i]);
  struct stat st;
  assert_int_equal(stat(at("bin/tzsim"), &st), 0);
  assert_true(st.st_mode & S_IXUSR);
  char *license = e2e_slurp(at("share/doc/tzsim/LICENSE"), NULL);
  assert_non_null(license);
  assert_non_null(strstr(license, "GNU GENERAL PUBLIC LICENSE"));
  assert_non_null(strstr(license, "Version 3, 29 June 2007"));
  free(license);
}

/* --version lists the moved prefix, and neither the source tree nor the build tree. */
static void test_version_lists_the_installed_folder(void **state) {
  (void)state;
  e2e_result r = installed("", "--version");
  expect_status(&r, 0, "--version");
  char want[4400];
  snprintf(want, sizeof want, "scenarios by name (tzsim run NAME): TZSIM_SCENARIOS (not set), %s (installed)",
           at("share/tzsim/scenarios"));
  if (!strstr(r.out, want)) fail_msg("--version does not list the installed folder first: %s", r.out);
  char src[4200];
  snprintf(src, sizeof src, "%s/scenarios", source_dir);
  if (strstr(r.out, src) || strstr(r.out, "source tree"))
    fail_msg("the installed binary searches the source tree: %s", r.out);
  e2e_result_free(&r);
}

static void test_run_by_name_from_root(void **state) {
  (void)state;
  const char *out = e2e_path("out-pilots");
  char args[4400];
  snprintf(args, sizeof args, "run pilots -r 1 -o '%s' --quiet", out);
  e2e_result r = installed("", args);
  expect_status(&r, 0, "run pilots");
  e2e_result_free(&r);
  const char *files[] = {"monthly.csv", "summary.json", "summary.csv", "scenario.cfg", "run.json"};
  char path[4400];
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    snprintf(path, sizeof path, "%s/%s", out, files[i]);
    if (!e2e_exists(path)) fail_msg("run pilots wrote no %s", files[i]);
  }
  snprintf(path, sizeof path, "%s/run.json", out);
  char *manifest = e2e_slurp(path, NULL), want[4400];
  assert_non_null(manifest);
  snprintf(want, sizeof want, "\"scenario_file\": \"%s\"", at("share/tzsim/scenarios/pilots.cfg"));
  if (!strstr(manifest, want)) fail_msg("run.json does not name the installed pilots.cfg: %s", manifest);
  free(manifest);
  /* NAME.cfg is a name too, and an @include of the shipped folder works from there */
  r = installed("", "check extension-50.cfg");
  expect_status(&r, 0, "check extension-50.cfg");
  if (!strstr(r.out, at("share/tzsim/scenarios/extension-50.cfg: ok: scenario \"extension-50\"")))
    fail_msg("check extension-50.cfg: %s", r.out);
  e2e_result_free(&r);
}

/* The message of a name that matches nothing: where it looked, in order. */
static void expected_unfound(char *buf, size_t n, const char *name, const char *env_part) {
  char configured[4200] = "";
  if (strcmp(configured_dir, at("share/tzsim/scenarios")) != 0)
    snprintf(configured, sizeof configured, ", %s (installed)", configured_dir);
  snprintf(buf, n,
           "%s: cannot read the file (expected a scenario file, or the name of a scenario found as %s.cfg in: %s%s "
           "(installed)%s)\n",
           name, name, env_part, at("share/tzsim/scenarios"), configured);
}

static void test_unknown_name(void **state) {
  (void)state;
  const char *out = e2e_path("out-unknown");
  char args[4400], want[16384];
  snprintf(args, sizeof args, "run no-such-scenario -o '%s' --quiet", out);
  e2e_result r = installed("", args);
  expect_status(&r, 2, "run no-such-scenario");
  expected_unfound(want, sizeof want, "no-such-scenario", "TZSIM_SCENARIOS (not set), ");
  assert_string_equal(r.err, want);
  assert_string_equal(r.out, "");
  assert_false(e2e_exists(out));
  e2e_result_free(&r);
  /* every command that takes scenarios; a folder named in TZSIM_SCENARIOS is listed first */
  char env[4400], sweep_args[4400];
  snprintf(env, sizeof env, "TZSIM_SCENARIOS='%s'", e2e_path("nowhere"));
  snprintf(sweep_args, sizeof sweep_args, "sweep nothing-here -o '%s'", out);
  r = installed(env, sweep_args);
  expect_status(&r, 2, "sweep nothing-here");
  char env_part[4400];
  snprintf(env_part, sizeof env_part, "%s (TZSIM_SCENARIOS), ", e2e_path("nowhere"));
  expected_unfound(want, sizeof want, "nothing-here", env_part);
  assert_string_equal(r.err, want);
  assert_false(e2e_exists(out));
  e2e_result_free(&r);
  /* a path is never looked up: the loader's own message, as before */
  r = installed("", "check ./extension-50");
  expect_status(&r, 2, "check ./extension-50");
  assert_string_equal(r.err, "./extension-50: cannot read the file (expected a readable libconfig scenario file)\n");
  e2e_result_free(&r);
}

/* TZSIM_SCENARIOS comes first, a file of that name in the current folder before any lookup. */
static void test_search_order(void **state) {
  (void)state;
  const char *mine = e2e_path("mine");
  e2e_result r =
      sh("mkdir -p '%s' && printf 'name = \"broken\"\\nx = ;\\n' > '%s/pilots.cfg' && printf 'x = ;\\n' > '%s/pilots'",
         mine, mine, mine);
  expect_status(&r, 0, "writing the scenarios");
  e2e_result_free(&r);
  char env[4400], want[4400];
  snprintf(env, sizeof env, "TZSIM_SCENARIOS='%s'", mine);
  r = installed(env, "check pilots");
  expect_status(&r, 2, "check pilots with TZSIM_SCENARIOS");
  snprintf(want, sizeof want, "%s/pilots.cfg:2: syntax error (expected libconfig syntax: key = value;)\n", mine);
  assert_string_equal(r.err, want);
  e2e_result_free(&r);
  /* a name TZSIM_SCENARIOS lacks falls through to the installed folder */
  r = installed(env, "check extension-actual");
  expect_status(&r, 0, "check extension-actual with TZSIM_SCENARIOS");
  e2e_result_free(&r);
  /* ./pilots exists: it is the file meant, as before */
  r = sh("cd '%s' && env -u TZSIM_SCENARIOS '%s/bin/tzsim' check pilots", mine, prefix);
  expect_status(&r, 2, "check pilots beside a file named pilots");
  assert_string_equal(r.err, "pilots:1: syntax error (expected libconfig syntax: key = value;)\n");
  e2e_result_free(&r);
}

/* Environment and names no folder can hold: one line, exit 2 or a fall-through, never a crash. */
static void test_hostile_names(void **state) {
  (void)state;
  static char longdir[6000], env[6100], args[6100];
  memset(longdir, 'd', 5000);
  longdir[0] = '/';
  longdir[5000] = '\0';
  snprintf(env, sizeof env, "TZSIM_SCENARIOS='%s'", longdir);
  e2e_result r = installed(env, "check pilots");
  expect_status(&r, 0, "a TZSIM_SCENARIOS too long to be a folder");
  e2e_result_free(&r);
  r = installed(env, "check missing");
  expect_status(&r, 2, "missing, with a TZSIM_SCENARIOS too long");
  char want[16384];
  expected_unfound(want, sizeof want, "missing", "TZSIM_SCENARIOS (too long for a folder: not searched), ");
  assert_string_equal(r.err, want);
  if (strchr(r.err, '\n') != r.err + strlen(r.err) - 1) fail_msg("not one line: %s", r.err);
  e2e_result_free(&r);
  /* a newline in the folder's name: still one line */
  r = installed("TZSIM_SCENARIOS=\"$(printf 'a\\nb')\"", "check missing");
  expect_status(&r, 2, "a newline in TZSIM_SCENARIOS");
  if (!strstr(r.err, "a?b (TZSIM_SCENARIOS)") || strchr(r.err, '\n') != r.err + strlen(r.err) - 1)
    fail_msg("the folder is not shown on one line: %s", r.err);
  e2e_result_free(&r);
  /* a name longer than a file name can be */
  memset(longdir, 'n', 5000);
  snprintf(args, sizeof args, "check %s", longdir);
  r = installed("", args);
  expect_status(&r, 2, "a 5000-character name");
  if (strchr(r.err, '\n') != r.err + strlen(r.err) - 1) fail_msg("not one line: %.300s", r.err);
  e2e_result_free(&r);
  /* an empty TZSIM_SCENARIOS is not set */
  r = installed("TZSIM_SCENARIOS=", "check pilots");
  expect_status(&r, 0, "an empty TZSIM_SCENARIOS");
  e2e_result_free(&r);
}

static void test_man_page(void **state) {
  (void)state;
  e2e_result r = sh("if command -v man > /dev/null; then MANPAGER=cat MANWIDTH=100 man -l '%s' 2>&1; "
                    "else groff -man -Tutf8 '%s' 2>&1; fi",
                    at("share/man/man1/tzsim.1"), at("share/man/man1/tzsim.1"));
  expect_status(&r, 0, "man -l tzsim.1");
  /* as a reader sees it: man's justification spaces and Unicode hyphens made plain */
  size_t k = 0;
  for (size_t i = 0; r.out[i]; i++) {
    if (!strncmp(r.out + i, "\xe2\x80\x90", 3)) {
      r.out[k++] = '-';
      i += 2;
    } else if (!(r.out[i] == ' ' && k > 0 && r.out[k - 1] == ' '))
      r.out[k++] = r.out[i];
  }
  r.out[k] = '\0';
  const char *want[] = {"NAME",
                        "tzsim - agent-based simulator",
                        "COMMANDS",
                        "tzsim run [SCENARIO]",
                        "tzsim compare",
                        "tzsim sweep SCENARIO",
                        "tzsim calibrate SCENARIO",
                        "tzsim plot DIR",
                        "tzsim check SCENARIO",
                        "tzsim params",
                        "OPTIONS",
                        "--precision F=REL",
                        "EXIT STATUS",
                        "130 interrupted",
                        "TZSIM_SCENARIOS"};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (!strstr(r.out, want[i])) fail_msg("the man page lacks \"%s\":\n%s", want[i], r.out);
  e2e_result_free(&r);
  r = sh("groff -man -ww -z '%s' 2>&1", at("share/man/man1/tzsim.1"));
  expect_status(&r, 0, "groff -ww");
  assert_string_equal(r.out, "");
  e2e_result_free(&r);
}

/* Complete the words (the last is the one being typed) with the installed completion. */
static e2e_result complete(const char *words) {
  return sh("cd / && env -u TZSIM_SCENARIOS bash -c 'source \"%s\" && COMP_WORDS=(%s) && "
            "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _tzsim && printf \"%%s\\n\" \"${COMPREPLY[@]}\" | sort'",
            at("share/bash-completion/completions/tzsim"), words);
}

static void test_completion(void **state) {
  (void)state;
  e2e_result r = sh("bash -n '%s'", at("share/bash-completion/completions/tzsim"));
  expect_status(&r, 0, "bash -n");
  e2e_result_free(&r);
  r = complete("tzsim r");
  expect_status(&r, 0, "tzsim r");
  assert_string_equal(r.out, "run\n");
  e2e_result_free(&r);
  r = complete("tzsim c");
  assert_string_equal(r.out, "calibrate\ncheck\ncompare\n");
  e2e_result_free(&r);
  r = complete("tzsim run --pl");
  assert_string_equal(r.out, "--plot\n");
  e2e_result_free(&r);
  r = complete("tzsim check --pl"); /* check takes no --plot */
  assert_string_equal(r.out, "\n");
  e2e_result_free(&r);
  /* the shipped scenarios, from the folders the binary itself lists (not common.cfg) */
  char words[4400];
  snprintf(words, sizeof words, "\"%s\" run ext", at("bin/tzsim"));
  r = complete(words);
  assert_string_equal(r.out, "extension-50\nextension-actual\n");
  e2e_result_free(&r);
  snprintf(words, sizeof words, "\"%s\" compare pilots co", at("bin/tzsim"));
  r = complete(words);
  assert_string_equal(r.out, "\n");
  e2e_result_free(&r);
}

static void test_recipes(void **state) {
  (void)state;
  e2e_result r = sh("cd '%s' && python3 tests/check_recipes.py '%s' CMakeLists.txt contrib/spack/package.py "
                    "contrib/easybuild/*.eb",
                    source_dir, prefix);
  expect_status(&r, 0, "tests/check_recipes.py");
  assert_non_null(strstr(r.out, "check_recipes: 0 problem(s)"));
  e2e_result_free(&r);
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: %s TZSIM SCRATCH BUILD_DIR CMAKE_COMMAND SOURCE_DIR INSTALLED_SCENARIOS_DIR\n", argv[0]);
    return 2;
  }
  e2e_init(argc, argv);
  build_dir = argv[3];
  cmake = argv[4];
  source_dir = argv[5];
  configured_dir = argv[6];
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tree),
      cmocka_unit_test(test_version_lists_the_installed_folder),
      cmocka_unit_test(test_run_by_name_from_root),
      cmocka_unit_test(test_unknown_name),
      cmocka_unit_test(test_search_order),
      cmocka_unit_test(test_hostile_names),
      cmocka_unit_test(test_man_page),
      cmocka_unit_test(test_completion),
      cmocka_unit_test(test_recipes),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
